"""Settings: defaults when missing, the user's file never lost when damaged, bad values
named and ignored, atomic saves that read back the same, and saves made off the render loop
(``SettingsSaver``)."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from unclench.app import AppOptions
from unclench.settings import (
    Settings,
    SettingsSaver,
    load_settings,
    save_settings,
    settings_path,
)


def test_a_missing_file_gives_the_defaults_without_a_notice(tmp_path: Path) -> None:
    settings, notices = load_settings(tmp_path / "nope.json")
    assert settings == Settings()
    assert notices == []


def test_saved_settings_read_back_the_same(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    chosen = Settings(
        voice="en-gb",
        rate=150,
        voice_volume=0.4,
        muted=True,
        count_aloud=True,
        choices={"box-breathing": {"tempo": 0.8, "cycles": 6.0}},
    )
    save_settings(chosen, path)
    assert load_settings(path) == (chosen, [])
    assert not path.with_name("settings.json.tmp").exists()


def test_a_damaged_file_is_kept_aside_and_the_defaults_are_used(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{ this is not json", encoding="utf-8")
    settings, notices = load_settings(path)
    assert settings == Settings()
    kept = tmp_path / "settings.json.bad"
    assert kept.read_text(encoding="utf-8") == "{ this is not json"
    assert len(notices) == 1 and "settings.json.bad" in notices[0]


def test_a_document_that_is_not_an_object_counts_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("[1, 2]", encoding="utf-8")
    _, notices = load_settings(path)
    assert (tmp_path / "settings.json.bad").exists()
    assert "damaged" in notices[0]


def test_unknown_and_mistyped_values_are_named_and_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"rate": "fast", "muted": True, "colour": "blue"}), "utf-8")
    settings, notices = load_settings(path)
    assert settings.muted is True
    assert settings.rate == Settings().rate
    assert any("'rate'" in n for n in notices)
    assert any("'colour'" in n for n in notices)


def test_out_of_range_volumes_and_rates_are_clamped(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"voice_volume": 7, "chime_volume": -1, "rate": 5000}), "utf-8")
    settings, _ = load_settings(path)
    assert (settings.voice_volume, settings.chime_volume, settings.rate) == (1.0, 0.0, 400)


def test_the_settings_file_lives_in_the_user_config_folder(unclench_home: Path) -> None:
    assert settings_path() == unclench_home / "config" / "settings.json"


def test_an_out_of_range_overall_volume_is_clamped(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"volume": 3.5}), "utf-8")
    assert load_settings(path)[0].volume == 1.0
    path.write_text(json.dumps({"volume": -2}), "utf-8")
    assert load_settings(path)[0].volume == 0.0


def test_the_saver_writes_each_change_and_close_waits_for_the_last(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    saver = SettingsSaver(path)
    saver.save(Settings(muted=True))
    saver.save(Settings(muted=True, volume=0.4))
    saver.close()
    assert load_settings(path) == (Settings(muted=True, volume=0.4), [])
    assert saver.error is None


def test_changes_made_while_a_write_is_under_way_are_folded_into_one_write() -> None:
    written: list[Settings] = []
    writing, release = threading.Event(), threading.Event()

    def slow_save(settings: Settings, path: Path | None) -> None:
        written.append(settings)
        writing.set()
        release.wait()

    saver = SettingsSaver(save=slow_save)
    saver.save(Settings(volume=0.9))
    assert writing.wait(10)
    saver.save(Settings(volume=0.8))
    saver.save(Settings(volume=0.7))
    release.set()
    saver.close()
    assert written == [Settings(volume=0.9), Settings(volume=0.7)]


def test_a_failed_write_is_kept_for_the_caller_to_report(tmp_path: Path) -> None:
    (tmp_path / "config").write_text("a file where the folder should be", "utf-8")
    saver = SettingsSaver(tmp_path / "config" / "settings.json")
    saver.save(Settings(muted=True))
    saver.close()
    assert isinstance(saver.error, OSError)


# -- damaged files: the app starts, nothing is lost, one notice ------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(b'{"rate": 150, "voice": "\xff\xfe"}', id="invalid-utf-8"),
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="deeply-nested"),
        pytest.param(b'{"rate": ' + b"9" * 5000 + b"}", id="huge-integer-rate"),
        pytest.param(b"\x00" * 64, id="zeroed"),
    ],
)
def test_unreadable_files_are_kept_aside_and_the_defaults_used(
    tmp_path: Path, damage: bytes
) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(damage)
    settings, notices = load_settings(path)
    assert len(notices) == 1
    assert settings == Settings()
    kept = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("settings.json.bad"))
    assert kept == ["settings.json.bad"]
    assert (tmp_path / "settings.json.bad").read_bytes() == damage
    assert "settings.json.bad" in notices[0]


def test_a_huge_integer_spoils_only_its_own_field(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    huge = "9" * 5000
    path.write_text(f'{{"rate": {huge}, "voice_volume": {huge}, "muted": true}}', "utf-8")
    settings, notices = load_settings(path)
    assert settings == Settings(muted=True)
    assert "'rate'" in notices[0] and "'voice_volume'" in notices[0]
    assert (tmp_path / "settings.json.bad").read_text("utf-8").startswith('{"rate": 999')


def test_an_earlier_backup_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    (tmp_path / "settings.json.bad").write_text("first", "utf-8")
    path.write_text("second {", "utf-8")
    load_settings(path)
    path.write_text("third {", "utf-8")
    _, notices = load_settings(path)
    assert (tmp_path / "settings.json.bad").read_text("utf-8") == "first"
    assert (tmp_path / "settings.json.bad-2").read_text("utf-8") == "second {"
    assert (tmp_path / "settings.json.bad-3").read_text("utf-8") == "third {"
    assert "settings.json.bad-3" in notices[0]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("count_aloud", "no"),
        ("count_aloud", 0),
        ("muted", "false"),
        ("muted", 1),
        ("choices", [1, 2]),
        ("choices", "box-breathing"),
        ("voice", 7),
        ("voice", ""),
        ("rate", 150.5),
        ("rate", True),
        ("voice_volume", "loud"),
        ("chime_volume", None),
    ],
)
def test_a_field_of_the_wrong_type_gets_its_default_and_the_others_are_kept(
    tmp_path: Path, field: str, value: object
) -> None:
    path = tmp_path / "settings.json"
    text = json.dumps({field: value, "rate": 150, "voice": "en-gb"} | {field: value})
    path.write_text(text, "utf-8")
    settings, notices = load_settings(path)
    assert getattr(settings, field) == getattr(Settings(), field)
    if field != "rate":
        assert settings.rate == 150
    if field != "voice":
        assert settings.voice == "en-gb"
    assert len(notices) == 1 and repr(field) in notices[0]
    assert (tmp_path / "settings.json.bad").read_text("utf-8") == text


def test_a_string_is_never_read_as_a_boolean(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"count_aloud": "no", "muted": "yes"}), "utf-8")
    settings, _ = load_settings(path)
    assert settings.count_aloud is None and settings.muted is False


def test_choices_keep_their_valid_entries_and_drop_the_malformed_ones(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    good = {"tempo": 0.8, "cycles": 6}
    bad = {
        "a": [1],
        "b": {"tempo": "slow"},
        "c": {"tempo": True},
        "d": {"cycles": 2, "colour": 3},
        "e": {"tempo": float("nan")},
    }
    path.write_text(json.dumps({"choices": {"box-breathing": good, **bad}}), "utf-8")
    settings, notices = load_settings(path)
    assert settings.choices == {"box-breathing": {"tempo": 0.8, "cycles": 6.0}}
    assert "'choices'" in notices[0]


def test_non_finite_volumes_get_the_default(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"voice_volume": NaN, "chime_volume": Infinity}', "utf-8")
    settings, _ = load_settings(path)
    assert (settings.voice_volume, settings.chime_volume) == (0.9, 0.5)


def test_after_one_notice_the_cleaned_file_loads_without_another(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"count_aloud": "no", "muted": True, "colour": "blue"}), "utf-8")
    first, notices = load_settings(path)
    assert len(notices) == 1
    assert load_settings(path) == (first, [])
    assert first.muted is True
    _, again = load_settings(tmp_path / "settings.json")
    assert again == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json", "settings.json.bad"]


def test_an_unreadable_file_loads_as_defaults_next_time_without_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(b"\xff{")
    load_settings(path)
    assert load_settings(path) == (Settings(), [])


def test_a_fifo_named_settings_json_does_not_block(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    os.mkfifo(path)
    settings, notices = load_settings(path)
    assert settings == Settings()
    assert "cannot read the settings (a named pipe (FIFO), not a regular file)" in notices[0]


def test_damaged_settings_are_named_once_on_stderr_and_in_the_menu(
    unclench_home: Path,
) -> None:
    from unclench.app import App, AppOptions
    from unclench.catalog import load_catalog
    from unclench.settings import MENU_NOTICE
    from unclench.ui.menu import MenuScene

    options = AppOptions(catalog=load_catalog(include_user=False), settings=Settings())
    options.notice = MENU_NOTICE
    app = App(options)
    app.open()
    try:
        assert isinstance(app.scene, MenuScene) and app.scene.message == MENU_NOTICE
        app.show_menu()  # back from a session: said once, not again
        assert isinstance(app.scene, MenuScene) and app.scene.message == ""
    finally:
        app.close()


def test_the_cli_prints_the_settings_notice_once_on_stderr(
    unclench_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from unclench.cli import main as cli
    from unclench.settings import MENU_NOTICE

    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"count_aloud": "no"}', "utf-8")
    seen: list[str] = []

    def fake_run_app(options: AppOptions) -> tuple[int, Settings]:
        seen.append(options.notice)
        return 0, options.settings

    monkeypatch.setattr("unclench.app.run_app", fake_run_app)
    assert cli.main(["play", "box-breathing", "--silent"]) == 0
    err = capsys.readouterr().err
    assert err.count("note: ") == 1 and "'count_aloud'" in err
    assert seen == [MENU_NOTICE]


def test_cautions_seen_read_back_and_keep_their_valid_entries(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(cautions_seen={"box-breathing": "abc123"}), path)
    assert load_settings(path)[0].cautions_seen == {"box-breathing": "abc123"}
    raw = {"box-breathing": "abc123", "a": 1, "b": "", "c": None, "d": "x" * 65}
    path.write_text(json.dumps({"cautions_seen": raw}), "utf-8")
    settings, notices = load_settings(path)
    assert settings.cautions_seen == {"box-breathing": "abc123"}
    assert "'cautions_seen'" in notices[0]
    path.write_text(json.dumps({"cautions_seen": ["box-breathing"]}), "utf-8")
    assert load_settings(path)[0].cautions_seen == {}


def test_asking_how_tense_is_on_by_default_and_only_a_boolean_turns_it_off(
    tmp_path: Path,
) -> None:
    assert Settings().ask_tension is True
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"ask_tension": False}), "utf-8")
    assert load_settings(path) == (Settings(ask_tension=False), [])
    path.write_text(json.dumps({"ask_tension": "no", "muted": True}), "utf-8")
    settings, notices = load_settings(path)
    assert settings == Settings(muted=True)  # "no" is not False: the default stands
    assert any("'ask_tension'" in n for n in notices)
