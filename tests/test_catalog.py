"""The catalog: files and folders become entries, broken files stay visible, user routines
replace built-ins with a notice, and find() names routines by id or path."""

from __future__ import annotations

from pathlib import Path

import pytest

from unclench import paths
from unclench.catalog import Entry, load_catalog, load_routine_file, scan_folder
from unclench.core.errors import ChoiceError, RoutineError
from unclench.core.load.problems import similar_names
from unclench.core.routine import Step
from unclench.media import resolve_media


def routine_text(id_: str, title: str = "A routine", extra_step: str = "") -> str:
    return (
        f"id: {id_}\ntitle: {title}\nkind: breath\nsummary: Test.\nsteps:\n"
        f"  - inhale: In.\n    counts: 4\n{extra_step}"
    )


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def builtin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the built-in folder at an empty temp folder (the real routines are not ours)."""
    folder = tmp_path / "builtin"
    folder.mkdir()
    monkeypatch.setattr(paths, "builtin_routines_dir", lambda: folder)
    return folder


def test_load_routine_file_reads_and_validates(tmp_path: Path) -> None:
    path = write(tmp_path, "calm.yaml", routine_text("calm"))
    routine = load_routine_file(path)
    assert (routine.id, routine.origin) == ("calm", str(path))


def test_load_routine_file_reports_a_missing_sound_at_its_step(tmp_path: Path) -> None:
    step = "  - rest: ~\n    seconds: 5\n    sound: rain.wav\n"
    path = write(tmp_path, "calm.yaml", routine_text("calm", extra_step=step))
    with pytest.raises(RoutineError) as caught:
        load_routine_file(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (8, "steps[1].sound")
    assert "'rain.wav'" not in problem.message  # the message names the resolved file
    assert str(tmp_path / "rain.wav") in problem.message


def test_sound_next_to_the_routine_is_found_and_resolved(tmp_path: Path) -> None:
    step = "  - rest: ~\n    seconds: 5\n    sound: sounds/rain.wav\n"
    path = write(tmp_path, "calm.yaml", routine_text("calm", extra_step=step))
    (tmp_path / "sounds").mkdir()
    (tmp_path / "sounds" / "rain.wav").write_bytes(b"RIFF")
    step_read = load_routine_file(path).steps[1]
    assert isinstance(step_read, Step) and step_read.sound is not None
    found = resolve_media(step_read.sound, str(path))
    assert found == (tmp_path / "sounds" / "rain.wav").resolve()


def test_assets_paths_resolve_in_the_app_assets_folder() -> None:
    font = next((paths.assets_dir() / "fonts").iterdir())
    found = resolve_media(f"assets/fonts/{font.name}", "elsewhere/r.yaml")
    assert found == font.resolve()


def test_an_oversized_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = write(tmp_path, "big.yaml", routine_text("big") + "#" * 300_000)
    with pytest.raises(RoutineError, match="at most 256 KiB"):
        load_routine_file(path)


def test_an_unreadable_path_is_a_routine_error(tmp_path: Path) -> None:
    with pytest.raises(RoutineError, match="cannot read the file"):
        load_routine_file(tmp_path / "missing.yaml")


def test_scan_folder_sorts_and_keeps_broken_files_visible(tmp_path: Path) -> None:
    write(tmp_path, "b.yml", routine_text("bee"))
    write(tmp_path, "a.yaml", "id: [broken\n")
    write(tmp_path, "c.yaml", routine_text("sea"))
    write(tmp_path, "notes.txt", "not a routine")
    entries = scan_folder(tmp_path, "user")
    assert [e.path.name for e in entries] == ["a.yaml", "b.yml", "c.yaml"]
    assert entries[0].routine is None and entries[0].error is not None
    assert [e.routine.id for e in entries[1:] if e.routine] == ["bee", "sea"]


def test_scan_folder_of_a_missing_folder_is_empty(tmp_path: Path) -> None:
    assert scan_folder(tmp_path / "nowhere", "user") == []


def test_duplicate_id_in_a_folder_is_an_error_on_the_later_file(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", routine_text("same"))
    write(tmp_path, "b.yaml", "# my copy\n" + routine_text("same"))
    first, second = scan_folder(tmp_path, "user")
    assert first.routine is not None and second.routine is None
    assert second.error is not None
    (problem,) = second.error.problems
    assert (problem.line, problem.field) == (2, "id")
    assert "already used by a.yaml" in problem.message


def test_user_routine_overrides_builtin_with_a_notice(builtin_dir: Path) -> None:
    builtin = write(builtin_dir, "calm.yaml", routine_text("calm", "Built-in calm"))
    write(builtin_dir, "other.yaml", routine_text("other"))
    user = write(paths.user_routines_dir(), "mine.yaml", routine_text("calm", "My calm"))
    catalog = load_catalog()
    assert [r.title for r in catalog.routines] == ["My calm", "A routine"]
    assert catalog.entries[0] == Entry(catalog.routines[0], user, "user", None, builtin)
    (notice,) = catalog.notices
    assert "'calm' replaces the built-in one" in notice and str(builtin) in notice
    assert catalog.find("calm").title == "My calm"


def test_include_user_false_ignores_the_user_folder(builtin_dir: Path) -> None:
    write(builtin_dir, "calm.yaml", routine_text("calm", "Built-in calm"))
    write(paths.user_routines_dir(), "mine.yaml", routine_text("calm", "My calm"))
    catalog = load_catalog(include_user=False)
    assert [r.title for r in catalog.routines] == ["Built-in calm"]
    assert catalog.notices == ()


def test_missing_folders_give_an_empty_catalog(builtin_dir: Path, tmp_path: Path) -> None:
    catalog = load_catalog(extra_dirs=[tmp_path / "nowhere"])
    assert catalog.entries == () and catalog.routines == ()


def test_extra_folders_are_scanned_with_path_origin(builtin_dir: Path, tmp_path: Path) -> None:
    write(tmp_path / "extra", "x.yaml", routine_text("extra-one"))
    (entry,) = load_catalog(extra_dirs=[tmp_path / "extra"]).entries
    assert entry.origin == "path"


def test_find_unknown_id_suggests_and_points_at_the_list_command(builtin_dir: Path) -> None:
    write(builtin_dir, "box.yaml", routine_text("box-breathing"))
    with pytest.raises(ChoiceError) as caught:
        load_catalog().find("box-breathin")
    assert str(caught.value) == (
        "no routine called 'box-breathin' — did you mean 'box-breathing'?; "
        "run `unclench list` to see them"
    )


def test_find_a_prefix_suggests_the_routine_it_starts(builtin_dir: Path) -> None:
    write(builtin_dir, "box.yaml", routine_text("box-breathing"))
    write(builtin_dir, "calm.yaml", routine_text("calm"))
    with pytest.raises(ChoiceError) as caught:
        load_catalog().find("box")
    assert str(caught.value) == (
        "no routine called 'box' — did you mean 'box-breathing'?; run `unclench list` to see them"
    )


def test_find_a_word_lists_every_routine_holding_it_and_picks_none(builtin_dir: Path) -> None:
    for id_ in ("box-breathing", "coherent-breathing", "relaxing-breath", "slow-stretching"):
        write(builtin_dir, f"{id_}.yaml", routine_text(id_))
    with pytest.raises(ChoiceError) as caught:
        load_catalog().find("breath")
    assert str(caught.value) == (
        "no routine called 'breath' — did you mean one of 'relaxing-breath', 'box-breathing', "
        "'coherent-breathing'?; run `unclench list` to see them"
    )


def test_find_a_name_with_nothing_similar_says_so(builtin_dir: Path) -> None:
    write(builtin_dir, "box.yaml", routine_text("box-breathing"))
    with pytest.raises(ChoiceError, match=r"^no routine called 'xyz' — no similar name; run"):
        load_catalog().find("xyz")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("box", ["box-breathing"]),  # a prefix
        ("BOX", ["box-breathing"]),  # whatever the case
        ("Box breathing", ["box-breathing"]),  # spaces for hyphens
        ("relaxation", ["progressive-relaxation-short", "progressive-relaxation"]),  # a word
        ("stretch", ["slow-stretching"]),  # inside a word
        ("box-breathin", ["box-breathing"]),  # a prefix that is also a misspelling
        ("box-braething", ["box-breathing"]),  # a misspelling only
        ("ing", []),  # too short to look for inside words
        ("", []),
        ("xyz", []),
    ],
)
def test_similar_names_match_prefixes_words_then_spelling(typed: str, expected: list[str]) -> None:
    ids = [
        "box-breathing",
        "progressive-relaxation-short",
        "progressive-relaxation",
        "slow-stretching",
    ]
    assert similar_names(typed, ids) == expected


def test_similar_names_put_prefixes_before_words_before_insides() -> None:
    ids = ["slow-breathing", "breath-hold", "calm-breath"]
    assert similar_names("breath", ids) == ["breath-hold", "calm-breath", "slow-breathing"]


def test_find_a_broken_routine_reraises_its_error(builtin_dir: Path) -> None:
    write(builtin_dir, "calm.yaml", routine_text("calm").replace("counts: 4", "counts: -1"))
    catalog = load_catalog()
    with pytest.raises(RoutineError, match=r"steps\[0\]\.counts"):
        catalog.find("calm")


def test_find_accepts_a_path_to_a_file(builtin_dir: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "elsewhere.yaml", routine_text("elsewhere"))
    assert load_catalog().find(str(path)).id == "elsewhere"
    with pytest.raises(ChoiceError, match="no such routine file"):
        load_catalog().find(str(tmp_path / "gone.yaml"))
