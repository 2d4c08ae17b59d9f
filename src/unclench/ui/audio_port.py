"""What the session screen needs from sound, as a small interface.

The session scene calls these when the engine says a beat is due; the real implementation
(speech clips and chimes through pygame.mixer) lives in
``unclench.sound.session_sound``. Keeping the
port here lets the scene run, and be tested, with no audio at all.
"""

from __future__ import annotations

from typing import Protocol

from unclench.core.timeline import Timeline


class SessionAudio(Protocol):
    def begin(self, timeline: Timeline) -> None:
        """A session is starting: prepare its prompts (in the background)."""

    def prepared(self) -> bool:
        """Whether the session's first prompts are ready (a session waits briefly for it)."""

    def speak(self, text: str, due: float, now: float) -> float | None:
        """Start the clip for ``text`` now; return the clock time it started, or None when
        the clip is not ready (the caption alone carries the prompt)."""

    def chime(self, name: str) -> None: ...

    def sound(self, path: str, routine_origin: str) -> str | None:
        """Play the routine's own sound file ``path`` now; None when it started, otherwise
        why not (a missing or refused file is also shown in ``status_line``)."""

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    def silence(self) -> None:
        """Fade out whatever is speaking (a skip or a restart)."""

    def end(self, completed: bool) -> None: ...

    def toggle_mute(self) -> None: ...

    def change_volume(self, delta: float) -> None: ...

    def status_line(self) -> str:
        """A short notice for the screen ("Muted", "No speech: install espeak-ng"), or ""."""


class SilentAudio:
    """No sound at all: captions carry the session. Used in tests and when muted by choice."""

    def __init__(self, notice: str = "") -> None:
        self.notice = notice
        self.muted = False

    def begin(self, timeline: Timeline) -> None:
        pass

    def prepared(self) -> bool:
        return True

    def speak(self, text: str, due: float, now: float) -> float | None:
        return None

    def chime(self, name: str) -> None:
        pass

    def sound(self, path: str, routine_origin: str) -> str | None:
        return self.notice or "sound is off"

    def pause(self) -> None:
        pass

    def resume(self) -> None:
        pass

    def silence(self) -> None:
        pass

    def end(self, completed: bool) -> None:
        pass

    def toggle_mute(self) -> None:
        self.muted = not self.muted

    def change_volume(self, delta: float) -> None:
        pass

    def status_line(self) -> str:
        return "Muted" if self.muted else self.notice
