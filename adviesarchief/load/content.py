"""Read everything the build needs from disk: content files, templates and the registry."""

from __future__ import annotations

import errno
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping

from ..config import PACKAGE_DIR, Config
from ..errors import ArchiveError

MAX_FILE_BYTES = 5 * 1024 * 1024
REGISTRY_FILE = PACKAGE_DIR / "data" / "gemeenten.json"


# What tells whether a file changed without reading it: size, modification and change
# times (ns), inode. The change time is set by the system on every write and cannot be set back.
FileStamp = tuple[int, int, int, int]

SYNONYMS_FILE = "synoniemen.yaml"
SPECIAL_FILES = ("topics.yaml", "site.yaml", SYNONYMS_FILE)

@dataclass(frozen=True)
class SourceFile:
    """The raw bytes of one document file (or, when it is known unchanged, only their hash)."""

    path: str  # as shown in messages, e.g. content/wijdemeren/advies.md
    name: str  # relative to content/, with '/' separators
    absolute: str
    data: bytes | None  # None: not read, because `digest` is known (see read_content)
    digest: str = ""  # the hash of the bytes, when known without reading them
    stamp: FileStamp | None = None


@dataclass(frozen=True)
class ContentTree:
    """Everything read from content/: documents, the two YAML files and the other files."""

    root: str
    documents: tuple[SourceFile, ...]
    topics: SourceFile | None
    site: SourceFile | None
    # Relative paths of regular files inside content/ (symlinks out are left out).
    files: frozenset[str]
    directories: frozenset[str]
    # Relative paths of symlinks whose target lies outside content/.
    escaping_links: frozenset[str]
    # Files that cannot be read: too large, a link in a loop, a pipe or device (each one error).
    too_large: tuple[ArchiveError, ...]
    # Relative paths of the links in a loop and the pipes and devices among them (their error is in too_large).
    unusable: frozenset[str] = frozenset()
    synonyms: SourceFile | None = None  # synoniemen.yaml, optional

    def kind_of(self, path: str) -> str:
        """What a relative path is in content/: 'link' (out of it), 'folder', 'file', 'unusable' or 'none'."""
        return ("link" if path in self.escaping_links else "folder" if path in self.directories
                else "file" if path in self.files else "unusable" if path in self.unusable else "none")


def is_document_name(name: str) -> bool:
    """Tell whether a file name is a document: a .md file not starting with '_' or '.'."""
    return name.endswith(".md") and not name.startswith(("_", "."))


