"""`perfgoals monitor` and `perfgoals profiles`: mid-year traffic lights, the shipped profiles."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from .common import EXIT_FINDINGS, reports_errors, write_output
from .store import db_option


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
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
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
    fmt: str,
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

    document = parse_document_file(ruleset)
    report = read_progress(progress)
    inline = {p.name: p for p in document.profiles}
    name = profile_name or report.profile or "time-proportional"
    profile = inline.get(name) or load_profile(name)
    result = monitor(document.ruleset, report, profile, month)
    if output is not None and Path(output).suffix.lower() == ".xlsx":
        from ..reports.monitor_xlsx import write_monitoring_xlsx

        write_monitoring_xlsx(output, result)
        click.echo(f"wrote {output}", err=True)
    else:
        from ..reports.monitor import render

        color = output is None and sys.stdout.isatty()
        write_output(render(result, fmt, explain=explain, color=color), output)
    if save:
        from ..store import save_monitoring

        saved = save_monitoring(result, document.ruleset, profile, db=db_url)
        click.echo(
            f"saved as monitoring run {saved.run_id} (ruleset version {saved.version}, "
            f"profile {profile.name}, month {result.month})",
            err=True,
        )
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


_MONTH_SPEC = re.compile(r"(\d{4})\s*[-/年]\s*(\d{1,2})\s*月?")


def month_spec(spec: str) -> tuple[int, int] | None:
    """2023-07, 2023/7 or 2023年7月 → (2023, 7); None for a year or version spec."""
    m = _MONTH_SPEC.fullmatch(spec.strip())
    if m is None or not 1 <= int(m[2]) <= 12:
        return None
    return int(m[1]), int(m[2])


def compare_months_command(
    department: str, old: tuple[int, int], new: tuple[int, int], db_url: str | None, fmt: str
) -> None:
    """`perfgoals compare DEPT 2023-06 2023-07`: colours that changed, what turned red."""
    from ..language.profile import COLOUR_WORDS, Colour
    from ..store import Store
    from ..store.monitoring import compare_months, load_month
    from .store import emit_json

    with Store(db_url) as store:
        diff = compare_months(
            load_month(store, department, *old), load_month(store, department, *new)
        )
    if fmt == "json":
        emit_json(diff.to_json_dict())
        return

    def word(colour: str | None) -> str:
        return "—" if colour is None else COLOUR_WORDS[Colour(colour)]

    a, b = diff.old, diff.new
    lines = [
        f"{department}: {a.year}-{a.month:02d} (run {a.run_id}, {a.profile}) → "
        f"{b.year}-{b.month:02d} (run {b.run_id}, {b.profile})"
    ]
    for p in diff.projects:
        lines.append(f"~ project {p['project']}: {word(p['old'])} → {word(p['new'])}")
    for i in diff.indicators:
        lines.append(f"    {i['project']} / {i['name']}: {word(i['old'])} → {word(i['new'])}")
    red = diff.turned_red
    lines.append(f"{len(red)} turned red since {a.year}-{a.month:02d}")
    click.echo("\n".join(lines))
