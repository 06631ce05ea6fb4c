"""Every target value of the seed and every form of the domain primer, read as the tables say."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from perfgoals.language.errors import ValueSyntaxError
from perfgoals.language.values import parse_value, value_to_json

DATA = Path(__file__).parent.parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _ranges() -> dict[str, tuple[str, str]]:
    """`# range low..high` comment lines state the two ends of the range case below them."""
    ends: dict[str, tuple[str, str]] = {}
    pending: tuple[str, str] | None = None
    for line in (DATA / "value_cases.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("# range "):
            low, _, high = line[len("# range ") :].strip().partition("..")
            pending = (low, high)
        elif pending and line and not line.startswith("#"):
            ends[line.split("\t")[0]] = pending
            pending = None
    return ends


CASES = _rows("value_cases.tsv")
ERRORS = _rows("value_errors.tsv")
RANGE_ENDS = _ranges()


def _null(text: str) -> str | None:
    return None if text == "null" else text


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_value_reads_as_tabulated(case: dict[str, str]) -> None:
    got = value_to_json(parse_value(case["text"]))
    expected = {key: _null(case[key]) for key in ("kind", "op", "value", "unit", "dimension")}
    assert {key: got[key] for key in expected} == expected
    assert got["text"] == case["text"]
    if case["text"] in RANGE_ENDS:
        assert (got["low"], got["high"]) == RANGE_ENDS[case["text"]]


@pytest.mark.parametrize("case", ERRORS, ids=[c["text"] for c in ERRORS])
def test_unreadable_value_is_a_positioned_error(case: dict[str, str]) -> None:
    with pytest.raises(ValueSyntaxError) as raised:
        parse_value(case["text"])
    assert raised.value.column == int(case["column"])
    assert case["message_contains"] in raised.value.message


def test_table_covers_the_seed() -> None:
    assert len(CASES) > 200
    assert {c["kind"] for c in CASES} == {
        "comparison",
        "range",
        "deadline",
        "qualitative",
        "not_applicable",
    }
