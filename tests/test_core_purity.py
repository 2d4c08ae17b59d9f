"""The pure core stays pure: importing every module of ``unclench.core`` loads no shell.

One fresh interpreter imports each module found under ``src/unclench/core`` and reports what
ended up in ``sys.modules``; nothing that does I/O for the app (pygame, pyttsx3, numpy, sqlite3)
and nothing of unclench outside ``core`` may be among them. A second check reads the sources
for clock imports, which ``sys.modules`` cannot show (``time`` is always loaded).
"""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import unclench.core

SHELL_LIBRARIES = ("pygame", "pyttsx3", "numpy", "sqlite3", "_sqlite3")
CLOCK_MODULES = {"time", "datetime"}
CORE_DIR = Path(unclench.core.__file__).parent

PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(sys.modules)))
"""


def core_modules() -> list[str]:
    found = ["unclench.core"]
    for info in pkgutil.walk_packages([str(CORE_DIR)], prefix="unclench.core."):
        found.append(info.name)
    return found


def loaded_after_importing(names: list[str]) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *names], capture_output=True, text=True, check=True
    ).stdout
    return set(json.loads(out))


def shell_modules(loaded: set[str]) -> set[str]:
    foreign = {m for m in loaded if m.split(".")[0] in SHELL_LIBRARIES}
    outside = {
        m
        for m in loaded
        if (m.startswith("unclench.") and not m.startswith("unclench.core")) or m == "unclench.app"
    }
    return foreign | outside


def test_importing_every_core_module_loads_nothing_of_the_shell() -> None:
    names = core_modules()
    assert {"unclench.core.engine", "unclench.core.load.parse"} <= set(names)
    loaded = loaded_after_importing(names)
    assert set(names) <= loaded
    assert shell_modules(loaded) == set()


def test_the_purity_probe_sees_a_shell_import() -> None:
    # The same probe on a shell module must find pygame and unclench outside core; otherwise
    # the test above could pass without looking.
    found = shell_modules(loaded_after_importing(["unclench.visuals.theme"]))
    assert "pygame" in found
    assert "unclench.visuals.theme" in found


def test_no_core_module_imports_a_clock() -> None:
    sources = sorted(CORE_DIR.rglob("*.py"))
    assert len(sources) >= 10
    for path in sources:
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module.split(".")[0])
        assert not imported & CLOCK_MODULES, f"{path.name} imports {imported & CLOCK_MODULES}"
