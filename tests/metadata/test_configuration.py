"""What an administrator can enter for organisations and rules, and what is refused."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError

import pytest

from zgw_threepas.constants import (
    Activiteit,
    OrganisatieType,
    Publicatieblad,
    PublicatiedatumRegel,
    PublicatieType,
    Rubriek,
)
from zgw_threepas.models import Organisatie, PublicatieRegel, Vrijedag
from zgw_threepas.models.organisation import EIGEN_PUBLICATIEBLAD

# The rubrieken and activiteiten DROP publishes under (OVERHEIDop.Rubriek and
# OVERHEIDop.ActiviteitOmgevingsvergunning), as listed in the domain description.
DROP_RUBRIEKEN = {
    "omgevingsvergunning",
    "omgevingsmelding",
    "evenementenvergunning",
    "exploitatievergunning",
    "andere vergunning",
    "andere melding",
    "andere beschikking",
    "verkeersbesluit",
}
DROP_ACTIVITEITEN = {
    "bouwen",
    "slopen",
    "kappen",
    "milieu",
    "natuur",
    "reclame",
    "uitweg en inrit",
    "brandveilig gebruik",
    "ruimtelijke ordening",
}


def test_the_rubrieken_and_activiteiten_offered_are_exactly_those_drop_knows():
    assert set(Rubriek.values) == DROP_RUBRIEKEN
    assert set(Activiteit.values) == DROP_ACTIVITEITEN


def _organisatie(**fields):
    data = {"naam": "Amsterdam", "rsin": "002220647", "type": OrganisatieType.gemeente, **fields}
    data.setdefault("standaard_publicatieblad", EIGEN_PUBLICATIEBLAD[data["type"]])
    return Organisatie(**data)


@pytest.mark.parametrize(
    ("type", "blad", "accepted"),
    [
        (OrganisatieType.gemeente, Publicatieblad.gemeenteblad, True),
        (OrganisatieType.waterschap, Publicatieblad.waterschapsblad, True),
        (OrganisatieType.provincie, Publicatieblad.staatscourant, True),
        (OrganisatieType.gemeenschappelijke_regeling, Publicatieblad.geen, True),
        (OrganisatieType.gemeente, Publicatieblad.waterschapsblad, False),
        (OrganisatieType.waterschap, Publicatieblad.gemeenteblad, False),
    ],
)
@pytest.mark.django_db
def test_the_default_blad_is_the_organisations_own_the_staatscourant_or_none(type, blad, accepted):
    organisatie = _organisatie(type=type, standaard_publicatieblad=blad)

    if accepted:
        organisatie.full_clean()
        return
    with pytest.raises(ValidationError) as refused:
        organisatie.full_clean()
    message = " ".join(refused.value.message_dict["standaard_publicatieblad"])
    assert f"does not publish in the {blad.label}" in message
    assert str(EIGEN_PUBLICATIEBLAD[type].label) in message


@pytest.mark.parametrize(
    ("type", "code"),
    [
        (OrganisatieType.gemeente, "gm0363"),
        (OrganisatieType.provincie, "pv27"),
        (OrganisatieType.waterschap, "ws0155"),
        (OrganisatieType.gemeenschappelijke_regeling, "oorg10103"),
        (OrganisatieType.gemeente, ""),
    ],
)
@pytest.mark.django_db
def test_a_code_of_the_right_form_is_accepted(type, code):
    _organisatie(type=type, code=code).full_clean()


@pytest.mark.parametrize(
    ("type", "code"),
    [
        (OrganisatieType.gemeente, "0363"),  # the CBS number without its prefix
        (OrganisatieType.gemeente, "GM0363"),
        (OrganisatieType.gemeente, "pv27"),  # a provincie's code on a gemeente
        (OrganisatieType.provincie, "pv270"),
        (OrganisatieType.waterschap, "gm0363"),
    ],
)
@pytest.mark.django_db
def test_a_code_that_does_not_fit_the_type_is_refused_with_an_example(type, code):
    with pytest.raises(ValidationError) as excinfo:
        _organisatie(type=type, code=code).full_clean()
    (message,) = excinfo.value.message_dict["code"]
    assert code in message
    assert {"gm0363", "pv27", "ws0155"} & set(message.replace(".", " ").split())


@pytest.mark.django_db
def test_write_back_and_publishing_without_location_are_off_unless_switched_on():
    organisatie = Organisatie.objects.create(naam="Amsterdam", rsin="002220647")
    assert organisatie.terugschrijven is False
    assert organisatie.publiceren_zonder_locatie is False


@pytest.mark.django_db
def test_a_day_off_is_entered_once_per_organisation():
    organisatie = Organisatie.objects.create(naam="Amsterdam", rsin="002220647")
    Vrijedag.objects.create(
        organisatie=organisatie, datum=date(2026, 5, 15), omschrijving="Brugdag"
    )
    with pytest.raises(IntegrityError):
        Vrijedag.objects.create(organisatie=organisatie, datum=date(2026, 5, 15))


def _regel(**fields):
    data = {
        "naam": "Aanvraag ontvangen",
        "zaaktype_identificatie": "OMGEVINGSVERGUNNING-REGULIER",
        "statustype_omschrijving": "Aanvraag ontvangen",
        "publicatietype": PublicatieType.aanvraag,
        **fields,
    }
    return PublicatieRegel(**data)


@pytest.mark.django_db
def test_a_rule_publishes_at_once_unless_told_otherwise():
    assert _regel().publicatiedatum_regel == PublicatiedatumRegel.direct


@pytest.mark.django_db
def test_an_unknown_publication_date_rule_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        _regel(publicatiedatum_regel="volgende_week").full_clean()
    assert "publicatiedatum_regel" in excinfo.value.message_dict


@pytest.mark.django_db
def test_an_activiteit_outside_the_rubriek_omgevingsvergunning_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        _regel(rubriek=Rubriek.evenementenvergunning, activiteit=Activiteit.bouwen).full_clean()
    assert "activiteit" in excinfo.value.message_dict
    _regel(rubriek=Rubriek.omgevingsvergunning, activiteit=Activiteit.bouwen).full_clean()


@pytest.mark.django_db
def test_a_rubriek_drop_does_not_know_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        _regel(rubriek="bestemmingsplan").full_clean()
    assert "rubriek" in excinfo.value.message_dict
