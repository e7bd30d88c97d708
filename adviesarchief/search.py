"""Build the Pagefind search index over the written site with the Pagefind CLI."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pagefind_bin import get_executable

from .errors import ArchiveError


def index_site(site_dir: Path) -> str:
    """Run Pagefind once over the whole written site; return its summary line."""
    command = [str(get_executable()), "--site", str(site_dir), "--output-subdir", "pagefind"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ArchiveError(
            "building the search index failed: " + (result.stderr.strip() or result.stdout.strip())[-500:],
            hint="this is a bug in the build, not in your content: please report it",
        )
    counts = [line.strip()[len("Indexed "):] for line in result.stdout.splitlines()
              if line.strip().startswith("Indexed ") and "language" not in line]
    return ", ".join(counts)
