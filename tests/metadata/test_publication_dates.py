"""The publication date a rule chooses, in the text and the metadata, and delivery waiting for it.

The clock is set to Friday 24 April 2026, 14:00 in Amsterdam: the next working day is Tuesday
28 April, because Monday 27 April is Koningsdag. The simulated DROP, the fake ZGW API and the
webhook all run over HTTP; only the clock is frozen (and then moved on).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from freezegun import freeze_time

from zgw_threepas.constants import PublicatiedatumRegel, PublicatieStatus, PublicatieType
from zgw_threepas.delivery.send import deliver
from zgw_threepas.delivery.sweep import sweep
from zgw_threepas.kennisgeving.dates import NL_TIMEZONE
from zgw_threepas.models import Organisatie, Publicatie, PublicatieRegel, Vrijedag

from .conftest import change, deliveries, post_notification

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

FRIDAY_AFTERNOON = datetime(2026, 4, 24, 14, 0, tzinfo=NL_TIMEZONE)
MONDAY_LATE = datetime(2026, 4, 27, 23, 59, tzinfo=NL_TIMEZONE)
TUESDAY_EARLY = datetime(2026, 4, 28, 0, 5, tzinfo=NL_TIMEZONE)

DATED_TEXT = {
    "titel_sjabloon": "Aanvraag omgevingsvergunning {{ adres }}",
    "tekst_sjabloon": "Deze kennisgeving verschijnt op {{ publicatiedatum }}.",
}


def _use_rule(rule, **fields):
    for name, value in {**DATED_TEXT, **fields}.items():
        setattr(rule, name, value)
    rule.save()


def test_next_working_day_after_koningsdag_is_in_text_and_metadata_and_delivery_waits(
    live_server, pipeline, zgw
):
    _use_rule(pipeline["rule"], publicatiedatum_regel=PublicatiedatumRegel.volgende_werkdag)

    with freeze_time(FRIDAY_AFTERNOON, tick=True):
        post_notification(live_server, "status_create", pipeline["zgw_base"])

    publicatie = Publicatie.objects.get()
    assert publicatie.status == PublicatieStatus.pending
    assert publicatie.publicatiedatum.isoformat() == "2026-04-28"
    assert publicatie.volgende_poging == datetime(2026, 4, 28, tzinfo=NL_TIMEZONE)
    assert "28 april 2026" in publicatie.tekst
    assert publicatie.metadata["publicatiedatum"] == "2026-04-28"
    assert "scheduled" in publicatie.gebeurtenissen.values_list("soort", flat=True)
    assert deliveries(pipeline["simulator"]) == []  # nothing sent before the day

    # A worker that picks the task up too early leaves it alone.
    with freeze_time(MONDAY_LATE, tick=True):
        assert deliver(publicatie.pk).status == ""
        assert publicatie.pk not in sweep().publications
    assert deliveries(pipeline["simulator"]) == []

    # On the day, after any number of restarts: the sweep finds it in the database.
    with freeze_time(TUESDAY_EARLY, tick=True):
        assert publicatie.pk in sweep().publications
        assert deliver(publicatie.pk).status == PublicatieStatus.published

    (metadata,) = deliveries(pipeline["simulator"])
    assert metadata["Publicatiedatum"] == "2026-04-28"


def test_the_organisations_own_day_off_is_skipped_too(live_server, pipeline, zgw):
    _use_rule(pipeline["rule"], publicatiedatum_regel=PublicatiedatumRegel.volgende_werkdag)
    Vrijedag.objects.create(
        organisatie=Organisatie.objects.get(),
        datum=datetime(2026, 4, 28).date(),
        omschrijving="Personeelsdag",
    )

    with freeze_time(FRIDAY_AFTERNOON, tick=True):
        post_notification(live_server, "status_create", pipeline["zgw_base"])

    assert Publicatie.objects.get().publicatiedatum.isoformat() == "2026-04-29"


def _besluit_rule(**fields):
    return PublicatieRegel.objects.create(
        naam="Omgevingsvergunning verleend",
        zaaktype_identificatie="OMGEVINGSVERGUNNING-REGULIER",
        trigger="besluit",
        besluittype_omschrijving="Omgevingsvergunning verleend",
        publicatietype=PublicatieType.besluit,
        publicatiebladen=["gemeenteblad"],
        rubriek="omgevingsvergunning",
        activiteit="bouwen",
        publicatiedatum_regel=PublicatiedatumRegel.besluit_publicatiedatum,
        **fields,
    )


def test_the_besluit_publicatiedatum_is_the_publication_date(live_server, pipeline, zgw):
    pipeline["rule"].delete()
    _besluit_rule()
    change(zgw, "besluit", publicatiedatum="2026-05-06")

    with freeze_time(FRIDAY_AFTERNOON, tick=True):
        post_notification(live_server, "besluit_create", pipeline["zgw_base"])

    publicatie = Publicatie.objects.get()
    assert publicatie.status == PublicatieStatus.pending, publicatie.reden
    assert publicatie.publicatiedatum.isoformat() == "2026-05-06"
    assert publicatie.metadata["publicatiedatum"] == "2026-05-06"
    assert publicatie.volgende_poging == datetime(2026, 5, 6, tzinfo=NL_TIMEZONE)
    assert deliveries(pipeline["simulator"]) == []


def test_a_besluit_without_publicatiedatum_is_held_and_says_so(live_server, pipeline, zgw):
    pipeline["rule"].delete()
    _besluit_rule()

    with freeze_time(FRIDAY_AFTERNOON, tick=True):
        post_notification(live_server, "besluit_create", pipeline["zgw_base"])

    publicatie = Publicatie.objects.get()
    assert publicatie.status == PublicatieStatus.held
    assert publicatie.foutcode == "no-publicatiedatum"
    assert "BESLUIT-2026-0000000007" in publicatie.reden
    assert deliveries(pipeline["simulator"]) == []


def test_a_status_rule_on_the_besluit_date_fetches_the_besluit_for_it(live_server, pipeline, zgw):
    _use_rule(pipeline["rule"], publicatiedatum_regel=PublicatiedatumRegel.besluit_publicatiedatum)
    change(zgw, "besluit", publicatiedatum="2026-04-30")

    with freeze_time(FRIDAY_AFTERNOON, tick=True):
        post_notification(live_server, "status_create", pipeline["zgw_base"])

    publicatie = Publicatie.objects.get()
    assert publicatie.publicatiedatum.isoformat() == "2026-04-30", publicatie.reden
    assert "30 april 2026" in publicatie.tekst


def test_the_beat_sweep_task_alone_delivers_a_dated_publication_on_its_day(
    live_server, pipeline, zgw
):
    """No task waits with a countdown: the periodic sweep task, as Celery beat runs it, finds
    the publication in the database on its day and delivers it through the delivery task."""
    from zgw_threepas.delivery.tasks import sweep_task

    _use_rule(pipeline["rule"], publicatiedatum_regel=PublicatiedatumRegel.volgende_werkdag)
    with freeze_time(FRIDAY_AFTERNOON, tick=True):
        post_notification(live_server, "status_create", pipeline["zgw_base"])
    publicatie = Publicatie.objects.get()

    with freeze_time(MONDAY_LATE, tick=True):
        assert sweep_task.apply().get()["publications"] == 0
    assert deliveries(pipeline["simulator"]) == []

    with freeze_time(TUESDAY_EARLY, tick=True):
        assert sweep_task.apply().get()["publications"] == 1

    publicatie.refresh_from_db()
    assert publicatie.status == PublicatieStatus.published
    (metadata,) = deliveries(pipeline["simulator"])
    assert metadata["Publicatiedatum"] == "2026-04-28"
    # A later sweep finds nothing more to do: it is delivered once.
    with freeze_time(TUESDAY_EARLY.replace(hour=1), tick=True):
        assert sweep_task.apply().get()["publications"] == 0
    assert len(deliveries(pipeline["simulator"])) == 1
