"""The illustrative self-assessment of the seed ruleset, written once.

samples/xingtai-kfq-2023-actuals.{csv,xlsx,perf} are this content in the three forms; the
sample tests check that each file still says exactly this (PERFGOALS_REGEN=1 rewrites them).
Amounts are a small district office's (元); the rows cover targets met, missed, over-completed
(≥130%), cost overruns, qualitative tiers with and without points, not applicable, a missing
actual, and explanations both given and missing where one is due.
"""

from __future__ import annotations

from decimal import Decimal

from perfgoals.actuals.rows import occurrences
from perfgoals.language.assessment import Actual, Assessment, IndicatorRef, ProjectActuals, Tier
from perfgoals.language.model import Project, Ruleset
from perfgoals.language.units import Dimension
from perfgoals.language.values import Comparison, Deadline, Qualitative, Range, Value, parse_value

# code → (年初预算数, 全年预算数, 全年执行数 in 元, the project's explanation)
FUNDS: dict[str, tuple[str | None, str | None, str | None, str | None]] = {
    "1": (None, "79200", "79200", "上级上调放映单价，年中追加预算0.37万元。"),
    "3": ("20000", "20000", "19450", None),
    # Execution 81% (< 90%): an explanation is due and missing.
    "12": ("20000", "20000", "16200", None),
    "13": ("1220000", "1220000", "1186400", None),
    "19": (None, "141750", "140320", None),
    "21": (
        "330000",
        "300000",
        "296800",
        "年中按实际参检人数调减预算3万元；体检费按协议价结算。",
    ),
    "26": ("1375000", "1375000", "1286000", "工程监理由集成商质保承担，监理费未支出。"),
}

# code → rows of (三级指标, n-th of that name, 实际完成值, 评价等级, 得分, 不适用,
# 偏差原因分析及改进措施)
Row = tuple[str, int | None, str | None, str | None, str | None, bool, str | None]
ACTUALS: dict[str, list[Row]] = {
    "1": [
        (
            "农村公益电影放映",
            None,
            "860 场",
            None,
            None,
            False,
            "汛期3个行政村暂停放映28场，已顺延至次年一季度补放。",
        ),
        ("放映完成率", None, "96.8%", None, None, False, "同上，汛期停映。"),
        ("完成及时率", None, "100%", None, None, False, None),
        # A cost overrun (reverse indicator): 7.92 against ≤7.55.
        (
            "补助成本",
            None,
            "7.92万元",
            None,
            None,
            False,
            "放映场次单价由上级上调，超支部分经区财政局同意列支。",
        ),
        ("社会影响力", None, "达到长期效果", "达成", None, False, None),
        # Missed, and the explanation that is due is missing.
        ("群众满意度", None, "88%", None, None, False, None),
    ],
    "3": [
        ("完善6个乡村“复兴少年宫”阵地建设", None, "6个", None, None, False, None),
        ("配备统一的志愿服务马甲", None, "30件", None, None, False, None),
        ("配备统一的乡村“复兴少年宫”队旗", None, "6面", None, None, False, None),
        ("开展不少于1次优秀辅导员志愿者评选表扬活动", None, "2次", None, None, False, None),
        ("验收通过率", None, "100%", None, None, False, None),
        ("及时率", None, "100%", None, None, False, None),
        ("完善6个乡村“复兴少年宫”阵地建设", 2, "1.45万元", None, None, False, None),
        ("购置辅导员志愿服务马甲和少年宫队旗", None, "0.2万元", None, None, False, None),
        ("购置活动用品", None, "0.295万元", None, None, False, None),
        # A qualitative tier with points inside its band.
        (
            "社会影响力",
            None,
            "活动覆盖6个村，部分村参与率偏低",
            "部分达成",
            "21",
            False,
            "两个试点村辅导员流动大，下年度建立志愿者储备名单。",
        ),
        ("群众满意度", None, "98.5%", None, None, False, None),
    ],
    "12": [
        # Over-completed (140%), with the explanation that is due.
        (
            "印制改革系列文件数量",
            None,
            "4200 份",
            None,
            None,
            False,
            "新增营商环境改革汇编1200份，年初目标设定偏低。",
        ),
        ("工作完成率", None, "100%", None, None, False, None),
        ("工作完成及时率", None, "97%", None, None, False, None),
        ("耗材、印制改革系列文件经费", None, "1.62万元", None, None, False, None),
        ("单位年终考核成绩", None, "优", None, None, False, None),
        ("服务对象满意度", None, "96%", None, None, False, None),
    ],
    "13": [
        ("更新购置公务用车数量", None, "6 辆", None, None, False, None),
        ("按照要求采购质量标准执行", None, "符合文件要求", "达成", None, False, None),
        ("完成率", None, "100%", None, None, False, None),
        ("每辆车购置价格", 1, "24.8万元/辆", None, None, False, None),
        # Over the ≤18 万元/辆 cap.
        (
            "每辆车购置价格",
            2,
            "18.6万元/辆",
            None,
            None,
            False,
            "国六排放车型配置调整，单价超标准0.6万元，已报车改办备案。",
        ),
        ("提高外出办理公务效率", None, "保障应急及招商用车", "达成", "27", False, None),
        ("服务对象满意度", None, "97%", None, None, False, None),
    ],
    "19": [
        ("会议设备数量", 1, "1", None, None, False, None),
        ("会议设备数量", 2, "1", None, None, False, None),
        ("会议设备数量", 3, "1", None, None, False, None),
        ("验收通过率", None, "100", None, None, False, None),
        ("项目完成及时性", None, "2023-11-20", None, None, False, None),
        ("会议设备成本", 1, "126500", None, None, False, None),
        ("会议设备成本", 2, "11930", None, None, False, None),
        ("会议设备成本", 3, "1890", None, None, False, None),
        ("提高工作效率", None, "100", None, None, False, None),
        ("满意度", None, "93", None, None, False, None),
    ],
    "21": [
        # Over-completed (137.5%) and no explanation.
        ("体检人员人数", None, "1100 人", None, None, False, None),
        ("提高人员身体素质", None, "完成体检并建立健康档案", "达成", None, False, None),
        (
            "体检工作组织完成率",
            None,
            "政采延期，体检推迟至11月完成",
            "部分达成",
            None,
            False,
            "政府采购流程延期一个月，下年度提前启动采购。",
        ),
        ("全区人员体检费用", None, "436元/人", None, None, False, None),
        (
            "为工作人员的健康提供保障",
            None,
            "部分人员未参检",
            "未达成",
            "12",
            False,
            "外派人员未能参检，下年度安排补检。",
        ),
        ("服务对象满意度", None, "95%", None, None, False, None),
    ],
    "26": [
        ("会场音频设备", 1, "17 台", None, None, False, None),
        ("会场音频设备", 2, "13 台", None, None, False, None),
        ("会场音频设备", 3, "2 台", None, None, False, None),
        ("传输及信道加密设备数量", None, "6 台", None, None, False, None),
        ("控制室辅助设备及材料数量", None, "5 套", None, None, False, None),
        (
            "建成具备向上对接市党政专用电视会议系统能力的县电视会议系统",
            None,
            "100%",
            None,
            None,
            False,
            None,
        ),
        ("完成工作率", None, "100%", None, None, False, None),
        ("会场音频设备购置费用", 1, "20.9 万元", None, None, False, None),
        ("会场音频设备购置费用", 2, "30.1 万元", None, None, False, None),
        ("会议终端设备费用", None, "16.8 万元", None, None, False, None),
        ("传输及信道加密设备费用", None, "45.9 万元", None, None, False, None),
        ("控制室辅助设备及材料费用", None, "1.65 万元", None, None, False, None),
        ("机房及会场技术改造费", None, "9.6 万元", None, None, False, None),
        # 集成费 has no actual: its row is there with nothing filled in.
        ("项目建设管理费", None, "1 万元", None, None, False, None),
        ("工程监理费", None, None, None, None, True, "监理由集成商质保承担，本年度不适用。"),
        ("提高工作效率", None, "≥98%", None, None, False, None),
        ("服务对象满意度", None, "100%", None, None, False, None),
    ],
}


