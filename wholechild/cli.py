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
    from collections.abc import Sequence
    from typing import TypedDict

    class ProxyOptions(TypedDict, total=False):
        trusted_proxy: str
        trusted_proxy_headers: str


EXIT_BAD_INPUT = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["manage"]:
        # Everything after `manage` belongs to Django, --help and --version included.
        return manage(args[1:])
    if args[:1] == ["screen"] and (plain := _plain_screen_args(args[1:])) is not None:
        # Building argparse's parser (its help formatter, gettext, locale, shutil) costs
        # about as much as screening itself; `screen [FILE] [--text]` needs none of it.
        file, text = plain
        return screen_file(file, text=text)
    options = _parser().parse_args(args)
    status: int = options.run(options)
    return status


def _plain_screen_args(args: list[str]) -> tuple[str, bool] | None:
    """FILE and --text from `screen`'s arguments, or None for argparse to deal with."""
    files = [arg for arg in args if arg != "--text"]
    if len(files) > 1 or any(arg.startswith("-") and arg != "-" for arg in files):
        return None
    return (files[0] if files else "-"), len(files) < len(args)


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
    screen_parser.set_defaults(run=lambda options: screen_file(options.file, text=options.text))

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
    serve_parser.add_argument("--threads", type=int, default=4, help="worker threads (4)")
    serve_parser.set_defaults(
        run=lambda options: serve(
            host=options.host,
            port=options.port,
            trusted_proxy=options.trusted_proxy,
            threads=options.threads,
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


def screen_file(file: str = "-", *, text: bool = False) -> int:
    """Screen the request in `file` (or stdin) and print the answer; 2 for bad input."""
    import json

    from wholechild.json_request import MalformedRequest, load_request
    from wholechild.screening import ScreeningError, render_text, screen

    try:
        if file == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(file, "rb") as request_file:
                data = request_file.read()
    except OSError as error:
        return _bad_input(f"Cannot read the request from {file}: {error.strerror}.")
    try:
        answer = screen(load_request(data))
    except (MalformedRequest, ScreeningError) as error:
        return _bad_input(str(error))
    output = render_text(answer) if text else json.dumps(answer, indent=2, ensure_ascii=False)
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


def serve(*, host: str, port: int, trusted_proxy: str | None = None, threads: int = 4) -> int:
    """Prepare the embedded database (and static files in production), then serve the app.

    Migrating on every start is what makes `make run` work on a fresh checkout, and it is a
    no-op once the database is current.
    """
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from waitress.server import MultiSocketServer, create_server

    os.makedirs(settings.DATA_DIR, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    if not settings.DEBUG:
        call_command("collectstatic", interactive=False, verbosity=0)
    # Only now: WhiteNoise lists the static files once, when the application is built.
    from wholechild.wsgi import application

    proxy: ProxyOptions = {}
    if trusted_proxy:
        # Behind a TLS proxy, Django must learn the request was HTTPS, or SECURE_SSL_REDIRECT
        # would redirect forever; waitress drops these headers unless the proxy is trusted.
        proxy = {
            "trusted_proxy": trusted_proxy,
            "trusted_proxy_headers": "x-forwarded-proto x-forwarded-for",
        }
    try:
        server = create_server(application, host=host, port=port, threads=threads, **proxy)
    except OSError as error:
        print(
            f"wholechild serve: cannot listen on {host}:{port}: {error.strerror}.", file=sys.stderr
        )
        return 1
    # Said only once the socket listens, so whoever reads it can connect straight away.
    address: tuple[str, str | int]
    if isinstance(server, MultiSocketServer):  # a name with more than one address
        address = server.effective_listen[0]
    else:
        address = server.getsockname()
    if settings.WORKER_IN_SERVE:
        # `make run` stays one command: in local mode the emails are sent from here.
        import threading

        from wholechild.care import messages

        threading.Thread(
            target=messages.work, kwargs={"signals": False}, name="worker", daemon=True
        ).start()
    listening, listening_port = address
    shown_host = f"[{listening}]" if ":" in listening else listening
    url = f"http://{shown_host}:{listening_port}/"
    print(f"WholeChild is being served at {url} (Ctrl+C to stop)", flush=True)
    server.run()
    return 0


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
