"""The output folder is the tool's alone: refuse, before anything is written, an output it may not replace.

Publishing replaces the whole output folder, so it must never be the content, the working
folder or a folder of someone else's files. Every published site carries MARKER; a folder
without it is accepted only when empty, or when it has the layout of a site published by a
version from before the marker (index.html, pagefind/ and documenten/).
"""

from __future__ import annotations

import os
from pathlib import Path

from .. import urls
from ..errors import ArchiveError

# The file in every published site that says the folder is the tool's to replace.
MARKER = ".adviesarchief-site.txt"
MARKER_TEXT = ("Deze map is gemaakt door adviesarchief (build.py). Bij elke build wordt de hele map vervangen: "
               "zet hier geen eigen bestanden neer.\n")
# The build's own folders beside the output: '.<name><infix><pid>-<random>' (see site.make_sibling).
STAGING_INFIX = ".tmp-"
OLD_INFIX = ".old-"
# What a site published before the marker existed always holds.
_OLD_SITE = ("index.html", urls.SEARCH_INDEX.rstrip("/"), urls.DOCUMENTS.rstrip("/"))
_FIX = "choose a folder of its own, e.g. --output site"


def check_output(output_dir: Path, content_dir: Path) -> None:
    """Raise ArchiveError when the build may not replace output_dir; return when it may."""
    shown = str(output_dir)
    if shown in ("", "."):
        _refuse("the output folder is empty or '.', the working folder: publishing would replace everything in it")
    # realpath follows every symlink, also for a folder that does not exist yet (a loop is left as it is).
    output, content = Path(os.path.realpath(output_dir)), Path(os.path.realpath(content_dir))
    here = Path(os.path.realpath(Path.cwd()))
    if output == content:
        _refuse(f"the output folder '{shown}' is the content folder: publishing would replace the letters")
    if content.is_relative_to(output):
        _refuse(f"the output folder '{shown}' holds the content folder: publishing would replace the letters")
    if output.is_relative_to(content):
        _refuse(f"the output folder '{shown}' lies inside the content folder: the site would be read back as letters")
    if here.is_relative_to(output):
        _refuse(f"the output folder '{shown}' is the working folder or holds it: publishing would replace it")
    if output.exists() and not output.is_dir():
        _refuse(f"the output '{shown}' is a file, not a folder: publishing would replace it")
    if output.is_dir() and not is_ours(output):
        _refuse(f"the output folder '{shown}' holds files this tool did not write: publishing would delete them")


def is_ours(folder: Path) -> bool:
    """Whether the build may replace this existing folder: empty, marked, or an unmarked site of an older version."""
    try:
        names = {name for name in os.listdir(folder) if not left_alone(folder, name)}
    except OSError:
        return False
    if not names or MARKER in names:
        return True
    return all(name in names for name in _OLD_SITE) and (folder / "index.html").is_file() \
        and (folder / _OLD_SITE[1]).is_dir() and (folder / _OLD_SITE[2]).is_dir()


def left_alone(output_dir: Path, name: str) -> bool:
    """Whether an entry of the output folder is no part of a site: the build's own folders (inside the
    output when it is a mount point, see site.beside), or the lost+found of a disk mounted there."""
    return name.startswith((f".{output_dir.name}{STAGING_INFIX}", f".{output_dir.name}{OLD_INFIX}")) \
        or name == "lost+found" and os.path.ismount(output_dir)


def write_marker(folder: Path) -> None:
    """Put the marker into a finished site before it is published."""
    target = folder / MARKER
    target.unlink(missing_ok=True)  # never written into: it may be a hard link shared with the live site
    target.write_text(MARKER_TEXT, encoding="utf-8")


def _refuse(message: str) -> None:
    raise ArchiveError(message, hint=_FIX)
