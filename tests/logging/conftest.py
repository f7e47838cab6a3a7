"""Capture the structlog events of zgw_threepas during a real run (webhook served by the live
server, fake ZGW API and 3PAS simulator over HTTP, tasks in-process)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import structlog
from structlog.testing import LogCapture

from tests.openzaak.conftest import (  # noqa: F401 - fixtures for the subscription events
    _nrc_server,
    callback_url,
    nrc,
    nrc_service,
    subscription_config,
)
from zgw_threepas.logging import EVENTS

#: Keys structlog adds itself, besides those the code passes.
STRUCTLOG_KEYS = {"event", "log_level", "logger"}


class Events:
    """The events of zgw_threepas so far, in order, each a dict as structlog saw it."""

    def __init__(self, capture: LogCapture):
        self.capture = capture

    def __iter__(self):
        return iter(self.all())

    def __len__(self):
        return len(self.all())

    def all(self) -> list[dict]:
        return [
            entry
            for entry in list(self.capture.entries)
            if entry.get("logger", "").startswith("zgw_threepas")
        ]

    def named(self, name: str) -> list[dict]:
        return [entry for entry in self.all() if entry["event"] == name]

    def one(self, name: str) -> dict:
        found = self.named(name)
        assert len(found) == 1, (name, self.names())
        return found[0]

    def names(self) -> list[str]:
        return [entry["event"] for entry in self.all()]


@contextmanager
def captured_events():
    """Collect every event logged through structlog; yields :class:`Events` with ours only.

    Like ``structlog.testing.capture_logs``, plus the logger name, so that events of other
    libraries that use structlog (zgw-consumers, commonground-api-common) are left out.
    """
    capture = LogCapture()
    previous = structlog.get_config()["processors"]
    structlog.configure(processors=[structlog.stdlib.add_logger_name, capture])
    events = Events(capture)
    try:
        yield events
    finally:
        structlog.configure(processors=previous)
    assert_catalogued(events.all())


def assert_catalogued(events: list[dict]) -> None:
    """Each event is in the catalogue, at its level, with only the catalogue's keys."""
    for entry in events:
        name = entry["event"]
        assert name in EVENTS, f"{name} is not in zgw_threepas.logging.EVENTS"
        level = "error" if entry["log_level"] == "exception" else entry["log_level"]
        assert level == EVENTS[name].level, (name, level)
        extra = set(entry) - STRUCTLOG_KEYS - set(EVENTS[name].keys)
        assert not extra, f"{name} carries keys outside the catalogue: {extra}"


@pytest.fixture
def events():
    with captured_events() as found:
        yield found
