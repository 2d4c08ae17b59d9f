"""The window opens at the size asked for; on a real desktop smaller than that it shrinks
to fit, keeping its shape. SDL's dummy driver reports a made-up 1024×768 desktop, which
must not shrink headless windows (screenshots and benchmarks ask for exact sizes)."""

from __future__ import annotations

import pygame

from fakes import FakeClock
from test_app import running_app
from unclench.app import MIN_SIZE, fit_to_desktop


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
