"""espeak-ng's voice variants (``m7``, ``f3``…), which pyttsx3 does not list: asked of the
``espeak-ng`` program (``--voices=variant``), which comes in one package with the library
the speech worker loads. The shell side of ``core.voices.parse_variants``."""

from __future__ import annotations

import shutil
import subprocess

from unclench.core.voices import VoiceVariant, parse_variants

TIMEOUT_S = 10.0


def list_variants() -> list[VoiceVariant]:
    """The installed variants; empty when the program is missing or fails (a voice is then
    accepted only without a variant)."""
    program = shutil.which("espeak-ng") or shutil.which("espeak")
    if program is None:
        return []
    try:
        done = subprocess.run(
            [program, "--voices=variant"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    return parse_variants(done.stdout) if done.returncode == 0 else []
