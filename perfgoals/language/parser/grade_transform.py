"""The transformer's reductions of an indicator's tier criteria (`grade 优 ≥95%`): part of the
transformer (transform.Builder inherits it), as the budget block's are."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from lark import Token

from ...i18n import _
from ..values import GRADE_WORDS


def _span(keyword: Token, value: dict[str, Any]) -> dict[str, int]:
    """From the keyword to the end of the criterion's value."""
    end = value["span"]
    return {
        "line": keyword.line or 0,
        "column": keyword.column or 0,
        "end_line": end["end_line"],
        "end_column": end["end_column"],
    }


class GradeReductions:
    """Tier criteria as plain data for the Indicator model's `grades`."""

    report: Callable[[int, int, str, int | None], None]

    def grade_criterion(self, c: list[Any]) -> dict[str, Any] | None:
        word: Token = c[1]
        grade = GRADE_WORDS.get(unicodedata.normalize("NFKC", word))
        if grade is None or grade.value != word:
            self.report(
                word.line or 0,
                word.column or 0,
                _("unknown grade {word!r}: expected 优, 良, 中 or 差", word=str(word)),
                word.end_column,
            )
            return {"attr": "grades", "value": None, "span": _span(c[0], c[-1])}
        criterion = c[2]["value"]
        value = None if criterion is None else {"grade": grade, "criterion": criterion}
        return {"attr": "grades", "value": value, "span": _span(c[0], c[-1])}

    def _grade(self, indicator: dict[str, Any], attribute: dict[str, Any]) -> None:
        """Tiers come best first, each once: the first criterion an actual reaches grades it."""
        grades = indicator.setdefault("grades", [])
        criterion = attribute["value"]
        if criterion is None:
            return  # already reported
        span = attribute["span"]
        if grades and grades[-1]["grade"].rank <= criterion["grade"].rank:
            self.report(
                span["line"],
                span["column"],
                _(
                    "grade {grade} after {previous}: give the tiers once each, best first "
                    "(优, 良, 中, 差)",
                    grade=criterion["grade"].value,
                    previous=grades[-1]["grade"].value,
                ),
                None,
            )
            return
        grades.append(criterion)
