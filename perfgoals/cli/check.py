"""`perfgoals check` and `perfgoals rules`: the command-line face of the checker."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import click

from ..checks.findings import Finding, Severity
from ..checks.output import render_json, render_sarif, render_text
from ..checks.registry import REGISTRY
from ..checks.runner import FileResult, check_file
from ..i18n import _
from .common import EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, reports_errors, ruleset_files
from .disclosure_check import DISCLOSURE_SUFFIXES, check_disclosure

PROGRESS_MIN_FILES = 8  # fewer files finish before a bar would be worth drawing


def _codes(values: tuple[str, ...]) -> list[str]:
    words = [w.strip() for v in values for w in v.split(",") if w.strip()]
    for word in words:
        if not REGISTRY.matching(word):
            raise click.BadParameter(_("{word!r} names no rule (see `perfgoals rules`)", word=word))
    return words


def _results(
    files: Sequence[Path], select: list[str] | None, ignore: list[str], jobs: int
) -> Iterator[FileResult]:
    """Check the files in order; in `jobs` processes when there are several files."""
    if jobs == 1 or len(files) < 2:
        for path in files:
            yield check_path(path, select, ignore)
        return
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    work = partial(check_path, select=select, ignore=ignore)
    chunk = max(1, min(16, len(files) // (jobs * 4)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(work, files, chunksize=chunk)


def check_path(path: Path, select: list[str] | None, ignore: list[str]) -> FileResult:
    """A ruleset file, or a disclosure text (.txt) with its projects and budget tables."""
    if path.suffix.lower() in DISCLOSURE_SUFFIXES:
        return check_disclosure(path, select, ignore)
    return check_file(path, select, ignore)


def _with_progress(results: Iterator[FileResult], total: int) -> Iterator[FileResult]:
    """The results, with a progress bar on a terminal when there are more than a handful."""
    if total < PROGRESS_MIN_FILES or not sys.stderr.isatty():
        yield from results
        return
    from rich.console import Console  # imported only here: start-up stays light
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(_("checking"), total=total)
        for result in results:
            yield result
            progress.advance(task)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--select",
    "select",
    multiple=True,
    metavar="CODES",
    help="Run only these rules: codes, prefixes (V, V0), families or names; "
    "comma-separated or repeated.",
)
@click.option(
    "--ignore",
    "ignore",
    multiple=True,
    metavar="CODES",
    help="Do not run these rules (same forms as --select).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Check files in this many processes (0: one per CPU).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif"]),
    default="text",
    show_default=True,
)
@reports_errors
def check(
    paths: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...], jobs: int, fmt: str
) -> None:
    """Check ruleset FILES (folders: every .perf file inside) for consistency.

    A budget disclosure's text (.txt) is checked whole: its project target tables, and its
    budget tables tied out and cross-checked with the projects (rules B and C).

    Exit 0 when no finding is an error, 1 when one is, 2 when a file cannot be read or parsed.
    """
    missing = [p for p in paths if not Path(p).exists()]
    for name in missing:
        click.echo(_("{name}: no such file or folder", name=name), err=True)
    files = list(ruleset_files(tuple(p for p in paths if Path(p).exists())))
    chosen = _codes(select) if select else None
    ignored = _codes(ignore)
    workers = jobs or os.cpu_count() or 1
    results = list(_with_progress(_results(files, chosen, ignored, workers), len(files)))
    findings: list[Finding] = [f for r in results for f in r.findings]
    if fmt == "json":
        click.echo(render_json(findings), nl=False)
    elif fmt == "sarif":
        click.echo(render_sarif(findings), nl=False)
    else:
        click.echo(render_text(findings, len(results)), nl=False)
    if missing or not files or any(not r.usable for r in results):
        if not files and not missing:
            click.echo(_("no .perf files found"), err=True)
        sys.exit(EXIT_UNUSABLE)
    sys.exit(EXIT_FINDINGS if any(f.severity is Severity.ERROR for f in findings) else EXIT_OK)


@click.command()
@click.argument("code", required=False)
def rules(code: str | None) -> None:
    """List the checker's rules, or explain the rule CODE (a code or a dotted name)."""
    if code is None:
        for rule in REGISTRY:
            click.echo(f"{rule.code}  {rule.severity.value:<7}  {rule.name:<42}  {_(rule.summary)}")
        return
    found = REGISTRY.get(code)
    if found is None:
        click.echo(_("no rule {code!r}; `perfgoals rules` lists them", code=code), err=True)
        sys.exit(EXIT_UNUSABLE)
    rule = found
    click.echo(
        f"{rule.code} {rule.name} ({rule.severity.value})\n\n{_(rule.summary)}\n\n"
        f"{_(rule.explanation)}"
    )
