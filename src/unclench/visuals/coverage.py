"""Which characters of a routine file no installed font can draw: ``unclench check``'s
font warnings. Shell: opens the bundled font and asks fontconfig (once) for the rest.

The file's text is read line by line (a comment line is skipped), so each warning points at
the line and column where the character is, whichever field holds it; the app would draw
such a character as U+FFFD, and the warning names the Debian font package that has it.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from unclench.core.errors import Problem
from unclench.visuals.fonts import MISSING, REPLACEMENT, is_invisible
from unclench.visuals.scripts import package_for
from unclench.visuals.theme import Fonts, Weight


def _describe(char: str) -> str:
    name = unicodedata.name(char, "").lower()
    return f"{char!r} (U+{ord(char):04X}{' ' + name if name else ''})"


def missing_glyphs(path: Path, text: str, fonts: Fonts | None = None) -> list[Problem]:
    """A Problem (to print as a warning) for each line of ``text`` (the file at ``path``)
    with characters no font has, at the first such character, in file order."""
    if text.isascii():
        return []  # the bundled font has every printable ASCII character
    fonts = fonts if fonts is not None else Fonts()
    chains = [fonts.chain(weight) for weight in Weight]
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.isascii() or line.lstrip().startswith("#"):
            continue
        missing = [
            (column, char)
            for column, char in enumerate(line, start=1)
            if not char.isascii()
            and not is_invisible(char)
            and char != REPLACEMENT
            and any(chain.first_face(char) == MISSING for chain in chains)
        ]
        if not missing:
            continue
        chars = list(dict.fromkeys(char for _, char in missing))
        shown = ", ".join(_describe(char) for char in chars[:3])
        if len(chars) > 3:
            shown += f" and {len(chars) - 3} more"
        packages = " ".join(dict.fromkeys(package_for(char) for char in chars))
        message = f"no installed font has {shown}, so the app draws {REPLACEMENT} instead"
        fix = f"install a font with it, e.g. sudo apt install {packages}"
        problems.append(Problem(str(path), number, missing[0][0], "", message, fix))
    return problems
