"""Goal cells (绩效目标) split into numbered goals: `1.… 2.…`, `<p>1.…</p> <p>2.…</p>`."""

from __future__ import annotations

import re

_TAG = re.compile(r"</?p\s*>", re.IGNORECASE)
_FIRST = re.compile(r"^1\s*[.．、]\s*")


def _marker(number: int) -> re.Pattern[str]:
    # The next number only, standing alone and not the start of a decimal (`2.5 万元`).
    return re.compile(rf"(?<!\S){number}\s*[.．、](?!\d)")


def strip_fragments(text: str) -> str:
    """A cell without the `<p>` tags that extraction leaves in rich-text cells."""
    return re.sub(r"\s+", " ", _TAG.sub(" ", text)).strip() if _TAG.search(text) else text.strip()


def split_goals(text: str) -> list[str]:
    """The goals of a cell, numbering removed.

    A cell that does not start with `1.` (or `1、`) is one goal. Otherwise it is cut before `2.`,
    then `3.`, and so on, each number standing after a space: numbers out of sequence stay text.
    """
    text = strip_fragments(text)
    first = _FIRST.match(text)
    if first is None:
        return [text] if text else []
    goals: list[str] = []
    start = first.end()
    number = 2
    while True:
        found = _marker(number).search(text, start)
        if found is None:
            break
        goals.append(text[start : found.start()].strip())
        start = found.end()
        number += 1
    goals.append(text[start:].strip())
    return [goal for goal in goals if goal]
