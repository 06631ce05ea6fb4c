"""A fast path for the commonest block: one project in the canonical layout.

A province's ruleset is a hundred thousand project blocks written by `perfgoals fmt` or the
importer: a `project "…" {` line, `code` and `budget` lines, level-1 blocks, and one line per
indicator (`数量 "名称" "目标"`). Lark's pure-Python lexer and LALR parser spend most of the
time of reading such a file on a handful of token kinds. Here each line of such a block is
matched by one regular expression, the tokens Lark would have made are made with the same
positions, and the same Builder callbacks are called in the order Lark's reductions call them,
so the data (and every diagnostic the callbacks report) are the same.

Only a strict subset of the grammar is taken: any other line (a comment, an attribute, a bare
value, a keyword where a level word stands, a brace not alone at its line's end, a carriage
return) returns None, and the block is parsed by Lark as before.
`tests/language/test_fast_path.py` holds the two paths equal.
"""

from __future__ import annotations

import re
from typing import Any

from lark import Lark, Token

from .literals import BARE
from .transform import Builder

_STRING = r'"(?:[^"\\\n]|\\.)*"'  # the grammar's STRING
_WORD = r"[^\W\d]\w*"  # the grammar's WORD

_BLANK = re.compile(r"[ \t]*")
_PROJECT = re.compile(rf"[ \t]*(project|项目)[ \t]+({_STRING})[ \t]*\{{[ \t]*")
_CODE = re.compile(rf"[ \t]*(code|编码)[ \t]+({_STRING})[ \t]*")
_BUDGET = re.compile(rf"[ \t]*(budget|预算)[ \t]+({_STRING}|{BARE.pattern})[ \t]*")
_LEVEL1 = re.compile(rf"[ \t]*({_WORD})[ \t]*\{{[ \t]*")
_INDICATOR = re.compile(rf"[ \t]*({_WORD})[ \t]+({_STRING})[ \t]+({_STRING})[ \t]*")
_CLOSE = re.compile(r"[ \t]*(\})[ \t]*")

# Switched off by the test that compares this path with Lark's.
ENABLED = True


class _Keywords:
    """The grammar's keywords (its terminals of priority 2), read from the built parser."""

    def __init__(self, parser: Lark) -> None:
        patterns = [t.pattern.to_regexp() for t in parser.terminals if t.priority > 1]
        self.pattern = re.compile("|".join(f"(?:{p})" for p in patterns))

    def any(self, word: str) -> bool:
        # A keyword is lexed where a word stands when it matches there (the lexer tries them
        # first); each ends at a word boundary, so it matches only the whole word.
        return self.pattern.match(word) is not None


_keywords: dict[int, _Keywords] = {}


def project_items(text: str, parser: Lark, builder: Builder) -> list[Any] | None:
    """What `parser.parse(text)` returns for one canonical project block, else None."""
    if not ENABLED:
        return None
    keywords = _keywords.get(id(parser))
    if keywords is None:
        keywords = _keywords[id(parser)] = _Keywords(parser)
    lines = _lines(text, keywords)
    if lines is None:
        return None
    # Every line is taken: only now are the callbacks called (they report diagnostics).
    tokens = _Tokens()
    project: list[Any] = []
    level1: list[Any] = []
    done: list[Any] = []
    for number, offset, kind, m in lines:
        tokens.line(number, offset)
        if kind == "indicator":
            word, name = tokens.at(m, 1, "WORD"), tokens.at(m, 2, "STRING")
            value = builder.value([tokens.at(m, 3, "STRING")])
            level1.append(builder.indicator([word, name, value]))
        elif kind == "level1":
            level1 = [tokens.at(m, 1, "WORD")]
        elif kind == "level1 end":
            level1.append(tokens.at(m, 1, "RBRACE"))
            project.append(builder.level1_block(level1))
        elif kind == "code":
            project.append(builder.code([tokens.at(m, 1, "CODE"), tokens.at(m, 2, "STRING")]))
        elif kind == "budget":
            value_kind = "STRING" if m.group(2).startswith('"') else "BARE"
            value = builder.value([tokens.at(m, 2, value_kind)])
            project.append(builder.budget([tokens.at(m, 1, "BUDGET"), value]))
        elif kind == "project":
            project = [tokens.at(m, 1, "PROJECT"), tokens.at(m, 2, "STRING")]
        else:  # the project's end
            project.append(tokens.at(m, 1, "RBRACE"))
            done = [builder.project(project)]
    return builder.start(done)


_Line = tuple[int, int, str, re.Match[str]]  # line number, its offset, its kind, its match


def _lines(text: str, keywords: _Keywords) -> list[_Line] | None:
    """Each non-blank line of the block with what it is, or None if one is not canonical."""
    out: list[_Line] = []
    state = "before"  # before the project, in it, in a level-1 block, after it
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        start, offset = offset, offset + len(line) + 1
        if _BLANK.fullmatch(line):
            continue
        m: re.Match[str] | None
        if state == "before":
            m, kind, state = _PROJECT.fullmatch(line), "project", "project"
        elif state == "level1":
            m, kind = _INDICATOR.fullmatch(line), "indicator"
            if m is None:
                m, kind, state = _CLOSE.fullmatch(line), "level1 end", "project"
        elif state == "project":
            kind = "code"
            m = _CODE.fullmatch(line)
            if m is None:
                m, kind = _BUDGET.fullmatch(line), "budget"
            if m is None:
                m, kind, state = _LEVEL1.fullmatch(line), "level1", "level1"
            if m is None:
                m, kind, state = _CLOSE.fullmatch(line), "end", "after"
        else:
            return None  # something after the block
        if m is None:
            return None
        if kind in ("indicator", "level1") and keywords.any(m.group(1)):
            return None
        out.append((number, start, kind, m))
    return out if state == "after" else None


class _Tokens:
    """Makes Lark tokens for groups of a line's match, with Lark's positions."""

    def __init__(self) -> None:
        self.number = 0
        self.offset = 0  # of the current line in the text

    def line(self, number: int, offset: int) -> None:
        self.number, self.offset = number, offset

    def at(self, m: re.Match[str], group: int, kind: str) -> Token:
        start, end = m.span(group)
        value = m.group(group)
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
