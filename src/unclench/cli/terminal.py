"""The output edge of the command line: text for a terminal, with control characters shown
instead of obeyed.

A routine's title, a file name or a settings value is data from a file someone else may
have written; printed raw, an ESC/OSC sequence in it could retitle the terminal, hide the
rest of the line or write to the clipboard. Every stream the CLI writes to is wrapped in a
TerminalStream, so each command's printing goes through ``visible`` without knowing it.
JSON output is unchanged: ``json.dump`` already escapes every control character.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TextIO

# C0 controls except tab and newline, DEL, C1 controls, and the Unicode bidi overrides
# and isolates (they reorder what the terminal shows, e.g. a file name's extension).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character but newline and tab written as an escape
    (ESC becomes ``\\x1b``), so printing it cannot drive the terminal."""
    return _CONTROL.sub(_escape, text)


def display_width(text: str) -> int:
    """How many terminal columns ``text`` takes once printed (escaped by ``visible``): wide
    and full-width characters (CJK, most emoji) take two, combining marks and other
    zero-width characters (variation selectors, joiners) none, everything else one."""
    width = 0
    for char in visible(text):
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad(text: str, width: int) -> str:
    """``text`` followed by spaces up to ``width`` terminal columns (as ``str.ljust`` does
    for characters, which misaligns wide ones)."""
    return text + " " * max(0, width - display_width(text))


class TerminalStream:
    """A text stream that writes ``visible(text)`` to ``raw``. ``write_control`` is for the
    CLI's own control characters (the progress bar's carriage return)."""

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        return self.raw.write(visible(text))

    def write_control(self, text: str) -> int:
        return self.raw.write(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def fileno(self) -> int:
        return self.raw.fileno()


def write_control(stream: TextIO | TerminalStream, text: str) -> None:
    """Write the CLI's own control characters to ``stream``, past its escaping if any."""
    if isinstance(stream, TerminalStream):
        stream.write_control(text)
    else:
        stream.write(text)
