"""The build cache in .cache/: hashing, and parsed documents by content hash.

Parsed documents are stored in packs under a folder named after the code version, so a new
version of the code (or of markdown-it, nh3, PyYAML) never reads entries it did not write.
What the site folders hold is recorded beside them by the site store (store.py).
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import pickle
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache

from ..config import PACKAGE_DIR, Config, Tuning
from ..errors import ArchiveError

log = logging.getLogger("adviesarchief")
# The length of content_hash's hex digest.
HASH_LENGTH = 32
LIBRARIES = ("jinja2", "markdown-it-py", "nh3", "pyyaml", "pagefind-bin", "feedgen", "cbor2")


def content_hash(data: bytes) -> str:
    """A short, collision-safe hash of some bytes (128 bits of SHA-256)."""
    # SHA-256, not BLAKE2: processors of the last ten years compute it in hardware (SHA-NI),
    # 2.5 times as fast here; a rebuild hashes every pack of the parse cache it reads.
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def combine(*parts: str) -> str:
    """Hash several keys into one."""
    return content_hash("\x00".join(parts).encode("utf-8"))


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of this package's code and data (word and synonym lists too) and of the libraries that shape the output."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.suffix in (".py", ".json", ".txt") and path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    versions = installed_versions()
    for name in LIBRARIES:
        digest.update(f"{name}={versions.get(_normalized(name)) or _metadata_version(name)}".encode())
    return digest.hexdigest()


def installed_versions() -> dict[str, str | None]:
    """The version of every package installed on sys.path, by its normalized name (the first found wins).

    Read from the names of the packages' metadata folders ('PyYAML-6.0.2.dist-info'), as
    installers name them. Not importlib.metadata: it parses each package's METADATA with the
    email package, whose import alone takes longer than a rebuild spends on its plan. A package
    installed the old way (an .egg-info, as Debian's packages are) has None: ask importlib.metadata.
    """
    versions: dict[str, str | None] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in names:
            if entry.endswith(".dist-info") and "-" in entry:
                name, _, version = entry.removesuffix(".dist-info").partition("-")
                versions.setdefault(_normalized(name), version)
            elif entry.endswith(".egg-info"):
                versions.setdefault(_normalized(entry.removesuffix(".egg-info").partition("-")[0]), None)
    return versions


def _metadata_version(name: str) -> str:
    """A package's version as importlib.metadata reads it ('none' when not installed)."""
    from importlib import metadata  # only for what installed_versions cannot name

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


def _normalized(name: str) -> str:
    """A package name as packaging compares them (PEP 503): lower case, runs of -_. as one -."""
    return re.sub(r"[-_.]+", "-", name).lower()


def check_cache_folder(cache_dir: Path | None) -> None:
    """Raise ArchiveError when the cache cannot be a folder: a plain file (or a link to one) has its name."""
    if cache_dir is not None and (cache_dir.exists() or cache_dir.is_symlink()) and not cache_dir.is_dir():
        raise ArchiveError(f"'{cache_dir}' is a file, not a folder: the build keeps its cache there",
                           hint=f"remove or rename the file '{cache_dir}'")


@dataclass(frozen=True)
class ParseCache:
    """Parsed documents stored by the hash of their file's bytes (and its name), in packs.

    A pack holds the documents one worker parsed together (creating a file costs more than
    pickling a document). Each content folder has an index that names the pack of every
    document of its last build; packs no index names any more are removed.
    """

    root: Path | None
    # `check` promises to write nothing, so it only reads the cache.
    writable: bool = True
    # The content folder (absolute) whose index this is: several archives may share a cache.
    content: str = ""
    tuning: Tuning = field(default_factory=Tuning)
    # Packs read so far, by name (each is read once however many of its documents are asked for).
    _packs: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def open(cls, config: Config, *, writable: bool) -> "ParseCache":
        """The parse cache of config's content folder."""
        return cls(config.cache_dir, writable=writable, content=str(config.content_dir.resolve()),
                   tuning=config.tuning)

    @cached_property
    def folder(self) -> Path | None:
        """Where this code version's entries live."""
        return None if self.root is None else self.root / "parsed" / code_version()[:16]

    @property
    def index_path(self) -> Path | None:
        """This content folder's index."""
        folder = self.folder
        return None if folder is None else folder / f"index-{content_hash(self.content.encode())[:16]}.marshal"

    @cached_property
    def index(self) -> dict[str, str]:
        """The pack of every document the last build of this content folder parsed or found, by its key."""
        return {} if self.index_path is None else _read_index(self.index_path)[1]

    @property
    def stamps_path(self) -> Path | None:
        """The stamps of this content folder's files (see load.FileStamp)."""
        index = self.index_path
        return None if index is None else index.with_name("stamps-" + index.name.removeprefix("index-"))

    @cached_property
    def stamps(self) -> dict[str, tuple[tuple[int, int, int, int], str]]:
        """The stamp and hash of each document file the last build parsed, by absolute path.

        Only stamps of files that had not changed for tuning.stamp_seconds when they were recorded: a
        file written just before (or while) it was read might change again within the same
        tick of the clock that stamps it.
        """
        path = self.stamps_path
        try:
            data = read_record(path) if path is not None else {}
            settled = int(data["recorded"]) - self.tuning.stamp_seconds * 1_000_000_000
            return {name: ((size, modified, changed, inode), digest)
                    for name, (size, modified, changed, inode, digest) in data["files"].items()
                    if changed < settled}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}

    def get(self, key: str) -> Any | None:
        """Return a stored entry, or None (a missing or unreadable entry is simply a miss)."""
        name = self.index.get(key)
        if name is None or self.folder is None:
            return None
        pack = self._packs.get(name)
        if pack is None:
            try:
                data = (self.folder / PACKS / name).read_bytes()
                # A pack is named by the hash of its bytes: one that no longer matches (bit rot, a
                # disk that lost a write) is a miss, never a stale letter on the site.
                pack = pickle.loads(data) if content_hash(data) == name else {}
            except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, TypeError, MemoryError):
                pack = {}
            self._packs[name] = pack if isinstance(pack, dict) else {}
        return self._packs[name].get(key)

    def put_pack(self, entries: dict[str, Any]) -> str | None:
        """Store some entries as one pack, atomically; return its name (None when nothing could be stored)."""
        if self.folder is None or not self.writable or not entries:
            return None
        data = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
        name = content_hash(data)
        try:
            write_atomically(self.folder / PACKS / name, data)
        except OSError:
            return None  # a full disk or a read-only cache: the caller says so once
        return name

    def record(self, index: dict[str, str], stamps: dict[str, tuple[tuple[int, int, int, int], str]]) -> None:
        """Make this the content folder's index (key -> pack) and stamps; remove packs that no index names."""
        if self.folder is None or self.index_path is None or self.stamps_path is None or not self.writable:
            return
        try:
            write_atomically(self.index_path, marshal.dumps({"content": self.content, "packs": index}))
            files = {name: (*stamp, digest) for name, (stamp, digest) in stamps.items()}
            write_atomically(self.stamps_path, marshal.dumps({"recorded": time.time_ns(), "files": files}))
            self._remove_unused()
            remove_other_versions(self.folder)
        except OSError as problem:
            # The cache only saves later builds work: without it they parse everything again.
            log.warning("could not update the parse cache in %s (%s)", self.folder, problem.strerror or problem)

    def _remove_unused(self) -> None:
        assert self.folder is not None
        used: set[str] = set()
        for path in self.folder.glob("index-*.marshal"):
            content, packs = _read_index(path)
            if content and not os.path.isdir(content):
                path.unlink(missing_ok=True)  # that content folder is gone
                path.with_name("stamps-" + path.name.removeprefix("index-")).unlink(missing_ok=True)
            else:
                used.update(packs.values())
        packs_folder = self.folder / PACKS
        if not packs_folder.is_dir():
            return
        # A pack just written by another build that has not recorded its index yet (or a
        # temporary file it is writing) is young: only old ones are removed.
        old = time.time() - self.tuning.unused_pack_seconds
        for entry in os.scandir(packs_folder):
            if entry.name not in used and entry.stat(follow_symlinks=False).st_mtime < old:
                os.unlink(entry.path)


