"""The JSON export: golden files of the shipped rulesets, the documented keys, the schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from perfgoals.language.export import ruleset_json
from perfgoals.language.model import Ruleset, json_schema
from perfgoals.language.parser import parse_file
from tests.conftest import ROOT
from tests.golden import assert_golden

RULESETS = sorted((ROOT / "rulesets").glob("*.perf"))

# Indicator rows per table of the seed disclosure, tables 1 to 36 (counted from the source).
SEED_ROWS = [
    6,
    6,
    11,
    6,
    6,
    6,
    6,
    6,
    7,
    6,
    6,
    6,
    7,
    6,
    7,
    6,
    6,
    6,
    10,
    7,
    6,
    6,
    6,
    6,
    6,
    18,
    6,
    11,
    12,
    12,
    6,
    7,
    6,
    6,
    6,
    12,
]


@pytest.mark.parametrize("path", RULESETS, ids=[p.name for p in RULESETS])
def test_export_matches_golden(path: Path) -> None:
    assert_golden(f"export/{path.stem}.json", ruleset_json(parse_file(path)))


def test_seed_export_has_every_table_and_row(seed_ruleset: Ruleset) -> None:
    data = json.loads(ruleset_json(seed_ruleset))
    assert len(data["projects"]) == 36
    assert [len(p["indicators"]) for p in data["projects"]] == SEED_ROWS
    assert sum(SEED_ROWS) == 265
    assert [p["code"] for p in data["projects"]] == [str(n) for n in range(1, 37)]
    for project in data["projects"]:
        for indicator in project["indicators"]:
            for key in ("level1", "level2", "name", "description", "target", "basis", "weight"):
                assert key in indicator
            assert set(indicator["target"]) >= {"kind", "op", "value", "unit", "dimension", "text"}


def test_three_projects_share_a_name_and_stay_apart(seed_ruleset: Ruleset) -> None:
    same = [p for p in seed_ruleset.projects if p.name.startswith("关于提前下达 2023 年省级和市级")]
    assert [p.code for p in same] == ["14", "15", "16"]
    assert len({p.key for p in same}) == 3


def test_export_validates_against_the_published_schema(seed_ruleset: Ruleset) -> None:
    jsonschema.validate(json.loads(ruleset_json(seed_ruleset)), json_schema())


def test_target_objects_are_what_value_prints(seed_ruleset: Ruleset) -> None:
    cost = seed_ruleset.projects[0].indicators[3]
    assert cost.target.model_dump(mode="json") == {
        "kind": "comparison",
        "op": "<=",
        "value": "75500",
        "unit": "万元",
        "dimension": "money",
        "text": "≤7.55 万元",
        "magnitude": "7.55",
    }
