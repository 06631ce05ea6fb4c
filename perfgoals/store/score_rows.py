"""Score results (perfgoals.scoring.results) and policies to table rows and back.

The hot path is one dict per indicator result, built by attribute access with no model dump:
a province saves millions of them. Everything the engine produced is kept, so what is loaded
equals what was scored: the formula as its template and arguments, the reasons, the origin.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from ..language.assessment import Origin
from ..language.formatter import format_policy
from ..language.model import Level1, Level2
from ..language.policy import Policy
from ..scoring.results import (
    AssessmentResult,
    ExecutionResult,
    GroupResult,
    IndicatorResult,
    Problem,
    ProjectResult,
    Status,
    Summary,
    WeightSource,
)
from .rows import content_hash


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _text(number: Decimal | None) -> str | None:
    return None if number is None else str(number)


# ------------------------------------------------------------------------------ policies


def policy_definition(policy: Policy) -> dict[str, Any]:
    """The policy model as JSON, without its source position."""
    data: dict[str, Any] = policy.model_dump(mode="json", exclude={"span"})
    return data


def policy_text(policy: Policy) -> str:
    """The canonical text of a policy: its block as the formatter writes it."""
    return "\n".join(format_policy(policy)) + "\n"


def policy_values(policy: Policy, source_text: str | None) -> dict[str, Any]:
    """A policy's row: its source text as given (else its canonical text) and a content hash.

    The hash covers the text and the definition together: a comment changed in the file is
    another policy text, and the definition is what a past score is reproduced from.
    """
    text = source_text if source_text is not None else policy_text(policy)
    definition = policy_definition(policy)
    content = json.dumps({"source": text, "definition": definition}, sort_keys=True)
    return {
        "name": policy.name,
        "content_hash": content_hash(content),
        "source_text": text,
        "definition": definition,
    }


def policy_from_definition(definition: dict[str, Any]) -> Policy:
    return Policy.model_validate(definition)


# ------------------------------------------------------------------------ formula arguments


def encode_args(args: Sequence[Any]) -> str:
    """Formula arguments as JSON, decimals tagged so they come back as Decimal, exactly.

    Written by hand: it runs once per indicator result, and the arguments are nearly always
    a few decimals, for which json.dumps would cost more than the rest of the row.
    """
    parts: list[str] = []
    for arg in args:
        if isinstance(arg, Decimal):
            parts.append(f'{{"d": "{arg}"}}')
        elif arg is None or isinstance(arg, str | int | bool):
            parts.append(json.dumps(arg, ensure_ascii=False))
        else:
            raise TypeError(f"cannot store a formula argument of type {type(arg).__name__}")
    return "[" + ", ".join(parts) + "]"


def decode_args(text: str) -> tuple[Any, ...]:
    return tuple(Decimal(a["d"]) if isinstance(a, dict) else a for a in json.loads(text))


_NO_ARGS = encode_args(())


# --------------------------------------------------------------------------------- origins


def _origin(origin: Origin | None) -> dict[str, Any] | None:
    return None if origin is None else origin.model_dump(mode="json")


def _origin_back(data: dict[str, Any] | None) -> Origin | None:
    return None if data is None else Origin.model_validate(data)


# ---------------------------------------------------------------------------------- to rows


def run_values(result: AssessmentResult) -> dict[str, Any]:
    """The run's own columns (the ids of what produced it are added by the caller)."""
    summary = result.summary
    return {
        "year": result.year,
        "department": result.department,
        "mean_score": summary.mean_score if summary else None,
        "details": {
            "policy": result.policy,
            "summary": _summary_json(summary),
            "problems": [
                {"message": p.message, "project": p.project, "origin": _origin(p.origin)}
                for p in result.problems
            ],
        },
    }


def _summary_json(summary: Summary | None) -> dict[str, Any] | None:
    if summary is None:
        return None
    return {
        "projects": summary.projects,
        "mean_score": _text(summary.mean_score),
        "grades": dict(summary.grades),
        "statuses": dict(summary.statuses),
        "explanations_required": summary.explanations_required,
        "explanations_missing": summary.explanations_missing,
        "problems": summary.problems,
        "incomplete": summary.incomplete,
        "unscored": summary.unscored,
        "unscored_reason": summary.unscored_reason,
    }


def _execution_json(e: ExecutionResult) -> dict[str, Any]:
    return {
        "budget": _text(e.budget),
        "initial_budget": _text(e.initial_budget),
        "executed": _text(e.executed),
        "rate": _text(e.rate),
        "weight": _text(e.weight),
        "points": _text(e.points),
        "status": e.status.value,
        "formula": e.formula,
        "reasons": list(e.reasons),
        "explanation": e.explanation,
    }


