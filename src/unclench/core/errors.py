"""The user-facing error types. Each is turned into a message once, at the edge (the CLI
prints it and exits non-zero; the app shows it in a panel). Anything else escaping is a bug."""

from __future__ import annotations

from dataclasses import dataclass


class UnclenchError(Exception):
    """Base of every error the user is meant to read."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a routine file, located as precisely as we can.

    ``line``/``column`` are 1-based (0 when unknown); ``field`` is the path inside the
    document, e.g. ``steps[3].repeat.steps[1].exhale``; ``fix`` says what to do about it.
    """

    file: str
    line: int
    column: int
    field: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: error: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.fix:
            text += f" — {self.fix}"
        return text


class RoutineError(UnclenchError):
    """A routine file (or folder) could not be loaded. Holds every problem found at once."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ChoiceError(UnclenchError):
    """A user choice (tempo, cycles, routine name, …) is out of range or unknown."""
