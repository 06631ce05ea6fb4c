"""`perfgoals check` and `perfgoals rules`: the command-line face of the checker."""

from __future__ import annotations

import codecs
import dataclasses
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import click

from ..checks.config import find_config
from ..checks.findings import Finding, Severity
from ..checks.fixes import unified_diff
from ..checks.output import (
    render_github,
    render_json,
    render_sarif,
    render_statistics,
    render_text,
)
from ..checks.registry import REGISTRY
from ..checks.runner import FileResult, check_file, fix_text, select_rules
from ..i18n import _
from .batch import with_progress
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
    "--output-format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "github"]),
    default="text",
    show_default=True,
    help="github: annotations for GitHub Actions.",
)
@click.option("--fix", is_flag=True, help="Apply the safe fixes to the files.")
@click.option(
    "--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply the unsafe fixes."
)
@click.option("--diff", is_flag=True, help="Show the fixes as a diff; change no file.")
@click.option(
    "--statistics", is_flag=True, help="Count the findings by rule instead of listing them."
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when a finding is an error.")
@reports_errors
def check(
    paths: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    jobs: int,
    fmt: str,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    statistics: bool,
    exit_zero: bool,
) -> None:
    """Check ruleset FILES (folders: every .perf file inside) for consistency.

    A budget disclosure's text (.txt) is checked whole: its project target tables, and its
    budget tables tied out and cross-checked with the projects (rules B and C).

    --fix rewrites the mechanical findings in place (万 → 万元, ≥100% → 100%, full-width
    comparators; a rate without % only with --unsafe-fixes); a fix never changes a number.

    Exit 0 when no finding is an error, 1 when one is, 2 when a file cannot be read or parsed.
    """
    missing = [p for p in paths if not Path(p).exists()]
    for name in missing:
        click.echo(_("{name}: no such file or folder", name=name), err=True)
    files = list(ruleset_files(tuple(p for p in paths if Path(p).exists())))
    chosen = _codes(select) if select else None
    ignored = _codes(ignore)
    workers = jobs or os.cpu_count() or 1
    checked = _results(files, chosen, ignored, workers)
    results = list(with_progress(checked, len(files), _("checking"), PROGRESS_MIN_FILES))
    results = [_fixes_only_in_rulesets(r) for r in results]
    if fix or diff:
        results = _fixed(results, chosen, ignored, unsafe_fixes, diff)
    findings: list[Finding] = [f for r in results for f in r.findings]
    if statistics:
        click.echo(render_statistics(findings, fmt), nl=False)
    elif diff:
        pass  # the diff is the output
    elif fmt == "json":
        click.echo(render_json(findings), nl=False)
    elif fmt == "sarif":
        click.echo(render_sarif(findings), nl=False)
    elif fmt == "github":
        click.echo(render_github(findings), nl=False)
    else:
        click.echo(render_text(findings, len(results)), nl=False)
        _fix_hint(findings, fix)
    if missing or not files or any(not r.usable for r in results):
        if not files and not missing:
            click.echo(_("no .perf files found"), err=True)
        sys.exit(EXIT_UNUSABLE)
    if exit_zero:
        sys.exit(EXIT_OK)
    sys.exit(EXIT_FINDINGS if any(f.severity is Severity.ERROR for f in findings) else EXIT_OK)


def _fixes_only_in_rulesets(result: FileResult) -> FileResult:
    """A disclosure text is published data: its findings are reported, never fixed in place."""
    if Path(result.path).suffix.lower() == ".perf" or not any(f.fix for f in result.findings):
        return result
    findings = tuple(dataclasses.replace(f, fix=None) for f in result.findings)
    return dataclasses.replace(result, findings=findings)


def _applicable(finding: Finding, unsafe: bool) -> bool:
    return finding.fix is not None and (finding.fix.safe or unsafe)


def _fixed(
    results: list[FileResult],
    select: list[str] | None,
    ignore: list[str],
    unsafe: bool,
    diff: bool,
) -> list[FileResult]:
    """Apply (or, with diff, show) the fixes file by file; the results after fixing."""
    out: list[FileResult] = []
    fixed = 0
    for result in results:
        if not any(_applicable(f, unsafe) for f in result.findings):
            out.append(result)
            continue
        path = Path(result.path)
        raw = path.read_bytes()
        bom = raw.startswith(codecs.BOM_UTF8)
        before = raw.decode("utf-8-sig")
        config = find_config(path.resolve().parent)
        selection = select_rules(config, select, ignore)
        after, count, checked = fix_text(before, result.path, selection, config, unsafe)
        fixed += count
        if diff:
            click.echo(unified_diff(result.path, before, after), nl=False)
            out.append(result)
            continue
        path.write_bytes((codecs.BOM_UTF8 if bom else b"") + after.encode("utf-8"))
        out.append(checked)
    remaining = sum(len(r.findings) for r in out)
    if diff:
        click.echo(_("Fixes to apply: {count}.", count=fixed), err=True)
    else:
        click.echo(
            _(
                "Fixes applied: {count} ({remaining} findings remain).",
                count=fixed,
                remaining=remaining,
            ),
            err=True,
        )
    return out


def _fix_hint(findings: list[Finding], fixing: bool) -> None:
    safe = sum(1 for f in findings if f.fix is not None and f.fix.safe)
    unsafe = sum(1 for f in findings if f.fix is not None and not f.fix.safe)
    if safe and not fixing:
        click.echo(_("{count} fixable with --fix.", count=safe), err=True)
    if unsafe:
        click.echo(_("{count} more fixable with --fix --unsafe-fixes.", count=unsafe), err=True)


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
