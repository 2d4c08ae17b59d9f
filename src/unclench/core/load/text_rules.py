"""What a routine's texts may hold: how long each field may be, and which characters.

One table owns the limits (docs/routines.md, "Limits"; schema/routine.schema.json
``maxLength`` mirrors it). They are generous for real routines (the longest built-in
source is under 500 characters) and keep the worst a file can ask of the screen and the
voice bounded. Characters that no screen or voice should get are refused: control
characters (C0, DEL, C1; newline and tab only where a field may span lines), lone
surrogates, and the bidirectional embedding, override and isolate characters, which can
make text read differently from what it says. Pure.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from unclench.core.routine import Phase


@dataclass(frozen=True)
class TextRule:
    """The longest a field's text may be, and whether it may hold newlines and tabs."""

    max_length: int
    multiline: bool


TITLE = TextRule(80, multiline=False)
SUMMARY = TextRule(200, multiline=True)
SOURCE = TextRule(2000, multiline=True)
CAUTION = TextRule(500, multiline=True)
PROMPT = TextRule(500, multiline=True)  # what the voice says (a phase key) and captions
LABEL = TextRule(40, multiline=False)  # repeat labels, tempo preset labels
OTHER = TextRule(500, multiline=False)  # ids, words from a vocabulary, paths

# By the last key of a field's path ("steps[3].inhale" → "inhale", "cautions[0]" → "cautions").
RULES: dict[str, TextRule] = {
    "title": TITLE,
    "summary": SUMMARY,
    "source": SOURCE,
    "cautions": CAUTION,
    "caption": PROMPT,
    "label": LABEL,
    **{str(phase.value): PROMPT for phase in Phase},
}

_INDEX = re.compile(r"\[\d+\]$")


def rule_for(field: str) -> TextRule:
    """The rule of the field at path ``field`` (OTHER for any field not in the table)."""
    return RULES.get(_INDEX.sub("", field).rsplit(".", 1)[-1], OTHER)


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "backspace",
    "\t": "tab",
    "\n": "newline",
    "\r": "carriage return",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\x85": "next line",
}


def refused(char: str, multiline: bool) -> bool:
    """Whether ``char`` may not appear in a text (``multiline``: newline and tab may)."""
    if multiline and char in "\n\t":
        return False
    category = unicodedata.category(char)
    return category in ("Cc", "Cs") or char in _BIDI_CONTROLS


def first_refused(text: str, multiline: bool) -> int | None:
    """The index of the first character of ``text`` it may not hold, or None."""
    for index, char in enumerate(text):
        if refused(char, multiline):
            return index
    return None


def describe_char(char: str) -> str:
    """ "U+0000 (NUL)", "U+202E (RIGHT-TO-LEFT OVERRIDE)": for messages."""
    name = _NAMES.get(char) or unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"{code} ({name})" if name else code


def refusal(char: str, multiline: bool) -> tuple[str, str]:
    """(message, fix) for a text holding ``char``."""
    what = describe_char(char)
    if char in "\n\t" and not multiline:
        return f"the text holds a {_NAMES[char]}", "write it on one line"
    if char in _BIDI_CONTROLS:
        return (
            f"the text holds the bidirectional control character {what}",
            "remove it: right-to-left text shows correctly without it",
        )
    if unicodedata.category(char) == "Cs":
        return f"the text holds a lone surrogate {what}", "remove it (it is not a character)"
    return (
        f"the text holds the control character {what}",
        "remove it: a routine's text holds plain words only",
    )


# A double-quoted scalar's escapes (YAML 1.1), so a refused character written as "\0" or
# "\x1b" is located where it is written.
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {
    "0": "\x00",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    "N": "\x85",
}


def locate(written: str, style: str | None, multiline: bool) -> int | None:
    """Where in ``written`` (a scalar as it stands in the file, of YAML ``style``) the first
    refused character is written: the character itself, or in a double-quoted scalar its
    escape. A line break in the file counts only in a block scalar (``|``, ``>``): elsewhere
    YAML folds it into a space."""
    keeps_breaks = style in ("|", ">")
    # A block scalar starts at its indicator line ("|-", "> # note"): its text follows it.
    position = written.find("\n") + 1 if keeps_breaks else 0
    while position < len(written):
        match = _ESCAPE.match(written, position) if style == '"' else None
        if match is None:
            char = written[position]
            if (char != "\n" or keeps_breaks) and refused(char, multiline):
                return position
            position += 1
            continue
        code = match.group(1)
        char = chr(int(code[1:], 16)) if len(code) > 1 else _SIMPLE_ESCAPES.get(code, "")
        if char and refused(char, multiline):
            return position
        position = match.end()
    return None