def _money(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _met_value(target: Value, year: int) -> str:
    """An actual that meets the target exactly, spelled as an officer would write it."""
    if isinstance(target, Comparison):
        return f"{target.magnitude}{target.unit or ''}"
    if isinstance(target, Range):
        return target.text.split("-")[0].split("~")[0].strip("[ ")
    if isinstance(target, Deadline):
        return f"{target.year or year}-{target.month:02d}-{target.day:02d}"
    return target.text


def _met_rows(project: Project, year: int) -> list[Row]:
    """Every indicator of a project met: the bulk of a real self-assessment."""
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for indicator in project.indicators:
        seen[indicator.name] = seen.get(indicator.name, 0) + 1
        nth = seen[indicator.name] if seen[indicator.name] > 1 else None
        qualitative = isinstance(indicator.target, Qualitative)
        tier = "达成" if qualitative and indicator.target.grade is None else None
        rows.append(
            (indicator.name, nth, _met_value(indicator.target, year), tier, None, False, None)
        )
    return rows


def _met_funds(project: Project) -> tuple[str | None, str | None, str | None, str | None]:
    """A budget of the project's money targets (or 10万元), executed at 92%–100%."""
    money = [
        i.target.value
        for i in project.indicators
        if isinstance(i.target, Comparison) and i.target.dimension is Dimension.MONEY
    ]
    budget = project.budget.value if project.budget else (sum(money) if money else Decimal(100000))
    rate = Decimal(100 - (int(project.code or 0) * 7) % 9) / 100
    executed = (budget * rate).quantize(Decimal("0.01"))
    return (str(budget), str(budget), str(executed), None)


def sample_assessment(ruleset: Ruleset) -> Assessment:
    """The sample content as the model, its references spelled as the template spells them.

    The projects written out above carry the cases worth showing; every other project of the
    ruleset has its targets met, so the sample is a whole department's year.
    """
    year = ruleset.year or 2023
    projects: list[ProjectActuals] = []
    for project in ruleset.projects:
        code = project.code or ""
        rows = ACTUALS.get(code) or _met_rows(project, year)
        # The n-th indicator of a name in ruleset order (同名序号 counts within levels too).
        refs: dict[str, list[IndicatorRef]] = {}
        for indicator, occurrence in zip(project.indicators, occurrences(project), strict=True):
            refs.setdefault(indicator.name, []).append(
                IndicatorRef(
                    name=indicator.name,
                    level1=indicator.level1,
                    level2=indicator.level2,
                    occurrence=occurrence,
                )
            )
        actuals = tuple(
            Actual(
                indicator=refs[name][(nth or 1) - 1],
                value=parse_value(actual) if actual is not None else None,
                tier=Tier(tier) if tier is not None else None,
                points=Decimal(points) if points is not None else None,
                not_applicable=na,
                explanation=explanation,
            )
            for name, nth, actual, tier, points, na, explanation in rows
        )
        initial, adjusted, executed, explanation = FUNDS.get(code) or _met_funds(project)
        projects.append(
            ProjectActuals(
                project=project.name,
                code=code,
                initial_budget=_money(initial),
                adjusted_budget=_money(adjusted),
                executed=_money(executed),
                explanation=explanation,
                actuals=actuals,
            )
        )
    return Assessment(projects=tuple(projects))
