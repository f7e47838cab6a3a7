"""Working days and the publication date a rule chooses.

The expected dates are read off the calendar (and the Koningsdag rule of the Wet van 23 april
2013 that moves a Sunday 27 April to the Saturday before), not computed by the code under test.
"""

from datetime import date, timedelta

import pytest

from zgw_threepas.constants import PublicatiedatumRegel
from zgw_threepas.kennisgeving.werkdagen import (
    MissingBesluitPublicatiedatumError,
    NoWorkingDayError,
    Werkdagen,
    feestdagen,
    publicatiedatum,
)

KALENDER = Werkdagen()


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (date(2026, 4, 27), "Koningsdag"),  # a Monday
        (date(2025, 4, 26), "Koningsdag"),  # 27 April 2025 is a Sunday: the Saturday before
        (date(2026, 12, 25), "Eerste Kerstdag"),
        (date(2026, 12, 26), "Tweede Kerstdag"),  # a Saturday: the holiday is named
        (date(2026, 4, 3), "Goede Vrijdag"),
        (date(2026, 4, 6), "Tweede paasdag"),
        (date(2026, 5, 14), "Hemelvaartsdag"),
        (date(2026, 5, 25), "Tweede Pinksterdag"),
        (date(2027, 1, 1), "Nieuwjaarsdag"),
        (date(2025, 5, 5), "Bevrijdingsdag"),  # lustrum year
        (date(2026, 5, 2), "zaterdag"),
        (date(2026, 5, 3), "zondag"),
    ],
)
def test_days_that_are_no_working_day_say_why(day, reason):
    assert KALENDER.vrij(day) == reason
    assert not KALENDER.is_werkdag(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 4, 28),  # the Monday after a Koningsdag moved to Saturday: no extra day off
        date(2026, 5, 5),  # Bevrijdingsdag outside a lustrum year
        date(2026, 4, 2),  # Witte Donderdag
        date(2026, 12, 24),  # Kerstavond
        date(2026, 12, 31),  # Oudejaarsdag
    ],
)
def test_ordinary_weekdays_are_working_days(day):
    assert KALENDER.is_werkdag(day)


def test_koningsdag_on_a_sunday_moves_to_saturday_and_gives_no_monday_off():
    assert date(2025, 4, 27) not in feestdagen(2025)
    assert feestdagen(2025)[date(2025, 4, 26)] == "Koningsdag"
    # From Friday 25 April 2025: Saturday (Koningsdag) and Sunday are skipped, Monday works.
    assert KALENDER.volgende_werkdag(date(2025, 4, 25)) == date(2025, 4, 28)


def test_the_day_after_a_friday_before_koningsdag_on_monday_is_tuesday():
    assert KALENDER.volgende_werkdag(date(2026, 4, 24)) == date(2026, 4, 28)


def test_from_the_thursday_before_pasen_the_next_working_day_is_the_tuesday_after():
    # Goede Vrijdag 3 April, the weekend, Tweede Paasdag 6 April 2026.
    assert KALENDER.volgende_werkdag(date(2026, 4, 2)) == date(2026, 4, 7)


def test_goede_vrijdag_itself_leads_to_the_tuesday_after_pasen():
    assert KALENDER.volgende_werkdag(date(2026, 4, 3)) == date(2026, 4, 7)


def test_christmas_on_thursday_and_friday_leads_to_monday():
    # 2025: Kerst on Thursday 25 and Friday 26 December.
    assert KALENDER.volgende_werkdag(date(2025, 12, 24)) == date(2025, 12, 29)


def test_christmas_and_new_year_with_the_organisations_own_days_off():
    kalender = Werkdagen(
        {date(2025, 12, 29): "Kerstreces", date(2025, 12, 30): "", date(2026, 1, 2): "Brugdag"}
    )
    assert kalender.vrij(date(2025, 12, 29)) == "Kerstreces"
    assert kalender.vrij(date(2025, 12, 30)) == "day off of the organisation"
    assert kalender.volgende_werkdag(date(2025, 12, 24)) == date(2025, 12, 31)
    # 31 Dec is a working day; 1 Jan (holiday), 2 Jan (own), the weekend are skipped.
    assert kalender.volgende_werkdag(date(2025, 12, 31)) == date(2026, 1, 5)


def test_the_next_working_day_is_never_the_day_itself():
    assert KALENDER.volgende_werkdag(date(2026, 3, 4)) == date(2026, 3, 5)  # Wednesday


def test_days_off_without_end_are_a_configuration_error_not_an_endless_search():
    kalender = Werkdagen({date(2026, 3, 2) + timedelta(days=n): "" for n in range(120)})
    with pytest.raises(NoWorkingDayError) as excinfo:
        kalender.volgende_werkdag(date(2026, 3, 1))
    assert "days off of the organisation" in excinfo.value.user_message()


# -- the rule's choice ----------------------------------------------------------------------

FRIDAY_BEFORE_KONINGSDAG = date(2026, 4, 24)


def test_direct_publishes_today_even_at_the_weekend():
    saturday = date(2026, 4, 25)
    assert (
        publicatiedatum(PublicatiedatumRegel.direct, vandaag=saturday, werkdagen=KALENDER)
        == saturday
    )


def test_next_working_day_skips_weekend_and_koningsdag():
    assert publicatiedatum(
        PublicatiedatumRegel.volgende_werkdag,
        vandaag=FRIDAY_BEFORE_KONINGSDAG,
        werkdagen=KALENDER,
    ) == date(2026, 4, 28)


def test_the_besluit_publicatiedatum_is_used_as_entered_even_on_a_holiday():
    assert publicatiedatum(
        PublicatiedatumRegel.besluit_publicatiedatum,
        vandaag=FRIDAY_BEFORE_KONINGSDAG,
        werkdagen=KALENDER,
        besluit_publicatiedatum=date(2026, 4, 27),
    ) == date(2026, 4, 27)


def test_a_besluit_publicatiedatum_in_the_past_becomes_today():
    assert (
        publicatiedatum(
            PublicatiedatumRegel.besluit_publicatiedatum,
            vandaag=FRIDAY_BEFORE_KONINGSDAG,
            werkdagen=KALENDER,
            besluit_publicatiedatum=date(2026, 4, 1),
        )
        == FRIDAY_BEFORE_KONINGSDAG
    )


def test_a_besluit_without_publicatiedatum_is_a_reason_to_hold():
    with pytest.raises(MissingBesluitPublicatiedatumError) as excinfo:
        publicatiedatum(
            PublicatiedatumRegel.besluit_publicatiedatum,
            vandaag=FRIDAY_BEFORE_KONINGSDAG,
            werkdagen=KALENDER,
            besluit="BESLUIT-2026-0000000007",
        )
    assert excinfo.value.code == "no-publicatiedatum"
    assert "BESLUIT-2026-0000000007" in excinfo.value.user_message()
    assert "publicatiedatum" in excinfo.value.user_message()
