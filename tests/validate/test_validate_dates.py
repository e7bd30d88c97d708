"""validate.dates: a date is YYYY-MM-DD; anything else is explained with the date it probably meant."""

from __future__ import annotations

from datetime import date

import pytest

from adviesarchief.validate import Issue, guess_date, parse_date


@pytest.mark.parametrize(("value", "expected"), [
    ("2017-04-03", date(2017, 4, 3)),
    (" 2017-04-03 ", date(2017, 4, 3)),
    ("2024-02-29", date(2024, 2, 29)),
])
def test_a_written_date_is_read(value: str, expected: date) -> None:
    assert parse_date(value, "date") == (expected, [])


@pytest.mark.parametrize(("value", "message", "hint"), [
    (None, "'date' is empty", "fill in the date of the letter as YYYY-MM-DD, like 2017-04-03"),
    ("", "'date' is empty", "fill in the date of the letter as YYYY-MM-DD, like 2017-04-03"),
    ("3 april 2017", "date '3 april 2017' is not written as YYYY-MM-DD", "write it as 2017-04-03"),
    ("03-04-2017", "date '03-04-2017' is not written as YYYY-MM-DD", "write it as 2017-04-03"),
    ("gisteren", "date 'gisteren' is not written as YYYY-MM-DD", "write it as YYYY-MM-DD, like 2017-04-03"),
    (20170403, "date '20170403' is not written as YYYY-MM-DD", "write it as 2017-04-03"),
    ("2017-02-30", "date '2017-02-30' does not exist", "check the day and the month"),
    ("2017-13-01", "date '2017-13-01' does not exist", "check the day and the month"),
])
def test_a_bad_date_is_one_problem_at_its_key(value: object, message: str, hint: str) -> None:
    assert parse_date(value, "today") == (None, [Issue("today", message, hint)])


@pytest.mark.parametrize(("text", "meant"), [
    ("3 april 2017", date(2017, 4, 3)),
    ("3e april 2017", date(2017, 4, 3)),
    ("maandag 3 april 2017", date(2017, 4, 3)),
    ("ma. 3 apr. 2017", date(2017, 4, 3)),
    ("april 3 2017", date(2017, 4, 3)),
    ("3 mrt 2017", date(2017, 3, 3)),
    ("03-04-2017", date(2017, 4, 3)),
    ("3/4/2017", date(2017, 4, 3)),
    ("2017-4-3", date(2017, 4, 3)),
    ("2017.04.03", date(2017, 4, 3)),
    ("20170403", date(2017, 4, 3)),
    ("2017-04-03T10:00", date(2017, 4, 3)),
    ("31-02-2017", None),     # no such day
    ("3 brumaire 2017", None),  # no such month
    ("volgende week", None),
])
def test_dates_written_otherwise_are_guessed(text: str, meant: date | None) -> None:
    assert guess_date(text) == meant
