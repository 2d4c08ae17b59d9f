"""parse_routine: valid routines become the right dataclasses; each kind of mistake gives
its message at its line, and every problem of a file comes at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unclench.core.body import MUSCLE_GROUPS, STRETCHES
from unclench.core.errors import Problem, RoutineError
from unclench.core.load.parse import REQUIRED_KEYS, ROUTINE_KEYS, parse_routine
from unclench.core.load.steps import PHASES, REPEAT_KEYS, STEP_KEYS
from unclench.core.routine import (
    CHIMES,
    Duration,
    Kind,
    Phase,
    Repeat,
    Side,
    Step,
    TempoPreset,
    Unit,
)

HEADER = """\
id: evening-breath
title: Evening breath
kind: breath
summary: Four slow breaths.
"""

VALID = (
    HEADER
    + """\
tempo: 1.0
tempo_range: [0.5, 1.5]
tempo_presets:
  - {label: Slow, tempo: 1.2}
cautions:
  - Stop if you feel light-headed.
language: en-GB
steps:
  - instruction: Sit comfortably.
    seconds: 6
  - repeat:
      times: 4
      min: 1
      max: 8
      label: breaths
      steps:
        - inhale: Breathe in.
          counts: 4
        - exhale: ~
          caption: "Out — {cycle} of {cycles}"
          counts: 6
          chime: bell
  - stretch: Tilt your head to the {side}.
    target: neck-tilt
    side: left
    seconds: 20
    chime: false
