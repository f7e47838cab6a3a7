"""What the administrator sees: the message log with a decoded delivery, the "test connection"
page, the test kennisgeving action, the endpoint preset, and the Django system checks.

Everything goes over real HTTP to the 3PAS simulator; the admin is driven through Django's
test client as a logged-in superuser.
"""

from __future__ import annotations

from datetime import timedelta
from html import unescape
from io import StringIO

from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest
import requests

from zgw_threepas.constants import Aansluitstap, PublicatieStatus, PublicatieType
from zgw_threepas.constants import ThreepasAuthenticatie as Auth
from zgw_threepas.delivery.check import SYSTEM_CHECK_IDS
from zgw_threepas.delivery.connection import endpoint_of
from zgw_threepas.delivery.tasks import cleanup_message_log
from zgw_threepas.delivery.testpublication import send_test_publication
from zgw_threepas.models import Bericht, Publicatie

pytestmark = pytest.mark.django_db

PASSWORD = "poc-Secret-4711"


def received(simulator: str) -> list[dict]:
    return requests.get(f"{simulator}/_simulator/received", timeout=5).json()


@pytest.fixture
def poc(organisatie, simulator):
    """At step 1 with a WS-Security UsernameToken, which puts the password in the body."""
    organisatie.aansluitstap = Aansluitstap.poc
    organisatie.authenticatie = Auth.ws_security_username_token
    organisatie.gebruikersnaam = "gemeente-amsterdam-poc"
    organisatie.wachtwoord = PASSWORD
    organisatie.save()
    return organisatie


# --- message log --------------------------------------------------------------------------


def test_the_message_log_shows_a_delivery_decoded_next_to_the_raw_message(
    admin_client, poc, simulator
):
    result = send_test_publication(poc)
    bericht = result.bericht

    response = admin_client.get(reverse("admin:zgw_threepas_bericht_change", args=[bericht.pk]))

    assert response.status_code == 200
    page = unescape(response.content.decode())
    # The decoded half: the metadata as a table and inhoud.xml indented, readable.
    assert "Decoded: metadata and inhoud.xml" in page
    assert "<th>Titel</th><td>TEST – testkennisgeving van Amsterdam" in page
    assert "<th>OrganisatieOin</th><td>00000001002564440000</td>" in page
    assert "<zakelijke-mededeling>" in page
    assert "<al>Zij heeft geen rechtsgevolg en hoort niet gepubliceerd te worden.</al>" in page
    # The raw half: the SOAP message as it went, with the password blanked.
    assert "Raw message (passwords redacted)" in page
    assert "InhoudZip" in page
    assert "gemeente-amsterdam-poc" in page
    assert "********" in page
    assert PASSWORD not in page
    # ... while the simulator did receive it.
    assert PASSWORD in received(simulator)[0]["raw_request"]
    # The answer with the dossiernummer, and what kind of exchange it was.
    assert result.dossiernummer in page
    assert "test kennisgeving" in page


def test_a_message_log_row_cannot_be_edited(admin_client, poc, simulator):
    bericht = send_test_publication(poc).bericht
    url = reverse("admin:zgw_threepas_bericht_change", args=[bericht.pk])

    admin_client.post(url, {"request": "changed"})

    bericht.refresh_from_db()
    assert "changed" != bericht.request
    assert "VoegDossierToeEnPubliceer" in bericht.request


def test_cleanup_removes_exchanges_past_the_retention_period_except_uncertain_ones(
    settings, poc, simulator
):
    settings.ZGW_THREEPAS_MESSAGE_LOG_RETENTION_DAYS = 30
    old, recent, evidence = (send_test_publication(poc).bericht for _ in range(3))
    uncertain = Publicatie.objects.create(
        zaak_url="http://zaken.example/zaken/1",
        publicatietype=PublicatieType.aanvraag,
        publicatieblad="gemeenteblad",
        organisatie=poc,
        status=PublicatieStatus.uncertain,
    )
    Bericht.objects.filter(pk=evidence.pk).update(publicatie=uncertain)
    long_ago = timezone.now() - timedelta(days=31)
    Bericht.objects.filter(pk__in=[old.pk, evidence.pk]).update(tijdstip=long_ago)

    deleted = cleanup_message_log.apply().get()

    assert deleted == 1
    assert set(Bericht.objects.values_list("pk", flat=True)) == {recent.pk, evidence.pk}


def test_without_a_retention_period_the_log_is_kept(settings, poc, simulator):
    settings.ZGW_THREEPAS_MESSAGE_LOG_RETENTION_DAYS = None
    bericht = send_test_publication(poc).bericht
    Bericht.objects.filter(pk=bericht.pk).update(tijdstip=timezone.now() - timedelta(days=3650))

    assert cleanup_message_log.apply().get() == 0
    assert Bericht.objects.filter(pk=bericht.pk).exists()


# --- "test connection" and the test kennisgeving in the admin -----------------------------


