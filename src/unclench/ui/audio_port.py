"""What the session scene needs from sound, as a small interface (a port).

The session scene calls these when the engine says a beat is due; the real implementation
(speech clips and chimes through pygame.mixer) is ``unclench.sound.session_sound.
SessionSound``. Keeping the port here lets the scene run, and be tested, with no audio at
all. Volume and mute are not part of it: they are settings (``Settings.volume``,
``Settings.muted``) that the scene changes through its host.
"""

from __future__ import annotations

from typing import Protocol

from unclench.core.timeline import Timeline


class SessionAudio(Protocol):
    def begin(self, timeline: Timeline) -> None:
        """A session is starting: prepare its prompts (in the background)."""

    def prepared(self) -> bool:
        """Whether the session's first prompts are ready (a session waits briefly for it)."""

    def speak(self, text: str, now: float) -> float | None:
        """Start the clip for ``text`` now; return the clock time it started, or None when
        the clip is not ready (the caption alone carries the prompt)."""

    def chime(self, name: str) -> None:
        """Ring the chime ``name`` (one of ``core.routine.CHIMES``) now."""

    def sound(self, path: str) -> str | None:
        """Play the routine's own sound file ``path`` now; None when it started, otherwise
        why not (a missing or refused file is also shown in ``notice``)."""

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    def silence(self) -> None:
        """Fade out whatever is speaking (a skip or a restart)."""

    def end(self, completed: bool) -> None:
        """The session is over: a soft ending when ``completed``, else a quick fade."""

    def notice(self) -> str:
        """Why sound or speech is missing ("No speech: install espeak-ng"), or ""."""


class SilentSessionAudio:
    """No sound at all, captions carry the session: the ``SessionAudio`` of a --silent run."""

    def begin(self, timeline: Timeline) -> None:
        pass

    def prepared(self) -> bool:
        return True

    def speak(self, text: str, now: float) -> float | None:
        return None

    def chime(self, name: str) -> None:
        pass

    def sound(self, path: str) -> str | None:
        return "sound is off"

    def pause(self) -> None:
        pass

    def resume(self) -> None:
        pass

    def silence(self) -> None:
        pass

    def end(self, completed: bool) -> None:
        pass

    def notice(self) -> str:
        return ""
