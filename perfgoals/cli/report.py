"""`perfgoals report`: a stored score run written again, in any report format."""

from __future__ import annotations

import sys

import click

from ..i18n import _
from .common import reports_errors, write_output
from .store import db_option, parse_spec


@click.command("report")
@click.argument("run", metavar="RUN")
@click.argument("spec", metavar="[YEAR[:VERSION]]", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "markdown", "xlsx", "html"]),
    help="Output format; by default taken from the -o name (.xlsx, .html, .json, .csv, .md).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here, not stdout.")
@click.option("--explain", is_flag=True, help="Show how every indicator's points were derived.")
@db_option
@reports_errors
def report_command(
    run: str,
    spec: str | None,
    fmt: str | None,
    output: str | None,
    explain: bool,
    db_url: str | None,
) -> None:
    """Write a stored score run again: the self-assessment workbook (-o FILE.xlsx), the HTML
    report (-o FILE.html) or a text format, with the same content as when it was scored.

    RUN is a score run's id (`perfgoals db show` lists them), or a DEPARTMENT followed by
    YEAR[:VERSION]: the latest run of that ruleset version (the latest version by default).
    """
    from ..reports.files import format_for, write_result
    from ..store import NotFoundError, Store

    with Store(db_url) as store:
        if spec is None:
            if not run.isdigit():
                raise click.UsageError(
                    _(
                        "{run} is not a run id; name a department with a year: "
                        "perfgoals report DEPARTMENT YEAR[:VERSION]",
                        run=repr(run),
                    )
                )
            stored = store.load_run(int(run))
        else:
            year, version = parse_spec(spec)
            found = store.find_version(run, year, version)
            runs = store.runs(found.id)
            if not runs:
                raise NotFoundError(_("no score run of {version} is stored", version=found.label))
            stored = store.load_run(runs[-1].id)
    fmt = format_for(output, fmt)
    text = write_result(
        output,
        fmt,
        stored.result,
        stored.ruleset,
        stored.policy,
        explain=explain,
        color=output is None and sys.stdout.isatty(),
    )
    if text is not None:
        write_output(text, output, fmt)
