"""Working days, and the day a kennisgeving is published.

A rule says when its kennisgeving appears (:class:`~zgw_threepas.constants.PublicatiedatumRegel`):
at once, on the next working day, or on the ``publicatiedatum`` the case worker entered in the
besluit. :func:`publicatiedatum` turns that choice into a date; the same date goes into the text
and into the metadata, and delivery waits until it has come.

Which days are working days:

* Monday to Friday;
* except the public holidays of the Netherlands as the ``holidays`` library lists them in its
  ``public`` category: Nieuwjaarsdag, Goede Vrijdag, Eerste and Tweede Paasdag, Koningsdag
  (27 April, or Saturday 26 April when the 27th is a Sunday; before 2014 Koninginnedag,
  30 April), Hemelvaartsdag, Eerste and Tweede Pinksterdag, Eerste and Tweede Kerstdag, and
  Bevrijdingsdag (5 May) only in the years divisible by five (2025, 2030, ...), as most
  collective labour agreements give it;
* except the days off the organisation entered itself (:class:`~zgw_threepas.models.Vrijedag`),
  for example 5 May in the other years or the day after Hemelvaartsdag.

This calendar answers "is the office open?". It is not the calendar of the Algemene termijnenwet,
which moves the last day of a statutory term and counts 5 May every year but not Goede Vrijdag;
that one is :func:`~zgw_threepas.kennisgeving.dates.algemene_termijnenwet`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache

from django.utils.translation import gettext as _

import holidays

from zgw_threepas.constants import PublicatiedatumRegel

from .errors import KennisgevingError

WEEKEND = {5: "zaterdag", 6: "zondag"}

# More days off in a row than any real calendar has: a longer run is a configuration error
# (e.g. a whole year entered as days off), not a reason to loop on.
_MAX_DAYS_AHEAD = 60


@lru_cache(maxsize=64)
def feestdagen(year: int) -> Mapping[date, str]:
    """The public holidays of ``year`` that are no working day, with their Dutch names."""
    calendar = holidays.country_holidays(
        "NL", years=year, categories=(holidays.PUBLIC,), language="nl"
    )
    # Eerste Paasdag and Eerste Pinksterdag are Sundays anyway; listing them does no harm.
    return dict(sorted(calendar.items()))


class Werkdagen:
    """The working days of one organisation.

    :param vrije_dagen: the organisation's own days off, date -> description (may be empty).
    """

    def __init__(self, vrije_dagen: Mapping[date, str] | None = None):
        self.vrije_dagen = dict(vrije_dagen or {})

    def vrij(self, day: date) -> str:
        """Why ``day`` is no working day (``"zaterdag"``, ``"Koningsdag"``, ...); ``""`` if it
        is one."""
        feestdag = feestdagen(day.year).get(day)
        if feestdag:
            return feestdag
        if day.weekday() in WEEKEND:
            return WEEKEND[day.weekday()]
        if day in self.vrije_dagen:
            return self.vrije_dagen[day] or _("day off of the organisation")
        return ""

    def is_werkdag(self, day: date) -> bool:
        return not self.vrij(day)

    def volgende_werkdag(self, day: date) -> date:
        """The first working day after ``day`` (never ``day`` itself)."""
        candidate = day
        for _step in range(_MAX_DAYS_AHEAD):
            candidate += timedelta(days=1)
            if self.is_werkdag(candidate):
                return candidate
        raise NoWorkingDayError(day, _MAX_DAYS_AHEAD)


class PublicatiedatumError(KennisgevingError):
    """No publication date can be set for this kennisgeving."""

    code = "publicatiedatum"


class MissingBesluitPublicatiedatumError(PublicatiedatumError):
    """The rule publishes on the besluit's publicatiedatum, and the besluit has none."""

    code = "no-publicatiedatum"

    def __init__(self, besluit: str):
        self.besluit = besluit
        super().__init__(f"Besluit {besluit or '(none)'} has no publicatiedatum", besluit=besluit)

    def user_message(self) -> str:
        if not self.besluit:
            return _(
                "The rule publishes on the publicatiedatum of the besluit, but the zaak has no "
                "besluit. Choose another publication date in the rule, or publish this "
                "kennisgeving when the besluit is there."
            )
        return _(
            "The rule publishes on the publicatiedatum of the besluit, but besluit %(besluit)s "
            "has no publicatiedatum. Fill it in in the case system, then send this "
            "publication again."
        ) % {"besluit": self.besluit}


class NoWorkingDayError(PublicatiedatumError):
    """The organisation's days off leave no working day in sight."""

    code = "no-working-day"

    def __init__(self, day: date, days: int):
        self.day = day
        super().__init__(f"No working day in the {days} days after {day.isoformat()}", day=day)

    def user_message(self) -> str:
        return _(
            "There is no working day in the two months after %(day)s: check the days off of "
            "the organisation."
        ) % {"day": self.day.isoformat()}


def publicatiedatum(
    regel: str,
    *,
    vandaag: date,
    werkdagen: Werkdagen,
    besluit: str = "",
    besluit_publicatiedatum: date | None = None,
) -> date:
    """The day a kennisgeving is published, by the rule's choice ``regel``.

    ``direct``: ``vandaag``, whatever day it is. ``volgende_werkdag``: the first working day
    after ``vandaag``. ``besluit_publicatiedatum``: the date in the besluit (``besluit`` names
    it in messages), as the case worker chose it, even on a weekend; a date already past
    becomes ``vandaag``, since nothing can be published in the past.
    """
    if regel == PublicatiedatumRegel.volgende_werkdag:
        return werkdagen.volgende_werkdag(vandaag)
    if regel == PublicatiedatumRegel.besluit_publicatiedatum:
        if besluit_publicatiedatum is None:
            raise MissingBesluitPublicatiedatumError(besluit)
        return max(besluit_publicatiedatum, vandaag)
    if regel == PublicatiedatumRegel.direct:
        return vandaag
    raise ValueError(f"Unknown publicatiedatum rule: {regel!r}")
