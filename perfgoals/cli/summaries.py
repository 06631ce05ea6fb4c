"""What `perfgoals --help` lists for each command: the first paragraph of its help.

Kept here so that the group's help imports no command module (each pulls in its stage);
tests/test_cli_summaries.py holds every summary equal to its command's own help, in both
languages.
"""

from __future__ import annotations

from ..i18n import N_

SUMMARIES: dict[str, str] = {
    "value": N_("Print what each value EXPRESSION means, one JSON object a line."),
    "export": N_(
        "Export a ruleset FILE as JSON (the documented contract; see `perfgoals schema`)."
    ),
    "schema": N_("Print the JSON Schema of `perfgoals export`."),
    "fmt": N_("Rewrite ruleset files in the canonical layout (folders: every .perf file inside)."),
    "import": N_("Import published tables from SOURCE into a ruleset."),
    "export-table": N_(
        "Write a ruleset as a target table: the official form, one sheet per project, or "
        "the flat table (.xlsx with merged cells, or .csv) that `import` reads back."
    ),
    "audit": N_(
        "Re-score a self-assessment TABLE (绩效自评表: .csv, .tsv, .xlsx, .xls or .pdf) and "
        "compare its published 分值 and 得分 with the policy's: per indicator, per level 1, "
        "budget execution and 总分, and the table's own sums. A table whose 得分 are all "
        "empty is scored instead. Folders and several tables are audited in one run, with "
        "a summary row per file."
    ),
    "budget": N_(
        "Show the budget tables of the disclosure text SOURCE (the nine 部门预算 tables, the "
        "explanation's figures, the 政府采购 rows), or export them with --format json."
    ),
    "score": N_(
        "Score the ACTUALS of a year against a RULESET: every project out of 100, its "
        "grade, each indicator's points and reason, and the shortfalls that need an "
        "explanation."
    ),
    "policies": N_("List the shipped scoring policies."),
    "template": N_(
        "Write a fill-in file of actual values (or, with --progress, of the month's "
        "progress) for every indicator of RULESET."
    ),
    "monitor": N_(
        "Colour the PROGRESS of a month (.perf, .csv or .xlsx) against a RULESET: a "
        "traffic light per budget, indicator, goal and project, and the deviations that "
        "need an explanation."
    ),
    "profiles": N_("List the shipped monitoring profiles."),
    "check": N_("Check ruleset FILES (folders: every .perf file inside) for consistency."),
    "rules": N_("List the checker's rules, or explain the rule CODE (a code or a dotted name)."),
    "compare": N_(
        "Compare two years (2022 2023), two versions (2023:1 2023:2) or two months of "
        "monitoring (2023-06 2023-07) of a DEPARTMENT."
    ),
    "db": N_("Create, list and show the stored rulesets, assessments and scores."),
    "save": N_("Save a RULESET (a new version if its content changed) and optionally its ACTUALS."),
    "report": N_(
        "Write a stored score run again: the self-assessment workbook (-o FILE.xlsx), the "
        "HTML report (-o FILE.html) or a text format, with the same content as when it "
        "was scored."
    ),
}
