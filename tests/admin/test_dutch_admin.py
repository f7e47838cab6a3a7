"""The Dutch admin reads as one text: translated outcomes, capitalised labels and headers, no
"(None)", a named documentation page, and a preview that says where a kennisgeving goes."""

from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from zgw_threepas.constants import Publicatieblad, PublicatieType
from zgw_threepas.constants import PublicatieStatus as S
from zgw_threepas.models import Bericht, Publicatie, PublicatieRegel
from zgw_threepas.rules.preview import collect_zaak

pytestmark = pytest.mark.django_db

ZAAK = "ZAAK-2026-0000000042"
PREVIEW = reverse("admin:zgw_threepas_publicatieregel_preview")


@pytest.fixture
def dutch(settings, admin_client):
    settings.LANGUAGE_CODE = "nl"
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "nl"
    return admin_client


@pytest.fixture
def publicatie():
    return Publicatie.objects.create(
        zaak_url="http://openzaak.local/zaken/api/v1/zaken/1",
        zaak_identificatie="ZAAK-1",
        publicatietype=PublicatieType.aanvraag,
        publicatieblad=Publicatieblad.gemeenteblad,
        status=S.uncertain,
    )


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_the_message_log_names_its_outcomes_in_dutch(dutch, publicatie):
    for uitkomst in ("success", "transient", "permanent", "ambiguous"):
        Bericht.objects.create(
            publicatie=publicatie,
            endpoint="https://drop.example/3epas",
            soap_action="publiceer",
            request="<request/>",
            http_status=None if uitkomst == "ambiguous" else 200,
            uitkomst=uitkomst,
        )

    page = soup(dutch.get(reverse("admin:zgw_threepas_bericht_changelist")))

    cells = {td.text.strip() for td in page.select("td.field-uitkomst")}
    assert cells == {"Gelukt", "Tijdelijke fout: niet aangekomen", "Geweigerd"} | {
        "Onbekend of het aankwam"
    }
    filter_texts = {a.text.strip() for a in page.select("#changelist-filter a")}
    assert "Onbekend of het aankwam" in filter_texts and "ambiguous" not in filter_texts

    ambiguous = Bericht.objects.get(uitkomst="ambiguous")
    detail = dutch.get(reverse("admin:zgw_threepas_bericht_change", args=[ambiguous.pk]))
    assert "(success, transient" not in detail.content.decode()
    assert "(None)" not in detail.content.decode()
    assert "(geen antwoord)" in detail.content.decode()


def test_the_publication_list_names_its_states_in_the_browsers_language(admin_client, publicatie):
    Publicatie.objects.create(
        zaak_url="http://openzaak.local/zaken/api/v1/zaken/2",
        zaak_identificatie="ZAAK-2",
        publicatietype=PublicatieType.aanvraag,
        publicatieblad=Publicatieblad.gemeenteblad,
        status=S.published,
    )
    changelist = reverse("admin:zgw_threepas_publicatie_changelist")

    english = soup(admin_client.get(changelist, headers={"Accept-Language": "en"}))
    dutch = soup(admin_client.get(changelist, headers={"Accept-Language": "nl"}))

    def states(page):
        return {td.text.strip() for td in page.select("td.field-status")}

    def filters(page):
        return {a.text.strip() for a in page.select("#changelist-filter a")}

    assert states(english) == {"Uncertain: check in DROP", "Delivered to DROP"}
    assert {"Waiting to be sent", "Failed", "Cancelled"} <= filters(english)
    assert not {"Onzeker: controleer in DROP", "Mislukt"} & filters(english)
    # A proper name of the domain is the same in both languages.
    assert "Gemeenteblad" in filters(english)
    assert states(dutch) == {"Onzeker: controleer in DROP", "Aangeleverd bij DROP"}
    assert {"Wacht op verzending", "Mislukt", "Geannuleerd"} <= filters(dutch)
    assert "Gemeenteblad" in filters(dutch)


def test_the_message_log_speaks_english_to_an_english_browser(admin_client, publicatie):
    Bericht.objects.create(
        publicatie=publicatie,
        endpoint="https://drop.example/3epas",
        soap_action="publiceer",
        request="<request/>",
        http_status=None,
        uitkomst="ambiguous",
    )
    changelist = reverse("admin:zgw_threepas_bericht_changelist")

    english = soup(admin_client.get(changelist, headers={"Accept-Language": "en"}))
    dutch = soup(admin_client.get(changelist, headers={"Accept-Language": "nl"}))

    def headers(page):
        return {th.text.strip() for th in page.select("#result_list thead th")}

    assert {"Organisation", "Publication", "Outcome"} <= headers(english)
    assert "Organisatie" not in headers(english)
    assert english.select_one("td.field-uitkomst").text.strip() == "Unknown whether it arrived"
    assert {"Organisatie", "Publicatie", "Uitkomst"} <= headers(dutch)
    assert dutch.select_one("td.field-uitkomst").text.strip() == "Onbekend of het aankwam"


