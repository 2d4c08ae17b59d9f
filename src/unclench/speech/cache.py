"""The speech cache: every rendered prompt stored once, trimmed, keyed by what changes its sound."""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path

from unclench.clips import ClipError, read_wav, trim_silence, write_wav
from unclench.core.voices import VoiceSettings
from unclench.speech.errors import SpeechError
from unclench.speech.renderer import Renderer

# Bumped whenever the stored form changes (trimming, format), so old cache entries miss.
CACHE_FORMAT = 1


class SpeechCache:
    """Rendered prompts in ``folder`` (e.g. ``paths.user_cache_dir() / "speech"``), one WAV
    per sha256 of (text, voice or language, rate, volume, engine id, cache format).

    Entries are trimmed (see ``clips.trim_silence``) and written atomically. Safe to share
    between threads; two threads rendering the same text both succeed (last rename wins).
    """

    def __init__(self, folder: Path, renderer: Renderer) -> None:
        self.folder = folder
        self.renderer = renderer

    def key(self, text: str, settings: VoiceSettings) -> str:
        voice = settings.voice if settings.voice else f"language:{settings.language}"
        parts = [
            CACHE_FORMAT,
            text,
            voice,
            settings.rate,
            round(settings.volume, 4),
            self.renderer.engine_id(),
        ]
        return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()

    def path_for(self, text: str, settings: VoiceSettings) -> Path:
        return self.folder / f"{self.key(text, settings)}.wav"

    def cached(self, text: str, settings: VoiceSettings) -> Path | None:
        """The stored WAV for ``text`` if there is one (never renders)."""
        path = self.path_for(text, settings)
        return path if path.exists() else None

    def get_or_render(self, text: str, settings: VoiceSettings) -> Path:
        """The trimmed WAV for ``text``, rendering it first on a miss. Raises SpeechError."""
        path = self.path_for(text, settings)
        if path.exists():
            return path
        self.folder.mkdir(parents=True, exist_ok=True)
        raw = self.folder / f".{path.stem}.{uuid.uuid4().hex}.raw.wav"
        try:
            self.renderer.render(text, settings, raw)
            try:
                trimmed = trim_silence(read_wav(raw))
            except ClipError as exc:
                raise SpeechError(f"the speech engine wrote a broken file for {text!r}") from exc
            if len(trimmed.samples) == 0:
                raise SpeechError(f"the speech engine rendered only silence for {text!r}")
            write_wav(path, trimmed)
        finally:
            raw.unlink(missing_ok=True)
        return path

    def size_bytes(self) -> int:
        if not self.folder.exists():
            return 0
        return sum(p.stat().st_size for p in self.folder.glob("*.wav"))

    def clear(self) -> None:
        """Delete every stored prompt (and stray temp files)."""
        if self.folder.exists():
            for p in [*self.folder.glob("*.wav"), *self.folder.glob(".*")]:
                p.unlink(missing_ok=True)
