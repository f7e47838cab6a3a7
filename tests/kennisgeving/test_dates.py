from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from zgw_threepas.kennisgeving.dates import (
    Duration,
    add_duration,
    algemene_termijnenwet,
    date_in_words,
    duration_in_words,
    parse_iso_duration,
    to_date,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2017, 6, 14), "14 juni 2017"),
        (date(2024, 1, 1), "1 januari 2024"),
        (date(2024, 2, 29), "29 februari 2024"),
        (date(2024, 3, 31), "31 maart 2024"),
        (date(2024, 5, 5), "5 mei 2024"),
        (date(2024, 8, 27), "27 augustus 2024"),
        (date(2024, 12, 31), "31 december 2024"),
        ("2026-10-09", "9 oktober 2026"),
        ("2026-11-30", "30 november 2026"),
    ],
)
def test_dates_are_written_out_in_dutch(value, expected):
    assert date_in_words(value) == expected


def test_date_in_words_does_not_depend_on_the_process_locale(monkeypatch):
    import locale

    monkeypatch.setattr(locale, "getlocale", lambda *a: ("en_US", "UTF-8"))
    assert date_in_words(date(2024, 7, 4)) == "4 juli 2024"


def test_no_date_is_an_empty_string():
    assert date_in_words(None) == ""
    assert date_in_words("") == ""


def test_a_utc_date_time_late_in_the_evening_belongs_to_the_next_dutch_day():
    assert to_date("2023-12-31T23:30:00Z") == date(2024, 1, 1)
    assert date_in_words(datetime(2024, 6, 30, 22, 15, tzinfo=UTC)) == "1 juli 2024"
    assert date_in_words("2024-06-03T07:12:44.123456Z") == "3 juni 2024"


def test_an_invalid_date_string_is_refused():
    with pytest.raises(ValueError):
        to_date("14-06-2017")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("P6W", Duration(weeks=6)),
        ("P14D", Duration(days=14)),
        ("P1Y2M3D", Duration(years=1, months=2, days=3)),
        ("P42DT00H00M00S", Duration(days=42)),
        ("PT36H", Duration(hours=36)),
        ("P0DT00H00M01.500000S", Duration(seconds=Decimal("1.500000"))),
        ("-P5D", Duration(days=5, negative=True)),
        ("p2m", Duration(months=2)),
    ],
)
def test_iso_durations_are_parsed_with_calendar_parts_kept_apart(value, expected):
    assert parse_iso_duration(value) == expected


@pytest.mark.parametrize("value", ["", "P", "PT", "P1DT", "6W", "P1.5D", "P6W2", "1 week"])
def test_malformed_durations_are_refused(value):
    with pytest.raises(ValueError):
        parse_iso_duration(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("P6W", "6 weken"),
        ("P1W", "1 week"),
        ("P14D", "14 dagen"),
        ("P1D", "1 dag"),
        ("P1M", "1 maand"),
        ("P3M", "3 maanden"),
        ("P1Y", "1 jaar"),
        ("P2Y", "2 jaar"),
        ("P1Y6M", "1 jaar en 6 maanden"),
        ("P1Y2M3D", "1 jaar, 2 maanden en 3 dagen"),
        ("P42DT00H00M00S", "42 dagen"),
        ("PT1H30M", "1 uur en 30 minuten"),
        ("PT2.5S", "2,5 seconden"),
        ("P0D", "0 dagen"),
        ("-P5D", "5 dagen"),
    ],
)
def test_durations_are_written_out_in_dutch(value, expected):
    assert duration_in_words(value) == expected


def test_no_duration_is_an_empty_string():
    assert duration_in_words(None) == ""
    assert duration_in_words("") == ""


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        (date(2024, 7, 16), "P6W", date(2024, 8, 27)),
        (date(2024, 7, 16), "P14D", date(2024, 7, 30)),
        (date(2024, 1, 31), "P1M", date(2024, 2, 29)),
        (date(2023, 1, 31), "P1M", date(2023, 2, 28)),
        (date(2024, 2, 29), "P1Y", date(2025, 2, 28)),
        (date(2024, 12, 20), "P2W", date(2025, 1, 3)),
        (date(2024, 7, 16), "P42DT00H00M00S", date(2024, 8, 27)),
        (date(2024, 7, 16), "PT36H", date(2024, 7, 17)),
        (date(2024, 7, 16), "-P1D", date(2024, 7, 15)),
    ],
)
def test_a_duration_is_added_in_calendar_terms(start, duration, expected):
    assert add_duration(start, duration) == expected


@pytest.mark.parametrize(
    ("last_day", "expected"),
    [
        (date(2024, 8, 27), date(2024, 8, 27)),  # a Tuesday stays
        (date(2024, 8, 31), date(2024, 9, 2)),  # Saturday -> Monday
        (date(2024, 9, 1), date(2024, 9, 2)),  # Sunday -> Monday
        (date(2024, 12, 25), date(2024, 12, 27)),  # both Christmas days
        (date(2024, 12, 31), date(2024, 12, 31)),  # oudejaarsdag is a working day
        (date(2025, 1, 1), date(2025, 1, 2)),  # Nieuwjaarsdag
        (date(2025, 4, 18), date(2025, 4, 18)),  # Goede Vrijdag is not in the Atw
        (date(2025, 4, 21), date(2025, 4, 22)),  # Tweede Paasdag
        (date(2025, 4, 26), date(2025, 4, 28)),  # Koningsdag on Saturday 26 April in 2025
        (date(2024, 4, 27), date(2024, 4, 29)),  # Koningsdag 2024 (a Saturday)
        (date(2023, 4, 27), date(2023, 4, 28)),  # Koningsdag 2023 (a Thursday)
        (date(2025, 5, 5), date(2025, 5, 6)),  # 5 mei, every year
        (date(2025, 5, 29), date(2025, 5, 30)),  # Hemelvaartsdag
        (date(2025, 6, 9), date(2025, 6, 10)),  # Tweede Pinksterdag
    ],
)
def test_the_last_day_of_a_term_moves_on_as_the_algemene_termijnenwet_requires(last_day, expected):
    assert algemene_termijnenwet(last_day) == expected
