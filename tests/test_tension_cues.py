"""Cues that come too early (core.tension_cues and what `unclench check` prints), and
routine aliases (a former id that still finds the routine: loader, catalog, CLI)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from unclench.catalog import Catalog, load_catalog, saved_choice, scan_folder
from unclench.cli import main as cli
from unclench.core.errors import RoutineError
from unclench.core.load.parse import parse_routine
from unclench.core.tension_cues import breath_hold, early_cues, tensing_action

EARLY = textwrap.dedent(
    """\
    id: early
    title: Early
    kind: muscle
    summary: Gives the action before the tense step.
    steps:
      - instruction: Now your right hand. Make a tight fist.
        seconds: 5
      - tense: Tense now. Hold it.
        target: dominant-hand
        seconds: 6
      - release: Let go. Let the tension flow out.
        target: dominant-hand
        seconds: 30
      - repeat:
          times: 1
          steps:
            - rest: Take a deep breath and hold it.
              seconds: 5
      - instruction: Breathe freely, and never hold your breath.
        seconds: 5
      - instruction: You tense one group at a time, then let it go.
        seconds: 5
    """
)


def test_an_action_in_a_lead_in_and_a_held_breath_in_a_rest_are_warned_about() -> None:
    problems = early_cues(parse_routine(EARLY.encode(), "early.yaml"))
    assert [(p.line, p.column, p.field) for p in problems] == [
        (6, 5, "steps[0].instruction"),
        (17, 11, "steps[3].repeat.steps[0].rest"),
    ]
    assert "'make a tight fist'" in problems[0].message
    assert "give the action in the tense step" in problems[0].fix
    assert "hold the breath" in problems[1].message and problems[1].file == "early.yaml"


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("Bend your arm, make a fist, and press the elbow down.", "make a fist"),
        ("Frown, squint, wrinkle your nose.", "Frown"),
        ("Now gently tense your calf.", "Now gently tense your calf"),
        ("Squeeze your eyes shut.", "Squeeze your eyes shut"),
        ("Next, your dominant arm.", None),
        ("You tense one muscle group at a time.", None),
        ("Get ready to let go.", None),
        ("Rest in the dark. No pressure on your eyes.", None),
    ],
)
def test_tensing_action_finds_imperatives_and_spares_names_and_descriptions(
    text: str, action: str | None
) -> None:
    assert tensing_action(text) == action


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("Take a deep breath and hold it.", True),
        ("Hold your breath.", True),
        ("Breathe in, and hold.", True),
        ("Breathe freely, and never hold your breath.", False),
        ("Do not hold your breath.", False),
        ("You breathe in for four, hold for seven, out for eight.", False),
        ("Hold it there, gently.", False),
    ],
)
def test_breath_hold_finds_requests_and_spares_negations(text: str, held: bool) -> None:
    assert breath_hold(text) is held


def test_tension_words_in_tense_and_stretch_steps_and_holds_in_hold_steps_are_fine() -> None:
    stretch = "- stretch: Pull your chin down gently.\n    target: neck-turn"
    text = EARLY.replace("- instruction: Now your right hand. Make a tight fist.", stretch)
    text = text.replace(
        "- tense: Tense now. Hold it.", "- tense: Make a tight fist. Hold your breath."
    )
    text = text.replace("- rest: Take a deep breath", "- hold: Take a deep breath")
    assert early_cues(parse_routine(text.encode(), "fine.yaml")) == []


def test_check_prints_the_warnings_with_file_line_and_column_and_exits_0(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "early.yaml"
    path.write_text(EARLY, encoding="utf-8")
    assert cli.main(["check", str(path)]) == 0
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert lines[0].startswith(f"{path}:6:5: warning: steps[0].instruction: 'Now your right")
    assert lines[1].startswith(f"{path}:17:11: warning: steps[3].repeat.steps[0].rest: ")
    assert len(lines) == 2
    assert captured.out == "1 valid, 0 invalid, 2 cue warnings\n"


def test_check_of_the_built_in_routines_warns_about_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    routines = Path(__file__).resolve().parents[1] / "routines"
    assert cli.main(["check", str(routines)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.endswith("0 invalid\n")


# -- aliases ---------------------------------------------------------------------------------

RENAMED = textwrap.dedent(
    """\
    id: new-name
    aliases: [old-name, older-name]
    title: Renamed
    kind: breath
    summary: Was called old-name.
    steps:
      - inhale: Breathe in.
        counts: 4
    """
)


def test_the_loader_reads_aliases_in_order() -> None:
    routine = parse_routine(RENAMED.encode(), "r.yaml")
    assert routine.aliases == ("old-name", "older-name")
    assert routine.names == ("new-name", "old-name", "older-name")


@pytest.mark.parametrize(
    ("aliases", "where", "message"),
    [
        ("[Old Name]", "2:11: error: aliases[0]: 'Old Name' is not a valid id", "use 2–64"),
        ("[new-name]", "2:11: error: aliases[0]: 'new-name' is the routine's own id", "remove"),
        ("[old, old]", "2:16: error: aliases[1]: 'old' is listed twice", "remove"),
        ("old-name", "2:10: error: aliases: ", "'- '"),
    ],
)
def test_bad_aliases_are_errors_at_their_line(aliases: str, where: str, message: str) -> None:
    text = RENAMED.replace("[old-name, older-name]", aliases)
    with pytest.raises(RoutineError) as error:
        parse_routine(text.encode(), "r.yaml")
    first = str(error.value.problems[0])
    assert first.startswith(f"r.yaml:{where}"), first
    assert message in first


def catalog_of(folder: Path, *files: tuple[str, str]) -> Catalog:
    for name, text in files:
        (folder / name).write_text(text, encoding="utf-8")
    return Catalog(tuple(scan_folder(folder, "path")))


def test_find_resolves_an_alias_and_an_id_wins_over_another_routines_alias(
    tmp_path: Path,
) -> None:
    other = RENAMED.replace("id: new-name\naliases: [old-name, older-name]", "id: old-name")
    catalog = catalog_of(tmp_path, ("a.yaml", RENAMED))
    assert catalog.find("older-name").id == "new-name"
    catalog = catalog_of(tmp_path, ("b.yaml", other.replace("title: Renamed", "title: Other")))
    assert catalog.find("old-name").title == "Other"
    assert catalog.find("older-name").id == "new-name"


def test_saved_choices_are_found_under_the_id_first_then_an_alias() -> None:
    routine = parse_routine(RENAMED.encode(), "r.yaml")
    assert saved_choice({"older-name": {"tempo": 1.2}}, routine) == {"tempo": 1.2}
    both = {"old-name": {"tempo": 1.2}, "new-name": {"tempo": 0.8}}
    assert saved_choice(both, routine) == {"tempo": 0.8}
    assert saved_choice({"other": {"tempo": 1.2}}, routine) is None


def test_the_former_built_in_id_still_works_for_show_and_play(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load_catalog(include_user=False).find("twitch-relief").id == "calves-hands-eyes"
    assert cli.main(["show", "twitch-relief"]) == 0
    assert capsys.readouterr().out.startswith("Calves, hands and eyes (calves-hands-eyes)")
    played: list[str] = []

    def fake_run_app(options: object) -> tuple[int, object]:
        play = getattr(options, "play", None)
        played.append(play.id if play is not None else "")
        return 0, getattr(options, "settings", None)

    monkeypatch.setattr("unclench.app.run_app", fake_run_app)
    assert cli.main(["play", "twitch-relief", "--silent"]) == 0
    assert played == ["calves-hands-eyes"]
