"""Serve the simulator over real HTTP(S), with the standard library only.

A real socket matters: the failures that decide between "retry" and "ask a person" (a
refused connection, a read timeout, a connection closed without an answer) only exist on the
wire, and the client must be tested against them as they really happen.
"""

from __future__ import annotations

import logging
import socket
import socketserver
import ssl
import sys
import threading
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

from .app import DropConnection, Simulator

logger = logging.getLogger(__name__)

#: How long a connection may take to send its request (and finish a TLS handshake).
CONNECTION_TIMEOUT = 60


class _ServerHandler(ServerHandler):
    def handle_error(self):
        if isinstance(sys.exc_info()[1], DropConnection):
            # Write nothing: the server closes the socket and the caller sees the
            # connection end without an answer, as when a link breaks after processing.
            self.dropped = True
            return
        super().handle_error()

    def log_exception(self, exc_info):
        logger.error("3PAS simulator failed on a request", exc_info=exc_info)


class _RequestHandler(WSGIRequestHandler):
    def handle(self):
        # WSGIRequestHandler.handle, with our ServerHandler so that DropConnection works.
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.requestline = self.request_version = self.command = ""
            self.send_error(414)
            return
        if not self.parse_request():
            return
        handler = _ServerHandler(
            self.rfile, self.wfile, self.get_stderr(), self.get_environ(), multithread=True
        )
        handler.request_handler = self
        handler.run(self.server.get_app())

    def get_environ(self):
        environ = super().get_environ()
        if isinstance(self.connection, ssl.SSLSocket):
            environ["HTTPS"] = "on"
            certificate = self.connection.getpeercert()
            if certificate:
                environ["zgw_threepas.client_certificate"] = _subject(certificate)
        return environ

    def log_message(self, format, *args):
        logger.debug("3PAS simulator %s: %s", self.address_string(), format % args)


class SimulatorServer(socketserver.ThreadingMixIn, WSGIServer):
    """A threading WSGI server around one :class:`Simulator` (available as ``.app``)."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], app: Simulator, ssl_context=None):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.ssl_context = ssl_context
        self._serving_thread: threading.Thread | None = None
        super().__init__(address, _RequestHandler)
        self.set_app(app)

    def server_bind(self):
        # HTTPServer.server_bind looks the host name up (socket.getfqdn), which can hang for
        # seconds where there is no DNS; the simulator does not need it.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = host, port
        self.setup_environ()

    def get_request(self):
        sock, address = super().get_request()
        sock.settimeout(CONNECTION_TIMEOUT)
        if self.ssl_context is not None:
            # The handshake runs in the request's own thread (finish_request), so one slow
            # or failing client cannot block the accepting loop.
            sock = self.ssl_context.wrap_socket(
                sock, server_side=True, do_handshake_on_connect=False
            )
        return sock, address

    def finish_request(self, request, client_address):
        if isinstance(request, ssl.SSLSocket):
            request.do_handshake()
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address):
        error = sys.exc_info()[1]
        if isinstance(error, ssl.SSLError | ConnectionError | TimeoutError):
            logger.info("3PAS simulator: connection from %s failed: %s", client_address, error)
            return
        logger.exception("3PAS simulator: error on a connection from %s", client_address)

    @property
    def app(self) -> Simulator:
        return self.get_app()

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        scheme = "https" if self.ssl_context is not None else "http"
        if ":" in host:
            host = f"[{host}]"
        return f"{scheme}://{host}:{port}"

    @property
    def endpoint(self) -> str:
        return self.base_url + self.app.soap_path

    def stop(self) -> None:
        """Stop serving (if serving) and release the socket."""
        if self._serving_thread is not None:
            self.shutdown()
            self._serving_thread.join(timeout=5)
            self._serving_thread = None
        self.server_close()


def serve(
    host: str,
    port: int,
    *,
    ssl_context: ssl.SSLContext | None = None,
    app: Simulator | None = None,
) -> SimulatorServer:
    """Bind a simulator server; the caller runs ``serve_forever()`` (port 0: any free port)."""
    return SimulatorServer((host, port), app or Simulator(), ssl_context=ssl_context)


def start_in_thread(
    host: str = "127.0.0.1",
    port: int = 0,
    ssl_context: ssl.SSLContext | None = None,
    *,
    app: Simulator | None = None,
) -> tuple[SimulatorServer, str]:
    """Serve in a daemon thread; return the server and its base URL. Stop with ``stop()``."""
    server = serve(host, port, ssl_context=ssl_context, app=app)
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.1},
        name=f"threepas-simulator-{server.server_address[1]}",
        daemon=True,
    )
    server._serving_thread = thread
    thread.start()
    return server, server.base_url


def build_ssl_context(
    certfile: str, keyfile: str | None = None, client_ca: str | None = None
) -> ssl.SSLContext:
    """A server TLS context; with ``client_ca`` every client must show a certificate from it."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certfile, keyfile)
    if client_ca:
        context.load_verify_locations(client_ca)
        context.verify_mode = ssl.CERT_REQUIRED
    return context


def _subject(certificate: dict) -> str:
    """Subject and alternative names, the parts an integrator checks a certificate by."""
    subject = ", ".join(
        f"{name}={value}" for rdn in certificate.get("subject", ()) for name, value in rdn
    )
    alt_names = ", ".join(
        f"{kind}:{value}" for kind, value in certificate.get("subjectAltName", ())
    )
    return f"{subject}; subjectAltName: {alt_names}" if alt_names else subject


__all__ = [
    "SimulatorServer",
    "build_ssl_context",
    "serve",
    "start_in_thread",
]
