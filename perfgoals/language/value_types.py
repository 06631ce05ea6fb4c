"""The value objects: what a target or actual value means, as `perfgoals value` prints it."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from .units import Dimension

Op = Literal[">=", "<=", "=", ">", "<"]


class Grade(StrEnum):
    """The ordered qualitative scale 优 > 良 > 中 > 差."""

    EXCELLENT = "优"
    GOOD = "良"
    FAIR = "中"
    POOR = "差"

    @property
    def rank(self) -> int:
        return {"优": 3, "良": 2, "中": 1, "差": 0}[self.value]


GRADE_WORDS: dict[str, Grade] = {
    "优": Grade.EXCELLENT,
    "优秀": Grade.EXCELLENT,
    "优良": Grade.GOOD,  # "good or better": the bar is 良
    "良": Grade.GOOD,
    "良好": Grade.GOOD,
    "中": Grade.FAIR,
    "中等": Grade.FAIR,
    "一般": Grade.FAIR,
    "合格": Grade.FAIR,
    "差": Grade.POOR,
    "较差": Grade.POOR,
    "不合格": Grade.POOR,
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Comparison(_Frozen):
    """A quantity with a comparator; op None where none was written (the policy reads it)."""

    kind: Literal["comparison"] = "comparison"
    op: Op | None = None
    value: Decimal
    unit: str | None = None
    dimension: Dimension
    text: str
    magnitude: Decimal


class Range(_Frozen):
    """`95%-100%`: both ends in the dimension's base unit."""

    kind: Literal["range"] = "range"
    op: None = None
    value: None = None
    unit: str | None = None
    dimension: Dimension
    text: str
    low: Decimal
    high: Decimal


class Deadline(_Frozen):
    """A calendar deadline; value is an ISO date (`--MM-DD` when the year is not written).

    A period (`2023.07-2024.01`, dimension `period`) is due at its end and names its first
    month in `start` (`2023-07`).
    """

    kind: Literal["deadline"] = "deadline"
    op: Op | None = "<="
    value: str
    unit: None = None
    dimension: Literal[Dimension.DATE, Dimension.PERIOD] = Dimension.DATE
    text: str
    year: int | None = None
    month: int
    day: int
    start: str | None = Field(default=None, exclude_if=lambda v: v is None)


class Qualitative(_Frozen):
    """Free text such as `长期`; `grade` is set for the graded scale (`良`, `≥良`)."""

    kind: Literal["qualitative"] = "qualitative"
    op: Op | None = None
    value: None = None
    unit: None = None
    dimension: None = None
    text: str
    grade: Grade | None = None
    # Why a text with a number in it is not read as a quantity; left out when there is none.
    note: str | None = Field(default=None, exclude_if=lambda v: v is None)


class NotApplicable(_Frozen):
    """`/`, `—`, `不适用`: nothing to score."""

    kind: Literal["not_applicable"] = "not_applicable"
    op: None = None
    value: None = None
    unit: None = None
    dimension: None = None
    text: str


Value = Annotated[
    Comparison | Range | Deadline | Qualitative | NotApplicable, Field(discriminator="kind")
]
