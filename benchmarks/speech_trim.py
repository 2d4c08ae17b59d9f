"""Leading/trailing silence of real espeak-ng renders, before and after the cache trims them.

.venv/bin/python benchmarks/speech_trim.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from unclench.clips import read_wav, silence_ms
from unclench.core.voices import VoiceSettings
from unclench.speech.cache import SpeechCache
from unclench.speech.renderer import Pyttsx3Renderer

TEXTS = [
    "Breathe in slowly through your nose.",
    "Hold.",
    "Breathe out.",
    "Squeeze your right hand into a fist.",
    "Feel the warmth as the muscles soften.",
    "two",
    "seven",
    "Sit comfortably, and let your shoulders drop.",
]


def main() -> None:
    renderer = Pyttsx3Renderer()
    with tempfile.TemporaryDirectory() as tmp:
        cache = SpeechCache(Path(tmp) / "cache", renderer)
        print(f"{renderer.engine_id()}  (lead/trail silence in ms, threshold |x| > 100)")
        print(
            f"{'text':48s} {'raw lead':>8s} {'raw trail':>9s} {'lead':>6s} {'trail':>6s} "
            f"{'raw s':>6s} {'kept s':>6s}"
        )
        for text in TEXTS:
            raw = Path(tmp) / "raw.wav"
            renderer.render(text, VoiceSettings(), raw)
            rl, rt = silence_ms(read_wav(raw))
            kept = read_wav(cache.get_or_render(text, VoiceSettings()))
            tl, tt = silence_ms(kept)
            print(
                f"{text:48s} {rl:8.1f} {rt:9.1f} {tl:6.1f} {tt:6.1f} "
                f"{read_wav(raw).duration:6.2f} {kept.duration:6.2f}"
            )
    renderer.close()


if __name__ == "__main__":
    main()
