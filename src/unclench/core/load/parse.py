"""YAML bytes → a validated Routine, or a RoutineError holding every problem in the file.

Pure: it takes bytes (the catalog reads files), imports no I/O and reads no clock. It never
builds Python objects from YAML: ``yaml.compose`` gives nodes with line marks, a bounded
structural pass (validation.py) rejects tags, duplicate keys and alias bombs, and the
readers below check each field against docs/routines.md, so every problem has a line,
a column, a field path and a fix. The step and repeat readers live in steps_reader.py.
"""

from __future__ import annotations

import math
import re

import yaml

from unclench.core.errors import RoutineError
from unclench.core.load.limits import totals_problems
from unclench.core.load.problems import Problems, did_you_mean
from unclench.core.load.steps import Context, StepsReader
from unclench.core.load.typed_values import ValueReader
from unclench.core.load.yaml_guard import BudgetExceeded, check_structure, syntax_problem
from unclench.core.routine import Block, Kind, Routine, TempoPreset

MAX_BYTES = 256 * 1024
TEMPO_LIMITS = (0.25, 4.0)
DEFAULT_TEMPO_RANGE = (0.5, 2.0)
ID_PATTERN = re.compile(r"[a-z][a-z0-9-]{1,63}")
LANGUAGE_PATTERN = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")

ROUTINE_KEYS = (
    "id",
    "aliases",
    "title",
    "kind",
    "summary",
    "source",
    "cautions",
    "language",
    "tempo",
    "tempo_range",
    "tempo_presets",
    "count_aloud",
    "chimes",
    "steps",
)
REQUIRED_KEYS = ("id", "title", "kind", "summary", "steps")

# The C parser is about fifteen times faster (a catalog of 1,000 routines depends on it);
# both are safe loaders and only compose, never construct.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_routine(data: bytes, origin: str) -> Routine:
    """Validate ``data`` (the bytes of one routine file) and build the Routine.

    ``origin`` names the file in messages (and is the Routine's ``origin``). A
    ``sound``/``image`` is kept as written, normalised: the shell resolves it against the
    folder of ``origin`` or the app's assets (``unclench.media``).
    Raises RoutineError with every problem found.
    """
    problems = Problems(origin)
    root = compose(data, problems)
    if root is None:
        raise RoutineError(problems.sorted())
    try:
        check_structure(root, problems)
    except BudgetExceeded:
        raise RoutineError(problems.sorted()) from None
    source = data.decode("utf-8-sig")  # compose() has checked it decodes
    routine = _read_routine(root, ValueReader(problems, source))
    if problems or routine is None:
        raise RoutineError(problems.sorted())
    return routine


def compose(data: bytes, problems: Problems) -> yaml.MappingNode | None:
    """Bytes → the root mapping node, or None after recording why not (size, binary data,
    encoding, YAML syntax, an empty file, a root that is not a mapping)."""
    if len(data) > MAX_BYTES:
        problems.add(
            None,
            "",
            f"the file is {len(data) / 1024:,.0f} KiB; a routine may be at most "
            f"{MAX_BYTES // 1024} KiB",
            "split it into smaller routines, or use repeat blocks",
        )
        return None
    if b"\x00" in data:
        _at_byte(problems, data, data.index(b"\x00"), "binary data (a NUL byte), not a text file")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        _at_byte(problems, data, error.start, f"not UTF-8 text (byte 0x{data[error.start]:02x})")
        return None
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        syntax_problem(error, text, problems)
        return None
    except RecursionError:
        problems.add(None, "", "the document is nested too deeply", "flatten the structure")
        return None
    if root is None:
        problems.add(
            None,
            "",
            "the file is empty",
            "start with `id:`, `title:`, `kind:`, `summary:` and `steps:` (see docs/routines.md)",
        )
        return None
    if not isinstance(root, yaml.MappingNode):
        problems.add(
            root,
            "",
            f"a routine file must be a mapping of keys (id:, title:, …), not {_what(root)}",
            "start the file with `id: my-routine` and the other top-level keys",
        )
        return None
    return root


def _what(node: yaml.Node) -> str:
    return "a list" if isinstance(node, yaml.SequenceNode) else "a single value"


def _at_byte(problems: Problems, data: bytes, offset: int, message: str) -> None:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    problems.add_at(line, column, "", message, "save the routine as a plain UTF-8 text file")


