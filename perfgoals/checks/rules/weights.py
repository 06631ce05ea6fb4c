"""Weight rules (W): indicator points, checked only where a ruleset gives them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from ...i18n import _
from ...language.model import Level1
from ..context import CheckedFile
from ..registry import REGISTRY, Hit
from .common import at_indicator, at_project, level1_label, show


@REGISTRY.rule("W001", "weights.partial", "warning")
def partial(file: CheckedFile) -> Iterator[Hit]:
    """Some indicators of a project have a weight and others do not.

    Weights are all given or all left to the policy's default split; a mixture leaves the
    unweighted indicators' points undefined.

    Problem:

        数量 "放映场次" "888 场" weight 20
        质量 "放映完成率" 100%

    Fix: weigh every indicator (`质量 "放映完成率" 100% weight 10`), or none.
    """
    for project in file.ruleset.projects:
        live = [i for i in project.indicators if not i.not_applicable]
        weighted = [i for i in live if i.weight is not None]
        if weighted and len(weighted) < len(live):
            first = next(i for i in live if i.weight is None)
            yield at_indicator(
                first,
                _(
                    "indicator {name!r} has no weight while {count} other indicator(s) of the "
                    "project have one",
                    name=first.name,
                    count=len(weighted),
                ),
            )


@REGISTRY.rule("W002", "weights.total", "error")
def total(file: CheckedFile) -> Iterator[Hit]:
    """The weights of a project's indicators do not add up to the total points.

    Centrally the indicators carry 90 points and budget execution 10; where a template gives the
    indicators all 100 points, they add up to 100. The accepted totals are a setting
    (`weight-totals`).

    Problem:

        产出 { 数量 "…" "888 场" weight 30  质量 "…" 100% weight 30 }
        效益 { 社会效益 "…" 长期 weight 20 }
        满意度 { 服务对象满意度 "…" ≥90% weight 20 }     # 100 … fine; 95 would not be

    Fix: adjust the weights until they add up to 90 (or 100).
    """
    for project in file.ruleset.projects:
        live = [i for i in project.indicators if not i.not_applicable]
        if not live or any(i.weight is None for i in live):
            continue
        points = sum((i.weight or Decimal(0) for i in live), Decimal(0))
        if points not in file.settings.weight_totals:
            accepted = _(" or ").join(show(t) for t in file.settings.weight_totals)
            yield at_project(
                project,
                _(
                    "weights of {name!r} add up to {points}, not {accepted}",
                    name=project.name,
                    points=show(points),
                    accepted=accepted,
                ),
            )


@REGISTRY.rule("W003", "weights.level1-split", "info")
def level1_split(file: CheckedFile) -> Iterator[Hit]:
    """Weights add up to 90 but not in the central split 产出 50, 效益 30, 满意度 10.

    Departments may set their own split; the central one is the reviewer's reference. The split
    is a setting (`level1-weights`).

    Problem:

        产出 weights 40, 效益 40, 满意度 10

    Fix: 产出 50, 效益 30, 满意度 10, unless the department's own rule says otherwise.
    """
    expected = {Level1(k): v for k, v in file.settings.level1_weights.items()}
    if sum(expected.values(), Decimal(0)) == 0:
        return
    for project in file.ruleset.projects:
        live = [i for i in project.indicators if not i.not_applicable]
        if not live or any(i.weight is None for i in live):
            continue
        sums: dict[Level1, Decimal] = defaultdict(Decimal)
        for i in live:
            sums[Level1.OUTPUT if i.level1 is Level1.COST else i.level1] += i.weight or Decimal(0)
        if sum(sums.values(), Decimal(0)) != sum(expected.values(), Decimal(0)):
            continue
        if any(sums.get(k, Decimal(0)) != v for k, v in expected.items()):
            got = _(", ").join(
                f"{level1_label(k)} {show(sums.get(k, Decimal(0)))}" for k in expected
            )
            want = _(", ").join(f"{level1_label(k)} {show(v)}" for k, v in expected.items())
            message = _(
                "weights of {name!r} split {got}; expected {want}",
                name=project.name,
                got=got,
                want=want,
            )
            yield at_project(project, message)