def project_result_rows(run_id: int, result: AssessmentResult) -> list[dict[str, Any]]:
    return [
        {
            "run_id": run_id,
            "project_index": p,
            "name": project.name,
            "code": project.code,
            "score": project.score,
            "grade": project.grade,
            "earned": project.earned,
            "maximum": project.maximum,
            "execution": _execution_json(project.execution),
            "groups": [
                {"name": g.name, "weight": str(g.weight), "points": str(g.points)}
                for g in project.groups
            ],
            "explanation": project.explanation,
        }
        for p, project in enumerate(result.projects)
    ]


def indicator_result_rows(run_id: int, result: AssessmentResult) -> Iterator[dict[str, Any]]:
    """One row per indicator result, lazily, in order."""
    for p, project in enumerate(result.projects):
        for i, r in enumerate(project.indicators):
            yield indicator_result_row(run_id, p, i, r)


def indicator_result_row(run_id: int, p: int, i: int, r: IndicatorResult) -> dict[str, Any]:
    details: dict[str, Any] | None = None
    if r.reasons or r.explanation is not None or r.tier is not None or r.message is not None:
        details = {
            "reasons": list(r.reasons),
            "explanation": r.explanation,
            "tier": r.tier,
            "message": r.message,
        }
    if r.origin is not None:
        details = details or {}
        details["origin"] = r.origin.model_dump(mode="json")
    return {
        "run_id": run_id,
        "project_index": p,
        "indicator_index": i,
        "level1": r.level1.value,
        "level2": r.level2.value,
        "name": r.name,
        "occurrence": r.occurrence,
        "goal": r.goal,
        "target_text": r.target,
        "actual_text": r.actual,
        "normalised": r.normalised,
        "weight": r.weight,
        "weight_source": r.weight_source.value,
        "points": r.points,
        "status": r.status.value,
        "formula": r.formula,
        "needs_explanation": bool(r.reasons),
        "formula_template": r.formula_template,
        "formula_args": encode_args(r.formula_args) if r.formula_args else _NO_ARGS,
        "details": details,
    }


# -------------------------------------------------------------------------------- from rows


def result_from_rows(
    run: dict[str, Any], projects: list[dict[str, Any]], indicators: list[dict[str, Any]]
) -> AssessmentResult:
    """Rebuild the engine's result; rows in (project_index, indicator_index) order."""
    by_project: dict[int, list[IndicatorResult]] = {}
    for r in indicators:
        by_project.setdefault(r["project_index"], []).append(_indicator_result(r))
    details = run["details"]
    return AssessmentResult(
        policy=details["policy"],
        year=run["year"],
        department=run["department"],
        projects=[
            ProjectResult(
                name=p["name"],
                code=p["code"],
                execution=_execution(p["execution"]),
                indicators=by_project.get(p["project_index"], []),
                groups=[
                    GroupResult(g["name"], Decimal(g["weight"]), Decimal(g["points"]))
                    for g in p["groups"]
                ],
                earned=p["earned"],
                maximum=p["maximum"],
                score=p["score"],
                grade=p["grade"],
                explanation=p["explanation"],
            )
            for p in projects
        ],
        problems=[
            Problem(q["message"], q["project"], _origin_back(q["origin"]))
            for q in details["problems"]
        ],
        summary=_summary(details["summary"]),
    )


def _indicator_result(r: dict[str, Any]) -> IndicatorResult:
    details = r["details"] or {}
    return IndicatorResult(
        level1=Level1(r["level1"]),
        level2=Level2(r["level2"]),
        name=r["name"],
        occurrence=r["occurrence"],
        goal=r["goal"],
        target=r["target_text"],
        actual=r["actual_text"],
        normalised=r["normalised"],
        weight=r["weight"],
        weight_source=WeightSource(r["weight_source"]),
        points=r["points"],
        status=Status(r["status"]),
        formula_template=r["formula_template"],
        formula_args=decode_args(r["formula_args"]),
        reasons=tuple(details.get("reasons", ())),
        explanation=details.get("explanation"),
        tier=details.get("tier"),
        message=details.get("message"),
        origin=_origin_back(details.get("origin")),
    )


def _execution(e: dict[str, Any]) -> ExecutionResult:
    return ExecutionResult(
        budget=_decimal(e["budget"]),
        initial_budget=_decimal(e["initial_budget"]),
        executed=_decimal(e["executed"]),
        rate=_decimal(e["rate"]),
        weight=Decimal(e["weight"]),
        points=Decimal(e["points"]),
        status=Status(e["status"]),
        formula=e["formula"],
        reasons=tuple(e["reasons"]),
        explanation=e["explanation"],
    )


def _summary(data: dict[str, Any] | None) -> Summary | None:
    if data is None:
        return None
    return Summary(
        projects=data["projects"],
        mean_score=_decimal(data["mean_score"]),
        grades=dict(data["grades"]),
        statuses=dict(data["statuses"]),
        explanations_required=data["explanations_required"],
        explanations_missing=data["explanations_missing"],
        problems=data["problems"],
        incomplete=data.get("incomplete", 0),
        unscored=data.get("unscored", 0),
        unscored_reason=data.get("unscored_reason"),
    )
