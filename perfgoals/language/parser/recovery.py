"""Lark's syntax errors translated into positioned diagnostics, with recovery so that each
mistake in a file is reported once."""

from __future__ import annotations

from collections.abc import Callable, Collection

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from ...i18n import N_, _

_FRIENDLY: dict[str, str] = {
    "STRING": N_("a quoted string"),
    "BARE": N_("a value"),
    "WORD": N_("a keyword"),
    "INT": N_("a whole number"),
    "NUMBER": N_("a number"),
    "_LBRACE": "{",
    "RBRACE": "}",
    "LBRACE": "{",
    "$END": N_("the end of the file"),
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
    "LONG_TERM": "long_term",
    "GRADE": "grade",
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
        friendly["WORD"] = N_("a level-1 block (产出, 效益, 满意度 …)")
    else:
        friendly["WORD"] = N_("an indicator (数量, 质量, 时效, 成本 …)")
    # Keywords of the language stay as written; the descriptions are translated.
    words = sorted({_(friendly.get(n, n.lower())) for n in names if not n.startswith("__")})
    if not words:
        return _("something else")
    if len(words) == 1:
        return words[0]
    return _("{some} or {last}", some=_(", ").join(words[:-1]), last=words[-1])


_QUOTE_HINT = N_(' (strings are written between ASCII double quotes ")')


def _end_of_file(expected: Collection[str]) -> str:
    return _("unexpected end of file: expected {expected}", expected=_expected(expected))


def report_syntax(e: UnexpectedInput, report: Callable[..., None]) -> None:
    if isinstance(e, UnexpectedToken):
        token = e.token
        if token.type == "$END":
            report(e.line, e.column, _end_of_file(e.expected))
            return
        hint = _(_QUOTE_HINT) if str(token)[:1] in "“”‘’「『'" else ""
        report(
            token.line or e.line,
            token.column or e.column,
            _(
                "unexpected {token!r}: expected {expected}",
                token=str(token),
                expected=_expected(e.expected),
            )
            + hint,
            token.end_column,
        )
    elif isinstance(e, UnexpectedCharacters):
        allowed = e.allowed or set()
        char = e.char
        hint = _(_QUOTE_HINT) if char in "“”‘’「『'" else ""
        message = _(
            "unexpected character {char!r}: expected {expected}",
            char=char,
            expected=_expected(allowed),
        )
        report(e.line, e.column, message + hint)
    elif isinstance(e, UnexpectedEOF):
        report(e.line, e.column, _end_of_file(e.expected))
    else:  # pragma: no cover - every UnexpectedInput is one of the above
        report(getattr(e, "line", 0), getattr(e, "column", 0), str(e))
