"""Traditional characters read as simplified ones, for matching labels only.

Mirror sites and Hong Kong or Taiwan offices publish tables in traditional characters (`萬元`,
`指標`, `績效目標`). Labels are matched by meaning, so a header or level label is looked up in
its simplified form (OpenCC's `t2s` conversion, a maintained converter); the cell text itself is
kept as written. OpenCC is imported on first use, and only for text outside ASCII.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

_converter: Any = None


def _convert(text: str) -> str:
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    return str(_converter.convert(text))


@lru_cache(maxsize=65536)
def simplified(text: str) -> str:
    """The text with traditional characters replaced by simplified ones (labels, not data)."""
    if text.isascii():
        return text
    return _convert(text)
