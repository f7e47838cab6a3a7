"""``make demo``: one kennisgeving, end to end, on embedded defaults.

Starts the fake ZGW API and the 3PAS simulator as real HTTP servers on localhost, serves this
project's webhook over HTTP, posts the notification Open Zaak sends when an omgevingsvergunning
application is received, lets the pipeline run in-process, and prints what was delivered. Every
server runs in this process and stops with it. Each run starts from a fresh ``demo.sqlite3``,
which stays behind so that the record can be browsed with ``make admin``.

The fake ZGW API listens on a fixed port (``DEMO_ZGW_PORT``, default 8001; a free port when
that one is taken), so the services the demo stores point to an address where
``python -m testapp.fake_zgw --port 8001`` can serve it again while ``make admin`` runs. The
3PAS simulator does the same (``DEMO_THREEPAS_PORT``, default 8081, the port
``python -m zgw_threepas.threepas.simulator`` takes by default).
"""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler

ROOT = Path(__file__).resolve().parent.parent
DB_PATH = ROOT / "demo.sqlite3"
#: ``make admin`` serves on 8000; the fake ZGW API takes the next port.
DEFAULT_ZGW_PORT = 8001
#: The port ``python -m zgw_threepas.threepas.simulator`` listens on without ``--port``.
DEFAULT_THREEPAS_PORT = 8081

WEBHOOK_TOKEN = "Token demo-webhook-secret"


