"""The HTML report: its golden file, escaping, nothing from the network, and a real browser."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

from perfgoals.reports.html import report_html
from tests.golden import assert_golden
from tests.reports.conftest import Scored


def test_seed_report_matches_its_golden_file(seed_scored: Scored) -> None:
    s = seed_scored
    assert_golden("reports/seed-report.html", report_html(s.result, s.ruleset, s.policy))


def test_the_report_is_the_same_file_every_time(seed_scored: Scored) -> None:
    s = seed_scored
    assert report_html(s.result, s.ruleset, s.policy) == report_html(s.result, s.ruleset, s.policy)


def test_nothing_is_loaded_from_anywhere(seed_scored: Scored) -> None:
    s = seed_scored
    html = report_html(s.result, s.ruleset, s.policy)
    # The only URL is the SVG namespace, which names and loads nothing.
    assert set(re.findall(r"https?://[^\s\"'<>)]+", html)) == {"http://www.w3.org/2000/svg"}
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert html.count("<svg") == 4


def test_drawing_charts_leaves_the_import_system_as_it_was(seed_scored: Scored) -> None:
    import sys

    s = seed_scored
    before = list(sys.meta_path)
    report_html(s.result, s.ruleset, s.policy)
    assert sys.meta_path == before
    assert not any(type(f).__name__ == "PluginImportFixer" for f in sys.meta_path)


def test_user_text_is_escaped(seed_scored: Scored) -> None:
    s = seed_scored
    first = s.result.projects[0]
    hostile = '<script>alert("x")</script>'
    project = replace(
        first, name=hostile, indicators=[replace(first.indicators[0], explanation=hostile)]
    )
    html = report_html(replace(s.result, projects=[project]), s.ruleset, s.policy)
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_chromium_renders_the_report_with_its_charts(tmp_path: Path, seed_scored: Scored) -> None:
    from playwright.sync_api import sync_playwright

    s = seed_scored
    path = tmp_path / "report.html"
    path.write_text(report_html(s.result, s.ruleset, s.policy), encoding="utf-8")
    chromium = shutil.which("chromium")
    assert chromium, "Chromium is not installed: .ci/run installs Debian's chromium"
    console: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(path.as_uri())
        height = page.evaluate("document.documentElement.scrollHeight")
        charts = page.evaluate(
            """[...document.querySelectorAll('figure.chart')].map(f => {
                 const svg = f.querySelector('svg'); const box = svg.getBoundingClientRect();
                 return [f.id, Math.round(box.width), Math.round(box.height),
                         svg.querySelectorAll('rect, circle, path').length,
                         svg.querySelectorAll('text').length];
               })"""
        )
        projects = page.evaluate("document.querySelectorAll('section.project').length")
        png = tmp_path / "report.png"
        page.screenshot(path=str(png), full_page=True)
        browser.close()
    assert console == []
    assert requests == [path.as_uri()]
    assert [c[0] for c in charts] == [
        "chart-grades",
        "chart-scores",
        "chart-execution",
        "chart-losses",
    ]
    for key, width, chart_height, shapes, texts in charts:
        assert width > 400 and chart_height > 200, key
        assert shapes > 4 and texts > 4, key
    assert projects == 36
    # The summary, four charts and 36 project tables: a long page, but not an unbounded one.
    assert 15_000 < height < 60_000
    assert png.stat().st_size > 100_000
