"""``make demo`` serves the fake ZGW API on a port that ``make admin`` can count on."""

from __future__ import annotations

import importlib
import os
import socket

import requests

from testapp import demo
from testapp.fake_zgw.server import stop


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_importing_the_demo_leaves_the_environment_alone(monkeypatch):
    monkeypatch.setenv("DB_ENGINE", "postgresql")
    monkeypatch.setenv("DB_NAME", "zgw_threepas")
    importlib.reload(demo)
    assert os.environ["DB_ENGINE"] == "postgresql"
    assert os.environ["DB_NAME"] == "zgw_threepas"


def test_the_demo_settings_point_at_the_demo_database(monkeypatch):
    for name in ("DB_ENGINE", "DB_NAME", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER"):
        monkeypatch.setenv(name, "")
    demo.use_demo_settings()
    assert os.environ["DB_ENGINE"] == "sqlite"
    assert os.environ["DB_NAME"] == str(demo.DB_PATH)
    assert os.environ["CELERY_TASK_ALWAYS_EAGER"] == "true"


def test_the_port_is_8001_unless_demo_zgw_port_says_otherwise(monkeypatch):
    monkeypatch.delenv("DEMO_ZGW_PORT", raising=False)
    assert demo.zgw_port() == 8001
    monkeypatch.setenv("DEMO_ZGW_PORT", "8123")
    assert demo.zgw_port() == 8123


def test_the_fake_zgw_api_listens_on_the_port_asked_for():
    port = free_port()
    server, _app, base_url = demo.start_fake_zgw(port)
    try:
        assert base_url == f"http://127.0.0.1:{port}"
        answer = requests.get(f"{base_url}/catalogi/api/v1/zaaktypen", timeout=5)
        assert answer.status_code == 200
    finally:
        stop(server)


def test_a_taken_port_falls_back_to_a_free_one():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        server, _app, base_url = demo.start_fake_zgw(port)
        try:
            assert base_url != f"http://127.0.0.1:{port}"
            assert requests.get(f"{base_url}/catalogi/api/v1/zaaktypen", timeout=5).ok
        finally:
            stop(server)


def test_the_simulator_port_is_8081_unless_demo_threepas_port_says_otherwise(monkeypatch):
    monkeypatch.delenv("DEMO_THREEPAS_PORT", raising=False)
    assert demo.threepas_port() == 8081
    monkeypatch.setenv("DEMO_THREEPAS_PORT", "8124")
    assert demo.threepas_port() == 8124


def test_the_simulator_listens_on_the_port_asked_for_or_a_free_one():
    port = free_port()
    server, base_url = demo.start_simulator(port)
    try:
        assert base_url == f"http://127.0.0.1:{port}"
        # Taken now: a second one falls back to a free port.
        other, other_url = demo.start_simulator(port)
        try:
            assert other_url != base_url
            assert requests.get(f"{other_url}/_simulator/received", timeout=5).json() == []
        finally:
            other.stop()
        assert requests.get(f"{base_url}/_simulator/received", timeout=5).json() == []
    finally:
        server.stop()
