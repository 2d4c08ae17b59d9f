"""A whole session as one WAV file (the fit check itself is pure: ``core.speech_fit``).

``export_session`` renders every spoken text (prompts and counts, each once, through the
speech cache), then mixes prompts, counts and chimes at their beat times into a float32
buffer with numpy, clips and writes 16-bit PCM atomically. The file is exactly
``timeline.total`` long (to the sample): the closing "end" chime is placed so that it
*finishes* at the end instead of starting there, and anything still sounding at the end
is faded out over the last 50 ms so the file never ends on a click.

Prompts render one after another on the cache's single persistent worker: at ~12 ms a
prompt (see ``speech.py``) a 20-minute routine's few dozen distinct texts take well under a
second, so a second worker would not pay for its start-up. Measured with
``.venv/bin/python benchmarks/export_session.py``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from unclench.clips import Clip, read_wav, resample, with_channels, write_wav
from unclench.core.errors import UnclenchError
from unclench.core.speech_fit import spoken_texts
from unclench.core.timeline import BeatKind, Timeline
from unclench.core.voices import VoiceSettings
from unclench.media import MediaError, resolve_media
from unclench.settings import Settings
from unclench.sound import chimes
from unclench.sound.levels import gains
from unclench.speech.cache import SpeechCache
from unclench.speech.errors import storage_message

SPOKEN = (BeatKind.SPEAK, BeatKind.COUNT)
END_FADE_S = 0.05


class ExportError(UnclenchError):
    """The session could not be exported (a sound file is missing, the output not writable)."""


def not_replaceable(out: Path) -> str | None:
    """Why an export must not be written over ``out`` (None: nothing there, or a regular
    file, or a symlink to one — the link itself is what gets replaced, never its target)."""
    try:
        os.lstat(out)
    except OSError:
        return None  # nothing there (or no folder there): writing it reports that
    try:
        mode = os.stat(out).st_mode
    except OSError:
        return None  # a dangling symlink: replacing the link writes nowhere else
    if stat.S_ISREG(mode):
        return None
    what = "a folder" if stat.S_ISDIR(mode) else "a device, pipe or socket, not a file"
    link = " (through a symlink)" if out.is_symlink() else ""
    return f"{out} is {what}{link} — give the path of a regular file to write"


def _sound_path(name: str, routine_origin: str) -> Path:
    """The routine's sound file, found by the one media resolver. Raises ExportError."""
    try:
        return resolve_media(name, routine_origin)
    except MediaError as error:
        raise ExportError(f"{routine_origin}: sound {name!r}: {error}") from None


def export_session(
    timeline: Timeline,
    out: Path,
    cache: SpeechCache,
    settings: VoiceSettings,
    progress: Callable[[float], None] | None = None,
    rate: int = 22050,
    channels: int = 1,
    levels: Settings | None = None,
) -> Path:
    """Write the whole session to ``out`` (WAV, 16-bit, ``rate`` 22050 or 32000 Hz, mono or
    stereo) and return ``out``. ``progress`` gets 0..1: rendering is the first half, mixing
    the second. Raises SpeechError (a prompt could not be rendered) or ExportError.

    The mix is the app's: voice and chimes at ``sound.levels.gains`` of the user's volumes
    (``levels``, default the default settings); mute is left out, so a muted user still
    gets a file to listen to. Routine sounds play at the chimes' gain, on whose channels the
    app plays them."""
    report = progress or (lambda _f: None)
    speech_gain, chime_gain = gains(replace(levels or Settings(), muted=False))
    report(0.0)
    sounds = {  # found before anything is rendered: a missing file fails at once
        b.text: _sound_path(b.text, timeline.routine.origin)
        for b in timeline.beats
        if b.kind is BeatKind.SOUND
    }
    texts = spoken_texts(timeline)
    clips: dict[str, npt.NDArray[np.float32]] = {}
    for i, text in enumerate(texts):
        clip = resample(read_wav(cache.get_or_render(text, settings)), rate)
        clips[text] = with_channels(clip, 1).samples.astype(np.float32) * (speech_gain / 32768)
        report(0.5 * (i + 1) / max(1, len(texts)))
    rung: dict[str, npt.NDArray[np.float32]] = {}
    frames = round(timeline.total * rate)
    mix = np.zeros(frames, dtype=np.float32)
    beats = timeline.beats
    for i, beat in enumerate(beats):
        if beat.kind in SPOKEN:
            samples = clips[beat.text]
        elif beat.kind is BeatKind.CHIME:
            if beat.text not in rung:
                tone = chimes.synthesize(beat.text, rate).astype(np.float32)
                rung[beat.text] = tone * (chime_gain / 32768)
            samples = rung[beat.text]
        else:
            clip = with_channels(resample(read_wav(sounds[beat.text]), rate), 1)
            samples = clip.samples.astype(np.float32) * np.float32(chime_gain / 32768)
        start = round(beat.at * rate)
        if start >= frames:  # the end chime: finish with the session rather than after it
            start = max(0, frames - len(samples))
        stop = min(frames, start + len(samples))
        if stop > start:
            mix[start:stop] += samples[: stop - start]
        report(0.5 + 0.5 * (i + 1) / max(1, len(beats)))
    fade = min(frames, round(END_FADE_S * rate))
    if fade:
        mix[frames - fade :] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)
    pcm = np.round(np.clip(mix, -1.0, 32767 / 32768) * 32768).astype(np.int16)
    if (reason := not_replaceable(out)) is not None:  # it may have changed while rendering
        raise ExportError(reason)
    try:
        write_wav(out, with_channels(Clip(pcm, rate), channels))
    except OSError as exc:
        raise ExportError(storage_message(exc.errno, out, exc.strerror or str(exc))) from exc
    report(1.0)
    return out


def clip_durations(
    cache: SpeechCache, settings: VoiceSettings, texts: list[str]
) -> dict[str, float]:
    """Seconds each text takes once rendered and trimmed (renders through the cache).
    Raises SpeechError."""
    return {t: read_wav(cache.get_or_render(t, settings)).duration for t in texts}
