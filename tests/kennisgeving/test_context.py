from datetime import date

from zgw_threepas.kennisgeving.context import (
    PLACEHOLDERS,
    build_context,
    organisatie_naam_voluit,
    reactie_einddatum,
    zienswijze_einddatum,
)

from .bundles import PUBLICATIEDATUM, adres_zaakobject, dakkapel_bundle


def context_of(bundle, publicatiedatum=PUBLICATIEDATUM):
    return build_context(
        bundle,
        organisatie_naam="Amsterdam",
        organisatie_type="gemeente",
        publicatiedatum=publicatiedatum,
        besluit=bundle.besluiten[0] if bundle.besluiten else None,
    )


def test_the_context_has_exactly_the_documented_placeholders_all_plain_strings():
    context = context_of(dakkapel_bundle(with_resultaat=True))
    assert context.keys() == PLACEHOLDERS.keys()
    assert all(type(value) is str for value in context.values())
    assert all(isinstance(d, str) and isinstance(e, str) for d, e in PLACEHOLDERS.values())


def test_the_context_of_the_dakkapel_zaak():
    context = context_of(dakkapel_bundle(with_resultaat=True))
    assert context == {
        "zaak.identificatie": "ZAAK-2024-0000000123",
        "zaak.omschrijving": "Bouwen van een dakkapel",
        "zaak.toelichting": "Dakkapel op het achterdakvlak.",
        "zaak.registratiedatum": "3 juni 2024",
        "zaak.startdatum": "3 juni 2024",
        "zaak.uiterlijke_einddatum_afdoening": "29 juli 2024",
        "zaak.publicatiedatum": "",
        "zaak.verlenging.duur": "",
        "zaak.verlenging.reden": "",
        "zaak.opschorting.reden": "",
        "zaaktype.omschrijving": "Omgevingsvergunning",
        "zaaktype.publicatietekst": "Aanvraag omgevingsvergunning ontvangen.",
        "status.omschrijving": "Aanvraag ontvangen",
        "status.datum": "3 juni 2024",
        "status.toelichting": "Aanvraag is compleet ontvangen",
        "besluit.identificatie": "BESLUIT-2024-0000000045",
        "besluit.datum": "15 juli 2024",
        "besluit.toelichting": "Vergunning voor een dakkapel op het achterdakvlak.",
        "besluit.ingangsdatum": "17 juli 2024",
        "besluit.vervaldatum": "",
        "besluit.verzenddatum": "16 juli 2024",
        "besluit.uiterlijke_reactiedatum": "",
        "besluittype.omschrijving": "Omgevingsvergunning verleend",
        "besluittype.publicatietekst": "Omgevingsvergunning verleend.",
        "besluittype.reactietermijn": "6 weken",
        "resultaat.toelichting": "Vergunning verleend",
        "resultaattype.omschrijving": "Verleend",
        "adres": "Dam 1, 1012 JS Amsterdam",
        "adres.straat": "Dam",
        "adres.huisnummer": "1",
        "adres.postcode": "1012 JS",
        "adres.woonplaats": "Amsterdam",
        "adressen": "Dam 1, 1012 JS Amsterdam",
        "organisatie.naam": "Amsterdam",
        "organisatie.naam_voluit": "gemeente Amsterdam",
        "publicatiedatum": "17 juli 2024",
        "reactie_einddatum": "27 augustus 2024",
        "zienswijze_einddatum": "27 augustus 2024",
    }


def test_nothing_about_persons_reaches_the_context():
    bundle = dakkapel_bundle()
    assert not any(name.startswith(("rol", "betrokkene")) for name in PLACEHOLDERS)
    assert "rollen" not in bundle.__dataclass_fields__


def test_an_address_with_letter_and_toevoeging_is_written_as_on_a_letter():
    other = adres_zaakobject(
        gorOpenbareRuimteNaam="Warmoesstraat",
        huisnummer=12,
        huisletter="A",
        huisnummertoevoeging="2",
        postcode="1012JD",
    )
    context = context_of(dakkapel_bundle(zaakobjecten=[other, adres_zaakobject()]))
    assert context["adres"] == "Warmoesstraat 12A-2, 1012 JD Amsterdam"
    assert context["adres.huisnummer"] == "12A-2"
    assert context["adressen"] == "Warmoesstraat 12A-2, 1012 JD Amsterdam; Dam 1, 1012 JS Amsterdam"


