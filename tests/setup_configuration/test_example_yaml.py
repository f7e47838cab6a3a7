"""``setup_configuration`` with docs/setup_configuration_example.yaml configures an installation
that publishes, and running it again changes nothing.

The YAML names fixed hosts; each test runs on a copy whose URLs point at the servers of this
test run (fake ZGW API, 3PAS simulator, Notificaties API stand-in, live webhook).
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

import pytest
import requests
import yaml

from testapp.fake_zgw import fixtures
from tests.conftest import simulator_received
from tests.openzaak.conftest import NRC_SECRET
from tests.openzaak.nrc_standin import make_jwt

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "setup_configuration_example.yaml"
WEBHOOK_AUTH = "Token from-the-environment"

DROP_WACHTWOORD = "drop-password"


@pytest.fixture(autouse=True)
def _secrets(monkeypatch):
    # The steps come from the test project's settings (SETUP_CONFIGURATION_STEPS), as in a
    # project that follows docs/configuration-as-code.rst.
    monkeypatch.setenv("THREEPAS_OPENZAAK_SECRET", "openzaak-secret")
    monkeypatch.setenv("THREEPAS_NOTIFICATIES_SECRET", NRC_SECRET)
    monkeypatch.setenv("THREEPAS_WEBHOOK_AUTH", WEBHOOK_AUTH)
    monkeypatch.setenv("THREEPAS_DROP_WACHTWOORD", DROP_WACHTWOORD)


@pytest.fixture
def example(tmp_path, fake_zgw, simulator, nrc, callback_url):
    """A copy of the example YAML that points at this test run's servers."""
    _, zgw_base = fake_zgw
    _, nrc_root = nrc
    text = EXAMPLE.read_text()
    for fixed, ours in {
        "http://openzaak.local/": f"{zgw_base}/",
        "http://notificaties.local/api/v1/": nrc_root,
        "https://drop.example.nl/opentunnel/00000001002564440000/drop/3epas": (
            f"{simulator}/drop/3epas"
        ),
        "http://threepas.local/threepas/notificaties/": callback_url,
    }.items():
        assert fixed in text, f"the example no longer mentions {fixed}"
        text = text.replace(fixed, ours)
    path = tmp_path / "setup_configuration.yaml"
    path.write_text(text)
    return path


def setup_configuration(path: Path, *args: str, out: StringIO | None = None) -> str:
    """``manage.py setup_configuration --yaml-file <path>`` as the docs show it, through the
    test project's INSTALLED_APPS and SETUP_CONFIGURATION_STEPS."""
    out = out if out is not None else StringIO()
    call_command("setup_configuration", "--yaml-file", str(path), *args, stdout=out, stderr=out)
    return out.getvalue()


def snapshot() -> dict:
    from zgw_consumers.models import Service

    from zgw_threepas.models import (
        Organisatie,
        PublicatieRegel,
        Sjabloon,
        ThreepasConfig,
        Vrijedag,
    )

    return {
        model.__name__: sorted(
            (model_to_dict(row) for row in model.objects.all()), key=lambda row: row["id"]
        )
        for model in (Service, ThreepasConfig, Organisatie, Vrijedag, Sjabloon, PublicatieRegel)
    }


def test_the_example_configures_services_settings_organisation_rule_and_abonnement(
    example, nrc, callback_url, simulator
):
    from zgw_consumers.models import Service

    from zgw_threepas.models import Organisatie, PublicatieRegel, ThreepasConfig

    output = setup_configuration(example)

    assert "Configuration completed." in output
    assert set(Service.objects.values_list("slug", flat=True)) == {
        "zaken-api",
        "catalogi-api",
        "besluiten-api",
        "notificaties-api",
        "drop-amsterdam",
    }
    config = ThreepasConfig.get_solo()
    assert config.webhook_auth == WEBHOOK_AUTH
    assert config.notificaties_service.slug == "notificaties-api"
    assert config.notificaties_callback_url == callback_url
    organisatie = Organisatie.objects.get(rsin="002220647")
    # zgw-consumers ends every api_root with a slash; delivery strips it for SOAP.
    assert organisatie.threepas_service.api_root.rstrip("/") == f"{simulator}/drop/3epas"
    # The service is labelled proof of concept; so is the organisation's step.
    assert organisatie.aansluitstap == "poc"
    assert (organisatie.authenticatie, organisatie.gebruikersnaam, organisatie.wachtwoord) == (
        "http_basic",
        "amsterdam-poc",
        DROP_WACHTWOORD,
    )
    assert [(str(d.datum), d.omschrijving) for d in organisatie.vrije_dagen.all()] == [
        ("2026-05-15", "Dag na Hemelvaartsdag")
    ]
    (sjabloon,) = organisatie.sjablonen.all()
    assert (sjabloon.publicatietype, sjabloon.procedure) == ("besluit", "regulier")
    assert sjabloon.titel == "Omgevingsvergunning verleend: {{ zaak.omschrijving }}"
    regel = PublicatieRegel.objects.get()
    assert regel.publicatiebladen == ["gemeenteblad"]
    assert regel.titel_sjabloon.startswith("Aanvraag omgevingsvergunning: {{ zaak.omschrijving }}")
    assert "**Heeft u een vraag?**" in regel.tekst_sjabloon
    app, _ = nrc
    (abonnement,) = app.abonnementen.values()
    assert abonnement.callback_url == callback_url
    assert abonnement.auth == WEBHOOK_AUTH
    assert abonnement.kanalen == {
        "zaken": {"bronorganisatie": "002220647"},
        "besluiten": {"verantwoordelijkeOrganisatie": "002220647"},
    }


