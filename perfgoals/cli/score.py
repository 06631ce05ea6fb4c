"""`perfgoals score` and `perfgoals policies`: score a year's actuals, list the policies."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..i18n import _
from ..language.errors import Diagnostic, PerfgoalsError
from ..reports.batch import Scored, batch_summary_line, render_batch
from ..reports.score import render, summary_lines
from ..scoring.results import NO_ACTUALS, AssessmentResult, Summary
from .batch import Pair
from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNUSABLE,
    file_encoding,
    output_width,
    reports_errors,
    write_output,
)
from .store import db_option

if TYPE_CHECKING:
    from ..scoring.stream import StreamedScore


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(), metavar="RULESET ACTUALS")
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
    inputs: tuple[str, ...],
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

    With one argument, RULESET may be a filled self-assessment table (绩效自评表: .csv, .tsv,
    .xlsx, .xls or .pdf) holding both the targets and the actual values: it is imported and
    scored as it stands, the import's notes on stderr.

    Folders and several files score many departments in one run: each actuals file (.perf,
    .csv, .xlsx) goes with the ruleset whose file name begins its own (综合办.perf ←
    综合办-actuals.csv), and one summary table closes the output, a row per department.

    Exit code 1 when an explanation is required but missing or an actual could not be used;
    2 when the input is unusable or nothing could be scored.
    """
    from ..reports.files import FILE_FORMATS, OutputError, format_for, write_result
    from .batch import Pair, echo_problems, pair_inputs, with_progress, working

    fmt = format_for(output, fmt)

    if len(inputs) == 2 and not any(Path(p).is_dir() for p in inputs):
        pairs, problems = [Pair(Path(inputs[0]), Path(inputs[1]))], list[str]()
        single = True
    elif len(inputs) == 1 and _is_table(inputs[0]):
        pairs, problems = [Pair(Path(inputs[0]), Path(inputs[0]))], list[str]()
        single = True
    else:
        missing = [p for p in inputs if not Path(p).exists()]
        pairs, problems = pair_inputs([p for p in inputs if p not in missing])
        problems = [_("{path}: no such file or folder", path=p) for p in missing] + problems
        single = False
        if not pairs:
            problems.append(_("nothing to score: give RULESET ACTUALS, or folders holding both"))
    if single and len(inputs) == 2 and not save:
        if output not in (None, "-") and fmt in STREAMED:
            # One project in memory at a time, written as it is scored (a province's year).
            streamed = _score_streamed(inputs[0], inputs[1], policy_name, fmt, output)
            if streamed is not None:
                sys.exit(_streamed_exit(streamed, pairs[0], output))
        elif fmt == "table":
            # The table draws the first projects only: the rest are scored and counted, not held.
            _table_streamed(inputs[0], inputs[1], policy_name, explain, output, pairs[0])
    if not single and fmt in FILE_FORMATS:
        raise OutputError(
            _("--format {format} is written for one department: give RULESET ACTUALS", format=fmt)
        )
    width = output_width(output)
    color = output is None and sys.stdout.isatty()
    runs = []
    unusable = echo_problems(problems)
    for pair in with_progress(pairs, len(pairs), _("scoring")):
        try:
            with working(_("scoring {actuals}", actuals=pair.actuals)) if single else nullcontext():
                runs.append(_score_pair(pair, policy_name, save, db_url, quiet=not single))
        except PerfgoalsError as error:
            if single:
                raise
            click.echo(str(error), err=True)
            unusable = True
    if single and fmt in FILE_FORMATS:
        run = runs[0]
        assert run.model is not None and run.policy is not None
        write_result(output, fmt, run.result, run.model, run.policy)
    elif runs:
        if single:
            text = render(runs[0].result, fmt, explain=explain, color=color, width=width)
        else:
            text = render_batch(runs, fmt, explain=explain, color=color, width=width)
        write_output(text, output, fmt)
    if single and runs:
        _say_written(output, runs[0].result.summary)
    elif runs:
        _say_written(output, lines=[batch_summary_line(runs)])
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
    from ..language.document import Document
    from ..language.parser import parse_document_file
    from ..scoring import score as run
    from ..scoring.policies import load_policy

    published = None
    if pair.actuals == pair.ruleset and _is_table(str(pair.ruleset)):
        ruleset_model, assessment, published = _filled_table(str(pair.ruleset))
        document = Document(ruleset=ruleset_model)
    else:
        document = parse_document_file(pair.ruleset)
        if pair.actuals == pair.ruleset and document.assessment is not None:
            assessment = document.assessment
        else:
            notes: list[Diagnostic] = []
            assessment = read_actuals(pair.actuals, document.ruleset, notes)
            for note in notes:
                click.echo(_("note: {note}", note=note.render()), err=True)
    inline = {p.name: p for p in document.policies}
    header = document.ruleset.header
    name = policy_name or assessment.policy or (header.policy if header else None) or "central"
    # A policy file named in a file is read beside that file; --policy from here.
    beside = None
    if not policy_name:
        beside = Path(pair.actuals if assessment.policy else pair.ruleset).parent
    policy = inline.get(name) or load_policy(name, relative_to=beside)
    if published is not None:
        from ..importer.audit import rated_assessment

        assessment = rated_assessment(assessment, published, policy)
    result = run(document.ruleset, assessment, policy)
    warn_if_wrong_file(result, pair)
    if save:
        from ..store import save_score

        saved = save_score(result, document.ruleset, assessment, policy, db=db_url)
        click.echo(
            (f"{pair.actuals}: " if quiet else "")
            + _(
                "saved as score run {run} (ruleset version {version}, policy {policy})",
                run=saved.run_id,
                version=saved.ruleset.version,
                policy=policy.name,
            ),
            err=True,
        )
    return Scored(str(pair.ruleset), str(pair.actuals), result, document.ruleset, policy)


