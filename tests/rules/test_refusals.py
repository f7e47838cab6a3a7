"""A rule or default text that cannot work is refused when saved, saying why and where."""

from django.core.exceptions import ValidationError

import pytest

from zgw_threepas.constants import Publicatieblad, PublicatieType, Rubriek, Trigger
from zgw_threepas.models import Organisatie, PublicatieRegel, Sjabloon


def regel(**fields) -> PublicatieRegel:
    defaults = {
        "naam": "Aanvraag",
        "zaaktype_identificatie": "OMGEVINGSVERGUNNING-REGULIER",
        "statustype_omschrijving": "Aanvraag ontvangen",
        "publicatietype": PublicatieType.aanvraag,
    }
    return PublicatieRegel(**{**defaults, **fields})


def refusal(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        instance.full_clean()
    return info.value.message_dict


@pytest.mark.django_db
def test_a_complete_rule_is_accepted():
    regel(
        titel_sjabloon="Aanvraag {{ zaak.identificatie }}",
        tekst_sjabloon="## Wat\n**Vet**\n- punt",
    ).full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        (
            {"statustype_omschrijving": ""},
            "statustype_omschrijving",
            "omschrijving or the volgnummer",
        ),
        (
            {"trigger": Trigger.besluit},
            "besluittype_omschrijving",
            "besluittype omschrijving",
        ),
        (
            {"trigger": Trigger.resultaat},
            "resultaattype_omschrijving",
            "resultaattype omschrijving",
        ),
        (
            {"publicatiebladen": ["gemeenteblad", "geen"]},
            "publicatiebladen",
            "cannot be combined",
        ),
        ({"publicatiebladen": ["wijkkrant"]}, "publicatiebladen", "wijkkrant"),
        (
            {"rubriek": Rubriek.verkeersbesluit, "activiteit": "bouwen"},
            "activiteit",
            "only belongs to the rubriek omgevingsvergunning",
        ),
        ({"titel_sjabloon": "Alleen een titel"}, "tekst_sjabloon", "Fill in both"),
        ({"tekst_sjabloon": "Alleen tekst"}, "titel_sjabloon", "Fill in both"),
    ],
)
def test_a_rule_that_cannot_work_is_refused_with_the_reason(fields, field, words):
    with pytest.MonkeyPatch.context():
        messages = refusal(regel(**fields))
    assert field in messages
    assert words in " ".join(messages[field])


@pytest.mark.django_db
def test_geen_alone_means_no_blad():
    rule = regel(publicatiebladen=[Publicatieblad.geen])
    rule.full_clean()
    assert rule.publicatiebladen == []
    assert rule.bladen() == ["geen"]


@pytest.mark.django_db
def test_fields_of_another_trigger_are_cleared():
    rule = regel(
        trigger=Trigger.resultaat,
        resultaattype_omschrijving="Verleend",
        statustype_volgnummer=3,
        besluittype_omschrijving="Omgevingsvergunning verleend",
    )
    rule.full_clean()
    assert (rule.statustype_omschrijving, rule.statustype_volgnummer) == ("", None)
    assert rule.besluittype_omschrijving == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("tekst", "line", "words"),
    [
        ("Regel één\n\n| a | b |\n|---|---|\n| 1 | 2 |", 3, "a table"),
        ("Een\nTwee\n![kaart](https://example.nl/k.png)", 3, "an image"),
        ("# Grote kop", 1, "a heading other than ##"),
        ("Tekst\n{{ zaak.eigenaar }}", 2, "{{ zaak.eigenaar }}, which does not exist"),
        ("Tekst\n\n<b>vet</b>", 3, "HTML"),
        ("> citaat", 1, "a quotation block"),
        ("Zie [site](ftp://example.nl)", 1, "https://, http:// or mailto:"),
    ],
)
def test_a_text_op_xml_cannot_express_is_refused_naming_the_line(tekst, line, words):
    messages = refusal(regel(titel_sjabloon="Titel", tekst_sjabloon=tekst))

    text = " ".join(messages["tekst_sjabloon"])
    assert f"Line {line} " in text
    assert words in text


@pytest.mark.django_db
def test_besluit_values_in_a_text_not_about_a_besluit_are_refused():
    messages = refusal(
        regel(
            titel_sjabloon="Aanvraag",
            tekst_sjabloon="Ontvangen.\nBezwaar kan tot {{ reactie_einddatum }}.",
        )
    )
    text = " ".join(messages["tekst_sjabloon"])
    assert "Line 2 uses {{ reactie_einddatum }}" in text
    assert "Aanvraag ontvangen" in text  # the publicatietype, by its label

    # The same text is fine for a besluit.
    regel(
        publicatietype=PublicatieType.besluit,
        titel_sjabloon="Besluit",
        tekst_sjabloon="Bezwaar kan tot {{ reactie_einddatum }}.",
    ).full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["111222333", "1112.22.333", "111 222 333"])
