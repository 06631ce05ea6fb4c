"""`perfgoals score` and `perfgoals policies`: score a year's actuals, list the policies."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import EXIT_FINDINGS, reports_errors, write_output
from .store import db_option


@click.command()
@click.argument("ruleset", type=click.Path(dir_okay=False))
@click.argument("actuals", type=click.Path(dir_okay=False))
@click.option("--policy", "policy_name", help="Policy name or .perf file (default: the ruleset's).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "markdown", "xlsx", "html"]),
    help="Output format; by default taken from the -o name (.xlsx, .html, .json, .csv, .md), "
    "else table.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write here, not stdout: a self-assessment workbook (.xlsx), an HTML report (.html) "
    "or a text format.",
)
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
    fmt: str | None,
    output: str | None,
    explain: bool,
    save: bool,
    db_url: str | None,
) -> None:
    """Score the ACTUALS of a year against a RULESET: every project out of 100, its grade, each
    indicator's points and reason, and the shortfalls that need an explanation.

    With -o FILE.xlsx it writes the self-assessment workbook (a summary sheet, then one sheet
    per project in the official layout), with -o FILE.html a self-contained report with charts.

    Exit code 1 when an explanation is required but missing or an actual could not be used;
    2 when the input is unusable.
    """
    from ..reports.files import format_for, write_result

    fmt = format_for(output, fmt)
    if output not in (None, "-") and fmt in STREAMED and not save:
        findings = _score_streamed(ruleset, actuals, policy_name, fmt, output)
        if findings is not None:
            if findings:
                sys.exit(EXIT_FINDINGS)
            return
    from ..actuals.reader import read_actuals
    from ..language.parser import parse_document_file
    from ..scoring import score as run
    from ..scoring.policies import load_policy

    document = parse_document_file(ruleset)
    assessment = read_actuals(actuals)
    inline = {p.name: p for p in document.policies}
    header = document.ruleset.header
    name = policy_name or assessment.policy or (header.policy if header else None) or "central"
    policy = inline.get(name) or load_policy(name)
    result = run(document.ruleset, assessment, policy)
    text = write_result(
        output,
        fmt,
        result,
        document.ruleset,
        policy,
        explain=explain,
        color=output is None and sys.stdout.isatty(),
    )
    if text is not None:
        write_output(text, None)
    if save:
        from ..store import save_score

        saved = save_score(result, document.ruleset, assessment, policy, db=db_url)
        click.echo(
            f"saved as score run {saved.run_id} (ruleset version {saved.ruleset.version}, "
            f"policy {policy.name})",
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
        # The same bytes as reports.files writes: a CSV file starts with a byte-order mark
        # (written again after the seek below: the encoder starts over at the file's start).
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        with os.fdopen(handle, "w", encoding=encoding, newline="") as out:
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
