"""The Piper render process: the same JSON-lines protocol as ``speech.worker`` (hello, voices,
render), started isolated the same way (``speech.piper_renderer.PIPER_WORKER_COMMAND``:
``python -I``, the package root passed explicitly, run in that folder).

    → {"op": "hello"}
    ← {"ok": true, "engine_id": "piper-tts-1.8.0"}
    → {"op": "voices"}
    ← {"ok": true, "voices": [{"id": "piper:en_US-joe-medium", "name": …, "languages": […]}]}
    → {"op": "load", "voice": "piper:en_US-joe-medium"}
    ← {"ok": true, "seconds": 1.2}  or  {"ok": false, "error": "…"}
    → {"op": "render", "text", "voice", "language", "rate", "volume", "out"}
    ← {"ok": true, "voice": "piper:en_US-joe-medium"}  or  {"ok": false, "error": "…"}

Voices are found with ``speech.piper_voices`` (the user's voice folder, voice packages) and
loaded once each (~1 s: an ONNX session); one loaded voice renders one prompt at a time.
Piper's pace is set by ``LENGTH_SCALE`` (the voice's phoneme durations × 1.55: ~147 words a
minute on the built-in prompts; see docs/performance.md); the rate setting, espeak's words
per minute, does not apply to Piper. Piper is imported only here, never by the app.
"""

from __future__ import annotations

import json
import time
import wave
from importlib import metadata
from typing import Any

from unclench.speech.piper_voices import find_piper_voice, find_piper_voices
from unclench.speech.worker import _check_writable, run_worker

LENGTH_SCALE = 1.55
"""How much slower than the voice's own pace Piper speaks (1.0: the voice's default)."""


class _Voices:
    """Loaded Piper voices by id (each loaded on first use)."""

    def __init__(self) -> None:
        self.loaded: dict[str, Any] = {}

    def get(self, voice_id: str) -> tuple[Any, float]:
        """The loaded voice and how long loading it took (0 when it was loaded already)."""
        if voice_id in self.loaded:
            return self.loaded[voice_id], 0.0
        found = find_piper_voice(voice_id)
        if found is None:
            raise LookupError(f"no Piper voice {voice_id!r} (see `unclench voices`)")
        from piper import PiperVoice

        started = time.perf_counter()
        voice = PiperVoice.load(found.model, config_path=found.config)
        self.loaded[voice_id] = voice
        return voice, time.perf_counter() - started


def _render(voice: Any, text: str, volume: float, out: str) -> None:
    from piper import SynthesisConfig

    config = SynthesisConfig(length_scale=LENGTH_SCALE, volume=volume)
    with wave.open(out, "wb") as wav:
        voice.synthesize_wav(text, wav, syn_config=config)


def serve(requests: Any, replies: Any) -> None:
    """Answer requests until stdin closes; every failure is an answer, never a crash."""
    voices = _Voices()
    for line in requests:
        if not line.strip():
            continue
        reply: dict[str, Any]
        try:
            request = json.loads(line)
            op = request.get("op")
            if op == "hello":
                import piper  # noqa: F401  (fails here, as an answer, when the extra is missing)

                reply = {"ok": True, "engine_id": f"piper-tts-{metadata.version('piper-tts')}"}
            elif op == "voices":
                reply = {
                    "ok": True,
                    "voices": [
                        {"id": v.id, "name": v.info().name, "languages": [v.language]}
                        for v in find_piper_voices()
                    ],
                }
            elif op == "load":
                _, seconds = voices.get(str(request["voice"]))
                reply = {"ok": True, "seconds": round(seconds, 3)}
            elif op == "render":
                _check_writable(request["out"])
                voice, _ = voices.get(str(request["voice"]))
                _render(voice, request["text"], float(request["volume"]), request["out"])
                reply = {"ok": True, "voice": request["voice"]}
            else:
                reply = {"ok": False, "error": f"unknown op {op!r}"}
        except Exception as exc:  # answered, not raised: the parent decides what it means
            reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
            if isinstance(exc, OSError) and exc.errno is not None:
                reply["errno"] = exc.errno
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


def main() -> None:
    run_worker(serve)


if __name__ == "__main__":
    main()
