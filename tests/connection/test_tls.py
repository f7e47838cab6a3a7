"""Mutual TLS for real: the simulator over HTTPS demands a client certificate, and
``threepas_check`` says what is wrong in each way the certificates can be wrong.

The certificates are made in the test (trustme) and reach the connection as an administrator
puts them there: django-simple-certmanager rows on the organisation's zgw-consumers Service.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

import pytest

from zgw_threepas.delivery.check import check_connection
from zgw_threepas.delivery.testpublication import send_test_publication
from zgw_threepas.models import Bericht
from zgw_threepas.threepas import contract
from zgw_threepas.threepas.errors import ThreepasError

from .conftest import certificate_row, codes, now, run_check

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def use_client_certificate(organisatie, row):
    service = organisatie.threepas_service
    service.client_certificate = row
    service.save()


def point_at(organisatie, server):
    service = organisatie.threepas_service
    service.api_root = server.endpoint
    service.save()


def test_the_right_client_certificate_passes_the_check(connected):
    organisatie, server = connected

    output, error = run_check()

    assert error is None
    assert "[OK]      The 3PAS service answered isAlive" in output
    assert "3PAS connection check passed: 0 errors" in output
    assert server.app.status()["is_alive_calls"] == 1
    [bericht] = Bericht.objects.all()
    assert bericht.organisatie == organisatie
    assert bericht.soap_action == contract.SOAP_ACTION_IS_ALIVE
    assert (bericht.http_status, bericht.uitkomst) == (200, "success")
    assert bericht.endpoint == server.endpoint


def test_the_right_client_certificate_delivers_a_test_kennisgeving(connected):
    organisatie, server = connected

    result = send_test_publication(organisatie)

    [received] = server.app.received()
    assert received["dossiernummer"] == result.dossiernummer
    assert "DNS:gemeente-amsterdam.example" in received["client_certificate"]
    assert received["metadata"]["Titel"].startswith("TEST")
    assert result.bericht.uitkomst == "success"


def test_a_missing_client_certificate_is_refused(connected):
    organisatie, server = connected
    use_client_certificate(organisatie, None)

    output, error = run_check()

    assert error == "The 3PAS connection check found problems: 1 error, 1 warning."
    assert "[WARNING] The service has no client certificate" in output
    assert "[ERROR]   The 3PAS server requires a client certificate, and none is set" in output
    assert server.app.status()["is_alive_calls"] == 0


def test_a_client_certificate_from_another_ca_is_refused(connected, pki):
    organisatie, server = connected
    use_client_certificate(organisatie, certificate_row("Wrong", pki.client(ca=pki.other_ca)))

    report = check_connection(organisatie)

    assert codes(report)["client-certificate-refused"] == "error"
    [finding] = report.errors
    assert "refused the client certificate 'Wrong'" in finding.message
    assert "UNKNOWN_CA" in finding.message
    assert server.app.status()["is_alive_calls"] == 0


def test_a_refused_client_certificate_delivers_nothing(connected, pki):
    organisatie, server = connected
    use_client_certificate(organisatie, certificate_row("Wrong", pki.client(ca=pki.other_ca)))

    # Whether the client reads the server's alert or only sees the connection end is a race
    # inside TLS 1.3 (the client sends its request before the server has checked its
    # certificate); either way nothing may arrive. An end without the alert cannot be told
    # from a connection lost after DROP handled the message, so it is classed as uncertain.
    with pytest.raises(ThreepasError) as info:
        send_test_publication(organisatie)

    assert info.value.code in (
        "TLS_CERTIFICATE",
        "TLS",
        "TLS_AFTER_SENDING",
        "CONNECTION_DROPPED",
    )
    assert server.app.received() == []
    assert Bericht.objects.get().uitkomst == info.value.outcome


def test_an_expired_client_certificate_is_reported_and_refused(connected, pki):
    organisatie, server = connected
    expired = pki.client(
        not_before=now() - dt.timedelta(days=400), not_after=now() - dt.timedelta(days=2)
    )
    use_client_certificate(organisatie, certificate_row("Expired", expired))

    output, error = run_check()

    assert error is not None
    assert "[ERROR]   The client certificate 'Expired'" in output
    assert "expired on" in output
    assert "The 3PAS server refused the client certificate 'Expired'" in output
    assert server.app.status()["is_alive_calls"] == 0


def test_a_client_certificate_that_expires_within_30_days_warns_but_passes(connected, pki):
    organisatie, server = connected
    soon = pki.client(not_after=now() + dt.timedelta(days=12, hours=1))
    use_client_certificate(organisatie, certificate_row("Soon", soon))

    output, error = run_check()

    assert error is None
    assert "[WARNING] The client certificate 'Soon'" in output
    assert "in 12 days" in output
    assert "0 errors, 1 warning." in output


def test_an_expired_server_certificate_is_refused(connected, pki, tls_simulator):
    organisatie, _server = connected
    expired = pki.server(
        not_before=now() - dt.timedelta(days=400), not_after=now() - dt.timedelta(days=1)
    )
    server = tls_simulator(expired, client_ca=pki.ca)
    point_at(organisatie, server)

    output, error = run_check("--organisation", organisatie.rsin)

    assert error == "The 3PAS connection check found problems: 1 error, 0 warnings."
    assert "[ERROR]   The 3PAS server's certificate has expired" in output
    assert server.app.status()["is_alive_calls"] == 0


def test_an_untrusted_server_certificate_is_reported_as_a_ca_mismatch(
    connected, pki, tls_simulator
):
    organisatie, _server = connected
    server = tls_simulator(pki.server(ca=pki.other_ca), client_ca=pki.ca)
    point_at(organisatie, server)

    report = check_connection(organisatie)

    [finding] = report.errors
    assert finding.code == "server-certificate-untrusted"
    assert "not issued by the configured server CA '3PAS server CA'" in finding.message
    assert "CA mismatch" in finding.message
    assert "127.0.0.1" in finding.message  # what the server showed
    assert "Private Root CA - G1" in finding.hint
    assert server.app.status()["is_alive_calls"] == 0


def test_a_server_certificate_for_another_host_is_refused(connected, pki, tls_simulator):
    organisatie, _server = connected
    server = tls_simulator(pki.ca.issue_cert("3pas.example.nl"), client_ca=pki.ca)
    point_at(organisatie, server)

    report = check_connection(organisatie)

    assert [f.code for f in report.errors] == ["server-certificate-hostname"]
    assert "3pas.example.nl" in report.errors[0].message


def test_an_unreachable_endpoint_is_reported(connected):
    organisatie, server = connected
    endpoint = server.endpoint
    server.stop()

    report = check_connection(organisatie)

    [finding] = report.errors
    assert finding.code == "endpoint-unreachable"
    assert finding.message.startswith(f"{endpoint} cannot be reached")
    assert "firewall" in finding.hint


@pytest.mark.django_db(transaction=True)
def test_the_command_exits_non_zero_on_an_error_and_zero_when_it_works(connected, private_media):
    """From the command line, as monitoring runs it: exit status 1, then 0."""
    organisatie, _server = connected
    certificate = organisatie.threepas_service.client_certificate
    use_client_certificate(organisatie, None)
    env = {
        **os.environ,
        "DB_ENGINE": "postgresql",
        "DB_NAME": connection.settings_dict["NAME"],
        "PRIVATE_MEDIA_ROOT": str(private_media),
        "LANGUAGE_CODE": "en",
    }
    command = [sys.executable, "testapp/manage.py", "threepas_check", "--no-color"]

    refused = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    use_client_certificate(organisatie, certificate)
    works = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)

    assert refused.returncode == 1, refused.stderr
    assert "requires a client certificate" in refused.stdout
    assert "CommandError: The 3PAS connection check found problems" in refused.stderr
    assert works.returncode == 0, works.stdout + works.stderr
    assert "3PAS connection check passed" in works.stdout


# --- the same cases through manage.py threepas_check, as an administrator sees them ------


def test_the_command_reports_a_client_certificate_from_another_ca(connected, pki):
    organisatie, server = connected
    use_client_certificate(organisatie, certificate_row("Wrong", pki.client(ca=pki.other_ca)))

    output, error = run_check()

    assert error == "The 3PAS connection check found problems: 1 error, 0 warnings."
    assert "[ERROR]   The 3PAS server refused the client certificate 'Wrong'" in output
    assert "→ Check that it is the certificate KOOP registered for this organisation" in output
    assert server.app.status()["is_alive_calls"] == 0


def test_the_command_reports_an_untrusted_server_certificate_as_a_ca_mismatch(
    connected, pki, tls_simulator
):
    organisatie, _server = connected
    server = tls_simulator(pki.server(ca=pki.other_ca), client_ca=pki.ca)
    point_at(organisatie, server)

    output, error = run_check()

    assert error == "The 3PAS connection check found problems: 1 error, 0 warnings."
    assert (
        "[ERROR]   The 3PAS server's certificate was not issued by the configured server CA "
        "'3PAS server CA' (CA mismatch" in output
    )
    assert "Staat der Nederlanden Private Root CA - G1" in output
    assert server.app.status()["is_alive_calls"] == 0


def test_the_command_warns_of_a_server_ca_that_expires_within_30_days(connected, pki):
    """Every certificate in the server CA file is judged, before any call (``--no-call``)."""
    organisatie, server = connected
    service = organisatie.threepas_service
    expiring = pki.ca.issue_cert("ca.example", not_after=now() + dt.timedelta(days=20, hours=1))
    service.server_certificate = certificate_row("Expiring CA", ca=expiring)
    service.save()

    output, error = run_check("--no-call")

    assert error is None
    assert "[WARNING] The server CA '" in output
    assert "' in 'Expiring CA' expires on" in output
    assert "in 20 days" in output
    assert "0 errors, 1 warning." in output
    assert server.app.status()["is_alive_calls"] == 0


def test_the_command_reports_an_unreachable_endpoint(connected):
    organisatie, server = connected
    endpoint = server.endpoint
    server.stop()

    output, error = run_check()

    assert error == "The 3PAS connection check found problems: 1 error, 0 warnings."
    assert f"[ERROR]   {endpoint} cannot be reached" in output
    assert "→ Check the address and that this server may connect to it (firewall" in output


def test_the_command_reports_what_came_back_when_the_address_is_no_3pas_service(connected):
    organisatie, server = connected
    server.app.fail("html", operation=contract.OPERATION_IS_ALIVE)

    output, error = run_check()

    assert error is not None
    assert "answered, but not as a 3PAS service" in output
    assert "It began with: <!DOCTYPE html>" in output or "It began with: <html" in output
