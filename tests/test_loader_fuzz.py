"""Property tests: whatever the bytes, parse_routine returns a Routine or raises
RoutineError, and every problem it reports is located in the file."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unclench.core.errors import RoutineError
from unclench.core.load.parse import parse_routine
from unclench.core.routine import Routine

VALID: dict[str, Any] = {
    "id": "fuzz-me",
    "title": "Fuzz",
    "kind": "mixed",
    "summary": "A routine to mutate.",
    "tempo": 1.0,
    "tempo_range": [0.5, 1.5],
    "tempo_presets": [{"label": "Slow", "tempo": 1.2}],
    "cautions": ["Careful."],
    "steps": [
        {"instruction": "Sit.", "seconds": 5},
        {
            "repeat": {
                "times": 3,
                "min": 1,
                "max": 5,
                "steps": [
                    {"inhale": "In {cycle}.", "counts": 4},
                    {"exhale": None, "counts": 6, "chime": False},
                ],
            }
        },
        {"tense": "Squeeze.", "target": "jaw", "seconds": 5},
        {"stretch": "Tilt to the {side}.", "target": "neck-tilt", "side": "left", "seconds": 20},
    ],
}

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["inhale", "repeat", "steps", "counts", "{cycle}", "assets/../x", "~"]),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(
            st.one_of(st.text(max_size=10), st.sampled_from(sorted(VALID))), children, max_size=5
        ),
    ),
    max_leaves=30,
)


def outcome(data: bytes) -> Routine | RoutineError:
    try:
        return parse_routine(data, "fuzz.yaml")
    except RoutineError as error:
        assert error.problems, "a RoutineError always holds at least one problem"
        assert all(p.file == "fuzz.yaml" and p.message for p in error.problems)
        return error


def test_the_unmutated_routine_is_valid() -> None:
    assert isinstance(outcome(yaml.safe_dump(VALID).encode()), Routine)


@SETTINGS
@given(documents)
def test_random_yaml_documents_only_ever_raise_routine_error(document: object) -> None:
    outcome(yaml.safe_dump(document, allow_unicode=True).encode())


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_only_ever_raise_routine_error(data: bytes) -> None:
    outcome(data)


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("-:[]{}&*!|>'\"#%@` \n\tabc123~?,.")), max_size=200))
def test_random_yaml_punctuation_only_ever_raises_routine_error(text: str) -> None:
    outcome(text.encode())


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value in the document (dict keys and list indexes)."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


ALL_PATHS = _paths(VALID)
replacements = st.one_of(scalars, st.lists(scalars, max_size=3), st.just({"x": 1}))


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    document = yaml.safe_load(yaml.safe_dump(VALID))  # a deep copy
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent: Any = document
        try:
            for part in path[:-1]:
                parent = parent[part]
            last = path[-1]
            action = draw(st.sampled_from(["delete", "rename", "retype"]))
            if action == "delete":
                del parent[last]
            elif action == "rename" and isinstance(parent, dict):
                parent[draw(st.text(min_size=1, max_size=8)) + str(last)[1:]] = parent.pop(last)
            else:
                parent[last] = draw(replacements)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
    return document  # type: ignore[no-any-return]


@SETTINGS
@given(mutated())
def test_mutated_valid_routines_only_ever_raise_routine_error(document: dict[str, Any]) -> None:
    outcome(yaml.safe_dump(document, allow_unicode=True).encode())
