"""Level labels as published tables print them: the points beside them, the names of older and
provincial templates, OCR-scrambled labels, and the blocks that stand outside the target
hierarchy.

`产出指标(50分)`, `一、产出指标`, `产 出 指 标`, `项目完成指标`, `产出值` (Dezhou), `效果指标`,
`进度指标` (Hubei) and `出标产指` (the same characters in OCR order) all read as 产出 or its kin;
a bare `(50分)` is a level whose name was lost, with its points kept. `决策`, `过程`, `管理`,
`项目预算管理` are the blocks of the older evaluation template: read, and reported as outside
the hierarchy rather than as errors.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..language.model import Level1, Level2, level1_of, level2_of
from ..language.values import Comparison, Deadline, Qualitative, Range, Value
from ..tables.chinese import simplified

# Parent of each level 2, for a row whose level 1 was lost (`(50分)`) or never printed.
LEVEL1_OF_LEVEL2: dict[Level2, Level1] = {
    Level2.QUANTITY: Level1.OUTPUT,
    Level2.QUALITY: Level1.OUTPUT,
    Level2.TIMELINESS: Level1.OUTPUT,
    Level2.COST: Level1.OUTPUT,
    Level2.ECONOMIC_COST: Level1.COST,
    Level2.SOCIAL_COST: Level1.COST,
    Level2.ECOLOGICAL_COST: Level1.COST,
    Level2.ECONOMIC_BENEFIT: Level1.BENEFIT,
    Level2.SOCIAL_BENEFIT: Level1.BENEFIT,
    Level2.ECOLOGICAL_BENEFIT: Level1.BENEFIT,
    Level2.SUSTAINABILITY: Level1.BENEFIT,
    Level2.SATISFACTION: Level1.SATISFACTION,
}

# Names of older and provincial templates (folded: no spaces, no 指标/值 suffix).
_LEVEL1_EXTRA: dict[str, Level1] = {
    "项目完成": Level1.OUTPUT,
    "完成": Level1.OUTPUT,
    "产出目标": Level1.OUTPUT,
    "项目效益": Level1.BENEFIT,
    "效果": Level1.BENEFIT,
    "效益目标": Level1.BENEFIT,
    "影响": Level1.BENEFIT,
    "满意": Level1.SATISFACTION,
    "社会满意度": Level1.SATISFACTION,
}
_LEVEL2_EXTRA: dict[str, Level2] = {
    "进度": Level2.TIMELINESS,
    "时间": Level2.TIMELINESS,
    "时效性": Level2.TIMELINESS,
    "经济效益": Level2.ECONOMIC_BENEFIT,
    "社会效益": Level2.SOCIAL_BENEFIT,
    "生态效益": Level2.ECOLOGICAL_BENEFIT,
    "环境效益": Level2.ECOLOGICAL_BENEFIT,
    "生态环境效益": Level2.ECOLOGICAL_BENEFIT,
    "可持续影响": Level2.SUSTAINABILITY,
    "可持续发展": Level2.SUSTAINABILITY,
    "服务对象满意度": Level2.SATISFACTION,
    "社会公众满意度": Level2.SATISFACTION,
    "群众满意度": Level2.SATISFACTION,
    "受益对象满意度": Level2.SATISFACTION,
    "服务对象满意度等": Level2.SATISFACTION,
    "生态环境成本": Level2.ECOLOGICAL_COST,
    "环境成本": Level2.ECOLOGICAL_COST,
}
# Blocks of the older evaluation template (决策 · 过程 · 管理 …): not targets.
_OUTSIDE = (
    "决策",
    "过程",
    "管理",
    "项目管理",
    "预算管理",
    "项目预算管理",
    "资金管理",
    "财务管理",
    "业务管理",
    "组织实施",
    "项目立项",
    "资金投入",
    "绩效目标",
)

_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])"
)
_POINTS = re.compile(
    r"[(（]?\s*(\d+(?:\.\d+)?)(?:\s*[-－~～—]\s*(\d+(?:\.\d+)?))?\s*分?\s*[)）]?\s*分?$"
)


@dataclass(frozen=True)
class Label:
    """What a level cell says: a level 1 or 2 (or neither, when only points are left), the
    points printed with it, and whether it names a block outside the hierarchy."""

    level1: Level1 | None = None
    level2: Level2 | None = None
    points: Decimal | None = None
    outside: bool = False
    scrambled: bool = False  # read from its characters in another order (OCR)

    @property
    def known(self) -> bool:
        return self.level1 is not None or self.level2 is not None


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    return simplified(re.sub(r"\s+", "", folded))


def _stem(word: str) -> str:
    for suffix in ("指标", "指", "值"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    return word


def split_points(text: str) -> tuple[str, Decimal | None]:
    """`产出指标(50分)` → (`产出指标`, 50); `成本指标(0-20)分` keeps the top of the range."""
    folded = _fold(text)
    match = _POINTS.search(folded)
    if match is None or not re.search(r"[(（分]", match.group(0)):
        return folded, None
    low, high = match.group(1), match.group(2)
    return folded[: match.start()], Decimal(high or low)


def _sorted(word: str) -> str:
    return "".join(sorted(word))


_LEVEL1_NAMES = {
    "产出": Level1.OUTPUT,
    "效益": Level1.BENEFIT,
    "满意度": Level1.SATISFACTION,
    "成本": Level1.COST,
    **_LEVEL1_EXTRA,
}
_ANAGRAMS1 = {_sorted(w + "指标"): lv for w, lv in _LEVEL1_NAMES.items()}


@lru_cache(maxsize=65536)
def read_label(text: str, *, level: int) -> Label | None:
    """A level-1 (level=1) or level-2 cell read; None when it is not a level label at all."""
    name, points = split_points(text)
    name = _NUMBERING.sub("", name)
    if not name:
        return Label(points=points) if points is not None else None
    stem = _stem(name)
    if stem in _OUTSIDE or name in _OUTSIDE:
        return Label(points=points, outside=True)
    level1 = level1_of(name) or level1_of(stem) or _LEVEL1_EXTRA.get(stem)
    level2 = level2_of(name) or level2_of(stem) or _LEVEL2_EXTRA.get(stem)
    scrambled = False
    if level1 is None and level2 is None and len(name) >= 4:
        level1 = _ANAGRAMS1.get(_sorted(name))
        scrambled = level1 is not None
    if level == 1:
        if level1 is None and level2 is not None:
            return Label(LEVEL1_OF_LEVEL2[level2], level2, points, scrambled=scrambled)
        if level1 is None:
            return None
        return Label(level1, None, points, False, scrambled)
    if level2 is None and level1 is Level1.SATISFACTION:
        level2 = Level2.SATISFACTION
    if level2 is None and level1 is Level1.COST:
        level2 = Level2.COST
    if level2 is None:
        return None
    return Label(LEVEL1_OF_LEVEL2[level2] if level1 is None else level1, level2, points)


def guess_level2(level1: Level1 | None, name: str, target: Value | None) -> Level2:
    """The level 2 of a row that printed none: from its level 1, its name and its target."""
    if level1 is Level1.SATISFACTION or "满意" in name:
        return Level2.SATISFACTION
    if level1 is Level1.COST:
        return Level2.ECONOMIC_COST
    if level1 is Level1.BENEFIT:
        if "经济" in name or "收入" in name or "增收" in name:
            return Level2.ECONOMIC_BENEFIT
        if "生态" in name or "环境" in name or "绿色" in name:
            return Level2.ECOLOGICAL_BENEFIT
        if "可持续" in name or "长效" in name or "持续" in name:
            return Level2.SUSTAINABILITY
        return Level2.SOCIAL_BENEFIT
    if isinstance(target, Deadline) or "时间" in name or "及时" in name or "时限" in name:
        return Level2.TIMELINESS
    if "成本" in name or "经费" in name or "价格" in name or "标准" in name:
        return Level2.COST
    if isinstance(target, Comparison) and target.dimension.value == "money":
        return Level2.COST
    if isinstance(target, Comparison) and target.dimension.value == "percent":
        return Level2.QUALITY
    if isinstance(target, Qualitative | Range):
        return Level2.QUALITY
    return Level2.QUANTITY


def guess_level1(name: str) -> Level1:
    """The level 1 of a row in a flat list (部门整体 tables print no levels)."""
    if "满意" in name:
        return Level1.SATISFACTION
    if any(w in name for w in ("效益", "影响", "收入", "增收", "提升", "能力")):
        return Level1.BENEFIT
    return Level1.OUTPUT
