"""The same scoring as plain_scorer.py, in polars with Decimal columns (bench_cli.py).

python polars_scorer.py RULESET.perf ACTUALS.csv OUT.csv
"""

import re
import sys

import polars as pl

ruleset_path, actuals_path, out_path = sys.argv[1:4]
rows = []
code = level1 = None
CODE = re.compile(r'^  code "(.*)"$')
LEVEL1 = re.compile(r"^  (\S+) \{$")
IND = re.compile(r'^    (\S+) "(.*)" "(.*)"$')
with open(ruleset_path, encoding="utf-8") as f:
    for line in f:
        m = CODE.match(line)
        if m:
            code = m.group(1)
            continue
        m = LEVEL1.match(line)
        if m:
            level1 = m.group(1)
            continue
        m = IND.match(line)
        if m:
            rows.append((code, level1, m.group(1), m.group(2), m.group(3)))
D = pl.Decimal(20, 4)
t = pl.DataFrame(rows, schema=["code", "level1", "level2", "name", "target"], orient="row")
a = pl.read_csv(actuals_path, infer_schema_length=0)
a.columns = [
    "code",
    "project",
    "l1",
    "l2",
    "name",
    "t",
    "actual",
    "tier",
    "budget",
    "executed",
    "why",
]
funds = a.filter(pl.col("name").is_null()).select(
    "code", pl.col("budget").cast(D), pl.col("executed").cast(D)
)
inds = a.filter(pl.col("name").is_not_null()).select("code", "name", "actual", "tier")
num = r"([\d.]+)"


def amount(col):
    n = pl.col(col).str.replace_all(" ", "").str.extract(num, 1).cast(D)
    return pl.when(pl.col(col).str.contains("万元")).then(n * 10000).otherwise(n)


j = t.join(inds, on=["code", "name"], how="left")
j = j.with_columns(
    weight=(
        pl.when(pl.col("level1") == "产出")
        .then(50)
        .when(pl.col("level1") == "效益")
        .then(30)
        .otherwise(10)
        .cast(D)
        / pl.len().over(["code", "level1"])
    ).cast(D),
    tv=amount("target"),
    av=amount("actual"),
    reverse=pl.col("target").str.starts_with("≤") | (pl.col("level2") == "成本"),
    deadline=pl.col("target").str.extract(r"^(\d+)月底前$", 1).cast(pl.Int32),
)
share = (
    pl.when(pl.col("target") == "长期")
    .then(
        pl.when(pl.col("tier") == "达成")
        .then(1.0)
        .when(pl.col("tier") == "部分达成")
        .then(0.6)
        .otherwise(0.0)
        .cast(D)
    )
    .when(pl.col("deadline").is_not_null())
    .then(
        pl.when(pl.col("actual").str.slice(5, 2).cast(pl.Int32) <= pl.col("deadline"))
        .then(1)
        .otherwise(0)
        .cast(D)
    )
    .when(pl.col("av").is_null())
    .then(pl.lit(0).cast(D))
    .when(pl.col("reverse"))
    .then(
        pl.when(pl.col("av") <= pl.col("tv"))
        .then(pl.lit(1).cast(D))
        .otherwise(pl.col("tv") / pl.col("av"))
    )
    .otherwise(
        pl.when(pl.col("av") >= pl.col("tv"))
        .then(pl.lit(1).cast(D))
        .otherwise(pl.col("av") / pl.col("tv"))
    )
)
j = j.with_columns(points=(pl.col("weight") * share).round(2))
totals = (
    j.group_by("code")
    .agg(pl.col("points").sum())
    .join(funds, on="code", how="left")
    .with_columns(
        score=pl.col("points")
        + (pl.min_horizontal(pl.col("executed") / pl.col("budget"), pl.lit(1)) * 10).round(2)
    )
)
j.select("code", "name", "target", "actual", "weight", "points").write_csv(out_path)
totals.select("code", "score").write_csv(out_path + ".totals.csv")