def test_a_number_in_the_text_itself_that_could_be_a_bsn_is_refused(number):
    messages = refusal(
        regel(
            titel_sjabloon=f"Aanvraag van {number}",
            tekst_sjabloon=f"Ontvangen op {{{{ publicatiedatum }}}}.\nAanvrager: {number}",
        )
    )

    # Named by its last three digits only, as a held publication does.
    masked = "*" * (len(number) - 3) + "333"
    assert f"Line 1 holds the number {masked}," in " ".join(messages["titel_sjabloon"])
    text = " ".join(messages["tekst_sjabloon"])
    assert f"Line 2 holds the number {masked}, which could be a citizen service number" in text
    assert number not in text


@pytest.mark.django_db
def test_a_nine_digit_number_that_fails_the_11_test_is_not_taken_for_a_bsn():
    regel(
        titel_sjabloon="Aanvraag 111222334",
        tekst_sjabloon="Kenmerk 111222334, telefoon 0201234567.",
    ).full_clean()


@pytest.mark.django_db
def test_a_default_text_with_an_error_is_refused_naming_the_line():
    organisatie = Organisatie.objects.create(naam="Amsterdam", rsin="002220647")
    sjabloon = Sjabloon(
        organisatie=organisatie,
        publicatietype=PublicatieType.aanvraag,
        titel="Aanvraag {{ zaak.nummer }}",
        tekst="Goed\n\n```\ncode\n```",
    )

    messages = refusal(sjabloon)

    assert "{{ zaak.nummer }}, which does not exist" in " ".join(messages["titel"])
    assert "Line 3 " in " ".join(messages["tekst"])


@pytest.mark.django_db
def test_an_organisation_has_one_default_text_per_type_and_procedure():
    organisatie = Organisatie.objects.create(naam="Amsterdam", rsin="002220647")
    fields = {
        "organisatie": organisatie,
        "publicatietype": PublicatieType.aanvraag,
        "titel": "T",
        "tekst": "Tekst",
    }
    Sjabloon.objects.create(**fields)

    messages = refusal(Sjabloon(**fields))

    assert "already has a default text" in " ".join(messages["__all__"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"statustype_omschrijving": " aanvraag ONTVANGEN "},
        {"statustype_volgnummer": 1},
        {"statustype_omschrijving": "", "statustype_volgnummer": 1},
        {"publicatiebladen": [Publicatieblad.gemeenteblad, Publicatieblad.staatscourant]},
    ],
)
def test_a_second_rule_for_the_same_kennisgeving_is_refused_naming_the_first(fields):
    """The second rule would never publish: a zaak gets one kennisgeving per type and blad."""
    regel(naam="Eerste", publicatiebladen=[Publicatieblad.gemeenteblad]).save()
    PublicatieRegel.objects.update(statustype_volgnummer=1)

    errors = refusal(
        regel(**{"naam": "Tweede", "publicatiebladen": [Publicatieblad.gemeenteblad], **fields})
    )

    assert "'Eerste'" in errors["publicatietype"][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"publicatiebladen": [Publicatieblad.staatscourant]},
        {"publicatietype": PublicatieType.besluit},
        {"statustype_omschrijving": "Besluit genomen"},
        {"statustype_omschrijving": "", "statustype_volgnummer": 2, "naam": "x"},
        # By volgnummer alone against one by omschrijving alone: cannot be known, not refused.
        {"statustype_omschrijving": "", "statustype_volgnummer": 3, "naam": "only-number"},
        {"zaaktype_identificatie": "EVENEMENTENVERGUNNING"},
        {"actief": False},
    ],
)
def test_rules_that_never_make_the_same_kennisgeving_may_coexist(fields):
    regel(naam="Eerste", publicatiebladen=[Publicatieblad.gemeenteblad]).save()
    if fields.get("naam") == "x":
        PublicatieRegel.objects.update(statustype_volgnummer=1)

    regel(
        **{"naam": "Tweede", "publicatiebladen": [Publicatieblad.gemeenteblad], **fields}
    ).full_clean()


@pytest.mark.django_db
def test_switching_the_first_rule_off_lets_the_second_one_in():
    first = regel(naam="Eerste")
    first.save()
    PublicatieRegel.objects.filter(pk=first.pk).update(actief=False)

    regel(naam="Tweede").full_clean()
