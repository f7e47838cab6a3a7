"""Publication states move only along allowed paths, and only once."""

import pytest

from zgw_threepas.constants import Publicatieblad, PublicatieType
from zgw_threepas.constants import PublicatieStatus as S
from zgw_threepas.delivery.transitions import ALLOWED, TransitionNotAllowed, transition
from zgw_threepas.models import Publicatie

pytestmark = pytest.mark.django_db


@pytest.fixture
def publicatie():
    return Publicatie.objects.create(
        zaak_url="http://openzaak.local/zaken/api/v1/zaken/1",
        publicatietype=PublicatieType.aanvraag,
        publicatieblad=Publicatieblad.gemeenteblad,
    )


def test_a_move_happens_once(publicatie):
    assert transition(publicatie.pk, S.sending, event="attempt") is True
    assert transition(publicatie.pk, S.sending, event="attempt") is False
    publicatie.refresh_from_db()
    assert publicatie.status == S.sending
    assert list(publicatie.gebeurtenissen.values_list("soort", "status")) == [
        ("attempt", S.sending)
    ]


def test_published_is_final(publicatie):
    transition(publicatie.pk, S.sending, event="attempt")
    transition(publicatie.pk, S.published, event="published", dossiernummer="DRP-1")
    for target in S.values:
        assert transition(publicatie.pk, target, event="x") is False
    publicatie.refresh_from_db()
    assert (publicatie.status, publicatie.dossiernummer) == (S.published, "DRP-1")


def test_uncertain_is_never_left_for_sending_directly(publicatie):
    transition(publicatie.pk, S.sending, event="attempt")
    transition(publicatie.pk, S.uncertain, event="attempt-uncertain")
    assert transition(publicatie.pk, S.sending, event="attempt") is False
    assert S.sending not in ALLOWED[S.uncertain]


def test_only_from_must_be_allowed_sources(publicatie):
    with pytest.raises(TransitionNotAllowed):
        transition(publicatie.pk, S.sending, event="attempt", only_from={S.published})
