"""Renders per second: a fresh worker process per prompt vs one persistent worker.
Also checks every persistent render is valid and that voices switch between requests.

    .venv/bin/python benchmarks/speech_renders.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from unclench.clips import has_audio, read_wav
from unclench.core.voices import VoiceSettings
from unclench.speech.renderer import Pyttsx3Renderer

TEXTS = ["Breathe in slowly.", "Hold.", "Breathe out, and let go.", "two", "three", "four"]


def run(persistent: bool, n: int, folder: Path) -> tuple[float, int]:
    renderer = Pyttsx3Renderer(persistent=persistent)
    renderer.engine_id()  # start-up not counted for the persistent worker
    valid = 0
    start = time.perf_counter()
    for i in range(n):
        out = folder / f"{persistent}-{i}.wav"
        voice = "gmw/en-us" if i % 2 else "gmw/en"
        renderer.render(f"{TEXTS[i % len(TEXTS)]} {i}", VoiceSettings(voice=voice), out)
        valid += has_audio(out) and read_wav(out).duration > 0.2
    elapsed = time.perf_counter() - start
    renderer.close()
    return elapsed, valid


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory() as tmp:
        fresh_n = max(10, n // 10)
        fresh, fresh_ok = run(False, fresh_n, Path(tmp))
        kept, kept_ok = run(True, n, Path(tmp))
    print(
        f"fresh process:     {fresh_n} renders in {fresh:.2f} s = "
        f"{1000 * fresh / fresh_n:.0f} ms each "
        f"({fresh_n / fresh:.1f}/s), {fresh_ok} valid"
    )
    print(
        f"persistent worker: {n} renders in {kept:.2f} s = {1000 * kept / n:.1f} ms each "
        f"({n / kept:.0f}/s), {kept_ok} valid"
    )
    print(f"speed-up: {(fresh / fresh_n) / (kept / n):.1f}x")


if __name__ == "__main__":
    main()
