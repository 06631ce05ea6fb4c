"""The store's commands: `perfgoals db init|list|show`, `perfgoals save`, `perfgoals compare`.

Thin layers over `perfgoals.store.Store`, which is imported only when a command runs, so that
`perfgoals --help` never loads SQLAlchemy. `--db URL` (or PERFGOALS_DB) picks the database;
`--format json` puts machine output alone on stdout.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..i18n import N_, _
from ..language.errors import Diagnostic, display_width
from ..language.model import LEVEL1_LABELS, LEVEL2_LABELS, Level1, Level2
from .common import reports_errors

if TYPE_CHECKING:
    from ..language.assessment import Assessment
    from ..language.model import Ruleset
    from ..store.compare import Side, VersionDiff
    from ..store.repository import RulesetVersion, Store, VersionSummary

F = TypeVar("F", bound=Callable[..., Any])


def db_option(func: F) -> F:
    return click.option(
        "--db",
        "db_url",
        metavar="URL",
        help="Database: a SQLite file or postgresql+psycopg://… (default: $PERFGOALS_DB, "
        "else perfgoals.db in the user's data directory).",
    )(func)


def format_option(func: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
    )(func)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def text_table(header: Sequence[str], body: Sequence[Sequence[str]]) -> str:
    """Columns padded by display width, so CJK names line up in a terminal."""
    rows = [list(header), *[list(r) for r in body]]
    widths = [max(display_width(r[c]) for r in rows) for c in range(len(header))]
    lines = []
    for row in rows:
        cells = [cell + " " * (widths[c] - display_width(cell)) for c, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def version_json(v: RulesetVersion) -> dict[str, Any]:
    return {
        "id": v.id,
        "department": v.department,
        "year": v.year,
        "version": v.version,
        "title": v.title,
        "content_hash": v.content_hash,
        "created_at": v.created_at.isoformat(),
    }


def _when(v: RulesetVersion) -> str:
    return v.created_at.strftime("%Y-%m-%d %H:%M UTC")


def _number(value: Decimal | None) -> str:
    return "-" if value is None else format(value, "f")


# --------------------------------------------------------------------------------- db group


@click.group()
def db() -> None:
    """Create, list and show the stored rulesets, assessments and scores."""


@db.command("init")
@db_option
@reports_errors
def db_init(db_url: str | None) -> None:
    """Create the database schema, or upgrade an older one (no data is lost)."""
    from ..store import Store
    from ..store.connection import describe

    with Store(db_url) as store:
        before, after = store.initialise()
        where = describe(store.url)
    if before is None:
        click.echo(
            _("created {where} (schema version {after})", where=where, after=after), err=True
        )
    elif before == after:
        click.echo(
            _("{where} is up to date (schema version {after})", where=where, after=after), err=True
        )
    else:
        click.echo(
            _(
                "upgraded {where} from schema version {before} to {after}",
                where=where,
                before=before,
                after=after,
            ),
            err=True,
        )


@db.command("list")
@click.option("--department", help="Only this department.")
@db_option
@format_option
@reports_errors
def db_list(department: str | None, db_url: str | None, fmt: str) -> None:
    """List departments, years and versions with their counts and totals."""
    from ..store import Store

    with Store(db_url) as store:
        found = store.versions(department)
    totals = _totals(found)
    if fmt == "json":
        emit_json(
            {
                "versions": [
                    {
                        **version_json(s.ruleset),
                        "projects": s.projects,
                        "indicators": s.indicators,
                        "assessments": s.assessments,
                        "score_runs": s.score_runs,
                    }
                    for s in found
                ],
                "totals": totals,
            }
        )
        return
    header = [
        _("department"),
        _("year"),
        _("version"),
        _("saved"),
        _("projects"),
        _("indicators"),
        _("assessments"),
        _("score runs"),
    ]
    body = [
        [
            s.ruleset.department,
            str(s.ruleset.year),
            str(s.ruleset.version),
            _when(s.ruleset),
            str(s.projects),
            str(s.indicators),
            str(s.assessments),
            str(s.score_runs),
        ]
        for s in found
    ]
    if body:
        click.echo(text_table(header, body))
    click.echo(
        _(
            "total: {departments} departments, {years} department-years, {versions} versions, "
            "{projects} projects, {indicators} indicators, {assessments} assessments, "
            "{score_runs} score runs",
            **totals,
        )
    )


def _totals(found: Sequence[VersionSummary]) -> dict[str, int]:
    return {
        "departments": len({s.ruleset.department for s in found}),
        "years": len({(s.ruleset.department, s.ruleset.year) for s in found}),
        "versions": len(found),
        "projects": sum(s.projects for s in found),
        "indicators": sum(s.indicators for s in found),
        "assessments": sum(s.assessments for s in found),
        "score_runs": sum(s.score_runs for s in found),
    }


_SPEC = re.compile(r"^\s*(\d{4})\s*(?::\s*(\d+)\s*)?$")


def parse_spec(text: str) -> tuple[int, int | None]:
    """`2023` (the latest version of 2023) or `2023:2` (its version 2)."""
    m = _SPEC.match(text)
    if not m:
        raise click.BadParameter(
            _("{text!r}: expected YEAR or YEAR:VERSION, such as 2023 or 2023:2", text=text)
        )
    return int(m[1]), int(m[2]) if m[2] else None


@db.command("show")
@click.argument("department")
@click.argument("spec", metavar="YEAR[:VERSION]")
@click.option("--source", is_flag=True, help="Print the stored source text of the ruleset.")
@db_option
@format_option
@reports_errors
def db_show(department: str, spec: str, source: bool, db_url: str | None, fmt: str) -> None:
    """Show a stored ruleset version: its projects, assessments and score runs."""
    from ..store import Store

    year, version = parse_spec(spec)
    with Store(db_url) as store:
        found = store.find_version(department, year, version)
        if source:
            click.echo(store.ruleset_source(found.id), nl=False)
            return
        ruleset = store.load_ruleset(found.id)
        versions = [s.ruleset.version for s in store.versions(department) if s.ruleset.year == year]
        assessments = store.assessment_ids(found.id)
        runs = store.runs(found.id)
        latest = store.result_rows(runs[-1].id)[1] if runs else []
    scores = {r["project_index"]: r for r in latest}
    projects: list[dict[str, Any]] = [
        {
            "name": p.name,
            "code": p.code,
            "indicators": len(p.indicators),
            "score": scores.get(i, {}).get("score"),
            "grade": scores.get(i, {}).get("grade"),
        }
        for i, p in enumerate(ruleset.projects)
    ]
    run_data = [
        {
            "id": r.id,
            "assessment_id": r.assessment_id,
            "policy": r.policy,
            "policy_hash": r.policy_hash,
            "mean_score": r.mean_score,
            "created_at": r.created_at.isoformat(),
        }
        for r in runs
    ]
    if fmt == "json":
        emit_json(
            {
                "ruleset": version_json(found),
                "versions": versions,
                "projects": projects,
                "assessments": assessments,
                "score_runs": run_data,
            }
        )
        return
    title = found.title or _("(no title)")
    click.echo(
        _("{label} of {latest}: {title}", label=found.label, latest=max(versions), title=title)
    )
    click.echo(_("saved {when}, sha256 {hash}", when=_when(found), hash=found.content_hash))
    click.echo(
        _(
            "{projects} projects, {indicators} indicators, {assessments} assessments, "
            "{runs} score runs",
            projects=len(projects),
            indicators=sum(p["indicators"] for p in projects),
            assessments=len(assessments),
            runs=len(runs),
        )
    )
    if runs:
        click.echo(
            _("scores from run {run} (policy {policy})", run=runs[-1].id, policy=runs[-1].policy)
        )
    click.echo(
        text_table(
            ["#", _("project"), _("indicators"), _("score"), _("grade")],
            [
                [
                    str(i),
                    f"{p['name']} [{p['code']}]" if p["code"] else p["name"],
                    str(p["indicators"]),
                    _number(p["score"]),
                    p["grade"] or "-",
                ]
                for i, p in enumerate(projects, start=1)
            ],
        )
    )
    for r in runs:
        click.echo(
            _(
                "run {run}: assessment {assessment}, policy {policy} ({hash}), mean score {score}",
                run=r.id,
                assessment=r.assessment_id,
                policy=r.policy,
                hash=r.policy_hash[:12],
                score=_number(r.mean_score),
            )
        )


# ------------------------------------------------------------------------------------ save


def _warn_unmatched(ruleset: Ruleset, assessment: Assessment) -> None:
    """Actuals that match nothing in the ruleset are saved, but never without a word."""
    from ..language.policy import CENTRAL
    from ..scoring import score

    for problem in score(ruleset, assessment, CENTRAL).problems:
        click.echo(_("warning: {problem}", problem=problem.describe()), err=True)


@click.command()
@click.argument("ruleset_file", metavar="RULESET", type=click.Path(dir_okay=False))
@click.argument(
    "actuals_file", metavar="[ACTUALS]", required=False, type=click.Path(dir_okay=False)
)
@db_option
@format_option
@reports_errors
def save(ruleset_file: str, actuals_file: str | None, db_url: str | None, fmt: str) -> None:
    """Save a RULESET (a new version if its content changed) and optionally its ACTUALS.

    RULESET may be a budget disclosure's text (.txt): its projects are imported as the ruleset
    and its budget tables are kept with that version; so are the tables of a .perf file's
    部门预算 block.
    """
    from ..actuals.reader import read_actuals
    from ..language.parser import parse_file
    from ..store import Store
    from .batch import working

    with working(_("saving {file}", file=ruleset_file)):
        budget = None
        if Path(ruleset_file).suffix.lower() in (".txt", ".text"):
            from ..importer.budget import read_budget
            from ..importer.build import checked
            from ..importer.disclosure import import_disclosure

            ruleset = checked(import_disclosure(ruleset_file)[0], ruleset_file)
            budget = read_budget(ruleset_file)
        else:
            ruleset = parse_file(ruleset_file)
            if ruleset.budget is not None:  # kept as a disclosure's tables are: with the version
                budget = ruleset.budget
                ruleset = ruleset.model_copy(update={"budget": None})
        notes: list[Diagnostic] = []
        assessment = read_actuals(actuals_file, ruleset, notes) if actuals_file else None
        for note in notes:
            click.echo(_("note: {note}", note=note.render()), err=True)
        if assessment is not None:
            _warn_unmatched(ruleset, assessment)
        budget_new = False
        with Store(db_url, create=True) as store:
            if budget is not None:
                version, budget_new = store.save_budget(ruleset, budget)
            elif assessment is None:
                version = store.save_ruleset(ruleset)
            assessment_id, assessment_new = None, False
            if assessment is not None:
                saved = store.save_assessment(ruleset, assessment)
                assessment_id, assessment_new = saved.id, saved.new
                if budget is None:
                    version = saved.ruleset
    if fmt == "json":
        emit_json(
            {
                "ruleset": version_json(version),
                "new": version.new,
                "assessment_id": assessment_id,
                "assessment_new": assessment_new,
                "budget_tables": len(budget.tables) if budget is not None else None,
                "budget_new": budget_new,
            }
        )
        return
    if version.new:
        click.echo(_("{label}: saved", label=version.label))
    else:
        click.echo(_("{label}: unchanged, already stored", label=version.label))
    if budget is not None:
        if budget_new:
            click.echo(_("budget tables ({count}): saved", count=len(budget.tables)))
        else:
            click.echo(
                _("budget tables ({count}): unchanged, already stored", count=len(budget.tables))
            )
    if assessment_id is not None and assessment_new:
        click.echo(_("assessment {id}: saved", id=assessment_id))
    elif assessment_id is not None:
        click.echo(_("assessment {id}: unchanged, already stored", id=assessment_id))


# --------------------------------------------------------------------------------- compare


@click.command("compare")
@click.argument("department")
@click.argument("old_spec", metavar="OLD")
@click.argument("new_spec", metavar="NEW")
@db_option
@format_option
@reports_errors
def compare_command(
    department: str, old_spec: str, new_spec: str, db_url: str | None, fmt: str
) -> None:
    """Compare two years (2022 2023), two versions (2023:1 2023:2) or two months of
    monitoring (2023-06 2023-07) of a DEPARTMENT.

    Per project and indicator: targets, scores and grades that changed (scores from the latest
    score run of each version), and projects or indicators added or removed; for months, the
    colours that changed and what turned red since the earlier report.
    """
    from ..store import Store
    from ..store.compare import compare

    months = month_specs(old_spec, new_spec)
    if months is not None:
        from .monitor_compare import compare_months_command

        compare_months_command(department, *months, db_url, fmt)
        return

    old_year, old_version = parse_spec(old_spec)
    new_year, new_version = parse_spec(new_spec)
    with Store(db_url) as store:
        result = compare(
            load_side(store, department, old_year, old_version),
            load_side(store, department, new_year, new_version),
        )
    if fmt == "json":
        emit_json(result.to_json_dict())
    else:
        click.echo(comparison_text(result))


def month_specs(old: str, new: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Both specs as months (2023-06 2023-07), or None when they are years or versions."""
    from .monitor_compare import month_spec

    first, second = month_spec(old), month_spec(new)
    if first is None or second is None:
        return None
    return first, second


