"""Budget rules on classification codes and cells: well-formed codes (B009), readable amounts
(B010), names that fit the code (B011), and the extraction repairs made while reading (B012)."""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ...language.budget import ECONOMIC_TABLES, BudgetRow, plain_name
from ..context import CheckedFile
from ..findings import Severity
from ..registry import REGISTRY, Hit
from .budget_common import at, tables

# 类 of the functional classification (支出功能分类, 2023) and of the departmental economic
# classification (部门预算支出经济分类): the names a 3-digit code must carry.
FUNCTION_CLASSES: dict[str, str] = {
    "201": "一般公共服务支出",
    "202": "外交支出",
    "203": "国防支出",
    "204": "公共安全支出",
    "205": "教育支出",
    "206": "科学技术支出",
    "207": "文化旅游体育与传媒支出",
    "208": "社会保障和就业支出",
    "209": "社会保险基金支出",
    "210": "卫生健康支出",
    "211": "节能环保支出",
    "212": "城乡社区支出",
    "213": "农林水支出",
    "214": "交通运输支出",
    "215": "资源勘探工业信息等支出",
    "216": "商业服务业等支出",
    "217": "金融支出",
    "219": "援助其他地区支出",
    "220": "自然资源海洋气象等支出",
    "221": "住房保障支出",
    "222": "粮油物资储备支出",
    "223": "国有资本经营预算支出",
    "224": "灾害防治及应急管理支出",
    "227": "预备费",
    "229": "其他支出",
    "230": "转移性支出",
    "231": "债务还本支出",
    "232": "债务付息支出",
    "233": "债务发行费用支出",
    "234": "抗疫特别国债安排的支出",
}
ECONOMIC_CLASSES: dict[str, str] = {
    "301": "工资福利支出",
    "302": "商品和服务支出",
    "303": "对个人和家庭的补助",
    "307": "债务利息及费用支出",
    "309": "资本性支出(基本建设)",
    "310": "资本性支出",
    "311": "对企业补助(基本建设)",
    "312": "对企业补助",
    "313": "对社会保障基金补助",
    "399": "其他支出",
}
_CLASS_NAMES = {plain_name(n) for n in (*FUNCTION_CLASSES.values(), *ECONOMIC_CLASSES.values())}


@REGISTRY.rule("B009", "budget.malformed-code", "error")
def malformed_code(file: CheckedFile) -> Iterator[Hit]:
    """A classification code is not well formed or does not nest under the class above it.

    Functional codes have 3 (类), 5 (款) or 7 (项) digits, economic codes 3 or 5; a 款 starts with
    its 类's code and a 项 with its 款's, and each stands below its parent in the table.

    Problem:

        201      一般公共服务支出
        2010 3   政府办公厅（室）及相关机构事务   (read as 20103: reported by B012)
        20203    …                                (not under 201)

    Fix: the code of a row under 201 starts with 201.
    """
    for t in tables(file.budget):
        lengths = (3, 5) if t.kind in ECONOMIC_TABLES else (3, 5, 7)
        seen: list[BudgetRow] = []
        for row in t.coded():
            if not row.code.isdigit() or len(row.code) not in lengths:
                yield at(
                    row.code_span,
                    _(
                        "{table}: code {code!r} is not a {digits}-digit classification code",
                        table=t.title,
                        code=row.code,
                        digits="/".join(map(str, lengths)),
                    ),
                )
            elif len(row.code) > 3:
                parent = next((s for s in reversed(seen) if len(s.code) < len(row.code)), None)
                if parent is None or not row.code.startswith(parent.code):
                    under = (
                        _(" under {code} {name}", code=parent.code, name=parent.name)
                        if parent is not None
                        else ""
                    )
                    yield at(
                        row.code_span,
                        _(
                            "{table}: code {code} stands{under} but its parent {parent} is not "
                            "above it",
                            table=t.title,
                            code=row.code,
                            under=under,
                            parent=row.code[: len(row.code) - 2],
                        ),
                    )
            seen.append(row)


@REGISTRY.rule("B010", "budget.unreadable-amount", "error")
def unreadable_amount(file: CheckedFile) -> Iterator[Hit]:
    """An amount cell holds text that is not a number.

    Every amount of a budget table is a number in the table's unit (万元), or empty.

    Problem: `386.0O` (a letter O for a zero), `1,2 3`.

    Fix: write the number: `386.00`.
    """
    for t in tables(file.budget):
        for row in t.rows:
            for a in row.amounts:
                if a.text and a.value is None:
                    yield at(
                        a.span,
                        _(
                            "{table}: {column} {text!r} is not a number",
                            table=t.title,
                            column=a.column,
                            text=a.text,
                        ),
                    )


@REGISTRY.rule("B011", "budget.name-disagrees-with-code", "warning")
def name_disagrees_with_code(file: CheckedFile) -> Iterator[Hit]:
    """A classification name does not fit its code.

    The 类 has another name in the classification, a class name stands at a lower level, or one
    code carries two names in the disclosure.

    Problem:

        208  社会保障支出       (the class 208 is 社会保障和就业支出)
        20805  一般公共服务支出  (a class name at a 款 code)

    Fix: use the names of the classification (支出功能分类科目) for the year.
    """
    names: dict[tuple[bool, str], tuple[str, str]] = {}
    for t in tables(file.budget):
        economic = t.kind in ECONOMIC_TABLES
        classes = ECONOMIC_CLASSES if economic else FUNCTION_CLASSES
        for row in t.coded():
            name = plain_name(row.name)
            if len(row.code) == 3 and row.code in classes:
                if name != plain_name(classes[row.code]):
                    yield at(
                        row.name_span,
                        _(
                            "{table}: class {code} is {proper}, not {name}",
                            table=t.title,
                            code=row.code,
                            proper=classes[row.code],
                            name=row.name,
                        ),
                    )
            elif len(row.code) > 3 and name in _CLASS_NAMES and name != "其他支出":
                yield at(
                    row.name_span,
                    _(
                        "{table}: {name} is the name of a class (类), not of the {level} {code}",
                        table=t.title,
                        name=row.name,
                        level="款" if len(row.code) == 5 else "项",
                        code=row.code,
                    ),
                )
            key = (economic, row.code)
            if key in names and names[key][0] != name:
                yield at(
                    row.name_span,
                    _(
                        "{table}: {code} is named {name} here but {other} in {where}",
                        table=t.title,
                        code=row.code,
                        name=row.name,
                        other=names[key][0],
                        where=names[key][1],
                    ),
                )
            names.setdefault(key, (name, t.title))


@REGISTRY.rule("B012", "budget.repaired-extraction", "info")
def repaired_extraction(file: CheckedFile) -> Iterator[Hit]:
    """A code or number split by the PDF's line breaks was rejoined while reading.

    The text extracted from a PDF breaks cells where the printed column wrapped: `2010 301`,
    `3348 .56`, `69.6 0`, or a row that goes on after a page break (`2101` + `101`). The reader
    rejoins them and says so here, so that a person can compare the figure with the PDF.

    Problem: `4	2010 301	行政运行	1999 .58`.

    Fix: nothing to do in the disclosure; check the figure once against the printed table.
    """
    budget = file.budget
    if budget is None:
        return
    for repair in budget.repairs:
        if repair.kind == "spaced-name":
            continue
        yield Hit(
            _(
                "read {before!r} as {after!r} ({kind})",
                before=repair.before,
                after=repair.after,
                kind=repair.kind,
            ),
            repair.span,
            repair.span.line,
            Severity.INFO,
        )
