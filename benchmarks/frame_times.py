"""Frame times while a session's prompts render and decode in the background (cold cache).

    .venv/bin/python benchmarks/frame_times.py [--routine coherent-breathing] [--seconds 60]

Drives the App in-process with the real clock (``App.tick()`` with waiting, exactly as
``App.run`` does) under SDL's dummy video driver at 1280×720, voice and chimes on, with a
fresh UNCLENCH_HOME, so the speech worker renders every prompt of the session and the
prefetch thread decodes them while the session plays. The mixer plays into SDL's disk audio
driver writing to /dev/null (no sound card here; it mixes as with a device).

For each tick that drew (pygame.display.update or flip was called) it records the tick's
work: from the end of its wait for input to the end of the tick (dispatch, update, frame
key, draw, display update) — the wait itself is not work. Reported: p50/p99/max and the
number of frames over 25 ms, for the first 10 s of the session (rendering and decoding under
way) and for the rest. The benchmark's only monkeypatches are timing wrappers around
``App._wait_for_events`` and ``pygame.display.update/flip``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "disk"
os.environ["SDL_DISKAUDIOFILE"] = "/dev/null"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
HOME = Path(tempfile.mkdtemp(prefix="unclench-frames-"))
os.environ["UNCLENCH_HOME"] = str(HOME)

import pygame  # noqa: E402

from unclench.app import App, AppOptions  # noqa: E402
from unclench.catalog import load_catalog  # noqa: E402
from unclench.settings import Settings  # noqa: E402
from unclench.ui.cautions import mark_seen  # noqa: E402

SLOW_MS = 25.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def summary(label: str, ms: list[float]) -> None:
    if not ms:
        print(f"  {label:30s} no frames")
        return
    slow = sum(1 for m in ms if m > SLOW_MS)
    print(
        f"  {label:30s} n={len(ms):5d}  p50 {percentile(ms, 50):6.2f}"
        f"  p99 {percentile(ms, 99):6.2f}  max {max(ms):7.2f} ms   > {SLOW_MS:g} ms: {slow}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--routine", default="coherent-breathing")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to play (60)")
    args = parser.parse_args()

    catalog = load_catalog()
    events = HOME / "events.jsonl"
    routine = catalog.find(args.routine)
    app = App(
        AppOptions(  # cautions read before, and --yes: the session starts at once
            catalog=catalog,
            settings=mark_seen(Settings(), routine),
            play=routine,
            events=events,
            sound=True,
            yes=True,
        )
    )
    drew = 0
    waited_until = 0.0

    def counting(real):  # type: ignore[no-untyped-def]
        def call(*a, **k):  # type: ignore[no-untyped-def]
            nonlocal drew
            drew += 1
            return real(*a, **k)

        return call

    pygame.display.update = counting(pygame.display.update)
    pygame.display.flip = counting(pygame.display.flip)

    app.open()
    real_wait = app._wait_for_events

    def timed_wait(timeout_ms: int | None) -> list[pygame.event.Event]:
        nonlocal waited_until
        got = real_wait(timeout_ms)
        waited_until = time.perf_counter()
        return got

    app._wait_for_events = timed_wait  # type: ignore[method-assign]
    frames: list[tuple[float, float]] = []  # (seconds since open, work ms)
    opened = time.perf_counter()
    while not app.quitting and time.perf_counter() - opened < args.seconds:
        before = drew
        app.tick()
        end = time.perf_counter()
        if drew != before:
            frames.append((end - opened, (end - waited_until) * 1000))
    app.close()

    log = [json.loads(line) for line in events.read_text("utf-8").splitlines()]
    spoken = sum(1 for e in log if e["event"] == "speak")
    missed = sum(1 for e in log if e["event"] == "speak_missed")
    start = next((e for e in log if e["event"] == "session_start"), None)
    rendered = len(list((HOME / "cache").rglob("*.wav")))
    print(
        f"frame_times: {args.routine}, {args.seconds:g} s of a session in-process, real clock;"
        f" SDL dummy video, disk audio to /dev/null; 1280x720; voice on, cold speech cache;"
        f" {os.cpu_count()} cores"
    )
    prepared = start["prepared"] if start else "n/a"
    print(
        f"  session_start prepared {prepared} s; prompts spoken {spoken}, missed {missed};"
        f" {rendered} prompts rendered into the cache during the run"
    )
    print("work per drawn frame (after the wait for input, to the end of the tick):")
    summary("first 10 s (rendering)", [ms for t, ms in frames if t < 10])
    summary("after 10 s", [ms for t, ms in frames if t >= 10])
    summary("all", [ms for _t, ms in frames])
    slow = [f"{t:.2f} s: {ms:.1f} ms" for t, ms in frames if ms > SLOW_MS]
    print(f"  frames over {SLOW_MS:g} ms (seconds since App.open): {', '.join(slow) or 'none'}")
    print(f"rerun: .venv/bin/python benchmarks/frame_times.py --routine {args.routine}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