def test_the_test_connection_page_says_the_connection_works(admin_client, poc, simulator):
    url = reverse("admin:zgw_threepas_organisatie_connection_check", args=[poc.pk])

    page = admin_client.get(url).content.decode()

    assert "The 3PAS connection of Gemeente Amsterdam works." in page
    assert 'data-code="is-alive"' in page
    assert Bericht.objects.get().soap_action.endswith('IsAlive"')


def test_the_test_connection_page_says_what_is_wrong_and_what_to_do(admin_client, poc, simulator):
    requests.post(
        f"{simulator}/_simulator/credentials",
        json={"username": "gemeente-amsterdam-poc", "password": "another"},
        timeout=5,
    ).raise_for_status()
    url = reverse("admin:zgw_threepas_organisatie_connection_check", args=[poc.pk])

    page = unescape(admin_client.get(url).content.decode())

    assert "The 3PAS connection of Gemeente Amsterdam has a problem." in page
    assert 'data-code="credentials-refused"' in page
    assert "The username or password was refused" in page
    assert "try the other method" in page
    assert PASSWORD not in page


def test_the_list_links_each_organisation_to_its_connection_check(admin_client, poc):
    page = admin_client.get(reverse("admin:zgw_threepas_organisatie_changelist")).content
    url = reverse("admin:zgw_threepas_organisatie_connection_check", args=[poc.pk])

    assert url.encode() in page


def _action(admin_client, action: str, organisatie):
    return admin_client.post(
        reverse("admin:zgw_threepas_organisatie_changelist"),
        {"action": action, "_selected_action": [organisatie.pk]},
        follow=True,
    )


def test_the_admin_action_sends_a_marked_test_kennisgeving_and_names_its_dossiernummer(
    admin_client, poc, simulator
):
    response = _action(admin_client, "send_test_kennisgeving", poc)

    [message] = received(simulator)
    assert message["metadata"]["Titel"].startswith("TEST – ")
    assert "niet publiceren" in message["metadata"]["Titel"]
    assert '<al><nadruk type="vet">Dit is een test.</nadruk></al>' in message["inhoud_xml"]
    [notice] = [str(m) for m in get_messages(response.wsgi_request)]
    assert f"DROP dossiernummer {message['dossiernummer']}" in notice


def test_no_test_kennisgeving_is_sent_at_the_production_step(admin_client, poc, simulator):
    poc.aansluitstap = Aansluitstap.productie
    poc.save()

    response = _action(admin_client, "send_test_kennisgeving", poc)

    assert received(simulator) == []
    [notice] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "is at the production step" in notice
    assert not Bericht.objects.exists()


def test_no_test_kennisgeving_goes_to_the_production_host_whatever_the_step(
    settings, admin_client, poc, simulator
):
    settings.ZGW_THREEPAS_ENDPOINT_HOSTS = {"productie": "127.0.0.1"}

    response = _action(admin_client, "send_test_kennisgeving", poc)

    assert received(simulator) == []
    [notice] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "is on the production host" in notice


# --- endpoint presets --------------------------------------------------------------------


@pytest.mark.parametrize(
    "stap, host",
    [
        (Aansluitstap.poc, "poc.eto.example.nl"),
        (Aansluitstap.tst_koop_cert, "tst.eto.example.nl"),
        (Aansluitstap.tst_own_cert, "tst.eto.example.nl"),
        (Aansluitstap.productie, "bus.example.nl"),
    ],
)
def test_the_preset_fills_in_the_address_of_the_step_from_the_oin(
    settings, admin_client, organisatie, stap, host
):
    settings.ZGW_THREEPAS_ENDPOINT_HOSTS = {
        "poc": "poc.eto.example.nl",
        "tst_koop_cert": "tst.eto.example.nl",
        "tst_own_cert": "tst.eto.example.nl",
        "productie": "bus.example.nl",
    }
    organisatie.aansluitstap = stap
    organisatie.save()

    _action(admin_client, "apply_endpoint_preset", organisatie)

    organisatie.threepas_service.refresh_from_db()
    # zgw-consumers ends every api_root in a slash; messages go to the address without it.
    assert endpoint_of(organisatie.threepas_service) == (
        f"https://{host}/opentunnel/00000001002564440000/drop/3epas"
    )


def test_a_preset_still_on_its_placeholder_host_is_never_called(admin_client, organisatie):
    _action(admin_client, "apply_endpoint_preset", organisatie)
    out = StringIO()

    with pytest.raises(Exception, match="found problems"):
        call_command("threepas_check", stdout=out, no_color=True)

    output = out.getvalue()
    assert "still has the placeholder host of the preset" in output
    assert "The 3PAS service was not called: correct the errors above first." in output
    assert not Bericht.objects.exists()


# --- Django system checks ----------------------------------------------------------------


