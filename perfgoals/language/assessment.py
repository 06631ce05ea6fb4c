"""The year-end self-assessment input (绩效自评): actual values and budget execution per project.

Actuals come from a DSL file, a CSV or an .xlsx workbook; every reader produces this one model,
so the three forms mean the same thing. Each record keeps where it came from (`origin`), so a
problem found later (an unknown indicator, a unit mismatch) can be reported at its file and row.
"""

from __future__ import annotations

from collections.abc import Set
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from .errors import NO_SPAN, Span
from .model import Level1, Level2
from .values import Value


class Tier(StrEnum):
    """The assessor's rating of a qualitative indicator."""

    MET = "达成"  # 达成年度指标
    PARTLY_MET = "部分达成"  # 部分达成年度指标并具有一定效果
    NOT_MET = "未达成"  # 未达成年度指标且效果较差


class Origin(BaseModel):
    """Where a record was read: a file with a line (DSL) or a row (CSV, xlsx) and column."""

    model_config = ConfigDict(frozen=True)

    path: str = "<string>"
    line: int = 0
    column: int = 0
    sheet: str | None = None

    def __eq__(self, other: object) -> bool:
        # Like spans, origins tell where, not what: the same content read from a CSV, a
        # workbook or a DSL file is the same assessment.
        return isinstance(other, Origin)

    def __hash__(self) -> int:
        return 0

    def describe(self) -> str:
        where = f"{self.path}"
        if self.sheet:
            where += f"[{self.sheet}]"
        return f"{where}:{self.line}:{self.column}" if self.column else f"{where}:{self.line}"


NO_ORIGIN = Origin()


class IndicatorRef(BaseModel):
    """Names an indicator of a project: its name, and where needed its levels and occurrence.

    Published tables repeat names inside one project (三个 `会议设备数量`); `occurrence` (1-based,
    in ruleset order among indicators matching the other fields) tells them apart.
    """

    model_config = ConfigDict(frozen=True)

    name: str
    level1: Level1 | None = None
    level2: Level2 | None = None
    occurrence: int | None = None


class Actual(BaseModel):
    """One indicator's 实际完成值, rating and explanation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    indicator: IndicatorRef
    value: Value | None = None
    tier: Tier | None = None
    points: Decimal | None = None
    not_applicable: bool = False
    explanation: str | None = None
    origin: Origin = NO_ORIGIN
    span: Span = NO_SPAN


class ProjectActuals(BaseModel):
    """A project's year: budget execution and the actual value of each indicator."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    project: str
    code: str | None = None
    initial_budget: Decimal | None = None  # 年初预算数, in 元
    adjusted_budget: Decimal | None = None  # 全年预算数 (A), in 元
    executed: Decimal | None = None  # 全年执行数 (B), in 元
    explanation: str | None = None
    actuals: tuple[Actual, ...] = ()
    origin: Origin = NO_ORIGIN
    span: Span = NO_SPAN


class Assessment(BaseModel):
    """A department's self-assessment for one year."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    year: int | None = None
    ruleset: str | None = None  # the title of the ruleset it assesses, if stated
    policy: str | None = None  # overrides the ruleset's policy, if stated
    projects: tuple[ProjectActuals, ...] = ()


# ---- records a reader has already checked ---------------------------------------------------
# A table reader checks every cell before it makes a record, and makes two per row of a
# province's file (the actual and its origin); validating them again would cost more than all
# the rest of reading the row. These build the same records without validation. They set what
# pydantic's model_construct sets, without its per-field default handling (which deep-copies
# NO_ORIGIN and NO_SPAN on every call and so is slower than validating).

_Model = TypeVar("_Model", bound=BaseModel)
_new = object.__new__
_set = object.__setattr__  # the models are frozen: their own __setattr__ refuses


def assembled(model: type[_Model], values: dict[str, Any], given: Set[str]) -> _Model:
    """A record of `model` holding `values`, every field of it in declaration order, checked;
    `given` names the fields the caller gave (as pydantic's model_fields_set)."""
    record = _new(model)
    _set(record, "__dict__", values)
    _set(record, "__pydantic_fields_set__", set(given))
    _set(record, "__pydantic_extra__", None)
    _set(record, "__pydantic_private__", None)
    return record


def checked_origin(path: str, line: int, column: int, sheet: str | None) -> Origin:
    """`Origin(path=…, line=…, column=…, sheet=…)`, for a reader's own position."""
    values = {"path": path, "line": line, "column": column, "sheet": sheet}
    return assembled(Origin, values, _WITH_SHEET if sheet is not None else _WITHOUT_SHEET)


_WITHOUT_SHEET = frozenset({"path", "line", "column"})
_WITH_SHEET = _WITHOUT_SHEET | {"sheet"}


# Per model: every field in declaration order (dumps follow the order of a record's dict),
# with its default; and the fields that have none.
_TEMPLATES: dict[type[BaseModel], tuple[dict[str, Any], frozenset[str]]] = {}


def checked(model: type[_Model], fields: dict[str, Any]) -> _Model:
    """`model(**fields)`, for fields that already have the declared types (an IndicatorRef, a
    parsed Value, a Tier, points as a Decimal ≥ 0, a tuple of Actuals, …). Pass only the fields
    given, as to the model itself."""
    known = _TEMPLATES.get(model)
    if known is None:
        known = _TEMPLATES[model] = (
            {n: None if f.is_required() else f.default for n, f in model.model_fields.items()},
            frozenset(n for n, f in model.model_fields.items() if f.is_required()),
        )
    template, required = known
    if not (required <= fields.keys() <= template.keys()):
        raise TypeError(f"not the fields of {model.__name__}: {sorted(fields)}")
    return assembled(model, {**template, **fields}, fields.keys())
