"""The speech cache: every rendered prompt stored once, trimmed, keyed by what changes its sound,
and checked against a note of its length and checksum each time it is used.

What happens here happens for every engine (the renderer only turns one sentence into a
WAV): a prompt is split into sentences (``core.sentences``), each rendered and trimmed on its
own and joined with ``SENTENCE_PAUSE_S`` of silence, and the whole clip is normalised to
``loudness.TARGET_LUFS`` with its peak at or below ``loudness.PEAK_DBFS``."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
import uuid
import wave
from pathlib import Path

import numpy as np

from unclench.clips import Clip, ClipError, Samples, read_wav, resample, trim_silence, write_wav
from unclench.core.sentences import SENTENCE_PAUSE_S, split_sentences
from unclench.core.voices import VoiceSettings
from unclench.loudness import normalise
from unclench.speech.errors import SpeechError, storage_error
from unclench.speech.renderer import Renderer, engine_key

# Bumped whenever the stored form changes (trimming, format), so old cache entries miss.
# 2: rendered per sentence with pauses between, and normalised in loudness.
CACHE_FORMAT = 2

# Temporary files (a raw render, a half-written clip) older than this are left over from a
# render that was killed: removed when a cache is opened. Younger ones may be another
# process's render in progress.
STALE_S = 10 * 60
_TEMPORARY = (".*.raw.wav", ".*.part", "*.tmp")


def _checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _note(data: bytes, frames: int) -> str:
    return json.dumps({"bytes": len(data), "frames": frames, "sha256": _checksum(data)})


def _verified(path: Path, note: Path) -> bool:
    """True when ``path`` is the very WAV its ``note`` describes: same size and checksum,
    a 16-bit header whose frame count fills the file, and at least one frame."""
    try:
        stored = json.loads(note.read_text(encoding="utf-8"))
        data = path.read_bytes()
    except (OSError, ValueError):
        return False
    if not isinstance(stored, dict):
        return False
    if stored.get("bytes") != len(data) or stored.get("sha256") != _checksum(data):
        return False
    try:
        with wave.open(str(path), "rb") as w:
            frames, width, channels = w.getnframes(), w.getsampwidth(), w.getnchannels()
    except (OSError, EOFError, wave.Error):
        return False
    return (
        frames > 0
        and stored.get("frames") == frames
        and width == 2
        and (len(data) >= frames * width * channels)
    )


class SpeechCache:
    """Rendered prompts in ``folder`` (e.g. ``paths.user_cache_dir() / "speech"``), one WAV
    per sha256 of (text, voice or language and variant, rate, volume, pitch, word gap,
    sentence pause, engine id, cache format), each with a ``.meta`` note of its size, frame
    count and checksum.

    Entries are rendered a sentence at a time, each trimmed (see ``clips.trim_silence``),
    joined with ``pause_s`` of silence, normalised in loudness, and written atomically. A
    clip that no longer matches its note (empty, truncated, zeroed, not a WAV, or the note
    is missing) is dropped and rendered again. Safe to share between threads; two threads
    rendering the same text both succeed (last rename wins; a clip left with the other's
    note is simply rendered again next time). A folder that cannot be written raises
    SpeechStorageError.
    """

    def __init__(self, folder: Path, renderer: Renderer, pause_s: float = SENTENCE_PAUSE_S) -> None:
        self.folder = folder
        self.renderer = renderer
        self.pause_s = pause_s
        self.remove_stale()

    def key(self, text: str, settings: VoiceSettings) -> str:
        voice = settings.voice if settings.voice else f"language:{settings.language}"
        parts = [
            CACHE_FORMAT,
            text,
            voice,
            settings.rate,
            round(settings.volume, 4),
            settings.pitch,
            settings.variant if not settings.voice else None,
            settings.word_gap,
            round(self.pause_s, 4),
            engine_key(self.renderer, settings),
        ]
        return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()

    def path_for(self, text: str, settings: VoiceSettings) -> Path:
        return self.folder / f"{self.key(text, settings)}.wav"

    def _checked(self, path: Path) -> Path | None:
        """``path`` if it holds a verified clip; a damaged one (and its note) is removed."""
        note = path.with_suffix(".meta")
        if not path.exists() and not note.exists():
            return None
        if _verified(path, note):
            return path
        for damaged in (path, note):
            with contextlib.suppress(OSError):
                damaged.unlink(missing_ok=True)
        return None

    def cached(self, text: str, settings: VoiceSettings) -> Path | None:
        """The stored WAV for ``text`` if there is a sound one (never renders)."""
        return self._checked(self.path_for(text, settings))

    def get_or_render(self, text: str, settings: VoiceSettings) -> Path:
        """The trimmed WAV for ``text``, rendering it first on a miss (or when the stored
        clip is damaged). Raises SpeechError (SpeechStorageError: it cannot be written)."""
        path = self.path_for(text, settings)
        if self._checked(path) is not None:
            return path
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise storage_error(exc, self.folder) from exc
        try:
            clip = normalise(self._joined(text, settings, path.stem))
            write_wav(path, clip)
            note = _note(path.read_bytes(), len(clip.samples))
            temp = self.folder / f".{path.stem}.{uuid.uuid4().hex}.part"
            temp.write_text(note, encoding="utf-8")
            os.replace(temp, path.with_suffix(".meta"))
        except OSError as exc:
            raise storage_error(exc, path) from exc
        return path

    def _joined(self, text: str, settings: VoiceSettings, stem: str) -> Clip:
        """Each sentence of ``text`` rendered and trimmed, joined with ``pause_s`` of silence
        (at the first sentence's sample rate and channels). Raises SpeechError, OSError."""
        pieces: list[Clip] = []
        for sentence in split_sentences(text) or (text,):
            raw = self.folder / f".{stem}.{uuid.uuid4().hex}.raw.wav"
            try:
                self.renderer.render(sentence, settings, raw)
                try:
                    trimmed = trim_silence(read_wav(raw))
                except ClipError as exc:
                    raise SpeechError(
                        f"the speech engine wrote a broken file for {sentence!r}"
                    ) from exc
            finally:
                with contextlib.suppress(OSError):
                    raw.unlink(missing_ok=True)
            if len(trimmed.samples) == 0:
                raise SpeechError(f"the speech engine rendered only silence for {sentence!r}")
            if pieces and (trimmed.rate, trimmed.channels) != (pieces[0].rate, pieces[0].channels):
                trimmed = resample(trimmed, pieces[0].rate)
                if trimmed.channels != pieces[0].channels:
                    raise SpeechError(f"the speech engine changed its format within {text!r}")
            pieces.append(trimmed)
        first = pieces[0]
        pause = np.zeros(
            (round(self.pause_s * first.rate), *first.samples.shape[1:]), dtype=np.int16
        )
        joined: list[Samples] = []
        for i, piece in enumerate(pieces):
            if i:
                joined.append(pause)
            joined.append(piece.samples)
        return Clip(np.concatenate(joined).astype(np.int16), first.rate)

    def remove_stale(self, older_than: float = STALE_S) -> int:
        """Delete temporary files left by killed renders (older than ``older_than`` seconds);
        return how many. Never raises."""
        removed = 0
        cutoff = time.time() - older_than
        with contextlib.suppress(OSError):
            for pattern in _TEMPORARY:
                for p in self.folder.glob(pattern):
                    with contextlib.suppress(OSError):
                        if p.is_file() and p.stat().st_mtime < cutoff:
                            p.unlink()
                            removed += 1
        return removed

    def size_bytes(self) -> int:
        if not self.folder.exists():
            return 0
        return sum(p.stat().st_size for p in self.folder.glob("*.wav"))

    def clear(self) -> None:
        """Delete every stored prompt (and its note, and stray temp files)."""
        if self.folder.exists():
            for p in [*self.folder.glob("*.wav"), *self.folder.glob("*.meta")]:
                p.unlink(missing_ok=True)
            for p in self.folder.glob(".*"):
                p.unlink(missing_ok=True)
