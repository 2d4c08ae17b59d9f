"""Speech onsets, measured from the audio the mixer actually played; and how long a session
waits for its first prompts with a cold and a warm speech cache.

    .venv/bin/python benchmarks/speech_onset.py [--routine relaxing-breath] [--starts 5]

1. Onsets. ``unclench play ROUTINE --events FILE`` runs twice with SDL's disk audio driver
   (``benchmarks/mixer_capture.py``; the app opens the mixer at 32000 Hz, 512 frames = 16 ms,
   stereo), first with a fresh
   UNCLENCH_HOME (cold speech cache), then again with the same home (warm cache). Chimes
   ring at the same moments as step prompts, so both runs set ``chime_volume: 0`` in the
   home's settings.json: chimes still play, silently, and every audible segment is speech.
   ``mixer_capture.segments`` lists the audible segments (peak > 0.02, gaps < 0.25 s merged).

   Alignment: the WAV starts when the mixer opens, before session_start, and nothing in
   the log ties the two together. Aligning by the first onset is wrong here: SDL's disk
   driver writes audio ~1 % slower than the wall clock (it sleeps a whole buffer per write),
   so over two minutes audio time lags by over a second. So while the app runs, this
   script watches the raw file SDL writes grow (size every 2 ms on the monotonic clock) to
   know when each audio position was written, and watches the event log for the
   session_start line (2 ms polling) to put session time on the same clock. Onset - due is
   then (wall time the prompt's first audible samples were written) - (its due time), about
   ±10 ms (16 ms writes, polling, the 20 ms analysis window). A real device adds its own
   output latency. The loop's own part is exact: each ``speak`` event's ``t - due`` (play
   called vs due) is in the log. Detection adds scatter: a soft start ("h…") crosses the
   threshold later; the session's first prompt fades in over 600 ms.

2. Session start. ``--starts`` fresh launches each with a fresh home (cold) and with one
   shared, warmed home (warm), SDL dummy video and audio: launch (Popen) → the
   ``session_start`` line appearing in the event log (polled every 2 ms), and the log's
   ``prepared`` (how long the session waited for its first prompts). Targets: cold 1.5 s,
   warm 0.3 s.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from mixer_capture import capture_env, raw_to_wav, segments

BYTES_PER_SECOND = 32000 * 2 * 2  # 32000 Hz, 16-bit, stereo
MATCH_WINDOW = 0.5  # seconds: a segment onset this close to a prompt's due time is its onset


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def stats(label: str, ms: list[float]) -> str:
    if not ms:
        return f"  {label:44s} none"
    return (
        f"  {label:44s} n={len(ms):3d}  p50 {percentile(ms, 50):7.1f}"
        f"  p99 {percentile(ms, 99):7.1f}  max {max(ms):7.1f}  min {min(ms):7.1f} ms"
    )


def new_home(root: Path, name: str) -> Path:
    home = root / name
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.json").write_text(json.dumps({"chime_volume": 0.0}), "utf-8")
    return home


def env_for(home: Path) -> dict[str, str]:
    return dict(os.environ, UNCLENCH_HOME=str(home), PYGAME_HIDE_SUPPORT_PROMPT="1")


def read_log(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@dataclass(frozen=True)
class Capture:
    log: list[dict[str, object]]
    onsets: list[float]  # audio seconds from the start of the WAV
    growth: list[tuple[float, int]]  # (monotonic clock, raw file bytes)
    origin: float | None  # monotonic clock when session_start appeared in the log


def captured_run(routine: str, home: Path, out: Path) -> Capture:
    """Play the routine with SDL's disk driver, watching the raw audio file grow and the event
    log: the log, the segment onsets, (monotonic clock, bytes written) pairs, and the
    monotonic time session_start appeared in the log (polled every 2 ms)."""
    events = out.with_suffix(".jsonl")
    raw = out.with_suffix(".raw")
    command = [sys.executable, "-m", "unclench", "play", routine, "--events", str(events)]
    proc = subprocess.Popen(command, env=capture_env(raw, env_for(home)))
    growth: list[tuple[float, int]] = []
    origin: float | None = None
    while proc.poll() is None:
        now = time.perf_counter()
        with contextlib.suppress(OSError):
            size = raw.stat().st_size
            if not growth or size != growth[-1][1]:
                growth.append((now, size))
        if origin is None and events.exists() and '"session_start"' in events.read_text("utf-8"):
            origin = now
        time.sleep(0.002)
    data = raw.read_bytes() if raw.exists() else b""
    raw_to_wav(data, out)
    onsets = [start for start, _ in segments(data)]
    return Capture(read_log(events), onsets, growth, origin)


def wall_at(growth: list[tuple[float, int]], audio_s: float) -> float:
    """The monotonic time the mixer had written ``audio_s`` seconds of audio (interpolated)."""
    target = audio_s * BYTES_PER_SECOND
    for (t0, b0), (t1, b1) in itertools.pairwise(growth):
        if b0 <= target <= b1:
            return t0 + (t1 - t0) * ((target - b0) / (b1 - b0) if b1 > b0 else 0.0)
    raise ValueError("outside the capture")


def audio_at(growth: list[tuple[float, int]], wall: float) -> float:
    """How many seconds of audio had been written at monotonic time ``wall``."""
    for (t0, b0), (t1, b1) in itertools.pairwise(growth):
        if t0 <= wall <= t1:
            share = (wall - t0) / (t1 - t0) if t1 > t0 else 0.0
            return (b0 + (b1 - b0) * share) / BYTES_PER_SECOND
    return growth[-1][1] / BYTES_PER_SECOND


def match(capture: Capture) -> dict[str, object]:
    """Pair each spoken prompt with the segment onset nearest to where the audio stream was
    at its due time, and put that onset on the wall clock."""
    log, onsets, growth = capture.log, capture.onsets, capture.growth
    spoken = [e for e in log if e["event"] == "speak"]
    missed = [e for e in log if e["event"] == "speak_missed"]
    late_ms = [(float(e["t"]) - float(e["due"])) * 1000 for e in spoken]  # type: ignore[arg-type]
    result: dict[str, object] = {
        "spoken": len(spoken), "missed": len(missed), "late_ms": late_ms,
        "segments": len(onsets), "errors": [],
    }  # fmt: skip
    if not spoken or not onsets or capture.origin is None or len(growth) < 2:
        return result
    errors: list[tuple[float, float]] = []  # (due, onset wall - due wall) in ms
    for e in spoken:
        due = float(e["due"])  # type: ignore[arg-type]
        expected = audio_at(growth, capture.origin + due)
        near = min(onsets, key=lambda s, x=expected: abs(s - x))
        if abs(near - expected) <= MATCH_WINDOW:
            errors.append((due, (wall_at(growth, near) - capture.origin - due) * 1000))
    audio_s = (growth[-1][1] - growth[0][1]) / BYTES_PER_SECOND
    wall_s = growth[-1][0] - growth[0][0]
    result.update(errors=errors, pace=(audio_s, wall_s))
    return result


def report_onsets(label: str, result: dict[str, object]) -> None:
    errors: list[tuple[float, float]] = result["errors"]  # type: ignore[assignment]
    print(
        f"{label}: {result['spoken']} prompts played, {result['missed']} missed (not decoded"
        f" in time), {result['segments']} audible segments, {len(errors)} matched"
    )
    print(stats("loop: play call - due (event log)", result["late_ms"]))  # type: ignore[arg-type]
    if not errors:
        return
    audio_s, wall_s = result["pace"]  # type: ignore[misc]
    print(
        f"  disk driver pace: {audio_s:.2f} s of audio written in {wall_s:.2f} s of wall time"
        f" ({(audio_s / wall_s - 1) * 100:+.2f} %)"
    )
    print(stats("audible onset - due (wall clock), all", [ms for _d, ms in errors]))
    print(stats("  without the first (600 ms fade-in)", [ms for _d, ms in errors[1:]]))
    if len(errors) >= 7:
        third = len(errors) // 3
        head = statistics.mean(ms for _d, ms in errors[1 : third + 1])
        tail = statistics.mean(ms for _d, ms in errors[-third:])
        print(f"  drift: mean of the last third - mean of the first third: {tail - head:+.1f} ms")


def session_start(routine: str, home: Path, timeout: float = 30.0) -> tuple[float, float, float]:
    """(launch → session_start line seen, ready t, prepared) in seconds; the app is closed."""
    events = home / "start.jsonl"
    events.unlink(missing_ok=True)
    env = env_for(home) | {"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    command = [sys.executable, "-m", "unclench", "play", routine, "--events", str(events)]
    launched = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - launched < timeout:
            if events.exists() and '"session_start"' in events.read_text("utf-8"):
                seen = time.perf_counter() - launched
                break
            time.sleep(0.002)
        else:
            raise SystemExit("no session_start within the timeout")
        time.sleep(0.3)  # let the ready event (first frame) reach the log too
        log = read_log(events)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    start = next(e for e in log if e["event"] == "session_start")
    ready = next((float(e["t"]) for e in log if e["event"] == "ready"), float("nan"))  # type: ignore[arg-type]
    return seen, ready, float(start["prepared"])  # type: ignore[arg-type]


def report_starts(label: str, runs: list[tuple[float, float, float]], target: float) -> None:
    seen = [r[0] for r in runs]
    prepared = [r[2] for r in runs]
    verdict = "ok" if max(seen) < target else "OVER"
    print(
        f"  {label:5s} launch → session_start: median {statistics.median(seen):.3f} s,"
        f" max {max(seen):.3f} s (target {target} s: {verdict});  prepared (wait for the first"
        f" prompts): median {statistics.median(prepared):.3f}, max {max(prepared):.3f} s;"
        f"  first frame (ready t): median {statistics.median(r[1] for r in runs):.3f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--routine", default="relaxing-breath")
    parser.add_argument("--starts", type=int, default=5, help="launches per cache state")
    parser.add_argument("--keep", type=Path, help="keep WAVs and logs in this folder")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="unclench-onset-"))
    out = args.keep or root
    out.mkdir(parents=True, exist_ok=True)
    print(
        f"speech_onset: unclench play {args.routine} --events FILE, SDL disk audio at 32000 Hz"
        f" --channels 2 (SDL disk audio, dummy video); settings chime_volume 0 (speech only);"
        f" {os.cpu_count()} cores"
    )
    try:
        home = new_home(root, "captured")
        for label in ("cold cache", "warm cache"):
            wav = out / f"{label.split()[0]}.wav"
            capture = captured_run(args.routine, home, wav)
            start = next(e for e in capture.log if e["event"] == "session_start")
            print(f"{label}: session_start prepared {float(start['prepared']):.3f} s; {wav}")  # type: ignore[arg-type]
            report_onsets(label, match(capture))

        print(f"session start, {args.starts} launches each (SDL dummy video and audio):")
        cold = [
            session_start(args.routine, new_home(root, f"cold-{i}")) for i in range(args.starts)
        ]
        report_starts("cold", cold, 1.5)
        warm_home = new_home(root, "warm")
        session_start(args.routine, warm_home)  # fills the cache
        time.sleep(1.0)
        warm = [session_start(args.routine, warm_home) for _ in range(args.starts)]
        report_starts("warm", warm, 0.3)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"rerun: .venv/bin/python benchmarks/speech_onset.py --routine {args.routine}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
