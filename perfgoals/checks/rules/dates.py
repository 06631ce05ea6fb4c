"""Date rules (D): deadlines against the ruleset's budget year."""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ...language.values import Deadline
from ..context import CheckedFile
from ..registry import REGISTRY, Hit
from .common import at_indicator, at_target


@REGISTRY.rule("D001", "dates.deadline-before-year", "error")
def deadline_before_year(file: CheckedFile) -> Iterator[Hit]:
    """A deadline target falls before the ruleset's budget year.

    Targets are for the budget year; a deadline in an earlier year is a date copied from last
    year's table.

    Problem (in a ruleset with `year 2023`):

        时效 "完成时间" "2022 年 12 月底前"

    Fix: `时效 "完成时间" "2023 年 12 月底前"`.
    """
    year = file.year
    if year is None:
        return
    for _project, indicator in file.indicators():
        target = indicator.target
        if isinstance(target, Deadline) and target.year is not None and target.year < year:
            yield at_target(
                indicator,
                _(
                    "deadline {target!r} is before the budget year {year}",
                    target=target.text,
                    year=year,
                ),
            )


@REGISTRY.rule("D002", "dates.deadline-after-year", "warning")
def deadline_after_year(file: CheckedFile) -> Iterator[Hit]:
    """A deadline target falls after the ruleset's budget year.

    An annual target is assessed at the end of the year; a later deadline cannot be assessed.

    Problem (in a ruleset with `year 2023`):

        时效 "完成时间" "2024 年 6 月底前"

    Fix: set the part due this year (`2023 年 12 月底前`), and leave the rest to next year's table.
    """
    year = file.year
    if year is None:
        return
    for _project, indicator in file.indicators():
        target = indicator.target
        if isinstance(target, Deadline) and target.year is not None and target.year > year:
            yield at_target(
                indicator,
                _(
                    "deadline {target!r} is after the budget year {year}",
                    target=target.text,
                    year=year,
                ),
            )


@REGISTRY.rule("D003", "dates.described-date-before-year", "warning")
def described_date_before_year(file: CheckedFile) -> Iterator[Hit]:
    """An indicator's description names a date before the budget year.

    Descriptions copied from last year's table keep last year's dates (`2022 年底完成` in a 2023
    ruleset), which then disagree with the target.

    Problem (in a ruleset with `year 2023`):

        时效 "完成工作率" ≥98% desc "2022 年底完成"

    Fix: `desc "2023 年底完成"`.
    """
    year = file.year
    if year is None:
        return
    for _project, indicator in file.indicators():
        for mention in file.description_mentions(indicator):
            value = mention.value
            if isinstance(value, Deadline) and value.year is not None and value.year < year:
                yield at_indicator(
                    indicator,
                    _(
                        "the description of {name!r} says {value!r}, before the budget year {year}",
                        name=indicator.name,
                        value=value.text,
                        year=year,
                    ),
                )
                break
