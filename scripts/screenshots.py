"""Render the README's screenshots headless: menu, its detail pane (a long one, then
scrolled), the cautions card, breath, muscle, stretch, summary, the tension prompt with the
summary it leads to, the history screen (empty, then with a seeded month) and the menu
capping the relaxing breath at 4 breaths. The app runs in a temporary UNCLENCH_HOME, so your
own journal and settings are neither read nor touched.

Runs the real app (window under SDL's dummy video driver) on a fake clock, so every
screenshot shows an exact moment of a real session. Usage:

    SDL_VIDEODRIVER=dummy python scripts/screenshots.py docs/screenshots [WIDTHxHEIGHT]
    SDL_VIDEODRIVER=dummy python scripts/screenshots.py docs/screenshots --sizes

``--sizes`` shoots the session screens of each kind at 1280×720, 640×480 and a portrait
600×900 (``sizes/``), plus the leave dialog, the volume pill and a long-title summary.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from dataclasses import replace
from datetime import timezone

import pygame

from unclench import paths
from unclench.app import App, AppOptions
from unclench.catalog import Catalog, load_catalog
from unclench.core.routine import Routine
from unclench.core.timeline import total_seconds
from unclench.journal import COMPLETED, STOPPED, Journal, JournalWriter, SessionRecord
from unclench.practice import JournalRecorder
from unclench.settings import Settings
from unclench.ui.cautions import mark_seen
from unclench.ui.summary import SummaryScene


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def read(routine: Routine, base: Settings | None = None) -> AppOptions:
    """Options for playing ``routine`` with its cautions read before and --yes: the session
    starts at once (the cautions card has its own screenshot)."""
    return AppOptions(
        catalog=load_catalog(include_user=False),
        settings=mark_seen(base or Settings(), routine),
        play=routine,
        yes=True,
    )


def shoot(app: App, clock: FakeClock, path: Path) -> None:
    app.tick(wait=False)
    pygame.image.save(pygame.display.get_surface(), str(path))
    print(path)


def key(name: int) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=name, unicode="", mod=0))


def seed_month(path: Path, catalog: Catalog, now: datetime) -> None:
    """A month of practice ending ``now`` (seeded, so the same each run): one to three
    sessions on most days, a tension rating on some, a few stopped early."""
    rng = random.Random(12)
    ids = ["relaxing-breath", "coherent-breathing", "progressive-relaxation-short",
           "slow-stretching", "box-breathing"]  # fmt: skip
    records = []
    for back in range(29, -1, -1):
        day = (now - timedelta(days=back)).replace(hour=7, minute=30, second=0, microsecond=0)
        if back and rng.random() < 0.2:
            continue
        for k in range(rng.choice((1, 1, 2, 2, 3))):
            started = day + timedelta(hours=5 * k, minutes=rng.randrange(0, 50))
            if started > now:
                break
            routine = catalog.find(rng.choice(ids))
            assert routine is not None
            seconds = total_seconds(routine)
            done = rng.random() < 0.85
            practised = seconds if done else seconds * rng.uniform(0.2, 0.8)
            rated = rng.random() < 0.6
            before = rng.randint(4, 8) if rated else None
            records.append(
                SessionRecord(
                    uuid=f"shot-{back}-{k}", routine_id=routine.id, title=routine.title,
                    started=started, ended=started + timedelta(seconds=practised),
                    outcome=COMPLETED if done else STOPPED, steps_total=12,
                    step_reached=11 if done else rng.randint(2, 9),
                    practised_seconds=practised, tempo=1.0, cycles=None, voice_on=True,
                    rating_before=before,
                    rating_after=max(0, before - rng.randint(0, 3)) if before is not None else None,
                )
            )  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    journal = Journal(path)
    journal.add_many(records)
    journal.close()


def session_at(
    routine_id: str,
    fraction_of: tuple[str, float],
    out: Path,
    size: tuple[int, int],
    keys: tuple[int, ...] = (),
    nth: int = 0,
    settings: Settings | None = None,
) -> None:
    """Open ``routine_id`` and shoot it ``fraction_of[1]`` through its ``nth`` step of phase
    ``fraction_of[0]``, after pressing ``keys`` there."""
    catalog = load_catalog(include_user=False)
    clock = FakeClock()
    routine = catalog.find(routine_id)
    options = read(routine, settings)
    options.size = size
    app = App(options, clock=clock)
    app.open()
    try:
        app.tick(wait=False)
        scene = app.scene  # the session scene
        timeline = scene.timeline  # type: ignore[union-attr]
        phase, fraction = fraction_of
        cue = [c for c in timeline.cues if c.phase == phase][nth]
        start = clock.now
        # Walk there frame by frame so every event fires as it would for a user.
        target = start + cue.start + cue.duration * fraction
        while clock.now < target:
            clock.now = min(target, clock.now + 0.25)
            app.tick(wait=False)
        for name in keys:
            key(name)
            app.tick(wait=False)
        shoot(app, clock, out)
    finally:
        app.close()


def history_and_cap(catalog: Catalog, out: Path, size: tuple[int, int]) -> None:
    """The menu with the relaxing breath capped (no practice yet), the empty history, then
    the history of a seeded month."""
    for name, seeded in (("history-empty.png", False), ("history.png", True)):
        if seeded:
            seed_month(paths.journal_path(), catalog, datetime.now().astimezone())
        clock = FakeClock()
        app = App(AppOptions(catalog=catalog, settings=Settings(), size=size), clock=clock)
        app.open()
        try:
            app.tick(wait=False)
            if not seeded:
                for _ in range(len(catalog.entries)):
                    entry = app.scene.entry  # type: ignore[union-attr]
                    if entry and entry.routine and entry.routine.id == "relaxing-breath":
                        break
                    key(pygame.K_DOWN)
                    app.tick(wait=False)
                shoot(app, clock, out / "menu-capped.png")
            key(pygame.K_h)
            shoot(app, clock, out / name)
        finally:
            app.close()


def rated_session(out: Path, size: tuple[int, int]) -> None:
    """From the menu: the "how tense" prompt, a whole session rated 7 then 4, and its
    summary, recorded into an in-memory journal that already holds two earlier days."""
    wall = datetime(2024, 5, 3, 8, 30, tzinfo=timezone(timedelta(hours=2)))
    journal = Journal(":memory:")
    for days_ago in (2, 1):
        started = wall - timedelta(days=days_ago)
        sid = journal.start_session("box-breathing", "Box", started, 1.0, 8, True, 35)
        journal.finish(sid, "completed", started + timedelta(minutes=3), 180.0)
    catalog = load_catalog(include_user=False)
    clock = FakeClock()
    options = AppOptions(
        catalog=catalog,
        settings=Settings(),
        size=size,
        journal=JournalRecorder(JournalWriter(journal), lambda: wall),
    )
    app = App(options, clock=clock)
    app.open()
    try:
        app.tick(wait=False)
        key(pygame.K_RETURN)
        app.tick(wait=False)
        key(pygame.K_RETURN)  # past its cautions card (read for the first time here)
        shoot(app, clock, out / "tension.png")
        digit(pygame.K_7)
        app.tick(wait=False)
        total = app.scene.timeline.total  # type: ignore[union-attr]
        end = clock.now + total + 0.1
        while clock.now < end:
            clock.now = min(end, clock.now + 1.0)
            app.tick(wait=False)
        digit(pygame.K_4)
        app.tick(wait=False)
        summary = app.scene
        assert isinstance(summary, SummaryScene)
        summary._today.result(timeout=10)  # the journal's thread answers in a few ms
        shoot(app, clock, out / "summary-journal.png")
    finally:
        app.close()


SIZES = {"wide": (1280, 720), "small": (640, 480), "portrait": (600, 900)}

# (file name, routine, phase, fraction, which of that phase's steps)
SESSION_SHOTS = (
    ("breath-instruction", "box-breathing", "instruction", 0.5, 1),
    ("breath-hold", "relaxing-breath", "hold", 0.4, 0),
    ("muscle-instruction", "progressive-relaxation-short", "instruction", 0.5, 6),
    ("muscle-tense", "progressive-relaxation-short", "tense", 0.5, 0),
    ("muscle-rest", "progressive-relaxation-short", "rest", 0.5, 0),
    ("stretch-instruction", "slow-stretching", "instruction", 0.5, 4),
    ("stretch-hold", "slow-stretching", "stretch", 0.6, 0),
)


def long_title_summary(out: Path, size: tuple[int, int]) -> None:
    """A stopped session of a routine with a long title, on its summary."""
    catalog = load_catalog(include_user=False)
    routine = replace(
        catalog.find("progressive-relaxation"),
        title="Progressive muscle relaxation, the long form for evenings (16 groups)",
    )
    clock = FakeClock()
    app = App(
        AppOptions(catalog=catalog, settings=Settings(), play=routine, size=size), clock=clock
    )
    app.open()
    try:
        app.tick(wait=False)
        clock.now += 30
        app.tick(wait=False)
        key(pygame.K_ESCAPE)
        app.tick(wait=False)
        key(pygame.K_RETURN)
        app.tick(wait=False)
        clock.now += 0.1
        app.tick(wait=False)
        shoot(app, clock, out)
    finally:
        app.close()


def digit(name: int) -> None:
    pygame.event.post(
        pygame.event.Event(pygame.KEYDOWN, key=name, unicode=pygame.key.name(name), mod=0)
    )


def sizes(out: Path) -> None:
    folder = out / "sizes"
    folder.mkdir(parents=True, exist_ok=True)
    for label, size in SIZES.items():
        for name, routine, phase, fraction, nth in SESSION_SHOTS:
            session_at(routine, (phase, fraction), folder / f"{name}-{label}.png", size, nth=nth)
        session_at(
            "progressive-relaxation-short",
            ("tense", 0.5),
            folder / f"leave-dialog-{label}.png",
            size,
            keys=(pygame.K_ESCAPE,),
        )
        session_at(
            "box-breathing",
            ("inhale", 0.5),
            folder / f"volume-pill-{label}.png",
            size,
            keys=(pygame.K_m, pygame.K_DOWN),
        )
        long_title_summary(folder / f"summary-long-title-{label}.png", size)
        catalog = load_catalog(include_user=False)
        clock = FakeClock()
        app = App(AppOptions(catalog=catalog, settings=Settings(), size=size), clock=clock)
        app.open()
        try:
            shoot(app, clock, folder / f"menu-{label}.png")
        finally:
            app.close()


def sight(folder: Path) -> None:
    """Each theme (menu and a breath), 160 % text at both window sizes, and reduced motion
    (the still disc with its filling band, an in-breath half way)."""
    folder.mkdir(parents=True, exist_ok=True)
    catalog = load_catalog(include_user=False)
    looks = [
        (f"theme-{theme}", replace(Settings(), theme=theme), (1280, 720))
        for theme in ("dark", "light", "contrast")
    ] + [
        (f"text-160-{w}x{h}", replace(Settings(), text_scale=1.6), (w, h))
        for w, h in ((1280, 720), (640, 480))
    ]
    for label, settings, size in looks:
        app = App(AppOptions(catalog=catalog, settings=settings, size=size), clock=FakeClock())
        app.open()
        try:
            shoot(app, app.clock, folder / f"menu-{label}.png")  # type: ignore[arg-type]
            key(pygame.K_s)
            shoot(app, app.clock, folder / f"settings-{label}.png")  # type: ignore[arg-type]
        finally:
            app.close()
        session_at(
            "relaxing-breath", ("inhale", 0.5), folder / f"breath-{label}.png", size,
            settings=settings,
        )  # fmt: skip
    still = replace(Settings(), reduced_motion="on")
    for phase, fraction in (("inhale", 0.3), ("exhale", 0.7)):
        path = folder / f"breath-reduced-motion-{phase}.png"
        session_at("relaxing-breath", (phase, fraction), path, (1280, 720), settings=still)


def main() -> int:
    with tempfile.TemporaryDirectory() as home:
        os.environ["UNCLENCH_HOME"] = home
        return shoot_all()


def shoot_all() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    if "--sizes" in sys.argv[2:]:
        sizes(out)
        return 0
    if "--sight" in sys.argv[2:]:
        sight(out)
        return 0
    size = (1280, 720)
    if len(sys.argv) > 2:
        w, h = sys.argv[2].lower().split("x")
        size = (int(w), int(h))
    out.mkdir(parents=True, exist_ok=True)

    catalog = load_catalog(include_user=False)
    clock = FakeClock()
    app = App(AppOptions(catalog=catalog, settings=Settings(), size=size), clock=clock)
    app.open()
    try:
        shoot(app, clock, out / "menu.png")
        key(pygame.K_END)  # the mixed routine: the longest cautions and sources
        shoot(app, clock, out / "menu-detail.png")
        key(pygame.K_PAGEDOWN)
        shoot(app, clock, out / "menu-detail-scrolled.png")
    finally:
        app.close()

    clock = FakeClock()
    routine = catalog.find("progressive-relaxation-short")
    app = App(
        AppOptions(catalog=catalog, settings=Settings(), play=routine, size=size), clock=clock
    )
    app.open()
    try:
        shoot(app, clock, out / "cautions.png")
    finally:
        app.close()

    session_at("relaxing-breath", ("hold", 0.4), out / "breath.png", size)
    session_at("progressive-relaxation-short", ("tense", 0.5), out / "muscle.png", size)
    session_at("slow-stretching", ("stretch", 0.6), out / "stretch.png", size)

    clock = FakeClock()
    options = read(catalog.find("relaxing-breath"))
    options.size = size
    app = App(options, clock=clock)
    app.open()
    try:
        app.tick(wait=False)
        total = app.scene.timeline.total  # type: ignore[union-attr]
        end = clock.now + total + 0.1
        while clock.now < end:
            clock.now = min(end, clock.now + 1.0)
            app.tick(wait=False)
        shoot(app, clock, out / "summary.png")
    finally:
        app.close()

    history_and_cap(catalog, out, size)
    rated_session(out, size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
