"""The problem list of one file, and "did you mean" for misspelt words."""

from __future__ import annotations

import difflib
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
