"""Shared fixtures: the fake ZGW API and the 3PAS simulator as real HTTP servers, and a
configured installation (services, organisation, rule) pointing at them."""

from __future__ import annotations

import pytest
import requests

from testapp.fake_zgw import fixtures as zgw_fixtures
from testapp.fake_zgw.server import start_in_thread as start_fake_zgw
from testapp.fake_zgw.server import stop as stop_fake_zgw
from zgw_threepas.threepas.simulator.server import start_in_thread as start_simulator

WEBHOOK_TOKEN = "Token test-webhook-secret"
RSIN = "002220647"


@pytest.fixture(autouse=True)
def _source_language(settings):
    """Tests read messages in the source language (English), whatever the installation's
    language; the Dutch translation is tested where it is the point (tests/admin)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import caches

    for alias in caches:
        caches[alias].clear()
    yield


@pytest.fixture(scope="session")
def _fake_zgw_server():
    server, app, base_url = start_fake_zgw()
    yield app, base_url
    stop_fake_zgw(server)


@pytest.fixture
def fake_zgw(_fake_zgw_server):
    """``(app, base_url)`` of a fake ZGW API with fresh fixture data."""
    app, base_url = _fake_zgw_server
    app.reset()
    return app, base_url


@pytest.fixture(scope="session")
def _simulator_server():
    server, base_url = start_simulator()
    yield base_url
    server.stop()


@pytest.fixture
def simulator(_simulator_server):
    """Base URL of a 3PAS simulator with nothing received and no failures queued."""
    requests.post(f"{_simulator_server}/_simulator/reset", timeout=5).raise_for_status()
    return _simulator_server


def simulator_received(base_url: str) -> list[dict]:
    return requests.get(f"{base_url}/_simulator/received", timeout=5).json()


@pytest.fixture
def zgw_services(fake_zgw):
    from zgw_consumers.constants import APITypes, AuthTypes
    from zgw_consumers.models import Service

    _, base_url = fake_zgw
    return {
        slug: Service.objects.create(
            label=f"Fake {slug}",
            slug=slug,
            api_type=api_type,
            api_root=f"{base_url}{path}",
            auth_type=AuthTypes.zgw,
            client_id="zgw-threepas",
            secret="test-secret-for-the-fake-zgw-api-0123456789",
        )
        for slug, api_type, path in (
            ("zaken", APITypes.zrc, "/zaken/api/v1/"),
            ("catalogi", APITypes.ztc, "/catalogi/api/v1/"),
            ("besluiten", APITypes.brc, "/besluiten/api/v1/"),
        )
    }


@pytest.fixture
def threepas_service(simulator):
    from zgw_consumers.constants import APITypes, AuthTypes
    from zgw_consumers.models import Service

    return Service.objects.create(
        label="3PAS simulator",
        slug="threepas",
        api_type=APITypes.orc,
        api_root=f"{simulator}/drop/3epas",
        auth_type=AuthTypes.no_auth,
        timeout=10,
    )


@pytest.fixture
def organisatie(threepas_service):
    from zgw_threepas.models import Organisatie

    return Organisatie.objects.create(
        naam="Amsterdam",
        rsin=RSIN,
        oin="00000001002564440000",
        threepas_service=threepas_service,
    )


@pytest.fixture
def webhook_config():
    from zgw_threepas.models import ThreepasConfig

    config = ThreepasConfig.get_solo()
    config.webhook_auth = WEBHOOK_TOKEN
    config.retry_backoff_seconds = 1
    config.save()
    return config


@pytest.fixture
def regel_aanvraag():
    from zgw_threepas.constants import Activiteit, Publicatieblad, PublicatieType, Rubriek
    from zgw_threepas.models import PublicatieRegel

    zaaktype = zgw_fixtures.load("zaaktype")
    return PublicatieRegel.objects.create(
        naam="Aanvraag omgevingsvergunning ontvangen",
        zaaktype_identificatie=zaaktype["identificatie"],
        statustype_omschrijving="Aanvraag ontvangen",
        publicatietype=PublicatieType.aanvraag,
        publicatiebladen=[Publicatieblad.gemeenteblad],
        rubriek=Rubriek.omgevingsvergunning,
        activiteit=Activiteit.bouwen,
    )


@pytest.fixture
def pipeline(zgw_services, organisatie, webhook_config, regel_aanvraag, fake_zgw, simulator):
    """A configured installation wired to the running fake ZGW API and simulator."""
    app, base_url = fake_zgw
    return {"zgw": app, "zgw_base": base_url, "simulator": simulator, "rule": regel_aanvraag}
