"""Dates and periods as a kennisgeving writes them.

Dutch dates are written out ("14 juni 2017") with our own month names, so the result never
depends on the process locale or on Django's active language. Periods come from the Catalogi API
as ISO 8601 durations (``reactietermijn`` "P6W", ``verlenging.duur`` "P42DT00H00M00S"): Django's
``parse_duration`` knows neither weeks nor calendar months, so they are parsed here and added to
dates with :class:`~dateutil.relativedelta.relativedelta` (a month is a calendar month, not 30
days).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils.dateparse import parse_date, parse_datetime

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

# ZGW date-times are UTC; the day a notice mentions is the day in the Netherlands, whatever the
# host's TIME_ZONE setting says.
NL_TIMEZONE = ZoneInfo("Europe/Amsterdam")


def to_date(value: date | datetime | str | None) -> date | None:
    """A calendar date from an API value: ``date``, aware ``datetime`` or ISO 8601 string.

    Date-times are taken in Dutch time: a status set at 23:30 UTC on 31 December belongs to
    1 January.
    """
    if value is None or value == "":
        return None
    if isinstance(value, str):
        parsed_dt = parse_datetime(value) if "T" in value else None
        if parsed_dt is None:
            parsed = parse_date(value)
            if parsed is None:
                raise ValueError(f"Not an ISO 8601 date: {value!r}")
            return parsed
        value = parsed_dt
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(NL_TIMEZONE)
        return value.date()
    return value


def date_in_words(value: date | datetime | str | None) -> str:
    """``date(2017, 6, 14)`` as ``"14 juni 2017"``; an empty string for no date."""
    day = to_date(value)
    if day is None:
        return ""
    return f"{day.day} {MAANDEN[day.month - 1]} {day.year}"


_DURATION_RE = re.compile(
    r"""^(?P<sign>[-+])?P
    (?:(?P<years>\d+)Y)?
    (?:(?P<months>\d+)M)?
    (?:(?P<weeks>\d+)W)?
    (?:(?P<days>\d+)D)?
    (?:T
        (?:(?P<hours>\d+)H)?
        (?:(?P<minutes>\d+)M)?
        (?:(?P<seconds>\d+(?:[.,]\d+)?)S)?
    )?$""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Duration:
    """An ISO 8601 duration with its calendar parts kept apart (``P1M`` is not ``P30D``)."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0
    hours: int = 0
    minutes: int = 0
    seconds: Decimal = Decimal(0)
    negative: bool = False

    @property
    def is_zero(self) -> bool:
        return not any(
            (self.years, self.months, self.weeks, self.days, self.hours, self.minutes, self.seconds)
        )

    def as_relativedelta(self) -> relativedelta:
        sign = -1 if self.negative else 1
        seconds = int(self.seconds)
        microseconds = int((self.seconds - seconds) * 1_000_000)
        return relativedelta(
            years=sign * self.years,
            months=sign * self.months,
            weeks=sign * self.weeks,
            days=sign * self.days,
            hours=sign * self.hours,
            minutes=sign * self.minutes,
            seconds=sign * seconds,
            microseconds=sign * microseconds,
        )


def parse_iso_duration(value: str) -> Duration:
    """Parse ``P6W``, ``P14D``, ``P1Y2M``, ``P42DT00H00M00S`` and the like.

    Raises :class:`ValueError` for anything that is not an ISO 8601 duration, including the bare
    ``P`` and ``PT``.
    """
    text = (value or "").strip().upper()
    match = _DURATION_RE.match(text)
    if not match or text.rstrip("T").lstrip("+-") in ("P", ""):
        raise ValueError(f"Not an ISO 8601 duration: {value!r}")
    if text.endswith("T"):
        raise ValueError(f"Not an ISO 8601 duration: {value!r}")
    parts = match.groupdict()
    return Duration(
        years=int(parts["years"] or 0),
        months=int(parts["months"] or 0),
        weeks=int(parts["weeks"] or 0),
        days=int(parts["days"] or 0),
        hours=int(parts["hours"] or 0),
        minutes=int(parts["minutes"] or 0),
        seconds=Decimal((parts["seconds"] or "0").replace(",", ".")),
        negative=parts["sign"] == "-",
    )


_UNITS = (
    ("years", "jaar", "jaar"),
    ("months", "maand", "maanden"),
    ("weeks", "week", "weken"),
    ("days", "dag", "dagen"),
    ("hours", "uur", "uur"),
    ("minutes", "minuut", "minuten"),
    ("seconds", "seconde", "seconden"),
)


def duration_in_words(value: str | Duration | None) -> str:
    """``"P6W"`` as ``"6 weken"``, ``"P1Y2M3D"`` as ``"1 jaar, 2 maanden en 3 dagen"``.

    Zero parts are left out (``P42DT00H00M00S`` is ``"42 dagen"``); a zero duration is
    ``"0 dagen"``. The sign is dropped: a text says "verlengd met" or "verkort met" itself.
    """
    if value is None or value == "":
        return ""
    duration = parse_iso_duration(value) if isinstance(value, str) else value
    words = []
    for attr, singular, plural in _UNITS:
        amount = getattr(duration, attr)
        if not amount:
            continue
        if isinstance(amount, Decimal):
            amount = amount.normalize()
            amount_text = format(amount, "f").replace(".", ",")
        else:
            amount_text = str(amount)
        words.append(f"{amount_text} {singular if amount == 1 else plural}")
    if not words:
        return "0 dagen"
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} en {words[-1]}"


def add_duration(start: date, value: str | Duration) -> date:
    """``start`` plus an ISO 8601 duration, months and years as calendar months and years.

    31 January plus ``P1M`` is 28 (or 29) February, as :mod:`dateutil` does it. Time parts are
    counted from midnight and only the date of the result is kept: a date has no hours.
    """
    duration = parse_iso_duration(value) if isinstance(value, str) else value
    result = start + duration.as_relativedelta()
    return result.date() if isinstance(result, datetime) else result


def algemene_termijnenwet(day: date) -> date:
    """The last day of a statutory term, moved on as the Algemene termijnenwet requires.

    Article 1 of the Algemene termijnenwet extends a term that ends on a Saturday, Sunday or
    generally recognised holiday to the next day that is none of these. Article 3 lists the
    holidays: Nieuwjaarsdag, Tweede Paasdag, Hemelvaartsdag, Tweede Pinksterdag, both Christmas
    days, the day the King's birthday is celebrated and 5 May. Goede Vrijdag is not one of them.
    """
    while day.weekday() >= 5 or _is_atw_feestdag(day):
        day += timedelta(days=1)
    return day


def _is_atw_feestdag(day: date) -> bool:
    fixed = {(1, 1), (5, 5), (12, 25), (12, 26)}
    if (day.month, day.day) in fixed:
        return True
    if day == _koningsdag(day.year):
        return True
    paasdag = easter(day.year)
    movable = {
        paasdag + timedelta(days=1),  # Tweede Paasdag
        paasdag + timedelta(days=39),  # Hemelvaartsdag
        paasdag + timedelta(days=50),  # Tweede Pinksterdag
    }
    return day in movable


def _koningsdag(year: int) -> date:
    # Since 2014 the King's birthday (27 April); Koninginnedag (30 April) before. Both move to
    # the Saturday before when they fall on a Sunday.
    celebrated = date(year, 4, 27) if year >= 2014 else date(year, 4, 30)
    if celebrated.weekday() == 6:
        celebrated -= timedelta(days=1)
    return celebrated