def test_a_zaak_without_besluit_address_or_status_gives_empty_values_not_errors():
    bundle = dakkapel_bundle(with_besluit=False, zaakobjecten=[])
    context = context_of(bundle)
    assert context["besluit.datum"] == context["reactie_einddatum"] == context["adres"] == ""


def test_verlenging_duration_is_written_out():
    bundle = dakkapel_bundle(zaak={"verlenging": {"reden": "Welstandsadvies", "duur": "P6W"}})
    context = context_of(bundle)
    assert (context["zaak.verlenging.duur"], context["zaak.verlenging.reden"]) == (
        "6 weken",
        "Welstandsadvies",
    )


def test_a_malformed_api_value_gives_an_empty_value():
    bundle = dakkapel_bundle(
        zaak={"verlenging": {"reden": "x", "duur": "zes weken"}, "startdatum": "gisteren"}
    )
    context = context_of(bundle)
    assert context["zaak.verlenging.duur"] == context["zaak.startdatum"] == ""


def test_the_reactie_einddatum_of_the_besluit_itself_wins():
    bundle = dakkapel_bundle(besluit={"uiterlijkeReactiedatum": "2024-09-02"})
    assert reactie_einddatum(bundle.besluiten[0], PUBLICATIEDATUM) == date(2024, 9, 2)


def test_the_reactie_einddatum_counts_from_the_verzenddatum():
    bundle = dakkapel_bundle()  # verzonden 16 juli 2024, termijn P6W
    assert reactie_einddatum(bundle.besluiten[0], PUBLICATIEDATUM) == date(2024, 8, 27)


def test_without_verzenddatum_the_reactie_einddatum_counts_from_the_publication():
    bundle = dakkapel_bundle(besluit={"verzenddatum": None})
    assert reactie_einddatum(bundle.besluiten[0], date(2024, 7, 18)) == date(2024, 8, 29)
    bundle = dakkapel_bundle(besluit={"verzenddatum": None, "publicatiedatum": "2024-07-19"})
    assert reactie_einddatum(bundle.besluiten[0], date(2024, 7, 18)) == date(2024, 8, 30)


def test_a_reactie_einddatum_on_a_holiday_moves_to_the_next_working_day():
    # 14 November 2024 + 6 weeks = 26 December (Tweede Kerstdag).
    bundle = dakkapel_bundle(besluit={"verzenddatum": "2024-11-14"})
    assert reactie_einddatum(bundle.besluiten[0], PUBLICATIEDATUM) == date(2024, 12, 27)


def test_without_reactietermijn_there_is_no_reactie_einddatum():
    bundle = dakkapel_bundle(besluittype={"reactietermijn": None})
    assert reactie_einddatum(bundle.besluiten[0], PUBLICATIEDATUM) is None
    assert reactie_einddatum(None, PUBLICATIEDATUM) is None


def test_the_zienswijze_term_includes_the_day_of_publication():
    # Awb 3:16: six weeks from (and including) the day the draft is laid open.
    assert zienswijze_einddatum(date(2024, 7, 17)) == date(2024, 8, 27)
    # 1 November 2024 + 6 weeks - 1 day = Thursday 12 December.
    assert zienswijze_einddatum(date(2024, 11, 1)) == date(2024, 12, 12)
    # Ends on Saturday 28 December 2024 -> Monday 30 December.
    assert zienswijze_einddatum(date(2024, 11, 17)) == date(2024, 12, 30)


def test_the_organisation_name_gets_its_kind_where_dutch_puts_it():
    assert organisatie_naam_voluit("Amsterdam", "gemeente") == "gemeente Amsterdam"
    assert organisatie_naam_voluit("Gemeente Utrecht", "gemeente") == "Gemeente Utrecht"
    assert organisatie_naam_voluit("Zeeland", "provincie") == "provincie Zeeland"
    assert organisatie_naam_voluit("Waterschap Rivierenland", "waterschap") == (
        "Waterschap Rivierenland"
    )
    assert organisatie_naam_voluit("", "gemeente") == ""
