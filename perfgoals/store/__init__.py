"""Store stage: rulesets, their versions, assessments and score results in SQLite or PostgreSQL.

The only package that imports SQLModel or SQLAlchemy. `Store` is the way in; the commands in
`perfgoals.cli.store` are thin layers over it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .connection import StoreError, default_path, resolve_url
from .repository import (
    NotFoundError,
    RulesetVersion,
    SavedAssessment,
    SavedScore,
    Store,
    StoredRun,
    VersionSummary,
)

if TYPE_CHECKING:
    from ..language.assessment import Assessment
    from ..language.model import Ruleset
    from ..language.policy import Policy
    from ..language.profile import Profile
    from ..monitoring.results import MonitoringResult
    from ..scoring.results import AssessmentResult
    from .monitoring import SavedMonitoring


def save_score(
    result: AssessmentResult,
    ruleset: Ruleset,
    assessment: Assessment,
    policy: Policy,
    *,
    db: str | None = None,
    policy_source: str | None = None,
) -> SavedScore:
    """Save what `perfgoals.scoring.score(ruleset, assessment, policy)` returned, in one
    transaction, with the ruleset version, assessment and policy that produced it.

    `db` is a URL or SQLite path (default: PERFGOALS_DB, else the user's perfgoals.db);
    `policy_source` is the policy's file text where it came from one. Raises StoreError
    (a PerfgoalsError: exit 2) when the database cannot be used.
    """
    with Store(db, create=True) as store:
        return store.save_score(result, ruleset, assessment, policy, policy_source)


def save_monitoring(
    result: MonitoringResult, ruleset: Ruleset, profile: Profile, *, db: str | None = None
) -> SavedMonitoring:
    """Save a monitoring run with the ruleset version and profile behind it."""
    from .monitoring import save_monitoring as save

    return save(result, ruleset, profile, db=db)


__all__ = [
    "NotFoundError",
    "RulesetVersion",
    "SavedAssessment",
    "SavedScore",
    "Store",
    "StoreError",
    "StoredRun",
    "VersionSummary",
    "default_path",
    "resolve_url",
    "save_monitoring",
    "save_score",
]
