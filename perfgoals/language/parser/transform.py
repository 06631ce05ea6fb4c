"""The transformer: Lark reductions → plain data for the model; the only code that knows the
grammar's rule names."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from typing import Any

from lark import Token, Transformer

from ...i18n import _
from ..assessment import Actual, IndicatorRef, Origin, ProjectActuals
from ..errors import ValueSyntaxError
from ..model import level1_of, level2_of, nature_of
from ..numbers import held_or_zero
from ..progress import (
    NOT_FILLED,
    Cause,
    IndicatorProgress,
    ProjectProgress,
    cause_of,
    likelihood_of,
    progress_tier_of,
)
from ..settings import Setting
from ..units import Dimension, lookup
from ..values import Comparison, NotApplicable, canonical, parse_value
from .budget_transform import BudgetReductions
from .grade_transform import GradeReductions
from .literals import unquote
from .messages import NO_UNIT, NOT_MONEY, unknown_word


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


class Builder(BudgetReductions, GradeReductions, Transformer[Token, Any]):
    """Turns each reduction into plain data; collects diagnostics instead of stopping."""

    def __init__(self) -> None:
        super().__init__(visit_tokens=False)
        self.report: Callable[[int, int, str, int | None], None] = lambda *_: None
        self.path = "<string>"

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
            message = _("cannot read value {text!r}: {reason}", text=text, reason=e.message)
            self.report(token.line or 0, column, message, end)
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
            "info": [],
            "goals": [],
            "indicators": [],
            "span": _span(c[0], c[-1]),
        }
        for part in c[2:-1]:
            kind = part["kind"]
            if kind == "code":
                project["code"] = part["text"]
            elif kind == "info":
                project["info"].append(
                    {"label": part["label"], "value": part["value"], "span": part["span"]}
                )
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
                _("expected an amount of money, found {text!r}", text=value.text),
                span["end_column"],
            )
            return None
        return value

    def code(self, c: list[Any]) -> dict[str, Any]:
        return {"kind": "code", "text": unquote(c[1]), "span": _span(c[0], c[1])}

    def info(self, c: list[Any]) -> dict[str, Any]:
        return {
            "kind": "info",
            "label": unquote(c[1]),
            "value": unquote(c[2]),
            "span": _span(c[0], c[2]),
        }

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
                unknown_word("level1", word),
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
                unknown_word("level2", word),
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
            if name == "grades":
                self._grade(indicator, attribute)
                continue
            if name in indicator and name != "span":
                span = attribute["span"]
                message = _("{name} is given twice", name=name)
                self.report(span["line"], span["column"], message, None)
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
        return self._attr("weight", c, held_or_zero(c[1], self.report))

    def nature(self, c: list[Any]) -> dict[str, Any]:
        word: Token = c[1]
        nature = nature_of(word)
        if nature is None:
            self.report(
                word.line or 0,
                word.column or 0,
                unknown_word("nature", word),
                word.end_column,
            )
        return self._attr("nature", c, nature)

    def goal_ref(self, c: list[Any]) -> dict[str, Any]:
        return self._attr("goal", c, int(c[1]))

    def na(self, c: list[Any]) -> dict[str, Any]:
        return self._attr("not_applicable", c, True)

    def long_term(self, c: list[Any]) -> dict[str, Any]:
        return self._attr("long_term_target", c, c[1]["value"])

    # ---- policies ------------------------------------------------------------------------
    def setting_value(self, c: list[Token]) -> Token:
        return c[0]

    def setting(self, c: list[Any]) -> Setting:
        key: Token = c[0]
        value: Token = c[1]
        text = unquote(value) if value.type == "STRING" else str(value)
        return Setting(_key(key), text, (), key.line or 0, key.column or 0, key.end_column or 0)

    def setting_block(self, c: list[Any]) -> Setting:
        key: Token = c[0]
        children = tuple(s for s in c[1:-1] if isinstance(s, Setting))
        return Setting(
            _key(key), None, children, key.line or 0, key.column or 0, key.end_column or 0
        )

    def policy_block(self, c: list[Any]) -> dict[str, Any]:
        node = {"name": unquote(c[1]), "settings": tuple(c[2:-1]), "span": _span(c[0], c[-1])}
        return {"kind": "policy", "node": node}

    # ---- assessments ----------------------------------------------------------------------
    def _origin(self, token: Token) -> Origin:
        return Origin(path=self.path, line=token.line or 0, column=token.column or 0)

    def assessment(self, c: list[Any]) -> dict[str, Any]:
        return {"kind": "assessment", "node": self._block(c, self._assessed)}

    def _block(self, c: list[Any], build: Callable[[dict[str, Any], Any], Any]) -> dict[str, Any]:
        """An assessment or progress block: its fields, currency and projects."""
        node: dict[str, Any] = {"span": _span(c[0], c[-1]), "projects": []}
        parts = c[1:-1]
        currency = next((p["value"] for p in parts if p.get("field") == "currency"), None)
        scale = None
        if currency is not None:
            unit = lookup(currency)
            if unit.dimension is not Dimension.MONEY:
                self.report(
                    *_at(next(p for p in parts if p.get("field") == "currency")),
                    _(NOT_MONEY, currency=currency),
                    None,
                )
            else:
                scale = unit.scale
        for part in parts:
            if "field" in part:
                if part["field"] != "currency":
                    node[part["field"]] = part["value"]
            else:
                node["projects"].append(build(part, scale))
        return node

    def assessment_ruleset(self, c: list[Any]) -> dict[str, Any]:
        return self._field("ruleset", c, unquote(c[1]))

    def assessed_project(self, c: list[Any]) -> dict[str, Any]:
        project: dict[str, Any] = {
            "project": unquote(c[1]),
            "origin": self._origin(c[0]),
            "span": _span(c[0], c[-1]),
            "actuals": [],
            "money": [],
        }
        for part in c[2:-1]:
            if part is None:
                continue  # an actual with a problem, already reported
            if isinstance(part, Actual | IndicatorProgress):
                project["actuals"].append(part)
            elif part["kind"] in ("adjusted_budget", "initial_budget", "executed", "forecast"):
                project["money"].append(part)
            else:
                project[part["kind"]] = part["value"]
        return project

    def _assessed(self, project: dict[str, Any], scale: Any) -> ProjectActuals:
        data = {k: v for k, v in project.items() if k != "money"}
        for part in project["money"]:
            data[part["kind"]] = self._amount(part, scale)
        data["actuals"] = tuple(data["actuals"])
        return ProjectActuals.model_validate(data)

    def _amount(self, part: dict[str, Any], scale: Any) -> Any:
        """An amount in 元: a money value, or a bare number in the assessment's currency."""
        value = part["value"]
        span = part["value_span"]
        if value is None:
            return None  # already reported
        if isinstance(value, Comparison) and value.op is None:
            if value.dimension is Dimension.MONEY:
                return value.value
            if value.dimension is Dimension.NUMBER:
                if scale is not None:
                    return canonical(value.magnitude * scale)
                self.report(
                    span["line"],
                    span["column"],
                    _(NO_UNIT, text=value.text),
                    span["end_column"],
                )
                return None
        self.report(
            span["line"],
            span["column"],
            _("expected an amount of money, found {text!r}", text=value.text),
            span["end_column"],
        )
        return None

    def _money_part(self, kind: str, c: list[Any]) -> dict[str, Any]:
        return {"kind": kind, "value": c[1]["value"], "value_span": c[1]["span"]}

    def assessed_code(self, c: list[Any]) -> dict[str, Any]:
        return {"kind": "code", "value": unquote(c[1])}

    def assessed_budget(self, c: list[Any]) -> dict[str, Any]:
        return self._money_part("adjusted_budget", c)

    def assessed_initial(self, c: list[Any]) -> dict[str, Any]:
        return self._money_part("initial_budget", c)

    def assessed_executed(self, c: list[Any]) -> dict[str, Any]:
        return self._money_part("executed", c)

    def assessed_explain(self, c: list[Any]) -> dict[str, Any]:
        return {"kind": "explanation", "value": unquote(c[1])}

    def actual(self, c: list[Any]) -> Actual | None:
        entry = self._entry(c, "value")
        if entry is None:
            return None
        ref, fields = entry
        if "value" not in fields and not fields.get("not_applicable") and "tier" not in fields:
            self.report(
                *_at(fields), _("actual {name!r} gives no value, tier or na", name=ref.name), None
            )
            return None
        return Actual(indicator=ref, **fields)

    def current(self, c: list[Any]) -> IndicatorProgress | None:
        entry = self._entry(c, "current")
        return None if entry is None else IndicatorProgress(indicator=entry[0], **entry[1])

    def _entry(self, c: list[Any], value_field: str) -> tuple[IndicatorRef, dict[str, Any]] | None:
        """An `actual` or `current` line: levels, name, occurrence, value and attributes."""
        head: Token = c[0]
        words: list[Token] = []
        i = 1
        while isinstance(c[i], Token) and c[i].type == "WORD":
            words.append(c[i])
            i += 1
        name = unquote(c[i])
        fields: dict[str, Any] = {"origin": self._origin(head), "span": _span(head, c[-1])}
        ok = True
        for part in c[i + 1 :]:
            if "attr" not in part:
                fields[value_field] = part["value"]
                ok = ok and part["value"] is not None
                continue
            attr = part["attr"]
            if attr in fields:
                self.report(*_at(part), _("{name} is given twice", name=attr), None)
            fields[attr] = part["value"]
            # An unknown tier, occurrence 0: reported. A likelihood may be left unfilled.
            ok = ok and (part["value"] is not None or part.get("optional", False))
        ref: dict[str, Any] = {"name": name, "occurrence": fields.pop("occurrence", None)}
        ok = self._levels(words, ref) and ok
        if isinstance(fields.get(value_field), NotApplicable):
            fields["not_applicable"] = True
        if not ok:
            return None
        return IndicatorRef(**ref), fields

    def _levels(self, words: list[Token], ref: dict[str, Any]) -> bool:
        """`产出 成本 "NAME"`, `成本 "NAME"` or `产出 "NAME"`: the levels that narrow a name."""
        if len(words) > 2:
            self.report(
                words[2].line or 0,
                words[2].column or 0,
                _("at most a level 1 and a level 2 stand before the indicator's name"),
                words[2].end_column,
            )
            return False
        if len(words) == 2:
            ref["level1"], ref["level2"] = level1_of(words[0]), level2_of(words[1])
            pairs = ((words[0], ref["level1"]), (words[1], ref["level2"]))
            bad = [word for word, level in pairs if level is None]
        elif len(words) == 1:
            level2 = level2_of(words[0])
            if level2 is not None:
                ref["level2"] = level2
            else:
                ref["level1"] = level1_of(words[0])
            bad = [words[0]] if level2 is None and ref.get("level1") is None else []
        else:
            bad = []
        for word in bad:
            self.report(
                word.line or 0,
                word.column or 0,
                unknown_word("level", word),
                word.end_column,
            )
        return not bad

    def actual_tier(self, c: list[Any]) -> dict[str, Any]:
        word: Token = c[1]
        tier = progress_tier_of(word)
        if tier is None:
            self.report(
                word.line or 0,
                word.column or 0,
                _("unknown tier {word!r}: expected 达成, 部分达成 or 未达成", word=str(word)),
                word.end_column,
            )
        return self._attr("tier", c, tier)

    def actual_points(self, c: list[Any]) -> dict[str, Any]:
        return self._attr("points", c, held_or_zero(c[1], self.report))

    def actual_na(self, c: list[Any]) -> dict[str, Any]:
        return self._attr("not_applicable", c, True)

    def actual_explain(self, c: list[Any]) -> dict[str, Any]:
        return self._attr("explanation", c, unquote(c[1]))

    def actual_occurrence(self, c: list[Any]) -> dict[str, Any]:
        number = int(c[1])
        if number < 1:
            token: Token = c[1]
            self.report(
                token.line or 0, token.column or 0, _("occurrence counts from 1"), token.end_column
            )
            return self._attr("occurrence", c, None)
        return self._attr("occurrence", c, number)

    # ---- monitoring profiles and progress ---------------------------------------------------
    def profile_block(self, c: list[Any]) -> dict[str, Any]:
        node = {"name": unquote(c[1]), "settings": tuple(c[2:-1]), "span": _span(c[0], c[-1])}
        return {"kind": "profile", "node": node}

    def progress(self, c: list[Any]) -> dict[str, Any]:
        return {"kind": "progress", "node": self._block(c, self._progressed)}

    def _progressed(self, project: dict[str, Any], scale: Any) -> ProjectProgress:
        data = {k: v for k, v in project.items() if k not in ("money", "actuals")}
        data["indicators"] = tuple(project["actuals"])
        for part in project["money"]:
            kind = "budget" if part["kind"] == "adjusted_budget" else part["kind"]
            data[kind] = self._amount(part, scale)
        return ProjectProgress.model_validate(data)

    def progress_month(self, c: list[Any]) -> dict[str, Any]:
        month = int(c[1])
        if not 1 <= month <= 12:
            self.report(*_at({"span": _token_span(c[1])}), _("month: expected 1 to 12"), None)
        return self._field("month", c, month if 1 <= month <= 12 else None)

    def progress_as_of(self, c: list[Any]) -> dict[str, Any]:
        token: Token = c[1]
        try:
            day = dt.date.fromisoformat(str(token).replace("/", "-"))
        except ValueError:
            self.report(
                token.line or 0,
                token.column or 0,
                _("as_of: expected a date such as 2023-07-31, found {text!r}", text=str(token)),
                token.end_column,
            )
            day = None
        return self._field("as_of", c, day)

    def progress_profile(self, c: list[Any]) -> dict[str, Any]:
        return self._field("profile", c, unquote(c[1]))

    def progress_project(self, c: list[Any]) -> dict[str, Any]:
        return self.assessed_project(c)

    def progress_forecast(self, c: list[Any]) -> dict[str, Any]:
        return self._money_part("forecast", c)

    def current_forecast(self, c: list[Any]) -> dict[str, Any]:
        return self._attr("forecast", c, c[1]["value"])

    def current_cause(self, c: list[Any]) -> dict[str, Any]:
        word: Token = c[1]
        cause = cause_of(word)
        if cause is None:
            self.report(
                word.line or 0,
                word.column or 0,
                _(
                    "unknown deviation category {text!r}: expected {known}",
                    text=str(word),
                    known=_(", ").join(Cause),
                ),
                word.end_column,
            )
        return self._attr("cause", c, cause)

    def current_likelihood(self, c: list[Any]) -> dict[str, Any]:
        token: Token = c[1]
        text = unquote(token) if token.type == "STRING" else str(token)
        if text.strip().lower() in NOT_FILLED:
            return {**self._attr("likelihood", c, None), "optional": True}
        likelihood = likelihood_of(text)
        if likelihood is None:
            self.report(
                token.line or 0,
                token.column or 0,
                _(
                    "unknown likelihood {text!r}: expected 确定能, 有可能 or 完全不可能 "
                    "(0: not filled)",
                    text=text,
                ),
                token.end_column,
            )
        return self._attr("likelihood", c, likelihood)

    def current_note(self, c: list[Any]) -> dict[str, Any]:
        return self._attr("note", c, unquote(c[1]))

    def start(self, c: list[Any]) -> list[Any]:
        return c


def _key(token: Token) -> str:
    return unicodedata.normalize("NFKC", str(token)).lower()


def _at(part: dict[str, Any]) -> tuple[int, int]:
    return part["span"]["line"], part["span"]["column"]
