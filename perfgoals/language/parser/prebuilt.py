"""The LALR tables of the grammar, built once and shipped in the package as JSON.

Lark's own cache is a pickle kept at a predictable name in the shared temporary folder: whoever
writes that file first runs code as the next user. The tables here are plain data that ship
with the code and are only read; when the grammar no longer matches them (someone is editing
it), the parser is built in memory and nothing is written anywhere. Regenerate with
`PERFGOALS_REGEN=1 pytest tests/language/test_prebuilt.py` (the test fails when they are stale).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

TABLES = Path(__file__).with_name("tables.json")

# Every option the parser is built with; the callbacks and transformer are added at load.
OPTIONS: dict[str, Any] = {"parser": "lalr", "lexer": "contextual", "maybe_placeholders": False}


def grammar_digest(grammar: str) -> str:
    """The SHA-256 of the grammar text, recorded beside the tables built from it."""
    return hashlib.sha256(grammar.encode("utf-8")).hexdigest()


def build_tables(grammar: str) -> str:
    """The JSON text of the tables for this grammar, deterministic for one Lark version."""
    import lark
    from lark import Lark
    from lark.grammar import Rule
    from lark.lexer import TerminalDef

    parser = Lark(grammar, **OPTIONS)
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    document = {
        "grammar_sha256": grammar_digest(grammar),
        "lark": lark.__version__,
        "data": data,
        "memo": memo,
    }
    return json.dumps(document, sort_keys=True, ensure_ascii=False, indent=0) + "\n"


def _int_keys(obj: dict[str, Any]) -> dict[Any, Any]:
    # JSON keys are strings; Lark's memo and its state tables are keyed by integers.
    # Terminal and rule names are never all digits, so the two cannot be confused.
    return {(int(k) if k.isdigit() else k): v for k, v in obj.items()}


def load_tables(grammar: str) -> tuple[dict[str, Any], dict[Any, Any]] | None:
    """The shipped tables as Lark's (data, memo), or None when they were built elsewise."""
    import lark

    try:
        document = json.loads(TABLES.read_text(encoding="utf-8"), object_hook=_int_keys)
    except (OSError, ValueError):
        return None
    if document.get("grammar_sha256") != grammar_digest(grammar):
        return None
    if document.get("lark") != lark.__version__:
        return None
    return document["data"], document["memo"]
