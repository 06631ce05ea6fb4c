"""A fast path for files in the canonical layout: ruleset header and project blocks.

Most ruleset files are written by `perfgoals fmt` or the importer: a `ruleset` header with one
field a line, `project "…" {` blocks with `code`, `budget`, `goal`, `info` and `fund` lines,
level-1 blocks, one line per indicator (`数量 "名称" "目标"`) and one per attribute (`desc`,
`basis`, `weight`, …), and `#` comments. Lark's pure-Python lexer and LALR parser spend most of
the time of reading such a file on a handful of token kinds. Here each line is matched by one
regular expression, the tokens Lark would have made are made with the same positions, and the
same Builder callbacks are called in the order Lark's reductions call them, so the data (and
every diagnostic the callbacks report) are the same.

Only a strict subset of the grammar is taken: any other line (a policy, an assessment, two
tokens without a space between them, a keyword where a word stands, a brace not alone at its
line's end, a carriage return) returns None, and the file is parsed by Lark as before.
`tests/language/test_fast_path.py` holds the two paths equal.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from lark import Token

from .literals import BARE
from .transform import Builder

# The grammar's STRING, its loop unrolled (the same strings; fewer steps per character).
_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_WORD = r"[^\W\d]\w*"  # the grammar's WORD
_VALUE = rf"{_STRING}|{BARE.pattern}"  # the grammar's value: STRING or BARE
_INT = r"\d+"
_NUMBER = r"\d+(?:\.\d+)?|\.\d+"
_END = r"[ \t]*(?P<comment>#[^\n]*)?"  # what may end any line: spaces and a comment


def _line(body: str) -> re.Pattern[str]:
    return re.compile(rf"[ \t]*{body}{_END}")


def _field(keyword: str, *slots: str) -> re.Pattern[str]:
    return _line(rf"({keyword})" + "".join(rf"[ \t]+({slot})" for slot in slots))


# One line kind: its name (for a field or an attribute, the Builder callback it feeds), its
# pattern, the token types of its groups (VALUE: STRING or BARE), the state it leads to, and
# which groups hold a WORD (a keyword there sends the file to Lark).
_Kind = tuple[str, re.Pattern[str], tuple[str, ...], str, tuple[int, ...]]


def _kind(name: str, pattern: re.Pattern[str], types: tuple[str, ...], state: str) -> _Kind:
    words = tuple(i for i, kind in enumerate(types, start=1) if kind == "WORD")
    return name, pattern, types, state, words


_CLOSE = _line(r"(\})")
_KINDS: dict[str, tuple[_Kind, ...]] = {
    "top": (
        _kind(
            "ruleset",
            _line(rf"(ruleset|规则集)(?:[ \t]+({_STRING}))?[ \t]*\{{"),
            ("RULESET", "STRING"),
            "header",
        ),
        _kind(
            "project",
            _line(rf"(project|项目)[ \t]+({_STRING})[ \t]*\{{"),
            ("PROJECT", "STRING"),
            "project",
        ),
    ),
    "header": (
        _kind("title", _field("title|标题", _STRING), ("TITLE", "STRING"), "header"),
        _kind("department", _field("department|部门", _STRING), ("DEPARTMENT", "STRING"), "header"),
        _kind("year", _field("year|年度", _INT), ("YEAR", "INT"), "header"),
        _kind("currency", _field("currency|金额单位", _WORD), ("CURRENCY", "WORD"), "header"),
        _kind("policy", _field("policy|评分办法", _STRING), ("POLICY", "STRING"), "header"),
        _kind("header end", _CLOSE, ("RBRACE",), "top"),
    ),
    "project": (
        _kind("level1", _line(rf"({_WORD})[ \t]*\{{"), ("WORD",), "level1"),
        _kind("code", _field("code|编码", _STRING), ("CODE", "STRING"), "project"),
        _kind("budget", _field("budget|预算", _VALUE), ("BUDGET", "VALUE"), "project"),
        _kind("goal", _field("goal|绩效目标|目标", _STRING), ("GOAL", "STRING"), "project"),
        _kind("project end", _CLOSE, ("RBRACE",), "top"),
        _kind(
            "info",
            _field("info|基本信息", _STRING, _STRING),
            ("INFO", "STRING", "STRING"),
            "project",
        ),
        _kind(
            "fund", _field("fund|资金来源", _STRING, _VALUE), ("FUND", "STRING", "VALUE"), "project"
        ),
    ),
    "level1": (
        _kind(
            "indicator",
            _line(rf"({_WORD})[ \t]+({_STRING})[ \t]+({_VALUE})"),
            ("WORD", "STRING", "VALUE"),
            "indicator",
        ),
        _kind("level1 end", _CLOSE, ("RBRACE",), "project"),
    ),
}
_ATTRIBUTES: tuple[_Kind, ...] = (
    _kind("desc", _field("desc|描述", _STRING), ("DESC", "STRING"), "indicator"),
    _kind("basis", _field("basis|依据", _STRING), ("BASIS", "STRING"), "indicator"),
    _kind("weight", _field("weight|分值|权重", _NUMBER), ("WEIGHT", "NUMBER"), "indicator"),
    _kind("nature", _field("nature|性质", _WORD), ("NATURE", "WORD"), "indicator"),
    _kind("goal_ref", _field("goal|绩效目标|目标", _INT), ("GOAL", "INT"), "indicator"),
    _kind("na", _field("na|不适用"), ("NA",), "indicator"),
    _kind("long_term", _field("long_term|中长期", _VALUE), ("LONG_TERM", "VALUE"), "indicator"),
    _kind(
        "grade_criterion",
        _field("grade|评价标准", _WORD, _VALUE),
        ("GRADE", "WORD", "VALUE"),
        "indicator",
    ),
)
# The patterns of a state are mutually exclusive (no line matches two), so they are tried
# commonest first.
_KINDS["indicator"] = (
    *_KINDS["level1"][:1],
    *_ATTRIBUTES[:2],
    *_KINDS["level1"][1:],
    *_ATTRIBUTES[2:],
)
_BLANK = re.compile(_END)

# Switched off by the test that compares this path with Lark's.
ENABLED = True


class Keywords:
    """The grammar's keywords (its terminals of priority 2), read from the grammar's text."""

    def __init__(self, grammar: str) -> None:
        self.patterns = re.findall(r"^[A-Z_]+\.2:[ \t]*/(.*?)/", grammar, flags=re.MULTILINE)
        # Each is `(?:one|other)(?!\w)`: spellings that end at a word boundary.
        spellings = [re.fullmatch(r"\(\?:([\w|]+)\)\(\?!\\w\)", p) for p in self.patterns]
        self.words = frozenset(w for m in spellings if m is not None for w in m[1].split("|"))
        self.plain = all(spellings)
        # A keyword written otherwise is matched as the lexer matches it.
        self.pattern = None if self.plain else re.compile("|".join(self.patterns))

    def any(self, word: str) -> bool:
        """Whether a WORD token (word characters only) would be lexed as a keyword instead.

        The lexer tries keywords first, and a keyword matches a run of word characters only
        when it is the whole run: it must end at a word boundary.
        """
        if self.pattern is not None:
            return self.pattern.match(word) is not None
        return word in self.words


@cache
def keywords_of(grammar: str) -> Keywords:
    """The keywords of this grammar text, built once."""
    return Keywords(grammar)


_Line = tuple[int, int, _Kind, re.Match[str]]  # line number, its offset, its kind, its match


def canonical_items(
    text: str, keywords: Keywords, builder: Builder, comments: list[Token], line_offset: int = 0
) -> list[Any] | None:
    """What Lark's parse of `text` returns when every line is canonical, else None.

    The comments are appended to `comments` as Lark's lexer callback would append them. Lines
    are numbered from `line_offset` + 1 (the text is a block of a file that starts there).
    """
    if not ENABLED:
        return None
    lines = _lines(text, keywords)
    if lines is None:
        return None
    # Every line is taken: only now are the callbacks called (they report diagnostics).
    tokens = _Tokens()
    items: list[Any] = []
    block: list[Any] = []  # the header's or the project's children so far
    level1: list[Any] = []
    indicator: list[Any] = []
    for number, offset, (name, _pattern, types, _state, _words), m in lines:
        tokens.line(number + line_offset, offset)
        comment = tokens.at(m, "comment", "COMMENT")
        if comment is not None:
            comments.append(comment)
        if name == "comment":
            continue
        # An optional group left out (the header's name) makes no token, as in Lark.
        made: list[Any] = [tokens.at(m, group, kind) for group, kind in enumerate(types, 1)]
        made = [token for token in made if token is not None]
        if name in ("ruleset", "project"):
            block = made
        elif name in ("indicator", "level1 end") and indicator:
            level1.append(builder.indicator(indicator))
            indicator = []
        if name == "indicator":
            made[2] = builder.value([made[2]])
            indicator = made
        elif name == "level1":
            level1 = made
        elif name == "level1 end":
            level1.extend(made)
            block.append(builder.level1_block(level1))
        elif name == "header end":
            items.append(builder.header([*block, *made]))
        elif name == "project end":
            items.append(builder.project([*block, *made]))
        elif name not in ("ruleset", "project"):
            if types[-1] == "VALUE":
                made[-1] = builder.value([made[-1]])
            reduced = getattr(builder, name)(made)
            (indicator if name in _ATTRIBUTE_NAMES else block).append(reduced)
    return builder.start(items)


_ATTRIBUTE_NAMES = frozenset(kind[0] for kind in _ATTRIBUTES)


def _lines(text: str, keywords: Keywords) -> list[_Line] | None:
    """Each line of the file with what it is, or None if one is not canonical."""
    out: list[_Line] = []
    state = "top"
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        start, offset = offset, offset + len(line) + 1
        blank = _BLANK.fullmatch(line)
        if blank is not None:
            if blank.group("comment"):
                out.append((number, start, _COMMENT_ONLY, blank))
            continue
        for kind in _KINDS[state]:
            m = kind[1].fullmatch(line)
            if m is not None:
                break
        else:
            return None
        if kind[4] and any(keywords.any(m.group(i)) for i in kind[4]):
            return None
        out.append((number, start, kind, m))
        state = kind[3]
    return out if state == "top" else None


_COMMENT_ONLY: _Kind = ("comment", _BLANK, (), "top", ())


class _Tokens:
    """Makes Lark tokens for groups of a line's match, with Lark's positions."""

    def __init__(self) -> None:
        self.number = 0
        self.offset = 0  # of the current line in the text

    def line(self, number: int, offset: int) -> None:
        self.number, self.offset = number, offset

    def at(self, m: re.Match[str], group: int | str, kind: str) -> Token | None:
        value = m.group(group)
        if value is None:  # an optional group (the header's name) left out
            return None
        if kind == "VALUE":
            kind = "STRING" if value.startswith('"') else "BARE"
        start, end = m.span(group)
        # What Token(kind, value, start_pos=…, …) makes, without its keyword handling: a
        # fifth of this path's time when called per token.
        token = _new_str(Token, value)
        token.type = kind
        token.value = value
        token.start_pos = self.offset + start
        token.line = token.end_line = self.number
        token.column = start + 1
        token.end_column = end + 1
        token.end_pos = self.offset + end
        return token


_new_str = str.__new__