def test_the_messages_under_a_publication_are_not_titled_none(dutch, publicatie):
    Bericht.objects.create(
        publicatie=publicatie,
        endpoint="https://drop.example/3epas",
        soap_action="publiceer",
        request="<request/>",
        http_status=None,
        uitkomst="ambiguous",
    )
    Bericht.objects.create(
        publicatie=publicatie,
        endpoint="https://drop.example/3epas",
        soap_action="publiceer",
        request="<request/>",
        http_status=503,
        uitkomst="transient",
    )

    page = soup(dutch.get(reverse("admin:zgw_threepas_publicatie_change", args=[publicatie.pk])))

    titles = [p.text.strip() for p in page.select(".inline-related td.original p")]
    assert len(titles) == 2
    assert not [t for t in titles if "None" in t]
    assert any(t.endswith("(geen antwoord)") for t in titles)
    assert any(t.endswith("(HTTP 503)") for t in titles)
    headers = [th.text for th in page.select("table.zgw-threepas-timeline th")]
    assert headers == ["Tijd", "Gebeurtenis", "Toestand daarna", "Omschrijving"]


def test_form_labels_are_capitalised_like_the_rest_of_the_admin(dutch, publicatie):
    organisation = soup(dutch.get(reverse("admin:zgw_threepas_organisatie_add")))
    labels = {label.text.strip().rstrip(":") for label in organisation.select("label")}
    assert {"Wachtwoord", "Opgeslagen wachtwoord verwijderen"} <= labels
    assert "wachtwoord" not in labels

    mark = dutch.post(
        reverse("admin:zgw_threepas_publicatie_changelist"),
        {"action": "mark_published", "_selected_action": [str(publicatie.pk)], "index": 0},
    )
    labels = {label.text.strip() for label in soup(mark).select("label")}
    assert "Notitie" in labels and "notitie" not in labels


def test_the_rule_pages_capitalise_their_table_headers_and_name_the_texts_page(
    dutch, zgw_services, regel_aanvraag
):
    page = soup(
        dutch.get(reverse("admin:zgw_threepas_publicatieregel_change", args=[regel_aanvraag.pk]))
    )

    headers = {th.text for th in page.select(".field-tekst_keten th, .field-placeholders th")}
    assert {"Zaken van", "Tekst", "Titel", "Invulveld", "Betekenis", "Voorbeeld"} <= headers
    assert not [h for h in headers if h[:1].islower()]
    help_text = page.select_one("#id_tekst_sjabloon_helptext").text
    assert "“Writing kennisgeving texts”" in help_text
    assert "sjabloonhandleiding" not in help_text


def test_the_preview_command_speaks_dutch(pipeline, regel_aanvraag):
    out = StringIO()
    with translation.override("nl"):
        call_command("threepas_preview", ZAAK, stdout=out)

    text = out.getvalue()
    assert f"Regel {regel_aanvraag.pk}: " in text
    assert "Tekst: de ingebouwde tekst" in text
    assert "Rule " not in text and "Text: " not in text


def test_the_preview_command_explains_a_missing_rule_in_one_language(pipeline, regel_aanvraag):
    with pytest.raises(CommandError) as english:
        call_command("threepas_preview", ZAAK, "--regel", "99", stdout=StringIO())
    with translation.override("nl"), pytest.raises(CommandError) as dutch:
        call_command("threepas_preview", ZAAK, "--regel", "98", "--regel", "99", stdout=StringIO())

    assert str(english.value) == "No publication rule with id 99."
    assert str(dutch.value) == "Er zijn geen publicatieregels met de ids 98, 99."

    PublicatieRegel.objects.all().delete()
    with translation.override("nl"), pytest.raises(CommandError) as dutch:
        call_command("threepas_preview", ZAAK, stdout=StringIO())
    assert str(dutch.value).startswith("Er is geen actieve publicatieregel voor het zaaktype ")


def test_the_preview_of_a_rule_without_blad_says_it_is_only_prepared_in_drop(
    dutch, pipeline, regel_aanvraag
):
    regel_aanvraag.publicatiebladen = []
    regel_aanvraag.save()

    page = soup(dutch.get(PREVIEW, {"zaak": ZAAK, "regel": regel_aanvraag.pk}))

    heading = page.select_one("#preview-heading").text
    assert "klaargezet" in heading and "officielebekendmakingen.nl" not in heading
    meta = page.select_one("#preview-kennisgeving .ob-meta").text
    assert "Klaargezet in DROP op" in meta and "Gepubliceerd op" not in meta
    notes = " ".join(li.text for li in page.select(".messagelist li"))
    assert "alleen klaargezet in DROP" in notes
    assert page.select_one("#preview-existing") is None


def test_a_preview_with_a_blad_still_promises_officielebekendmakingen(
    dutch, pipeline, regel_aanvraag
):
    page = soup(dutch.get(PREVIEW, {"zaak": ZAAK, "regel": regel_aanvraag.pk}))

    assert "officielebekendmakingen.nl" in page.select_one("#preview-heading").text
    assert "Gepubliceerd op" in page.select_one("#preview-kennisgeving .ob-meta").text


def test_the_preview_shows_the_publication_the_zaak_already_has(dutch, pipeline, regel_aanvraag):
    existing = Publicatie.objects.create(
        zaak_url=collect_zaak(ZAAK).url,
        zaak_identificatie=ZAAK,
        publicatietype=regel_aanvraag.publicatietype,
        publicatieblad=Publicatieblad.gemeenteblad,
        status=S.published,
        dossiernummer="DRP-2026-000042",
    )

    page = soup(dutch.get(PREVIEW, {"zaak": ZAAK, "regel": regel_aanvraag.pk}))

    row = page.select_one("#preview-existing")
    assert "Aangeleverd bij DROP" in row.text and "DRP-2026-000042" in row.text
    link = reverse("admin:zgw_threepas_publicatie_change", args=[existing.pk])
    assert row.select_one("a")["href"] == link
    notes = " ".join(li.text for li in page.select(".messagelist li"))
    assert "heeft deze publicatie al" in notes
