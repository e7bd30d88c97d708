"""The publishing recipes call make targets that exist and publish the built site/."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import yaml

from adviesarchief.incremental.spare import SPARE_SUFFIX
from adviesarchief.write.guard import OLD_INFIX, STAGING_INFIX
from conftest import ROOT

MAKE_TARGETS = set(re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text("utf-8"), re.M))


def make_calls(commands: list[str]) -> list[str]:
    return [m for command in commands for m in re.findall(r"\bmake ([a-z][\w-]*)", command)]


def test_github_pages_workflow_builds_with_make_and_publishes_site() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    calls = make_calls([step["run"] for step in steps if "run" in step])
    assert calls == ["check", "site"] and set(calls) <= MAKE_TARGETS
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"


def test_gitlab_pages_job_builds_with_make_and_publishes_site() -> None:
    job = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text("utf-8"))["pages"]
    calls = make_calls(job["script"])
    assert calls == ["check", "site"] and set(calls) <= MAKE_TARGETS
    assert "cp -r site public" in job["script"][-1]
    assert job["artifacts"]["paths"] == ["public"]


def test_readme_has_the_three_recipes() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for recipe in (".github/workflows/pages.yml", ".gitlab-ci.yml", "rsync -", "scp -r site/"):
        assert recipe in readme


def test_make_clean_removes_all_a_build_leaves_beside_the_content(tmp_path: Path) -> None:
    """The spare site (a full copy) too: left behind, the next cold build spends seconds clearing it."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    left = [f"site{SPARE_SUFFIX}", f"site{STAGING_INFIX}1", f"site{OLD_INFIX}1"]
    for folder in ["site", ".cache", "test-output", *(f".{name}" for name in left)]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.html").write_text("x", "utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "brief.md").write_text("x", "utf-8")
    subprocess.run(["make", "--silent", "clean"], cwd=tmp_path, check=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Makefile", "content"]
