"""The wheel: built from a clean copy of the sources (so a stale build/ folder cannot leak
into it), it holds the built-in routines, fonts and icons, and once installed into a fresh
virtual environment it works from any folder without the checkout.

The fresh venv has no pip and no packages of its own; the wheel is installed into it with
this venv's pip (``pip --python``), and its dependencies (pygame, numpy, …) are borrowed
through a .pth line naming this venv's site-packages. A .pth line only adds a folder to
sys.path — the .pth files inside that folder (such as the editable install's finder) are
not run — and the fresh site-packages comes first, so the installed unclench is the one
imported; the tests assert that. About 5 s in all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import BUILTIN_IDS, REPO


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    for folder in ("src", "routines", "assets"):
        shutil.copytree(REPO / folder, source / folder, ignore=ignore)
    out = tmp_path_factory.mktemp("wheels")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), "."], source)
    [built] = out.glob("unclench-*.whl")
    return built


@pytest.fixture(scope="module")
def fresh_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], venv.parent)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    run(
        [*pip, "install", "-q", "--no-deps", "--no-index", str(wheel)],
        venv.parent,
    )
    site = run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], venv.parent
    ).strip()
    Path(site, "borrowed-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return venv


def clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", UNCLENCH_HOME=str(home))
    return env


def test_the_wheel_holds_the_routines_fonts_and_icons(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    routines = {n for n in names if n.startswith("unclench/builtin_routines/")}
    assert {f"unclench/builtin_routines/{i}.yaml" for i in BUILTIN_IDS} == routines
    fonts = {n for n in names if n.startswith("unclench/builtin_assets/fonts/")}
    assert {
        "unclench/builtin_assets/fonts/Inter-Regular.otf",
        "unclench/builtin_assets/fonts/Inter-SemiBold.otf",
    } <= fonts
    assert {"unclench/builtin_assets/icon-64.png", "unclench/builtin_assets/icon-256.png"} <= set(
        names
    )
    assert "unclench/cli/main.py" in names
    assert not any("test" in n.split("/")[0] for n in names)


def test_the_installed_command_lists_the_builtin_routines_from_another_folder(
    fresh_venv: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = run([str(fresh_venv / "bin" / "unclench"), "list"], elsewhere, clean_env(tmp_path))
    rows = [line.split() for line in out.splitlines()[1:] if line.strip()]
    assert {row[0] for row in rows} == BUILTIN_IDS
    assert {row[-1] for row in rows} == {"built-in"}


def test_the_installed_package_uses_its_own_data_and_finds_the_bundled_font(
    fresh_venv: Path, tmp_path: Path
) -> None:
    probe = (
        "import unclench, unclench.paths as p\n"
        "from unclench.visuals.theme import Fonts\n"
        "fonts = Fonts(); fonts.get(20)\n"
        "print(unclench.__file__); print(p.builtin_routines_dir()); print(fonts.folder)\n"
        "print(fonts.fallback_used)\n"
    )
    out = run([str(fresh_venv / "bin" / "python"), "-c", probe], tmp_path, clean_env(tmp_path))
    module, routines, fonts, fallback = out.splitlines()
    for path in (module, routines, fonts):
        assert Path(path).resolve().is_relative_to(fresh_venv.resolve()), path
    assert fallback == "False"
