"""Several inputs in one run: folders and file lists, paired and reported file by file.

A finance bureau keeps one ruleset per department and that department's actuals beside it
(`综合办.perf` with `综合办-actuals.csv`, or a `.perf` that holds both): an actuals file is
scored against the ruleset whose file name begins its own, the longest such name in the same
folder first. A progress bar shows on a terminal when there are several files, and a spinner
while one long file is read, scored or saved; neither ever reaches a pipe.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import click

from ..i18n import _

T = TypeVar("T")

ACTUALS_SUFFIXES = (".perf", ".csv", ".xlsx", ".xlsm")


def expand(paths: Sequence[str], suffixes: tuple[str, ...]) -> list[Path]:
    """The files named, and the files with these suffixes under the folders named, in order."""
    out: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            out += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes
            )
        else:
            out.append(path)
    return out


@dataclass(frozen=True)
class Pair:
    ruleset: Path
    actuals: Path  # the ruleset itself when it holds its own assessment


def pair_inputs(paths: Sequence[str]) -> tuple[list[Pair], list[str]]:
    """Rulesets paired with their actuals, and a line for every file left without a partner."""
    from ..language.parser import parse_document_file

    rulesets: list[Path] = []
    actuals: list[Path] = []
    inline: set[Path] = set()
    for path in expand(paths, ACTUALS_SUFFIXES):
        if path.suffix.lower() != ".perf":
            actuals.append(path)
            continue
        document = parse_document_file(path)  # an unreadable file is unusable input: exit 2
        if document.ruleset.projects:
            rulesets.append(path)
            if document.assessment is not None:
                inline.add(path)
        else:
            actuals.append(path)
    pairs: list[Pair] = []
    problems: list[str] = []
    used: set[Path] = set()
    for file in actuals:
        ruleset = _partner(file, rulesets)
        if ruleset is None:
            problems.append(
                _(
                    "{file}: no ruleset whose name begins {stem}; score it as "
                    "`perfgoals score RULESET ACTUALS`",
                    file=file,
                    stem=repr(file.stem),
                )
            )
            continue
        pairs.append(Pair(ruleset, file))
        used.add(ruleset)
    for ruleset in rulesets:
        if ruleset in inline and ruleset not in used:
            pairs.append(Pair(ruleset, ruleset))
        elif ruleset not in used:
            problems.append(
                _(
                    "{ruleset}: no actuals file whose name begins {stem}",
                    ruleset=ruleset,
                    stem=repr(ruleset.stem),
                )
            )
    pairs.sort(key=lambda p: (str(p.ruleset), str(p.actuals)))
    return pairs, problems


def _partner(actuals: Path, rulesets: list[Path]) -> Path | None:
    candidates = [r for r in rulesets if actuals.stem.startswith(r.stem) and r != actuals]
    if not candidates:
        return rulesets[0] if len(rulesets) == 1 else None
    return max(candidates, key=lambda r: (r.parent == actuals.parent, len(r.stem)))


def with_progress(items: Iterable[T], total: int, label: str, minimum: int = 2) -> Iterator[T]:
    """The items, with a progress bar on stderr when it is a terminal; never in pipes."""
    if total < minimum or not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console  # imported only here: start-up stays light
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=total)
        for item in items:
            yield item
            progress.advance(task)


@contextmanager
def working(label: str) -> Iterator[None]:
    """A spinner on stderr while one long step runs, when stderr is a terminal; else nothing."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(label):
        yield


def echo_problems(lines: Iterable[str]) -> bool:
    """Each line on stderr; whether there was any."""
    any_line = False
    for line in lines:
        click.echo(line, err=True)
        any_line = True
    return any_line
