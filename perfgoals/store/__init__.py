"""Store stage: rulesets, their versions, assessments and score results in SQLite or PostgreSQL.

The only package that imports SQLModel or SQLAlchemy. `Store` is the way in; the commands in
`perfgoals.store.commands` are thin layers over it.
"""

from __future__ import annotations

from .connection import StoreError, default_path, resolve_url
from .repository import NotFoundError, RulesetVersion, SavedAssessment, Store, VersionSummary

__all__ = [
    "NotFoundError",
    "RulesetVersion",
    "SavedAssessment",
    "Store",
    "StoreError",
    "VersionSummary",
    "default_path",
    "resolve_url",
]
