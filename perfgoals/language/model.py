"""The typed, immutable model of a ruleset: header, projects, goals and indicators.

Only the parse stage builds it from source; everything after (check, score, format, store,
report) reads it. Every node keeps its source span; spans take no part in equality.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from .budget import Budget
from .errors import NO_SPAN, Span
from .values import Comparison, Grade, Value


class Level1(StrEnum):
    OUTPUT = "output"
    BENEFIT = "benefit"
    SATISFACTION = "satisfaction"
    COST = "cost"


class Level2(StrEnum):
    QUANTITY = "quantity"
    QUALITY = "quality"
    TIMELINESS = "timeliness"
    COST = "cost"
    ECONOMIC_COST = "economic_cost"
    SOCIAL_COST = "social_cost"
    ECOLOGICAL_COST = "ecological_cost"
    ECONOMIC_BENEFIT = "economic_benefit"
    SOCIAL_BENEFIT = "social_benefit"
    ECOLOGICAL_BENEFIT = "ecological_benefit"
    SUSTAINABILITY = "sustainability"
    SATISFACTION = "satisfaction"

    @property
    def is_cost(self) -> bool:
        return self in COST_KINDS


COST_KINDS = frozenset(
    {Level2.COST, Level2.ECONOMIC_COST, Level2.SOCIAL_COST, Level2.ECOLOGICAL_COST}
)


class Nature(StrEnum):
    """指标性质: how a target is read when scored."""

    POSITIVE = "positive"
    REVERSE = "reverse"
    EQUAL = "equal"
    QUALITATIVE = "qualitative"


# The canonical Chinese word of each kind: the formatter writes these, reports show them.
LEVEL1_LABELS: dict[Level1, str] = {
    Level1.OUTPUT: "产出",
    Level1.BENEFIT: "效益",
    Level1.SATISFACTION: "满意度",
    Level1.COST: "成本",
}
LEVEL2_LABELS: dict[Level2, str] = {
    Level2.QUANTITY: "数量",
    Level2.QUALITY: "质量",
    Level2.TIMELINESS: "时效",
    Level2.COST: "成本",
    Level2.ECONOMIC_COST: "经济成本",
    Level2.SOCIAL_COST: "社会成本",
    Level2.ECOLOGICAL_COST: "生态环境成本",
    Level2.ECONOMIC_BENEFIT: "经济效益",
    Level2.SOCIAL_BENEFIT: "社会效益",
    Level2.ECOLOGICAL_BENEFIT: "生态效益",
    Level2.SUSTAINABILITY: "可持续影响",
    Level2.SATISFACTION: "服务对象满意度",
}
NATURE_LABELS: dict[Nature, str] = {
    Nature.POSITIVE: "正向",
    Nature.REVERSE: "反向",
    Nature.EQUAL: "等于",
    Nature.QUALITATIVE: "定性",
}

# Every spelling a user may write. The `指标` suffix is optional everywhere.
_LEVEL1_WORDS: dict[str, Level1] = {
    "产出": Level1.OUTPUT,
    "output": Level1.OUTPUT,
    "效益": Level1.BENEFIT,
    "效果": Level1.BENEFIT,
    "benefit": Level1.BENEFIT,
    "outcome": Level1.BENEFIT,
    "满意度": Level1.SATISFACTION,
    "satisfaction": Level1.SATISFACTION,
    "成本": Level1.COST,
    "cost": Level1.COST,
}
_LEVEL2_WORDS: dict[str, Level2] = {
    **{label: kind for kind, label in LEVEL2_LABELS.items()},
    **{kind.value: kind for kind in Level2},
    "时效性": Level2.TIMELINESS,
    "生态成本": Level2.ECOLOGICAL_COST,
    "满意度": Level2.SATISFACTION,
    "服务对象满意": Level2.SATISFACTION,
    "可持续": Level2.SUSTAINABILITY,
    "可持续影响力": Level2.SUSTAINABILITY,
}
_NATURE_WORDS: dict[str, Nature] = {
    **{label: kind for kind, label in NATURE_LABELS.items()},
    **{kind.value: kind for kind in Nature},
}


def _word(text: str) -> str:
    word = unicodedata.normalize("NFKC", text).strip().lower()
    return word[: -len("指标")] if word.endswith("指标") and len(word) > 2 else word


def level1_of(text: str) -> Level1 | None:
    return _LEVEL1_WORDS.get(_word(text))


def level2_of(text: str) -> Level2 | None:
    return _LEVEL2_WORDS.get(_word(text))


def nature_of(text: str) -> Nature | None:
    return _NATURE_WORDS.get(_word(text))


class Node(BaseModel):
    """A frozen model node with its source span."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    span: Span = NO_SPAN


