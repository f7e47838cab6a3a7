"""Real components for the delivery fault scenarios and ``bin/delivery-load-run``.

Everything here is a real process or a real server: a private ``redis-server`` on a free port
(so that stopping it never disturbs the machine's Redis), Celery workers and beat started with
``celery -A testapp``, a threaded WSGI server (:mod:`.webserver`) serving the webhook, and the
fake ZGW API and the 3PAS simulator over HTTP. Every process runs in a session of its own, so that stopping it
takes its pool children with it; :func:`stop_all` ends whatever is still running.

The check at the end (:func:`audit`) compares our records with what the simulated DROP
actually received (its ``/_simulator/received`` API), not only with our own bookkeeping.
"""

from __future__ import annotations

import atexit
import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WEBHOOK_PATH = "/threepas/notificaties/"
WEBHOOK_TOKEN = "Token worker-scenarios-webhook-secret"
RSIN = "002220647"

#: Settings every process of a run shares: short time limits and sweep thresholds, so that
#: a lost message or a dead worker is found in seconds instead of minutes.
FAST_TIMINGS = {
    # soft, hard time limit of the delivery and notification tasks; the sweep waits for the
    # hard limit before it declares a "sending" publication abandoned.
    "CELERY_TIME_LIMITS": "6,8",
    "ZGW_THREEPAS_SWEEP_AFTER_SECONDS": "2",
    "ZGW_THREEPAS_SENDING_STALE_SECONDS": "1",
    "ZGW_THREEPAS_SWEEP_INTERVAL": "1",
}

