"""`make bench`, the emails' part: the time from a request's commit to its email being handed
to the mail backend, with a real `wholechild worker` beside the sender.

A fresh SQLite database in a temporary folder (removed after), a worker in a subprocess, then
requests stored one at a time through the action the pages use. Each email's hand-off to the
backend is stamped by a tiny backend (below) that the worker loads. The worker looks for work
every second when idle, so the median is about half a second by design: nothing waits on it.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend

REQUESTS = 30
STAMPS = "WHOLECHILD_BENCH_EMAIL_STAMPS"


class StampingBackend(BaseEmailBackend):
    """Writes when each email reached it, by Message-ID, and sends nothing."""

    def send_messages(self, email_messages: Any) -> int:
        now = time.time()
        with open(os.environ[STAMPS], "a", encoding="utf-8") as stamps:
            for email in email_messages:
                stamps.write(json.dumps([email.extra_headers["Message-ID"], now]) + "\n")
        return len(email_messages)


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="wholechild-bench-emails-"))
    try:
        return measure(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(folder: Path) -> int:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WHOLECHILD_"))},
        "WHOLECHILD_DATA_DIR": str(folder),
        "DJANGO_EMAIL_BACKEND": "bench.emails.StampingBackend",
        "WHOLECHILD_NOTIFY_EMAILS": "clinic@example.org",
        STAMPS: str(folder / "stamps.jsonl"),
        "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent.parent), *sys.path]),
    }
    env.pop("DATABASE_URL", None)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "wholechild.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from wholechild.care import actions
    from wholechild.care.models import Message

    call_command("migrate", verbosity=0)
    worker = subprocess.Popen(
        [sys.executable, "-m", "wholechild", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    committed: dict[str, float] = {}
    try:
        time.sleep(2)  # let the worker start
        for number in range(REQUESTS):
            sent = actions.do_submit_request(
                details={
                    "parent_name": f"Bench Parent {number}",
                    "email": "",
                    "phone": "555 0100",
                    "child_first_name": "Robin",
                    "child_birth_date": "2019-05-02",
                    "preferred_language": "English",
                    "best_time_to_call": "",
                },
                screening={"age_months": 84, "concerns": ["hand-skills"]},
                submission_key=f"bench-{number}",
            )
            at = time.time()  # the action has returned: its transaction is committed
            for message in Message.objects.filter(request=sent.request):
                committed[f"<wholechild-message-{message.pk}@127.0.0.1>"] = at
            time.sleep(0.2)
        deadline = time.monotonic() + 60
        stamps_file = folder / "stamps.jsonl"
        while time.monotonic() < deadline:
            lines = stamps_file.read_text().splitlines() if stamps_file.exists() else []
            if len(lines) >= len(committed):
                break
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    handed = dict(json.loads(line) for line in stamps_file.read_text().splitlines())
    waits = sorted(handed[key] - at for key, at in committed.items() if key in handed)
    missing = len(committed) - len(waits)
    median = statistics.median(waits)
    p95 = waits[max(0, round(0.95 * len(waits)) - 1)]
    print(
        f"emails: commit to mail backend over {len(waits)} emails: median {median * 1000:.0f} ms,"
        f" p95 {p95 * 1000:.0f} ms, slowest {waits[-1] * 1000:.0f} ms"
        f" (the worker polls every 1 s when idle); {missing} not delivered"
    )
    return 0 if missing == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
