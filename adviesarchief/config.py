"""The one frozen build configuration, made by the CLI and passed explicitly."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


@dataclass(frozen=True)
class Config:
    """Where to read and write, and how strict to be."""

    content_dir: Path = Path("content")
    output_dir: Path = Path("site")
    templates_dir: Path = PACKAGE_DIR / "render" / "templates"
    strict: bool = False
    # Reference date for "days waiting"; None means: site.yaml's, else the newest document's date.
    today: date | None = None
    # The calendar date, only for warning about dates in the future.
    now: date = field(default_factory=date.today)
    # Parsed documents and the manifest of the published site; None builds without a cache.
    cache_dir: Path | None = Path(".cache")
    # Processes for parsing, rendering and indexing (1 = no process pool).
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)

    def display_path(self, path: Path) -> str:
        """Return path as a user typed it: relative to the working directory when possible."""
        try:
            return str(path.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(path)
