"""The rule registry: every rule's stable code, dotted name, default severity and explanation.

A rule is a function that reads a checked file (its model, its source) and yields hits; the
registry turns hits into findings. Codes are grouped by family letter (H hierarchy, V values,
U units, M money, W weights, D dates, T text, B budget tie-outs, C cross-checks of the
budget with the projects; E and S for the file itself and for suppression
comments) and never reused: registering a code twice is a programming error.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..language.errors import Span
from .findings import Severity

if TYPE_CHECKING:
    from .context import CheckedFile
    from .fixes import Fix

FAMILIES: dict[str, str] = {
    "E": "source",
    "S": "suppression",
    "H": "hierarchy",
    "V": "values",
    "U": "units",
    "M": "money",
    "W": "weights",
    "D": "dates",
    "T": "text",
    "B": "budget",
    "C": "crosscheck",
}

_CODE = re.compile(r"[A-Z]\d{3}")
_NAME = re.compile(r"[a-z]+\.[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Hit:
    """What a rule reports: a message at a span; `anchor` is the line a suppression names."""

    message: str
    span: Span
    anchor: int = 0
    severity: Severity | None = None  # a rule may lower its own default for a milder case
    fix: Fix | None = None  # a mechanical edit that resolves it (checks/fixes.py)


RuleFunction = Callable[["CheckedFile"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    explanation: str
    check: RuleFunction | None  # None: reported by the runner itself (syntax, suppressions)

    @property
    def family(self) -> str:
        return FAMILIES[self.code[0]]


class Registry:
    """Rules by code; refuses a code or a name given twice."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}
        self._names: dict[str, str] = {}

    def add(self, rule: Rule) -> Rule:
        if not _CODE.fullmatch(rule.code) or rule.code[0] not in FAMILIES:
            raise ValueError(f"bad rule code {rule.code!r}: a family letter and three digits")
        if not _NAME.fullmatch(rule.name) or rule.name.split(".")[0] != FAMILIES[rule.code[0]]:
            raise ValueError(f"bad rule name {rule.name!r} for {rule.code}")
        if rule.code in self._rules:
            raise ValueError(f"rule code {rule.code} is registered twice")
        if rule.name in self._names:
            raise ValueError(f"rule name {rule.name} is registered twice")
        if not rule.summary or not rule.explanation:
            raise ValueError(f"rule {rule.code} needs a summary and an explanation")
        self._rules[rule.code] = rule
        self._names[rule.name] = rule.code
        return rule

    def __iter__(self) -> Iterator[Rule]:
        return iter(sorted(self._rules.values(), key=lambda r: r.code))

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, code: object) -> bool:
        return code in self._rules

    def get(self, code_or_name: str) -> Rule | None:
        key = code_or_name.strip()
        code = self._names.get(key, key.upper())
        return self._rules.get(code)

    def matching(self, selector: str) -> list[Rule]:
        """The rules a --select/--ignore word names: a code, a prefix (V, V0), a family, a name."""
        word = selector.strip()
        if not word:
            return []
        if word == "ALL":
            return list(self)
        if word.lower() in FAMILIES.values():
            return [r for r in self if r.family == word.lower()]
        if word in self._names:
            return [self._rules[self._names[word]]]
        upper = word.upper()
        return [r for r in self if r.code.startswith(upper)]

    def rule(
        self, code: str, name: str, severity: Severity | str
    ) -> Callable[[RuleFunction], RuleFunction]:
        """Decorator: register a rule function; its docstring is the summary and explanation."""

        def register(function: RuleFunction) -> RuleFunction:
            self.add(_from_doc(code, name, Severity(severity), function.__doc__, function))
            return function

        return register

    def builtin(self, code: str, name: str, severity: Severity | str, doc: str) -> Rule:
        """Register a rule that the runner reports itself (no rule function)."""
        return self.add(_from_doc(code, name, Severity(severity), doc, None))


def _from_doc(
    code: str, name: str, severity: Severity, doc: str | None, check: RuleFunction | None
) -> Rule:
    summary, _, rest = (doc or "").strip().partition("\n")
    return Rule(code, name, severity, summary.strip(), textwrap.dedent(rest).strip(), check)


REGISTRY = Registry()
