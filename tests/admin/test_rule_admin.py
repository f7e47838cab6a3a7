"""An administrator makes, checks and previews publication rules in the admin (django-webtest)."""

from django.urls import reverse

import pytest

from testapp.fake_zgw import fixtures
from tests.admin.conftest import tick
from tests.conftest import simulator_received
from zgw_threepas.constants import PublicatieType
from zgw_threepas.models import Publicatie, PublicatieRegel, Sjabloon

pytestmark = pytest.mark.django_db

ADD = reverse("admin:zgw_threepas_publicatieregel_add")
PREVIEW = reverse("admin:zgw_threepas_publicatieregel_preview")

TEKST = """\
## Besluit genomen
**Wat is er besloten?**
Wij hebben besloten over: {{ zaak.omschrijving }}.

**Waar?**
- {{ adres }}
- zaak {{ zaak.identificatie }}
"""


def fill(form, **values):
    defaults = {
        "naam": "Vergunning verleend",
        "zaaktype_identificatie": "OMGEVINGSVERGUNNING-REGULIER",
        "trigger": "status",
        "statustype_omschrijving": "Besluit genomen",
        "publicatietype": "besluit",
        "rubriek": "omgevingsvergunning",
        "activiteit": "bouwen",
        "titel_sjabloon": "Besluit: {{ zaak.omschrijving }}",
        "tekst_sjabloon": TEKST,
    }
    for name, value in {**defaults, **values}.items():
        form[name] = value
    return form


def test_the_zaaktype_is_picked_from_the_live_catalogi_api(django_app, admin_user, zgw_services):
    page = django_app.get(ADD, user=admin_user)

    options = page.forms["publicatieregel_form"]["zaaktype_identificatie"].options
    assert (
        "OMGEVINGSVERGUNNING-REGULIER",
        False,
        "OMGEVINGSVERGUNNING-REGULIER – Omgevingsvergunning",
    ) in options


def test_an_administrator_creates_a_rule_with_a_list_and_a_bold_heading(
    django_app, admin_user, zgw_services, organisatie
):
    form = fill(django_app.get(ADD, user=admin_user).forms["publicatieregel_form"])
    tick(form, "publicatiebladen", "gemeenteblad")

    response = form.submit("_continue").follow()

    rule = PublicatieRegel.objects.get()
    assert (rule.zaaktype_identificatie, rule.statustype_omschrijving) == (
        "OMGEVINGSVERGUNNING-REGULIER",
        "Besluit genomen",
    )
    assert rule.publicatiebladen == ["gemeenteblad"]
    assert rule.tekst_sjabloon.replace("\r\n", "\n") == TEKST.strip()
    # The change page says the rule's own text is used and offers the preview.
    assert "the rule&#x27;s own text" in response.text or "the rule's own text" in response.text
    assert f"{PREVIEW}?regel={rule.pk}" in response.text


def test_a_statustype_the_zaaktype_lacks_is_refused_listing_the_statustypen(
    django_app, admin_user, zgw_services
):
    form = fill(
        django_app.get(ADD, user=admin_user).forms["publicatieregel_form"],
        statustype_omschrijving="Besluit verzonden",
    )

    response = form.submit()

    assert response.status_code == 200
    assert PublicatieRegel.objects.count() == 0
    errors = " ".join(e.text for e in response.html.select(".errorlist li"))
    assert "no statustype with omschrijving 'Besluit verzonden'" in errors
    assert "'3. Besluit genomen'" in errors


def test_a_text_with_an_error_is_refused_naming_the_line(django_app, admin_user, zgw_services):
    form = fill(
        django_app.get(ADD, user=admin_user).forms["publicatieregel_form"],
        tekst_sjabloon="Goed\n\n| a | b |\n|---|---|\n| 1 | 2 |\n{{ zaak.eigenaar }}",
    )

    response = form.submit()

    assert PublicatieRegel.objects.count() == 0
    errors = " ".join(e.text for e in response.html.select(".errorlist li"))
    assert "Line 3 contains a table" in errors
    assert "Line 6 uses the placeholder {{ zaak.eigenaar }}, which does not exist" in errors


def test_a_rule_cannot_be_saved_while_the_catalogi_api_is_out_of_reach(
    django_app, admin_user, zgw_services
):
    catalogi = zgw_services["catalogi"]
    catalogi.api_root = "http://127.0.0.1:9/catalogi/api/v1/"
    catalogi.save()
    page = django_app.get(ADD, user=admin_user)
    assert "could not be fetched from the Catalogi API" in page.text

    form = page.forms["publicatieregel_form"]
    form["naam"] = "Regel"
    response = form.submit()

    assert PublicatieRegel.objects.count() == 0
    assert response.status_code == 200


