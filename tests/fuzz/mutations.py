"""Hypothesis strategies that change valid inputs as careless users, odd writers and
attackers change them: characters, cells, XML parts and zip bytes."""

from __future__ import annotations

import csv
import io
import zipfile

from hypothesis import strategies as st

# Pieces of the languages and tables that a change is likely to break on.
TOKENS = [
    "{",
    "}",
    '"',
    "\\",
    "#",
    "＃",
    "｛",
    "≥",
    "≤",
    ">",
    "<",
    "=",
    "%",
    "‰",
    "万元",
    "元",
    "亿",
    "场",
    "个",
    "人",
    "年",
    "月",
    "日",
    "前",
    "底",
    "上旬",
    "第",
    "-",
    "—",
    "~",
    ".",
    ",",
    "，",
    "\n",
    "\r",
    "\t",
    "\u3000",
    "\x00",
    "０",
    "９",
    "一千",
    "达成",
    "不适用",
    "/",
    "是",
    "否",
    "project",
    "产出",
    "效益",
    "满意度",
    "数量",
    "weight",
    "points",
    "tier",
    "na",
    "explain",
    "actual",
    "policy",
    "ruleset",
    "year",
    "1e400",
    "NaN",
    "-0",
    "1" * 30,
    "9" * 25 + "元",
    "2023年2月29日前",
    "2024-02-30",
    "=SUM(A1)",
    "@x",
    "\ufeff",
    "\u202e",
    "𠀀",
]
LONG_RUNS = st.builds(
    lambda ch, n: ch * n,
    st.sampled_from([" ", "\u3000", "9", "0", "月", ",", "\t", "-"]),
    st.integers(100, 6000),
)
PIECES = st.one_of(
    st.sampled_from(TOKENS),
    LONG_RUNS,
    st.text(max_size=12),
    st.text(alphabet="0123456789 .,%-", max_size=30),
)


@st.composite
def mutated_text(draw: st.DrawFn, base: str, max_changes: int = 4) -> str:
    """The base text with a few deletions, insertions, replacements and duplications."""
    text = base
    for _ in range(draw(st.integers(1, max_changes))):
        n = len(text)
        start = draw(st.integers(0, n))
        end = min(n, start + draw(st.integers(0, 80)))
        kind = draw(st.sampled_from(["insert", "replace", "delete", "duplicate"]))
        if kind == "insert":
            text = text[:start] + draw(PIECES) + text[start:]
        elif kind == "replace":
            text = text[:start] + draw(PIECES) + text[end:]
        elif kind == "delete":
            text = text[:start] + text[end:]
        else:
            text = text[:end] + text[start:end] + text[end:]
    return text


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@st.composite
def mutated_cells(draw: st.DrawFn, rows: list[list[str]], max_changes: int = 4) -> str:
    """A table with a few cells replaced, rows dropped or repeated; as CSV text."""
    table = [list(r) for r in rows]
    for _ in range(draw(st.integers(1, max_changes))):
        r = draw(st.integers(0, len(table) - 1))
        kind = draw(st.sampled_from(["cell", "cell", "cell", "drop", "repeat", "widen"]))
        if kind == "cell" and table[r]:
            c = draw(st.integers(0, len(table[r]) - 1))
            table[r][c] = draw(PIECES)
        elif kind == "drop" and len(table) > 1:
            del table[r]
        elif kind == "repeat":
            table.insert(r, list(table[r]))
        elif kind == "widen":
            table[r].append(draw(PIECES))
    return csv_text(table)


@st.composite
def corrupted_workbook(draw: st.DrawFn, workbook: bytes) -> bytes:
    """A valid .xlsx changed inside one XML part, or damaged at the zip level."""
    kind = draw(st.sampled_from(["xml", "xml", "dtd", "drop", "bytes", "truncate"]))
    if kind in ("bytes", "truncate"):
        data = bytearray(workbook)
        if kind == "truncate":
            return bytes(data[: draw(st.integers(0, len(data) - 1))])
        for _ in range(draw(st.integers(1, 8))):
            offset = draw(st.integers(0, len(data) - 1))
            data[offset] = draw(st.integers(0, 255))
        return bytes(data)
    with zipfile.ZipFile(io.BytesIO(workbook)) as old:
        names = old.namelist()
        parts = {name: old.read(name) for name in names}
    target = draw(st.sampled_from(sorted(names)))
    if kind == "drop":
        del parts[target]
    else:
        xml = parts[target].decode("utf-8", "replace")
        if kind == "dtd":
            entity = draw(
                st.sampled_from(
                    [
                        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
                        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>',
                    ]
                )
            )
            head, _, rest = xml.partition("?>")
            xml = (head + "?>" + entity + rest) if rest else entity + xml
            xml = xml.replace("<row ", "<row>&e;&b;</row><row ", 1)
        else:
            xml = draw(mutated_text(xml, max_changes=3))
        parts[target] = xml.encode("utf-8", "surrogatepass")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            new.writestr(name, data)
    return out.getvalue()
