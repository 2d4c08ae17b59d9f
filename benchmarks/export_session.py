"""Cold-cache export of a ~20-minute session (box breathing steps repeated, counted aloud).
Target: under 20 s.

    .venv/bin/python benchmarks/export_session.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from unclench.clips import read_wav
from unclench.core.routine import Duration, Kind, Phase, Repeat, Routine, Step, Unit
from unclench.core.speech_fit import spoken_texts
from unclench.core.timeline import compile_timeline
from unclench.core.voices import VoiceSettings
from unclench.sound.export import export_session
from unclench.speech.cache import SpeechCache
from unclench.speech.renderer import Pyttsx3Renderer


def twenty_minutes() -> Routine:
    box = (
        Step(
            Phase.INHALE, Duration(4, Unit.COUNTS), say="Breathe in, box {cycle}.", chime="inhale"
        ),
        Step(Phase.HOLD, Duration(4, Unit.COUNTS), say="Hold.", chime="hold"),
        Step(Phase.EXHALE, Duration(4, Unit.COUNTS), say="Breathe out slowly.", chime="exhale"),
        Step(Phase.HOLD_OUT, Duration(4, Unit.COUNTS), say="Hold, empty.", chime="hold"),
    )
    steps = (
        Step(
            Phase.INSTRUCTION,
            Duration(10, Unit.SECONDS),
            say="Sit comfortably, and let your shoulders drop.",
        ),
        Repeat(box, times=74, minimum=1, maximum=100),
    )
    return Routine("bench", "Bench", Kind.BREATH, "", steps, count_aloud=True)


def main() -> None:
    timeline = compile_timeline(twenty_minutes())
    texts = spoken_texts(timeline)
    with tempfile.TemporaryDirectory() as tmp:
        renderer = Pyttsx3Renderer()
        cache = SpeechCache(Path(tmp) / "cache", renderer)
        marks: list[tuple[float, float]] = []
        start = time.perf_counter()
        out = export_session(
            timeline,
            Path(tmp) / "session.wav",
            cache,
            VoiceSettings(),
            progress=lambda f: marks.append((f, time.perf_counter() - start)),
        )
        elapsed = time.perf_counter() - start
        rendered = next(t for f, t in marks if f >= 0.5)
        clip = read_wav(out)
        renderer.close()
    print(
        f"timeline: {timeline.total / 60:.1f} min, {len(timeline.beats)} beats, "
        f"{len(texts)} distinct spoken texts"
    )
    print(
        f"cold-cache export: {elapsed:.2f} s (rendering {rendered:.2f} s, mixing+writing "
        f"{elapsed - rendered:.2f} s); file {clip.duration:.3f} s vs timeline "
        f"{timeline.total:.3f} s (diff {1000 * abs(clip.duration - timeline.total):.1f} ms)"
    )


if __name__ == "__main__":
    main()
