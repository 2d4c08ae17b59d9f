"""How fast the history screen's queries are with a long history. Prints figures; asserts
nothing (tests never time).

    .venv/bin/python benchmarks/journal_history.py

Two journals are built side by side in a temporary folder (real files, WAL mode, as the app
uses): 100,000 sessions over about ten years and 1,000 sessions over the last five weeks,
both at the same density (about 27 a day, 8 routines, one day in ten without practice,
seeded). The queries a history screen needs are timed on each (median of 50 runs): open
the journal, minutes per day for 30 days, the streak, totals per routine, the last 20
sessions. The ratio big/small is the point: close to 1× means the query does not grow with
the history. Then the history screen itself: reading its data (``load_history``: opening
the file and its queries) and drawing its first frame at 1280×720 — cold (fresh fonts and
panel caches, as the first time the screen opens) and warm (opened before). Last, the
streak of someone who never missed a day in ten years (it reads one index entry per day of
the streak, so it grows with the streak, not with the sessions).
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

from unclench.journal import COMPLETED, STOPPED, Journal, SessionRecord
from unclench.journal.history import load_history
from unclench.ui.history import HistoryScene
from unclench.visuals.theme import DARK, Fonts
from unclench.visuals.widgets import panel_surface

TODAY = date(2024, 5, 1)
PER_DAY = 27
ROUTINES = [f"routine-{i}" for i in range(8)]
TZ = timezone(timedelta(hours=2))


def sessions(count: int, skip_chance: float, seed: int = 1) -> list[SessionRecord]:
    rng = random.Random(seed)
    out: list[SessionRecord] = []
    day = TODAY
    while len(out) < count:
        if day == TODAY or rng.random() >= skip_chance:
            for k in range(min(PER_DAY, count - len(out))):
                start = datetime(day.year, day.month, day.day, 6, tzinfo=TZ) + timedelta(
                    minutes=30 * k
                )
                seconds = rng.uniform(60, 1200)
                routine = rng.choice(ROUTINES)
                out.append(
                    SessionRecord(
                        uuid=f"{seed}-{len(out)}", routine_id=routine, title=routine.title(),
                        started=start, ended=start + timedelta(seconds=seconds),
                        outcome=COMPLETED if rng.random() < 0.8 else STOPPED,
                        steps_total=12, step_reached=11, practised_seconds=seconds,
                        tempo=1.0, cycles=4, voice_on=True,
                        rating_before=rng.randint(0, 10), rating_after=rng.randint(0, 10),
                    )
                )  # fmt: skip
        day -= timedelta(days=1)
    return out


def build(folder: Path, name: str, records: list[SessionRecord]) -> Path:
    path = folder / f"{name}.sqlite3"
    journal = Journal(path)
    journal.add_many(records)
    journal.close()
    return path


def median_ms(job: Callable[[], object], runs: int = 50) -> float:
    job()  # warm the page cache and the statement cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def queries(path: Path) -> dict[str, Callable[[], object]]:
    journal = Journal(path)
    return {
        "open the journal": lambda: Journal(path).close(),
        "minutes per day, 30 days": lambda: journal.days(TODAY - timedelta(days=29), TODAY),
        "streak": lambda: journal.streak(TODAY),
        "totals per routine": journal.routine_totals,
        "last 20 sessions": lambda: journal.last_sessions(20),
    }


class ScreenHost:
    """What the history scene reads of the app while drawing: the palette and the fonts."""

    def __init__(self) -> None:
        self.palette = DARK
        self.fonts = Fonts()


def open_and_draw(path: Path, host: ScreenHost, surface: pygame.Surface, cold: bool) -> None:
    """What H in the menu costs: read the journal, build the scene, draw its first frame."""
    if cold:
        host.fonts = Fonts()
        panel_surface.cache_clear()
    scene = HistoryScene(host, load_history(path, TODAY))  # type: ignore[arg-type]
    scene.frame_key(0.0, surface.get_size())
    scene.draw(surface, 0.0)


def screen_figures(small: Path, big: Path) -> None:
    pygame.font.init()
    surface = pygame.Surface((1280, 720))
    host = ScreenHost()
    print(f"{'history screen':<28}{'1,000 (ms)':>12}{'100,000 (ms)':>15}{'ratio':>8}")
    for cold in (True, False):
        a, b = (
            median_ms(lambda p=p, c=cold: open_and_draw(p, host, surface, c), runs=20)  # type: ignore[misc]
            for p in (small, big)
        )
        name = "open + first frame, " + ("cold" if cold else "warm")
        print(f"{name:<28}{a:>12.3f}{b:>15.3f}{b / a:>7.2f}×")
    read_a, read_b = (median_ms(lambda p=p: load_history(p, TODAY)) for p in (small, big))  # type: ignore[misc]
    print(f"{'  of which load_history':<28}{read_a:>12.3f}{read_b:>15.3f}{read_b / read_a:>7.2f}×")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        big = build(folder, "big", sessions(100_000, skip_chance=0.1))
        small = build(folder, "small", sessions(1_000, skip_chance=0.1))
        built = time.perf_counter() - t0
        print(f"built 100,000 + 1,000 sessions in {built:.1f} s (one import transaction each)")
        print(f"{'query':<28}{'1,000 (ms)':>12}{'100,000 (ms)':>15}{'ratio':>8}")
        big_q, small_q = queries(big), queries(small)
        for name in big_q:
            a, b = median_ms(small_q[name]), median_ms(big_q[name])
            print(f"{name:<28}{a:>12.3f}{b:>15.3f}{b / a:>7.2f}×")
        total_small = sum(median_ms(q) for q in small_q.values())
        total_big = sum(median_ms(q) for q in big_q.values())
        print(f"{'all of them':<28}{total_small:>12.3f}{total_big:>15.3f}"
              f"{total_big / total_small:>7.2f}×")  # fmt: skip
        screen_figures(small, big)
        unbroken = build(folder, "unbroken", sessions(100_000, skip_chance=0.0, seed=2))
        journal = Journal(unbroken)
        streak = journal.streak(TODAY)
        ms = median_ms(lambda: journal.streak(TODAY))
        print(f"streak of {streak} days (never a day missed): {ms:.3f} ms")


if __name__ == "__main__":
    main()
