"""The rows above an indicator header: the form (项目名称 · 主管部门 · 实施单位 · 项目属性 …),
the budget block in its layouts, the goal block, the title's year and the unit lines.

Budget blocks come as a header row (年初预算数 · 全年预算数 · 全年执行数 · 分值 ·
执行率 · 得分, or 预算数(A) · 执行数(B) · 执行率(B/A)) over a 年度资金总额 row and
its 其中 rows, or as label/amount pairs (`预算数 | 6.84 | 执行数 | 6.84`,
`资金总额: | 438.768`). Bare amounts are in the scale that a `金额单位：元` or
`单位：万元` line or the block's own `(元)` note sets, 万元 when nothing does.
Goal blocks are a 年度总体目标 row whose cells name 预期目标 and 实际完成情况
(their texts are on the row below) or hold the goal text themselves.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from ..language.assessment import Origin
from ..language.values import Comparison
from ..tables.chinese import simplified
from ..tables.grid import Row
from .build import RowProblem, read_budget, read_number
from .columns import Column, bare, column_of, fold
from .goals import split_goals

# The budget block's headers (folded, simplified, bracketed note dropped) → field.
FUNDS: dict[str, str] = {
    "年初预算数": "initial",
    "年初预算": "initial",
    "全年预算数": "adjusted",
    "调整后预算数": "adjusted",
    "全年(调整)预算数": "adjusted",
    "预算数": "adjusted",
    "预算安排情况": "adjusted",
    "全年执行数": "executed",
    "执行数": "executed",
    "预算执行数": "executed",
    "全年实际执行数": "executed",
    "分值": "weight",
    "执行率权重": "weight",
    "权重": "weight",
    "执行率": "rate",
    "预算执行率": "rate",
    "预算执行进度": "rate",
    "得分": "points",
    "执行率得分": "points",
    "自评得分": "points",
}
_TOTAL_LABELS = ("资金总额", "总金额", "总额", "资金合计")
GOAL_EXPECTED = frozenset(
    {"预期目标", "年度目标", "目标", "年初设定目标", "年初绩效目标", "年度预期目标"}
)
GOAL_ACTUAL = frozenset(
    {
        "实际完成情况",
        "完成情况",
        "实际完成",
        "全年实际完成情况",
        "全年目标实际完成情况",
        "具体完成情况",
    }
)
GOAL_LABELS = frozenset(
    {"年度总体目标", "总体目标", "当年绩效目标", "项目总体绩效目标", "年度绩效目标"}
)
# Header fields read into the project (label, folded and simplified → field).
FIELDS: dict[str, str] = {
    "主管部门": "department",
    "项目主管部门": "department",
    "主管部门及代码": "department",
    "市县主管部门": "department",
    "地方主管部门": "department",
    "实施单位": "unit",
    "项目实施单位": "unit",
    "资金使用单位": "unit",
    "预算单位": "unit",
    "实施(主管)单位": "unit",
    "项目属性": "attribute",
    "项目类型": "kind",
    "项目类别": "category",
    "主管预算部门": "department",
    "部门": "department",
    "预算部门": "department",
    "单位名称": "unit",
    "申报单位": "unit",
    "项目单位": "unit",
    "实施单位/项目负责人": "unit",
    "组织实施单位": "organiser",
    "监督管理单位": "supervisor",
    "财政处室": "finance_office",
    "市县财政部门": "finance_office",
    "自治区主管部门": "department",
    "中央主管部门": "department",
    "专项实施期": "period",
    "实施期": "period",
    "项目期": "period",
    "起止时间": "period",
    "项目开始日期": "start",
    "项目完成日期": "end",
    "填报日期": "filled",
    "资金用途": "use",
    "项目分类": "category",
    "资金性质": "funds_kind",
    "是否为专项资金": "special_funds",
    "项目概述": "summary",
    "项目总体情况": "summary",
    "基本情况": "summary",
    "项目立项必要性": "necessity",
    "保证项目实施的制度措施": "measures",
    "项目实施计划": "plan",
    "项目实施进度": "plan",
    "政策依据": "policy_basis",
    "其他依据": "other_basis",
    "立项依据": "policy_basis",
    "需要说明的其他问题": "remarks",
    "其他需要说明事项": "remarks",
    "资金拨付对象": "recipients",
    "项目性质": "attribute",
    # Contacts are read and not kept: published tables omit them or should.
    "联系电话": "",
    "部门联系人": "",
    "项目负责人": "",
    "负责人及电话": "",
    "主要领导签字": "",
}
_UNIT_LINE = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|元|千元|亿元)")
_YEAR = re.compile(r"(20\d\d)\s*年")
_TOTAL_SCORE = re.compile(r"(?:自评)?总得?分(?:\(分\))?[:：]?\s*(\d+(?:\.\d+)?)\s*分?$")


@dataclass
class Funds:
    initial: Decimal | None = None
    adjusted: Decimal | None = None
    executed: Decimal | None = None
    weight: Decimal | None = None
    rate: str | None = None
    points: Decimal | None = None
    origin: Origin | None = None
    budget: Comparison | None = None  # the total as written, for a targets table
    # The 其中 rows under the total: (label, amount in 元, where), for the audit's sum check.
    parts: list[tuple[str, Decimal, Origin]] = field(default_factory=list)

    @property
    def read(self) -> bool:
        return self.adjusted is not None or self.initial is not None


@dataclass
class Preamble:
    name: str | None = None
    code: str | None = None
    budget: Comparison | None = None
    goals: list[str] = field(default_factory=list)
    explanation: str | None = None
    funds: Funds = field(default_factory=Funds)
    fields: dict[str, str] = field(default_factory=dict)
    total: Decimal | None = None
    total_origin: Origin | None = None
    year: int | None = None
    scale: str = "万元"


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """A label folded, simplified, without its note, numbering or trailing colon."""
    key = bare(text).rstrip(":：")
    return re.sub(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．])", "", key)


def funds_columns(row: Row) -> dict[str, int] | None:
    """The budget block's header row: field → column, or None for another row."""
    columns: dict[str, int] = {}
    for i, cell in enumerate(row.cells):
        key = FUNDS.get(label_key(cell))
        if key is not None and key not in columns:
            columns[key] = i
    if "executed" in columns and ("adjusted" in columns or "initial" in columns):
        return columns
    return None


