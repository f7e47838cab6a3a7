"""``python -m tests.workers.webserver PORT``: serve the test project (the webhook) with many
threads and a deep listen queue, as a production WSGI server would.

Django's ``runserver`` listens with a queue of 5 connections, so a burst of concurrent
deliveries from the Notificaties API would be refused by the socket before the application
saw them; that would test the development server, not the webhook.
"""

from __future__ import annotations

import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 512


class Handler(WSGIRequestHandler):
    def log_message(self, format, *args):
        sys.stderr.write(f"web {self.address_string()} {format % args}\n")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "testapp.settings")
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    server = make_server(
        "127.0.0.1", int(sys.argv[1]), application, server_class=Server, handler_class=Handler
    )
    print(f"serving on 127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever(poll_interval=0.1)


if __name__ == "__main__":
    main()
