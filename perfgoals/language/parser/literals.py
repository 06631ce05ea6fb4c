"""Literals of the grammar as the transformer reads them: string tokens."""

from __future__ import annotations


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
