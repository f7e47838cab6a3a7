from __future__ import annotations

from django.conf import settings

import pytest

from zgw_threepas.threepas.client import ThreepasClient
from zgw_threepas.threepas.simulator import start_in_thread

if not settings.configured:
    # Run without pytest-django (-p no:django): the contract room needs only translations.
    import django

    settings.configure(USE_I18N=True, LANGUAGE_CODE="en-us", INSTALLED_APPS=[])
    django.setup()


@pytest.fixture
def simulator():
    """A simulator served over real HTTP on a free port of 127.0.0.1."""
    server, _base_url = start_in_thread()
    yield server
    server.stop()


@pytest.fixture
def client(simulator):
    return ThreepasClient(simulator.endpoint, timeout=(2, 5))
