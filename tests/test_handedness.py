"""Handedness: the setting decides which side a "dominant" group is on. The body map lights
that side and the screen names it ("Left arm"), never "Dominant"; routine files and spoken
texts keep saying "dominant". The setting is read strictly and has a row in the panel."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pygame
import pytest

from fakes import FakeClock, FakeHost, RecordingAudio
from unclench.catalog import load_catalog
from unclench.core.body import (
    HANDEDNESS,
    MUSCLE_GROUPS,
    STRETCHES,
    Target,
    display_name,
    regions_for,
    side_labels,
    side_of,
)
from unclench.core.routine import Phase
from unclench.core.timeline import compile_timeline
from unclench.settings import Settings, load_settings, save_settings
from unclench.ui.session import SessionScene, session_layout
from unclench.ui.session_view import target_name, target_regions, upcoming_text
from unclench.ui.settings_panel import SETTING_ROWS
from unclench.visuals.body_map import BodyMode, draw_body, figure_rect
from unclench.visuals.theme import DARK, Fonts

HANDED = [t for t in MUSCLE_GROUPS.values() if t.role is not None]
SIZE = (1280, 720)


def _mirror(region: str) -> str:
    if region.endswith("-right"):
        return region.removesuffix("-right") + "-left"
    return region.removesuffix("-left") + "-right" if region.endswith("-left") else region


# --- the core ------------------------------------------------------------------------------


def test_every_dominant_and_other_group_is_handed_and_nothing_else_is() -> None:
    ids = {t.id for t in HANDED}
    assert ids == {i for i in MUSCLE_GROUPS if i.startswith(("dominant-", "non-dominant-"))}
    assert len(ids) == 14  # hand, upper arm, thigh, calf, foot, arm and leg; each side
    assert all(t.role is None for t in STRETCHES.values())


@pytest.mark.parametrize("target", HANDED, ids=lambda t: t.id)
def test_a_handed_group_says_its_side_in_words_never_dominant(target: Target) -> None:
    right, left = display_name(target, "right"), display_name(target, "left")
    for name in (right, left):
        assert "ominant" not in name and not name.startswith("Other")
        assert name.startswith(("Right ", "Left "))
    assert right != left
    assert right.split(" ", 1)[1] == left.split(" ", 1)[1] == target.part


def test_the_names_read_as_a_person_would_say_them() -> None:
    arm, other_hand = MUSCLE_GROUPS["dominant-arm"], MUSCLE_GROUPS["non-dominant-hand"]
    assert display_name(arm, "right") == "Right arm"
    assert display_name(arm, "left") == "Left arm"
    assert display_name(other_hand, "right") == "Left hand and forearm"
    assert display_name(other_hand, "left") == "Right hand and forearm"
    assert display_name(MUSCLE_GROUPS["jaw"], "left") == "Lower cheeks and jaw"


@pytest.mark.parametrize("target", HANDED, ids=lambda t: t.id)
def test_left_handed_lights_the_mirror_of_right_handed(target: Target) -> None:
    right, left = regions_for(target, "right"), regions_for(target, "left")
    assert right == target.regions
    assert left == tuple(_mirror(r) for r in right) != right
    side = side_of(target, "left")
    assert all(r.endswith(f"-{side}") for r in left)


def test_unhanded_groups_light_the_same_regions_whatever_the_hand() -> None:
    for target in (*MUSCLE_GROUPS.values(), *STRETCHES.values()):
        if target.role is None:
            assert regions_for(target, "left") == regions_for(target, "right") == target.regions


def test_the_hand_labels_name_the_dominant_side() -> None:
    assert side_labels("right") == ("right (dominant)", "left")
    assert side_labels("left") == ("right", "left (dominant)")


def test_an_unknown_handedness_is_a_bug_not_a_guess() -> None:
    with pytest.raises(ValueError, match="right, left"):
        display_name(MUSCLE_GROUPS["dominant-arm"], "Left")


# --- the settings --------------------------------------------------------------------------


def test_handedness_defaults_to_right_and_reads_back(tmp_path: Path) -> None:
    assert Settings().handedness == "right" and HANDEDNESS == ("right", "left")
    path = tmp_path / "settings.json"
    save_settings(Settings(handedness="left", rate=150), path)
    assert load_settings(path) == (Settings(handedness="left", rate=150), [])


@pytest.mark.parametrize("value", ["Left", "l", "", "ambidextrous", True, 1, None, ["left"]])
def test_a_handedness_not_in_the_set_is_never_coerced(tmp_path: Path, value: object) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"handedness": value, "rate": 150}), "utf-8")
    settings, notices = load_settings(path)
    assert settings.handedness == "right"
    assert settings.rate == 150  # the other fields are kept
    assert len(notices) == 1 and "'handedness'" in notices[0]


def test_the_settings_panel_row_toggles_the_dominant_hand() -> None:
    (row,) = [r for r in SETTING_ROWS if r.title == "Dominant hand"]
    right = Settings()
    assert row.label(right, []) == "Right hand"
    left = row.step(right, [], 1)
    assert left.handedness == "left" and row.label(left, []) == "Left hand"
    assert row.step(left, [], 1).handedness == "right"
    assert row.step(right, [], -1).handedness == "left"
    assert left.rate == right.rate  # nothing else changes


# --- the session ---------------------------------------------------------------------------


def _session(handedness: str) -> tuple[SessionScene, FakeHost]:
    host = FakeHost(FakeClock(), Settings(handedness=handedness))
    routine = load_catalog().find("progressive-relaxation-short")
    scene = SessionScene(host, compile_timeline(routine, None, None), RecordingAudio())
    host.show(scene)
    return scene, host


def _to_first(scene: SessionScene, host: FakeHost, phase: Phase, target: str) -> None:
    cue = next(c for c in scene.timeline.cues if c.phase is phase and c.target == target)
    end = 1000.0 + cue.start + cue.duration * 0.5
    while host.clock.now < end:
        host.clock.now = min(end, host.clock.now + 0.25)
        scene.update(host.clock())


def _warm(surface: pygame.Surface, area: pygame.Rect) -> int:
    data = pygame.image.tobytes(surface.subsurface(area), "RGB")
    return sum(1 for i in range(0, len(data), 3) if data[i] > 150 and data[i] > data[i + 2] + 80)


@pytest.mark.parametrize(
    "handedness, lit_half", [("right", "viewer-left"), ("left", "viewer-right")]
)
def test_the_dominant_arm_is_lit_on_the_users_dominant_side(handedness: str, lit_half: str) -> None:
    scene, host = _session(handedness)
    _to_first(scene, host, Phase.TENSE, "dominant-arm")
    surface = pygame.Surface(SIZE)
    scene.invalidate()
    scene.frame_key(host.clock(), SIZE)
    scene.draw(surface, host.clock())
    stage = session_layout(SIZE).stage
    fig = figure_rect(pygame.Rect(stage.left, stage.top, stage.width // 2, stage.height))
    viewer_left = pygame.Rect(fig.left - 10, fig.top, fig.width // 2 + 10, fig.height)
    viewer_right = pygame.Rect(fig.centerx, fig.top, fig.width // 2 + 10, fig.height)
    lit, dark = (
        (viewer_left, viewer_right) if lit_half == "viewer-left" else (viewer_right, viewer_left)
    )
    assert _warm(surface, lit) > 100
    assert _warm(surface, dark) == 0


def test_the_session_names_the_side_and_the_routine_keeps_dominant() -> None:
    scene, _ = _session("left")
    cues = scene.timeline.cues
    tense = next(c for c in cues if c.phase is Phase.TENSE and c.target == "dominant-arm")
    assert target_name(tense, "left") == "Left arm"
    assert target_name(tense, "right") == "Right arm"
    assert target_regions(tense, "left") == regions_for(MUSCLE_GROUPS["dominant-arm"], "left")
    assert upcoming_text(tense, None, "left").startswith("Next: Tense: Left arm")
    assert "ominant" in (tense.say or "") + tense.caption  # the spoken text is the routine's


def test_a_hand_label_too_long_for_a_narrow_window_keeps_only_its_side() -> None:
    pygame.font.init()
    fonts = Fonts()

    def label_ink(width: int) -> tuple[int, int]:
        """(ink width left of the right hand at its height, the label size drawn)."""
        rect = pygame.Rect(0, 0, width, 400)
        surface = pygame.Surface(rect.size)
        surface.fill(DARK.background)
        fig = draw_body(
            surface, rect, (), BodyMode.NEUTRAL, 0.0, DARK, fonts=fonts,
            side_labels=side_labels("right"),
        )  # fmt: skip
        size = max(8, round(fig.height * 0.035))
        y = fig.top + round(107.5 * fig.height / 200)
        band = range(y - size // 2, y + size // 2)
        hand_left = fig.left + (21.0 - 5.0) * fig.height / 200  # the right hand's edge
        ink = [
            x for x in range(math.floor(hand_left) - 1)
            if any(surface.get_at((x, yy))[:3] != DARK.background for yy in band)
        ]  # fmt: skip
        return (max(ink) - min(ink) + 1 if ink else 0), size

    wide, size = label_ink(600)
    whole = fonts.render("right (dominant)", size, DARK.text_dim).get_width()
    assert abs(wide - whole) <= 3  # drawn whole where there is room
    narrow, size = label_ink(210)
    word = fonts.render("right", size, DARK.text_dim).get_width()
    assert abs(narrow - word) <= 3  # cut to its side where there is not


def test_an_instruction_leading_into_a_dominant_group_is_headed_by_the_users_side() -> None:
    from unclench.catalog import load_catalog
    from unclench.core.headings import step_words
    from unclench.core.timeline import compile_timeline

    timeline = compile_timeline(load_catalog(include_user=False).find("progressive-relaxation"))
    for handedness, side in (("right", "Right"), ("left", "Left")):
        headings = [w.heading for w in step_words(timeline, handedness)]
        assert f"{side} hand and forearm" in headings
        assert not any(h.lower().startswith("dominant") for h in headings)
