"""`perfgoals import` and `perfgoals export-table`: the CLI side of the import stage."""

from __future__ import annotations

import sys
from collections import Counter
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..i18n import _, alternatives
from ..language.errors import PerfgoalsError
from .common import EXIT_FINDINGS, EXIT_UNUSABLE, output_width, reports_errors, write_output

if TYPE_CHECKING:
    from ..importer import Imported
    from ..language.model import Ruleset
    from ..language.policy import Policy


@click.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(), metavar="SOURCE...")
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="Write the ruleset here instead of stdout; with several sources, the folder to "
    "write one .perf per source into.",
)
@click.option(
    "--assessment",
    "assessment_out",
    type=click.Path(dir_okay=False),
    help="Self-assessment tables: write the actual values here (.perf: an assessment block; "
    "otherwise JSON); `perfgoals score RULESET FILE` reads either.",
)
@click.option(
    "--published",
    "published_out",
    type=click.Path(dir_okay=False),
    help="Self-assessment tables: write the published 分值/得分 (JSON) here (one source only).",
)
@click.option(
    "--policy",
    default="central",
    show_default=True,
    help="Scoring policy named in the ruleset header.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary line, not each note.")
@reports_errors
def import_command(
    sources: tuple[str, ...],
    output: str | None,
    assessment_out: str | None,
    published_out: str | None,
    policy: str,
    quiet: bool,
) -> None:
    """Import published tables from SOURCE into a ruleset.

    SOURCE is disclosure text extracted from a PDF (.txt), or target / self-assessment tables
    (.csv, .tsv, .xlsx, .xls, .pdf); folders and several sources import every such file, each
    into OUTPUT/<name>.perf. The ruleset goes to stdout (or -o); every source row left out is
    listed on stderr with its row number and reason, then a summary line. Exit 1 when a row was
    rejected.
    """
    from ..importer import SOURCE_SUFFIXES
    from .batch import expand, with_progress, working

    files = expand(sources, SOURCE_SUFFIXES)
    if len(sources) == 1 and len(files) == 1 and not Path(sources[0]).is_dir():
        with working(_("importing {file}", file=files[0])):
            rejected = _import_one(files[0], output, assessment_out, published_out, policy, quiet)
        if rejected:
            sys.exit(EXIT_FINDINGS)
        return
    if output is None or Path(output).is_file():
        raise click.UsageError(_("several sources: name a folder to write them into with -o"))
    if assessment_out or published_out:
        raise click.UsageError(_("--assessment and --published take one source only"))
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    rejected = unusable = False
    stems = Counter(file.stem for file in files)
    for file in with_progress(files, len(files), _("importing")):
        # 表.csv and 表.xlsx side by side are two sources: neither overwrites the other.
        name = file.stem if stems[file.stem] == 1 else f"{file.stem}-{file.suffix[1:]}"
        try:
            rejected |= _import_one(file, str(folder / f"{name}.perf"), None, None, policy, quiet)
        except PerfgoalsError as error:
            click.echo(str(error), err=True)
            unusable = True
    if unusable or not files:
        if not files:
            found = _("no {suffixes} files found", suffixes=alternatives(SOURCE_SUFFIXES))
            click.echo(found, err=True)
        sys.exit(EXIT_UNUSABLE)
    if rejected:
        sys.exit(EXIT_FINDINGS)


def _import_one(
    source: Path,
    output: str | None,
    assessment_out: str | None,
    published_out: str | None,
    policy: str,
    quiet: bool,
) -> bool:
    """Import one source; whether a row was rejected."""
    from ..importer import import_file
    from ..importer.build import checked
    from ..language.formatter import format_ruleset

    result = import_file(source, policy=policy)
    ruleset = checked(result.ruleset, str(source))
    write_output(format_ruleset(ruleset), output)
    if result.assessment is not None and assessment_out:
        assessment = result.assessment
        if result.published is not None:
            # A qualitative row's 得分 is the assessor's rating: written as its tier, so that
            # `score RULESET ACTUALS` gives what `score TABLE` gives.
            from ..importer.audit import rated_assessment
            from ..scoring.policies import load_policy

            assessment = rated_assessment(assessment, result.published, load_policy(policy))
        if assessment_out.lower().endswith(".perf"):
            from ..language.formatter import format_assessment

            text = "\n".join(format_assessment(assessment)) + "\n"
        else:
            text = assessment.model_dump_json(indent=2) + "\n"
        Path(assessment_out).write_text(text, encoding="utf-8")
    if result.published is not None and published_out:
        Path(published_out).write_text(
            result.published.model_dump_json(indent=2) + "\n", encoding="utf-8"
        )
    lines = result.report.lines()
    for line in lines[-1:] if quiet else lines:
        click.echo(line, err=True)
    return bool(result.report.rejected)


