"""The window opens at the size asked for; on a real desktop smaller than that it shrinks
to fit, keeping its shape. SDL's dummy driver reports a made-up 1024×768 desktop, which
must not shrink headless windows (screenshots and benchmarks ask for exact sizes)."""

from __future__ import annotations

import pygame

from fakes import FakeClock, key_event
from test_app import running_app
from unclench.window import MIN_SIZE, Window, fit_to_desktop


def test_a_headless_window_has_exactly_the_size_asked_for() -> None:
    with running_app(FakeClock(), size=(1280, 720)):
        assert pygame.display.get_surface().get_size() == (1280, 720)


def test_a_window_larger_than_the_desktop_shrinks_to_nine_tenths_keeping_its_shape() -> None:
    assert fit_to_desktop((1280, 720), [(1024, 768)]) == (922, 518)


def test_a_window_that_fits_is_left_alone() -> None:
    assert fit_to_desktop((1280, 720), [(2560, 1440)]) == (1280, 720)


def test_never_below_the_smallest_layout_and_unknown_desktops_change_nothing() -> None:
    assert fit_to_desktop((1280, 720), [(320, 200)]) == MIN_SIZE
    assert fit_to_desktop((1280, 720), []) == (1280, 720)


def test_a_window_remembers_the_size_the_user_dragged_it_to_never_below_the_smallest() -> None:
    with running_app(FakeClock()) as app:
        for size, kept in (((800, 600), (800, 600)), ((300, 200), MIN_SIZE)):
            pygame.display.set_mode(size, pygame.RESIZABLE)
            resized = pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1])
            assert app.window.handle(resized) is True
            assert app.window.windowed_size == kept


def test_f11_is_the_windows_own_key_and_other_keys_are_not() -> None:
    with running_app(FakeClock()) as app:
        window = app.window
        assert window.handle(key_event(pygame.K_F11)) is True
        assert window.fullscreen is True
        assert window.handle(key_event(pygame.K_F11)) is True
        assert window.fullscreen is False
        assert window.handle(key_event(pygame.K_SPACE, " ")) is False


def test_a_window_is_built_closed_and_opens_at_its_size() -> None:
    window = Window((800, 600))
    assert (window.windowed_size, window.fullscreen) == ((800, 600), False)
    try:
        window.open()
        assert window.surface.get_size() == (800, 600)
        assert pygame.display.get_caption()[0] == "unclench"
    finally:
        pygame.quit()
