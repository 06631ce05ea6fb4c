"""perfgoals: performance-target rules for public budgets (预算绩效目标管理).

The pipeline, one package a stage: language (values, models, the parser: the only user of Lark)
→ tables (every tabular file) → actuals → scoring → checks / importer / reports → store, with this
thin API on top and the CLI (perfgoals.cli) on that.

The names below are imported on first use, so `import perfgoals` (and every command that needs
only part of the package, such as `perfgoals --help`) does not pay for the parser and pydantic.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name → the module that defines it
_EXPORTS = {
    "Diagnostic": "perfgoals.language.errors",
    "PerfgoalsError": "perfgoals.language.errors",
    "SourceError": "perfgoals.language.errors",
    "Span": "perfgoals.language.errors",
    "ValueSyntaxError": "perfgoals.language.errors",
    "format_ruleset": "perfgoals.language.formatter",
    "Indicator": "perfgoals.language.model",
    "Level1": "perfgoals.language.model",
    "Level2": "perfgoals.language.model",
    "Nature": "perfgoals.language.model",
    "Project": "perfgoals.language.model",
    "Ruleset": "perfgoals.language.model",
    "parse_file": "perfgoals.language.parser",
    "parse_ruleset": "perfgoals.language.parser",
    "parse_value": "perfgoals.language.values",
}

__all__ = [
    "Diagnostic",
    "Indicator",
    "Level1",
    "Level2",
    "Nature",
    "PerfgoalsError",
    "Project",
    "Ruleset",
    "SourceError",
    "Span",
    "ValueSyntaxError",
    "__version__",
    "format_ruleset",
    "parse_file",
    "parse_ruleset",
    "parse_value",
]

if TYPE_CHECKING:
    from .language.errors import Diagnostic, PerfgoalsError, SourceError, Span, ValueSyntaxError
    from .language.formatter import format_ruleset
    from .language.model import Indicator, Level1, Level2, Nature, Project, Ruleset
    from .language.parser import parse_file, parse_ruleset
    from .language.values import parse_value


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'perfgoals' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups do not come here again
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