def _is_table(path: str) -> bool:
    """A table file (not a ruleset): what `score TABLE` reads as a filled 自评表."""
    from ..importer import TABLE_SUFFIXES

    return not Path(path).is_dir() and path.lower().endswith(TABLE_SUFFIXES)


def _filled_table(path: str):  # type: ignore[no-untyped-def]
    """The ruleset and the actual values of one filled self-assessment table (`_is_table`)."""
    from ..i18n import _
    from ..importer import import_file
    from ..importer.build import checked
    from ..language.errors import Diagnostic, SourceError

    result = import_file(path)
    for line in result.report.lines():
        click.echo(line, err=True)
    if result.assessment is None:
        first = result.report.path
        raise SourceError(
            [
                Diagnostic(
                    first,
                    0,
                    0,
                    _(
                        "the table has targets but no 实际完成值 column: not a filled "
                        "self-assessment; give its ACTUALS as a second argument"
                    ),
                )
            ]
        )
    return checked(result.ruleset, path), result.assessment, result.published


def warn_if_wrong_file(result: AssessmentResult, pair: Pair) -> None:
    """One line first when the actuals match none, or under a third, of the projects."""
    total = len(result.projects)
    _warn_wrong_file(total - result.unmatched_projects, total, pair)


def _warn_wrong_file(matched: int, total: int, pair: Pair) -> None:
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


STREAMED = ("csv", "json")  # the formats written as projects are scored


def _say_written(
    output: str | None, summary: Summary | None = None, lines: list[str] | None = None
) -> None:
    """Results written to a file are not on the screen: say where they are and what they add
    up to (the summary's lines, or the `lines` given), so that the exit code is never the
    only answer."""
    if output in (None, "-"):
        return
    for line in lines or (summary_lines(summary) if summary is not None else []):
        click.echo(_("{file}: {summary}", file=output, summary=line), err=True)


def _streamed_exit(scored: StreamedScore, pair: Pair, output: str | None) -> int:
    """The exit code of a streamed run, after the lines a whole run would print."""
    for note in scored.notes:
        click.echo(_("note: {note}", note=note.render()), err=True)
    summary = scored.summary
    if summary is None:  # pragma: no cover (set once the projects have been read)
        return EXIT_OK
    unmatched = sum(1 for p in scored.problems if p.message == _(NO_ACTUALS))
    _warn_wrong_file(summary.projects - unmatched, summary.projects, pair)
    _say_written(output, summary)
    statuses = summary.statuses
    if statuses["error"] and not any(statuses[s] for s in ("met", "partly_met", "missed")):
        click.echo(
            _(
                "{actuals}: nothing could be scored under policy {policy}: {reason}",
                actuals=pair.actuals,
                policy=repr(scored.policy.name),
                reason=summary.unscored_reason,
            ),
            err=True,
        )
        return EXIT_UNUSABLE
    return EXIT_FINDINGS if scored.has_findings else EXIT_OK