def test_the_rule_page_shows_which_text_each_organisation_gets(
    django_app, admin_user, zgw_services, organisatie, regel_aanvraag
):
    change = reverse("admin:zgw_threepas_publicatieregel_change", args=[regel_aanvraag.pk])
    assert "the built-in text" in django_app.get(change, user=admin_user).text

    sjabloon = Sjabloon.objects.create(
        organisatie=organisatie,
        publicatietype=PublicatieType.aanvraag,
        titel="Ontvangen: {{ zaak.omschrijving }}",
        tekst="Tekst",
    )
    page = django_app.get(change, user=admin_user)

    link = reverse("admin:zgw_threepas_sjabloon_change", args=[sjabloon.pk])
    assert f'<a href="{link}">the default text of Gemeente Amsterdam' in page.text
    assert "Ontvangen: {{ zaak.omschrijving }}" in page.text


def test_the_preview_shows_the_kennisgeving_its_metadata_and_inhoud_xml(
    django_app, admin_user, pipeline, organisatie, regel_aanvraag
):
    page = django_app.get(PREVIEW, user=admin_user)
    form = page.forms["preview-form"]
    form["zaak"] = "ZAAK-2026-0000000042"
    form["regel"] = str(regel_aanvraag.pk)

    response = form.submit()

    kennisgeving = response.html.select_one("#preview-kennisgeving")
    assert kennisgeving.select_one("h2").text == (
        "Aanvraag ontvangen: Bouwen van een dakkapel op het achterdakvlak, Dam 1 in Amsterdam"
    )
    assert kennisgeving.select_one(".kennisgeving strong").text == "Wat is er aangevraagd?"
    assert "Gemeenteblad" in kennisgeving.select_one(".ob-kop").text
    metadata = response.html.select_one("#preview-metadata").text
    assert "ZAAK-2026-0000000042" in metadata
    assert "POINT(" in metadata  # the location in RD
    xml = response.html.select_one("#preview-inhoud-xml").text
    assert xml.startswith("<?xml version='1.0' encoding='UTF-8'?>\n<aanlevering>")
    # Nothing sent, nothing stored.
    assert simulator_received(pipeline["simulator"]) == []
    assert Publicatie.objects.count() == 0


def test_the_preview_opened_from_a_rule_has_the_rule_chosen_and_no_error_yet(
    django_app, admin_user, regel_aanvraag
):
    page = django_app.get(f"{PREVIEW}?regel={regel_aanvraag.pk}", user=admin_user)

    assert page.forms["preview-form"]["regel"].value == str(regel_aanvraag.pk)
    assert page.html.select(".errorlist") == []


def test_the_preview_explains_a_held_kennisgeving(
    django_app, admin_user, pipeline, organisatie, regel_aanvraag, zgw_app
):
    zgw_app.get(fixtures.load("zaak")["url"])["omschrijving"] = "Dakkapel 111222333"

    response = django_app.get(
        f"{PREVIEW}?zaak=ZAAK-2026-0000000042&regel={regel_aanvraag.pk}", user=admin_user
    )

    held = response.html.select_one("#preview-held").text
    assert "citizen service number" in held and "******333" in held
    assert "111222333" not in response.text
    assert response.html.select_one("#preview-kennisgeving") is None


def test_the_preview_explains_an_unknown_zaak(django_app, admin_user, pipeline, regel_aanvraag):
    response = django_app.get(
        f"{PREVIEW}?zaak=ZAAK-1900-1&regel={regel_aanvraag.pk}", user=admin_user
    )

    assert "The Zaken API has no zaak with identificatie" in response.text


def test_the_preview_needs_a_logged_in_administrator(django_app, regel_aanvraag):
    response = django_app.get(f"{PREVIEW}?zaak=x&regel={regel_aanvraag.pk}")

    assert response.status_code == 302
    assert "/admin/login/" in response.location


def test_a_default_text_starts_from_the_built_in_text_and_is_checked(
    django_app, admin_user, organisatie, regel_aanvraag
):
    add = reverse("admin:zgw_threepas_sjabloon_add")
    index = django_app.get(add, user=admin_user)
    assert f"{add}?publicatietype=aanvraag&amp;procedure=uitgebreid" in index.text

    form = django_app.get(f"{add}?publicatietype=aanvraag", user=admin_user).forms["sjabloon_form"]
    assert form["titel"].value.startswith("Aanvraag ontvangen: {{ zaak.omschrijving }}")
    form["organisatie"] = str(organisatie.pk)
    form["tekst"] = form["tekst"].value + "\n<img src=x>"
    refused = form.submit()
    assert "contains HTML" in refused.text
    assert Sjabloon.objects.count() == 0

    form = refused.forms["sjabloon_form"]
    form["tekst"] = "**Eigen tekst** voor {{ zaak.identificatie }}"
    saved = form.submit("_continue").follow()

    sjabloon = Sjabloon.objects.get()
    assert sjabloon.tekst == "**Eigen tekst** voor {{ zaak.identificatie }}"
    rule_link = reverse("admin:zgw_threepas_publicatieregel_change", args=[regel_aanvraag.pk])
    assert rule_link in saved.text  # the rule now uses it