PACKS = "packs"


def _read_index(path: Path) -> tuple[str, dict[str, str]]:
    """A content folder's index: the folder and the pack of every document (empty when unreadable)."""
    data = read_record(path)
    if not isinstance(data.get("packs"), dict):
        return "", {}
    content = data.get("content")
    return (content if isinstance(content, str) else "",
            {k: v for k, v in data["packs"].items() if isinstance(v, str)})


def read_record(path: Path) -> dict[str, Any]:
    """One of the cache's records (an index, stamps, a manifest); empty when missing or unreadable.

    marshal, not JSON: the build's own record of dicts of text and numbers, ten times faster
    both ways for 10,000 letters. One another Python wrote and this one cannot read counts as none.
    """
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def read_checked(path: Path) -> dict[str, Any]:
    """A record written by write_checked; empty when missing, unreadable or not what was written (a byte changed)."""
    body = read_verified(path)
    if body is None:
        return {}
    try:
        record = marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return {}
    return record if isinstance(record, dict) else {}


def write_checked(path: Path, record: dict[str, Any]) -> None:
    """Write a record (what marshal stores) behind its hash: what is read back is what was written, or nothing.

    For results a build takes as they are (remembered values, search records): a damaged file
    must cost the time to make them again, never a different site.
    """
    write_verified(path, marshal.dumps(record))


def read_verified(path: Path) -> bytes | None:
    """The bytes write_verified wrote; None when missing, unreadable or not what was written."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest, body = data[:HASH_LENGTH], data[HASH_LENGTH:]
    return body if digest == content_hash(body).encode("ascii") else None


def write_verified(path: Path, body: bytes) -> None:
    """Write some bytes behind their hash, atomically (read_verified gives them back, or nothing)."""
    write_atomically(path, content_hash(body).encode("ascii") + body)


def remove_other_versions(folder: Path) -> None:
    """Remove the folders beside this code version's one: entries of other code versions are never read again."""
    for entry in os.scandir(folder.parent):
        if entry.name != folder.name and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def compiled_templates(root: Path | None) -> FileSystemBytecodeCache | None:
    """Where Jinja keeps compiled templates between builds (compiling them costs more than a rebuild renders).

    Jinja checks each entry against the template's source; the folder is per code version
    because the compiled code also depends on how render.py sets up the environment.
    """
    if root is None:
        return None
    folder = root / "templates" / code_version()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    remove_other_versions(folder)
    return FileSystemBytecodeCache(str(folder))
