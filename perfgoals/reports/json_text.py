"""JSON text indented by two spaces, as `json.dumps(obj, ensure_ascii=False, indent=2)` writes it.

With an indent, the json module leaves its C encoder for a Python one made of generators; a
province's results (millions of indicators) spend longer there than in scoring. This writer
makes the same text, byte for byte (`tests/reports/test_json_text.py` holds it to json.dumps),
in about half the time: one recursive function appending to a list, strings escaped by the
json module's own C function.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

_LITERALS = {None: "null", True: "true", False: "false"}


def dumps_indented(obj: Any, newline: str = "\n") -> str:
    """`obj` as json.dumps(obj, ensure_ascii=False, indent=2) writes it; `newline` is what
    starts each of its lines after the first (a deeper one indents the whole text)."""
    out: list[str] = []
    _write(obj, newline, out)
    return "".join(out)


def _write(obj: Any, newline: str, out: list[str]) -> None:
    # In the order of the json module's own tests, so that subclasses go where it sends them.
    if isinstance(obj, str):
        out.append(encode_basestring(obj))
    elif obj is None or obj is True or obj is False:
        out.append(_LITERALS[obj])
    elif isinstance(obj, int):
        out.append(int.__repr__(obj))
    elif isinstance(obj, float):
        out.append(json.dumps(obj))
    elif isinstance(obj, list | tuple):
        if not obj:
            out.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for value in obj:
            out.append(separator)
            _write(value, inner, out)
            separator = "," + inner
        out.append(newline + "]")
    elif isinstance(obj, dict):
        if not obj:
            out.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, value in obj.items():
            out.append(separator)
            out.append(encode_basestring(key if isinstance(key, str) else _key(key)))
            out.append(": ")
            _write(value, inner, out)
            separator = "," + inner
        out.append(newline + "}")
    else:
        raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


def _key(key: Any) -> str:
    """A key that is no string, as the json module writes it."""
    if key is None or key is True or key is False:
        return _LITERALS[key]
    if isinstance(key, int):
        return int.__repr__(key)
    if isinstance(key, float):
        return json.dumps(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
