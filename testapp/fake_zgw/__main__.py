"""``python -m testapp.fake_zgw --port 8000``: run the fake ZGW API until Ctrl-C."""

from __future__ import annotations

import argparse
import sys
import threading

from . import fixtures
from .server import start_in_thread, stop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m testapp.fake_zgw",
        description="Serve realistic Open Zaak 1.30 fixtures (Zaken, Catalogi, Besluiten API).",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--require-auth",
        action="store_true",
        help="answer 403 to requests without an Authorization header",
    )
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds to wait before each answer"
    )
    args = parser.parse_args(argv)

    server, app, base_url = start_in_thread(
        args.host, args.port, require_auth=args.require_auth, latency_seconds=args.latency
    )
    zaak = fixtures.load("zaak", base_url)
    print(f"Fake ZGW API at {base_url} (Ctrl-C to stop)")
    print(f"  zaak {zaak['identificatie']}: {zaak['url']}")
    print(f"  notification bodies: {fixtures.NOTIFICATIONS_DIR}")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        print("stopping")
    finally:
        stop(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
