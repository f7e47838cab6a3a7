"""A text can reach nothing but the documented placeholders: no files, settings, templates
or code, whether the attempt sits in the text or in the zaak's data."""

from django.conf import settings

import pytest

from testapp.fake_zgw import fixtures
from tests.kennisgeving.bundles import PUBLICATIEDATUM, dakkapel_bundle
from zgw_threepas.constants import PublicatieType
from zgw_threepas.kennisgeving.context import PLACEHOLDERS, build_context
from zgw_threepas.models import PublicatieRegel
from zgw_threepas.rules.preview import preview
from zgw_threepas.rules.texts import template_problems

ESCAPES = [
    "{{ settings.SECRET_KEY }}",
    "{{ request.user.password }}",
    "{{ zaak.__class__ }}",
    "{{ zaak.identificatie.__class__.__mro__ }}",
    "{{ ''.__class__ }}",
    "{{ zaak.omschrijving|safe }}",
    "{{ zaak.omschrijving|add:settings }}",
    "{{ zaak.identificatie.upper }}",
    "{% include 'admin/base.html' %}",
    "{% load static %}{% get_static_prefix %}",
    "{% debug %}",
    "{% ssi '/etc/passwd' %}",
    "{% extends 'admin/base.html' %}",
    "{{ open('/etc/passwd').read() }}",
    "{{ lipsum.__globals__ }}",
    "{% for x in zaak %}{{ x }}{% endfor %}",
    "{{ zaak }}",
    "{{ config.items() }}",
    "[bestand](file:///etc/passwd)",
    "[klik](javascript:alert(1))",
    "[klik](JavaScript:alert(1))",
    "[data](data:text/html;base64,PGI+)",
    "<javascript:alert(1)>",
    "[relatief](/admin/)",
]


@pytest.mark.parametrize("escape", ESCAPES)
def test_an_escape_attempt_in_a_text_is_refused_when_saved(escape):
    problems = template_problems(
        "Titel",
        f"Gewone tekst\n{escape}",
        publicatietype=PublicatieType.aanvraag,
        trigger="status",
    )

    assert problems, escape
    assert all("Line 2 " in message for message in problems["tekst"])


@pytest.mark.parametrize("escape", ESCAPES[:6])
def test_an_escape_attempt_in_a_title_is_refused(escape):
    problems = template_problems(
        f"Titel {escape}", "Tekst", publicatietype=PublicatieType.aanvraag, trigger="status"
    )
    assert problems["titel"]


def test_the_context_holds_plain_strings_only():
    context = build_context(
        dakkapel_bundle(with_resultaat=True),
        organisatie_naam="Amsterdam",
        organisatie_type="gemeente",
        publicatiedatum=PUBLICATIEDATUM,
    )
    assert set(context) == set(PLACEHOLDERS)
    assert {type(value) for value in context.values()} == {str}


@pytest.mark.django_db
def test_template_code_in_zaak_data_is_published_as_plain_text(pipeline, organisatie, zgw_app):
    hostile = "{% debug %}{{ settings.SECRET_KEY }} **vet** <script>x</script> [a](https://e.nl)"
    zgw_app.get(fixtures.load("zaak")["url"])["omschrijving"] = hostile
    rule = PublicatieRegel.objects.create(
        naam="Eigen tekst",
        zaaktype_identificatie="OMGEVINGSVERGUNNING-REGULIER",
        statustype_omschrijving="Aanvraag ontvangen",
        publicatietype=PublicatieType.aanvraag,
        titel_sjabloon="Aanvraag {{ zaak.identificatie }}",
        tekst_sjabloon="**Omschrijving:** {{ zaak.omschrijving }}",
    )

    result = preview("ZAAK-2026-0000000042", rule)

    assert result.kennisgeving.tekst == f"Omschrijving: {hostile}"
    assert settings.SECRET_KEY not in result.inhoud_xml
    assert "<script>" not in result.inhoud_xml and "&lt;script&gt;" in result.inhoud_xml
    assert "<extref" not in result.inhoud_xml
    assert "<script>" not in result.html
