"""Parse stage: source text → validated model. The only module that touches Lark.

The LALR parser runs with the transformer inlined, so no parse tree is built: each reduction
turns straight into plain data, comments are attached to the nodes they precede, and the whole
ruleset is validated once at the end. Lark's exceptions are translated here and nowhere else.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable, Collection
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from .errors import Diagnostic, SourceError, ValueSyntaxError, line_of
from .model import Ruleset, level1_of, level2_of, nature_of
from .values import Comparison, parse_value

MAX_ERRORS = 20

# What each terminal is called in an error message.
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
    "BUDGET": "budget",
    "FUND": "fund",
    "GOAL": "goal",
    "DESC": "desc",
    "BASIS": "basis",
    "WEIGHT": "weight",
    "NATURE": "nature",
    "NA": "na",
}


def grammar_dir() -> Path:
    """The grammar folder: inside the installed package, or at the top of a source checkout."""
    packaged = Path(__file__).parent / "grammar"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "grammar"


def _span(first: Token | dict[str, Any], last: Token | dict[str, Any]) -> dict[str, int]:
    start = first["span"] if isinstance(first, dict) else _token_span(first)
    end = last["span"] if isinstance(last, dict) else _token_span(last)
    return {
        "line": start["line"],
        "column": start["column"],
        "end_line": end["end_line"],
        "end_column": end["end_column"],
    }


def _token_span(token: Token) -> dict[str, int]:
    return {
        "line": token.line or 0,
        "column": token.column or 0,
        "end_line": token.end_line or 0,
        "end_column": token.end_column or 0,
    }


def unquote(token: str) -> str:
    """The text of a STRING token, escapes resolved."""
    body = token[1:-1]
    if "\\" not in body:
        return body
    out = []
    chars = iter(body)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            out.append("\n" if nxt == "n" else nxt)
        else:
            out.append(ch)
    return "".join(out)


class _Builder(Transformer[Token, Any]):
    """Turns each reduction into plain data; collects diagnostics instead of stopping."""

    def __init__(self) -> None:
        super().__init__(visit_tokens=False)
        self.report: Callable[[int, int, str, int | None], None] = lambda *_: None

    # ---- leaves ------------------------------------------------------------------------
    def value(self, c: list[Token]) -> dict[str, Any]:
        token = c[0]
        quoted = token.type == "STRING"
        text = unquote(token) if quoted else str(token)
        span = _token_span(token)
        try:
            parsed: Any = parse_value(text)
        except ValueSyntaxError as e:
            column = (token.column or 0) + (1 if quoted else 0) + e.column - 1
            end = None if e.end_column is None else column + e.end_column - e.column
            self.report(token.line or 0, column, f"cannot read value {text!r}: {e.message}", end)
            parsed = None
        return {"value": parsed, "span": span}

    # ---- header --------------------------------------------------------------------------
    def header(self, c: list[Any]) -> dict[str, Any]:
        head: dict[str, Any] = {"span": _span(c[0], c[-1])}
        fields = c[1:-1]
        if fields and isinstance(fields[0], Token):
            head["title"] = unquote(fields[0])
            fields = fields[1:]
        for f in fields:
            head[f["field"]] = f["value"]
        return {"kind": "header", "node": head}

    def _field(self, name: str, c: list[Any], value: Any) -> dict[str, Any]:
        return {"field": name, "value": value, "span": _span(c[0], c[-1])}

    def title(self, c: list[Any]) -> dict[str, Any]:
        return self._field("title", c, unquote(c[1]))

    def department(self, c: list[Any]) -> dict[str, Any]:
        return self._field("department", c, unquote(c[1]))

    def year(self, c: list[Any]) -> dict[str, Any]:
        return self._field("year", c, int(c[1]))

    def currency(self, c: list[Any]) -> dict[str, Any]:
        return self._field("currency", c, str(c[1]))

    def policy(self, c: list[Any]) -> dict[str, Any]:
        return self._field("policy", c, unquote(c[1]))

    # ---- projects ------------------------------------------------------------------------
    def project(self, c: list[Any]) -> dict[str, Any]:
        project: dict[str, Any] = {
            "name": unquote(c[1]),
            "funds": [],
            "goals": [],
            "indicators": [],
            "span": _span(c[0], c[-1]),
        }
        for part in c[2:-1]:
            kind = part["kind"]
            if kind == "code":
                project["code"] = part["text"]
            elif kind == "budget":
                project["budget"] = self._money(part)
            elif kind == "fund":
                project["funds"].append(
                    {"source": part["source"], "amount": self._money(part), "span": part["span"]}
                )
            elif kind == "goal":
                project["goals"].append({"text": part["text"], "span": part["span"]})
            else:
                project["indicators"].extend(part["indicators"])
        return {"kind": "project", "node": project}

    def _money(self, part: dict[str, Any]) -> Comparison | None:
        value = part["value"]
        if value is None:
            return None  # already reported
        if not isinstance(value, Comparison):
            span = part["value_span"]
            self.report(
                span["line"],
                span["column"],
                f"expected an amount of money, found {value.text!r}",
                span["end_column"],
            )
            return None
        return value

    def code(self, c: list[Any]) -> dict[str, Any]:
        return {"kind": "code", "text": unquote(c[1]), "span": _span(c[0], c[1])}

    def budget(self, c: list[Any]) -> dict[str, Any]:
        return {
            "kind": "budget",
            "value": c[1]["value"],
            "value_span": c[1]["span"],
            "span": _span(c[0], c[1]),
        }

    def fund(self, c: list[Any]) -> dict[str, Any]:
        return {
            "kind": "fund",
            "source": unquote(c[1]),
            "value": c[2]["value"],
            "value_span": c[2]["span"],
            "span": _span(c[0], c[2]),
        }

    def goal(self, c: list[Any]) -> dict[str, Any]:
        return {"kind": "goal", "text": unquote(c[1]), "span": _span(c[0], c[1])}

    def level1_block(self, c: list[Any]) -> dict[str, Any]:
        word: Token = c[0]
        level1 = level1_of(word)
        if level1 is None:
            self.report(
                word.line or 0,
                word.column or 0,
                f"unknown level-1 kind {str(word)!r}: expected 产出, 效益, 满意度 or 成本 "
                "(output, benefit, satisfaction, cost)",
                word.end_column,
            )
        indicators = [i for i in c[1:-1] if i is not None]
        for indicator in indicators:
            indicator["level1"] = level1
        return {
            "kind": "level1",
            "indicators": indicators if level1 else [],
            "span": _token_span(word),
        }

    def indicator(self, c: list[Any]) -> dict[str, Any] | None:
        word: Token = c[0]
        level2 = level2_of(word)
        if level2 is None:
            self.report(
                word.line or 0,
                word.column or 0,
                f"unknown level-2 kind {str(word)!r}: expected 数量, 质量, 时效, 成本, 社会效益, "
                "经济效益, 生态效益, 可持续影响 or 服务对象满意度",
                word.end_column,
            )
        target = c[2]
        indicator: dict[str, Any] = {
            "level2": level2,
            "name": unquote(c[1]),
            "target": target["value"],
            "target_span": target["span"],
            "span": _span(word, c[-1]),
        }
        for attribute in c[3:]:
            name = attribute["attr"]
            if name in indicator and name != "span":
                span = attribute["span"]
                self.report(span["line"], span["column"], f"{name} is given twice", None)
            indicator[name] = attribute["value"]
        if level2 is None or target["value"] is None:
            return None
        return indicator

    def _attr(self, name: str, c: list[Any], value: Any) -> dict[str, Any]:
        return {"attr": name, "value": value, "span": _span(c[0], c[-1])}

    def desc(self, c: list[Any]) -> dict[str, Any]:
        return self._attr("description", c, unquote(c[1]))

    def basis(self, c: list[Any]) -> dict[str, Any]:
        return self._attr("basis", c, unquote(c[1]))

    def weight(self, c: list[Any]) -> dict[str, Any]:
        return self._attr("weight", c, Decimal(str(c[1])))

    def nature(self, c: list[Any]) -> dict[str, Any]:
        word: Token = c[1]
        nature = nature_of(word)
        if nature is None:
            self.report(
                word.line or 0,
                word.column or 0,
                f"unknown nature {str(word)!r}: expected 正向, 反向, 等于 or 定性 "
                "(positive, reverse, equal, qualitative)",
                word.end_column,
            )
        return self._attr("nature", c, nature)

    def goal_ref(self, c: list[Any]) -> dict[str, Any]:
        return self._attr("goal", c, int(c[1]))

    def na(self, c: list[Any]) -> dict[str, Any]:
        return self._attr("not_applicable", c, True)

    def start(self, c: list[Any]) -> list[Any]:
        return c


@cache
def _lark() -> tuple[Lark, _Builder]:
    builder = _Builder()
    grammar = (grammar_dir() / "perfgoals.lark").read_text(encoding="utf-8")
    parser = Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        transformer=builder,
        lexer_callbacks={"COMMENT": lambda token: _comments.sink(token)},
        maybe_placeholders=False,
        cache=True,
    )
    return parser, builder


class _CommentSink:
    """Where the lexer puts comments during the current parse (one parse at a time)."""

    def __init__(self) -> None:
        self.items: list[Token] = []

    def sink(self, token: Token) -> Token:
        self.items.append(token)
        return token


_comments = _CommentSink()
_lock = threading.Lock()


def parse_ruleset(text: str, path: str = "<string>") -> Ruleset:
    """Parse ruleset source text; raises SourceError with every problem found."""
    diagnostics: list[Diagnostic] = []

    def report(line: int, column: int, message: str, end_column: int | None = None) -> None:
        if len(diagnostics) < MAX_ERRORS:
            diagnostics.append(
                Diagnostic(path, line, column, message, line_of(text, line), end_column)
            )

    parser, builder = _lark()
    with _lock:
        _comments.items = []
        builder.report = report
        try:
            items: Any = parser.parse(text, on_error=_recover(report))
        except UnexpectedInput as e:
            if not diagnostics:
                _report_syntax(e, report)
            items = None
        finally:
            builder.report = lambda *_: None
        comments = list(_comments.items)
    if diagnostics or items is None:
        raise SourceError(diagnostics)
    data = _assemble(items, comments, report)
    if diagnostics:
        raise SourceError(diagnostics)
    return Ruleset.model_validate(data)


def parse_file(path: str | Path) -> Ruleset:
    """Read and parse one ruleset file (UTF-8, a BOM allowed)."""
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as e:
        raise SourceError(
            [Diagnostic(str(path), 0, 0, f"cannot read file: {e.strerror}")]
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, e.start) + 1
        column = len(raw[line_start : e.start].decode("utf-8", errors="replace")) + 1
        raise SourceError(
            [Diagnostic(str(path), line, column, "not UTF-8 text: save the file as UTF-8")]
        ) from None
    return parse_ruleset(text, str(path))


# Stand-ins fed to the parser after an error, so that it can go on and find the next one.
_PLACEHOLDERS = (("STRING", '""'), ("BARE", "/"), ("NUMBER", "0"), ("INT", "0"))


def _recover(report: Callable[..., None]) -> Callable[[UnexpectedInput], bool]:
    """Report an error, repair the token stream, and go on, so later errors are found too.

    A missing token is supplied (a stand-in of the kind expected) and the offending token is fed
    after it if it then fits, else dropped. Further errors on the line of the last one are
    usually its echo and are not shown.
    """
    last_line = [-1]

    def on_error(e: UnexpectedInput) -> bool:
        line = getattr(e, "line", -1)
        if line != last_line[0]:
            _report_syntax(e, report)
            last_line[0] = line
        if not isinstance(e, UnexpectedToken):
            return True  # Lark skips the character
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


def _report_syntax(e: UnexpectedInput, report: Callable[..., None]) -> None:
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


def _assemble(
    items: list[Any], comments: list[Token], report: Callable[..., None]
) -> dict[str, Any]:
    """Build the ruleset data and attach each comment to the node it stands in or before."""
    header: dict[str, Any] | None = None
    projects: list[dict[str, Any]] = []
    for item in items:
        if item["kind"] == "header":
            if header is not None:
                span = item["node"]["span"]
                report(span["line"], span["column"], "a file has at most one ruleset header")
            header = item["node"]
        else:
            projects.append(item["node"])
    data: dict[str, Any] = {"header": header, "projects": projects, "end_comments": []}
    top = ([header] if header else []) + projects
    top.sort(key=lambda n: n["span"]["line"])
    starts = [n["span"]["line"] for n in top]
    for token in comments:
        text = str(token)[1:].rstrip()
        line = token.line or 0
        i = bisect.bisect_right(starts, line) - 1
        if i >= 0 and line <= top[i]["span"]["end_line"]:
            _attach_inside(top[i], line, text)
        elif i + 1 < len(top):
            top[i + 1].setdefault("comments", []).append(text)
        else:
            data["end_comments"].append(text)
    return data


def _attach_inside(node: dict[str, Any], line: int, text: str) -> None:
    if "indicators" not in node:  # the header
        node.setdefault("comments", []).append(text)
        return
    children = sorted(
        node["goals"] + node["funds"] + node["indicators"], key=lambda n: n["span"]["line"]
    )
    for child in children:
        if (
            child["span"]["line"] <= line <= child["span"]["end_line"]
            or child["span"]["line"] > line
        ):
            child.setdefault("comments", []).append(text)
            return
    node.setdefault("end_comments", []).append(text)