def is_total_label(text: str) -> bool:
    key = label_key(text)
    return any(word in key for word in _TOTAL_LABELS) and "其中" not in key


def unit_of(text: str) -> str | None:
    """The scale a `金额单位：元` line or a `(元)` note states, if any."""
    folded = simplified(unicodedata.normalize("NFKC", text))
    match = _UNIT_LINE.search(folded)
    if match:
        return match.group(1)
    note = re.search(r"[(（]\s*(万元|元|千元|亿元)\s*[)）]", folded)
    return note.group(1) if note else None


def title_year(text: str) -> int | None:
    """The year of a title line (`（2023年度）`, `2022年度项目支出绩效自评表`)."""
    match = _YEAR.search(unicodedata.normalize("NFKC", text))
    return int(match.group(1)) if match else None


def total_score(cells: tuple[str, ...]) -> Decimal | None:
    """`项目总得分99分`, `自评总分(分) | 97.6`: the total a form row declares."""
    for i, cell in enumerate(cells):
        folded = fold(cell)
        match = _TOTAL_SCORE.search(folded)
        if match and "总" in folded:
            return Decimal(match.group(1))
        if folded.startswith(("自评总分", "总分", "项目总得分", "总得分")):
            rest = next((c for c in cells[i + 1 :] if c), "")
            try:
                return read_number(rest, "总分", Column.POINTS)
            except RowProblem:
                return None
    return None


def money(text: str, scale: str) -> Decimal | None:
    """An amount in 元 from a budget cell, bare numbers in the block's scale; None if unreadable."""
    text = text.strip()
    if not text or not any(ch.isdigit() for ch in text):
        return None
    try:
        return read_budget(text.replace(",", ""), unit_if_bare=scale).value
    except RowProblem:
        return None


def pairs(row: Row, scale: str) -> dict[str, Decimal]:
    """Label/amount pairs on one row: `预算数 | 6.84 | 到位数 | 6.84 | 执行数 | 6.84`."""
    found: dict[str, Decimal] = {}
    cells = row.cells
    for i, cell in enumerate(cells[:-1]):
        key = FUNDS.get(label_key(cell))
        if key is None and is_total_label(cell):
            key = "adjusted"
        if key is None or key in found:
            continue
        amount = money(cells[i + 1], scale)
        if amount is not None:
            found[key] = amount
    return found


def goal_texts(cell: str) -> list[str]:
    return split_goals(cell)


def form_fields(row: Row) -> list[tuple[str, str, str]]:
    """`主管部门 | X | 实施单位 | Y`, `单位名称:X`: (field, label as printed, value) for each
    known label. A label with nothing beside it is read too (value ''): the form has the field,
    empty. A contact (`联系电话`) has the field ''.
    """
    found: list[tuple[str, str, str]] = []
    cells = row.cells
    for i, cell in enumerate(cells):
        label = cell
        key = FIELDS.get(label_key(cell))
        value = cells[i + 1] if i + 1 < len(cells) else ""
        if key is None and re.search(r"[:：]", cell):
            label, _, value = re.split(r"([:：])", cell, maxsplit=1)
            key = FIELDS.get(label_key(label))
            value = value.strip()
        if key is None:
            continue
        if column_of(value) is not None or FIELDS.get(label_key(value)) is not None:
            value = ""
        found.append((key, re.sub(r"\s+", "", label).rstrip(":："), value))
    return found