def test_running_it_twice_changes_nothing(example, nrc):
    app, _ = nrc
    setup_configuration(example)
    before = snapshot()
    abonnementen = {key: vars(a).copy() for key, a in app.abonnementen.items()}

    with CaptureQueriesContext(connection) as queries:
        setup_configuration(example)

    assert snapshot() == before
    assert {key: vars(a) for key, a in app.abonnementen.items()} == abonnementen
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith(("INSERT", "UPDATE", "DELETE")) and "zgw_threepas_" in q["sql"]
    ]
    assert writes == []


def test_after_configuration_the_demo_case_publishes(example, nrc, fake_zgw, simulator):
    app, api_root = nrc
    _, zgw_base = fake_zgw
    # KOOP's proof-of-concept endpoint identifies the sender by username and password.
    requests.post(
        f"{simulator}/_simulator/credentials",
        json={"username": "amsterdam-poc", "password": DROP_WACHTWOORD},
        timeout=5,
    ).raise_for_status()
    setup_configuration(example)

    # Open Zaak publishes the status at the Notificaties API, which delivers it to us.
    response = requests.post(
        f"{api_root}notificaties",
        json=fixtures.notification("status_create", zgw_base),
        headers={"Authorization": f"Bearer {make_jwt('zgw-threepas', NRC_SECRET)}"},
        timeout=60,
    )

    assert response.status_code == 201
    assert [d["status"] for d in app.deliveries] == [204]
    (delivery,) = simulator_received(simulator)
    assert "Aanvraag omgevingsvergunning: Bouwen van een dakkapel" in delivery["inhoud_xml"]
    assert "Dam 1" in delivery["inhoud_xml"]


def test_a_rule_the_admin_would_refuse_fails_the_run_and_saves_nothing(example):
    from zgw_threepas.models import Organisatie, ThreepasConfig

    data = yaml.safe_load(example.read_text())
    del data["zgw_threepas_regels"]["items"][0]["statustype_omschrijving"]
    example.write_text(yaml.safe_dump(data))

    with pytest.raises(CommandError, match="rolled back"):
        setup_configuration(example)

    assert Organisatie.objects.count() == 0
    assert ThreepasConfig.get_solo().webhook_auth == ""


def test_an_unknown_service_identifier_is_named(example):
    data = yaml.safe_load(example.read_text())
    data["zgw_threepas_organisaties"]["items"][0]["threepas_service_identifier"] = "drop-elders"
    example.write_text(yaml.safe_dump(data))

    out = StringIO()
    with pytest.raises(CommandError):
        setup_configuration(example, out=out)

    assert "no service with identifier 'drop-elders'" in out.getvalue()


def test_a_typo_in_a_field_name_is_refused_before_anything_runs(example):
    from zgw_threepas.models import Organisatie

    data = yaml.safe_load(example.read_text())
    data["zgw_threepas_organisaties"]["items"][0]["standaard_blad"] = "gemeenteblad"
    example.write_text(yaml.safe_dump(data))

    with pytest.raises(CommandError, match="Failed to validate requirements"):
        setup_configuration(example)

    assert Organisatie.objects.count() == 0


def test_when_registering_fails_the_configuration_stays_and_the_command_says_so(
    example, monkeypatch
):
    from zgw_threepas.models import Organisatie

    monkeypatch.setenv("THREEPAS_NOTIFICATIES_SECRET", "not-what-the-notificaties-api-knows")

    with pytest.raises(CommandError) as excinfo:
        setup_configuration(example)

    message = str(excinfo.value)
    assert "The configuration was saved, but the abonnement could not be registered" in message
    assert "refused our credentials" in message
    assert "threepas_subscribe" in message
    assert Organisatie.objects.count() == 1


def test_validate_only_checks_the_yaml_without_running(example, nrc):
    from zgw_threepas.models import Organisatie

    app, _ = nrc

    output = setup_configuration(example, "--validate-only")

    assert "Valid configuration settings found for all steps." in output
    assert Organisatie.objects.count() == 0
    assert app.requests == []
