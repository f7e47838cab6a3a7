"""``setup_configuration`` checks what the admin checks: rules against the Catalogi API (saved
with a warning when it cannot be asked), one entry per row in a file, default texts with the
template checks; and the test project knows the command as the docs show it.
"""

from __future__ import annotations

import socket
from io import StringIO

from django.core.management import CommandError

import pytest
import yaml

from .test_example_yaml import _secrets, example, setup_configuration  # noqa: F401

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def edit(path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


def run_failing(path) -> str:
    out = StringIO()
    with pytest.raises(CommandError) as excinfo:
        setup_configuration(path, out=out)
    return f"{out.getvalue()}\n{excinfo.value}"


def rule(data) -> dict:
    return data["zgw_threepas_regels"]["items"][0]


def organisation(data) -> dict:
    return data["zgw_threepas_organisaties"]["items"][0]


def assert_nothing_saved():
    from zgw_consumers.models import Service

    from zgw_threepas.models import Organisatie, PublicatieRegel, ThreepasConfig

    assert Service.objects.count() == 0
    assert Organisatie.objects.count() == 0
    assert PublicatieRegel.objects.count() == 0
    assert ThreepasConfig.get_solo().webhook_auth == ""


def dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_test_project_runs_the_command_by_name_with_its_own_steps(example):  # noqa: F811
    from django.conf import settings

    assert "django_setup_configuration" in settings.INSTALLED_APPS

    output = setup_configuration(example)

    assert "Configuration completed." in output
    assert "Successfully executed step: zgw-threepas publication rules" in output


def test_a_zaaktype_the_catalogue_does_not_have_fails_the_run_and_saves_nothing(
    example,  # noqa: F811
):
    def change(data):
        rule(data)["zaaktype_identificatie"] = "BESTAAT-NIET"

    edit(example, change)

    output = run_failing(example)

    assert "rule 'Aanvraag omgevingsvergunning ontvangen' (BESTAAT-NIET)" in output
    assert "no zaaktype with identificatie 'BESTAAT-NIET'" in output
    assert "rolled back" in output
    assert_nothing_saved()


def test_a_statustype_the_zaaktype_does_not_have_fails_the_run_and_names_the_ones_it_has(
    example,  # noqa: F811
):
    def change(data):
        rule(data)["statustype_omschrijving"] = "Bestaat niet"

    edit(example, change)

    output = run_failing(example)

    assert "rule 'Aanvraag omgevingsvergunning ontvangen' (OMGEVINGSVERGUNNING-REGULIER)" in output
    assert "no statustype with omschrijving 'Bestaat niet'" in output
    assert "Aanvraag ontvangen" in output  # what the zaaktype does have
    assert_nothing_saved()


def test_when_the_catalogi_api_cannot_be_reached_the_rule_is_saved_with_a_warning(
    example,  # noqa: F811
    capsys,
):
    from zgw_threepas.models import PublicatieRegel

    port = dead_port()

    def change(data):
        for service in data["zgw_consumers"]["services"]:
            if service["identifier"] == "catalogi-api":
                service["api_root"] = f"http://127.0.0.1:{port}/catalogi/api/v1/"
        # An unknown zaaktype cannot be told from a known one without the catalogue.
        rule(data)["zaaktype_identificatie"] = "BESTAAT-NIET"

    edit(example, change)

    output = setup_configuration(example)

    assert "Configuration completed." in output
    regel = PublicatieRegel.objects.get()
    assert regel.zaaktype_identificatie == "BESTAAT-NIET"
    warning = capsys.readouterr().err
    assert "WARNING rule 'Aanvraag omgevingsvergunning ontvangen' (BESTAAT-NIET)" in warning
    assert "not checked against the Catalogi API, which could not be asked" in warning
    assert "saved unchecked if the rest of the run succeeds" in warning
    assert f"127.0.0.1:{port}" in warning
    assert "run setup_configuration with this file again" in warning


def test_a_checked_rule_gets_no_warning(example, capsys):  # noqa: F811
    setup_configuration(example)

    assert "WARNING" not in capsys.readouterr().err


def test_the_same_rule_twice_in_one_file_is_refused_and_nothing_saved(example):  # noqa: F811
    def change(data):
        second = dict(rule(data), titel_sjabloon="Een andere titel: {{ zaak.omschrijving }}")
        data["zgw_threepas_regels"]["items"].append(second)

    edit(example, change)

    output = run_failing(example)

    assert (
        "The rule 'Aanvraag omgevingsvergunning ontvangen' (OMGEVINGSVERGUNNING-REGULIER) is "
        "listed more than once" in output
    )
    assert_nothing_saved()


def test_the_same_organisation_twice_in_one_file_is_refused(example):  # noqa: F811
    def change(data):
        data["zgw_threepas_organisaties"]["items"].append(
            dict(organisation(data), naam="Amsterdam (2)")
        )

    edit(example, change)

    output = run_failing(example)

    assert "The organisation with rsin 002220647 is listed more than once" in output
    assert_nothing_saved()


def test_the_same_day_off_or_default_text_twice_is_refused(example):  # noqa: F811
    def change(data):
        org = organisation(data)
        org["vrije_dagen"].append({"datum": "2026-05-15", "omschrijving": "Nogmaals"})
        org["sjablonen"].append(dict(org["sjablonen"][0], titel="Andere titel"))

    edit(example, change)

    output = run_failing(example)

    assert "The day off 2026-05-15 is listed more than once" in output
    assert (
        "The default text for publicatietype 'besluit' procedure 'regulier' is listed more "
        "than once" in output
    )
    assert_nothing_saved()


def test_a_default_text_the_admin_would_refuse_fails_the_run(example):  # noqa: F811
    def change(data):
        organisation(data)["sjablonen"][0]["tekst"] = "Besluit: {{ zaak.bestaat_niet }}"

    edit(example, change)

    output = run_failing(example)

    assert "organisation 002220647 default text besluit (regulier)" in output
    assert "zaak.bestaat_niet" in output
    assert_nothing_saved()


def test_the_run_speaks_english_in_a_dutch_host(example):  # noqa: F811
    from django.utils import translation

    def change(data):
        organisation(data)["sjablonen"][0]["tekst"] = "Besluit: {{ zaak.bestaat_niet }}"

    edit(example, change)

    with translation.override("nl"):
        output = run_failing(example)
        # The same check in the admin speaks Dutch.
        from zgw_threepas.rules.texts import template_problems

        dutch = template_problems(
            "Titel", "{{ zaak.bestaat_niet }}", publicatietype="besluit", trigger="besluit"
        )

    assert "Line 1 uses the placeholder {{ zaak.bestaat_niet }}, which does not exist" in output
    assert dutch["tekst"][0] not in output


def test_days_off_and_default_texts_are_updated_by_their_key(example):  # noqa: F811
    from zgw_threepas.models import Organisatie

    setup_configuration(example)

    def change(data):
        org = organisation(data)
        org["vrije_dagen"][0]["omschrijving"] = "Brugdag"
        org["vrije_dagen"].append({"datum": "2026-12-24"})
        org["sjablonen"][0]["titel"] = "Vergunning verleend: {{ zaak.omschrijving }}"

    edit(example, change)
    setup_configuration(example)

    organisatie = Organisatie.objects.get()
    assert [(str(d.datum), d.omschrijving) for d in organisatie.vrije_dagen.all()] == [
        ("2026-05-15", "Brugdag"),
        ("2026-12-24", ""),
    ]
    (sjabloon,) = organisatie.sjablonen.all()
    assert sjabloon.titel == "Vergunning verleend: {{ zaak.omschrijving }}"


def test_a_missing_environment_variable_stops_the_run_before_any_step_naming_it(
    example,  # noqa: F811
    monkeypatch,
):
    # django-setup-configuration reads value_from while it loads the file, before any step
    # runs, and lets the error through as it is (a traceback on the command line); the docs
    # say so. What matters: the variable is named and nothing is saved.
    monkeypatch.delenv("THREEPAS_DROP_WACHTWOORD")

    with pytest.raises(ValueError, match="environment variable 'THREEPAS_DROP_WACHTWOORD'"):
        setup_configuration(example)

    assert_nothing_saved()
