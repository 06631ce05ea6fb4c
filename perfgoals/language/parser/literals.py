"""Literals of the grammar, both ways: string tokens as the transformer reads them, and text as
the formatters write it (quoted, or bare where the grammar's BARE reads it back unchanged)."""

from __future__ import annotations

import re
from collections.abc import Iterable

BARE = re.compile(r'[^\s"{}#｛｝＃]+')  # the grammar's BARE token


def unquote(token: str) -> str:
    """The text of a STRING token, escapes resolved."""
    body = token[1:-1]
    if "\\" not in body:
        return body
    out = []
    chars = iter(body)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            out.append("\n" if nxt == "n" else nxt)
        else:
            out.append(ch)
    return "".join(out)


def quote(text: str) -> str:
    """A STRING token for text: what `unquote` reads back as the same text."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def value_literal(text: str) -> str:
    """Text as written: bare when it is one word that reads back unchanged, else quoted."""
    # The package imports this module while it loads: its source folding is looked up late.
    from . import normalise_source

    return text if BARE.fullmatch(text) and normalise_source(text) == text else quote(text)


def comment_lines(texts: Iterable[str], indent: str) -> list[str]:
    """Kept comment texts written back as `#` lines at `indent`."""
    return [f"{indent}#{text}" for text in texts]
