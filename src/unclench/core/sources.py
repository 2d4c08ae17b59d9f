"""The references behind the built-in routines, and how a routine's ``source:`` note turns
into references a person can read.

Routines keep the team's short source keys in their ``source:`` note ("B1, B5, B6",
"P1–P3"): one owner per fact, the list in the team's protocol notes. The screens never show
a key: ``references`` resolves the keys of a note, in the order they first appear, to
plain references (author or publisher, title, year as far as the protocol notes give them).
A note without any known key (a user's own routine) is shown as written. Pure, no I/O.
"""

from __future__ import annotations

import re

REFERENCES: dict[str, str] = {
    "W1": 'drweil.com, "Tormented by Twitching?" (2007)',
    "W2": 'Andrew Weil, "Breathing: Three Exercises" (drweil.com)',
    "W3": 'Andrew Weil, "Breathing Exercises: 4-7-8 Breath" (video, drweil.com)',
    "P1": "Clark & Beck (2010), chapter 7: the progressive relaxation procedure",
    "P2": "Capital Clinical Psychology, client handout on 7-group progressive relaxation",
    "P3": "Bernstein & Borkovec (1973), as summarised by ABC-CLIO",
    "P4": "A review citing 5–7 seconds of tension",
    "P5": "University of Michigan, progressive muscle relaxation table",
    "P6": "Andrew Weil Center for Integrative Medicine, progressive muscle relaxation",
    "P7": "Lehrer, Woolfolk & Goldman, chapter on progressive relaxation (Springer)",
    "P8": "psyrelax.org, on Jacobson's progressive relaxation",
    "P9": "BMC Psychiatry (2022), a progressive relaxation protocol",
    "P10": "Stanford Medicine, progressive muscle relaxation exercise",
    "P11": "Stanford Medicine, progressive muscle relaxation exercise",
    "S1": "American College of Sports Medicine, stretching and flexibility guidelines (2021)",
    "S2": "Mayo Clinic, stretching and flexibility",
    "S3": "Alberta Health, stretching",
    "S4": "A guide to home-office stretches",
    "S5": "A guide to wrist stretches",
    "S6": "Mayo Clinic, hand exercises",
    "S7": "A guide to leg cramp relief",
    "S8": "American Academy of Ophthalmology, the 20-20-20 rule",
    "S9": "A guide to eye palming",
    "S10": "American College of Sports Medicine, summaries of its stretching advice",
    "B1": "Balban et al. (2023), Cell Reports Medicine, doi 10.1016/j.xcrm.2022.100895",
    "B2": "Frontiers in Public Health (2017), doi 10.3389/fpubh.2017.00222",
    "B3": "Frontiers in Neuroscience (2020), doi 10.3389/fnins.2020.570400",
    "B4": "van Diest et al. (2014); Laborde et al. (2021)",
    "B5": "Box-breathing guides",
    "B6": "Box-breathing guides",
}
"""Each source key of the protocol notes, as a plain reference."""

# A key ("B1") or a range of keys of one family ("P1–P3", "S6-S9").
_KEY = re.compile(r"\b([WPSB])(\d{1,2})(?:\s*[–-]\s*(?:\1)?(\d{1,2}))?\b")


def source_keys(note: str) -> tuple[str, ...]:
    """The known keys a ``source:`` note names, ranges expanded, in first-seen order."""
    keys: list[str] = []
    for match in _KEY.finditer(note):
        family, first, last = match.group(1), int(match.group(2)), match.group(3)
        numbers = range(first, (int(last) if last else first) + 1)
        for number in numbers:
            key = f"{family}{number}"
            if key in REFERENCES and key not in keys:
                keys.append(key)
    return tuple(keys)


def references(note: str) -> tuple[str, ...]:
    """The plain references behind a ``source:`` note, each once, in the order the note
    names them; a note naming no known key is its own (only) reference; no note, none."""
    keys = source_keys(note)
    if not keys:
        text = " ".join(note.split())
        return (text,) if text else ()
    return tuple(dict.fromkeys(REFERENCES[key] for key in keys))
