"""Writing the DROP dossiernummer and the publication date back to the zaak, over HTTP against
the fake ZGW API, and what a failing write-back does (nothing to the publication)."""

from __future__ import annotations

from datetime import date

import pytest

from testapp.fake_zgw.app import ApiError
from zgw_threepas.collect.writeback import write_back
from zgw_threepas.constants import PublicatiedatumRegel, PublicatieStatus, PublicatieType
from zgw_threepas.delivery.writeback import run_write_back
from zgw_threepas.models import Organisatie, Publicatie, PublicatieRegel

from .conftest import ZAAK, change, deliveries, post_notification, stored

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ZAAK_PATH = "/zaken/api/v1/zaken/89ec3507-61d1-4e3c-b1db-3858397173b7"
BESLUIT_PATH = "/besluiten/api/v1/besluiten/ad81b7ec-d30e-42ff-9327-dea818c48abe"
OMGEVINGSLOKET = {"kenmerk": "4812345", "bron": "Omgevingsloket"}


@pytest.fixture
def terugschrijven(pipeline):
    Organisatie.objects.update(terugschrijven=True)
    return pipeline


def patches(app, path: str) -> list:
    return [r for r in app.calls("PATCH") if r.path.rstrip("/") == path]


def events(publicatie: Publicatie) -> list[str]:
    return list(publicatie.gebeurtenissen.values_list("soort", flat=True))


def test_the_dossiernummer_becomes_a_kenmerk_and_the_date_the_zaaks_publicatiedatum(
    live_server, terugschrijven, zgw
):
    post_notification(live_server, "status_create", terugschrijven["zgw_base"])

    publicatie = Publicatie.objects.get()
    assert publicatie.status == PublicatieStatus.published
    (request,) = patches(zgw, ZAAK_PATH)
    assert request.headers["Content-Crs"] == "EPSG:4326"
    assert request.headers["Content-Type"].startswith("application/json")
    assert request.json() == {
        # The whole list: the Zaken API replaces kenmerken, so the existing one is kept.
        "kenmerken": [OMGEVINGSLOKET, {"kenmerk": publicatie.dossiernummer, "bron": "DROP"}],
        "publicatiedatum": publicatie.publicatiedatum.isoformat(),
    }
    zaak = stored(zgw, ZAAK)
    assert zaak["kenmerken"][-1] == {"kenmerk": publicatie.dossiernummer, "bron": "DROP"}
    assert zaak["publicatiedatum"] == publicatie.publicatiedatum.isoformat()
    assert events(publicatie)[-1] == "written-back"
    assert publicatie.dossiernummer in publicatie.gebeurtenissen.last().omschrijving


def test_a_publicatiedatum_the_case_worker_entered_is_left_alone(live_server, terugschrijven, zgw):
    change(zgw, ZAAK, publicatiedatum="2026-03-20")

    post_notification(live_server, "status_create", terugschrijven["zgw_base"])

    (request,) = patches(zgw, ZAAK_PATH)
    assert "publicatiedatum" not in request.json()
    assert stored(zgw, ZAAK)["publicatiedatum"] == "2026-03-20"
    assert "left as it was" in Publicatie.objects.get().gebeurtenissen.last().omschrijving


def test_without_the_switch_nothing_is_written_back(live_server, pipeline, zgw):
    post_notification(live_server, "status_create", pipeline["zgw_base"])

    assert Publicatie.objects.get().status == PublicatieStatus.published
    assert zgw.calls("PATCH") == []
    assert stored(zgw, ZAAK)["kenmerken"] == [OMGEVINGSLOKET]


