"""`perfgoals monitor` and `perfgoals profiles`: mid-year traffic lights, the shipped profiles."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..i18n import _
from .common import EXIT_FINDINGS, reports_errors, write_output
from .store import db_option

FORMATS = ("table", "json", "csv", "xlsx")


@click.command("monitor")
@click.argument("ruleset", type=click.Path(dir_okay=False))
@click.argument("progress", type=click.Path(dir_okay=False))
@click.option(
    "--profile",
    "profile_name",
    help="Profile name or .perf file (default: the progress file's, else time-proportional).",
)
@click.option(
    "--month", type=click.IntRange(1, 12), help="The month reported (default: the file's)."
)
@click.option("--explain", is_flag=True, help="Show the formula and numbers behind every colour.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Output format; by default taken from the -o name (.xlsx, .json, .csv), else table.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write here, not stdout; a .xlsx name writes the monitoring table (监控表).",
)
@click.option("--save", is_flag=True, help="Also keep the run in the database.")
@db_option
@reports_errors
def monitor_command(
    ruleset: str,
    progress: str,
    profile_name: str | None,
    month: int | None,
    explain: bool,
    fmt: str | None,
    output: str | None,
    save: bool,
    db_url: str | None,
) -> None:
    """Colour the PROGRESS of a month (.perf, .csv or .xlsx) against a RULESET: a traffic light
    per budget, indicator, goal and project, and the deviations that need an explanation.

    Exit code 1 when something is red, an explanation is missing or progress could not be
    matched; 2 when the input is unusable.
    """
    from ..language.parser import parse_document_file
    from ..monitoring import monitor
    from ..monitoring.profiles import load_profile
    from ..monitoring.table import read_progress
    from ..reports.files import file_named, format_for

    fmt = format_for(output, fmt, FORMATS)  # as `score` reads it: the -o name's suffix
    workbook = file_named(output, fmt) if fmt == "xlsx" else None
    document = parse_document_file(ruleset)
    report = read_progress(progress)
    inline = {p.name: p for p in document.profiles}
    name = profile_name or report.profile or "time-proportional"
    profile = inline.get(name) or load_profile(name)
    result = monitor(document.ruleset, report, profile, month)
    if workbook is not None:
        from ..reports.monitor_xlsx import write_monitoring_xlsx

        write_monitoring_xlsx(workbook, result)
        click.echo(_("wrote {path}", path=workbook), err=True)
    else:
        from ..reports.monitor import render

        color = output is None and sys.stdout.isatty()
        text = render(result, fmt, explain=explain, color=color)
        write_output(text, output, fmt)
    if save:
        from ..store import save_monitoring

        saved = save_monitoring(result, document.ruleset, profile, db=db_url)
        message = _(
            "saved as monitoring run {run} (ruleset version {version}, profile {profile}, "
            "month {month})",
            run=saved.run_id,
            version=saved.version,
            profile=profile.name,
            month=result.month,
        )
        click.echo(message, err=True)
    if result.has_findings:
        sys.exit(EXIT_FINDINGS)


@click.command("profiles")
@reports_errors
def profiles_command() -> None:
    """List the shipped monitoring profiles."""
    from ..language.parser import parse_document_file
    from ..monitoring.profiles import shipped_profiles

    for name, path in shipped_profiles().items():
        found = parse_document_file(path).profiles
        title = found[0].title if found and found[0].title else ""
        click.echo(f"{name}\t{title}\t{Path(path).name}")
