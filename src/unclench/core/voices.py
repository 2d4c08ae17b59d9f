"""Voices as data: how prompts should sound, what voices are installed, and which one fits a
language. Pure: the speech worker lists the voices, this module only chooses among them."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_VARIANT = "m7"
"""espeak-ng's ``m7`` variant: a lower, breathier male voice (see docs/sound.md)."""
DEFAULT_WORD_GAP = 1


def with_variant(voice: str, variant: str | None) -> str:
    """``voice`` with ``+variant`` unless it already names one (or there is none)."""
    return voice if not variant or "+" in voice else f"{voice}+{variant}"


@dataclass(frozen=True)
class VoiceSettings:
    """How prompts sound. ``voice`` is an engine voice id (None: the installed voice that
    best matches ``language``, the routine's language); ``rate`` is words per minute;
    ``volume`` 0..1 is applied by the engine; ``pitch`` is the engine's base pitch, 0..100
    (espeak-ng's scale: 50 is its default, lower is darker).

    Two espeak-ng means of a calm delivery, chosen by measurement (docs/sound.md), not user
    settings: ``variant`` is the espeak variant given to the voice chosen by language (a
    ``voice`` the user names is spoken as named, variant or not); ``word_gap`` is espeak's
    extra pause between words (its ``-g``, in units of 10 ms at the normal speed): it slows
    runs of short words more than long ones, which evens the pace out across prompts."""

    voice: str | None = None
    rate: int = 160
    volume: float = 1.0
    language: str = "en"
    pitch: int = 50
    variant: str | None = DEFAULT_VARIANT
    word_gap: int = DEFAULT_WORD_GAP


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


@dataclass(frozen=True)
class VoiceVariant:
    """An espeak-ng variant (``m7``, ``f3``, ``klatt``…): a voice quality any of its voices
    can take, as ``VOICE+ID`` (``gmw/en-us+f3``). ``name`` is espeak's ("male7")."""

    id: str
    name: str


def parse_variants(listing: str) -> list[VoiceVariant]:
    """The variants in the output of ``espeak-ng --voices=variant``: a header line, then one
    line per variant whose last column is its file, ``!v/ID``. Ids with spaces are left out
    (they cannot be written after a ``+`` on a command line)."""
    found: list[VoiceVariant] = []
    for line in listing.splitlines()[1:]:
        head, sep, ident = line.partition("!v/")
        ident = ident.strip()
        columns = head.split()
        if not sep or not ident or any(c.isspace() for c in ident) or len(columns) < 4:
            continue
        found.append(VoiceVariant(ident, " ".join(columns[3:])))
    return found


def split_voice(voice: str) -> tuple[str, str | None]:
    """``"gmw/en-us+f3"`` → ``("gmw/en-us", "f3")``; ``"gmw/en"`` → ``("gmw/en", None)``."""
    base, sep, variant = voice.partition("+")
    return base, (variant if sep else None)
