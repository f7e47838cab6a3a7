"""Serve :class:`~testapp.fake_zgw.app.FakeZGW` over real HTTP in a background thread."""

from __future__ import annotations

import contextlib
import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from .app import FakeZGW


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    # Daemon threads: a client that keeps a connection open must not block test teardown.
    daemon_threads = True
    allow_reuse_address = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        # Tests read app.requests; one access log line per request would drown pytest output.
        pass


def start_in_thread(
    host: str = "127.0.0.1", port: int = 0, **app_kwargs
) -> tuple[ThreadingWSGIServer, FakeZGW, str]:
    """Start a fake ZGW API; ``port=0`` picks a free port. Returns ``(server, app, base_url)``;
    stop it with :func:`stop`."""
    app = FakeZGW(**app_kwargs)
    server = make_server(
        host, port, app, server_class=ThreadingWSGIServer, handler_class=QuietHandler
    )
    bound_host, bound_port = server.server_address[:2]
    base_url = f"http://{bound_host}:{bound_port}"
    app.base_url = base_url
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        name=f"fake-zgw-{bound_port}",
        daemon=True,
    )
    thread.start()
    return server, app, base_url


def stop(server: ThreadingWSGIServer) -> None:
    server.shutdown()
    server.server_close()


@contextlib.contextmanager
def running(host: str = "127.0.0.1", port: int = 0, **app_kwargs):
    """``with running() as (app, base_url): ...``"""
    server, app, base_url = start_in_thread(host, port, **app_kwargs)
    try:
        yield app, base_url
    finally:
        stop(server)