def load_side(store: Store, department: str, year: int, version: int | None) -> Side:
    from ..store.compare import Side

    found = store.find_version(department, year, version)
    runs = store.runs(found.id)
    if not runs:
        return Side(found, store.load_ruleset(found.id))
    _, projects, indicators = store.result_rows(runs[-1].id)
    return Side(found, store.load_ruleset(found.id), runs[-1].id, projects, indicators)


def _pair(pair: tuple[Any, Any] | None, what: str) -> str | None:
    if pair is None:
        return None
    old, new = (_number(v) if isinstance(v, Decimal) or v is None else str(v) for v in pair)
    return f"{_(what)} {old} → {new}"


def _kind(level1: str, level2: str) -> str:
    return f"{LEVEL1_LABELS[Level1(level1)]}/{LEVEL2_LABELS[Level2(level2)]}"


# The words of a change in the compare text; JSON keeps the English keys.
CHANGES = {
    "added": N_("added"),
    "removed": N_("removed"),
    "changed": N_("changed"),
    "unchanged": N_("unchanged"),
}


def comparison_text(result: VersionDiff) -> str:
    old, new = result.old, result.new
    lines = [
        _(
            "{department}: {old_year} version {old_version} → {new_year} version {new_version}",
            department=new.version.department,
            old_year=old.version.year,
            old_version=old.version.version,
            new_year=new.version.year,
            new_version=new.version.version,
        )
    ]
    if old.run_id is None or new.run_id is None:
        lines.append(_("(scores are compared only where both versions have a score run)"))
    unchanged = 0
    for p in result.projects:
        label = p.name if p.occurrence == 1 else f"{p.name} (#{p.occurrence})"
        if p.change == "unchanged":
            unchanged += 1
            continue
        if p.change in ("added", "removed"):
            sign = "+" if p.change == "added" else "-"
            lines.append(f"{sign} {_('project')} {label}: {_(CHANGES.get(p.change, p.change))}")
            continue
        details = [d for d in (_pair(p.score, N_("score")), _pair(p.grade, N_("grade"))) if d]
        lines.append(f"~ {_('project')} {label}" + (f": {', '.join(details)}" if details else ""))
        for i in p.indicators:
            name = i.name if i.occurrence == 1 else f"{i.name} (#{i.occurrence})"
            head = f"    {_kind(i.level1, i.level2)} {name}"
            if i.change != "changed":
                lines.append(f"{head}: {_(CHANGES.get(i.change, i.change))}")
                continue
            parts = [
                _pair(i.target, N_("target")),
                _pair(i.points, N_("points")),
                _pair(i.status, N_("status")),
            ]
            lines.append(f"{head}: {'; '.join(d for d in parts if d)}")
    lines.append(_("{count} projects unchanged", count=unchanged))
    return "\n".join(lines)
