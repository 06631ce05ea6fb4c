"""Budget-disclosure text → the figures its explanation restates, and the 政府采购 table.

The explanatory text (情况说明) restates the tables in sentences: 收入预算3348.56万元, 基本支出
2224.48万元, 人员经费855.6万元, the "三公" parts and their change from last year (`与2022年相比减少
50万元`, `与2022年持平`), 机关运行经费, 政府采购预算, 国有资产. Each figure keeps its position so
the checker can point at it. Amounts in 元 are turned into 万元 (the tables' unit), exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from ..language.budget import Change, Figure, ProcurementItem
from ..language.errors import Span
from .budget_tables import read_past

_AMOUNT = r"(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>万元|元)"
# (key, pattern): the first match of each key in the text's non-table lines is kept.
_FIGURES: tuple[tuple[str, str], ...] = (
    ("income_total", r"收入预算(?:总计|合计)?(?:为)?\s*" + _AMOUNT),
    ("income_general", r"一般公共预算(?:拨款)?收入\s*" + _AMOUNT),
    ("income_fund", r"(?:政府性)?基金预算(?:拨款)?收入\s*" + _AMOUNT),
    ("income_state_capital", r"国有资本经营预算(?:拨款)?收入\s*" + _AMOUNT),
    ("income_special", r"财政专户(?:核拨|管理资金)收入\s*" + _AMOUNT),
    ("income_other", r"其他(?:来源)?收入\s*" + _AMOUNT),
    ("income_carryover", r"上年结转(?:结余)?\s*" + _AMOUNT),
    ("expenditure_total", r"支出预算(?:总计|合计)?(?:为)?\s*" + _AMOUNT),
    ("basic", r"其中[:：]?\s*基本支出\s*" + _AMOUNT),
    ("personnel", r"人员经费\s*" + _AMOUNT),
    ("public", r"(?:日常)?公用经费\s*" + _AMOUNT),
    ("project", r"项目支出\s*" + _AMOUNT),
    ("operating", r"机关运行经费(?:共计)?(?:安排)?(?:为)?\s*" + _AMOUNT),
    ("three_public", r"[“\"]三公[”\"]经费预算(?:安排)?(?:为)?\s*" + _AMOUNT),
    ("abroad", r"因公出国[（(]境[)）]费(?:为)?\s*" + _AMOUNT),
    ("vehicle", r"公务用车购置及运[维行](?:护)?费(?:为)?\s*" + _AMOUNT),
    ("vehicle_purchase", r"公务用车购置费(?:为)?\s*" + _AMOUNT),
    ("vehicle_running", r"公务用车运[维行](?:护)?费(?:为)?\s*" + _AMOUNT),
    ("reception", r"公务接待费(?:为)?\s*" + _AMOUNT),
    ("procurement", r"政府采购预算\s*" + _AMOUNT),
    ("assets_last_year", r"上年末固定资产金额为?\s*" + _AMOUNT),
    ("assets_purchase", r"拟购置固定资产总额为?\s*" + _AMOUNT),
)
_COMPILED = tuple((key, re.compile(pattern)) for key, pattern in _FIGURES)

_DIRECTION = r"(?P<dir>增加|增长|减少|下降|持平)(?:了)?\s*(?:(?P<change>\d+(?:\.\d+)?)\s*万元)?"
_VERSUS = r"(?:较|比|与)\s*(?:(?P<year>\d{4})\s*年|上年)(?:预算)?(?:相比|比较)?[，,]?\s*"
# `收支预算安排3348.56万元，较2022年预算增加535.8万元`
_TOTAL_CHANGE = re.compile(
    r"收支预算(?:安排|总额)?\s*" + _AMOUNT + r"[，,]?\s*" + _VERSUS + _DIRECTION
)
# `其中，基本支出增加32.26万元`, `项目支出增加503.54万元`
_PART_CHANGE = re.compile(r"(?P<key>基本支出|项目支出)\s*(?:比上年|较上年)?" + _DIRECTION)
# One clause of the "三公" sentence: `公务接待费24万元，与2022年持平`
_THREE_PUBLIC_CLAUSE = re.compile(
    r"(?P<key>因公出国[（(]境[)）]费|公务用车购置及运[维行](?:护)?费|公务接待费)\s*"
    + _AMOUNT
    + r"[^；;。]*?"
    + _VERSUS
    + _DIRECTION
)
_LAST_YEAR = re.compile(r"(?:上年|\d{4}\s*年)(?:预算)?(?:为|是)\s*(?P<last>\d+(?:\.\d+)?)\s*万元")
_THREE_PUBLIC_KEYS = {"因公出国": "abroad", "公务用车": "vehicle", "公务接待": "reception"}


def _wan(value: str, unit: str) -> Decimal:
    """An amount in 万元: 元 are divided by 10 000 exactly."""
    number = Decimal(value)
    return number if unit == "万元" else number / Decimal(10000)


def _span(line: int, start: int, end: int) -> Span:
    return Span(line=line, column=start + 1, end_line=line, end_column=end + 1)


def read_figures(lines: list[str], skip: set[int]) -> tuple[list[Figure], list[Change]]:
    """The figures and changes the explanatory text states, outside the lines in `skip`."""
    figures: dict[str, Figure] = {}
    changes: list[Change] = []
    for number, line in _prose(lines, skip):
        for key, pattern in _COMPILED:
            if key in figures:
                continue
            m = pattern.search(line)
            if m is None:
                continue
            figures[key] = Figure(
                key=key,
                value=_wan(m["value"], m["unit"]),
                text=m[0],
                span=_span(number, m.start("value"), m.end("unit")),
            )
        changes.extend(_changes(number, line))
    return sorted(figures.values(), key=lambda f: (f.span.line, f.span.column)), changes


def _prose(lines: list[str], skip: set[int]) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(lines, start=1):
        if number in skip or "\t" in line or not line.strip():
            continue
        yield number, line


def _signed(m: re.Match[str]) -> Decimal:
    if m["dir"] == "持平":
        return Decimal(0)
    amount = Decimal(m["change"] or "0")
    return -amount if m["dir"] in ("减少", "下降") else amount


def _changes(number: int, line: str) -> Iterator[Change]:
    total = _TOTAL_CHANGE.search(line)
    if total is not None and (total["change"] or total["dir"] == "持平"):
        yield Change(
            key="total",
            amount=_signed(total),
            text=total[0],
            span=_span(number, total.start("dir"), total.end()),
            this_year=_wan(total["value"], total["unit"]),
        )
        rest = line[total.end() :]
        offset = total.end()
        for part in _PART_CHANGE.finditer(rest):
            if not part["change"] and part["dir"] != "持平":
                continue
            yield Change(
                key="basic" if part["key"] == "基本支出" else "project",
                amount=_signed(part),
                text=part[0],
                span=_span(number, offset + part.start("dir"), offset + part.end()),
                parts_of="total",
            )
    for clause in re.finditer(r"[^；;。]+", line):
        m = _THREE_PUBLIC_CLAUSE.search(clause[0])
        if m is None or (not m["change"] and m["dir"] != "持平"):
            continue
        key = next(v for k, v in _THREE_PUBLIC_KEYS.items() if m["key"].startswith(k))
        last = _LAST_YEAR.search(clause[0], m.end("unit"))
        start = clause.start()
        yield Change(
            key=key,
            amount=_signed(m),
            text=m[0],
            span=_span(number, start + m.start("dir"), start + m.end()),
            this_year=_wan(m["value"], m["unit"]),
            last_year=Decimal(last["last"]) if last else None,
            parts_of="three_public",
        )


PROCUREMENT_TITLE = re.compile(r"^\s*部门政府采购预算\s*$")


def read_procurement(lines: list[str]) -> tuple[list[ProcurementItem], Decimal | None, set[int]]:
    """The 政府采购预算 table's item rows, its 合计, and the lines it took."""
    items: list[ProcurementItem] = []
    total: Decimal | None = None
    used: set[int] = set()
    inside = False
    for number, line in enumerate(lines, start=1):
        if PROCUREMENT_TITLE.match(line):
            inside = True
            used.add(number)
            continue
        if not inside:
            continue
        if "\t" not in line:
            stripped = line.strip()
            if stripped.startswith("注"):
                used.add(number)
                break
            if stripped and not read_past(stripped):
                inside = False  # the table ended, as the budget tables end: text follows
            continue
        cells = [c.strip() for c in line.split("\t")]
        used.add(number)
        head = cells[0]
        if head in ("政府采购项目来源", "项目名称") or len(cells) < 8:
            continue
        if head == "合计":
            total = _decimal(cells[7])
            continue
        if head.endswith("小计"):
            continue
        starts = [0]
        for cell in line.split("\t"):
            starts.append(starts[-1] + len(cell) + 1)
        amount_start = starts[7] + (len(line.split("\t")[7]) - len(line.split("\t")[7].lstrip()))
        items.append(
            ProcurementItem(
                project=head,
                project_budget=_decimal(cells[1]),
                item=cells[2],
                catalogue=cells[3],
                unit=cells[4],
                quantity=_decimal(cells[5]),
                unit_price=_decimal(cells[6]),
                amount=_decimal(cells[7]),
                span=_span(number, 0, len(head)),
                amount_span=_span(number, amount_start, amount_start + len(cells[7])),
            )
        )
    return items, total, used


def _decimal(text: str) -> Decimal | None:
    joined = re.sub(r"\s+", "", text).replace(",", "")
    return Decimal(joined) if re.fullmatch(r"-?\d+(?:\.\d+)?", joined) else None
