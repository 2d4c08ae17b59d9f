"""Settings: defaults when missing, the user's file never lost when damaged, bad values
named and ignored, atomic saves that read back the same, and saves made off the render loop
(``SettingsSaver``)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

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
