"""A consistent copy of the database while the app serves, and putting one back.

The database is the clinic's record: every request with its history, plans, emails and the
audit log. `wholechild backup FILE` copies it as it was at one instant, without stopping the
app; `wholechild restore FILE` puts such a copy back (the command asks first).

- SQLite: the online backup API (`sqlite3.Connection.backup`) copies every page in one step
  under one read transaction, so the copy is the database at one instant, whatever the app
  writes meanwhile (WAL lets its writes go on). The copy is then checked (`PRAGMA quick_check`).
- PostgreSQL: `pg_dump --format=custom`, which reads everything in one transaction snapshot;
  `pg_restore --clean --single-transaction` puts it back, all or nothing. Both come with
  PostgreSQL's client programs, of the server's major version or newer.

A backup is written beside FILE under a hidden name and renamed into place when complete, so a
copy cut short never looks like a backup, and only its owner may read it (it holds every
family's details). No backup goes from one kind of database to the other.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from django.conf import settings

Engine = Literal["sqlite", "postgresql"]
ENGINE_NAMES: dict[Engine, str] = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
# libpq reads these from the environment: the password never appears on a command line.
PG_SETTINGS = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
PG_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


class BackupError(Exception):
    """Why a backup or a restore was not done, in a sentence for whoever runs the command."""


@dataclass(frozen=True)
class Backup:
    """A file `back_up` wrote, checked, and of the kind of database that is configured."""

    path: Path
    engine: Engine


def _database() -> dict[str, Any]:
    return dict(settings.DATABASES["default"])


def engine() -> Engine:
    name = str(_database()["ENGINE"])
    if name == "django.db.backends.sqlite3":
        return "sqlite"
    if name == "django.db.backends.postgresql":
        return "postgresql"
    raise BackupError(f"Backing up {name} is not supported: only SQLite and PostgreSQL are.")


def describe_database() -> str:
    """The configured database, as the commands name it (never with its password)."""
    database = _database()
    if engine() == "sqlite":
        return f"the SQLite database {database['NAME']}"
    where = database.get("HOST") or "localhost"
    if database.get("PORT"):
        where = f"{where}:{database['PORT']}"
    return f"the PostgreSQL database {database['NAME']} on {where}"


# --- Backing up --------------------------------------------------------------------------------


def back_up(target: Path) -> int:
    """Write a consistent copy of the database to `target` (replacing what was there only once
    the copy is complete) and return its size in bytes."""
    target = target.expanduser().absolute()
    if target.is_dir():
        raise BackupError(f"{target} is a folder: name the file to write.")
    if not target.parent.is_dir():
        raise BackupError(f"There is no folder {target.parent} to write the backup in.")
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as error:
        raise BackupError(f"Cannot write in {target.parent}: {error.strerror}.") from None
    try:
        if engine() == "sqlite":
            _sqlite_back_up(partial)
        else:
            _run("pg_dump", "--format=custom", "--no-password", f"--file={partial}")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target.stat().st_size


def _sqlite_back_up(partial: Path) -> None:
    source_path = Path(_database()["NAME"])
    if not source_path.is_file():
        raise BackupError(f"There is no database at {source_path} yet: nothing to back up.")
    try:
        with (
            closing(sqlite3.connect(source_path, timeout=20)) as source,
            closing(sqlite3.connect(partial)) as copy,
        ):
            # pages=-1 (the default): all of it in one step, so one read transaction.
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one file, with no -wal beside it
            _check_sqlite(copy, partial)
    except sqlite3.Error as error:
        raise BackupError(f"The backup of {source_path} failed: {error}.") from None


def _check_sqlite(database: sqlite3.Connection, path: Path) -> None:
    (verdict,) = database.execute("PRAGMA quick_check").fetchone()
    if verdict != "ok":
        raise BackupError(f"{path} is damaged: SQLite's check says {verdict!r}.")
    migrations = database.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
    ).fetchone()
    if migrations != (1,):
        raise BackupError(f"{path} is a SQLite database, but not WholeChild's.")


# --- Restoring ---------------------------------------------------------------------------------


def open_backup(path: Path) -> Backup:
    """The backup in `path`, once it is known to be one that can be restored here."""
    path = path.expanduser().absolute()
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as error:
        raise BackupError(f"Cannot read {path}: {error.strerror}.") from None
    kind: Engine
    if header.startswith(SQLITE_HEADER):
        kind = "sqlite"
    elif header.startswith(PG_DUMP_HEADER):
        kind = "postgresql"
    else:
        raise BackupError(f"{path} is not a backup made by `wholechild backup`.")
    configured = engine()
    if kind != configured:
        raise BackupError(
            f"{path} is a {ENGINE_NAMES[kind]} backup, but the database configured is "
            f"{ENGINE_NAMES[configured]}: restore it into the kind of database it came from."
        )
    if kind == "sqlite":
        try:
            with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as backup:
                _check_sqlite(backup, path)
        except sqlite3.Error as error:
            raise BackupError(f"{path} cannot be read as a SQLite database: {error}.") from None
    return Backup(path, kind)


def restore(backup: Backup) -> None:
    """Replace everything in the configured database with the backup. The app should be
    stopped: requests it stored meanwhile would be lost."""
    if backup.engine == "sqlite":
        _sqlite_restore(backup.path)
    else:
        _run(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={_database()['NAME']}",
            str(backup.path),
        )


def _sqlite_restore(path: Path) -> None:
    target = Path(_database()["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with (
            closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as source,
            closing(sqlite3.connect(target, timeout=20)) as database,
        ):
            # Out of WAL, so the copy may bring its own page size; the app turns WAL back on
            # as it connects.
            database.execute("PRAGMA journal_mode=DELETE")
            source.backup(database)
    except sqlite3.Error as error:
        raise BackupError(f"Restoring into {target} failed: {error}.") from None


# --- PostgreSQL's programs ---------------------------------------------------------------------


def _pg_environment() -> dict[str, str]:
    database = _database()
    environment = dict(os.environ, PGDATABASE=str(database["NAME"]))
    for key, variable in PG_SETTINGS.items():
        if database.get(key):
            environment[variable] = str(database[key])
    options = database.get("OPTIONS", {})
    for option, variable in PG_OPTIONS.items():
        if option in options:
            environment[variable] = str(options[option])
    return environment


def _run(program: str, *arguments: str) -> None:
    found = shutil.which(program)
    if found is None:
        raise BackupError(
            f"{program} was not found. Install PostgreSQL's client programs, of the server's "
            "major version or newer (on Debian or Ubuntu: apt install postgresql-client)."
        )
    result = subprocess.run(  # noqa: S603 - our own arguments, no shell
        [found, *arguments], env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        said = " ".join(result.stderr.split()) or f"exit status {result.returncode}"
        raise BackupError(f"{program} failed: {said}")
