"""Writing systems by code point: the one table of which script a character belongs to, the
tag HarfBuzz shapes it with, and the Debian font package that draws it.

Pure data and lookups (no pygame): the text renderer uses the tag to shape a run of
characters (Arabic joins, Devanagari conjuncts), ``unclench check`` uses the package to say
what to install when no font on the machine has a character a routine uses.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True)
class Script:
    tag: str
    """ISO 15924 code, as HarfBuzz (``Font.set_script``) takes it; "Zsye" is emoji."""
    name: str
    """The name an author knows it by, for messages."""
    package: str
    """The Debian package with a Noto font for it."""


CORE = "fonts-noto-core"
CJK = "fonts-noto-cjk"
EMOJI = "fonts-noto-color-emoji"

HEBREW = Script("Hebr", "Hebrew", CORE)
ARABIC = Script("Arab", "Arabic", CORE)
DEVANAGARI = Script("Deva", "Devanagari", CORE)
HAN = Script("Hani", "Han (Chinese characters)", CJK)
HIRAGANA = Script("Hira", "Hiragana", CJK)
KATAKANA = Script("Kana", "Katakana", CJK)
HANGUL = Script("Hang", "Hangul", CJK)
EMOJI_SCRIPT = Script("Zsye", "emoji", EMOJI)

_RANGES: tuple[tuple[int, int, Script], ...] = tuple(
    sorted(
        [
            (0x0370, 0x03FF, Script("Grek", "Greek", CORE)),
            (0x0400, 0x052F, Script("Cyrl", "Cyrillic", CORE)),
            (0x0530, 0x058F, Script("Armn", "Armenian", CORE)),
            (0x0590, 0x05FF, HEBREW),
            (0x0600, 0x06FF, ARABIC),
            (0x0750, 0x077F, ARABIC),
            (0x08A0, 0x08FF, ARABIC),
            (0x0900, 0x097F, DEVANAGARI),
            (0x0980, 0x09FF, Script("Beng", "Bengali", CORE)),
            (0x0A00, 0x0A7F, Script("Guru", "Gurmukhi", CORE)),
            (0x0A80, 0x0AFF, Script("Gujr", "Gujarati", CORE)),
            (0x0B00, 0x0B7F, Script("Orya", "Odia", CORE)),
            (0x0B80, 0x0BFF, Script("Taml", "Tamil", CORE)),
            (0x0C00, 0x0C7F, Script("Telu", "Telugu", CORE)),
            (0x0C80, 0x0CFF, Script("Knda", "Kannada", CORE)),
            (0x0D00, 0x0D7F, Script("Mlym", "Malayalam", CORE)),
            (0x0D80, 0x0DFF, Script("Sinh", "Sinhala", CORE)),
            (0x0E00, 0x0E7F, Script("Thai", "Thai", CORE)),
            (0x0E80, 0x0EFF, Script("Laoo", "Lao", CORE)),
            (0x0F00, 0x0FFF, Script("Tibt", "Tibetan", CORE)),
            (0x1000, 0x109F, Script("Mymr", "Myanmar", CORE)),
            (0x10A0, 0x10FF, Script("Geor", "Georgian", CORE)),
            (0x1100, 0x11FF, HANGUL),
            (0x1200, 0x139F, Script("Ethi", "Ethiopic", CORE)),
            (0x1780, 0x17FF, Script("Khmr", "Khmer", CORE)),
            (0x2600, 0x27BF, EMOJI_SCRIPT),
            (0x2E80, 0x2FDF, HAN),
            (0x3000, 0x303F, HAN),
            (0x3040, 0x309F, HIRAGANA),
            (0x30A0, 0x30FF, KATAKANA),
            (0x3130, 0x318F, HANGUL),
            (0x31F0, 0x31FF, KATAKANA),
            (0x3400, 0x4DBF, HAN),
            (0x4E00, 0x9FFF, HAN),
            (0xA8E0, 0xA8FF, DEVANAGARI),
            (0xAC00, 0xD7AF, HANGUL),
            (0xF900, 0xFAFF, HAN),
            (0xFB1D, 0xFB4F, HEBREW),
            (0xFB50, 0xFDFF, ARABIC),
            (0xFE70, 0xFEFF, ARABIC),
            (0xFF00, 0xFFEF, HAN),
            (0x1B000, 0x1B16F, KATAKANA),
            (0x1F000, 0x1FAFF, EMOJI_SCRIPT),
            (0x20000, 0x3134F, HAN),
        ],
        key=lambda entry: entry[0],
    )
)
_STARTS = [start for start, _, _ in _RANGES]


def script_of(char: str) -> Script | None:
    """The script of ``char`` when the table knows it (None for Latin, digits, punctuation
    and anything unlisted, which the bundled font or any fallback draws unshaped)."""
    code = ord(char)
    at = bisect_right(_STARTS, code) - 1
    if at >= 0:
        start, end, script = _RANGES[at]
        if start <= code <= end:
            return script
    return None


def package_for(char: str) -> str:
    """The Debian font package most likely to draw ``char`` (Noto's core set when the
    table does not know its script)."""
    script = script_of(char)
    return script.package if script is not None else CORE