class GradeCriterion(BaseModel):
    """One tier of a graded target (Hebei `优 · 良 · 中 · 差` columns): the value an actual must
    reach for that grade, e.g. 优 `≥95%`, 良 `90%-95%`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    grade: Grade
    criterion: Value


class Indicator(Node):
    """A level-3 indicator (三级指标) with its target."""

    level1: Level1
    level2: Level2
    name: str
    target: Value
    description: str | None = None
    basis: str | None = None
    weight: Decimal | None = None
    nature: Nature | None = None
    goal: int | None = None
    not_applicable: bool = False
    # The 中长期指标值 of a two-period table (申报表 of a multi-year project); `target` is the
    # year's. The JSON export leaves the key out when there is none.
    long_term_target: Value | None = None
    # The tier criteria of a graded target, best grade first; an actual is graded by the first
    # it reaches. Left out of the JSON export when there are none.
    grades: tuple[GradeCriterion, ...] = ()
    comments: tuple[str, ...] = ()
    target_span: Span = NO_SPAN


class Goal(Node):
    """One numbered 绩效目标 text of a project."""

    text: str
    comments: tuple[str, ...] = ()


class Fund(Node):
    """A funding source and its amount (一般公共预算, 政府性基金, 上年结转…)."""

    source: str
    amount: Comparison
    comments: tuple[str, ...] = ()


class Info(Node):
    """A field of the project's form as the table printed it: 主管部门, 实施单位, 项目属性 …"""

    label: str
    value: str
    comments: tuple[str, ...] = ()


class Project(Node):
    name: str
    code: str | None = None
    info: tuple[Info, ...] = ()
    budget: Comparison | None = None
    funds: tuple[Fund, ...] = ()
    goals: tuple[Goal, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    comments: tuple[str, ...] = ()
    end_comments: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """How reports and actuals name the project: its code where it has one."""
        return f"{self.name} [{self.code}]" if self.code else self.name


class Header(Node):
    """The ruleset header: who, which year, which policy."""

    title: str | None = None
    department: str | None = None
    year: int | None = None
    currency: str | None = None
    policy: str | None = None
    comments: tuple[str, ...] = ()


class Ruleset(BaseModel):
    """A whole ruleset file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    header: Header | None = None
    projects: tuple[Project, ...] = ()
    end_comments: tuple[str, ...] = ()
    # The department's budget tables, when the file carries a `部门预算 { … }` block.
    budget: Budget | None = None

    @property
    def year(self) -> int | None:
        return self.header.year if self.header else None

    def to_json_dict(self) -> dict[str, Any]:
        """The documented JSON export (decimals as strings); `budget` only when there is one."""
        data = self.model_dump(mode="json")
        if data["budget"] is None:
            del data["budget"]
        for project in data["projects"]:
            for indicator in project["indicators"]:
                if indicator["long_term_target"] is None:
                    del indicator["long_term_target"]
                if not indicator["grades"]:
                    del indicator["grades"]
        return data


def json_schema() -> dict[str, Any]:
    """JSON Schema of the export format."""
    return Ruleset.model_json_schema(mode="serialization")
