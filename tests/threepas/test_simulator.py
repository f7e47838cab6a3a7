"""The simulator as integrators and tests use it: over HTTP, from the command line, threaded."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from django.core.management import call_command

import pytest
import requests

from zgw_threepas.management.commands.threepas_simulator import Command
from zgw_threepas.threepas import contract as c
from zgw_threepas.threepas import envelope
from zgw_threepas.threepas.client import ThreepasClient
from zgw_threepas.threepas.errors import ThreepasError, ThreepasTransientError

from .factories import make_aanlevering, make_inhoud_xml

YEAR = datetime.now().year
REPO_ROOT = Path(__file__).resolve().parents[2]


def control(simulator, method: str, path: str, **kwargs) -> requests.Response:
    return requests.request(method, f"{simulator.base_url}/_simulator{path}", timeout=5, **kwargs)


def post_soap(url: str, body: bytes, *, action=c.SOAP_ACTION_PUBLISH, content_type=None):
    headers = {"Content-Type": content_type or c.CONTENT_TYPE, "SOAPAction": action}
    return requests.post(url, data=body, headers=headers, timeout=5)


# --- what it records ----------------------------------------------------------------------


def test_received_lists_what_arrived_with_metadata_and_decoded_inhoud(simulator, client):
    result = client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    response = control(simulator, "GET", "/received")

    assert response.status_code == 200
    [record] = response.json()
    assert record["dossiernummer"] == result.dossiernummer
    assert record["processed"] is True
    assert record["answer"] == "ok"
    assert record["operation"] == "VoegDossierToeEnPubliceer"
    assert record["soap_action"] == c.SOAP_ACTION_PUBLISH
    assert record["path"] == c.ENDPOINT_PATH
    assert record["metadata"]["Titel"] == make_aanlevering().titel
    assert record["metadata"]["Publicatieblad"] == "Gemeenteblad"
    assert record["metadata"]["Gebiedsmarkeringen"][0]["Postcode"] == "4401BT"
    assert record["inhoud_xml"] == make_inhoud_xml()
    assert "<InhoudZip>" in record["raw_request"]
    assert record["headers"]["Soapaction"] == c.SOAP_ACTION_PUBLISH


def test_one_message_can_be_fetched_by_its_dossiernummer(simulator, client):
    client.voeg_dossier_toe_en_publiceer(make_aanlevering(kenmerk="eerste"))
    second = client.voeg_dossier_toe_en_publiceer(make_aanlevering(kenmerk="tweede"))

    response = control(simulator, "GET", f"/received/{second.dossiernummer}")

    assert response.status_code == 200
    assert response.json()["metadata"]["Kenmerk"] == "tweede"
    missing = control(simulator, "GET", "/received/DRP-1999-999999")
    assert missing.status_code == 404
    assert "error" in missing.json()


def test_received_can_be_filtered_by_kenmerk_and_processed(simulator, client):
    client.voeg_dossier_toe_en_publiceer(make_aanlevering(kenmerk="a"))
    simulator.app.fail("http503")
    with pytest.raises(ThreepasTransientError):
        client.voeg_dossier_toe_en_publiceer(make_aanlevering(kenmerk="b"))

    by_kenmerk = control(simulator, "GET", "/received", params={"kenmerk": "b"}).json()
    failed = control(simulator, "GET", "/received", params={"processed": "false"}).json()

    assert [r["metadata"]["Kenmerk"] for r in by_kenmerk] == ["b"]
    assert [(r["metadata"]["Kenmerk"], r["answer"]) for r in failed] == [("b", "http503")]


def test_reset_forgets_messages_failures_and_numbering(simulator, client):
    client.voeg_dossier_toe_en_publiceer(make_aanlevering())
    simulator.app.fail("http500", count=3)

    response = control(simulator, "POST", "/reset")

    assert response.json() == {"reset": True}
    assert control(simulator, "GET", "/received").json() == []
    status = control(simulator, "GET", "/status").json()
    assert status["pending_failures"] == [] and status["received"] == 0
    assert client.voeg_dossier_toe_en_publiceer(make_aanlevering()).dossiernummer == (
        f"DRP-{YEAR}-000001"
    )


def test_status_counts_received_published_and_is_alive(simulator, client):
    client.voeg_dossier_toe_en_publiceer(make_aanlevering())
    simulator.app.fail("fault")
    with pytest.raises(ThreepasError):
        client.voeg_dossier_toe_en_publiceer(make_aanlevering())
    client.is_alive()

    status = control(simulator, "GET", "/status").json()

    assert status["received"] == 2
    assert status["published"] == 1
    assert status["is_alive_calls"] == 1


# --- telling it to fail --------------------------------------------------------------------


def test_fail_queues_the_next_n_failures_then_answers_normally(simulator, client):
    response = control(
        simulator, "POST", "/fail", json={"mode": "fault", "count": 2, "code": "DRP-BEZET"}
    )

    assert response.status_code == 200 and response.json() == {"pending": 2}
    for _ in range(2):
        with pytest.raises(ThreepasTransientError) as info:
            client.voeg_dossier_toe_en_publiceer(make_aanlevering())
        assert info.value.code == "DRP-BEZET"
    assert client.voeg_dossier_toe_en_publiceer(make_aanlevering()).dossiernummer == (
        f"DRP-{YEAR}-000001"
    )


def test_slow_mode_over_http_waits_the_given_delay(simulator, client):
    control(simulator, "POST", "/fail", json={"mode": "slow", "delay": 0.4})

    started = time.monotonic()
    client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert time.monotonic() - started >= 0.4


def test_fault_and_5xx_are_recorded_as_not_processed_drop_and_slow_as_processed(simulator):
    client = ThreepasClient(simulator.endpoint, timeout=(2, 0.2))
    for mode in ("fault", "http500", "http503", "html", "drop", "slow"):
        simulator.app.fail(mode, delay=0.5)
        with pytest.raises(ThreepasError):
            client.voeg_dossier_toe_en_publiceer(make_aanlevering(kenmerk=mode))

    records = {r["metadata"]["Kenmerk"]: r for r in simulator.app.received()}

    assert {k: r["processed"] for k, r in records.items()} == {
        "fault": False,
        "http500": False,
        "http503": False,
        "html": False,
        "drop": True,
        "slow": True,
    }
    assert records["drop"]["dossiernummer"] == f"DRP-{YEAR}-000001"
    assert records["fault"]["dossiernummer"] is None


@pytest.mark.parametrize(
    "payload, fragment",
    [
        ({"mode": "explode"}, "mode must be one of"),
        ({"mode": "fault", "count": 0}, "count"),
        ({"mode": "slow", "delay": -1}, "delay"),
        ({"mode": "fault", "operation": "Publish"}, "operation"),
    ],
)
def test_fail_refuses_nonsense_with_400(simulator, payload, fragment):
    response = control(simulator, "POST", "/fail", json=payload)

    assert response.status_code == 400
    assert fragment in response.json()["error"]
    assert simulator.app.status()["pending_failures"] == []


def test_control_api_refuses_bad_json_wrong_methods_and_unknown_paths(simulator):
    bad_json = control(simulator, "POST", "/fail", data=b"{mode: fault")
    wrong_method = control(simulator, "GET", "/reset")
    unknown = control(simulator, "GET", "/nothing-here")

    assert bad_json.status_code == 400 and "not JSON" in bad_json.json()["error"]
    assert wrong_method.status_code == 405
    assert unknown.status_code == 404


def outcomes_under_chaos(simulator, client, seed: int) -> list[str]:
    control(simulator, "POST", "/reset")
    response = control(
        simulator,
        "POST",
        "/chaos",
        json={"failure_rate": 0.5, "modes": ["http503", "fault"], "seed": seed},
    )
    assert response.status_code == 200
    outcomes = []
    for i in range(12):
        try:
            client.voeg_dossier_toe_en_publiceer(make_aanlevering(kenmerk=str(i)))
            outcomes.append("ok")
        except ThreepasError as exc:
            outcomes.append(exc.code)
    return outcomes


def test_chaos_fails_a_seeded_reproducible_share(simulator, client):
    first = outcomes_under_chaos(simulator, client, seed=1)
    again = outcomes_under_chaos(simulator, client, seed=1)

    assert first == again
    assert set(first) <= {"ok", "HTTP_503", "DRP-TIJDELIJK"}
    assert "ok" in first and len(set(first)) >= 2


def test_chaos_refuses_a_rate_outside_zero_to_one(simulator):
    response = control(simulator, "POST", "/chaos", json={"failure_rate": 1.5})

    assert response.status_code == 400
    assert simulator.app.status()["chaos"]["failure_rate"] == 0


# --- what it refuses -----------------------------------------------------------------------


def test_request_that_fails_our_xsd_gets_a_permanent_fault_with_the_reason(simulator):
    body = envelope.build_request(make_aanlevering(organisatie_oin="42"))

    response = post_soap(simulator.endpoint, body)

    assert response.status_code == 500
    error = envelope.read_fault(response.content)
    assert error.code == "DRP-VALIDATIE" and error.outcome == "permanent"
    assert "OrganisatieOin" in error.message
    [record] = simulator.app.received()
    assert record["processed"] is False and record["fault_code"] == "DRP-VALIDATIE"


def test_soapaction_without_quotes_is_not_supported(simulator):
    body = envelope.build_request(make_aanlevering())

    response = post_soap(
        simulator.endpoint, body, action=c.soap_action_uri("VoegDossierToeEnPubliceer")
    )

    error = envelope.read_fault(response.content)
    assert error.code == "ActionNotSupported" and error.outcome == "permanent"
    assert simulator.app.received()[0]["processed"] is False


def test_body_that_does_not_match_the_soapaction_is_refused(simulator):
    response = post_soap(simulator.endpoint, envelope.build_is_alive())

    assert envelope.read_fault(response.content).code == "DRP-VALIDATIE"


def test_wrong_content_type_is_refused_with_415(simulator):
    body = envelope.build_request(make_aanlevering())

    response = post_soap(simulator.endpoint, body, content_type="application/soap+xml")

    assert response.status_code == 415


def test_get_on_the_soap_endpoint_says_to_post(simulator):
    response = requests.get(simulator.endpoint, timeout=5)

    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"


def test_a_message_over_the_size_limit_is_refused_saying_the_limit(simulator):
    from zgw_threepas.threepas import contract

    body = b"<x>" + b"a" * contract.MAX_REQUEST_BYTES + b"</x>"

    response = requests.post(
        simulator.endpoint, data=body, headers={"Content-Type": "text/xml"}, timeout=30
    )

    assert response.status_code == 413
    assert f"at most {contract.MAX_REQUEST_BYTES} bytes" in response.text
    assert simulator.app.received() == []


def test_the_endpoint_also_answers_under_an_intermediarys_prefix(simulator):
    url = f"{simulator.base_url}/opentunnel/00000001001234567000/drop/3epas"

    result = ThreepasClient(url).voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert simulator.app.find(result.dossiernummer)["path"] == (
        "/opentunnel/00000001001234567000/drop/3epas"
    )


@pytest.mark.parametrize("path", ["/", "/wrong/", "/drop/3epas/extra", "/drop"])
def test_a_wrong_path_is_not_found_so_a_misconfigured_address_shows(simulator, path):
    response = requests.post(
        f"{simulator.base_url}{path}", data=b"<x/>", headers={"Content-Type": "text/xml"}, timeout=5
    )

    assert response.status_code == 404
    assert "/drop/3epas" in response.text
    assert simulator.app.received() == []


def test_is_alive_at_a_wrong_path_fails(simulator):
    with pytest.raises(ThreepasError) as info:
        ThreepasClient(f"{simulator.base_url}/wrong/").is_alive()

    assert info.value.http_status == 404


def test_concurrent_deliveries_each_get_a_distinct_dossiernummer(simulator, client):
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(
            pool.map(
                lambda i: client.voeg_dossier_toe_en_publiceer(make_aanlevering(kenmerk=str(i))),
                range(24),
            )
        )

    numbers = {result.dossiernummer for result in results}
    assert len(numbers) == 24
    assert len(simulator.app.received(processed=True)) == 24


# --- running it ------------------------------------------------------------------------------


def test_python_m_serves_until_ctrl_c():
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment["PYTHONPATH"] = str(REPO_ROOT)
    process = subprocess.Popen(
        [sys.executable, "-m", "zgw_threepas.threepas.simulator", "--port", "0"],
        cwd=REPO_ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first_line = process.stdout.readline()
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+)(/drop/3epas)", first_line)
        assert match, first_line + process.stderr.read()
        base_url, path = match.groups()

        result = ThreepasClient(base_url + path).voeg_dossier_toe_en_publiceer(make_aanlevering())
        received = requests.get(f"{base_url}/_simulator/received", timeout=5).json()
        assert [r["dossiernummer"] for r in received] == [result.dossiernummer]
    finally:
        process.send_signal(signal.SIGINT)
        stdout, _stderr = process.communicate(timeout=10)

    assert process.returncode == 0
    assert "stopped" in stdout


def test_python_m_refuses_client_ca_without_a_server_certificate():
    completed = subprocess.run(
        [sys.executable, "-m", "zgw_threepas.threepas.simulator", "--client-ca", "ca.pem"],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert completed.returncode == 2
    assert "--client-ca needs --certfile" in completed.stderr


def test_management_command_runs_the_same_simulator():
    command = Command()
    output = io.StringIO()
    thread = threading.Thread(
        target=call_command, args=(command, "--port", "0"), kwargs={"stdout": output}
    )
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while command.server is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert command.server is not None

        result = ThreepasClient(command.server.endpoint).voeg_dossier_toe_en_publiceer(
            make_aanlevering()
        )
        assert command.server.app.find(result.dossiernummer)["processed"] is True
    finally:
        if command.server is not None:
            command.server.shutdown()
        thread.join(timeout=10)

    assert not thread.is_alive()
    assert f"listening on {command.server.endpoint}" in output.getvalue()
    assert "stopped" in output.getvalue()
