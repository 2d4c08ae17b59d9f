"""What a session speaks, and whether each prompt fits the time its step gives it. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from unclench.core.timeline import Beat, BeatKind, Timeline

SPOKEN = (BeatKind.SPEAK, BeatKind.COUNT)


def spoken_texts(timeline: Timeline) -> list[str]:
    """Every distinct text the session speaks (prompts and counts), in order of first use —
    what the Prefetcher and the export render."""
    return list(dict.fromkeys(b.text for b in timeline.beats if b.kind in SPOKEN))


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


@dataclass(frozen=True)
class Room:
    """The time a spoken beat has: ``room`` seconds, until ``what`` ("inhale lasts", "the
    count 'two' comes after")."""

    beat: Beat
    line: int
    room: float
    what: str


def rooms(timeline: Timeline) -> list[Room]:
    """Every spoken beat of a step and its room: the time to the next spoken beat in the
    same step, or to the step's end."""
    found: list[Room] = []
    spoken = [b for b in timeline.beats if b.kind in SPOKEN and b.step >= 0]
    for i, beat in enumerate(spoken):
        cue = timeline.cues[beat.step]
        later = spoken[i + 1] if i + 1 < len(spoken) else None
        if later is not None and later.step == beat.step and later.at < cue.end:
            room, what = later.at - beat.at, f"the count {later.text!r} comes after"
        else:
            room, what = cue.end - beat.at, f"{cue.phase.facts.step_name} lasts"
        found.append(Room(beat, cue.line, room, what))
    return found


def speech_fit(timeline: Timeline, durations: Mapping[str, float]) -> list[FitWarning]:
    """One warning per (line, text) whose clip outlasts its room at this tempo (see
    ``rooms``). Texts missing from ``durations`` are not checked. Pure: no audio is
    touched."""
    warnings: list[FitWarning] = []
    seen: set[tuple[int, str]] = set()
    for place in rooms(timeline):
        beat, room, what = place.beat, place.room, place.what
        takes = durations.get(beat.text)
        cue = timeline.cues[beat.step]
        if takes is None or (cue.line, beat.text) in seen:
            continue
        if takes > room + 1e-9:
            seen.add((cue.line, beat.text))
            message = f"{beat.text!r} takes {takes:.1f} s, {what} {room:.1f} s"
            warnings.append(FitWarning(cue.line, beat.step, beat.text, takes, room, message))
    return warnings
