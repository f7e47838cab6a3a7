"""Fixtures of the worker scenarios: a private Redis, the fake ZGW API and the 3PAS simulator
for the module; the webhook server for the module; Celery workers and beat for each test.

The tests use a transactional database: what they configure is committed, so the worker,
beat and web processes (which connect to the same test database) see it. Every process is
stopped (and its session SIGKILLed) before the database is flushed.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

from django.db import connection

import pytest

from testapp.fake_zgw.server import start_in_thread as start_fake_zgw
from testapp.fake_zgw.server import stop as stop_fake_zgw

from . import harness


@pytest.fixture(scope="module")
def logdir(request):
    """The logs of every process of the module; kept (and named) when a test failed."""
    path = harness.make_logdir()
    failed_before = request.session.testsfailed
    yield path
    if request.session.testsfailed > failed_before:
        print(f"\nLogs of the worker scenarios: {path}")
    else:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def redis_server(logdir):
    server = harness.RedisServer(logdir).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def zgw():
    server, app, base_url = start_fake_zgw()
    yield app, base_url
    stop_fake_zgw(server)


@pytest.fixture(scope="module")
def sim():
    control = harness.SimulatorControl()
    yield control
    control.stop()


@pytest.fixture(scope="module")
def process_env(django_db_setup, redis_server):
    # After django_db_setup the connection names the test database the tests write to.
    return harness.process_env(
        db_name=connection.settings_dict["NAME"], broker_url=redis_server.url
    )


@pytest.fixture(scope="module")
def web(process_env, logdir):
    cluster = harness.Cluster(logdir, process_env)
    cluster.start_web()
    yield cluster
    cluster.stop()


@dataclass
class Run:
    cluster: harness.Cluster
    redis: harness.RedisServer
    sim: harness.SimulatorControl
    zgw_app: object
    zgw_base: str
    web: harness.Cluster  # the module's webhook server

    @property
    def web_url(self) -> str:
        return self.web.web_url

    def broker_idle(self, queue: str = "celery") -> bool:
        """No message waits in the queue, and none is taken but not yet acknowledged."""
        client = self.redis.client()
        return client.llen(queue) == 0 and client.hlen("unacked") == 0

    def zaken(self, count: int, start: int = 1) -> list[dict]:
        """``count`` new zaken in the fake ZGW API; their status notifications."""
        return harness.add_zaken(self.zgw_app, self.zgw_base, count, start)

    def post(self, message: dict) -> int:
        return harness.post(self.web_url, message)

    def settle(self, messages: list[dict], timeout: float = 60) -> harness.Audit:
        return harness.settle(self.sim, messages, timeout)


@pytest.fixture
def worker_env() -> dict[str, str]:
    """Extra environment of the workers and beat; a test parametrizes it to change it."""
    return {}


@pytest.fixture
def run(transactional_db, redis_server, zgw, sim, web, process_env, worker_env, logdir):
    """A configured installation with two workers (one pool process each) and beat running."""
    redis_server.flush()
    if sim.server is None:  # a test that took it down and failed before bringing it back
        sim.start()
    sim.reset()
    zgw_app, zgw_base = zgw
    zgw_app.latency_seconds = 0
    harness.configure(zgw_base, sim.base_url)
    cluster = harness.Cluster(logdir, {**process_env, **worker_env})
    try:
        cluster.start_beat(wait=False)
        cluster.start_workers(2)
        cluster.beat.wait_for_log("beat: Starting", timeout=60)
        yield Run(cluster, redis_server, sim, zgw_app, zgw_base, web)
    finally:
        cluster.stop()
        if not redis_server.ping():
            redis_server.start()
