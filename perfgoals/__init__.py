"""perfgoals: performance-target rules for public budgets (预算绩效目标管理).

The pipeline, one package a stage: language (values, models, the parser: the only user of Lark)
→ tables (every tabular file) → actuals → scoring → checks / importer / reports → store, with this
thin API on top and the CLI (perfgoals.cli) on that.
"""

from .language.errors import Diagnostic, PerfgoalsError, SourceError, Span, ValueSyntaxError
from .language.formatter import format_ruleset
from .language.model import Indicator, Level1, Level2, Nature, Project, Ruleset
from .language.parser import parse_file, parse_ruleset
from .language.values import parse_value

__version__ = "0.1.0"

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
