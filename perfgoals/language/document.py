"""A whole perfgoals file: a ruleset, scoring policies and an assessment, each optional."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from .assessment import Assessment
from .model import Ruleset
from .policy import Policy
from .profile import Profile
from .progress import Progress


class Document(BaseModel):
    """What one .perf file holds. A ruleset file has projects; a policy file has policies; an
    actuals file has an assessment; a profile file has monitoring profiles; a progress file has
    a progress report. One file may hold them all."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ruleset: Ruleset = Ruleset()
    policies: tuple[Policy, ...] = ()
    assessment: Assessment | None = None
    assessment_comments: tuple[str, ...] = ()
    profiles: tuple[Profile, ...] = ()
    progress: Progress | None = None
    progress_comments: tuple[str, ...] = ()
