"""Reading a YAML node tree safely: the problem list, "did you mean", and the structural pass.

The loader works on ``yaml.compose`` nodes (never constructed Python objects) so that every
problem can point at a line and column, and so that nothing in the file can ever run. This
module holds the parts that are not about routines: collecting problems, suggesting the
nearest word, turning a YAML syntax error into plain language, and one bounded walk over
the whole node graph (tags, duplicate keys, depth, and a visit budget that defeats alias
bombs). Pure: no file reading, no clock.
"""

from __future__ import annotations

import yaml

from unclench.core.errors import Problem
from unclench.core.load.problems import Problems

# Every node the walk may visit, counting a node once per path that reaches it (aliases
# are followed). A 256 KiB file without aliases holds fewer nodes than this, so only
# alias expansion ("billion laughs") can exhaust it.
NODE_BUDGET = 200_000
# Containers inside containers. Eight nested repeats need about 27; libyaml stops at 1000.
MAX_DEPTH = 64

_CORE = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (_CORE + t for t in ("str", "int", "float", "bool", "null"))
SEQ, MAP, TIMESTAMP = _CORE + "seq", _CORE + "map", _CORE + "timestamp"
_ALLOWED_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL, SEQ, MAP, TIMESTAMP})


def describe(node: yaml.Node) -> str:
    """How a value reads to a person: "the number 42", "a list", "true"…"""
    if isinstance(node, yaml.MappingNode):
        return "a mapping (key: value)"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    kinds = {INT: "the number", FLOAT: "the number", BOOL: "", NULL: "", TIMESTAMP: "the date"}
    value = str(node.value)
    if node.tag == NULL:
        return "nothing (~)"
    if node.tag in kinds:
        return f"{kinds[node.tag]} {value}".strip()
    return f"the text {value[:40]!r}"


def tag_name(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


_SYNTAX_HINTS: tuple[tuple[str, str, str], ...] = (
    (
        "cannot start any token",
        "a character YAML cannot read here (often a tab used for indenting)",
        "indent with spaces, and put text with special characters in quotes",
    ),
    (
        "mapping values are not allowed",
        "a ':' where YAML did not expect one",
        "check this line's indentation, or put text containing ': ' in quotes",
    ),
    (
        "expected <block end>",
        "the indentation does not line up",
        "indent this line exactly like the other keys at its level",
    ),
    (
        "expected a single document",
        "a second YAML document (another '---')",
        "keep one routine per file and remove the extra '---'",
    ),
    (
        "undefined alias",
        "an alias (*name) with no anchor (&name) before it",
        "define the anchor first, or write the value out",
    ),
    (
        "nesting depth",
        f"the document is nested too deeply (more than {MAX_DEPTH} levels is never needed)",
        "flatten the structure",
    ),
    (
        "could not find expected ':'",
        "a key without its ':'",
        "write keys as `key: value`",
    ),
    (
        "did not find expected",
        "a list or mapping is not closed or not lined up",
        "check brackets, quotes and the indentation of '-' items",
    ),
    (
        "found unexpected end of stream",
        "the file ends inside a quoted text",
        "close the quotes",
    ),
)


def syntax_problem(error: yaml.YAMLError, text: str, problems: Problems) -> None:
    """Turn a PyYAML error into one plain-language problem at its mark."""
    if isinstance(error, yaml.reader.ReaderError):
        before = text[: error.position]
        line = before.count("\n") + 1
        column = error.position - (before.rfind("\n") + 1) + 1
        problems.items.append(
            Problem(
                problems.origin,
                line,
                column,
                "",
                f"a control character (#x{error.character:04x}) that YAML does not allow",
                "remove it; a routine file holds plain text only",
            )
        )
        return
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if "quoted scalar" in str(getattr(error, "context", "")):
        mark = getattr(error, "context_mark", None) or mark  # where the quote opens
    raw = " ".join(
        str(part) for part in (getattr(error, "context", ""), getattr(error, "problem", "")) if part
    )
    for needle, message, fix in _SYNTAX_HINTS:
        if needle in raw:
            problems.add(mark, "", message, fix)
            return
    problems.add(mark, "", f"the YAML cannot be read ({raw or error})", "check the syntax here")


class BudgetExceeded(Exception):
    """The node graph is too big or too deep to be a routine; the walk stops at once."""


def check_structure(root: yaml.Node, problems: Problems) -> None:
    """One bounded walk over every node, following aliases: non-standard tags, merge keys,
    keys that are not plain text, and duplicate keys (PyYAML would silently keep the last).

    Raises BudgetExceeded (after recording one problem) when the walk passes NODE_BUDGET
    visits or MAX_DEPTH levels, which also ends recursive aliases such as ``&a [*a]``.
    """
    visits = 1
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            _stop(
                problems,
                node,
                f"the document is nested more than {MAX_DEPTH} levels deep"
                " (or an alias refers to itself)",
                "flatten the structure",
            )
        if node.tag not in _ALLOWED_TAGS:
            problems.add(
                node,
                "",
                f"the tag {tag_name(node.tag)} is not allowed; only plain YAML is read",
                "remove the tag",
            )
            problems.quiet.add(id(node))
            continue
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                children += (value,) if key.tag == _CORE + "merge" else (key, value)
                if key.tag == _CORE + "merge":
                    problems.add(key, "", "merge keys (<<) are not supported", "write the keys out")
                    problems.quiet.add(id(key))
                elif not isinstance(key, yaml.ScalarNode):
                    problems.add(key, "", "a key must be plain text, not a list or mapping")
                elif str(key.value) in seen:
                    problems.add(
                        key,
                        "",
                        f"duplicate key {key.value!r} (also on line {seen[str(key.value)]})",
                        "keep only one of them",
                    )
                else:
                    seen[str(key.value)] = key.start_mark.line + 1
        # Counting at push time keeps the stack itself within the budget.
        visits += len(children)
        if visits > NODE_BUDGET:
            _stop(
                problems,
                node,
                f"the document expands to more than {NODE_BUDGET:,} values"
                " (anchors and aliases repeated inside each other)",
                "write the routine out plainly, or use a repeat block",
            )
        stack.extend((child, depth + 1) for child in reversed(children))


def _stop(problems: Problems, node: yaml.Node, message: str, fix: str) -> None:
    """Replace whatever was found so far by the one problem that ends the walk."""
    problems.items.clear()
    problems.add(node, "", message, fix)
    raise BudgetExceeded
