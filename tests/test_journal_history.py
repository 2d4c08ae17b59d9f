"""The history queries: sessions filtered, minutes per day over a range, the streak, totals
per routine, the last N sessions, and the days the progression rule reads."""

from __future__ import annotations

from datetime import date, timedelta, timezone

import pytest

from journal_helpers import at, played
from unclench.core.streak import current_streak
from unclench.journal import STOPPED, Journal


@pytest.fixture
def journal() -> Journal:
    return Journal(":memory:")


def d(text: str) -> date:
    return date.fromisoformat(text)


def test_sessions_filter_by_local_day_and_routine_oldest_first(journal: Journal) -> None:
    played(journal, at("2024-04-30", "23:50"), "a")
    played(journal, at("2024-05-01", "00:10"), "b")
    played(journal, at("2024-05-02"), "a")
    assert [r.routine_id for r in journal.sessions()] == ["a", "b", "a"]
    assert [r.routine_id for r in journal.sessions(since=d("2024-05-01"))] == ["b", "a"]
    assert [r.day for r in journal.sessions(since=d("2024-05-01"), routine="a")] == [
        d("2024-05-02")
    ]


def test_order_is_by_instant_across_utc_offsets(journal: Journal) -> None:
    # 08:00 in New York is after 10:00 in Paris on the same day.
    played(journal, at("2024-05-01", "08:00", timezone(timedelta(hours=-4))), "new-york")
    played(journal, at("2024-05-01", "10:00"), "paris")
    assert [r.routine_id for r in journal.sessions()] == ["paris", "new-york"]
    assert [r.routine_id for r in journal.last_sessions(1)] == ["new-york"]


def test_days_cover_the_whole_range_with_zeros(journal: Journal) -> None:
    played(journal, at("2024-05-02"), seconds=120)
    played(journal, at("2024-05-02", "20:00"), outcome=STOPPED, seconds=30)
    played(journal, at("2024-05-05"), seconds=60)
    days = journal.days(d("2024-05-01"), d("2024-05-04"))
    assert [(x.day.day, x.sessions, x.completed, x.minutes) for x in days] == [
        (1, 0, 0, 0.0), (2, 2, 1, 2.5), (3, 0, 0, 0.0), (4, 0, 0, 0.0),
    ]  # fmt: skip


def test_last_sessions_newest_first(journal: Journal) -> None:
    for day in range(1, 6):
        played(journal, at(f"2024-05-0{day}"), f"r{day}")
    assert [r.routine_id for r in journal.last_sessions(3)] == ["r5", "r4", "r3"]


def test_the_streak_counts_completed_days_only(journal: Journal) -> None:
    played(journal, at("2024-05-01"))
    played(journal, at("2024-05-02"))
    played(journal, at("2024-05-03"), outcome=STOPPED)
    played(journal, at("2024-05-04"))
    played(journal, at("2024-05-05"))
    played(journal, at("2024-05-05", "21:00"))
    assert journal.streak(d("2024-05-05")) == 2
    assert journal.streak(d("2024-05-02")) == 2


def test_totals_per_routine_most_practised_first(journal: Journal) -> None:
    played(journal, at("2024-05-01"), "a", seconds=60)
    played(journal, at("2024-05-01"), "b", seconds=600)
    played(journal, at("2024-05-02"), "a", STOPPED, seconds=20)
    totals = journal.routine_totals()
    assert [(t.routine_id, t.sessions, t.completed, t.practised_seconds) for t in totals] == [
        ("b", 1, 1, 600.0), ("a", 2, 1, 80.0),
    ]  # fmt: skip


def test_the_first_completed_day_of_a_routine_for_the_progression(journal: Journal) -> None:
    assert journal.first_completed_day("relaxing-breath") is None
    played(journal, at("2024-05-03"), "relaxing-breath")
    played(journal, at("2024-05-03", "20:00"), "relaxing-breath")
    played(journal, at("2024-05-01"), "relaxing-breath", STOPPED)
    played(journal, at("2024-04-01"), "box-breathing")
    played(journal, at("2024-05-20"), "relaxing-breath")
    assert journal.first_completed_day("relaxing-breath") == d("2024-05-03")


@pytest.mark.parametrize(
    ("days", "today", "streak"),
    [
        ([], "2024-05-05", 0),
        (["2024-05-05"], "2024-05-05", 1),
        (["2024-05-04"], "2024-05-05", 1),  # today not practised yet: yesterday still counts
        (["2024-05-03"], "2024-05-05", 0),  # a whole day missed
        (["2024-05-05", "2024-05-04", "2024-05-03", "2024-05-01"], "2024-05-05", 3),
        (["2024-05-04", "2024-05-03"], "2024-05-05", 2),
        (["2024-05-09", "2024-05-05", "2024-05-04"], "2024-05-05", 2),  # future days skipped
        (["2024-03-01", "2024-02-29", "2024-02-28"], "2024-03-01", 3),  # leap day
    ],
)
def test_current_streak(days: list[str], today: str, streak: int) -> None:
    assert current_streak([d(x) for x in days], d(today)) == streak


def test_current_streak_reads_no_further_than_the_streak() -> None:
    read: list[date] = []

    def newest_first() -> object:
        for day in (d("2024-05-05"), d("2024-05-04"), d("2024-05-01"), d("2024-04-30")):
            read.append(day)
            yield day

    assert current_streak(newest_first(), d("2024-05-05")) == 2  # type: ignore[arg-type]
    assert read == [d("2024-05-05"), d("2024-05-04"), d("2024-05-01")]
