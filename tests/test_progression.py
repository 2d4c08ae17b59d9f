"""The 4-7-8 progression: 4 breaths until four weeks after the first practice, then 8; the
reason is the source's advice passed on; the user's override gives 8; no clock is read."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from unclench.core.progression import (
    BEGINNER_BREATHS,
    MOST_BREATHS,
    OVERRIDE_REASON,
    breath_cap,
)

FIRST = date(2024, 1, 31)


def test_no_practice_yet_offers_4_and_says_why() -> None:
    cap = breath_cap([], date(2024, 5, 1))
    assert cap.max_breaths == BEGINNER_BREATHS == 4
    assert "no more than 4 breaths at a time for the first month" in cap.reason
    assert cap.unlocked_on is None


@pytest.mark.parametrize(
    ("days_after_first", "breaths"),
    [(0, 4), (1, 4), (27, 4), (28, 8), (29, 8), (400, 8)],
)
def test_four_weeks_after_the_first_practice_8_are_offered(
    days_after_first: int, breaths: int
) -> None:
    today = FIRST + timedelta(days=days_after_first)
    cap = breath_cap([FIRST, FIRST + timedelta(days=2)], today)
    assert cap.max_breaths == breaths


def test_the_day_8_are_unlocked_is_given_so_the_menu_can_say_it_once() -> None:
    cap = breath_cap([FIRST], date(2024, 2, 28))  # through the leap month: 28 days on
    assert cap.unlocked_on == date(2024, 2, 28) and cap.max_breaths == MOST_BREATHS
    assert "up to 8" in cap.reason


def test_the_first_practice_counts_whatever_order_the_days_come_in() -> None:
    days = [FIRST + timedelta(days=30), FIRST, FIRST + timedelta(days=10)]
    assert breath_cap(days, FIRST + timedelta(days=28)).max_breaths == 8


def test_days_after_today_cannot_unlock_early() -> None:
    # A clock set back: "practice" dated in the future does not count.
    assert breath_cap([date(2023, 1, 1) + timedelta(days=800)], date(2024, 5, 1)).max_breaths == 4
    assert breath_cap([date(2024, 6, 1)], date(2024, 5, 1)).unlocked_on is None


def test_the_override_offers_8_and_still_passes_on_the_advice() -> None:
    cap = breath_cap([], date(2024, 5, 1), override=True)
    assert cap.max_breaths == 8 and cap.reason == OVERRIDE_REASON
    assert "first month" in cap.reason


def test_the_override_changes_nothing_once_the_month_is_done() -> None:
    today = FIRST + timedelta(days=40)
    assert breath_cap([FIRST], today, override=True) == breath_cap([FIRST], today)
