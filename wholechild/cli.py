"""The `wholechild` command: screen a request, serve the app, or run Django's management commands.

`wholechild screen` is what other programs call, often once per child in a loop, so it has to
start about as fast as Python itself. This module imports almost nothing at the top, and each
subcommand imports what it needs when it runs: `screen` loads the engine and never Django,
pydantic, typing or pathlib, and its usual forms are read without argparse (see main).
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable, Sequence

    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment


EXIT_BAD_INPUT = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["manage"]:
        # Everything after `manage` belongs to Django, --help and --version included.
        return manage(args[1:])
    if args[:1] == ["screen"] and (plain := _plain_screen_args(args[1:])) is not None:
        # Building argparse's parser (its help formatter, gettext, locale, shutil) costs
        # about as much as screening itself; `screen [FILE] [--text] [--language L]` needs
        # none of it.
        file, text, language = plain
        return screen_file(file, text=text, language=language)
    options = _parser().parse_args(args)
    status: int = options.run(options)
    return status


def _plain_screen_args(args: list[str]) -> tuple[str, bool, str] | None:
    """FILE, --text and --language from `screen`'s arguments, or None for argparse to deal
    with (help, a mistake, anything else)."""
    language = "en"
    rest = []
    given = iter(args)
    for arg in given:
        if arg == "--language":
            value = next(given, None)
            if value is None:
                return None
            language = value
        elif arg.startswith("--language="):
            language = arg.removeprefix("--language=")
        else:
            rest.append(arg)
    files = [arg for arg in rest if arg != "--text"]
    if len(files) > 1 or any(arg.startswith("-") and arg != "-" for arg in files):
        return None
    return (files[0] if files else "-"), len(files) < len(rest), language


def _parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="wholechild",
        description="Does this child need physical therapy, occupational therapy, or both?",
    )
    commands = parser.add_subparsers(title="commands", required=True)

    screen_parser = commands.add_parser(
        "screen",
        help="screen one request (JSON) and print the answer",
        description=(
            "Read a screening request as JSON from FILE or standard input and print the answer "
            "as JSON. Exits with 2 and says why on standard error when the request is not valid."
        ),
    )
    screen_parser.add_argument(
        "file", nargs="?", default="-", metavar="FILE", help="the request (default: stdin)"
    )
    screen_parser.add_argument("--text", action="store_true", help="print the answer for a person")
    screen_parser.add_argument(
        "--language",
        default="en",
        metavar="LANGUAGE",
        help="the language of the answer's words: en (default) or es; ids, levels and every "
        "other field are the same in each",
    )
    screen_parser.set_defaults(
        run=lambda options: screen_file(options.file, text=options.text, language=options.language)
    )

    serve_parser = commands.add_parser(
        "serve",
        help="prepare the database and serve the app",
        description="Apply database migrations, then serve the app with waitress.",
    )
    serve_parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (127.0.0.1)"
    )
    serve_parser.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    serve_parser.add_argument(
        "--trusted-proxy",
        default=os.environ.get("WHOLECHILD_TRUSTED_PROXY") or None,
        metavar="ADDRESS",
        help="address of the reverse proxy whose X-Forwarded-Proto/-For headers to believe "
        "(default: $WHOLECHILD_TRUSTED_PROXY; '*' for any)",
    )
    serve_parser.add_argument(
        "--workers",
        type=_at_least_one,
        metavar="N",
        help="server processes, each with its own threads; more than one needs REDIS_URL "
        "(default: $WHOLECHILD_WORKERS, or one per core in production and one locally)",
    )
    serve_parser.add_argument(
        "--threads", type=int, default=4, help="worker threads in each process (4)"
    )
    serve_parser.add_argument(
        "--connection-limit",
        type=_at_least_one,
        metavar="N",
        help="most connections held open at once, slow ones included; more wait to be "
        "accepted (default: $WHOLECHILD_CONNECTION_LIMIT or 1000)",
    )
    serve_parser.add_argument(
        "--idle-timeout",
        type=_at_least_one,
        metavar="SECONDS",
        help="close a connection that has sent nothing for this long "
        "(default: $WHOLECHILD_IDLE_TIMEOUT or 30)",
    )
    serve_parser.set_defaults(
        run=lambda options: serve(
            host=options.host,
            port=options.port,
            trusted_proxy=options.trusted_proxy,
            threads=options.threads,
            connection_limit=options.connection_limit,
            idle_timeout=options.idle_timeout,
            workers=options.workers,
        )
    )

    worker_parser = commands.add_parser(
        "worker",
        help="send the emails that follow requests (run it beside the app in production)",
        description="Send the emails that follow requests, retrying failures with backoff, "
        "until stopped (SIGTERM or Ctrl+C lets an email being sent finish). Run one or more "
        "beside the app servers; each email is sent once. `wholechild serve` runs one itself "
        "in local mode.",
    )
    worker_parser.add_argument(
        "--once", action="store_true", help="send what is due now, then stop"
    )
    worker_parser.set_defaults(run=lambda options: worker(once=options.once))

    backup_parser = commands.add_parser(
        "backup",
        help="copy the database to FILE, safely while the app serves",
        description="Write a consistent copy of the database (every request, plan, email and "
        "audit entry) to FILE while the app keeps serving: SQLite's online backup, or pg_dump's "
        "custom format for PostgreSQL. FILE is replaced only once the copy is complete.",
    )
    backup_parser.add_argument("file", metavar="FILE", help="where to write the backup")
    backup_parser.set_defaults(run=lambda options: backup(options.file))

    restore_parser = commands.add_parser(
        "restore",
        help="replace the database with a backup, after asking",
        description="Replace everything in the configured database with the backup in FILE. "
        "Stop `wholechild serve` and `wholechild worker` first; `wholechild serve` brings an "
        "older backup up to date as it starts.",
    )
    restore_parser.add_argument("file", metavar="FILE", help="a file `wholechild backup` wrote")
    restore_parser.add_argument(
        "--yes", action="store_true", help="do not ask; for scripts that already did"
    )
    restore_parser.set_defaults(run=lambda options: restore(options.file, yes=options.yes))

    demo_parser = commands.add_parser(
        "demo",
        help="fill the local database with a demo clinic (refused in production)",
        description="Create one staff account per role (passwords printed) and forty clearly "
        "fictional requests, in the local database. Refused with DJANGO_ENV=production.",
    )
    demo_parser.set_defaults(run=lambda options: demo())

    commands.add_parser(
        "manage",
        help="run a Django management command, e.g. `wholechild manage migrate`",
        add_help=False,
    )
    return parser


def screen_file(file: str = "-", *, text: bool = False, language: str = "en") -> int:
    """Screen the request in `file` (or stdin) and print the answer in `language`; 2 for bad
    input, an unknown language included (refused before the request is read)."""
    import json

    from wholechild.json_request import MalformedRequest, load_request
    from wholechild.screening import ScreeningError, get_content, render_text, screen

    try:
        get_content(language)
    except ScreeningError as error:
        return _bad_input(str(error))
    try:
        if file == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(file, "rb") as request_file:
                data = request_file.read()
    except OSError as error:
        return _bad_input(f"Cannot read the request from {file}: {error.strerror}.")
    try:
        answer = screen(load_request(data), language=language)
    except (MalformedRequest, ScreeningError) as error:
        return _bad_input(str(error))
    output = (
        render_text(answer, language) if text else json.dumps(answer, indent=2, ensure_ascii=False)
    )
    try:
        print(output, flush=True)
    except BrokenPipeError:
        # The reader stopped early (`| head`): not an error worth a traceback. Python's own
        # flush at exit would fail again, so point stdout at nothing first.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _bad_input(message: str) -> int:
    # One line, so that a calling program can show it as it is.
    print(f"wholechild screen: {' '.join(message.split())}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wholechild.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        # A missing setting is the operator's to fix: say which, without a traceback.
        raise SystemExit(f"wholechild: {error}") from None


def _allow_open_files(connections: int) -> None:
    """Raise this process's limit on open files (often 1024) towards the hard limit, so the
    connection limit is reached before it; Windows has no such limit to raise."""
    try:
        import resource
    except ImportError:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = connections + 64  # the database, the log, the static files' handles
    if soft != resource.RLIM_INFINITY and soft < wanted:
        raised = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
        if raised < wanted:
            print(
                f"wholechild serve: only {raised} open files are allowed, fewer than "
                f"{connections} connections need; raise the limit (ulimit -n).",
                file=sys.stderr,
            )


def _at_least_one(value: str) -> int:
    import argparse

    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number} is too small; give 1 or more")
    return number


def serve(
    *,
    host: str,
    port: int,
    trusted_proxy: str | None = None,
    threads: int = 4,
    connection_limit: int | None = None,
    idle_timeout: int | None = None,
    workers: int | None = None,
) -> int:
    """Prepare the embedded database (and static files in production), then serve the app.

    Migrating on every start is what makes `make run` work on a fresh checkout, and it is a
    no-op once the database is current. `connection_limit`, `idle_timeout` and `workers`
    default to the settings (WHOLECHILD_CONNECTION_LIMIT, WHOLECHILD_IDLE_TIMEOUT,
    WHOLECHILD_WORKERS: one process per core in production, one locally).
    """
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from wholechild import serving

    limit = connection_limit or settings.SERVER_CONNECTION_LIMIT
    idle = idle_timeout or settings.SERVER_IDLE_TIMEOUT_SECONDS
    if limit < 1 or idle < 1 or settings.SERVER_WORKERS < 0:
        print(
            "wholechild serve: WHOLECHILD_CONNECTION_LIMIT and WHOLECHILD_IDLE_TIMEOUT must be "
            "1 or more, and WHOLECHILD_WORKERS 1 or more (or 0, for the default).",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    processes = workers or settings.SERVER_WORKERS
    if not processes:
        processes = serving.one_per_core() if settings.PRODUCTION else 1
    if processes > 1 and not settings.REDIS_URL:
        print(
            f"wholechild serve: {processes} processes need REDIS_URL. A parent's answers and a "
            "member of staff's sign-in live in the session, and without Redis each process "
            "keeps its sessions in its own memory: the next page, answered by another process, "
            "would have lost them. Set REDIS_URL, or serve from one process (--workers 1).",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if processes > 1 and not serving.can_fork():
        print(
            "wholechild serve: more than one process needs fork(), which Windows does not "
            "have; serve from one (--workers 1).",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    os.makedirs(settings.DATA_DIR, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    if not settings.DEBUG:
        call_command("collectstatic", interactive=False, verbosity=0)
    # Only now: WhiteNoise lists the static files once, when the application is built.
    from wholechild.wsgi import application

    served = _behind_proxy(application, trusted_proxy) if trusted_proxy else application
    _allow_open_files(limit)
    try:
        sockets = serving.listen(host, port, processes=processes)
    except OSError as error:
        print(
            f"wholechild serve: cannot listen on {host}:{port}: {error.strerror}.", file=sys.stderr
        )
        return 1
    options = {
        "threads": threads,
        # Waitress reads each request whole before a thread sees it, so slow clients cost
        # connections, not threads: allow many (poll(), unlike select(), takes more than
        # 1024), close idle ones soon, and look for idle ones at least that often. The limit
        # is for them all, shared out between the processes.
        "connection_limit": -(-limit // processes),
        "channel_timeout": idle,
        "cleanup_interval": min(30, idle),
        "asyncore_use_poll": True,
        # The app refuses more than 64 KB itself; nothing should spool a gigabyte first.
        "max_request_body_size": 1024 * 1024,
        # Behind a proxy _behind_proxy reads its headers; otherwise waitress drops them.
        "clear_untrusted_proxy_headers": not trusted_proxy,
    }
    email_worker = None
    if settings.WORKER_IN_SERVE:
        # `make run` stays one command: in local mode the emails are sent from here (from one
        # process only, when there are several).
        from functools import partial

        from wholechild.care import messages

        email_worker = partial(messages.work, signals=False)
    # Said only once the sockets listen, so whoever reads it can connect straight away.
    listening, listening_port = sockets[0][0].getsockname()[:2]
    shown_host = f"[{listening}]" if ":" in listening else listening
    url = f"http://{shown_host}:{listening_port}/"
    by = f" by {processes} processes" if processes > 1 else ""
    print(f"WholeChild is being served at {url}{by} (Ctrl+C to stop)", flush=True)
    return serving.run(
        served, sockets, processes=processes, options=options, email_worker=email_worker
    )


def _behind_proxy(application: WSGIApplication, trusted_proxy: str) -> WSGIApplication:
    """The app behind a TLS proxy, as the proxy's headers describe each request.

    Django must learn the request was HTTPS, or SECURE_SSL_REDIRECT would redirect forever,
    and the client's address: waitress reads X-Forwarded-Proto and X-Forwarded-For when the
    peer is the trusted proxy (and drops them otherwise), and puts the forwarded address in
    REMOTE_ADDR. That is whatever the client sent the proxy, so the peer's own address is kept
    beside it, for the app to fall back to when it is not an address at all
    (wholechild.care.audit.client_address).
    """
    from waitress.proxy_headers import proxy_headers_middleware

    from wholechild.care.audit import PEER_ADDRESS

    translated = proxy_headers_middleware(
        application,
        trusted_proxy=trusted_proxy,
        trusted_proxy_headers={"x-forwarded-proto", "x-forwarded-for"},
    )

    def keeping_the_peer(
        environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        environ[PEER_ADDRESS] = environ.get("REMOTE_ADDR", "")
        return translated(environ, start_response)

    return keeping_the_peer


def worker(*, once: bool = False) -> int:
    """Send the emails that follow requests until stopped."""
    _setup_django()
    from wholechild.care import messages

    # It does not migrate: the app servers do (`wholechild serve`), and several workers
    # starting together must not race to.
    if not once:
        print("WholeChild worker sending emails (Ctrl+C to stop)", flush=True)
    messages.work(once=once)
    return 0


def backup(file: str) -> int:
    """Copy the database to `file` while the app serves."""
    _setup_django()
    from pathlib import Path

    from wholechild import backup as backups

    try:
        size = backups.back_up(Path(file))
    except backups.BackupError as error:
        print(f"wholechild backup: {error}", file=sys.stderr)
        return 1
    print(f"Backed up {backups.describe_database()} to {file} ({size:,} bytes).")
    return 0


def restore(file: str, *, yes: bool = False) -> int:
    """Replace the database with the backup in `file`, once the operator has said yes."""
    _setup_django()
    from datetime import datetime
    from pathlib import Path

    from wholechild import backup as backups

    try:
        found = backups.open_backup(Path(file))
        database = backups.describe_database()
    except backups.BackupError as error:
        print(f"wholechild restore: {error}", file=sys.stderr)
        return 1
    if not yes:
        made = datetime.fromtimestamp(found.path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        print(
            f"This replaces everything in {database} (every request, plan and audit entry) "
            f"with the backup {file}, written {made}.\n"
            "Stop `wholechild serve` and `wholechild worker` first: what they store meanwhile "
            "would be lost."
        )
        try:
            answer = input("Type yes to restore it: ")
        except EOFError:
            answer = ""
        if answer.strip().lower() != "yes":
            print("wholechild restore: nothing was changed.", file=sys.stderr)
            return 1
    try:
        backups.restore(found)
    except backups.BackupError as error:
        print(f"wholechild restore: {error}", file=sys.stderr)
        return 1
    print(
        f"Restored {file} into {database}. `wholechild serve` applies any newer migrations as "
        "it starts."
    )
    return 0


def demo() -> int:
    """Prepare the database and fill it with the demo clinic."""
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.core.management.base import CommandError

    if not settings.LOCAL:
        print("wholechild demo: refused with DJANGO_ENV=production.", file=sys.stderr)
        return 1
    os.makedirs(settings.DATA_DIR, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    try:
        call_command("demo")
    except CommandError as error:
        print(f"wholechild demo: {error}", file=sys.stderr)
        return 1
    return 0


def manage(args: Sequence[str]) -> int:
    """Pass the arguments to Django's management commands, as `django-admin` would."""
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["wholechild manage", *args])
    return 0
