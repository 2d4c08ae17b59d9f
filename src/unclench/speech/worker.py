"""The speech render process, started isolated (``python -I``, see
``speech.renderer.WORKER_COMMAND``) so nothing in the user's working folder is imported.

No other module imports it: ``speech.renderer.Pyttsx3Renderer`` starts it as a child process
(``WORKER_COMMAND``, through ``speech.worker_pipe.WorkerPipe``) and talks to it with one JSON
object per line:

    → {"op": "hello"}
    ← {"ok": true, "engine_id": "pyttsx3-2.99/espeak-ng-1.51"}
    → {"op": "voices"}
    ← {"ok": true, "voices": [{"id": …, "name": …, "languages": […]}, …]}
    → {"op": "render", "text", "voice", "language", "rate", "volume", "pitch", "variant",
       "word_gap", "out"}
    ← {"ok": true, "voice": "gmw/en"}  or  {"ok": false, "error": "…"}

One pyttsx3 engine lives for the life of the process; each render is exactly one
``save_to_file`` followed by one ``runAndWait`` (espeak writes only the last ``save_to_file``
queued before ``runAndWait``). pyttsx3's espeak driver prints "Audio saved to …" on stdout,
so the protocol uses a private copy of the original stdout and fd 1 is pointed at stderr.
Any failure is answered as ``ok: false`` (with ``errno`` when the output could not be
written); if the engine wedges, the parent kills us. A watchdog thread reads stdin: when it
closes (the parent closed us, or died) the worker exits within ``EXIT_GRACE_S`` even while a
render hangs, so no worker outlives the app.
"""

from __future__ import annotations

import json
import os
import queue
import sys
import threading
import wave
from collections.abc import Callable, Iterator
from importlib import metadata
from typing import IO, Any

from unclench.core.voices import VoiceInfo, choose_voice, with_variant


def _engine_id(engine: Any) -> str:
    driver = type(engine.proxy._driver).__module__.rsplit(".", 1)[-1]
    try:
        version = metadata.version("pyttsx3")
    except metadata.PackageNotFoundError:
        version = "unknown"
    ident = f"pyttsx3-{version}/{driver}"
    if driver == "espeak":
        from pyttsx3.drivers import _espeak

        info = _espeak.Info(None)
        ident += "-ng-" + (info.decode() if isinstance(info, bytes) else str(info))
    return ident


def _voices(engine: Any) -> list[VoiceInfo]:
    return [
        VoiceInfo(str(v.id), str(v.name), tuple(str(lang) for lang in (v.languages or ())))
        for v in engine.getProperty("voices")
    ]


RENDER_TRIES = 4
_ESPEAK_WORDGAP = 7  # espeak_PARAMETER espeakWORDGAP in speak_lib.h (pyttsx3 has no name)


def _set_word_gap(engine: Any, gap: int) -> None:
    """espeak's pause between words (units of 10 ms); other drivers have none: ignored."""
    if type(engine.proxy._driver).__module__.rsplit(".", 1)[-1] != "espeak":
        return
    from pyttsx3.drivers import _espeak

    _espeak.SetParameter(_ESPEAK_WORDGAP, max(0, gap), 0)


def _has_frames(path: str) -> bool:
    try:
        with wave.open(path, "rb") as w:
            return w.getnframes() > 0
    except (OSError, EOFError, wave.Error):
        return False


def _render(engine: Any, text: str, out: str) -> int:
    """One save_to_file + runAndWait, repeated (up to RENDER_TRIES) while the file comes out
    as a bare header: pyttsx3 2.99's espeak driver sometimes (≈2–10 % of renders in a
    long-lived engine, more under CPU load) writes the WAV before any audio arrives. Returns
    the number of tries used; the parent still checks the file."""
    for tries in range(1, RENDER_TRIES + 1):
        engine.save_to_file(text, out)
        engine.runAndWait()
        if _has_frames(out):
            return tries
    return RENDER_TRIES


def serve(requests: Any, replies: Any) -> None:
    """Answer requests until stdin closes. Starting the engine is lazy, so a missing engine
    is reported as an answer (hello fails) instead of a crash."""
    engine: Any = None
    voices: list[VoiceInfo] = []
    for line in requests:
        if not line.strip():
            continue
        reply: dict[str, Any]
        try:
            request = json.loads(line)
            if engine is None:
                import pyttsx3

                engine = pyttsx3.init()
                voices = _voices(engine)
            op = request.get("op")
            if op == "hello":
                reply = {"ok": True, "engine_id": _engine_id(engine)}
            elif op == "voices":
                reply = {
                    "ok": True,
                    "voices": [
                        {"id": v.id, "name": v.name, "languages": list(v.languages)} for v in voices
                    ],
                }
            elif op == "render":
                _check_writable(request["out"])
                voice = request.get("voice")
                if not voice and (voice := choose_voice(voices, request.get("language", "en"))):
                    voice = with_variant(voice, request.get("variant"))
                if voice:
                    engine.setProperty("voice", voice)
                engine.setProperty("rate", int(request["rate"]))
                engine.setProperty("volume", float(request["volume"]))
                engine.setProperty("pitch", int(request.get("pitch", 50)))
                _set_word_gap(engine, int(request.get("word_gap", 0)))
                tries = _render(engine, request["text"], request["out"])
                reply = {"ok": True, "voice": voice, "tries": tries}
            else:
                reply = {"ok": False, "error": f"unknown op {op!r}"}
        except Exception as exc:  # answered, not raised: the parent decides what it means
            reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
            if isinstance(exc, OSError) and exc.errno is not None:
                reply["errno"] = exc.errno
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


def _check_writable(out: str) -> None:
    """Fail fast (OSError with its errno) when ``out`` cannot be created: the engine would
    otherwise fail silently or hang until the parent's timeout."""
    with open(out, "wb") as probe:
        probe.write(b"\0" * 512)  # a full disk usually fails here, not at open
    os.unlink(out)


# After stdin closes, how long the request in progress may still run before the worker exits.
EXIT_GRACE_S = 1.0


def _watched(stdin: IO[str], grace: float = EXIT_GRACE_S) -> Iterator[str]:
    """Lines of ``stdin``, read on a watchdog thread. Once stdin closes the iteration ends;
    if the request in progress does not finish within ``grace`` seconds (a hung engine) the
    process exits there and then."""
    lines: queue.Queue[str | None] = queue.Queue()
    finished = threading.Event()

    def watch() -> None:
        try:
            for line in stdin:
                lines.put(line)
        except (OSError, ValueError):
            pass
        lines.put(None)
        if not finished.wait(grace):
            os._exit(0)

    threading.Thread(target=watch, name="unclench-worker-watchdog", daemon=True).start()
    try:
        while (line := lines.get()) is not None:
            yield line
    finally:
        finished.set()


def run_worker(serve_requests: Callable[[Iterator[str], IO[str]], None]) -> None:
    """Serve a worker's requests on stdin, replying on a private copy of stdout; fd 1 is
    pointed at stderr (engines print there). Shared by the espeak and Piper workers."""
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve_requests(_watched(sys.stdin), replies)


def main() -> None:
    run_worker(serve)


if __name__ == "__main__":
    main()
