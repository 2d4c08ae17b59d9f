"""The optional Piper voice against espeak-ng, on every distinct prompt of the built-in
routines (counts included): real-time factor (render seconds ÷ audio seconds), words per
minute (words ÷ trimmed clip length), the Piper worker's peak memory, the voice's load time,
and a session's start (its first two prompts ready) cold and warm.

    .venv/bin/python benchmarks/piper_voice.py            # needs '.[piper]' + a voice
    .venv/bin/python benchmarks/piper_voice.py --sweep    # also wpm per length_scale (in-process)
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import wave
from pathlib import Path

from unclench.catalog import load_catalog
from unclench.clips import read_wav, trim_silence
from unclench.core.speech_fit import spoken_texts
from unclench.core.timeline import compile_timeline
from unclench.core.voices import VoiceSettings
from unclench.speech.cache import SpeechCache
from unclench.speech.engines import VoiceRouter, speech_renderer
from unclench.speech.piper_voices import find_piper_voice
from unclench.speech.renderer import Pyttsx3Renderer

VOICE = "piper:en_US-joe-medium"


def prompts() -> list[str]:
    texts: dict[str, None] = {}
    for entry in load_catalog(include_user=False).entries:
        if entry.routine is not None:
            for text in spoken_texts(compile_timeline(entry.routine, count_aloud=True)):
                texts.setdefault(text, None)
    return list(texts)


def measure(router: VoiceRouter, settings: VoiceSettings, texts: list[str], folder: Path) -> dict:
    render_s = audio_s = 0.0
    wpm: list[float] = []
    for i, text in enumerate(texts):
        out = folder / f"{i}.wav"
        started = time.perf_counter()
        router.render(text, settings, out)
        render_s += time.perf_counter() - started
        clip = read_wav(out)
        audio_s += clip.duration
        words = len(text.split())
        spoken = trim_silence(clip).duration
        if words >= 3 and spoken > 0:  # single counts say little about pace
            wpm.append(words / spoken * 60)
    return {
        "render": render_s,
        "audio": audio_s,
        "rtf": render_s / audio_s,
        "median_wpm": statistics.median(wpm),
        "max_wpm": max(wpm),
    }


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def session_start(folder: Path, routine_id: str) -> float:
    """Seconds until a session's first two prompts are in the cache (a fresh renderer)."""
    routine = load_catalog(include_user=False).find(routine_id)
    first = spoken_texts(compile_timeline(routine))[:2]
    settings = VoiceSettings(VOICE, language=routine.language)
    router = speech_renderer()
    started = time.perf_counter()
    cache = SpeechCache(folder, router)
    for text in first:
        cache.get_or_render(text, settings)
    took = time.perf_counter() - started
    router.close()
    return took


def sweep(texts: list[str]) -> None:
    from piper import PiperVoice, SynthesisConfig

    found = find_piper_voice(VOICE)
    assert found is not None
    voice = PiperVoice.load(found.model, config_path=found.config)
    sample = [t for t in texts if len(t.split()) >= 3][:40]
    with tempfile.TemporaryDirectory() as tmp:
        for scale in (1.0, 1.2, 1.3, 1.4, 1.5, 1.6):
            wpm = []
            for text in sample:
                out = Path(tmp) / "s.wav"
                with wave.open(str(out), "wb") as wav:
                    voice.synthesize_wav(text, wav, SynthesisConfig(length_scale=scale))
                wpm.append(len(text.split()) / trim_silence(read_wav(out)).duration * 60)
            print(
                f"length_scale {scale:.1f}: median {statistics.median(wpm):5.1f} wpm, "
                f"max {max(wpm):5.1f} ({len(sample)} prompts)"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sweep", action="store_true")
    args = parser.parse_args()
    texts = prompts()
    print(f"{len(texts)} distinct prompts and counts in the built-in routines")
    if args.sweep:
        sweep(texts)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        espeak = VoiceRouter(Pyttsx3Renderer())
        espeak.engine_id()  # start-up not counted
        e = measure(espeak, VoiceSettings(), texts, folder)
        espeak.close()
        piper = speech_renderer()
        started = time.perf_counter()
        piper.piper().engine_id()
        load = piper.piper().load(VOICE)
        start_and_load = time.perf_counter() - started
        p = measure(piper, VoiceSettings(VOICE), texts, folder)
        worker = piper.piper()._worker
        memory = peak_memory_mb(worker.proc.pid) if worker is not None else float("nan")
        piper.close()
        for name, m in (("espeak-ng", e), ("piper", p)):
            print(
                f"{name:9}  {m['audio']:6.1f} s of audio in {m['render']:6.1f} s: "
                f"real-time factor {m['rtf']:.3f}; median {m['median_wpm']:.0f} wpm, "
                f"max {m['max_wpm']:.0f}"
            )
        print(f"piper ÷ espeak real-time factor: {p['rtf'] / e['rtf']:.1f}×")
        print(f"piper voice load {load:.2f} s (worker start + load {start_and_load:.2f} s)")
        print(f"piper worker peak memory (VmHWM) {memory:.0f} MB")
        cache = folder / "cache"
        cold = session_start(cache, "relaxing-breath")
        warm = session_start(cache, "relaxing-breath")
        print(f"relaxing-breath, first two prompts ready: cold {cold:.2f} s, warm {warm:.3f} s")


if __name__ == "__main__":
    main()
