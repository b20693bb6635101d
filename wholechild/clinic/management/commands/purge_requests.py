"""Delete withdrawn and closed requests once the retention period has passed.

Run it daily (cron, a systemd timer or the platform's scheduler):

    wholechild manage purge_requests            # uses WHOLECHILD_RETENTION_DAYS (90)
    wholechild manage purge_requests --days 30 --dry-run

Each deletion is audited by reference; the request, its history, notes and plan go with it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from wholechild.care import actions
from wholechild.care.models import PURGEABLE, EvaluationRequest


def expired_requests(days: int) -> Any:
    cutoff = timezone.now() - timedelta(days=days)
    return EvaluationRequest.objects.filter(
        status__in=PURGEABLE, status_changed_at__lt=cutoff
    ).order_by("status_changed_at")


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
        expired = list(expired_requests(days).only("pk", "reference", "status"))
        if dry_run:
            self.stdout.write(f"{len(expired)} request(s) would be deleted.")
            return
        for evaluation in expired:
            # One transaction per request (in the action): a failure part-way keeps what was
            # already done.
            actions.do_purge(evaluation, days=days)
        self.stdout.write(f"{len(expired)} request(s) deleted.")
