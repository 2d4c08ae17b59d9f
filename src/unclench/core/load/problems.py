"""The problem list of one file, "did you mean" for misspelt words, and similar names."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

import yaml

from unclench.core.errors import Problem


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A fix text: the nearest choice ("did you mean 'inhale'?"), else the list of choices."""
    options = list(choices)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    return "use one of: " + ", ".join(options)


_SEPARATORS = re.compile(r"[\s_]+")
MIN_PART = 4  # shorter pieces ("ing", "box") are too common inside words to suggest by
NAME_CUTOFF = 0.7  # difflib ratio of a near misspelling of a name


def _normal(name: str) -> str:
    return _SEPARATORS.sub("-", name.strip().lower())


def similar_names(word: str, names: Iterable[str]) -> list[str]:
    """The names someone typing ``word`` may have meant, best first: every name that starts
    with it, then every name holding it as a whole word, then every name holding it inside
    a word (once it is ``MIN_PART`` characters or more); only when none of these exist, the
    near misspellings. Case, spaces and underscores are ignored ("Box breathing" finds
    "box-breathing"). Only suggestions: nothing here picks a name for the user."""
    options = list(dict.fromkeys(names))
    typed = _normal(word)
    if not typed:
        return []
    normal = {name: _normal(name) for name in options}
    starts = [name for name in options if normal[name].startswith(typed)]
    words = [n for n in options if n not in starts and typed in normal[n].split("-")]
    inside = [
        n
        for n in options
        if n not in starts and n not in words and len(typed) >= MIN_PART and typed in normal[n]
    ]
    if found := starts + words + inside:
        return found
    close = difflib.get_close_matches(typed, [normal[n] for n in options], 3, NAME_CUTOFF)
    return [name for c in close for name in options if normal[name] == c]


def suggest(word: str, names: Iterable[str]) -> str | None:
    """A fix text naming the similar names ("did you mean 'box-breathing'?", or "did you
    mean one of 'a', 'b'?"), or None when nothing is similar."""
    found = similar_names(word, names)
    if not found:
        return None
    if len(found) == 1:
        return f"did you mean {found[0]!r}?"
    return "did you mean one of " + ", ".join(repr(name) for name in found) + "?"


class Problems:
    """Collects the problems of one file (a parse's lifetime), each located at a node."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.items: list[Problem] = []
        # Nodes already reported as unreadable (a forbidden tag): later readers stay quiet
        # about them instead of adding a second, confusing problem.
        self.quiet: set[int] = set()

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(
        self, where: yaml.Node | yaml.Mark | None, field: str, message: str, fix: str = ""
    ) -> None:
        if isinstance(where, yaml.Node) and id(where) in self.quiet:
            return
        mark = where.start_mark if isinstance(where, yaml.Node) else where
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        self.items.append(Problem(self.origin, line, column, field, message, fix))

    def add_at(self, line: int, column: int, field: str, message: str, fix: str = "") -> None:
        """A problem at a 1-based position found without a node (bytes, raw text)."""
        self.items.append(Problem(self.origin, line, column, field, message, fix))

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=lambda p: (p.line, p.column))
