"""Lark's syntax errors translated into positioned diagnostics, with recovery so that each
mistake in a file is reported once."""

from __future__ import annotations

from collections.abc import Callable, Collection

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

_FRIENDLY: dict[str, str] = {
    "STRING": "a quoted string",
    "BARE": "a value",
    "WORD": "a keyword",
    "INT": "a whole number",
    "NUMBER": "a number",
    "_LBRACE": "{",
    "RBRACE": "}",
    "LBRACE": "{",
    "$END": "the end of the file",
    "RULESET": "ruleset",
    "PROJECT": "project",
    "TITLE": "title",
    "DEPARTMENT": "department",
    "YEAR": "year",
    "CURRENCY": "currency",
    "POLICY": "policy",
    "CODE": "code",
    "INFO": "info",
    "BUDGET": "budget",
    "FUND": "fund",
    "GOAL": "goal",
    "DESC": "desc",
    "BASIS": "basis",
    "WEIGHT": "weight",
    "NATURE": "nature",
    "NA": "na",
    "ASSESSMENT": "assessment",
    "INITIAL": "initial",
    "EXECUTED": "executed",
    "EXPLAIN": "explain",
    "ACTUAL": "actual",
    "TIER": "tier",
    "POINTS": "points",
    "OCCURRENCE": "occurrence",
}


_PLACEHOLDERS = (("STRING", '""'), ("BARE", "/"), ("NUMBER", "0"), ("INT", "0"))


def recover(report: Callable[..., None]) -> Callable[[UnexpectedInput], bool]:
    """Report an error, repair the token stream, and go on, so later errors are found too.

    A missing token is supplied (a stand-in of the kind expected) and the offending token is fed
    after it if it then fits, else dropped. Further errors on the line of the last one are
    usually its echo and are not shown.
    """
    last_line = [-1]

    def on_error(e: UnexpectedInput) -> bool:
        line = getattr(e, "line", -1)
        if line != last_line[0]:
            report_syntax(e, report)
            last_line[0] = line
        if not isinstance(e, UnexpectedToken):
            # A quote that opens no string (it is never closed on its line) leaves the rest of
            # the file misread, so it is reported alone; other stray characters are skipped.
            return not (isinstance(e, UnexpectedCharacters) and e.char == '"')
        if e.token.type == "$END":
            return False
        parser = e.interactive_parser
        expected = parser.accepts()  # type: ignore[no-untyped-call]
        for name, text in _PLACEHOLDERS:
            if name in expected:
                parser.feed_token(
                    Token(name, text, e.token.start_pos, e.token.line, e.token.column)
                )
                if e.token.type in parser.accepts():  # type: ignore[no-untyped-call]
                    parser.feed_token(e.token)
                break
        return True

    return on_error


def _expected(names: Collection[str]) -> str:
    friendly = dict(_FRIENDLY)
    # A bare word is a level kind; which level, the other expected keywords tell.
    if {"BUDGET", "CODE", "GOAL"} & set(names):
        friendly["WORD"] = "a level-1 block (产出, 效益, 满意度 …)"
    else:
        friendly["WORD"] = "an indicator (数量, 质量, 时效, 成本 …)"
    words = sorted({friendly.get(n, n.lower()) for n in names if not n.startswith("__")})
    if not words:
        return "something else"
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


_QUOTE_HINT = ' (strings are written between ASCII double quotes ")'


def report_syntax(e: UnexpectedInput, report: Callable[..., None]) -> None:
    if isinstance(e, UnexpectedToken):
        token = e.token
        if token.type == "$END":
            report(e.line, e.column, f"unexpected end of file: expected {_expected(e.expected)}")
            return
        hint = _QUOTE_HINT if str(token)[:1] in "“”‘’「『'" else ""
        report(
            token.line or e.line,
            token.column or e.column,
            f"unexpected {str(token)!r}: expected {_expected(e.expected)}{hint}",
            token.end_column,
        )
    elif isinstance(e, UnexpectedCharacters):
        allowed = e.allowed or set()
        char = e.char
        hint = _QUOTE_HINT if char in "“”‘’「『'" else ""
        report(
            e.line, e.column, f"unexpected character {char!r}: expected {_expected(allowed)}{hint}"
        )
    elif isinstance(e, UnexpectedEOF):
        report(e.line, e.column, f"unexpected end of file: expected {_expected(e.expected)}")
    else:  # pragma: no cover - every UnexpectedInput is one of the above
        report(getattr(e, "line", 0), getattr(e, "column", 0), str(e))