def test_a_refused_write_back_leaves_the_publication_published_and_says_what_to_do(
    live_server, terugschrijven, zgw, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ApiError(
            403,
            "PermissionDenied",
            "permission_denied",
            "Je hebt geen toestemming om deze actie uit te voeren.",
        )

    monkeypatch.setattr(zgw, "_patch", refuse)

    post_notification(live_server, "status_create", terugschrijven["zgw_base"])

    publicatie = Publicatie.objects.get()
    assert publicatie.status == PublicatieStatus.published
    assert publicatie.dossiernummer
    assert len(deliveries(terugschrijven["simulator"])) == 1
    assert len(patches(zgw, ZAAK_PATH)) == 1  # tried once, over HTTP, and refused
    assert events(publicatie)[-1] == "write-back-failed"
    reason = publicatie.gebeurtenissen.last().omschrijving
    assert "403" in reason
    assert "zaken.bijwerken" in reason
    assert "is not sent again" in reason
    assert stored(zgw, ZAAK)["kenmerken"] == [OMGEVINGSLOKET]


def test_a_zgw_api_that_is_briefly_down_is_tried_again(
    live_server, terugschrijven, zgw, monkeypatch
):
    real_patch = zgw._patch
    failures = [ApiError(503, "ServiceUnavailable", "unavailable", "Onderhoud.")]

    def once_unavailable(*args, **kwargs):
        if failures:
            raise failures.pop()
        return real_patch(*args, **kwargs)

    monkeypatch.setattr(zgw, "_patch", once_unavailable)

    post_notification(live_server, "status_create", terugschrijven["zgw_base"])

    publicatie = Publicatie.objects.get()
    assert events(publicatie)[-2:] == ["write-back-retry", "written-back"]
    assert len(patches(zgw, ZAAK_PATH)) == 2
    assert stored(zgw, ZAAK)["kenmerken"][-1]["bron"] == "DROP"


def test_writing_back_again_adds_nothing_twice(live_server, terugschrijven, zgw):
    post_notification(live_server, "status_create", terugschrijven["zgw_base"])
    publicatie = Publicatie.objects.get()

    assert run_write_back(publicatie.pk) is None  # a redelivered task

    assert len(patches(zgw, ZAAK_PATH)) == 1
    drop = [k for k in stored(zgw, ZAAK)["kenmerken"] if k["bron"] == "DROP"]
    assert drop == [{"kenmerk": publicatie.dossiernummer, "bron": "DROP"}]
    assert "already had the kenmerk" in publicatie.gebeurtenissen.last().omschrijving


def test_a_kennisgeving_about_a_besluit_sets_the_besluits_publicatiedatum(
    live_server, terugschrijven, zgw
):
    terugschrijven["rule"].delete()
    PublicatieRegel.objects.create(
        naam="Omgevingsvergunning verleend",
        zaaktype_identificatie="OMGEVINGSVERGUNNING-REGULIER",
        trigger="besluit",
        besluittype_omschrijving="Omgevingsvergunning verleend",
        publicatietype=PublicatieType.besluit,
        publicatiebladen=["gemeenteblad"],
        rubriek="omgevingsvergunning",
        activiteit="bouwen",
        publicatiedatum_regel=PublicatiedatumRegel.direct,
    )

    post_notification(live_server, "besluit_create", terugschrijven["zgw_base"])

    publicatie = Publicatie.objects.get()
    assert publicatie.status == PublicatieStatus.published, publicatie.reden
    (besluit_patch,) = patches(zgw, BESLUIT_PATH)
    assert besluit_patch.json() == {"publicatiedatum": publicatie.publicatiedatum.isoformat()}
    assert stored(zgw, "besluit")["publicatiedatum"] == publicatie.publicatiedatum.isoformat()
    (zaak_patch,) = patches(zgw, ZAAK_PATH)
    assert "publicatiedatum" not in zaak_patch.json()  # the zaak's date is the zaak's own
    assert stored(zgw, ZAAK)["publicatiedatum"] is None


def test_a_dossiernummer_longer_than_a_kenmerk_may_be_is_not_written(live_server, pipeline, zgw):
    result = write_back(
        zaak_url=f"{pipeline['zgw_base']}{ZAAK_PATH}",
        dossiernummer="D" * 41,
        publicatiedatum=date(2026, 4, 28),
    )
    assert result.dossiernummer_te_lang and not result.kenmerk_toegevoegd
    (request,) = patches(zgw, ZAAK_PATH)
    assert request.json() == {"publicatiedatum": "2026-04-28"}


def test_two_write_backs_to_one_zaak_at_the_same_moment_both_land_one_after_the_other(
    live_server, pipeline, zgw
):
    import threading

    from django.db import connection

    from zgw_threepas.constants import Publicatieblad

    regel = pipeline["rule"]
    regel.publicatiebladen = [Publicatieblad.gemeenteblad, Publicatieblad.staatscourant]
    regel.save()
    post_notification(live_server, "status_create", pipeline["zgw_base"])
    first, second = Publicatie.objects.order_by("pk")
    assert {first.status, second.status} == {PublicatieStatus.published}
    Organisatie.objects.update(terugschrijven=True)
    # Every ZGW request takes a while, so that both would read the zaak before either writes.
    zgw.latency_seconds = 0.3
    outcomes = {}

    def write(publicatie):
        try:
            outcomes[publicatie.pk] = run_write_back(publicatie.pk)
        finally:
            connection.close()

    try:
        threads = [threading.Thread(target=write, args=(p,)) for p in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        zgw.latency_seconds = 0

    # One wrote; the other did not wait for it and is tried again (its task's countdown).
    assert sorted(outcome is None for outcome in outcomes.values()) == [False, True]
    (later,) = [p for p in (first, second) if outcomes[p.pk] is not None]
    assert events(later)[-1] == "write-back-retry"
    assert "another write-back to this zaak was running" in (
        later.gebeurtenissen.last().omschrijving
    )
    assert run_write_back(later.pk, attempt=2) is None

    kenmerken = stored(zgw, ZAAK)["kenmerken"]
    assert {"kenmerk": first.dossiernummer, "bron": "DROP"} in kenmerken
    assert {"kenmerk": second.dossiernummer, "bron": "DROP"} in kenmerken
    assert events(first)[-1] == events(second)[-1] == "written-back"


def test_a_kenmerk_lost_to_a_change_at_the_same_moment_is_written_again(
    live_server, pipeline, zgw, monkeypatch
):
    post_notification(live_server, "status_create", pipeline["zgw_base"])
    publicatie = Publicatie.objects.get()
    Organisatie.objects.update(terugschrijven=True)
    original = zgw._patch

    def case_worker_wins(*args, **kwargs):
        # Our PATCH lands, then a case worker's list (read before ours) replaces it.
        answer = original(*args, **kwargs)
        change(zgw, ZAAK, kenmerken=[OMGEVINGSLOKET])
        return answer

    monkeypatch.setattr(zgw, "_patch", case_worker_wins)
    retry_in = run_write_back(publicatie.pk)

    assert retry_in is not None  # tried again, not reported as added
    assert events(publicatie)[-1] == "write-back-retry"
    assert "was not in the zaak after it was written" in (
        publicatie.gebeurtenissen.last().omschrijving
    )

    monkeypatch.setattr(zgw, "_patch", original)
    assert run_write_back(publicatie.pk, attempt=2) is None
    assert {"kenmerk": publicatie.dossiernummer, "bron": "DROP"} in stored(zgw, ZAAK)["kenmerken"]
    assert events(publicatie)[-1] == "written-back"
