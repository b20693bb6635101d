"""Delete withdrawn and closed requests once the retention period has passed.

Run it daily (cron, a systemd timer or the platform's scheduler):

    wholechild manage purge_requests            # uses WHOLECHILD_RETENTION_DAYS (90)
    wholechild manage purge_requests --days 30 --dry-run

Each deletion is audited by reference; the request, its history, notes and plan go with it.
They go a few hundred at a time, each batch one transaction (`actions.do_purge_expired`): a
clinic network's first run may find a million, and one at a time took eight queries each.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from wholechild.care import actions
from wholechild.care.models import PURGEABLE, EvaluationRequest

# Requests deleted in one transaction: few enough that a batch holds its locks briefly, many
# enough that the queries per batch (a dozen, whatever its size) cost little per request.
BATCH = 500


def expired_requests(before: datetime) -> Any:
    return EvaluationRequest.objects.filter(
        status__in=PURGEABLE, status_changed_at__lt=before
    ).order_by("status_changed_at", "pk")


class Command(BaseCommand):
    help = "Delete withdrawn and closed requests older than the retention period, and audit it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=settings.RETENTION_DAYS,
            help="delete requests withdrawn or closed more than this many days ago "
            "(default: WHOLECHILD_RETENTION_DAYS, %(default)s)",
        )
        parser.add_argument("--dry-run", action="store_true", help="say how many, delete nothing")

    def handle(self, *args: Any, days: int, dry_run: bool, **options: Any) -> None:
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        before = timezone.now() - timedelta(days=days)
        if dry_run:
            count = expired_requests(before).count()
            self.stdout.write(f"{count} request(s) would be deleted.")
            return
        deleted = 0
        while batch := list(expired_requests(before).values_list("pk", flat=True)[:BATCH]):
            # One transaction per batch (in the action): a failure part-way keeps what was
            # already done. What a batch deletes is gone from the next look.
            done = actions.do_purge_expired(batch, days=days, before=before)
            deleted += done
            if not done:  # all of them changed in the meantime (reopened): nothing left to do
                break
        self.stdout.write(f"{deleted} request(s) deleted.")
