"""When each content file was last added or changed in the archive, from git history.

The feeds order letters by when they came into the archive, not by their date: an old letter
added today heads them. A fresh clone has every file's modification time set to the clone, so
the history comes from git: one `git log` over the whole content folder, read once (newest
commit first, so a file's first appearance is its last change). What git cannot tell is left to
the caller's documented fallback (derive/feeds.py): content outside git, and files not committed.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

# A commit's line in the log: a NUL, then its committer time in seconds since 1970.
_COMMIT = "\x00"
GIT_SECONDS = 60


@dataclass(frozen=True)
class History:
    """Per content file (its name relative to content/) the time of the last commit that touched it."""

    tracked: bool = False                      # whether the content folder is inside a git repository
    changed: dict[str, datetime] = field(default_factory=dict)


def read_history(content_dir: Path) -> History:
    """The last commit time of every file under content_dir; an empty History outside git or without git."""
    git = shutil.which("git")
    if git is None or not content_dir.is_dir():
        return History()
    try:
        run = subprocess.run(
            # --relative: names relative to content_dir; quotepath off: names as they are (UTF-8).
            [git, "-c", "core.quotepath=off", "log", "--format=%x00%ct", "--name-only",
             "--relative", "--no-renames", "--", "."],
            cwd=content_dir, capture_output=True, timeout=GIT_SECONDS, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return History()
    if run.returncode != 0:
        # Not a repository (or a repository without commits): no history.
        return History()
    return History(True, parse_log(run.stdout.decode("utf-8", "replace")))


def parse_log(text: str) -> dict[str, datetime]:
    """Each file's newest commit time from `git log --format=<NUL>%ct --name-only`, newest commit first."""
    changed: dict[str, datetime] = {}
    when: datetime | None = None
    for line in text.splitlines():
        if line.startswith(_COMMIT):
            when = datetime.fromtimestamp(int(line[1:]), timezone.utc)
        elif line and when is not None:
            changed.setdefault(line, when)
    return changed