def use_demo_settings() -> None:
    """Point Django at the demo's SQLite database and run Celery tasks in-process."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "testapp.settings")
    os.environ["DB_ENGINE"] = "sqlite"
    os.environ["DB_NAME"] = str(DB_PATH)
    # With a host name, so that kombu does not warn that it supplies one itself.
    os.environ["CELERY_BROKER_URL"] = "memory://localhost/"
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"


def zgw_port() -> int:
    return int(os.environ.get("DEMO_ZGW_PORT") or DEFAULT_ZGW_PORT)


def threepas_port() -> int:
    return int(os.environ.get("DEMO_THREEPAS_PORT") or DEFAULT_THREEPAS_PORT)


def start_simulator(port: int):
    """The 3PAS simulator on ``port``, or on a free port when ``port`` is taken.

    Returns ``(server, base_url)`` as
    :func:`zgw_threepas.threepas.simulator.server.start_in_thread`.
    """
    from zgw_threepas.threepas.simulator.server import start_in_thread

    try:
        return start_in_thread("127.0.0.1", port)
    except OSError:
        return start_in_thread("127.0.0.1", 0)


def start_fake_zgw(port: int):
    """The fake ZGW API on ``port``, or on a free port when ``port`` is taken.

    Returns ``(server, app, base_url)`` as :func:`testapp.fake_zgw.server.start_in_thread`.
    """
    from testapp.fake_zgw.server import start_in_thread

    try:
        return start_in_thread("127.0.0.1", port)
    except OSError:
        return start_in_thread("127.0.0.1", 0)


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def serve_django():
    import threading
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIServer, make_server

    from django.core.wsgi import get_wsgi_application

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    server = make_server(
        "127.0.0.1", 0, get_wsgi_application(), server_class=Server, handler_class=QuietHandler
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def configure(zgw_base: str, threepas_endpoint: str):
    from django.contrib.auth import get_user_model

    from zgw_consumers.constants import APITypes, AuthTypes
    from zgw_consumers.models import Service

    from testapp.fake_zgw import fixtures
    from zgw_threepas.constants import Activiteit, Publicatieblad, PublicatieType, Rubriek
    from zgw_threepas.models import Organisatie, PublicatieRegel, ThreepasConfig

    for slug, api_type, path in (
        ("zaken", APITypes.zrc, "/zaken/api/v1/"),
        ("catalogi", APITypes.ztc, "/catalogi/api/v1/"),
        ("besluiten", APITypes.brc, "/besluiten/api/v1/"),
    ):
        Service.objects.create(
            label=f"Open Zaak {slug} (demo)",
            slug=slug,
            api_type=api_type,
            api_root=zgw_base + path,
            auth_type=AuthTypes.zgw,
            client_id="zgw-threepas",
            secret="demo-secret-for-the-fake-zgw-api-0123456789",
        )
    drop = Service.objects.create(
        label="3PAS simulator",
        slug="3pas-simulator",
        api_type=APITypes.orc,
        api_root=threepas_endpoint,
        auth_type=AuthTypes.no_auth,
    )
    config = ThreepasConfig.get_solo()
    config.webhook_auth = WEBHOOK_TOKEN
    config.save()

    zaak = fixtures.load("zaak", zgw_base)
    zaaktype = fixtures.load("zaaktype", zgw_base)
    Organisatie.objects.create(
        naam="Amsterdam",
        rsin=zaak["bronorganisatie"],
        oin="00000001002564440000",
        standaard_publicatieblad=Publicatieblad.gemeenteblad,
        threepas_service=drop,
    )
    PublicatieRegel.objects.create(
        naam="Aanvraag omgevingsvergunning ontvangen",
        zaaktype_identificatie=zaaktype["identificatie"],
        statustype_omschrijving="Aanvraag ontvangen",
        publicatietype=PublicatieType.aanvraag,
        publicatiebladen=[Publicatieblad.gemeenteblad],
        rubriek=Rubriek.omgevingsvergunning,
        activiteit=Activiteit.bouwen,
    )
    get_user_model().objects.create_superuser("demo", "demo@example.com", "demo")


def main() -> int:
    use_demo_settings()
    if DB_PATH.exists():
        DB_PATH.unlink()
    import django

    django.setup()
    from django.core.management import call_command

    import requests

    from testapp.fake_zgw import fixtures
    from testapp.fake_zgw.server import stop as stop_zgw
    from zgw_threepas.models import Publicatie

    call_command("migrate", verbosity=0)

    zgw_server, _app, zgw_base = start_fake_zgw(zgw_port())
    sim_server, sim_base = start_simulator(threepas_port())
    web_server, web_base = serve_django()
    try:
        configure(zgw_base, f"{sim_base}/drop/3epas")
        print(f"Fake ZGW API      {zgw_base}")
        print(f"3PAS simulator    {sim_base}/drop/3epas")
        print(f"Webhook           {web_base}/threepas/notificaties/")

        message = fixtures.notification("status_create", zgw_base)
        print(
            f"\nPosting notification: {message['kanaal']}/{message['resource']} {message['actie']}"
        )
        print(f"  zaak   {message['hoofdObject']}")
        response = requests.post(
            f"{web_base}/threepas/notificaties/",
            json=message,
            headers={"Authorization": WEBHOOK_TOKEN},
            timeout=60,
        )
        print(f"  answer HTTP {response.status_code}")
        if response.status_code != 204:
            print(response.text)
            return 1

        publicaties = list(Publicatie.objects.order_by("pk"))
        if not publicaties:
            print("No publication was made: check the rule and the fixtures.")
            return 1
        received = requests.get(f"{sim_base}/_simulator/received", timeout=10).json()
        for publicatie in publicaties:
            print_publication(publicatie)
        print(f"\nThe 3PAS simulator received {len(received)} request(s).")
        ok = all(p.status == "published" and p.dossiernummer for p in publicaties)
        print("\nSee the record in the admin:  make admin   (then log in as demo / demo)")
        for publicatie in publicaties:
            print(f"  http://127.0.0.1:8000/admin/zgw_threepas/publicatie/{publicatie.pk}/change/")
        port = zgw_base.rsplit(":", 1)[1]
        print(
            "\nThe fake ZGW API stops with the demo. To save or preview rules in the admin,\n"
            f"run it again on the port the demo's services point to:\n"
            f"  .venv/bin/python -m testapp.fake_zgw --port {port}"
        )
        sim_port = sim_base.rsplit(":", 1)[1]
        print(
            "The 3PAS simulator stops too. For the connection check or to send again, run:\n"
            f"  .venv/bin/python -m zgw_threepas.threepas.simulator --port {sim_port}"
        )
        return 0 if ok else 1
    finally:
        web_server.shutdown()
        web_server.server_close()
        sim_server.stop()
        stop_zgw(zgw_server)


def print_publication(publicatie) -> None:
    line = "=" * 78
    print(f"\n{line}\n{publicatie.titel}\n{line}")
    for text_line in publicatie.tekst.splitlines():
        print(textwrap.fill(text_line, width=78) if text_line.strip() else "")
    print(line)
    print(f"State          {publicatie.get_status_display()} ({publicatie.status})")
    print(f"Dossiernummer  {publicatie.dossiernummer or '-'}")
    print(f"Blad           {publicatie.get_publicatieblad_display()}")
    locations = publicatie.metadata.get("gebiedsmarkeringen", [])
    for loc in locations:
        print(f"Location       {loc['type']} {loc.get('geometrie', '')} {loc.get('postcode', '')}")
    if publicatie.reden:
        print(f"Reason         {publicatie.reden}")


if __name__ == "__main__":
    sys.exit(main())