def read_content(config: Config, known: Mapping[str, tuple[FileStamp, str]] | None = None) -> ContentTree:
    """Read every document and the YAML files under the content directory, in sorted order.

    known: the stamp and hash of document files by absolute path, as a build recorded them; a
    file with the same stamp now is not read (its hash is all a build needs when it has
    parsed it before: see cache.ParseCache.stamps).
    """
    known = known or {}
    root = config.content_dir
    if not root.is_dir():
        raise ArchiveError(
            f"content directory '{config.display_path(root)}' does not exist",
            hint="create it, or pass --content DIR",
        )
    real_root = root.resolve()
    inside_root = os.path.join(real_root, "")  # with a slash at its end, once: os.path.join per file costs more
    shown_root = config.display_path(root)
    documents: list[SourceFile] = []
    files: set[str] = set()
    directories: set[str] = set()
    escaping: set[str] = set()
    unusable: set[str] = set()
    too_large: list[ArchiveError] = []
    special: dict[str, SourceFile] = {}
    for rel_folder, dirnames, entries in _walk(str(root), ""):
        for dirname in dirnames:
            directories.add(rel_folder + dirname)
        for entry in entries:
            rel = rel_folder + entry.name
            problem = _unusable(entry)
            if problem:
                unusable.add(rel)
                too_large.append(ArchiveError(problem, path=f"{shown_root}/{rel}", line=1,
                                              hint="remove it, or put the file itself in its place"))
                continue
            if entry.is_symlink() and not _is_inside(Path(entry.path).resolve(), real_root):
                escaping.add(rel)
                continue
            if not entry.is_file():
                continue
            files.add(rel)
            is_special = rel in SPECIAL_FILES
            if not (is_special or (is_document_name(entry.name) and not rel.startswith("_"))):
                continue
            shown = f"{shown_root}/{rel}"
            # Joining is as good as resolve() here (the walk does not follow folder links) and much faster.
            absolute = str(Path(entry.path).resolve()) if entry.is_symlink() else inside_root + rel
            if not is_special:
                status = entry.stat()
                stamp = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
                unchanged = known.get(absolute)
                if unchanged is not None and unchanged[0] == stamp:
                    documents.append(SourceFile(shown, rel, absolute, None, unchanged[1], stamp))
                    continue
            with open(entry.path, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                data = handle.read() if size <= MAX_FILE_BYTES else b""
            if size > MAX_FILE_BYTES:
                too_large.append(ArchiveError(
                    f"file is {size / 1024 / 1024:.1f} MB; the limit is 5 MB",
                    path=shown, line=1,
                    hint=f"{rel} lists settings, never that much: check that it is the right file" if is_special
                    else "split the letter, or put the original PDF in attachments",
                ))
                continue
            source = SourceFile(shown, rel, absolute, data, stamp=None if is_special else stamp)
            if is_special:
                special[rel] = source
            else:
                documents.append(source)
    return ContentTree(
        root=shown_root,
        documents=tuple(documents),
        topics=special.get("topics.yaml"),
        site=special.get("site.yaml"),
        files=frozenset(files),
        directories=frozenset(directories),
        escaping_links=frozenset(escaping),
        too_large=tuple(too_large),
        unusable=frozenset(unusable),
        synonyms=special.get(SYNONYMS_FILE),
    )


def read_source(source: SourceFile) -> SourceFile:
    """The file's bytes after all (read_content took it as unchanged, but its parse is not in the cache)."""
    with open(source.absolute, "rb") as handle:
        status = os.fstat(handle.fileno())
        data = handle.read()
    return SourceFile(source.path, source.name, source.absolute, data, "",
                      (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """Whether an entry is a folder (or a link to one); a link in a loop is none."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _unusable(entry: os.DirEntry[str]) -> str:
    """Why an entry of content/ cannot be read as a file or folder ('' when it can, or is a plain broken link)."""
    if entry.is_file(follow_symlinks=False) or entry.is_dir(follow_symlinks=False):
        return ""  # known from the folder listing, without a system call: the usual case
    try:
        mode = entry.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "this is a link that leads back to itself (a loop)"
        return ""  # a broken link: the name is simply not there
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return ""
    return "this is not a file but a pipe, socket or device"


def _walk(folder: str, rel_folder: str) -> Iterator[tuple[str, list[str], list[os.DirEntry[str]]]]:
    """Like os.walk, in sorted order and without hidden folders, giving each file's DirEntry.

    DirEntry knows from the folder listing whether a name is a file or a link, which saves
    two system calls per file over pathlib on a large archive.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        return  # an unreadable folder is skipped, as os.walk does
    dirnames = [e.name for e in entries if not e.name.startswith(".") and _is_dir(e)]
    files = [e for e in entries if not _is_dir(e)]
    yield rel_folder, dirnames, files
    for entry in entries:
        # Like os.walk(followlinks=False): a linked folder is listed but not entered.
        if entry.name in dirnames and not entry.is_symlink():
            yield from _walk(entry.path, f"{rel_folder}{entry.name}/")


def read_templates(config: Config) -> dict[str, str]:
    """Read every template and static file under templates/, keyed by relative path."""
    if not (config.templates_dir / "base.html").is_file():
        raise ArchiveError(f"the templates are missing: {config.templates_dir} holds no base.html",
                           hint="the installation is incomplete: install adviesarchief again (pip install .)")
    templates: dict[str, str] = {}
    for path in sorted(config.templates_dir.rglob("*")):
        if path.is_file():
            templates[path.relative_to(config.templates_dir).as_posix()] = path.read_text("utf-8")
    return templates


def read_registry() -> dict:
    """Read the shipped registry of Dutch municipalities."""
    return json.loads(REGISTRY_FILE.read_text("utf-8"))


def _is_inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def read_site(site_dir: Path) -> dict[str, bytes]:
    """Read every file of a built site, keyed by its path relative to the site folder."""
    return {path.relative_to(site_dir).as_posix(): path.read_bytes()
            for path in sorted(site_dir.rglob("*")) if path.is_file()}


def find_copies(config: Config, path: Path) -> list[str]:
    """Files under the content folder with the same bytes as path (shown as the user types them)."""
    data = path.read_bytes()
    return sorted(config.display_path(other) for other in config.content_dir.rglob("*")
                  if other.is_file() and other.stat().st_size == len(data) and other.read_bytes() == data
                  and other.resolve() != path.resolve())
