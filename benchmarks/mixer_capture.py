"""What the mixer played, as a WAV: run a command with SDL's "disk" audio driver, turn the raw
samples it wrote into a WAV file, and list the audible segments.

    .venv/bin/python benchmarks/mixer_capture.py OUT.wav -- unclench play box-breathing
    .venv/bin/python benchmarks/mixer_capture.py --analyse OUT.wav

For hearing and timing a session on a machine with no sound card. unclench opens the mixer at
32000 Hz, 16-bit stereo, 512 frames (16 ms, see ``unclench.sound.mixer``): ``--rate`` and
``--channels`` must match what the program opened. SDL's disk driver sleeps a whole buffer per
write, so its audio runs about 1 % behind the wall clock over minutes: to time events, map the
raw file's growth to the clock (``benchmarks/speech_onset.py`` does) instead of trusting
sample positions alone.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import wave
from collections.abc import Sequence
from pathlib import Path

import numpy as np

RATE = 32000
CHANNELS = 2
THRESHOLD = 0.02  # peak, 0..1, that counts as audible
WINDOW_S = 0.02
GAP_S = 0.25  # quieter stretches shorter than this do not split a segment


def capture_env(raw: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment that makes SDL write the mixer's output to ``raw``."""
    env = dict(os.environ if base is None else base)
    env.update(SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=str(raw))
    env.setdefault("SDL_VIDEODRIVER", "dummy")
    return env


def raw_to_wav(raw: bytes, out: Path, rate: int = RATE, channels: int = CHANNELS) -> None:
    frame = 2 * channels
    with wave.open(str(out), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(raw[: len(raw) - len(raw) % frame])


def segments(
    raw: bytes, rate: int = RATE, channels: int = CHANNELS, threshold: float = THRESHOLD
) -> list[tuple[float, float]]:
    """(start, end) seconds of each audible stretch: 20 ms windows whose peak exceeds
    ``threshold``, merged across gaps shorter than 0.25 s."""
    frame = 2 * channels
    samples = np.frombuffer(raw[: len(raw) - len(raw) % frame], dtype="<i2")
    window = max(1, int(rate * WINDOW_S)) * channels
    usable = len(samples) - len(samples) % window
    if usable == 0:
        return []
    peaks = np.abs(samples[:usable].astype(np.int32)).reshape(-1, window).max(axis=1) / 32768.0
    loud = np.flatnonzero(peaks > threshold) * WINDOW_S
    found: list[tuple[float, float]] = []
    for t in loud.tolist():
        if found and t - found[-1][1] <= GAP_S:
            found[-1] = (found[-1][0], t + WINDOW_S)
        else:
            found.append((t, t + WINDOW_S))
    return found


def run_captured(
    command: Sequence[str], out: Path, rate: int = RATE, channels: int = CHANNELS
) -> tuple[int, list[tuple[float, float]]]:
    """Run ``command`` with the disk driver; write ``out``; return (exit code, segments)."""
    with tempfile.TemporaryDirectory(prefix="unclench-capture-") as folder:
        raw = Path(folder) / "mixer.raw"
        code = subprocess.call(list(command), env=capture_env(raw))
        data = raw.read_bytes() if raw.exists() else b""
    raw_to_wav(data, out, rate, channels)
    return code, segments(data, rate, channels)


def print_segments(path: Path, found: list[tuple[float, float]], total: float) -> None:
    print(f"{path}: {total:.2f} s, {len(found)} audible segments")
    for start, end in found:
        print(f"  {start:8.3f} – {end:8.3f}  ({end - start:.2f} s)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=int, default=RATE)
    parser.add_argument("--channels", type=int, default=CHANNELS)
    parser.add_argument("--analyse", action="store_true", help="only list the segments of OUT")
    parser.add_argument("out", type=Path)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.analyse:
        with wave.open(str(args.out)) as w:
            rate, channels = w.getframerate(), w.getnchannels()
            data = w.readframes(w.getnframes())
        print_segments(args.out, segments(data, rate, channels), len(data) / 2 / channels / rate)
        return 0
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    code, found = run_captured(command, args.out, args.rate, args.channels)
    with wave.open(str(args.out)) as w:
        total = w.getnframes() / w.getframerate()
    print(f"command exited {code}")
    print_segments(args.out, found, total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
