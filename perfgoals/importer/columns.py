"""Column headers recognised by name: the Chinese labels of published tables and English ones.

Tables in practice spell a column many ways (`指标值`, `年度指标值`, `目标值`; `分值`, `权重`; a
header with a note such as `全年预算数（A）`). A header cell is folded (full-width to ASCII, spaces
and bracketed notes dropped, lower case) and looked up here; position alone never decides.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import lru_cache

from ..tables.chinese import simplified


class Column(StrEnum):
    """What a recognised column holds."""

    PROJECT = "project"  # 项目名称
    CODE = "code"  # 项目编码
    BUDGET = "budget"  # 预算 (万元 unless the cell says otherwise)
    GOAL = "goal"  # 绩效目标 / 年度目标
    LEVEL1 = "level1"
    LEVEL2 = "level2"
    LEVEL3 = "level3"  # the indicator's name
    DESCRIPTION = "description"
    TARGET = "target"  # 指标值 / 年度指标值
    BASIS = "basis"
    WEIGHT = "weight"  # 分值 / 权重
    NATURE = "nature"  # 指标性质: 正向… or a comparator (Sichuan)
    UNIT = "unit"  # 度量单位 / 计量单位 (Sichuan)
    GOAL_REF = "goal_ref"  # 对应目标: the goal number an indicator serves
    NOT_APPLICABLE = "not_applicable"  # 不适用
    ACTUAL = "actual"  # 实际完成值 / 完成值
    POINTS = "points"  # 得分
    EXPLANATION = "explanation"  # 偏差原因分析及改进措施 / 未完成原因分析
    RULE = "rule"  # 得分计算方法 / 评(扣分标准): the scoring rule as text
    LONG_TARGET = "long_target"  # 中长期指标值 / 实施期指标值 of a two-period table
    ADJUSTED_TARGET = "adjusted_target"  # 调整指标值 (部门整体 tables)
    # A tier table's (Hebei) criterion columns: what an actual must reach for each grade.
    GRADE_EXCELLENT = "grade_excellent"  # 优
    GRADE_GOOD = "grade_good"  # 良
    GRADE_FAIR = "grade_fair"  # 中
    GRADE_POOR = "grade_poor"  # 差


# Folded spellings of each column. Keep the Chinese first, English after.
_NAMES: dict[Column, tuple[str, ...]] = {
    Column.PROJECT: (
        "项目名称",
        "项目",
        "专项资金名称",
        "转移支付(项目)名称",
        "转移支付名称",
        "二级项目名称",
        "一级项目名称",
        "project",
        "projectname",
    ),
    Column.CODE: ("项目编码", "项目代码", "编码", "代码", "code", "projectcode"),
    Column.BUDGET: (
        "预算",
        "预算金额",
        "预算资金",
        "项目预算",
        "预算数",
        "年度预算",
        "预算申报数",
        "项目总投资",
        "budget",
        "amount",
    ),
    Column.GOAL: (
        "绩效目标",
        "年度目标",
        "年度绩效目标",
        "总体目标",
        "年度总体目标",
        "项目目标",
        "goal",
        "goals",
        "objective",
        "objectives",
    ),
    Column.LEVEL1: ("一级指标", "一级", "一级指标名称", "level1", "firstlevel", "level1indicator"),
    Column.LEVEL2: ("二级指标", "二级", "二级指标名称", "level2", "secondlevel", "level2indicator"),
    Column.LEVEL3: (
        "三级指标",
        "三级",
        "三级指标名称",
        "指标名称",
        "绩效指标名称",
        "level3",
        "thirdlevel",
        "indicator",
        "indicatorname",
        "name",
    ),
    Column.DESCRIPTION: (
        "绩效指标描述",
        "指标描述",
        "指标解释",
        "指标内容",
        "指标值内容",
        "指标说明",
        "description",
        "desc",
    ),
    Column.TARGET: (
        "指标值",
        "年度指标值",
        "目标值",
        "绩效指标值",
        "预期指标值",
        "年度数值",
        "指标目标值",
        "年初指标值",
        "年初目标值",
        "年度目标值",
        "年度指标",
        "目标指标值",
        "计划指标值",
        "年度计划值",
        "target",
        "targetvalue",
        "value",
    ),
    Column.BASIS: (
        "指标值确定依据",
        "确定依据",
        "依据",
        "指标值设定依据",
        "评价标准确定依据",
        "评价标准依据",
        "basis",
    ),
    Column.WEIGHT: (
        "分值",
        "权重",
        "权重(分)",
        "指标分值",
        "指标权重",
        "权重占比",
        "权重分值",
        "weight",
        "weights",
    ),
    Column.NATURE: (
        "指标性质",
        "性质",
        "指标值类型",
        "符号",
        "指标方向性",
        "比较符",
        "nature",
        "operator",
        "comparator",
    ),
    Column.UNIT: ("度量单位", "计量单位", "单位", "单位(文字描述)", "unit", "units"),
    Column.GOAL_REF: ("对应目标", "目标序号", "goalref", "goalno"),
    Column.NOT_APPLICABLE: ("不适用", "notapplicable", "na"),
    Column.ACTUAL: (
        "实际完成值",
        "完成值",
        "全年实际值",
        "全年完成值",
        "实际值",
        "实际完成指标值",
        "单项指标实际完成值",
        "实际完成情况值",
        "年度实际完成值",
        "actual",
        "actualvalue",
    ),
    Column.POINTS: (
        "得分",
        "自评得分",
        "指标得分",
        "单项指标得分",
        "评分",
        "points",
        "score",
    ),
    Column.EXPLANATION: (
        "偏差原因分析及改进措施",
        "偏差原因分析",
        "未完成原因分析",
        "原因分析",
        "未完成原因及改进措施",
        "未完成原因和改进措施",
        "未完成原因",
        "偏差原因",
        "偏差原因分析及改进措施",
        "未完成原因分析及改进措施",
        "explanation",
        "deviation",
    ),
    Column.RULE: ("得分计算方法", "评(扣分标准)", "评分标准", "扣分标准", "评分规则", "rule"),
    Column.LONG_TARGET: (
        "中长期指标值",
        "长期指标值",
        "实施期指标值",
        "中期指标值",
        "中长期目标值",
        "实施期目标值",
        "中长期指标",
        "实施期指标",
    ),
    Column.ADJUSTED_TARGET: ("调整指标值", "全年(调整)指标值", "调整后指标值"),
}

_LOOKUP: dict[str, Column] = {name: column for column, names in _NAMES.items() for name in names}

# The periods a two-period header names under a merged 指标值 (`中长期 · 年度`): words that name a
# column only there (elsewhere 年度 is a year's column, and must not take the targets' place).
PERIOD_WORDS: dict[str, Column] = {
    "年度": Column.TARGET,
    "本年度": Column.TARGET,
    "中长期": Column.LONG_TARGET,
    "实施期": Column.LONG_TARGET,
}

# The tier columns by their one-word headers. Kept out of the synonym table: a bare 优 or 中 is
# a header only in a row that names two tiers or more (`grade_columns`), never a form's value.
_GRADE_WORDS: dict[str, Column] = {
    "优": Column.GRADE_EXCELLENT,
    "优秀": Column.GRADE_EXCELLENT,
    "良": Column.GRADE_GOOD,
    "良好": Column.GRADE_GOOD,
    "中": Column.GRADE_FAIR,
    "中等": Column.GRADE_FAIR,
    "差": Column.GRADE_POOR,
    "较差": Column.GRADE_POOR,
}
GRADE_COLUMNS = (
    Column.GRADE_EXCELLENT,
    Column.GRADE_GOOD,
    Column.GRADE_FAIR,
    Column.GRADE_POOR,
)


def grade_columns(cells: tuple[str, ...]) -> dict[Column, int]:
    """The tier columns of a header row (`优 · 良 · 中 · 差`), when it names two tiers or more."""
    found: dict[Column, int] = {}
    for i, cell in enumerate(cells):
        column = _grade_word(cell) if cell and len(cell) < 16 else None
        if column is not None and column not in found:
            found[column] = i
    return found if len(found) >= 2 else {}


@lru_cache(maxsize=4096)  # every row is tried as a header: its cells repeat from table to table
def _grade_word(cell: str) -> Column | None:
    return _GRADE_WORDS.get(simplified(_NOTE.sub("", fold(cell))))


# Bracketed notes in a header: `全年预算数（A）`, `指标值(%)`, `预算（万元）`.
_NOTE = re.compile(r"[(\[【][^)\]】]*[)\]】]")


@lru_cache(maxsize=65536)  # table labels repeat from row to row and table to table
def fold(text: str) -> str:
    """A header cell reduced to the form it is looked up by."""
    folded = unicodedata.normalize("NFKC", text)
    folded = re.sub(r"\s+", "", folded).lower()
    folded = folded.replace("_", "").replace("-", "").replace("*", "")
    return folded


def bare(text: str) -> str:
    """A header folded and without its bracketed note (`全年预算数（A）` → `全年预算数`), in
    simplified characters."""
    return simplified(_NOTE.sub("", fold(text)))


# The same characters in another order: OCR of a rotated or vertical header (`年成值全完值`).
# Keyed by the set of characters, so a doubled character (`年成值全完值`) still matches.
_ANAGRAMS: dict[str, Column] = {}
for _name, _column in _LOOKUP.items():
    if len(set(_name)) >= 4 and not _name.isascii():
        _ANAGRAMS.setdefault("".join(sorted(set(_name))), _column)


@lru_cache(maxsize=65536)  # tables repeat their labels: each is looked up once
def column_of(text: str) -> Column | None:
    """The column a header cell names, if any (traditional characters read as simplified)."""
    folded = fold(text).rstrip(":：")
    if not folded:
        return None
    return _lookup(folded) or _lookup(simplified(folded))


def _lookup(folded: str) -> Column | None:
    found = _LOOKUP.get(folded)
    if found is None:
        found = _LOOKUP.get(_NOTE.sub("", folded))
    if found is None:
        found = _LOOKUP.get(re.sub(r"[(（][^)）]*$", "", folded))  # an unclosed note
    if found is None and len(set(folded)) >= 4:
        found = _ANAGRAMS.get("".join(sorted(set(_NOTE.sub("", folded)))))
    return found


def header_note(text: str) -> str:
    """The bracketed note of a header cell (`万元` in `预算（万元）`), or ''."""
    match = _NOTE.search(unicodedata.normalize("NFKC", text))
    return match.group(0)[1:-1].strip() if match else ""


def expected_names(columns: tuple[Column, ...]) -> str:
    """The usual Chinese and English label of each column, for an error message."""
    return ", ".join(
        f"{_NAMES[c][0]} ({next(n for n in _NAMES[c] if n.isascii())})" for c in columns
    )


def header_name(column: Column) -> str:
    """The Chinese header a published table gives `column`: 指标值 for Column.TARGET."""
    return _NAMES[column][0]


def sorted_by_place(columns: dict[Column, int]) -> list[tuple[Column, int]]:
    """The columns of a table in the order they stand, left to right."""
    return sorted(columns.items(), key=lambda item: item[1])