def _score_streamed(
    ruleset: str, actuals: str, policy_name: str | None, fmt: str, output: str
) -> StreamedScore | None:
    """Score a ruleset file and a table of actuals as they are read, into the output file.

    Memory holds one project at a time, whatever the size of the files. Returns the score
    (its summary and problems), or None where streaming does not apply (actuals in a .perf
    file, a ruleset whose layout must be parsed whole): the caller then reads both files
    whole. The output is written beside its destination and moved there only when complete.
    """
    import os
    import tempfile

    from ..language.parser.stream import StreamMismatch
    from ..reports import stream
    from ..scoring.stream import OutOfOrder

    start = _streamed_scorer(ruleset, actuals, policy_name)
    if start is None:
        return None
    from .batch import working

    write = stream.write_csv if fmt == "csv" else stream.write_json
    target = Path(output)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    except OSError as e:  # named as the user wrote it, not as the temporary file beside it
        raise OSError(e.errno, e.strerror, str(target)) from None
    try:
        # The same bytes as write_output writes: a CSV file starts with a byte-order mark
        # (written again after the seek below: the encoder starts over at the file's start).
        with (
            working(_("scoring {actuals}", actuals=actuals)),
            os.fdopen(handle, "w", encoding=file_encoding(fmt), newline="") as out,
        ):
            scored = start(True)
            try:
                write(scored, out)
            except OutOfOrder:  # start again, reading the actuals twice
                out.seek(0)
                out.truncate()
                scored = start(False)
                write(scored, out)
        os.replace(temporary, target)
    except StreamMismatch:
        os.unlink(temporary)
        return None
    except BaseException:
        os.unlink(temporary)
        raise
    return scored


def _streamed_scorer(
    ruleset: str, actuals: str, policy_name: str | None
) -> Callable[[bool], StreamedScore] | None:
    """What starts a streamed score (in the actuals' order, or reading them twice), or None
    where streaming does not apply: actuals in a .perf file, a layout the block scanner
    leaves to a whole parse."""
    from ..actuals.reader import STREAMED_SUFFIXES, iter_actuals
    from ..language.parser.stream import open_streamed
    from ..scoring.policies import load_policy
    from ..scoring.stream import StreamedScore

    if Path(actuals).suffix.lower() not in STREAMED_SUFFIXES:
        return None
    streamed = open_streamed(ruleset)
    if streamed is None:
        return None
    inline = {p.name: p for p in streamed.policies}
    header = streamed.header
    name = policy_name or (header.policy if header else None) or "central"
    beside = None if policy_name else Path(ruleset).parent  # the ruleset's own policy file
    policy = inline.get(name) or load_policy(name, relative_to=beside)

    def start(in_order: bool) -> StreamedScore:
        return StreamedScore(
            streamed, lambda stated: iter_actuals(actuals, stated), policy, in_order=in_order
        )

    return start


def _table_streamed(
    ruleset: str,
    actuals: str,
    policy_name: str | None,
    explain: bool,
    output: str | None,
    pair: Pair,
) -> None:
    """The terminal table of a streamed score, then exit; returns only where streaming does
    not apply (the caller reads both files whole)."""
    from ..language.parser.stream import StreamMismatch
    from ..reports.stream import table_text
    from ..scoring.stream import OutOfOrder

    start = _streamed_scorer(ruleset, actuals, policy_name)
    if start is None:
        return
    from .batch import working

    width = output_width(output)
    color = output is None and sys.stdout.isatty()
    try:
        with working(_("scoring {actuals}", actuals=actuals)):
            try:
                scored = start(True)
                text = table_text(scored, explain=explain, color=color, width=width)
            except OutOfOrder:  # start again, reading the actuals twice
                scored = start(False)
                text = table_text(scored, explain=explain, color=color, width=width)
    except StreamMismatch:
        return
    code = _streamed_exit(scored, pair, None)  # its notes before the table, as a whole run
    write_output(text, output, "table")
    _say_written(output, scored.summary)
    sys.exit(code)


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
