"""When a planned publication is published, and until when its delivery waits.

The day comes from the rule (:func:`zgw_threepas.kennisgeving.werkdagen.publicatiedatum`); the
same day is written into the text and the metadata. A publication whose day lies ahead is
stored *pending* with ``volgende_poging`` at the start of that day (Dutch time):
:func:`~zgw_threepas.delivery.send.deliver` does not claim it before then, and the periodic
sweep (:mod:`.sweep`) queues it once the day has come. Both read the database only, so the
wait survives restarts of workers, broker and beat.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from ..collect.bundle import ZaakBundle
from ..constants import PublicatiedatumRegel
from ..kennisgeving.dates import NL_TIMEZONE, to_date
from ..kennisgeving.werkdagen import Werkdagen, publicatiedatum
from ..models import Organisatie, PublicatieRegel
from ..rules.matching import Event


def vandaag() -> date:
    """Today in the Netherlands, whatever the host's ``TIME_ZONE``."""
    return timezone.localdate(timezone=NL_TIMEZONE)


def werkdagen_van(organisatie: Organisatie | None) -> Werkdagen:
    if organisatie is None or organisatie.pk is None:
        return Werkdagen()
    return Werkdagen(dict(organisatie.vrije_dagen.values_list("datum", "omschrijving")))


def wants_besluit(rules: list[PublicatieRegel]) -> bool:
    """Whether a rule needs the besluiten of the zaak to set its publication date."""
    return any(
        r.publicatiedatum_regel == PublicatiedatumRegel.besluit_publicatiedatum for r in rules
    )


def publicatiedatum_voor(
    regel: PublicatieRegel,
    *,
    organisatie: Organisatie | None,
    event: Event,
    bundle: ZaakBundle,
    today: date | None = None,
) -> date:
    """The publication date of ``regel``'s kennisgeving for this event.

    For ``besluit_publicatiedatum`` the besluit is the one the event is about, else the
    zaak's latest. Raises :class:`~zgw_threepas.kennisgeving.werkdagen.PublicatiedatumError`.
    """
    besluit_naam, besluit_datum = "", None
    if regel.publicatiedatum_regel == PublicatiedatumRegel.besluit_publicatiedatum:
        besluit = _besluit(event, bundle)
        if besluit is not None:
            besluit_naam = besluit.get("identificatie") or besluit.get("url", "")
            try:
                besluit_datum = to_date(besluit.get("publicatiedatum"))
            except ValueError:
                besluit_datum = None
    return publicatiedatum(
        regel.publicatiedatum_regel,
        vandaag=today or vandaag(),
        werkdagen=werkdagen_van(organisatie),
        besluit=besluit_naam,
        besluit_publicatiedatum=besluit_datum,
    )


def wacht_tot(dag: date, today: date | None = None) -> datetime | None:
    """The moment delivery may start for a publication on ``dag``: the start of that day in
    the Netherlands, or ``None`` (at once) when the day has come."""
    if dag <= (today or vandaag()):
        return None
    return datetime.combine(dag, time.min, tzinfo=NL_TIMEZONE)


def _besluit(event: Event, bundle: ZaakBundle) -> dict | None:
    if event.besluit_url:
        info = bundle.besluit(event.besluit_url)
        return info.besluit if info else None
    if not bundle.besluiten:
        return None
    # The latest by date, as the kennisgeving's text chooses it.
    latest = max(enumerate(bundle.besluiten), key=lambda p: (p[1].datum or date.min, p[0]))
    return latest[1].besluit
