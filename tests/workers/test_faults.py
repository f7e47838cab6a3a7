"""Delivery under faults, with real worker processes, a real broker and real HTTP.

Each scenario posts status notifications to the webhook (a threaded WSGI server in a process
of its own), lets two Celery workers (prefork, one pool process each) and beat do the work
through a private Redis, and then checks every notification against both our records and what
the 3PAS simulator received: each ends in exactly one delivered kennisgeving or in one
explained failure (*uncertain* or *failed* with a reason); none is lost, none doubled.

The timings are shrunk through the environment (``tests/workers/harness.py``): task time
limits of 6/8 seconds, the sweep every second, picking up work that waited 2 seconds.
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from celery import Celery

from zgw_threepas.constants import PublicatieStatus as S
from zgw_threepas.models import OntvangenNotificatie, Publicatie, ThreepasConfig

from .harness import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

DELIVERY_RECEIVED = re.compile(r"Task zgw_threepas\.deliver_publication\[([0-9a-f-]+)\] received")


def post_all(run, messages, threads: int = 8) -> list[int]:
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(run.post, messages))


def published_count(run) -> int:
    return len(run.sim.received(processed="true"))


def events(publicatie: Publicatie) -> list[str]:
    return list(
        publicatie.gebeurtenissen.order_by("tijdstip", "pk").values_list("soort", flat=True)
    )


def test_a_pool_process_killed_mid_delivery_leaves_one_uncertain_publication(run):
    first, *others = run.zaken(4)
    # DROP makes the dossier at once and answers 5 seconds later: the kill lands in between.
    run.sim.fail("slow", delay=5)

    assert run.post(first) == 204
    wait_for(lambda: run.sim.received(processed="true"), 30, message="nothing reached DROP")
    name, pool_pid = wait_for(lambda: run.cluster.sending_worker(run.sim.port), 5)
    os.kill(pool_pid, signal.SIGKILL)
    # The worker starts a new pool process, which delivers what comes next.
    assert post_all(run, others) == [204] * 3

    result = run.settle([first, *others], timeout=60)

    assert result.ok, result.problems()
    assert result.states == {S.published: 3, S.uncertain: 1}
    killed = Publicatie.objects.get(status=S.uncertain)
    assert killed.zaak_url == first["hoofdObject"]
    # DROP has its dossier; we do not know the number, so a person decides, and we never
    # sent it again.
    assert len(run.sim.received(kenmerk=killed.kenmerk)) == 1
    assert killed.foutcode == "worker-lost"
    assert "may or may not have reached DROP" in killed.reden
    assert events(killed)[-2:] == ["attempt", "worker-lost"]
    assert killed.pogingen == 1
    worker = run.cluster.workers[name]
    assert worker.alive()
    assert "SIGKILL" in worker.log()  # the pool process really died mid-task


@pytest.mark.parametrize("worker_env", [{"CELERY_VISIBILITY_TIMEOUT": "3"}])
def test_a_whole_worker_killed_mid_delivery_and_its_task_redelivered_sends_once(run):
    first, *others = run.zaken(3)
    run.sim.fail("slow", delay=5)

    assert run.post(first) == 204
    wait_for(lambda: run.sim.received(processed="true"), 30, message="nothing reached DROP")
    name, _ = wait_for(lambda: run.cluster.sending_worker(run.sim.port), 5)
    killed = run.cluster.workers[name]
    task_id = DELIVERY_RECEIVED.findall(killed.log())[-1]
    killed.kill()  # main process and pool process: the task stays unacknowledged in Redis
    assert post_all(run, others) == [204] * 2

    # The supervisor starts the worker again; once the (here very short) visibility timeout
    # has passed, the worker's start hands the unacknowledged task out again.
    time.sleep(3)
    run.cluster.start_worker(name).wait_for_log(" ready.", timeout=60)
    wait_for(
        lambda: any(task_id in w.log() for w in run.cluster.workers.values()),
        30,
        message="the task was not redelivered",
    )
    result = run.settle([first, *others], timeout=60)

    assert result.ok, result.problems()
    assert result.states == {S.published: 2, S.uncertain: 1}
    uncertain = Publicatie.objects.get(status=S.uncertain)
    assert uncertain.zaak_url == first["hoofdObject"]
    assert uncertain.foutcode == "worker-lost"
    assert uncertain.pogingen == 1  # the redelivered task did not start a second attempt
    assert len(run.sim.received(kenmerk=uncertain.kenmerk)) == 1


def test_a_worker_killed_while_reading_the_zaak_publishes_once_after_the_sweep(run):
    (message,) = run.zaken(1)
    run.zgw_app.latency_seconds = 0.7  # every ZGW request takes a while

    assert run.post(message) == 204
    # Kill the whole worker (main and pool process) while it reads from the ZGW API.
    zgw_port = int(run.zgw_base.rsplit(":", 1)[1])
    name, _ = wait_for(lambda: run.cluster.sending_worker(zgw_port), 20)
    run.cluster.workers[name].kill()
    run.zgw_app.latency_seconds = 0

    result = run.settle([message], timeout=60)

    assert result.ok, result.problems()
    assert result.states == {S.published: 1}
    assert result.delivered_messages == 1
    notification = OntvangenNotificatie.objects.get()
    # The claim of the killed worker ran out and the sweep queued the notification again.
    assert notification.pogingen == 2
    assert any(found["notifications"] == 1 for found in run.cluster.sweep_results())


def test_a_delivery_stopped_by_its_time_limit_is_uncertain_and_not_retried(run):
    (message,) = run.zaken(1)
    # DROP makes the dossier and answers after 7 seconds: past the soft limit (6 s), within
    # the 3PAS read timeout (10 s). The prefork pool interrupts the task.
    run.sim.fail("slow", delay=7)

    assert run.post(message) == 204
    result = run.settle([message], timeout=60)

    assert result.ok, result.problems()
    assert result.states == {S.uncertain: 1}
    publicatie = Publicatie.objects.get()
    assert publicatie.foutcode == "time-limit"
    assert "not known whether DROP received it" in publicatie.reden
    assert publicatie.pogingen == 1
    assert len(run.sim.received(kenmerk=publicatie.kenmerk)) == 1
    assert all(worker.alive() for worker in run.cluster.workers.values())


def test_redis_restarted_mid_run_loses_no_notification(run):
    before = run.zaken(30)
    during = run.zaken(10, start=31)
    # Every answer takes a little while, so the restart lands while work is queued.
    run.sim.chaos(1.0, modes=["slow"], delay=0.3)

    # Retries wait 1.5 to 3 seconds, so scheduled retries are pending when Redis goes.
    ThreepasConfig.objects.update(retry_backoff_seconds=3, retry_backoff_max_seconds=3)

    assert post_all(run, before) == [204] * 30
    wait_for(lambda: published_count(run) >= 5, 30)
    run.sim.fail("http503", count=4)
    wait_for(lambda: Publicatie.objects.filter(status=S.retrying).count() >= 2, 30)
    run.redis.stop()
    assert not run.redis.ping()
    # With the broker down the webhook still accepts (and stores) every notification.
    started = time.monotonic()
    assert post_all(run, during) == [204] * 10
    time.sleep(max(0.0, 2 - (time.monotonic() - started)))
    run.redis.start()  # empty: every queued and scheduled message is gone

    result = run.settle(before + during, timeout=90)

    assert result.ok, result.problems()
    assert result.states == {S.published: 40}
    assert result.delivered_messages == 40
    assert result.retried >= 2
    # The ten posted while Redis was down were never queued by the webhook: the sweep did,
    # as it queued again the deliveries and retries that went with the old Redis.
    swept = run.cluster.sweep_results()
    assert sum(found["notifications"] for found in swept) >= 10
    assert sum(found["publications"] for found in swept) >= 1


def test_the_same_notification_posted_concurrently_is_published_once(run):
    messages = run.zaken(3)
    copies = 15
    barrier = threading.Barrier(len(messages) * copies)

    def post_at_once(message):
        barrier.wait(timeout=30)
        return run.post(message)

    with ThreadPoolExecutor(len(messages) * copies) as pool:
        answers = list(pool.map(post_at_once, [m for m in messages for _ in range(copies)]))

    assert answers == [204] * len(messages) * copies
    result = run.settle(messages, timeout=60)
    assert result.ok, result.problems()
    assert result.states == {S.published: 3}
    assert (
        sorted(OntvangenNotificatie.objects.values_list("keer_ontvangen", flat=True))
        == [copies] * 3
    )

    # Replayed tasks (a broker that delivers twice, an operator who queues by hand) find
    # nothing to do.
    replay = Celery(broker=run.redis.url)
    try:
        for pk in Publicatie.objects.values_list("pk", flat=True):
            for _ in range(5):
                replay.send_task("zgw_threepas.deliver_publication", args=[pk])
        for pk in OntvangenNotificatie.objects.values_list("pk", flat=True):
            for _ in range(5):
                replay.send_task("zgw_threepas.process_notification", args=[pk])
    finally:
        replay.close()
    # Consumed and acknowledged (late, so after running): nothing waits, nothing runs.
    wait_for(run.broker_idle, 30, message="replayed tasks not consumed")
    assert audit_again(run, messages).delivered_messages == 3
    assert Publicatie.objects.filter(status=S.published).count() == 3


def test_the_simulator_down_for_a_while_delays_but_delivers_everything(run):
    messages = run.zaken(10)
    run.sim.stop()

    assert post_all(run, messages) == [204] * 10
    # Attempts fail while DROP is unreachable: retried, not given up, nothing sent.
    wait_for(lambda: Publicatie.objects.filter(status=S.retrying, pogingen__gte=2).count() >= 5, 30)
    time.sleep(2)
    run.sim.start()

    result = run.settle(messages, timeout=60)

    assert result.ok, result.problems()
    assert result.states == {S.published: 10}
    assert result.delivered_messages == 10
    assert result.retried >= 5
    failed_attempt = (
        Publicatie.objects.filter(gebeurtenissen__soort="attempt-failed")
        .values_list("gebeurtenissen__omschrijving", flat=True)
        .first()
    )
    assert "did not accept a connection" in failed_attempt


def test_a_share_of_every_kind_of_failure_ends_explained(run):
    messages = run.zaken(20)
    run.sim.chaos(0.4, modes=["fault", "http500", "http503", "drop", "html"], seed=4)

    assert post_all(run, messages) == [204] * 20
    result = run.settle(messages, timeout=90)

    assert result.ok, result.problems()
    assert set(result.states) <= {S.published, S.uncertain}
    assert result.states[S.published] + result.states[S.uncertain] == 20
    assert result.retried >= 1
    # Uncertain only where the answer may have been lost: the connection dropped (DROP has
    # the dossier), a web page came back or a 500 without a SOAP Fault (DROP may or may not
    # have it); never resent.
    for publicatie in Publicatie.objects.filter(status=S.uncertain):
        answers = [r["answer"] for r in run.sim.received(kenmerk=publicatie.kenmerk)]
        assert answers[-1] in ("drop", "html", "http500"), answers
        assert publicatie.reden


def audit_again(run, messages):
    from .harness import audit

    result = audit(run.sim, messages)
    assert result.ok, result.problems()
    return result
