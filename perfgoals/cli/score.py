"""`perfgoals score` and `perfgoals policies`: score a year's actuals, list the policies."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

import click

from ..i18n import _
from ..language.errors import PerfgoalsError
from ..reports.batch import Scored, render_batch
from ..reports.score import render
from ..scoring.results import AssessmentResult
from .batch import Pair
from .common import EXIT_FINDINGS, EXIT_UNUSABLE, output_width, reports_errors, write_output
from .store import db_option


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(), metavar="RULESET ACTUALS")
@click.option("--policy", "policy_name", help="Policy name or .perf file (default: the ruleset's).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "markdown"]),
    default="table",
    show_default=True,
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here, not stdout.")
@click.option("--explain", is_flag=True, help="Show how every indicator's points were derived.")
@click.option(
    "--save",
    is_flag=True,
    help="Also keep the result in the database, with the ruleset version and policy behind it.",
)
@db_option
@reports_errors
def score(
    inputs: tuple[str, ...],
    policy_name: str | None,
    fmt: str,
    output: str | None,
    explain: bool,
    save: bool,
    db_url: str | None,
) -> None:
    """Score the ACTUALS of a year against a RULESET: every project out of 100, its grade, each
    indicator's points and reason, and the shortfalls that need an explanation.

    Folders and several files score many departments in one run: each actuals file (.perf,
    .csv, .xlsx) goes with the ruleset whose file name begins its own (综合办.perf ←
    综合办-actuals.csv), and one summary table closes the output, a row per department.

    Exit code 1 when an explanation is required but missing or an actual could not be used;
    2 when the input is unusable or nothing could be scored.
    """
    from .batch import Pair, echo_problems, pair_inputs, with_progress, working

    if len(inputs) == 2 and not any(Path(p).is_dir() for p in inputs):
        pairs, problems = [Pair(Path(inputs[0]), Path(inputs[1]))], list[str]()
        single = True
    else:
        missing = [p for p in inputs if not Path(p).exists()]
        pairs, problems = pair_inputs([p for p in inputs if p not in missing])
        problems = [_("{path}: no such file or folder", path=p) for p in missing] + problems
        single = False
        if not pairs:
            problems.append(_("nothing to score: give RULESET ACTUALS, or folders holding both"))
    width = output_width(output)
    color = output is None and sys.stdout.isatty()
    runs = []
    unusable = echo_problems(problems)
    for pair in with_progress(pairs, len(pairs), "scoring"):
        try:
            with working(f"scoring {pair.actuals}") if single else nullcontext():
                runs.append(_score_pair(pair, policy_name, save, db_url, quiet=not single))
        except PerfgoalsError as error:
            if single:
                raise
            click.echo(str(error), err=True)
            unusable = True
    if single:
        text = render(runs[0].result, fmt, explain=explain, color=color, width=width)
    else:
        text = render_batch(runs, fmt, explain=explain, color=color, width=width)
    if runs:
        write_output(text, output)
    nothing = [r for r in runs if r.result.nothing_scored]
    for run in nothing:
        summary = run.result.summary
        reason = summary.unscored_reason if summary else None
        click.echo(
            _(
                "{actuals}: nothing could be scored under policy {policy}: {reason}",
                actuals=run.actuals,
                policy=repr(run.result.policy),
                reason=reason,
            ),
            err=True,
        )
    if unusable or not runs or len(nothing) == len(runs):
        sys.exit(EXIT_UNUSABLE)
    if any(r.result.has_findings for r in runs):
        sys.exit(EXIT_FINDINGS)


def _score_pair(
    pair: Pair, policy_name: str | None, save: bool, db_url: str | None, *, quiet: bool
) -> Scored:
    from ..actuals.reader import read_actuals
    from ..language.parser import parse_document_file
    from ..scoring import score as run
    from ..scoring.policies import load_policy

    document = parse_document_file(pair.ruleset)
    if pair.actuals == pair.ruleset and document.assessment is not None:
        assessment = document.assessment
    else:
        assessment = read_actuals(pair.actuals)
    inline = {p.name: p for p in document.policies}
    header = document.ruleset.header
    name = policy_name or assessment.policy or (header.policy if header else None) or "central"
    policy = inline.get(name) or load_policy(name)
    result = run(document.ruleset, assessment, policy)
    warn_if_wrong_file(result, pair)
    if save:
        from ..store import save_score

        saved = save_score(result, document.ruleset, assessment, policy, db=db_url)
        click.echo(
            (f"{pair.actuals}: " if quiet else "")
            + f"saved as score run {saved.run_id} (ruleset version "
            f"{saved.ruleset.version}, policy {policy.name})",
            err=True,
        )
    return Scored(str(pair.ruleset), str(pair.actuals), result)


def warn_if_wrong_file(result: AssessmentResult, pair: Pair) -> None:
    """One line first when the actuals match none, or under a third, of the projects."""
    total = len(result.projects)
    matched = total - result.unmatched_projects
    if total and matched * 3 < total:
        click.echo(
            _(
                "{matched} of {total} projects in {actuals} match {ruleset}: is it the right file?",
                matched=matched,
                total=total,
                actuals=pair.actuals,
                ruleset=pair.ruleset,
            ),
            err=True,
        )


@click.command()
@reports_errors
def policies() -> None:
    """List the shipped scoring policies."""
    from ..language.parser import parse_document_file
    from ..scoring.policies import shipped_policies

    for name, path in shipped_policies().items():
        found = parse_document_file(path).policies
        title = found[0].title if found and found[0].title else ""
        click.echo(f"{name}\t{title}\t{Path(path).name}")