def run_system_checks(*args) -> str:
    out, err = StringIO(), StringIO()
    try:
        call_command("check", *args, stdout=out, stderr=err)
    except Exception as exc:  # SystemCheckError for errors
        return out.getvalue() + err.getvalue() + str(exc)
    return out.getvalue() + err.getvalue()


def test_organisation_configuration_that_cannot_work_is_a_system_check_warning(organisatie):
    organisatie.aansluitstap = Aansluitstap.poc
    organisatie.save()

    output = run_system_checks("--database", "default")

    assert "zgw_threepas.W019" in output
    assert "Gemeente Amsterdam: At step 1 (proof of concept) KOOP identifies the sender" in output
    assert "HINT: Choose a username authentication" in output


def test_organisation_checks_need_the_database_so_a_deployment_never_stops_on_them(organisatie):
    organisatie.aansluitstap = Aansluitstap.poc
    organisatie.save()

    assert "zgw_threepas.W0" not in run_system_checks()


def test_a_wrong_setting_is_a_system_check_error(settings):
    settings.ZGW_THREEPAS_ENDPOINT_HOSTS = {"stap5": "host.example.nl"}
    settings.ZGW_THREEPAS_MESSAGE_LOG_RETENTION_DAYS = 0

    output = run_system_checks()

    assert "zgw_threepas.E004" in output
    assert "zgw_threepas.E005" in output


def test_every_configuration_finding_has_its_own_system_check_id():
    ids = list(SYSTEM_CHECK_IDS.values())

    assert len(ids) == len(set(ids))
    assert all(i.startswith("zgw_threepas.W0") for i in ids)


def _configure(organisatie, *, api_root=None, service=None, **fields):
    for name, value in fields.items():
        setattr(organisatie, name, value)
    organisatie.save()
    svc = organisatie.threepas_service
    if api_root is not None:
        svc.api_root = api_root
    for name, value in (service or {}).items():
        setattr(svc, name, value)
    svc.save()


@pytest.mark.parametrize(
    ("setup", "check_id", "words"),
    [
        (
            {"api_root": "https://bus.example.nl/opentunnel/00000001001005650000/drop/3epas"},
            "zgw_threepas.W014",
            "The 3PAS address names OIN 00000001001005650000",
        ),
        (
            {"api_root": "http://bus.example.nl/drop/3epas"},
            "zgw_threepas.W016",
            "travel unencrypted (http, not https)",
        ),
        (
            {
                "api_root": "http://bus.example.nl/drop/3epas",
                "aansluitstap": Aansluitstap.poc,
                "authenticatie": Auth.http_basic,
                "gebruikersnaam": "poc",
                "wachtwoord": PASSWORD,
            },
            "zgw_threepas.W021",
            "The password would travel unencrypted",
        ),
        (
            {
                "aansluitstap": Aansluitstap.tst_koop_cert,
                "authenticatie": Auth.ws_security_username_token,
                "gebruikersnaam": "poc",
                "wachtwoord": PASSWORD,
            },
            "zgw_threepas.W020",
            "from step 2 on KOOP identifies the sender by its certificate",
        ),
        (
            {"aansluitstap": Aansluitstap.poc, "authenticatie": Auth.http_basic},
            "zgw_threepas.W018",
            "but the username or the password is empty",
        ),
        (
            {"service": {"auth_type": "zgw", "client_id": "x", "secret": "y"}},
            "zgw_threepas.W017",
            "which 3PAS does not use",
        ),
        (
            {"threepas_service": None},
            "zgw_threepas.W010",
            "No 3PAS service is set for Gemeente Amsterdam.",
        ),
    ],
    ids=[
        "oin-mismatch",
        "http",
        "password-over-http",
        "after-poc",
        "empty-password",
        "zgw-auth",
        "no-service",
    ],
)
def test_each_kind_of_unworkable_connection_has_its_system_check_id(
    organisatie, setup, check_id, words
):
    setup = dict(setup)
    if "threepas_service" in setup:
        organisatie.threepas_service = setup.pop("threepas_service")
        organisatie.save()
    else:
        _configure(organisatie, **setup)

    output = run_system_checks("--database", "default")

    line = next((line for line in output.splitlines() if check_id in line), "")
    assert words in line, output


def test_the_preset_leaves_a_service_shared_with_another_organisation_alone(
    settings, admin_client, organisatie
):
    from zgw_threepas.models import Organisatie

    settings.ZGW_THREEPAS_ENDPOINT_HOSTS = {"productie": "bus.example.nl"}
    service = organisatie.threepas_service
    before = service.api_root
    Organisatie.objects.create(
        naam="Haarlemmermeer",
        rsin="001005650",
        oin="00000001001005650000",
        threepas_service=service,
    )

    response = _action(admin_client, "apply_endpoint_preset", organisatie)

    service.refresh_from_db()
    assert service.api_root == before
    [notice] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "is also used by Gemeente Haarlemmermeer; its address was not changed" in notice
