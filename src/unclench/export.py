"""A whole session as one WAV file, and the "does this prompt fit its step" check.

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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from . import chimes
from .clips import Clip, read_wav, resample, with_channels, write_wav
from .errors import UnclenchError
from .paths import assets_dir
from .routine import Phase
from .speech import SpeechCache, VoiceSettings
from .timeline import BeatKind, Timeline

SPOKEN = (BeatKind.SPEAK, BeatKind.COUNT)
END_FADE_S = 0.05
SPEECH_GAIN = 0.9
CHIME_GAIN = 0.8


class ExportError(UnclenchError):
    """The session could not be exported (a sound file is missing, the output not writable)."""


def spoken_texts(timeline: Timeline) -> list[str]:
    """Every distinct text the session speaks (prompts and counts), in order of first use —
    what the Prefetcher and the export render."""
    return list(dict.fromkeys(b.text for b in timeline.beats if b.kind in SPOKEN))


def _sound_path(name: str, sound_dir: Path) -> Path:
    path = Path(name) if Path(name).is_absolute() else sound_dir / name
    if not path.exists():
        raise ExportError(f"sound {name!r} not found in {sound_dir} — put the WAV file there")
    return path


def export_session(
    timeline: Timeline,
    out: Path,
    cache: SpeechCache,
    settings: VoiceSettings,
    progress: Callable[[float], None] | None = None,
    rate: int = 22050,
    channels: int = 1,
    sound_dir: Path | None = None,
) -> Path:
    """Write the whole session to ``out`` (WAV, 16-bit, ``rate`` 22050 or 32000 Hz, mono or
    stereo) and return ``out``. ``progress`` gets 0..1: rendering is the first half, mixing
    the second. Raises SpeechError (a prompt could not be rendered) or ExportError."""
    report = progress or (lambda _f: None)
    report(0.0)
    texts = spoken_texts(timeline)
    clips: dict[str, npt.NDArray[np.float32]] = {}
    for i, text in enumerate(texts):
        clip = resample(read_wav(cache.get_or_render(text, settings)), rate)
        clips[text] = with_channels(clip, 1).samples.astype(np.float32) * (SPEECH_GAIN / 32768)
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
                rung[beat.text] = tone * (CHIME_GAIN / 32768)
            samples = rung[beat.text]
        else:
            clip = with_channels(
                resample(read_wav(_sound_path(beat.text, sound_dir or assets_dir())), rate), 1
            )
            samples = clip.samples.astype(np.float32) * np.float32(1 / 32768)
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
    try:
        write_wav(out, with_channels(Clip(pcm, rate), channels))
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from exc
    report(1.0)
    return out


_STEP_NAMES = {
    Phase.INHALE: "the inhale",
    Phase.HOLD: "the hold",
    Phase.HOLD_OUT: "the hold",
    Phase.EXHALE: "the exhale",
    Phase.TENSE: "the tensing",
    Phase.RELEASE: "the release",
    Phase.STRETCH: "the stretch",
    Phase.REST: "the rest",
    Phase.INSTRUCTION: "the step",
}


@dataclass(frozen=True)
class FitWarning:
    """A spoken text that is longer than the time it has. ``line`` is the step's line in the
    routine file; ``message`` reads "takes 3.2 s, the inhale lasts 2.0 s"."""

    line: int
    step: int
    text: str
    takes: float
    room: float
    message: str


def speech_fit(timeline: Timeline, durations: Mapping[str, float]) -> list[FitWarning]:
    """One warning per (line, text) whose clip outlasts its room at this tempo: the time to
    the next spoken beat in the same step, or to the step's end. Texts missing from
    ``durations`` are not checked. Pure: no audio is touched."""
    warnings: list[FitWarning] = []
    seen: set[tuple[int, str]] = set()
    spoken = [b for b in timeline.beats if b.kind in SPOKEN and b.step >= 0]
    for i, beat in enumerate(spoken):
        takes = durations.get(beat.text)
        cue = timeline.cues[beat.step]
        if takes is None or (cue.line, beat.text) in seen:
            continue
        later = spoken[i + 1] if i + 1 < len(spoken) else None
        if later is not None and later.step == beat.step and later.at < cue.end:
            room, what = later.at - beat.at, f"the count {later.text!r} comes after"
        else:
            room, what = cue.end - beat.at, f"{_STEP_NAMES[cue.phase]} lasts"
        if takes > room + 1e-9:
            seen.add((cue.line, beat.text))
            message = f"{beat.text!r} takes {takes:.1f} s, {what} {room:.1f} s"
            warnings.append(FitWarning(cue.line, beat.step, beat.text, takes, room, message))
    return warnings


def clip_durations(
    cache: SpeechCache, settings: VoiceSettings, texts: list[str]
) -> dict[str, float]:
    """Seconds each text takes once rendered and trimmed (renders through the cache).
    Raises SpeechError."""
    return {t: read_wav(cache.get_or_render(t, settings)).duration for t in texts}
