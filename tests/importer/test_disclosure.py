"""Disclosure text → ruleset: the seed as a whole, and each extraction artefact on its own.

The artefact tests cut real lines out of the seed disclosure (line numbers below are the
seed's), so each one exercises the text exactly as the PDF extraction left it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from perfgoals.importer import NoteKind, import_file
from perfgoals.importer.build import checked
from perfgoals.language.formatter import format_ruleset
from perfgoals.language.model import Level1, Level2, Ruleset
from perfgoals.language.parser import parse_file, parse_ruleset
from tests.conftest import SEED_DISCLOSURE, SEED_RULESET
from tests.golden import assert_golden

from .conftest import seed_lines

SEED_NAME = "samples/xingtai-kfq-2023-disclosure.txt"
UNIT_LINES = ["111 开发区综合办", "", "预算年度：", "2023", "", "单位：万元", ""]


def without_comments(ruleset: Ruleset) -> Ruleset:
    header = ruleset.header.model_copy(update={"comments": ()}) if ruleset.header else None
    return ruleset.model_copy(update={"header": header, "end_comments": ()})


def import_lines(write_text, lines: list[str]) -> tuple[Ruleset, object]:  # type: ignore[no-untyped-def]
    result = import_file(write_text(lines))
    return checked(result.ruleset, "fragment"), result.report


# ---- the seed ------------------------------------------------------------------------------


def test_seed_import_equals_the_hand_written_ruleset() -> None:
    imported = checked(import_file(SEED_DISCLOSURE).ruleset, "seed")
    hand = without_comments(parse_file(SEED_RULESET))
    assert len(imported.projects) == 36
    assert sum(len(p.indicators) for p in imported.projects) == 265
    for mine, theirs in zip(imported.projects, hand.projects, strict=True):
        assert mine == theirs, f"project {mine.code} {mine.name}"
    # The hand-written ruleset has the projects only; the import carries the budget tables too.
    assert imported.budget is not None and len(imported.budget.tables) == 9
    assert imported.model_copy(update={"budget": None}) == hand


def test_seed_budgets_are_the_procurement_amounts_as_printed() -> None:
    projects = import_file(SEED_DISCLOSURE).ruleset.projects
    budgets = {p.code: p.budget.text for p in projects if p.budget is not None}
    assert budgets == {
        "13": "122.00万元",
        "21": "33.00万元",
        "22": "11.16万元",
        "26": "137.50万元",
        "27": "42.04万元",
    }
    # 72 + 50 for the two cars of 公务用车购置: both rows state the same 预算资金.
    assert projects[12].budget is not None and projects[12].budget.value == Decimal("1220000")


def test_seed_accounts_for_every_line() -> None:
    report = import_file(SEED_DISCLOSURE).report
    text = SEED_DISCLOSURE.read_text(encoding="utf-8")
    non_blank = sum(1 for line in text.split("\n") if line.strip())
    assert report.rows_read == non_blank == 980
    assert report.balanced()
    assert report.rejected == []
    # 36 titles, 36 goal rows, 36 + 25 headers, 265 indicator rows, 15 continuation rows;
    # 2 + 2 procurement header rows and the 5 procurement rows that give budgets (6 lines).
    assert report.rows_used == 413
    text = "\n".join(report.lines()) + "\n"
    assert_golden("importer/seed-report.txt", text.replace(str(SEED_DISCLOSURE), SEED_NAME))


def test_seed_import_output_golden() -> None:
    text = format_ruleset(checked(import_file(SEED_DISCLOSURE).ruleset, "seed"))
    assert_golden("importer/seed.perf", text)


# ---- extraction artefacts, each from real lines of the seed ----------------------------------


def test_repeated_header_at_a_page_break_is_not_a_row(write_text) -> None:  # type: ignore[no-untyped-def]
    # Table 26: nine rows, the header again (line 1083), then seven more cost rows.
    ruleset, report = import_lines(write_text, seed_lines(1069, 1092))
    (project,) = ruleset.projects
    assert len(project.indicators) == 18
    assert [i.name for i in project.indicators[8:10]] == [
        "会场音频设备购置费用",
        "会议终端设备费用",
    ]
    assert report.rows_used == 1 + 1 + 2 + 18  # title, goal, two headers, indicators


def test_merged_level_cells_are_carried_down(write_text) -> None:  # type: ignore[no-untyped-def]
    # Line 1084 comes right after a page break with an empty 一级指标 and 二级指标 = 成本指标.
    ruleset, _ = import_lines(write_text, seed_lines(1069, 1092))
    levels = [(i.level1, i.level2) for i in ruleset.projects[0].indicators]
    assert levels[1] == (Level1.OUTPUT, Level2.QUANTITY)  # line 1074: 一级指标 empty
    assert levels[9] == (Level1.OUTPUT, Level2.COST)  # line 1084: after the repeated header
    assert levels[16] == (Level1.BENEFIT, Level2.SOCIAL_BENEFIT)
    assert levels[17] == (Level1.SATISFACTION, Level2.SATISFACTION)


def test_continuation_row_appends_to_the_cells_above(write_text) -> None:  # type: ignore[no-untyped-def]
    # Table 2: the basis of the last row wraps onto line 777, alone in its column.
    ruleset, report = import_lines(write_text, seed_lines(765, 777))
    last = ruleset.projects[0].indicators[-1]
    assert last.name == "满意度"
    assert last.basis == "9 名老放映员区级生活补助资金及时发放到位满意度。"
    assert len(ruleset.projects[0].indicators) == 6
    assert report.balanced() and report.rows_used == 1 + 1 + 2 + 6 + 1


def test_continuation_row_continues_several_cells(write_text) -> None:  # type: ignore[no-untyped-def]
    # Table 3, lines 785 and 788: name, description and basis all wrap at once.
    ruleset, _ = import_lines(write_text, seed_lines(779, 802))
    flag = ruleset.projects[0].indicators[2]
    assert flag.name == "配备统一的乡村“复兴少年宫”队旗"
    assert flag.description == "给6个试点配备统一的队旗"
    assert flag.target.text == "6面"
    assert flag.basis is not None and flag.basis.startswith("邢文明办（2021）23号《邢台市乡村")


def test_numbers_and_units_broken_by_spaces_keep_their_text_and_value(write_text) -> None:  # type: ignore[no-untyped-def]
    # Table 1, line 761: `≤7.55 万元`; table 14, line 935: a description of `.15`.
    ruleset, _ = import_lines(write_text, seed_lines(754, 763))
    cost = ruleset.projects[0].indicators[3]
    assert cost.target.text == "≤7.55 万元"
    assert cost.target.value == Decimal("75500") and cost.target.op == "<="
    assert ruleset.projects[0].indicators[0].target.text == "888 场"
    ruleset, _ = import_lines(write_text, seed_lines(928, 937))
    share = ruleset.projects[0].indicators[3]
    assert share.description == ".15" and share.target.value == Decimal("6300")


def test_p_fragments_around_goals_are_removed(write_text) -> None:  # type: ignore[no-untyped-def]
    ruleset, _ = import_lines(write_text, seed_lines(899, 911))
    goals = [g.text for g in ruleset.projects[0].goals]
    assert len(goals) == 2
    assert goals[0].startswith("积极推进全面深化改革工作") and goals[0].endswith("不少于 80 次。")
    assert goals[1].endswith("在市委年度考核取得优秀。")
    assert not any("<p>" in g or "</p>" in g for g in goals)


def test_goal_text_in_an_unusual_cell(write_text) -> None:  # type: ignore[no-untyped-def]
    # Table 29, line 1127: the goal stands in the third cell instead of the fourth.
    ruleset, _ = import_lines(write_text, seed_lines(1125, 1146))
    goals = [g.text for g in ruleset.projects[0].goals]
    assert goals == [
        goals[0],
        "引导广大居民养成文明健康生活习惯，提高全社会文明意识。",
    ]
    assert goals[0].startswith("组织开展“访千楼万家、创文明城市”")


def test_goal_numbered_list_with_a_number_right_after_the_dot(write_text) -> None:  # type: ignore[no-untyped-def]
    # Table 16, line 953: `1.888 场公益电影放映 2.丰富…`.
    ruleset, _ = import_lines(write_text, seed_lines(951, 960))
    assert [g.text for g in ruleset.projects[0].goals] == [
        "888 场公益电影放映",
        "丰富全区广大群众业余文化生活",
    ]


def test_header_fields_come_from_the_document(write_text) -> None:  # type: ignore[no-untyped-def]
    ruleset, _ = import_lines(write_text, UNIT_LINES + seed_lines(754, 763))
    assert ruleset.header is not None
    assert ruleset.header.department == "开发区综合办"
    assert ruleset.header.year == 2023
    assert ruleset.header.currency == "万元"


def test_rejected_row_is_reported_with_its_line(write_text) -> None:  # type: ignore[no-untyped-def]
    lines = seed_lines(754, 763)
    lines[4] = lines[4].replace("数量指标", "数目指标")  # line 5 of the fragment (seed 758)
    ruleset, report = import_lines(write_text, lines)
    assert len(ruleset.projects[0].indicators) == 5
    (note,) = report.rejected
    assert note.kind is NoteKind.REJECTED and note.first_row == 5
    assert "数目指标" in note.reason
    assert report.balanced()


def test_imported_text_parses_back_to_the_same_model(write_text) -> None:  # type: ignore[no-untyped-def]
    result = import_file(write_text(seed_lines(779, 802)))
    text = format_ruleset(result.ruleset)
    assert parse_ruleset(text) == result.ruleset


def test_seed_lines_are_real(tmp_path: Path) -> None:
    # The fragments above depend on these line numbers of the seed.
    assert seed_lines(754, 754) == ["1、2022 年农村公益电影放映区级补助资金绩效目标表"]
    assert seed_lines(1083, 1083)[0].startswith("一级指标\t二级指标")


def test_a_row_of_cells_that_reads_like_a_title_makes_no_disclosure() -> None:
    from perfgoals.importer.disclosure import is_disclosure_text, project_title

    row = "1、\t年度绩效目标表"  # a PDF table's row: the reader never takes it for a title
    assert project_title(row) is None and not is_disclosure_text(row)
    assert is_disclosure_text("1、项目甲绩效目标表")
