"""`perfgoals score` and `perfgoals policies`: score a year's actuals, list the policies."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..i18n import _
from .common import EXIT_FINDINGS, reports_errors, write_output
from .store import db_option


@click.command()
@click.argument("ruleset", type=click.Path(dir_okay=False))
@click.argument("actuals", type=click.Path(dir_okay=False))
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
    ruleset: str,
    actuals: str,
    policy_name: str | None,
    fmt: str,
    output: str | None,
    explain: bool,
    save: bool,
    db_url: str | None,
) -> None:
    """Score the ACTUALS of a year against a RULESET: every project out of 100, its grade, each
    indicator's points and reason, and the shortfalls that need an explanation.

    Exit code 1 when an explanation is required but missing or an actual could not be used;
    2 when the input is unusable.
    """
    if output not in (None, "-") and fmt in STREAMED and not save:
        findings = _score_streamed(ruleset, actuals, policy_name, fmt, output)
        if findings is not None:
            if findings:
                sys.exit(EXIT_FINDINGS)
            return
    from ..actuals.reader import read_actuals
    from ..language.parser import parse_document_file
    from ..reports.score import render
    from ..scoring import score as run
    from ..scoring.policies import load_policy

    document = parse_document_file(ruleset)
    assessment = read_actuals(actuals)
    inline = {p.name: p for p in document.policies}
    header = document.ruleset.header
    name = policy_name or assessment.policy or (header.policy if header else None) or "central"
    policy = inline.get(name) or load_policy(name)
    result = run(document.ruleset, assessment, policy)
    text = render(result, fmt, explain=explain, color=output is None and sys.stdout.isatty())
    write_output(text, output)
    if save:
        from ..store import save_score

        saved = save_score(result, document.ruleset, assessment, policy, db=db_url)
        click.echo(
            _(
                "saved as score run {run} (ruleset version {version}, policy {policy})",
                run=saved.run_id,
                version=saved.ruleset.version,
                policy=policy.name,
            ),
            err=True,
        )
    if result.has_findings:
        sys.exit(EXIT_FINDINGS)


STREAMED = ("csv", "json")  # the formats written as projects are scored


def _score_streamed(
    ruleset: str, actuals: str, policy_name: str | None, fmt: str, output: str
) -> bool | None:
    """Score a ruleset file and a table of actuals as they are read, into the output file.

    Memory holds one project at a time, whatever the size of the files. Returns whether there
    are findings, or None where streaming does not apply (actuals in a .perf file, a ruleset
    whose layout must be parsed whole): the caller then reads both files whole. The output is
    written beside its destination and moved there only when complete.
    """
    import os
    import tempfile

    from ..actuals.csv_table import iter_actuals_csv
    from ..actuals.xlsx_table import iter_actuals_xlsx
    from ..language.parser.stream import StreamMismatch, open_streamed
    from ..reports import stream
    from ..scoring.policies import load_policy
    from ..scoring.stream import OutOfOrder, StreamedScore

    readers = {".csv": iter_actuals_csv, ".xlsx": iter_actuals_xlsx, ".xlsm": iter_actuals_xlsx}
    reader = readers.get(Path(actuals).suffix.lower())
    if reader is None:
        return None
    streamed = open_streamed(ruleset)
    if streamed is None:
        return None
    inline = {p.name: p for p in streamed.policies}
    header = streamed.header
    name = policy_name or (header.policy if header else None) or "central"
    policy = inline.get(name) or load_policy(name)
    write = stream.write_csv if fmt == "csv" else stream.write_json
    target = Path(output)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            scored = StreamedScore(streamed, lambda: reader(actuals), policy)
            try:
                write(scored, out)
            except OutOfOrder:  # start again, reading the actuals twice
                out.seek(0)
                out.truncate()
                scored = StreamedScore(streamed, lambda: reader(actuals), policy, in_order=False)
                write(scored, out)
        os.replace(temporary, target)
    except StreamMismatch:
        os.unlink(temporary)
        return None
    except BaseException:
        os.unlink(temporary)
        raise
    return scored.has_findings


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
