"""The engine is plain Python: importing and running it never brings in Django."""

import subprocess
import sys


def test_importing_and_running_the_engine_does_not_import_django_or_pydantic():
    code = (
        "import sys\n"
        "from wholechild.screening import screen\n"
        "screen({'age_months': 20})\n"
        "heavy = ('django', 'pydantic', 'dataclasses', 'tomllib')\n"
        "heavy = [m for m in heavy if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
