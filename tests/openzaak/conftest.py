"""Fixtures for the Open Zaak integration: a Notificaties API stand-in over real HTTP and an
installation configured to register its abonnement there."""

from __future__ import annotations

import pytest

from tests.openzaak.nrc_standin import start_in_thread, stop

NRC_CLIENT_ID = "zgw-threepas"
NRC_SECRET = "nrc-secret-long-enough-for-hs256-keys"


@pytest.fixture(scope="session")
def _nrc_server():
    server, app, api_root = start_in_thread(clients={NRC_CLIENT_ID: NRC_SECRET})
    yield app, api_root
    stop(server)


@pytest.fixture
def nrc(_nrc_server):
    """``(app, api_root)`` of a Notificaties API stand-in without abonnementen."""
    app, api_root = _nrc_server
    app.reset()
    return app, api_root


@pytest.fixture
def nrc_service(nrc):
    from zgw_consumers.constants import APITypes, AuthTypes
    from zgw_consumers.models import Service

    _, api_root = nrc
    return Service.objects.create(
        label="Notificaties API (stand-in)",
        slug="notificaties",
        api_type=APITypes.nrc,
        api_root=api_root,
        auth_type=AuthTypes.zgw,
        client_id=NRC_CLIENT_ID,
        secret=NRC_SECRET,
    )


@pytest.fixture
def callback_url(live_server):
    return f"{live_server.url}/threepas/notificaties/"


@pytest.fixture
def subscription_config(webhook_config, nrc_service, callback_url):
    """ThreepasConfig with webhook authorization, Notificaties API and callback URL."""
    webhook_config.notificaties_service = nrc_service
    webhook_config.notificaties_callback_url = callback_url
    webhook_config.save()
    return webhook_config