@click.command("export-table")
@click.argument("ruleset_file", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    required=True,
    help="The .xlsx (or .csv) file to write.",
)
@click.option(
    "--layout",
    type=click.Choice(["official", "flat"]),
    default="official",
    show_default=True,
    help="official: the performance-target form, one sheet per project; flat: one sheet, one "
    "row per indicator, every column `import` reads (a .csv is always flat).",
)
@reports_errors
def export_table_command(ruleset_file: str, output: str, layout: str) -> None:
    """Write a ruleset as a target table: the official form, one sheet per project, or the flat
    table (.xlsx with merged cells, or .csv) that `import` reads back."""
    from ..language.parser import parse_file

    ruleset = parse_file(ruleset_file)
    if layout == "official" and not output.lower().endswith(".csv"):
        from ..reports.target_table import write_target_table

        write_target_table(output, ruleset)
        return
    from ..importer.layout import ruleset_rows

    rows, merges = ruleset_rows(ruleset)
    if output.lower().endswith(".csv"):
        from ..tables.delimited import write_csv

        write_csv(output, rows)
    else:
        from ..tables.workbook import SheetData, write_workbook

        write_workbook(output, [SheetData("绩效目标表", rows, merges)])


@click.command("audit")
@click.argument("tables", nargs=-1, required=True, type=click.Path(), metavar="TABLE...")
@click.option(
    "--policy",
    "policy_name",
    default="central",
    show_default=True,
    help="Policy name or .perf file to re-score by.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here, not stdout.")
@reports_errors
def audit_command(tables: tuple[str, ...], policy_name: str, fmt: str, output: str | None) -> None:
    """Re-score a self-assessment TABLE (绩效自评表: .csv, .tsv, .xlsx, .xls or .pdf) and compare
    its published 分值 and 得分 with the policy's: per indicator, per level 1, budget execution
    and 总分, and the table's own sums. A table whose 得分 are all empty is scored instead.
    Folders and several tables are audited in one run, with a summary row per file.

    Exit 0 when every published number agrees (within the policy's rounding), 1 when one
    differs or a row could not be imported, 2 when the input is unusable.
    """
    from ..i18n import _
    from ..importer import TABLE_SUFFIXES, import_file
    from ..importer.audit import NoPublishedPoints, audit_import
    from ..importer.build import checked
    from ..reports.audit import render_audit, render_audits
    from ..scoring.policies import load_policy
    from .batch import expand, with_progress, working

    policy = load_policy(policy_name)
    files = expand(tables, TABLE_SUFFIXES)
    single = len(tables) == 1 and len(files) == 1 and not Path(tables[0]).is_dir()
    audits = []
    unusable = not_audited = False
    for table in with_progress(files, len(files), _("auditing")):
        try:
            with working(_("auditing {table}", table=table)) if single else nullcontext():
                result = import_file(table, policy=policy.name)
                ruleset = checked(result.ruleset, str(table))
        except PerfgoalsError as error:
            if single:
                raise
            click.echo(str(error), err=True)
            unusable = True
            continue
        try:
            published, report = result.published, result.report
            audit = audit_import(ruleset, result.assessment, published, report, policy)
        except NoPublishedPoints:
            if single:
                _score_instead(table, ruleset, result, policy, fmt, output)
                return
            click.echo(
                _(
                    "{path}: no 得分 published: not audited (audit it alone to score it)",
                    path=table,
                ),
                err=True,
            )
            not_audited = True
            continue
        audits.append(audit)
        for line in result.report.lines():
            click.echo(line, err=True)
    color = output is None and sys.stdout.isatty()
    width = output_width(output)
    if single:
        text = render_audit(audits[0], fmt, color=color, width=width)
    else:
        text = render_audits(audits, fmt, color=color, width=width)
    if audits:
        write_output(text, output)
    if unusable or not (audits or not_audited):
        if not files:
            found = _("no {suffixes} tables found", suffixes=alternatives(TABLE_SUFFIXES))
            click.echo(found, err=True)
        sys.exit(EXIT_UNUSABLE)
    if not_audited or not all(a.agrees for a in audits):
        sys.exit(EXIT_FINDINGS)


def _score_instead(
    table: Path, ruleset: Ruleset, result: Imported, policy: Policy, fmt: str, output: str | None
) -> None:
    """Every 得分 left empty: the table is scored and its points filled in, not audited."""
    from ..importer.audit import rated_assessment
    from ..reports.score import render
    from ..scoring import score as run

    assert result.assessment is not None and result.published is not None
    rated = rated_assessment(result.assessment, result.published, policy)
    scored = run(ruleset, rated, policy)
    write_output(render(scored, fmt, explain=True, color=False), output)
    for line in result.report.lines():
        click.echo(line, err=True)
    click.echo(
        _(
            "{path}: no 得分 published: scored under {policy}, not audited",
            path=table,
            policy=policy.name,
        ),
        err=True,
    )
    if scored.has_findings:
        sys.exit(EXIT_FINDINGS)
