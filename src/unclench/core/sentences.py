"""Prompts as sentences: where a spoken prompt is split so that each sentence can be
rendered on its own and joined with a pause (``speech.cache``). Pure."""

from __future__ import annotations

import re

SENTENCE_PAUSE_S = 0.35
"""The silence between two sentences of one prompt: about a calm speaker's breath."""

# A sentence ends at ".", "!", "?", "…" or ";" (with any closing quote or bracket) followed
# by white space and the start of a new sentence: a capital, a digit or an opening quote.
# "e.g. this" and "3.5 s" are not split: no space, or no capital after it.
_END = re.compile(r"([.!?…;][\"'”’)\]]*) (?=[\"'“‘(\[]?[A-Z0-9])")


def split_sentences(text: str) -> tuple[str, ...]:
    """The sentences of ``text``, stripped, in order; one piece when there is no break.
    ``"Breathe in. Hold it."`` → ``("Breathe in.", "Hold it.")``. Empty text gives ()."""
    marked = _END.sub("\\1\n", " ".join(text.split()))
    return tuple(part for part in marked.split("\n") if part)


def word_count(text: str) -> int:
    """Words as a listener hears them (white-space separated), for words-per-minute."""
    return len(text.split())
