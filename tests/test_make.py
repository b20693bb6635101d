"""The Makefile's promises beyond the tests themselves: every install goes through the lock of
versions CI passes with (constraints.txt), `make clean` leaves nothing generated behind, and
`make bench` leaves nothing in the temporary folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).parent.parent
MAKEFILE = ROOT / "Makefile"
CONSTRAINTS = ROOT / "constraints.txt"


def pinned() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in CONSTRAINTS.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            assert canonicalize_name(name) not in pins, f"{name} is pinned twice"
            pins[canonicalize_name(name)] = version
    return pins


def test_every_install_but_the_lock_itself_goes_through_the_constraints() -> None:
    installs = [line.strip() for line in MAKEFILE.read_text().splitlines() if "pip install" in line]
    locking = [line for line in installs if "$(LOCK_VENV)" in line]

    assert len(locking) == 1
    assert len(installs) > len(locking)
    for line in set(installs) - set(locking):
        assert "--constraint constraints.txt" in line, line


def test_the_constraints_pin_everything_pyproject_asks_for() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = list(project["dependencies"])
    for extra in ("dev", "postgres", "redis"):
        wanted += project["optional-dependencies"][extra]
    pins = pinned()

    for text in wanted:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in constraints.txt: run make lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {requirement.name}=={pins[name]}, outside {requirement}: "
            "run make lock"
        )


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_clean_leaves_no_cache_folder_behind(tmp_path: Path) -> None:
    shutil.copy(MAKEFILE, tmp_path / "Makefile")
    generated = [
        ".venv/bin/python",
        "var/wholechild.sqlite3",
        ".pytest_cache/README.md",
        ".ruff_cache/CACHEDIR.TAG",
        "wholechild/__pycache__/cli.cpython-311.pyc",
        "wholechild/care/__pycache__/audit.cpython-311.pyc",
        "tests/__pycache__/conftest.cpython-311-pytest-9.pyc",
        "bench/__pycache__/run.cpython-311.pyc",
    ]
    kept = ["wholechild/cli.py", "wholechild/care/audit.py", "tests/conftest.py"]
    for name in generated + kept:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")

    subprocess.run(["make", "--silent", "clean"], cwd=tmp_path, check=True, capture_output=True)

    left = sorted(str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*") if path.is_file())
    assert left == sorted(["Makefile", *kept])
    assert not list(tmp_path.rglob("__pycache__"))


def test_the_inbox_bench_leaves_nothing_in_the_temporary_folder(tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "WHOLECHILD_")) and name != "DATABASE_URL"
    }

    result = subprocess.run(
        [sys.executable, "bench/inbox.py"],
        cwd=ROOT,
        env={**environment, "TMPDIR": str(temporary)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert re.search(r"10000 requests", result.stdout)
    assert list(temporary.iterdir()) == []
