"""Voices as data: how prompts should sound, what voices are installed, and which one fits a
language. Pure: the speech worker lists the voices, this module only chooses among them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VoiceSettings:
    """How prompts sound. ``voice`` is an engine voice id (None: the installed voice that
    best matches ``language``, the routine's language); ``rate`` is words per minute;
    ``volume`` 0..1 is applied by the engine."""

    voice: str | None = None
    rate: int = 160
    volume: float = 1.0
    language: str = "en"


@dataclass(frozen=True)
class VoiceInfo:
    """An installed voice: ``id`` to pass as ``VoiceSettings.voice``, a display ``name`` and
    the language tags it speaks (e.g. ``("en-gb",)``)."""

    id: str
    name: str
    languages: tuple[str, ...]


def choose_voice(voices: list[VoiceInfo], language: str) -> str | None:
    """The id of the installed voice that best matches ``language`` ("en", "de", "en-us"),
    or None when none does (the engine then keeps its default voice).

    Preference: a language tag equal to ``language``; then a voice whose id ends in
    ``/language`` (espeak's main voice for it, "gmw/en"); then a tag starting with
    ``language-`` ("en-gb" for "en"); then a tag with the same base language.
    """
    want = language.lower().replace("_", "-")
    base = want.split("-")[0]
    tests = (
        lambda v: want in (lang.lower() for lang in v.languages),
        lambda v: v.id.lower().rsplit("/", 1)[-1] == want,
        lambda v: any(lang.lower().startswith(want + "-") for lang in v.languages),
        lambda v: any(lang.lower().split("-")[0] == base for lang in v.languages),
    )
    for test in tests:
        for voice in voices:
            if test(voice):
                return voice.id
    return None
