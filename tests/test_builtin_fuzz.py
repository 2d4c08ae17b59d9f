"""Property: any text-level mutation of a built-in routine file either still loads or fails
with RoutineError — never another exception, never a hang."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unclench.core.errors import RoutineError
from unclench.core.load.parse import parse_routine
from unclench.core.routine import Routine
from unclench.paths import builtin_routines_dir

BUILTINS = {
    path.name: path.read_text(encoding="utf-8")
    for path in sorted(builtin_routines_dir().glob("*.yaml"))
}

# Pieces that make plausible mistakes when dropped into a routine file.
SNIPPETS = [
    "",
    " ",
    ":",
    "- ",
    "  ",
    "\t",
    "~",
    "-1",
    "0",
    "1e309",
    "nan",
    "{",
    "]",
    "&a",
    "*a",
    "!!python/object:os.system",
    "inhal",
    "counts",
    "seconds: 0",
    "repeat:",
    "'",
    '"',
    "#",
    "\n",
    "\u2028",
    "tense: ~",
    "target: jaws",
]


@st.composite
def mutated_builtin(draw: st.DrawFn) -> str:
    text = BUILTINS[draw(st.sampled_from(sorted(BUILTINS)))]
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "replace", "cut"]))
        if action == "delete" and len(lines) > 1:
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "insert":
            lines.insert(i, draw(st.sampled_from(SNIPPETS)))
        elif action == "replace":
            line = lines[i]
            j = draw(st.integers(0, len(line)))
            lines[i] = line[:j] + draw(st.sampled_from(SNIPPETS)) + line[j:]
        else:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    return "\n".join(lines)


def test_there_are_built_in_routines_to_mutate() -> None:
    assert len(BUILTINS) >= 8


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_builtin())
def test_mutated_built_in_routines_only_ever_raise_routine_error(text: str) -> None:
    try:
        result = parse_routine(text.encode("utf-8"), "mutated.yaml")
    except RoutineError as error:
        assert error.problems, "a RoutineError always names at least one problem"
        assert all(p.file == "mutated.yaml" for p in error.problems)
    else:
        assert isinstance(result, Routine)
