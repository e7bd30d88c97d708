"""The installed package works on its own: a wheel holds the templates and the registry, and builds from anywhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT, TOPICS_YAML, document


def test_a_wheel_of_the_project_builds_a_site_from_another_folder(tmp_path: Path) -> None:
    # Built from a copy: setuptools leaves build/ and *.egg-info beside the sources.
    source = tmp_path / "source"
    shutil.copytree(ROOT / "adviesarchief", source / "adviesarchief", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(wheels), str(source)], check=True, cwd=tmp_path, timeout=300)
    (wheel,) = wheels.glob("adviesarchief-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(archive.read(n).decode() for n in names if n.endswith("entry_points.txt"))
        archive.extractall(tmp_path / "installed")
    templates = ROOT / "adviesarchief" / "render" / "templates"
    for template in templates.rglob("*"):
        if template.is_file():
            assert f"adviesarchief/render/templates/{template.relative_to(templates).as_posix()}" in names
    assert "adviesarchief/data/gemeenten.json" in names
    assert "adviesarchief = adviesarchief.cli:run" in entry_points

    work = tmp_path / "elders"
    (work / "brieven" / "a").mkdir(parents=True)
    (work / "brieven" / "topics.yaml").write_text(TOPICS_YAML, "utf-8")
    (work / "brieven" / "a" / "advies.md").write_text(document(), "utf-8")
    # The installed copy, not this checkout: only it is on the path, and the command runs elsewhere.
    environment = {**os.environ, "PYTHONPATH": str(tmp_path / "installed")}
    where = subprocess.run([sys.executable, "-c", "import adviesarchief; print(adviesarchief.__file__)"],
                           cwd=work, env=environment, capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(tmp_path / "installed"))
    built = subprocess.run([sys.executable, "-m", "adviesarchief", "build", "--content", "brieven",
                            "--output", "uit", "-q"], cwd=work, env=environment, capture_output=True, text=True,
                           timeout=300)
    assert built.returncode == 0, built.stderr
    assert (work / "uit" / "documenten" / "advies" / "index.html").is_file()
    assert (work / "uit" / "static" / "style.css").is_file()
