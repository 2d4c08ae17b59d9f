"""``unclench remind …`` and ``unclench install-desktop``; the reminders in the settings;
the desktop and autostart entries checked by ``desktop-file-validate``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from journal_helpers import at, played
from unclench.cli.main import main
from unclench.core.reminders import Reminder
from unclench.journal import Journal
from unclench.remind import desktop
from unclench.settings import Settings, load_settings, save_settings, settings_path


@pytest.fixture(autouse=True)
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_add_list_remove(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "remind", "add", "08:00", "relaxing-breath", "--no-autostart")
    assert code == 0 and "relaxing-breath at 08:00, every day" in out
    argv = ["remind", "add", "every", "2h", "between", "09:00", "and", "17:00"]
    code, _, _ = run(capsys, *argv, "box-breathing", "--weekdays", "--no-autostart")
    assert code == 0
    assert load_settings()[0].reminders == (
        Reminder("relaxing-breath", "08:00"),
        Reminder("box-breathing", "every 2h between 09:00 and 17:00", True),
    )
    _, out, _ = run(capsys, "remind", "list")
    assert " 1  relaxing-breath at 08:00" in out
    assert " 2  box-breathing at 09:00, 11:00, 13:00, 15:00, 17:00, weekdays" in out
    assert run(capsys, "remind", "remove", "1")[0] == 0
    assert [r.routine_id for r in load_settings()[0].reminders] == ["box-breathing"]


def test_a_bad_time_is_a_usage_error_with_the_accepted_forms(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "remind", "add", "8am", "relaxing-breath")
    assert code == 2
    assert "'8am' is not a time — accepted forms: HH:MM" in err
    assert "every 2h between 09:00 and 17:00" in err
    assert not settings_path().exists()


def test_an_unknown_routine_or_number_is_told(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "remind", "add", "08:00", "no-such-routine")[0] == 1
    code, _, err = run(capsys, "remind", "remove", "3")
    assert code == 2 and "not a reminder number" in err


def test_autostart_is_installed_on_request_and_removed_with_the_last_reminder(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run(capsys, "remind", "add", "08:00", "relaxing-breath", "--autostart")
    entry = desktop.autostart_path()
    assert entry.is_file() and "remind run" in entry.read_text()
    assert str(entry).startswith(os.environ["XDG_CONFIG_HOME"])
    run(capsys, "remind", "add", "09:00", "relaxing-breath")  # installed: not asked again
    run(capsys, "remind", "remove", "1")
    assert entry.is_file()
    _, out, _ = run(capsys, "remind", "remove", "all")
    assert not entry.exists() and "no reminders are left" in out


def test_quiet_hours_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "remind", "quiet", "22:00-07:00")[0] == 0
    assert load_settings()[0].quiet_hours == "22:00-07:00"
    code, _, err = run(capsys, "remind", "quiet", "late")
    assert code == 2 and "HH:MM-HH:MM" in err
    run(capsys, "remind", "quiet", "off")
    assert load_settings()[0].quiet_hours is None


def test_a_bad_reminder_in_the_settings_is_dropped_with_the_usual_notice() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    good = {"routine_id": "relaxing-breath", "when": "08:00", "weekdays_only": False}
    bad = [{**good, "when": "25:00"}, {**good, "weekdays_only": "yes"}, "08:00", {"when": "x"}]
    path.write_text(json.dumps({"reminders": [good, *bad], "quiet_hours": "late"}))
    settings, notices = load_settings()
    assert settings.reminders == (Reminder("relaxing-breath", "08:00"),)
    assert settings.quiet_hours is None
    assert "'reminders', 'quiet_hours'" in notices[0]


def test_reminders_round_trip_through_the_settings_file() -> None:
    settings = Settings(reminders=(Reminder("r", "every 2h between 09:00 and 17:00", True),),
                        quiet_hours="22:00-07:00")  # fmt: skip
    save_settings(settings)
    assert load_settings() == (settings, [])


def test_the_journal_says_what_was_completed_in_the_last_hour(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    played(journal, at("2024-05-01", "08:00"), seconds=120)
    played(journal, at("2024-05-01", "08:30"), routine="box-breathing", outcome="stopped")
    end = at("2024-05-01", "08:02")
    assert journal.completed_since("relaxing-breath", end - timedelta(hours=1))
    assert journal.completed_since("relaxing-breath", end)
    assert not journal.completed_since("relaxing-breath", end + timedelta(seconds=1))
    assert not journal.completed_since("box-breathing", end - timedelta(hours=1))
    journal.close()


# ----------------------------------------------------------------------------- desktop


def validate(path: Path) -> None:
    """desktop-file-validate passes ``path`` (skipped locally without it; fails on CI)."""
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        if os.environ.get("CI") == "true":
            pytest.fail("desktop-file-validate is missing on CI (apt install desktop-file-utils)")
        pytest.skip("desktop-file-validate is not installed (apt install desktop-file-utils)")
    result = subprocess.run([tool, str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_install_desktop_writes_a_valid_entry_and_the_icons(
    capsys: pytest.CaptureFixture[str], xdg: Path
) -> None:
    assert run(capsys, "install-desktop")[0] == 0
    entry = xdg / "xdg-data" / "applications" / "unclench.desktop"
    validate(entry)
    text = entry.read_text()
    assert "StartupWMClass=unclench\n" in text
    assert "[Desktop Action relaxing-breath]\nName=Relaxing breath (4-7-8)\n" in text
    assert "play relaxing-breath\n" in text
    for size in (64, 256):
        assert (xdg / f"xdg-data/icons/hicolor/{size}x{size}/apps/unclench.png").is_file()
    code, out, _ = run(capsys, "install-desktop", "--remove")
    assert code == 0 and "removed" in out
    assert not entry.exists()


def test_the_autostart_entry_validates() -> None:
    validate(desktop.install_autostart())


def test_exec_arguments_are_quoted_as_the_specification_says() -> None:
    assert desktop._quote("plain") == "plain"
    assert desktop._quote("/a path/py") == '"/a path/py"'
    assert desktop._quote('say "$x"') == '"say \\"\\$x\\""'


def test_the_window_class_matches_the_desktop_entry() -> None:
    source = (Path(__file__).parents[1] / "src/unclench/window.py").read_text()
    assert '"SDL_VIDEO_X11_WMCLASS"' in source and desktop.APP_ID == "unclench"
