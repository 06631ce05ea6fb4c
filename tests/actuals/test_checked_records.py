"""The records a table reader builds without validation are the records validation builds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from perfgoals.language.assessment import (
    Actual,
    IndicatorRef,
    Origin,
    ProjectActuals,
    Tier,
    checked,
    checked_origin,
)
from perfgoals.language.model import Level1, Level2
from perfgoals.language.values import parse_value


def same(built: BaseModel, validated: BaseModel) -> None:
    assert type(built) is type(validated)
    assert built.__dict__ == validated.__dict__
    assert built.model_fields_set == validated.model_fields_set
    assert built.model_dump() == validated.model_dump()
    assert built.model_dump_json() == validated.model_dump_json()
    assert built == validated and hash(built) == hash(validated)


@pytest.mark.parametrize("sheet", [None, "绩效自评"])
def test_origin(sheet: str | None) -> None:
    fields: dict[str, Any] = {"path": "a.csv", "line": 12, "column": 5}
    if sheet is not None:
        fields["sheet"] = sheet
    built = checked_origin("a.csv", 12, 5, sheet)
    same(built, Origin(**fields))
    assert built.describe() == Origin(**fields).describe()


REF = IndicatorRef(name="放映场次", level1=Level1.OUTPUT, level2=Level2.QUANTITY, occurrence=2)


@pytest.mark.parametrize(
    "fields",
    [
        {"indicator": REF, "value": parse_value("888场")},
        {"indicator": REF, "value": None, "tier": Tier.PARTLY_MET, "points": Decimal("6.5")},
        {"indicator": REF, "value": parse_value("/"), "not_applicable": True},
        {"indicator": REF, "value": parse_value("98%"), "explanation": "受天气影响"},
    ],
)
def test_actual(fields: dict[str, Any]) -> None:
    fields = {**fields, "origin": checked_origin("a.csv", 3, 5, None)}
    built = checked(Actual, fields)
    same(built, Actual(**fields))
    with pytest.raises(ValidationError):
        built.points = Decimal(1)  # type: ignore[misc]  # still frozen


def test_project_actuals() -> None:
    actual = checked(Actual, {"indicator": REF, "value": parse_value("888场")})
    fields: dict[str, Any] = {
        "project": "P",
        "code": "C1",
        "initial_budget": None,
        "adjusted_budget": Decimal(38600000),
        "executed": Decimal("32810000.5"),
        "explanation": None,
        "actuals": (actual, actual),
        "origin": checked_origin("a.csv", 2, 1, None),
    }
    same(checked(ProjectActuals, fields), ProjectActuals(**fields))


@pytest.mark.parametrize("fields", [{"value": None}, {"indicator": REF, "weight": Decimal(1)}])
def test_only_a_models_own_fields(fields: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        checked(Actual, fields)