def _read_routine(root: yaml.MappingNode, values: ValueReader) -> Routine | None:
    problems = values.problems
    fields = values.keys(root, "", ROUTINE_KEYS, REQUIRED_KEYS)
    id_ = title = kind = summary = None
    if "id" in fields:
        id_ = values.text(fields["id"], "id")
        if id_ is not None and not ID_PATTERN.fullmatch(id_):
            problems.add(
                fields["id"],
                "id",
                f"{id_!r} is not a valid id",
                "use 2–64 lower-case letters, digits and '-', starting with a letter",
            )
            id_ = None
    aliases = _read_aliases(fields.get("aliases"), values, id_)
    if "title" in fields:
        title = values.text(fields["title"], "title")
    if "summary" in fields:
        summary = values.text(fields["summary"], "summary")
    if "kind" in fields:
        word = values.text(fields["kind"], "kind")
        if word is not None:
            kind = values.choice(fields["kind"], "kind", word, Kind)
    source = values.text(fields["source"], "source") if "source" in fields else ""
    cautions = values.text_list(fields["cautions"], "cautions") if "cautions" in fields else ()
    language = "en"
    if "language" in fields:
        language = values.text(fields["language"], "language") or "en"
        if not LANGUAGE_PATTERN.fullmatch(language):
            problems.add(
                fields["language"],
                "language",
                f"{language!r} is not a language tag",
                "write it like 'en', 'en-GB' or 'de'",
            )
    count_aloud = values.flag(fields.get("count_aloud"), "count_aloud", default=False)
    chimes = values.flag(fields.get("chimes"), "chimes", default=True)
    tempo, tempo_min, tempo_max = _read_tempo(fields, values)
    presets = _read_presets(fields.get("tempo_presets"), values, tempo_min, tempo_max)

    blocks: tuple[Block, ...] = ()
    if "steps" in fields:
        reader = StepsReader(values)
        blocks = reader.blocks(fields["steps"], "steps", Context(tempo, chimes, None, 0))
        totals_problems(blocks, fields["steps"], tempo_max, problems)
    if id_ is None or title is None or kind is None or summary is None or not blocks:
        return None
    return Routine(
        id=id_,
        title=title,
        kind=kind,
        summary=summary,
        steps=blocks,
        source=source or "",
        cautions=cautions,
        language=language,
        tempo=tempo,
        tempo_min=tempo_min,
        tempo_max=tempo_max,
        tempo_presets=presets,
        count_aloud=count_aloud,
        chimes=chimes,
        origin=problems.origin,
        aliases=aliases,
    )


def _read_aliases(node: yaml.Node | None, values: ValueReader, id_: str | None) -> tuple[str, ...]:
    """Former ids that still name the routine: each a valid id, not the routine's own id,
    none twice."""
    if node is None:
        return ()
    if not isinstance(node, yaml.SequenceNode):
        values.wrong_type(
            node, "aliases", "a list of ids", "write each one on a line starting with '- '"
        )
        return ()
    aliases: list[str] = []
    for index, item in enumerate(node.value):
        field = f"aliases[{index}]"
        alias = values.text(item, field)
        if alias is None:
            continue
        if not ID_PATTERN.fullmatch(alias):
            values.problems.add(
                item,
                field,
                f"{alias!r} is not a valid id",
                "use 2–64 lower-case letters, digits and '-', starting with a letter",
            )
        elif alias == id_ or alias in aliases:
            what = "the routine's own id" if alias == id_ else "listed twice"
            values.problems.add(item, field, f"{alias!r} is {what}", "remove this alias")
        else:
            aliases.append(alias)
    return tuple(aliases)


def _read_tempo(fields: dict[str, yaml.Node], values: ValueReader) -> tuple[float, float, float]:
    """tempo and tempo_range; the default range widens to include the tempo."""
    low_limit, high_limit = TEMPO_LIMITS
    bounds = f"{low_limit:g}–{high_limit:g} seconds per count"
    tempo = 1.0
    if "tempo" in fields:
        number = values.number(fields["tempo"], "tempo")
        if number is not None and not low_limit <= number <= high_limit:
            values.problems.add(
                fields["tempo"], "tempo", f"tempo {number:g} is out of range", f"use {bounds}"
            )
        elif number is not None:
            tempo = number
    low, high = min(DEFAULT_TEMPO_RANGE[0], tempo), max(DEFAULT_TEMPO_RANGE[1], tempo)
    node = fields.get("tempo_range")
    if node is None:
        return tempo, low, high
    pair = values.number_list(node, "tempo_range")
    if pair is None:
        return tempo, low, high
    if len(pair) != 2:
        values.problems.add(node, "tempo_range", "expected two numbers", "write `[min, max]`")
    elif not low_limit <= pair[0] <= pair[1] <= high_limit:
        values.problems.add(
            node,
            "tempo_range",
            f"[{pair[0]:g}, {pair[1]:g}] is not a range within {bounds}",
            f"write `[min, max]` with {low_limit:g} ≤ min ≤ max ≤ {high_limit:g}",
        )
    elif not pair[0] <= tempo <= pair[1]:
        values.problems.add(
            node,
            "tempo_range",
            f"the range [{pair[0]:g}, {pair[1]:g}] does not contain the tempo {tempo:g}",
            "widen the range or change the tempo",
        )
    else:
        return tempo, pair[0], pair[1]
    return tempo, low, high


def _read_presets(
    node: yaml.Node | None, values: ValueReader, low: float, high: float
) -> tuple[TempoPreset, ...]:
    if node is None:
        return ()
    if not isinstance(node, yaml.SequenceNode):
        values.wrong_type(node, "tempo_presets", "a list of {label: …, tempo: …}")
        return ()
    presets: list[TempoPreset] = []
    for index, item in enumerate(node.value):
        field = f"tempo_presets[{index}]"
        fields = values.keys(item, field, ("label", "tempo"), ("label", "tempo"))
        label = values.text(fields["label"], field + ".label") if "label" in fields else None
        tempo = values.number(fields["tempo"], field + ".tempo") if "tempo" in fields else None
        if tempo is not None and not (math.isfinite(tempo) and low <= tempo <= high):
            values.problems.add(
                fields["tempo"],
                field + ".tempo",
                f"tempo {tempo:g} is outside the routine's tempo range {low:g}–{high:g}",
                "choose a tempo inside tempo_range, or widen the range",
            )
        elif label is not None and tempo is not None:
            presets.append(TempoPreset(label, tempo))
    return tuple(presets)


__all__ = ["MAX_BYTES", "compose", "did_you_mean", "parse_routine"]
