"""``manage.py threepas_simulator``: the 3PAS simulator, next to a running project."""

from __future__ import annotations

from argparse import Namespace

from django.core.management.base import BaseCommand

from zgw_threepas.threepas.simulator.__main__ import add_arguments, run


class Command(BaseCommand):
    help = (
        "Run a 3PAS (DROP) simulator that speaks this application's reconstruction of the "
        "3PAS 2020/01 contract, until Ctrl-C. Point a 3PAS service at "
        "http://HOST:PORT/drop/3epas; the control API is under /_simulator/."
    )
    # The simulator stands apart from this project's configuration; checking it would only
    # stop the simulator from starting while the configuration is being set up.
    requires_system_checks = []

    #: The running server, for whoever started the command in a thread.
    server = None

    def add_arguments(self, parser):
        add_arguments(parser)

    def handle(self, *args, **options):
        if options["client_ca"] and not options["certfile"]:
            self.stderr.write("--client-ca needs --certfile (client certificates need TLS)")
            return

        def started(server):
            self.server = server

        run(Namespace(**options), self.stdout.write, on_start=started)
