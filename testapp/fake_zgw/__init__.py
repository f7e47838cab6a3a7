"""A fake Open Zaak over real HTTP, with realistic fixtures checked against the ZGW specs.

Typical use in a test::

    from testapp.fake_zgw import fixtures, running

    with running() as (app, base_url):
        zaak = fixtures.load("zaak", base_url)
        message = fixtures.notification("status_create", base_url)
        ...
        assert len(app.calls("GET", "/zaken/api/v1/zaken/")) == 1
"""

from .app import FakeZGW, RecordedRequest
from .fixtures import FIXTURE_BASE, load, notification
from .server import running, start_in_thread, stop

__all__ = [
    "FIXTURE_BASE",
    "FakeZGW",
    "RecordedRequest",
    "load",
    "notification",
    "running",
    "start_in_thread",
    "stop",
]
