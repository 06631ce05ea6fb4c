"""The built wheel ships the grammar, and an installed (non-editable) copy parses with it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT, SEED_RULESET


def test_wheel_carries_the_grammar_and_parses_from_it(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(dist),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = dist.glob("perfgoals-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert "perfgoals/grammar/perfgoals.lark" in names
        assert "perfgoals/locale/zh_CN/LC_MESSAGES/perfgoals.mo" in names
        assert "perfgoals/profiles/time-proportional.perf" in names
        archive.extractall(tmp_path / "site")
    site = tmp_path / "site"
    check = (
        "import perfgoals, perfgoals.language.parser as p, sys;"
        f"assert perfgoals.__file__.startswith({str(site)!r}), perfgoals.__file__;"
        f"assert str(p.grammar_dir()).startswith({str(site)!r}), p.grammar_dir();"
        f"r = p.parse_file({str(SEED_RULESET)!r});"
        "assert len(r.projects) == 36;"
        "from perfgoals.monitoring.profiles import load_profile, profiles_dir;"
        f"assert str(profiles_dir()).startswith({str(site)!r}), profiles_dir();"
        "assert load_profile('sichuan-2025').checkpoints;"
        "from perfgoals import i18n; i18n.set_language('zh');"
        "assert i18n._('Show the version and exit.') == '显示版本号并退出。'"
    )
    # Run from the extracted wheel alone: the source checkout is not on the path.
    subprocess.run(
        [sys.executable, "-c", check],
        check=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    )
