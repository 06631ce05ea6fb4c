"""The parser's messages for a word of the language it does not know, with what it expected."""

from __future__ import annotations

from ...i18n import N_, _

NOT_MONEY = N_("currency {currency!r} is not a money unit (元, 万元, 亿元)")
NO_UNIT = N_("{text!r} has no unit: write 元 or 万元, or give the assessment a currency")

_UNKNOWN = {
    "level1": N_(
        "unknown level-1 kind {word!r}: expected 产出, 效益, 满意度 or 成本 "
        "(output, benefit, satisfaction, cost)"
    ),
    "level2": N_(
        "unknown level-2 kind {word!r}: expected 数量, 质量, 时效, 成本, 社会效益, "
        "经济效益, 生态效益, 可持续影响 or 服务对象满意度"
    ),
    "nature": N_(
        "unknown nature {word!r}: expected 正向, 反向, 等于 or 定性 "
        "(positive, reverse, equal, qualitative)"
    ),
    "level": N_(
        "unknown indicator level {word!r}: expected a level 1 (产出, 效益, "
        "满意度, 成本) or a level 2 (数量, 质量, 时效, 成本, …)"
    ),
}


def unknown_word(kind: str, word: object) -> str:
    """`word` is not a level-1 kind, a level-2 kind, a nature or an indicator level."""
    return _(_UNKNOWN[kind], word=str(word))