_running: list[ManagedProcess] = []
_starts = itertools.count(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout: float, interval: float = 0.1, message: str = ""):
    """Call ``condition`` until it returns something true; return that, or fail after
    ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(message or f"condition not met within {timeout} s")
        time.sleep(interval)


# --- processes -----------------------------------------------------------------------------


class ManagedProcess:
    """A subprocess in a session of its own, with its output in a log file."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], logdir: Path):
        self.name = name
        self.argv = argv
        self.env = env
        # A file per start: a restarted process must not find the log lines of its predecessor.
        self.log_path = logdir / f"{name}-{next(_starts)}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> ManagedProcess:
        log = open(self.log_path, "ab")  # noqa: SIM115 - the child writes to it until it ends
        self.process = subprocess.Popen(
            self.argv,
            env=self.env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        _running.append(self)
        return self

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def wait_for_log(self, text: str, timeout: float = 30) -> None:
        def seen():
            if not self.alive():
                raise RuntimeError(f"{self.name} ended early:\n{self.log()[-3000:]}")
            return text in self.log()

        wait_for(seen, timeout, message=f"{self.name} did not log {text!r} within {timeout} s")

    def signal_group(self, signum: int) -> None:
        try:
            os.killpg(self.process.pid, signum)
        except ProcessLookupError:
            pass

    def kill(self) -> None:
        """SIGKILL the process and everything it started (its session)."""
        if self.process is None:
            return
        self.signal_group(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, grace: float = 5) -> None:
        """SIGTERM, then SIGKILL whatever is left of the session after ``grace`` seconds."""
        if self.process is None:
            return
        if self.alive():
            self.signal_group(signal.SIGTERM)
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        # Pool children that outlived their parent are still in the session.
        self.signal_group(signal.SIGKILL)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        if self in _running:
            _running.remove(self)


def stop_all() -> None:
    for process in list(_running):
        process.stop(grace=2)


atexit.register(stop_all)


def children_of(pid: int) -> list[int]:
    """The direct children of ``pid`` (Celery's pool processes), read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...; comm may hold spaces, so split after the last ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def connected_to(pid: int, port: int) -> bool:
    """Whether process ``pid`` has an established TCP connection to ``port`` on localhost."""
    inodes = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            remote, state, inode = parts[2], parts[3], parts[9]
            if state == "01" and int(remote.rsplit(":", 1)[1], 16) == port:
                inodes.add(inode)
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False
    for fd in fds:
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:[") and target[8:-1] in inodes:
            return True
    return False


class RedisServer:
    """A private, non-persistent ``redis-server``: a restart loses every queued message."""

    def __init__(self, logdir: Path, port: int | None = None):
        self.port = port or free_port()
        self.logdir = logdir
        self.process: ManagedProcess | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError(
                "The worker scenarios start Redis servers of their own and need the "
                "redis-server program (Debian: apt-get install redis-server)."
            )
        argv = [
            binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.logdir),
        ]
        self.process = ManagedProcess(f"redis-{self.port}", argv, dict(os.environ), self.logdir)
        self.process.start()
        wait_for(self.ping, 10, message="redis-server did not start")
        return self

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=5)

    def flush(self) -> None:
        self.client().flushall()

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()  # no shutdown save: queued messages are gone
            self.process.stop()

    def restart(self, down_for: float = 0) -> None:
        self.stop()
        time.sleep(down_for)
        self.start()


@dataclass
class Cluster:
    """The processes of one run: workers, beat and the webhook server."""

    logdir: Path
    env: dict[str, str]
    workers: dict[str, ManagedProcess] = field(default_factory=dict)
    beat: ManagedProcess | None = None
    web: ManagedProcess | None = None
    web_url: str = ""

    def start_worker(self, name: str, concurrency: int = 1) -> ManagedProcess:
        argv = [
            str(BIN / "celery"),
            "-A",
            "testapp",
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "-n",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ]
        worker = ManagedProcess(name, argv, self.env, self.logdir).start()
        self.workers[name] = worker
        return worker

    def start_workers(self, count: int = 2, concurrency: int = 1) -> None:
        names = [f"w{n}" for n in range(1, count + 1)]
        for name in names:
            self.start_worker(name, concurrency)
        for name in names:
            self.workers[name].wait_for_log(" ready.", timeout=60)

    def start_beat(self, wait: bool = True) -> None:
        argv = [
            str(BIN / "celery"),
            "-A",
            "testapp",
            "beat",
            "--schedule",
            str(self.logdir / f"beat-schedule-{uuid.uuid4().hex[:8]}"),
            "--pidfile=",
            "--loglevel=INFO",
        ]
        self.beat = ManagedProcess("beat", argv, self.env, self.logdir).start()
        if wait:
            self.beat.wait_for_log("beat: Starting", timeout=60)

    def start_web(self) -> None:
        port = free_port()
        argv = [sys.executable, "-m", "tests.workers.webserver", str(port)]
        self.web = ManagedProcess("web", argv, self.env, self.logdir).start()
        self.web_url = f"http://127.0.0.1:{port}"

        def answers():
            if not self.web.alive():
                raise RuntimeError(f"web server ended early:\n{self.web.log()[-3000:]}")
            try:
                return requests.get(self.web_url + WEBHOOK_PATH, timeout=1).status_code == 405
            except requests.ConnectionError:
                return False

        wait_for(answers, 60, message="the webhook server did not start")

    def sweep_results(self) -> list[dict[str, int]]:
        """What each run of the sweep task found, from Celery's own log line of its result."""
        found = []
        for worker in self.workers.values():
            for match in _SWEEP_RESULT.finditer(worker.log()):
                found.append({key: int(value) for key, value in _COUNTS.findall(match[1])})
        return found

    def sending_worker(self, port: int) -> tuple[str, int] | None:
        """``(worker name, pool process pid)`` of the pool process connected to ``port``."""
        for name, worker in self.workers.items():
            if not worker.alive():
                continue
            for child in children_of(worker.pid):
                if connected_to(child, port):
                    return name, child
        return None

    def stop(self) -> None:
        processes = [p for p in (*self.workers.values(), self.beat, self.web) if p is not None]
        # Warm shutdown for all at once, then whatever is left of each session is killed.
        for process in processes:
            if process.alive():
                process.signal_group(signal.SIGTERM)
        for process in processes:
            process.stop()


_SWEEP_RESULT = re.compile(r"Task zgw_threepas\.sweep\[[^\]]+\] succeeded in [^:]+: (\{[^}]*\})")
_COUNTS = re.compile(r"'(\w+)': (\d+)")


def process_env(*, db_name: str, broker_url: str, **extra: str) -> dict[str, str]:
    """The environment of a worker, beat or web process of a run."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="testapp.settings",
        PYTHONPATH=str(REPO),
        DB_ENGINE="postgresql",
        DB_NAME=db_name,
        DB_HOST=os.environ.get("DB_HOST", "127.0.0.1"),
        DB_PORT=os.environ.get("DB_PORT", "5432"),
        DB_USER=os.environ.get("DB_USER", "postgres"),
        CELERY_BROKER_URL=broker_url,
        CELERY_TASK_ALWAYS_EAGER="false",
        LANGUAGE_CODE="en",
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    env.update(FAST_TIMINGS)
    env.update(extra)
    return env


def make_logdir(prefix: str = "threepas-workers-") -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))


# --- data ----------------------------------------------------------------------------------

#: The ids in the fixtures of the zaak "dakkapel"; each clone gets new ones.
_ZAAK_UUID = "89ec3507-61d1-4e3c-b1db-3858397173b7"
_STATUS_UUID = "765dffa2-e0ac-41d0-88d1-684e930c53ff"
_ZAAKOBJECT_UUID = "733ca684-37d6-48aa-90a4-8d4984d5a22f"
_ROL_UUID = "5826faf7-83eb-489c-b7d5-06834f2040f1"
_IDENTIFICATIE = "ZAAK-2026-0000000042"


def add_zaken(app, base_url: str, count: int, start: int = 1) -> list[dict]:
    """Put ``count`` copies of the "dakkapel" zaak into the fake ZGW API, each with its own
    ids and identificatie, and return the status notification of each."""
    from testapp.fake_zgw import fixtures

    sources = [json.dumps(fixtures.load(name)) for name in _CLONED]
    template = json.dumps(fixtures.notification("status_create"))
    messages = []
    for n in range(start, start + count):
        ids = {old: str(uuid.uuid4()) for old in _OLD_IDS}
        ids[_IDENTIFICATIE] = f"ZAAK-2026-{9_000_000_000 + n}"

        for text in sources:
            app.add(json.loads(_replace(text, ids)))
        messages.append(json.loads(fixtures.rebase_text(_replace(template, ids), base_url)))
    return messages


def _replace(text: str, replacements: dict[str, str]) -> str:
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text


_CLONED = ("zaak", "status_aanvraag_ontvangen", "zaakobject", "rol_aanvrager")
_OLD_IDS = (_ZAAK_UUID, _STATUS_UUID, _ZAAKOBJECT_UUID, _ROL_UUID)


def configure(zgw_base: str, simulator_base: str, **config_fields):
    """Services, organisation, rule and run-time configuration for a run (committed)."""
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
            label=f"Fake {slug}",
            slug=slug,
            api_type=api_type,
            api_root=f"{zgw_base}{path}",
            auth_type=AuthTypes.zgw,
            client_id="zgw-threepas",
            secret="test-secret-for-the-fake-zgw-api-0123456789",
        )
    threepas = Service.objects.create(
        label="3PAS simulator",
        slug="threepas",
        api_type=APITypes.orc,
        api_root=f"{simulator_base}/drop/3epas",
        auth_type=AuthTypes.no_auth,
        timeout=10,
    )
    Organisatie.objects.create(
        naam="Amsterdam", rsin=RSIN, oin="00000001002564440000", threepas_service=threepas
    )
    PublicatieRegel.objects.create(
        naam="Aanvraag omgevingsvergunning ontvangen",
        zaaktype_identificatie=fixtures.load("zaaktype")["identificatie"],
        statustype_omschrijving="Aanvraag ontvangen",
        publicatietype=PublicatieType.aanvraag,
        publicatiebladen=[Publicatieblad.gemeenteblad],
        rubriek=Rubriek.omgevingsvergunning,
        activiteit=Activiteit.bouwen,
    )
    config = ThreepasConfig.get_solo()
    config.webhook_auth = WEBHOOK_TOKEN
    config.max_attempts = 10
    config.retry_backoff_seconds = 1
    config.retry_backoff_max_seconds = 2
    for name, value in config_fields.items():
        setattr(config, name, value)
    config.save()
    return config


def post(web_url: str, message: dict, timeout: float = 60) -> int:
    response = requests.post(
        web_url + WEBHOOK_PATH,
        json=message,
        headers={"Authorization": WEBHOOK_TOKEN},
        timeout=timeout,
    )
    return response.status_code


# --- the simulator -------------------------------------------------------------------------


class SimulatorControl:
    """The simulator's control API, and a server that can be taken down and brought back
    on the same port with the same memory of what it received."""

    def __init__(self):
        from zgw_threepas.threepas.simulator.app import Simulator

        self.app = Simulator()
        self.port = free_port()
        self.server = None
        self.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        from zgw_threepas.threepas.simulator.server import start_in_thread

        self.server, _ = start_in_thread(port=self.port, app=self.app)

    def stop(self) -> None:
        """Down: the port refuses connections until :meth:`start`."""
        if self.server is not None:
            self.server.stop()
            self.server = None

    def call(self, method: str, path: str, **kwargs):
        response = requests.request(
            method, f"{self.base_url}/_simulator/{path}", timeout=5, **kwargs
        )
        response.raise_for_status()
        return response.json()

    def reset(self) -> None:
        self.call("POST", "reset")

    def fail(self, mode: str, count: int = 1, **options) -> None:
        self.call("POST", "fail", json={"mode": mode, "count": count, **options})

    def chaos(self, failure_rate: float, **options) -> None:
        self.call("POST", "chaos", json={"failure_rate": failure_rate, **options})

    def received(self, **params) -> list[dict]:
        return self.call("GET", "received", params=params)


# --- the verdict ---------------------------------------------------------------------------


@dataclass
class Audit:
    """What became of the notifications of a run, checked against what DROP received."""

    expected: int  # notifications posted (distinct)
    notifications: int = 0  # stored
    publications: int = 0
    states: Counter = field(default_factory=Counter)
    delivered_messages: int = 0  # messages the simulated DROP turned into a dossier
    messages: int = 0  # messages the simulator received in total
    lost: list[str] = field(default_factory=list)
    doubled: list[str] = field(default_factory=list)
    unexplained: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    retried: int = 0  # publications that needed more than one attempt
    uncertain_in_drop: int = 0  # uncertain publications of which DROP does have the dossier
    attempts: int = 0

    @property
    def settled(self) -> bool:
        return not self.lost

    @property
    def ok(self) -> bool:
        return not (self.lost or self.doubled or self.unexplained or self.wrong)

    def problems(self) -> str:
        return json.dumps(
            {
                "states": dict(self.states),
                "lost": self.lost[:10],
                "doubled": self.doubled[:10],
                "unexplained": self.unexplained[:10],
                "wrong": self.wrong[:10],
            },
            indent=2,
        )


def audit(simulator: SimulatorControl, messages: list[dict]) -> Audit:
    """Check every posted notification against our records and the simulator's.

    A notification is *lost* unless it is stored, processed, and its publication is in a
    state that needs nobody else to move it: *published*, or *failed* / *uncertain* with a
    reason. A kennisgeving is *doubled* when DROP made more than one dossier for it (or we
    made more than one publication for one zaak). *Wrong* is a record that contradicts DROP:
    published without the dossier DROP made, or failed although DROP has it.
    """
    from zgw_threepas.constants import NotificatieStatus as N
    from zgw_threepas.constants import PublicatieStatus as S
    from zgw_threepas.models import OntvangenNotificatie, Publicatie

    result = Audit(expected=len({m["resourceUrl"] for m in messages}))
    records = simulator.received()
    result.messages = len(records)
    dossiers: dict[str, list[str]] = {}
    for record in records:
        if record["processed"]:
            kenmerk = (record["metadata"] or {}).get("Kenmerk", "")
            dossiers.setdefault(kenmerk, []).append(record["dossiernummer"])
    result.delivered_messages = sum(len(v) for v in dossiers.values())

    stored = {n.resource_url: n for n in OntvangenNotificatie.objects.all()}
    result.notifications = len(stored)
    publications = {}
    for publicatie in Publicatie.objects.all():
        publications.setdefault(publicatie.zaak_url, []).append(publicatie)
        result.states[publicatie.status] += 1
        result.attempts += publicatie.pogingen
        result.retried += publicatie.pogingen > 1
    result.publications = sum(len(v) for v in publications.values())

    for message in {m["resourceUrl"]: m for m in messages}.values():
        url = message["resourceUrl"]
        notification = stored.get(url)
        if notification is None:
            result.lost.append(f"{url}: not stored")
            continue
        if notification.status == N.received:
            result.lost.append(f"{url}: stored, not processed")
            continue
        if notification.status != N.processed:
            if not notification.reden:
                result.unexplained.append(f"{url}: notification {notification.status}, no reason")
            continue
        found = publications.get(message["hoofdObject"], [])
        if len(found) > 1:
            result.doubled.append(f"{message['hoofdObject']}: {len(found)} publications")
        if not found:
            result.lost.append(f"{url}: processed without a publication")
            continue
        for publicatie in found:
            made = dossiers.get(publicatie.kenmerk, [])
            if len(made) > 1:
                result.doubled.append(f"{publicatie.kenmerk}: DROP made {made}")
            if publicatie.status == S.published:
                if made != [publicatie.dossiernummer]:
                    result.wrong.append(
                        f"{publicatie.kenmerk}: published as {publicatie.dossiernummer}, "
                        f"DROP made {made}"
                    )
            elif publicatie.status in (S.failed, S.uncertain, S.held):
                if not publicatie.reden.strip():
                    result.unexplained.append(f"{publicatie.kenmerk}: {publicatie.status}")
                if publicatie.status == S.uncertain and made:
                    result.uncertain_in_drop += 1
                if publicatie.status != S.uncertain and made:
                    result.wrong.append(
                        f"{publicatie.kenmerk}: {publicatie.status}, but DROP made {made}"
                    )
            else:
                result.lost.append(f"{publicatie.kenmerk}: still {publicatie.status}")
    return result


def settle(simulator: SimulatorControl, messages: list[dict], timeout: float) -> Audit:
    """Audit until nothing is lost any more (or ``timeout`` passes); return the last audit."""
    deadline = time.monotonic() + timeout
    while True:
        result = audit(simulator, messages)
        if result.settled or time.monotonic() > deadline:
            return result
        time.sleep(0.5)
