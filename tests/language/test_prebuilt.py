"""The parser's tables ship as data, match the grammar, and nothing is cached at run time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import lark
from lark import Lark

from perfgoals.language.parser import grammar_dir
from perfgoals.language.parser.prebuilt import OPTIONS, TABLES, grammar_digest, load_tables
from tests.conftest import ROOT, SEED_RULESET


def test_shipped_tables_match_the_grammar() -> None:
    grammar = (grammar_dir() / "perfgoals.lark").read_text(encoding="utf-8")
    if os.environ.get("PERFGOALS_REGEN"):
        # Lark orders some sets by hash: a fixed seed keeps the regenerated file stable.
        code = (
            "import sys; from perfgoals.language.parser.prebuilt import build_tables as b;"
            "sys.stdout.write(b(sys.stdin.read()))"
        )
        built = subprocess.run(
            [sys.executable, "-c", code],
            input=grammar,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        ).stdout
        TABLES.write_text(built, encoding="utf-8")
    shipped = json.loads(TABLES.read_text(encoding="utf-8"))
    assert shipped["grammar_sha256"] == grammar_digest(grammar), (
        "stale parser tables: PERFGOALS_REGEN=1 pytest tests/language/test_prebuilt.py"
    )
    assert shipped["lark"] == lark.__version__, "tables built by another Lark: regenerate"
    tables = load_tables(grammar)
    assert tables is not None
    fresh = Lark(grammar, **OPTIONS)
    loaded = Lark._load_from_dict(*tables)
    for path in [SEED_RULESET, *sorted((ROOT / "samples").glob("*.perf"))]:
        text = path.read_text(encoding="utf-8")
        assert loaded.parse(text) == fresh.parse(text)


def test_a_parse_writes_nothing_to_the_temporary_folder_and_loads_no_pickle(
    tmp_path: Path,
) -> None:
    # A stranger's file planted where Lark's cache would look must never be read; and the
    # temporary folder stays as it was.
    temp = tmp_path / "tmp"
    temp.mkdir()
    planted = temp / ".lark_cache_planted.tmp"
    planted.write_bytes(b"not a pickle")
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-m", "perfgoals", "check", str(SEED_RULESET)],
        env=env,
        check=False,
        capture_output=True,
        cwd=tmp_path,
    )
    assert sorted(p.name for p in temp.iterdir()) == [planted.name]


def test_the_parser_module_never_asks_lark_for_its_cache() -> None:
    source = (ROOT / "perfgoals/language/parser/__init__.py").read_text(encoding="utf-8")
    assert "cache=True" not in source.replace("Never Lark's cache=True", "")
