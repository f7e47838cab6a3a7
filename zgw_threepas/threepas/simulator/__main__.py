"""``python -m zgw_threepas.threepas.simulator``: run the 3PAS simulator until Ctrl-C."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading

from .app import Simulator
from .server import build_ssl_context, serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m zgw_threepas.threepas.simulator",
        description="Run a 3PAS (DROP) simulator that speaks zgw-threepas' reconstruction of "
        "the 3PAS 2020/01 contract.",
    )
    add_arguments(parser)
    options = parser.parse_args(argv)
    if options.client_ca and not options.certfile:
        parser.error("--client-ca needs --certfile (client certificates need TLS)")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    return run(options, print)


def add_arguments(parser) -> None:
    """Options shared with the ``threepas_simulator`` management command."""
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    parser.add_argument(
        "--port", type=int, default=8081, help="port; 0 picks a free one (default: %(default)s)"
    )
    parser.add_argument("--certfile", help="PEM server certificate (serves HTTPS)")
    parser.add_argument("--keyfile", help="PEM private key, if not inside --certfile")
    parser.add_argument(
        "--client-ca", help="PEM CA bundle; when given, clients must present a certificate"
    )
    parser.add_argument(
        "--credentials",
        metavar="USERNAME:PASSWORD",
        help="accept only messages with this username and password (HTTP basic or "
        "WS-Security UsernameToken), as KOOP's proof-of-concept endpoint",
    )


def run(options, write, *, on_start=None) -> int:
    """Serve until Ctrl-C (or SIGTERM, or ``server.shutdown()`` from ``on_start``'s owner)."""
    context = None
    if options.certfile:
        context = build_ssl_context(options.certfile, options.keyfile, options.client_ca)
    credentials = None
    if getattr(options, "credentials", None):
        username, _, password = options.credentials.partition(":")
        credentials = (username, password)
    server = serve(
        options.host, options.port, ssl_context=context, app=Simulator(credentials=credentials)
    )
    in_main_thread = threading.current_thread() is threading.main_thread()
    if in_main_thread:
        # A container stop (SIGTERM) ends the simulator as cleanly as Ctrl-C.
        previous = signal.signal(signal.SIGTERM, _interrupt)
    write(f"3PAS simulator listening on {server.endpoint}")
    write(f"Control API: {server.base_url}/_simulator/status (Ctrl-C stops)")
    sys.stdout.flush()
    if on_start is not None:
        on_start(server)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)
    write("3PAS simulator stopped")
    return 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
