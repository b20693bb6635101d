"""The bare WSGI app on `wholechild serve`'s own server (wholechild.serving), with the options
`wholechild serve` gives waitress: `python -m bench_site.serve_bare PORT PROCESSES`."""

from __future__ import annotations

import sys

from bench_site.wsgi import bare
from wholechild import serving


def main() -> int:
    port, processes = int(sys.argv[1]), int(sys.argv[2])
    sockets = serving.listen("127.0.0.1", port, processes=processes)
    options = {
        "threads": 4,
        "connection_limit": 1000,
        "channel_timeout": 30,
        "asyncore_use_poll": True,
        "clear_untrusted_proxy_headers": True,
    }
    print(f"serving on http://127.0.0.1:{port}/", flush=True)
    return serving.run(bare, sockets, processes=processes, options=options)


if __name__ == "__main__":
    sys.exit(main())
