"""The fast path for files in the canonical layout gives what Lark gives: the same data, the
same comments, the same diagnostics, for files it takes and for near-misses it must leave to
Lark."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Lark, Token

from perfgoals.language.errors import SourceError
from perfgoals.language.parser import (
    _grammar,
    _lark,
    _parse,
    fast,
    grammar_dir,
    normalise_source,
)
from perfgoals.language.parser.prebuilt import OPTIONS
from perfgoals.language.parser.stream import open_streamed
from perfgoals.language.parser.transform import Builder
from tests.conftest import ROOT, SEED_RULESET, examples

SPACE = st.sampled_from([" ", "  ", "\t", " \t"])
INDENT = st.sampled_from(["", "  ", "    ", "\t", "   "])
# Words a level stands in: known ones, unknown ones, keywords (lexed as keywords, not words).
LEVEL1 = st.sampled_from(
    ["产出", "效益", "满意度", "成本", "产出指标", "output", "产", "code", "目标"]
)
LEVEL2 = st.sampled_from(
    ["数量", "质量", "时效", "成本", "社会效益", "服务对象满意度", "数量指标", "规模", "desc", "na"]
)
VALUES = st.sampled_from(
    [
        "≥4358 次",
        "1449 次",
        "≥90%",
        "10月底前",
        "≤807.6万元",
        "≥ 万元",
        "好",
        "",
        "12月31日前",
        "/",
        "≥1.5万元",
        "100%",
        "≥ 9 0 %",
    ]
)
BUDGETS = st.sampled_from(
    ["2008.61万元", '"12万元"', "abc", '"≥5万元"', "8000元", "0万元", "-5万元"]
)
ATTRIBUTES = st.sampled_from(
    [
        'desc "每年放映场次"',
        'basis "邢开办呈【2020】17 号"',
        "weight 10",
        "分值 2.5",
        "weight .5",
        "weight 10.",
        "nature 定量",
        "性质 定性",
        "nature 不适用",
        "goal 1",
        "目标 2",
        "na",
        "不适用",
        "long_term ≥95%",
        '中长期 "≥1500处"',
        "grade 优 ≥95%",
        '评价标准 良 "90%-95%"',
        "grade 甲 ≥95%",
        'desc"x"',
        "desc 未加引号",
        "# 注释",
        "",
    ]
)
COMMENTS = st.sampled_from(["", "", "", " # note", "# 紧贴", "  ＃ 全角"])
HEADER_FIELDS = st.sampled_from(
    [
        'department "开发区综合办"',
        "year 2023",
        "年度 2023年",
        "currency 万元",
        "金额单位 元",
        'policy "central"',
        'title "标题"',
        "currency desc",
        "# 头部注释",
    ]
)
PROJECT_FIELDS = st.sampled_from(
    [
        'goal "目标内容 1"',
        '绩效目标 "年度目标"',
        'info "实施单位" "综合办"',
        '资金来源 "财政拨款" 12万元',
        'fund "上级补助" "≥5万元"',
        "goal 1",
    ]
)
NAME = st.text(
    alphabet=st.sampled_from(list('ab 中文名称-1"\\#{}（）')), min_size=0, max_size=8
).map(lambda t: t.replace("\\", "\\\\").replace('"', '\\"'))


@st.composite
def blocks(draw: st.DrawFn) -> str:
    """A file in (mostly) the canonical layout, with mistakes and near-misses."""
    sp, ind = draw(SPACE), draw(INDENT)
    lines = [""] * draw(st.integers(0, 2))
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["# 文件注释", "#", "  # indented"])))
    if draw(st.booleans()):
        name = draw(st.sampled_from([' "规则集"', "", ' "x"']))
        lines.append(f"{draw(st.sampled_from(['ruleset', '规则集']))}{name} {{")
        lines.extend(ind + draw(HEADER_FIELDS) for _ in range(draw(st.integers(0, 3))))
        lines.append("}" + draw(COMMENTS))
    keyword = draw(st.sampled_from(["project", "项目"]))
    lines.append(f'{keyword}{sp}"{draw(NAME)}"{draw(st.sampled_from([" ", "", "  "]))}{{')
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["code", "budget", "level1", "level1", "blank", "field"]))
        if kind == "field":
            lines.append(ind + draw(PROJECT_FIELDS) + draw(COMMENTS))
        elif kind == "code":
            lines.append(f'{ind}{draw(st.sampled_from(["code", "编码"]))}{sp}"{draw(NAME)}"')
        elif kind == "budget":
            lines.append(f"{ind}{draw(st.sampled_from(['budget', '预算']))}{sp}{draw(BUDGETS)}")
        elif kind == "blank":
            lines.append(draw(st.sampled_from(["", "  "])))
        else:
            lines.append(f"{ind}{draw(LEVEL1)}{draw(st.sampled_from([' ', '']))}{{")
            for _ in range(draw(st.integers(0, 4))):
                lines.append(
                    f'{ind}{ind}{draw(LEVEL2)}{sp}"{draw(NAME)}"{sp}"{draw(VALUES)}"'
                    + draw(st.sampled_from(["", "", "", " ", ' desc "d"', " # note", " na"]))
                )
                for _ in range(draw(st.integers(0, 2))):
                    lines.append(f"{ind}{ind}{ind}{draw(ATTRIBUTES)}{draw(COMMENTS)}")
            lines.append(f"{ind}}}" + draw(COMMENTS))
    lines.append("}")
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n", "\r\n", "\n}\n"]))
    return text


def outcome(text: str) -> Any:
    try:
        document, comments = _parse(text, "block.perf", 0)
    except SourceError as error:
        return "error", error.diagnostics
    return document, comments, [p.span for p in document.ruleset.projects]


def both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    fast_path = outcome(text)
    with monkeypatch.context() as patch:
        patch.setattr(fast, "ENABLED", False)
        lark_path = outcome(text)
    return fast_path, lark_path


@settings(max_examples=examples(300), deadline=None)
@given(blocks())
def test_the_fast_path_gives_what_lark_gives(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast_path, lark_path = both(text, monkeypatch)
    assert fast_path == lark_path


def taken(text: str) -> bool:
    keywords = fast.keywords_of(_grammar())
    return fast.canonical_items(text, keywords, Builder(), []) is not None


def test_canonical_blocks_take_the_fast_path_and_others_do_not() -> None:
    block = (
        'project "项目1" {\n  code "P000001"\n  budget 2008.61万元\n  产出 {\n'
        '    数量 "补助人数1-0" "≥4358 次"\n    质量 "稿件质量1-3" "≥90%"\n  }\n}\n'
    )
    assert taken(block) and taken("\n\n" + block)
    assert taken(block.replace('"≥90%"', '"≥90%" # a comment'))
    assert taken(block.replace('"≥90%"', '"≥90%"\n      desc "d"\n      weight 10'))
    assert taken('# 头\nruleset "x" {\n  year 2023\n  currency 万元\n}\n' + block)
    assert not taken(block.replace('"≥90%"', '"≥90%" desc "d"'))
    assert not taken(block.replace("产出 {", "目标 {"))
    assert not taken(block.replace("\n", "\r\n"))
    assert not taken(block + 'policy "p" {\n  base 100\n}\n')


def test_the_keywords_read_from_the_grammar_are_the_parsers() -> None:
    parser = _lark()
    expected = sorted(t.pattern.to_regexp() for t in parser.terminals if t.priority > 1)
    keywords = fast.keywords_of(_grammar())
    assert sorted(keywords.patterns) == expected
    assert keywords.plain  # every keyword a list of spellings, so a set of words says it
    pattern = re.compile("|".join(expected))
    for word in [*keywords.words, "nature", "na", "desc2", "目标值", "产出", "项目", "x"]:
        assert keywords.any(word) == (pattern.match(word) is not None), word


def test_every_file_of_the_seed_and_the_samples_reads_alike_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = [SEED_RULESET, *sorted((ROOT / "rulesets").rglob("*.perf"))]
    files += sorted((ROOT / "samples").glob("*.perf"))
    taken_files = 0
    for path in files:
        text = normalise_source(Path(path).read_text(encoding="utf-8"))
        fast_path, lark_path = both(text, monkeypatch)
        assert fast_path == lark_path, path
        taken_files += taken(text)
    assert taken_files >= 2  # the seed's ruleset and the department's


def test_every_project_of_the_seed_and_the_samples_reads_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = [SEED_RULESET, *sorted((ROOT / "rulesets").glob("*.perf"))]
    used = 0
    for path in files:
        streamed = open_streamed(Path(path))
        if streamed is None:
            continue
        with_fast = list(streamed.projects())
        with monkeypatch.context() as patch:
            patch.setattr(fast, "ENABLED", False)
            without = list(streamed.projects())
        assert with_fast == without
        assert [p.span for p in with_fast] == [p.span for p in without]
        assert [i.target_span for p in with_fast for i in p.indicators] == [
            i.target_span for p in without for i in p.indicators
        ]
        used += len(with_fast)
    assert used


def _key(token: Token) -> tuple[Any, ...]:
    where = (token.start_pos, token.line, token.column, token.end_line, token.end_column)
    return (token.type, str(token), *where, token.end_pos)


@settings(max_examples=examples(200), deadline=None)
@given(blocks())
def test_the_fast_path_makes_the_tokens_lark_makes(text: str) -> None:
    made: list[tuple[Any, ...]] = []

    class Recording(Builder):
        def __getattribute__(self, name: str) -> Any:
            found = super().__getattribute__(name)
            if name.startswith("_") or name in ("report", "path", "start"):
                return found

            def recorded(children: list[Any]) -> Any:
                made.extend(_key(c) for c in children if isinstance(c, Token))
                return found(children)

            return recorded

    comments: list[Token] = []
    keywords = fast.keywords_of(_grammar())
    if fast.canonical_items(normalise_source(text), keywords, Recording(), comments) is None:
        return
    tree = _tree_parser().parse(normalise_source(text))
    assert sorted(made) == sorted(_key(t) for t in tree.scan_values(_is_token))
    lexed = _tree_parser().lex(normalise_source(text), dont_ignore=True)
    assert [_key(c) for c in comments] == [_key(t) for t in lexed if t.type == "COMMENT"]


def _is_token(value: object) -> bool:
    return isinstance(value, Token)


@cache
def _tree_parser() -> Lark:
    grammar = (grammar_dir() / "perfgoals.lark").read_text(encoding="utf-8")
    return Lark(grammar, **OPTIONS)
