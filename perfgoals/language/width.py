"""How many terminal columns a text takes: a module of its own, so that what draws help or
carets (the command group, the error layer) can measure text without loading the models."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Terminal columns taken by text: wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
