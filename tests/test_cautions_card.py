"""The cautions card on its own: what dismisses it, and scrolling cautions that do not fit
(never smaller text)."""

from __future__ import annotations

import pygame

from fakes import FakeClock, FakeHost, key_event
from unclench.catalog import load_catalog
from unclench.ui.cautions import MIN_TEXT_PX, CautionsCard, needs_card


def card(size: tuple[int, int]) -> tuple[CautionsCard, list[str]]:
    host = FakeHost(FakeClock())
    done: list[str] = []
    routine = load_catalog(include_user=False).find("calves-hands-eyes")
    scene = CautionsCard(host, routine, lambda: done.append("ready"), lambda: done.append("back"))
    scene.frame_key(0.0, size)
    return scene, done


def test_enter_space_and_keypad_enter_begin_and_escape_goes_back() -> None:
    for key, expected in (
        (pygame.K_RETURN, "ready"),
        (pygame.K_SPACE, "ready"),
        (pygame.K_KP_ENTER, "ready"),
        (pygame.K_ESCAPE, "back"),
    ):
        scene, done = card((1280, 720))
        scene.handle(key_event(key), 0.0)
        assert done == [expected]
    scene, done = card((1280, 720))
    scene.handle(key_event(pygame.K_a), 0.0)  # other keys do nothing
    assert done == []


def test_cautions_that_do_not_fit_scroll_and_keep_a_legible_size() -> None:
    scene, _ = card((640, 480))
    lines, size, _, visible = scene._lines((640, 480))
    assert size >= MIN_TEXT_PX and len(lines) > visible
    first = pygame.Surface((640, 480))
    scene.draw(first, 0.0)
    for _ in range(40):
        scene.handle(key_event(pygame.K_DOWN), 0.0)
    assert scene.scroll == len(lines) - visible
    moved = pygame.Surface((640, 480))
    scene.draw(moved, 0.0)
    assert pygame.image.tobytes(first, "RGB") != pygame.image.tobytes(moved, "RGB")
    scene.handle(key_event(pygame.K_UP), 0.0)
    assert scene.scroll == len(lines) - visible - 1


def test_a_routine_without_cautions_has_no_card() -> None:
    from dataclasses import replace

    from unclench.settings import Settings

    routine = load_catalog(include_user=False).find("box-breathing")
    assert needs_card(routine, Settings(), skip_seen=True)
    assert not needs_card(replace(routine, cautions=()), Settings(), skip_seen=False)
