"""Hierarchy rules (H): the level-1 and level-2 kinds a project has, and names told apart."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ...i18n import _
from ...language.model import LEVEL2_LABELS, Level1, Level2
from ..context import CheckedFile
from ..findings import Severity
from ..registry import REGISTRY, Hit
from .common import at_indicator, at_project, kind, level1_label

_REQUIRED_LEVEL1 = (Level1.OUTPUT, Level1.BENEFIT, Level1.SATISFACTION)
_OUTPUT_KINDS = (Level2.QUANTITY, Level2.QUALITY, Level2.TIMELINESS, Level2.COST)
_PARENT: dict[Level2, frozenset[Level1]] = {
    Level2.QUANTITY: frozenset({Level1.OUTPUT}),
    Level2.QUALITY: frozenset({Level1.OUTPUT}),
    Level2.TIMELINESS: frozenset({Level1.OUTPUT}),
    **{k: frozenset({Level1.OUTPUT, Level1.COST}) for k in Level2 if k.is_cost},
    Level2.ECONOMIC_BENEFIT: frozenset({Level1.BENEFIT}),
    Level2.SOCIAL_BENEFIT: frozenset({Level1.BENEFIT}),
    Level2.ECOLOGICAL_BENEFIT: frozenset({Level1.BENEFIT}),
    Level2.SUSTAINABILITY: frozenset({Level1.BENEFIT}),
    Level2.SATISFACTION: frozenset({Level1.SATISFACTION}),
}


@REGISTRY.rule("H001", "hierarchy.missing-level1", "warning")
def missing_level1(file: CheckedFile) -> Iterator[Hit]:
    """A project lacks one of the level-1 kinds 产出, 效益, 满意度.

    The official target table has output, benefit and satisfaction indicators for every project;
    a missing block leaves its share of the points (50, 30, 10 centrally) with nothing to score.

    Problem:

        project "培训经费" {
          产出 { 数量 "培训人次" "200 人次" }
          满意度 { 服务对象满意度 "学员满意度" ≥90% }
        }

    Fix: add the missing level 1, here a 效益 block such as
    `效益 { 社会效益 "干部业务能力提升" 显著提升 }`.
    """
    for project in file.ruleset.projects:
        present = {i.level1 for i in project.indicators}
        if Level1.COST in present:
            present.add(Level1.OUTPUT)  # a municipal template's own cost level 1 is output
        missing = [level1_label(k) for k in _REQUIRED_LEVEL1 if k not in present]
        if missing:
            yield at_project(
                project,
                _(
                    "project {name!r} has no {levels} indicators",
                    name=project.name,
                    levels="、".join(missing),
                ),
            )


@REGISTRY.rule("H002", "hierarchy.missing-output-kind", "warning")
def missing_output_kind(file: CheckedFile) -> Iterator[Hit]:
    """产出 lacks a quantity, quality, timeliness or cost indicator.

    Output indicators are expected to say how much (数量), how well (质量), how soon (时效) and at
    what cost (成本); the cost kinds 经济成本, 社会成本 and 生态环境成本 count as cost.

    Problem:

        产出 {
          数量 "放映场次" "888 场"
          质量 "放映完成率" 100%
        }

    Fix: add the missing kinds, e.g. `时效 "完成及时率" 100%` and `成本 "补助成本" "≤7.55 万元"`.
    """
    for project in file.ruleset.projects:
        output = [i for i in project.indicators if i.level1 in (Level1.OUTPUT, Level1.COST)]
        if not any(i.level1 is Level1.OUTPUT for i in output):
            continue  # H001 reports the missing level 1
        kinds = {Level2.COST if i.level2.is_cost else i.level2 for i in output}
        missing = [k for k in _OUTPUT_KINDS if k not in kinds]
        if missing:
            words = "、".join(LEVEL2_LABELS[k] for k in missing)
            yield at_project(
                project,
                _(
                    "project {name!r} has no {kinds} indicator under 产出",
                    name=project.name,
                    kinds=words,
                ),
            )


@REGISTRY.rule("H003", "hierarchy.misplaced-level2", "warning")
def misplaced_level2(file: CheckedFile) -> Iterator[Hit]:
    """A level-2 kind stands under the wrong level 1.

    Quantity, quality, timeliness and cost belong under 产出, the benefit kinds under 效益,
    服务对象满意度 under 满意度. Published tables sometimes nest satisfaction under 效益; the
    indicator is then weighted with the wrong level.

    Problem:

        效益 { 服务对象满意度 "群众满意度" ≥90% }

    Fix: move it: `满意度 { 服务对象满意度 "群众满意度" ≥90% }`.
    """
    for _project, indicator in file.indicators():
        parents = _PARENT[indicator.level2]
        if indicator.level1 not in parents:
            proper = "、".join(level1_label(p) for p in sorted(parents))
            yield at_indicator(
                indicator,
                _(
                    "{kind} indicator {name!r} stands under {level1}; it belongs under {proper}",
                    kind=kind(indicator),
                    name=indicator.name,
                    level1=level1_label(indicator.level1),
                    proper=proper,
                ),
            )


@REGISTRY.rule("H004", "hierarchy.duplicate-indicator", "error")
def duplicate_indicator(file: CheckedFile) -> Iterator[Hit]:
    """Two indicators of one kind in a project share a name.

    Actual values and scores are matched to indicators by name; two indicators of the same kind
    with one name cannot be told apart in a self-assessment.

    Problem:

        成本 "每辆车购置价格" "≤25 万元/辆" desc "商务车按标准价格 25 万元以内。"
        成本 "每辆车购置价格" "≤18 万元/辆" desc "小轿车按标准配备价格 18 万元以内"

    Fix: name what differs: `成本 "商务车购置单价" …` and `成本 "小轿车购置单价" …`.
    """
    for project in file.ruleset.projects:
        first: dict[tuple[Level2, str], int] = {}
        for indicator in project.indicators:
            key = (indicator.level2, _normal(indicator.name))
            if key in first:
                yield at_indicator(
                    indicator,
                    _(
                        "{kind} indicator {name!r} is named like the one on line {line} in the "
                        "same project",
                        kind=kind(indicator),
                        name=indicator.name,
                        line=first[key],
                    ),
                )
            else:
                first[key] = indicator.span.line


@REGISTRY.rule("H005", "hierarchy.duplicate-indicator-across-kinds", "info")
def duplicate_across_kinds(file: CheckedFile) -> Iterator[Hit]:
    """Two indicators of different kinds in a project share a name.

    A quantity and a cost named alike are told apart by their kind, but reports and actual
    values that give only the name become ambiguous. Less serious than H004.

    Problem:

        数量 "线路租用" "1 条"
        成本 "线路租用" "12 万元"

    Fix: `数量 "租用线路条数" "1 条"` and `成本 "线路租用费" "12 万元"`.
    """
    for project in file.ruleset.projects:
        seen: dict[str, list[tuple[Level2, int]]] = defaultdict(list)
        for indicator in project.indicators:
            name = _normal(indicator.name)
            earlier = [(k, line) for k, line in seen[name] if k is not indicator.level2]
            if earlier and all(k is not indicator.level2 for k, _ in seen[name]):
                other, line = earlier[0]
                yield at_indicator(
                    indicator,
                    _(
                        "{kind} indicator {name!r} has the name of the {other} indicator on "
                        "line {line}",
                        kind=kind(indicator),
                        name=indicator.name,
                        other=LEVEL2_LABELS[other],
                        line=line,
                    ),
                )
            seen[name].append((indicator.level2, indicator.span.line))


@REGISTRY.rule("H006", "hierarchy.duplicate-project", "warning")
def duplicate_project(file: CheckedFile) -> Iterator[Hit]:
    """Two projects in a ruleset share a name.

    Reports and actual values name projects; two with one name are told apart only by their
    `code`. With distinct codes this is reported at info level, without them as a warning.

    Problem:

        project "公共文化服务体系建设补助资金" { … }
        project "公共文化服务体系建设补助资金" { … }

    Fix: give each a distinct name, or at least a distinct `code "…"`.
    """
    first: dict[str, tuple[int, str | None]] = {}
    codes: dict[str, set[str | None]] = defaultdict(set)
    for project in file.ruleset.projects:
        name = _normal(project.name)
        if name in first:
            line, _code = first[name]
            told_apart = project.code is not None and project.code not in codes[name]
            severity = Severity.INFO if told_apart else None
            if told_apart:
                message = _(
                    "project {name!r} repeats the name of line {line}, told apart by code {code!r}",
                    name=project.name,
                    line=line,
                    code=project.code,
                )
            else:
                message = _(
                    "project {name!r} repeats the name of line {line}, with no distinct code",
                    name=project.name,
                    line=line,
                )
            hit = at_project(project, message)
            yield Hit(hit.message, hit.span, hit.anchor, severity)
        else:
            first[name] = (project.span.line, project.code)
        codes[name].add(project.code)


@REGISTRY.rule("H007", "hierarchy.goal-out-of-range", "error")
def goal_out_of_range(file: CheckedFile) -> Iterator[Hit]:
    """An indicator refers to a goal number the project does not have.

    `goal N` ties an indicator to the project's N-th `goal` text (1-based).

    Problem:

        project "…" { goal "完成培训" 产出 { 数量 "培训人次" "200 人次" goal 2 } }

    Fix: refer to an existing goal (`goal 1`) or add the second goal.
    """
    for project in file.ruleset.projects:
        for indicator in project.indicators:
            if indicator.goal is not None and not 1 <= indicator.goal <= len(project.goals):
                yield at_indicator(
                    indicator,
                    _(
                        "indicator {name!r} refers to goal {goal}, but the project has "
                        "{count} goal(s)",
                        name=indicator.name,
                        goal=indicator.goal,
                        count=len(project.goals),
                    ),
                )


def _normal(name: str) -> str:
    """Names compared as people read them: spaces and final punctuation do not count."""
    return "".join(name.split()).rstrip("。.；;，,")
