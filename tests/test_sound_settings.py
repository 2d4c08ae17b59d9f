"""Mute and volume belong to the settings: M and ↑/↓ in a session change them, the mixer
follows, the settings file holds them (written off the render loop), and the sound panel
shows them. The real App runs headless on a fake clock with a SoundService on fake
channels and a SettingsSaver writing to a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pygame
import pytest

from fakes import FakeClock, post_key
from test_audio import FakeChannel, make_out
from unclench.app import App, AppOptions
from unclench.catalog import load_catalog
from unclench.settings import Settings, SettingsSaver, load_settings
from unclench.sound.service import SoundService
from unclench.ui.cautions import mark_seen
from unclench.ui.session import SessionScene
from unclench.ui.settings_panel import SETTING_ROWS, SettingsOverlay


@contextmanager
def playing(
    tmp_path: Path, settings: Settings
) -> Iterator[tuple[App, SettingsSaver, list[FakeChannel]]]:
    """The app playing box-breathing with the sound on fake channels (voice, then chime)."""
    out, voice, chime = make_out()
    service = SoundService(
        settings, tmp_path / "cache", open_out=lambda: out, check_speech=lambda: "No speech."
    )
    assert service.wait(10)
    saver = SettingsSaver(tmp_path / "config" / "settings.json")
    catalog = load_catalog(include_user=False)
    routine = catalog.find("box-breathing")
    options = AppOptions(  # cautions read before, and --yes: the session starts at once
        catalog=catalog,
        settings=mark_seen(settings, routine),
        play=routine,
        save_settings=saver.save,
        yes=True,
    )
    app = App(options, clock=FakeClock(), sound=service)
    app.open()
    try:
        app.tick(wait=False)
        scene = app.scene
        assert isinstance(scene, SessionScene) and scene.session is not None
        yield app, saver, [*voice, *chime]
    finally:
        app.close()
        saver.close()
        pygame.quit()


def press(app: App, key: int, unicode: str = "") -> None:
    post_key(key, unicode)
    app.tick(wait=False)


def saved(saver: SettingsSaver) -> Settings:
    saver.close()
    assert saver.path is not None
    settings, notices = load_settings(saver.path)
    assert notices == []
    return settings


def test_m_in_a_session_mutes_in_the_settings_the_mixer_and_the_saved_file(
    tmp_path: Path,
) -> None:
    with playing(tmp_path, Settings()) as (app, saver, channels):
        press(app, pygame.K_m, "m")
        assert app.settings.muted
        assert {c.volume for c in channels} == {0.0}
        assert saved(saver).muted


def test_m_again_unmutes_and_the_saved_file_says_so(tmp_path: Path) -> None:
    with playing(tmp_path, Settings(muted=True)) as (app, saver, channels):
        assert {c.volume for c in channels} == {0.0}  # the saved mute holds from the start
        press(app, pygame.K_m, "m")
        assert not app.settings.muted
        assert channels[0].volume == pytest.approx(Settings().voice_volume)
        assert saved(saver).muted is False


def test_volume_keys_change_the_saved_volume_and_the_sound_panel_shows_it(
    tmp_path: Path,
) -> None:
    with playing(tmp_path, Settings(voice_volume=1.0)) as (app, saver, channels):
        for _ in range(3):
            press(app, pygame.K_DOWN)
        press(app, pygame.K_UP)
        assert app.settings.volume == pytest.approx(0.8)
        assert channels[0].volume == pytest.approx(0.8)
        app.show_settings()
        panel = app.overlay_scene
        assert isinstance(panel, SettingsOverlay)
        (row,) = [r for r in SETTING_ROWS if r.title == "Volume"]
        assert row.label(app.settings, app.voices()) == "80 %"
        app.tick(wait=False)  # the panel draws with the new volume
        assert saved(saver).volume == pytest.approx(0.8)


def test_the_panel_volume_row_changes_the_volume_the_session_keys_change(
    tmp_path: Path,
) -> None:
    with playing(tmp_path, Settings()) as (app, saver, channels):
        app.show_settings()
        panel = app.overlay_scene
        assert isinstance(panel, SettingsOverlay)
        panel.row = [r.title for r in SETTING_ROWS].index("Volume")
        press(app, pygame.K_LEFT)
        assert app.settings.volume == pytest.approx(0.9)
        assert channels[-1].volume == pytest.approx(0.9 * Settings().chime_volume)
        assert saved(saver).volume == pytest.approx(0.9)


def test_the_panel_turns_the_tension_question_off_and_on() -> None:
    (row,) = [r for r in SETTING_ROWS if r.title == "Ask how tense I feel"]
    assert row.label(Settings(), []) == "Before and after"
    off = row.step(Settings(), [], +1)
    assert off == Settings(ask_tension=False) and row.label(off, []) == "No"
    assert row.step(off, [], -1) == Settings()
