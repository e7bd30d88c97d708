"""The code version keys the cache: it must change with each library that shapes the output, however installed."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import pytest

from adviesarchief.incremental import cache


def test_versions_come_from_the_metadata_folders_first_on_the_path(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, names in ((first, ["PyYAML-6.0.2.dist-info", "markdown_it_py-4.0.0.dist-info", "Old.Lib.egg-info"]),
                          (second, ["pyyaml-5.1.dist-info", "feedgen-1.0.0-py3.11.egg-info", "nh3-0.3.0.dist-info"])):
        for name in names:
            (folder / name).mkdir(parents=True)
    monkeypatch.setattr(sys, "path", [str(first), str(tmp_path / "missing"), str(second)])
    versions = cache.installed_versions()
    assert versions["pyyaml"] == "6.0.2"  # the first on the path wins, as when importing
    assert versions["markdown-it-py"] == "4.0.0" and versions["nh3"] == "0.3.0"
    # Installed the old way: the version is left to importlib.metadata.
    assert "feedgen" in versions and versions["feedgen"] is None and versions["old-lib"] is None


def test_a_library_the_folders_do_not_name_is_asked_of_importlib_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def version(name: str) -> str:
        asked.append(name)
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(cache, "installed_versions", lambda: {"jinja2": "3.1.6", "nh3": None})
    monkeypatch.setattr(metadata, "version", version)
    cache.code_version.cache_clear()
    try:
        cache.code_version()
    finally:
        cache.code_version.cache_clear()
    assert asked == [name for name in cache.LIBRARIES if name != "jinja2"]
