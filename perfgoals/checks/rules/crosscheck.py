"""Cross-checks of the budget tables with the project target tables (C001–C003).

They need both halves of a disclosure: the budget (file.budget) and the projects with their
budgets and cost targets (file.ruleset). The projects' own cost checks (Σ cost targets ≤
budget, unit cost × quantity) are the money rules M001 and M002, which run on the same file.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ...i18n import _
from ...language.budget import Budget, TableKind, plain_name
from ...language.model import Project
from ...language.values import Comparison
from ..context import CheckedFile
from ..registry import REGISTRY, Hit
from .budget_common import ZERO, at, at_amount, show, total_row
from .common import at_project, is_money

_WAN = Decimal(10000)


def _wan(project: Project) -> Decimal | None:
    """The project's budget in 万元 (the tables' unit), or None without one."""
    budget = project.budget
    if budget is None or budget.value is None:
        return None
    return budget.value / _WAN


def _costs(project: Project) -> Decimal:
    """The project's money cost targets added up, in 万元."""
    total = ZERO
    for indicator in project.indicators:
        target = indicator.target
        if indicator.level2.is_cost and is_money(target) and isinstance(target, Comparison):
            total += Decimal(target.value) / _WAN
    return total


def _key(name: str) -> str:
    return plain_name(name)


@REGISTRY.rule("C001", "crosscheck.projects-exceed-project-spending", "error")
def projects_exceed_project_spending(file: CheckedFile) -> Iterator[Hit]:
    """The projects' budgets add up to more than 项目支出 in 支出总表.

    Each project target table is for a project of the 项目支出: the projects cannot be given
    more than the department spends on projects, and where every project has a budget they add
    up to exactly 项目支出.

    Problem: 项目支出 1124.08, and the target tables' budgets add up to 1180.00.

    Fix: correct the budgets of the target tables, or the expenditure table.
    """
    budget = file.budget
    spending = budget.table(TableKind.EXPENDITURE) if budget is not None else None
    total = total_row(spending) if spending is not None else None
    if total is None or total.amount("项目支出") is None:
        return
    limit = total.value("项目支出")
    budgets = [b for p in file.ruleset.projects if (b := _wan(p)) is not None]
    if not budgets:
        return
    given = sum(budgets, ZERO)
    everyone = len(budgets) == len(file.ruleset.projects)
    if given > limit or (everyone and given != limit):
        yield at_amount(
            total,
            "项目支出",
            _(
                "the {count} project budgets add up to {given}万元, 项目支出 is {limit}",
                count=len(budgets),
                given=show(given),
                limit=show(limit),
            ),
        )


_VEHICLE_WORDS = ("公务用车购置", "车辆购置", "购置公务用车", "公务用车更新")


def _vehicle_project(file: CheckedFile) -> Project | None:
    for project in file.ruleset.projects:
        if any(w in _key(project.name) for w in _VEHICLE_WORDS):
            return project
    return None


@REGISTRY.rule("C002", "crosscheck.vehicle-purchase", "error")
def vehicle_purchase(file: CheckedFile) -> Iterator[Hit]:
    """The vehicle-purchase project disagrees with 公务用车购置费 in the "三公" table.

    公务用车购置费 in the 财政拨款"三公"经费支出表 is what the department spends on buying cars; the
    project that buys them (公务用车购置) has that budget, and its cost targets stay within it.

    Problem: "三公" 公务用车购置费 122.00, project 公务用车购置 with a cost target ≤130万元.

    Fix: the cost target is at most 122万元, or the "三公" table is wrong.
    """
    budget: Budget | None = file.budget
    t = budget.table(TableKind.THREE_PUBLIC) if budget is not None else None
    row = t.named("公务用车购置费") if t is not None else None
    if t is None or row is None:
        return
    purchase = row.value("合计")
    project = _vehicle_project(file)
    if project is None:
        if purchase > ZERO and file.ruleset.projects:
            yield at_amount(
                row,
                "合计",
                _(
                    "公务用车购置费 {purchase}万元 but no project target table buys vehicles",
                    purchase=show(purchase),
                ),
            )
        return
    own = _wan(project)
    if own is not None and own != purchase:
        yield at_project(
            project,
            _(
                'project {name!r} has a budget of {own}万元, the "三公" table\'s 公务用车购置费 is '
                "{purchase}",
                name=project.name,
                own=show(own),
                purchase=show(purchase),
            ),
        )
    costs = _costs(project)
    if costs > purchase:
        yield at_project(
            project,
            _(
                'the cost targets of {name!r} add up to {costs}万元, more than the "三公" '
                "table's 公务用车购置费 {purchase}",
                name=project.name,
                costs=show(costs),
                purchase=show(purchase),
            ),
        )


@REGISTRY.rule("C003", "crosscheck.procurement-projects", "error")
def procurement_projects(file: CheckedFile) -> Iterator[Hit]:
    """A row of the 政府采购预算 table names no project, or disagrees with the project's budget.

    Each purchase is made for a project with a target table; its 预算资金 is that project's
    budget, and what it buys costs no more than the project's budget.

    Problem: 政府采购 row `机关政务电子化  60.00  …` while the project's target table says 50万元.

    Fix: make the procurement row and the project's budget agree.
    """
    budget = file.budget
    if budget is None or not budget.procurement or not file.ruleset.projects:
        return
    projects = {_key(p.name): p for p in file.ruleset.projects}
    spent: dict[str, Decimal] = {}
    for item in budget.procurement:
        spent[_key(item.project)] = spent.get(_key(item.project), ZERO) + (item.amount or ZERO)
    reported: set[str] = set()
    for item in budget.procurement:
        key = _key(item.project)
        if key in reported:
            continue
        reported.add(key)
        project = projects.get(key)
        if project is None:
            yield at(
                item.span,
                _(
                    "the procurement row names {project!r}, which has no target table",
                    project=item.project,
                ),
            )
            continue
        own = _wan(project)
        if own is None:
            continue
        if item.project_budget is not None and item.project_budget != own:
            yield at(
                item.span,
                _(
                    "{project}: 预算资金 {budget} here, the project's budget is {own}万元",
                    project=item.project,
                    budget=show(item.project_budget),
                    own=show(own),
                ),
            )
        if spent[key] > own:
            yield at(
                item.span,
                _(
                    "{project} buys {spent}万元, more than its budget {own}万元",
                    project=item.project,
                    spent=show(spent[key]),
                    own=show(own),
                ),
            )