"""
)


def problems_of(text: str, origin: str = "r.yaml") -> list[Problem]:
    with pytest.raises(RoutineError) as caught:
        parse_routine(text.encode(), origin)
    return list(caught.value.problems)


def only_problem(text: str) -> Problem:
    found = problems_of(text)
    assert len(found) == 1, found
    return found[0]


def with_steps(steps: str, extra: str = "") -> str:
    return HEADER + extra + "steps:\n" + steps


def test_valid_routine_builds_the_dataclasses_with_lines_and_chimes() -> None:
    routine = parse_routine(VALID.encode(), "r.yaml")
    assert routine.id == "evening-breath"
    assert routine.kind is Kind.BREATH
    assert (routine.tempo, routine.tempo_min, routine.tempo_max) == (1.0, 0.5, 1.5)
    assert routine.tempo_presets == (TempoPreset("Slow", 1.2),)
    assert routine.cautions == ("Stop if you feel light-headed.",)
    assert routine.language == "en-GB"
    assert routine.origin == "r.yaml"
    first, repeat, stretch = routine.steps
    assert first == Step(Phase.INSTRUCTION, Duration(6, Unit.SECONDS), "Sit comfortably.", line=13)
    assert isinstance(repeat, Repeat)
    assert (repeat.times, repeat.minimum, repeat.maximum, repeat.label) == (4, 1, 8, "breaths")
    inhale, exhale = repeat.steps
    assert isinstance(inhale, Step) and isinstance(exhale, Step)
    assert inhale.chime == "inhale"  # the phase's default
    assert inhale.duration == Duration(4, Unit.COUNTS)
    assert exhale.say is None and exhale.caption == "Out — {cycle} of {cycles}"
    assert exhale.chime == "bell"
    assert isinstance(stretch, Step)
    assert (stretch.target, stretch.side, stretch.chime) == ("neck-tilt", Side.LEFT, None)


def test_defaults_when_optional_keys_are_absent() -> None:
    routine = parse_routine(with_steps("  - rest: ~\n    seconds: 5\n").encode(), "r.yaml")
    assert (routine.tempo, routine.tempo_min, routine.tempo_max) == (1.0, 0.5, 2.0)
    assert (routine.language, routine.count_aloud, routine.chimes) == ("en", False, True)
    assert routine.source == "" and routine.cautions == ()


def test_default_tempo_range_widens_to_include_the_tempo() -> None:
    text = with_steps("  - rest: ~\n    seconds: 5\n", "tempo: 3\n")
    routine = parse_routine(text.encode(), "r.yaml")
    assert (routine.tempo_min, routine.tempo_max) == (0.5, 3.0)


def test_repeat_without_min_max_is_fixed_at_times() -> None:
    text = with_steps(
        "  - repeat:\n      times: 3\n      steps:\n        - rest: ~\n          seconds: 1\n"
    )
    (repeat,) = parse_routine(text.encode(), "r.yaml").steps
    assert isinstance(repeat, Repeat)
    assert (repeat.times, repeat.minimum, repeat.maximum) == (3, 3, 3)
    assert not repeat.adjustable


def test_chimes_false_leaves_steps_silent_unless_they_name_one() -> None:
    steps = "  - inhale: In.\n    counts: 4\n  - exhale: Out.\n    counts: 4\n    chime: exhale\n"
    routine = parse_routine(with_steps(steps, "chimes: false\n").encode(), "r.yaml")
    assert [s.chime for s in routine.steps if isinstance(s, Step)] == [None, "exhale"]


def test_sound_paths_are_kept_as_written_once_normalised() -> None:
    steps = (
        "  - rest: ~\n    seconds: 5\n    sound: sounds/./rain.wav\n"
        "  - rest: ~\n    seconds: 5\n    sound: sounds/old/../rain.wav\n"
        "  - rest: ~\n    seconds: 5\n    sound: assets/chimes/bell.wav\n"
    )
    routine = parse_routine(with_steps(steps).encode(), "/home/me/r/r.yaml")
    assert [s.sound for s in routine.steps if isinstance(s, Step)] == [
        "sounds/rain.wav",
        "sounds/rain.wav",
        "assets/chimes/bell.wav",
    ]


def test_misspelt_step_key_says_did_you_mean_at_its_line() -> None:
    problem = only_problem(
        with_steps("  - rest: ~\n    seconds: 5\n  - inhal: In.\n    counts: 4\n")
    )
    assert str(problem) == (
        "r.yaml:8:5: error: steps[1].inhal: unknown key 'inhal' — did you mean 'inhale'?"
    )


@pytest.mark.parametrize(
    ("text", "line", "column", "field", "message", "fix"),
    [
        (
            HEADER.replace("breath\n", "breth\n"),
            3,
            7,
            "kind",
            "unknown kind 'breth'",
            "did you mean 'breath'?",
        ),
        (
            HEADER.replace("Evening breath", "42"),
            2,
            8,
            "title",
            "expected text, got the number 42",
            "put it in quotes if you mean the text '42'",
        ),
        (
            HEADER.replace("evening-breath", "Evening Breath"),
            1,
            5,
            "id",
            "'Evening Breath' is not a valid id",
            "use 2–64 lower-case letters, digits and '-', starting with a letter",
        ),
    ],
)
def test_top_level_mistakes(
    text: str, line: int, column: int, field: str, message: str, fix: str
) -> None:
    problem = only_problem(text + "steps:\n  - rest: ~\n    seconds: 5\n")
    assert (problem.line, problem.column, problem.field, problem.message, problem.fix) == (
        line,
        column,
        field,
        message,
        fix,
    )


STEP_MISTAKES = [
    # (step lines, expected line, field, words in the message)
    (
        "  - inhale: In.\n    exhale: Out.\n    counts: 4\n",
        7,
        "steps[0].exhale",
        "a second phase key (after 'inhale' on line 6)",
    ),
    ("  - inhale: In.\n", 6, "steps[0]", "the step has no duration"),
    (
        "  - inhale: In.\n    counts: 4\n    seconds: 4\n",
        8,
        "steps[0].seconds",
        "either counts or seconds",
    ),
    ("  - inhale: In.\n    counts: true\n", 7, "steps[0].counts", "expected a number, got true"),
    ("  - inhale: In.\n    counts: .nan\n", 7, "steps[0].counts", "not finite"),
    (
        "  - inhale: In.\n    counts: 45\n",
        7,
        "steps[0].counts",
        "45 seconds at tempo 1 is out of range for an inhale step",
    ),
    ("  - inhale: ''\n    counts: 4\n", 6, "steps[0].inhale", "the text is empty"),
    ("  - inhale: 12\n    counts: 4\n", 6, "steps[0].inhale", "expected text, got the number 12"),
    (
        "  - inhale: Breath {cycle}.\n    counts: 4\n",
        6,
        "steps[0].inhale",
        "{cycle} is only known inside a repeat block",
    ),
    (
        "  - inhale: Breath {cylce}.\n    counts: 4\n",
        6,
        "steps[0].inhale",
        "unknown placeholder {cylce}",
    ),
    ("  - tense: Squeeze.\n    seconds: 5\n", 6, "steps[0]", "a tense step needs a target"),
    (
        "  - tense: Squeeze.\n    target: jaws\n    seconds: 5\n",
        7,
        "steps[0].target",
        "unknown target 'jaws' for a tense step",
    ),
    (
        "  - stretch: Tilt.\n    target: jaw\n    seconds: 20\n",
        7,
        "steps[0].target",
        "unknown target 'jaw' for a stretch step",
    ),
    (
        "  - rest: ~\n    target: jaw\n    seconds: 5\n",
        7,
        "steps[0].target",
        "a rest step has no target",
    ),
    ("  - rest: ~\n    chime: gong\n    seconds: 5\n", 7, "steps[0].chime", "unknown chime 'gong'"),
    ("  - rest: ~\n    side: up\n    seconds: 5\n", 7, "steps[0].side", "unknown side 'up'"),
    (
        "  - rest: ~\n    sound: ../x.wav\n    seconds: 5\n",
        7,
        "steps[0].sound",
        "leads outside the routine's folder",
    ),
    (
        "  - rest: ~\n    image: /etc/x.png\n    seconds: 5\n",
        7,
        "steps[0].image",
        "absolute or Windows path",
    ),
    (
        "  - rest: ~\n    sound: C:/x.wav\n    seconds: 5\n",
        7,
        "steps[0].sound",
        "absolute or Windows path",
    ),
    ("  - just rest\n", 6, "steps[0]", "expected a step"),
    ("  - seconds: 5\n", 6, "steps[0]", "the step has no phase key"),
    (
        "  - repeat:\n      times: 0\n      steps:\n        - rest: ~\n          seconds: 1\n",
        7,
        "steps[0].repeat.times",
        "0 cycles is out of range",
    ),
    (
        "  - repeat:\n      times: 4.0\n      steps:\n        - rest: ~\n          seconds: 1\n",
        7,
        "steps[0].repeat.times",
        "expected a whole number",
    ),
    (
        (
            "  - repeat:\n"
            "      times: 9\n"
            "      min: 1\n"
            "      max: 8\n"
            "      steps:\n"
            "        - rest: ~\n"
            "          seconds: 1\n"
        ),
        7,
        "steps[0].repeat.times",
        "times 9 is not within min 1 and max 8",
    ),
    (
        (
            "  - repeat:\n"
            "      times: 2\n"
            "      min: 1\n"
            "      steps:\n"
            "        - rest: ~\n"
            "          seconds: 1\n"
        ),
        8,
        "steps[0].repeat.min",
        "min and max come together",
    ),
    (
        "  - repeat:\n      times: 2\n      steps: []\n",
        8,
        "steps[0].repeat.steps",
        "the list of steps is empty",
    ),
    (
        "  - repeat:\n      times: 2\n    steps:\n      - rest: ~\n        seconds: 1\n",
        8,
        "steps[0].steps",
        "'steps' belongs inside the repeat",
    ),
    (
        "  - repeat:\n      times: 200\n      steps:\n        - rest: ~\n          seconds: 60\n",
        6,
        "steps",
        "lasts 3:20:00 at its largest choices",
    ),
    (
        (
            "  - repeat:\n"
            "      times: 1000\n"
            "      steps:\n"
            "        - repeat:\n"
            "            times: 11\n"
            "            steps:\n"
            "              - inhale: ~\n"
            "                seconds: 0.5\n"
        ),
        6,
        "steps",
        "expands to 11,000 steps",
    ),
]


@pytest.mark.parametrize(("steps", "line", "field", "words"), STEP_MISTAKES)
def test_step_mistakes_are_reported_at_their_line(
    steps: str, line: int, field: str, words: str
) -> None:
    problem = only_problem(with_steps(steps))
    assert (problem.line, problem.field) == (line, field), problem
    assert words in problem.message, problem


def test_total_duration_counts_max_cycles_and_slowest_tempo() -> None:
    # 60 cycles of 60 counts: 1 hour at tempo 1, but 2.5 hours at the range's 2.5.
    steps = (
        "  - repeat:\n"
        "      times: 30\n"
        "      min: 1\n"
        "      max: 60\n"
        "      steps:\n"
        "        - rest: ~\n"
        "          counts: 60\n"
    )
    assert parse_routine(with_steps(steps, "tempo_range: [0.5, 1.5]\n").encode(), "r.yaml")
    problem = only_problem(with_steps(steps, "tempo_range: [0.5, 2.5]\n"))
    assert "lasts 2:30:00" in problem.message and "tempo 2.5" in problem.message


def test_adjustable_repeats_without_a_common_cycle_count_are_an_error() -> None:
    block = (
        "  - repeat:\n"
        "      times: {t}\n"
        "      min: {lo}\n"
        "      max: {hi}\n"
        "      steps:\n"
        "        - rest: ~\n"
        "          seconds: 1\n"
    )
    problem = only_problem(
        with_steps(block.format(t=2, lo=1, hi=3) + block.format(t=6, lo=5, hi=8))
    )
    assert "no number of cycles in common" in problem.message
    assert "lines 7, 14" in problem.message


def test_repeats_nested_nine_deep_are_refused_at_the_ninth() -> None:
    inner = "- rest: ~\n  seconds: 1\n"
    for _ in range(9):
        inner = "- repeat:\n    times: 1\n    steps:\n" + "".join(
            "      " + ln + "\n" for ln in inner.splitlines()
        )
    text = with_steps("".join("  " + ln + "\n" for ln in inner.splitlines()))
    problem = only_problem(text)
    assert "nested more than 8 deep" in problem.message
    assert problem.field == "steps[0]" + ".repeat.steps[0]" * 8 + ".repeat"


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ("tempo: 5\n", "tempo", "tempo 5 is out of range"),
        ("tempo_range: [1.5, 3]\n", "tempo_range", "does not contain the tempo 1"),
        ("tempo_range: [0.1, 3]\n", "tempo_range", "is not a range within 0.25–4"),
        ("tempo_range: [1]\n", "tempo_range", "expected two numbers"),
        (
            "tempo_presets:\n  - {label: Fast, tempo: 0.3}\n",
            "tempo_presets[0].tempo",
            "outside the routine's tempo range",
        ),
        ("cautions: [Careful, '']\n", "cautions[1]", "the text is empty"),
        ("language: english-please\n", "language", "is not a language tag"),
        ("count_aloud: 'yes'\n", "count_aloud", "expected true or false"),
        ("summary2: x\n", "summary2", "unknown key 'summary2'"),
    ],
)
def test_top_level_value_mistakes(extra: str, field: str, words: str) -> None:
    problem = only_problem(with_steps("  - rest: ~\n    seconds: 5\n", extra))
    assert problem.field == field and words in problem.message, problem


def test_missing_required_keys_are_each_reported_at_the_top() -> None:
    found = problems_of("id: x1\nsteps:\n  - rest: ~\n    seconds: 1\n")
    assert [(p.line, p.message) for p in found] == [
        (1, "missing required key 'title'"),
        (1, "missing required key 'kind'"),
        (1, "missing required key 'summary'"),
    ]


def test_duplicate_keys_name_both_lines() -> None:
    problem = only_problem(with_steps("  - rest: ~\n    seconds: 5\n    seconds: 6\n"))
    assert (problem.line, problem.message) == (8, "duplicate key 'seconds' (also on line 7)")


def test_all_problems_of_a_file_come_at_once_in_line_order() -> None:
    text = (
        HEADER.replace("kind: breath", "kind: breth")
        + "tempo: 9\nsteps:\n"
        + "  - inhal: In.\n    counts: 4\n"
        + "  - exhale: Out.\n    counts: 99\n"
        + "  - tense: x\n    target: jaws\n    seconds: 5\n"
    )
    found = problems_of(text)
    assert [(p.line, p.field) for p in found] == [
        (3, "kind"),
        (5, "tempo"),
        (7, "steps[0].inhal"),
        (10, "steps[1].counts"),
        (12, "steps[2].target"),
    ]


def test_error_text_joins_every_problem_in_the_documented_format() -> None:
    with pytest.raises(RoutineError) as caught:
        parse_routine(with_steps("  - inhal: In.\n    counts: 4\n").encode(), "my.yaml")
    assert str(caught.value) == (
        "my.yaml:6:5: error: steps[0].inhal: unknown key 'inhal' — did you mean 'inhale'?"
    )


SCHEMA = Path(__file__).resolve().parents[1] / "schema" / "routine.schema.json"


def test_schema_vocabularies_match_the_loader() -> None:
    """The editor schema must offer exactly what the loader accepts."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    step = schema["definitions"]["step"]
    assert set(step["properties"]) == set(PHASES) | set(STEP_KEYS)
    assert step["properties"]["chime"]["anyOf"][0]["enum"] == list(CHIMES)
    assert schema["properties"]["kind"]["enum"] == [k.value for k in Kind]
    assert set(schema["properties"]) == set(ROUTINE_KEYS)
    assert schema["required"] == list(REQUIRED_KEYS)
    target_enums = [
        rule["then"]["properties"]["target"]["enum"]
        for rule in step["allOf"]
        if "properties" in rule.get("then", {})
    ]
    assert target_enums == [sorted(MUSCLE_GROUPS)] * 2 + [sorted(STRETCHES)]
    repeat = schema["definitions"]["repeat"]["properties"]["repeat"]
    assert set(repeat["properties"]) == set(REPEAT_KEYS)
