"""Voice pacing and loudness of every built-in routine, with the default voice or a chosen one.

    .venv/bin/python benchmarks/voice_pacing.py                       # the defaults
    .venv/bin/python benchmarks/voice_pacing.py --voice gmw/en+m3 --rate 120 --pitch 40
    .venv/bin/python benchmarks/voice_pacing.py --wav-dir /tmp/clips  # keep the clips

Renders every routine's prompts cold (a fresh speech cache in a temporary folder: per
sentence, with pauses, normalised, exactly as the app stores them) and prints per routine:
the number of prompts, median and maximum words per minute (words ÷ stored clip length,
pauses included), the prompt with the least room at the routine's fastest tempo (its clip ÷
its step), the spread of the clips' loudness (LUFS, BS.1770-style) and their highest peak,
and the cold render time as a real-time factor (render seconds ÷ audio seconds).
Targets: median 110–135 wpm per routine, no prompt over 160 wpm, fit ≤ 1.0, loudness
within ±1 dB of −20 LUFS, peaks ≤ −1 dBFS.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from unclench.catalog import load_catalog
from unclench.clips import read_wav
from unclench.core.sentences import word_count
from unclench.core.speech_fit import rooms
from unclench.core.timeline import BeatKind, compile_timeline
from unclench.core.voices import VoiceSettings
from unclench.loudness import loudness_lufs, peak_dbfs
from unclench.settings import Settings
from unclench.speech.cache import SpeechCache
from unclench.speech.renderer import Pyttsx3Renderer


def main() -> None:
    defaults = Settings()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voice", default=defaults.voice)
    parser.add_argument("--rate", type=int, default=defaults.rate)
    parser.add_argument("--pitch", type=int, default=defaults.pitch)
    parser.add_argument("--word-gap", type=int, default=VoiceSettings().word_gap)
    parser.add_argument("--variant", default=VoiceSettings().variant)
    parser.add_argument("--wav-dir", type=Path, help="copy every clip here, by routine")
    parser.add_argument("--only", help="one routine id")
    args = parser.parse_args()
    renderer = Pyttsx3Renderer()
    catalog = load_catalog()
    voice = args.voice or f"(by language)+{args.variant}"
    print(f"voice {voice}  rate {args.rate}  pitch {args.pitch}  word gap {args.word_gap}")
    print(
        f"{'routine':<30} {'prompts':>7} {'med wpm':>7} {'max wpm':>7} {'fit@fast':>8} "
        f"{'LUFS lo..hi':>13} {'peak':>6} {'RTF':>6}"
    )
    every_wpm: list[float] = []
    try:
        renderer.engine_id()  # the worker's start is not part of any routine's render time
        for routine in catalog.routines:
            if args.only and routine.id != args.only:
                continue
            timeline = compile_timeline(routine)
            texts = list(dict.fromkeys(b.text for b in timeline.beats if b.kind is BeatKind.SPEAK))
            settings = VoiceSettings(
                args.voice,
                args.rate,
                language=routine.language,
                pitch=args.pitch,
                variant=args.variant,
                word_gap=args.word_gap,
            )
            with tempfile.TemporaryDirectory() as tmp:
                cache = SpeechCache(Path(tmp), renderer)
                began = time.perf_counter()
                paths = {t: cache.get_or_render(t, settings) for t in texts}
                taken = time.perf_counter() - began
                clips = {t: read_wav(p) for t, p in paths.items()}
                if args.wav_dir:
                    folder = args.wav_dir / routine.id
                    folder.mkdir(parents=True, exist_ok=True)
                    for i, p in enumerate(paths.values()):
                        shutil.copy(p, folder / f"{i:02d}.wav")
                # counts too, for the fit at the fastest tempo
                fast = compile_timeline(routine, tempo=routine.tempo_min)
                for b in fast.beats:
                    if b.kind is BeatKind.COUNT and b.text not in clips:
                        clips[b.text] = read_wav(cache.get_or_render(b.text, settings))
            wpm = [60 * word_count(t) / clips[t].duration for t in texts]
            every_wpm += wpm
            fits = [(clips[r.beat.text].duration / r.room, r) for r in rooms(fast) if r.room > 0]
            worst, place = max(fits, key=lambda pair: pair[0])
            levels = [loudness_lufs(clips[t]) for t in texts]
            peak = max(peak_dbfs(clips[t]) for t in texts)
            audio = sum(clips[t].duration for t in texts)
            print(
                f"{routine.id:<30} {len(texts):>7} {statistics.median(wpm):>7.0f} "
                f"{max(wpm):>7.0f} {worst:>8.2f} {min(levels):>6.1f}..{max(levels):<6.1f}"
                f"{peak:>6.1f} {taken / audio:>6.3f}"
            )
            print(
                f"{'':<30} fastest tempo {routine.tempo_min:g}: {place.beat.text[:50]!r} "
                f"{clips[place.beat.text].duration:.1f} s, {place.what} {place.room:.1f} s"
            )
    finally:
        renderer.close()
    if every_wpm:
        print(
            f"all prompts: median {statistics.median(every_wpm):.0f} wpm, "
            f"range {min(every_wpm):.0f}–{max(every_wpm):.0f}"
        )


if __name__ == "__main__":
    main()
