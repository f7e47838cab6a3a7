"""Helpers for the metadata scenarios over HTTP: change the fake ZGW API's data for one test,
post a notification to the webhook, read what the 3PAS simulator received."""

from __future__ import annotations

import pytest
import requests

from testapp.fake_zgw import fixtures
from tests.conftest import WEBHOOK_TOKEN, simulator_received

ZAAK = "zaak"
WINKELPAND = "zaak_winkelpand"
SECOND_RSIN = "001005650"  # passes the 11-test, like every RSIN Open Zaak accepts


@pytest.fixture
def zgw(fake_zgw):
    """The fake ZGW API with its fixture data as shipped, restored after the test."""
    app, _ = fake_zgw
    app.load_fixtures()
    yield app
    app.load_fixtures()


def change(app, name: str, **fields) -> dict:
    """Change fields of the fixture resource ``name`` in the running fake ZGW API."""
    with app.lock:
        resource = app.get(fixtures.load(name)["url"])
        resource.update(fields)
        return resource


def stored(app, name: str) -> dict:
    with app.lock:
        return dict(app.get(fixtures.load(name)["url"]))


def post_notification(live_server, name: str, zgw_base: str) -> requests.Response:
    response = requests.post(
        f"{live_server.url}/threepas/notificaties/",
        json=fixtures.notification(name, zgw_base),
        headers={"Authorization": WEBHOOK_TOKEN},
        timeout=60,
    )
    assert response.status_code == 204, response.text
    return response


def deliveries(simulator: str) -> list[dict]:
    """The metadata of every message the simulator received, in order (wire names)."""
    return [record["metadata"] for record in simulator_received(simulator)]


def markings(metadata: dict) -> list[dict]:
    return list(metadata.get("Gebiedsmarkeringen") or [])
