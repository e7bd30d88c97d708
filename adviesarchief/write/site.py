"""Write the site atomically: everything goes into a staging folder beside site/, then swaps in.

After a swap the old site is kept beside the new one as the spare (`.site.spare`). The next
build takes the spare as its staging folder and patches it: only files whose key changed are
removed and written again, so an incremental build neither links every unchanged file nor
deletes a whole old site, and the swap stays one atomic step.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import glob
import multiprocessing
import os
import re
import secrets
import shutil
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Container, Iterable, Iterator, NamedTuple

from ..errors import ArchiveError
from ..render.pages import FileCopy, Page

_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
STAGING_INFIX = ".tmp-"
# A folder in memory, on Linux, for small scratch work (see work_folder).
MEMORY_DIR = "/dev/shm"
OLD_INFIX = ".old-"
SPARE_SUFFIX = ".spare"


@contextmanager
def staging_dir(output_dir: Path, *, take_spare: bool = False) -> Iterator[tuple[Path, bool]]:
    """Create a staging folder beside the output; remove it on any failure, Ctrl-C included.

    Yields the folder and whether it is the spare (the site before the published one, to be
    patched) rather than an empty folder.
    """
    output_dir = real_output(output_dir)
    staging: Path | None = None
    try:
        output_dir.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(output_dir)
        staging = _take_spare(output_dir) if take_spare else None
        patching = staging is not None
        if staging is None:
            staging = _make_sibling(output_dir, STAGING_INFIX)
        if output_dir.is_dir():
            shutil.copymode(output_dir, staging)  # keep the permissions the web server relies on
        yield staging, patching
    except OSError as exc:
        raise unwritable(exc, output_dir) from exc
    finally:
        # After publish() the staging folder has become the output and no longer exists here.
        with deferred_interrupts():
            if staging is not None:
                # Folders named after the staging folder (Pagefind's work) belong to this build too.
                for path in [staging, *staging.parent.glob(f"{glob.escape(staging.name)}-*")]:
                    if path.is_dir() and not path.is_symlink():
                        shutil.rmtree(path, ignore_errors=True)


def work_folder(output_dir: Path, *, small: bool = False) -> Path:
    """Make an empty folder for a build's own work (a build killed leaves it to the next).

    Small work goes to memory (/dev/shm) where there is such a folder: it is written and
    removed on every rebuild, and on some disks removing files slows the next files written.
    Other work goes beside the output.
    """
    if small and os.path.isdir(MEMORY_DIR) and os.access(MEMORY_DIR, os.W_OK | os.X_OK):
        try:
            return _make_sibling(Path(MEMORY_DIR) / "adviesarchief", "-")
        except OSError:
            pass  # full, or not ours to write: the disk will do
    output_dir = real_output(output_dir)
    try:
        output_dir.parent.mkdir(parents=True, exist_ok=True)
        return _make_sibling(output_dir, STAGING_INFIX)
    except OSError as exc:
        raise unwritable(exc, output_dir) from exc


def unwritable(exc: OSError, output_dir: Path) -> ArchiveError:
    """The error for a site that could not be written: a full disk or a read-only folder is no bug."""
    return ArchiveError(
        f"could not write the site: {exc.strerror or exc} ({exc.filename or output_dir})",
        hint=f"nothing was published; {output_dir.name}/ is as it was. Free disk space or fix the permissions",
    )


def spare_path(output_dir: Path) -> Path:
    """Where the site published before the current one is kept, to be patched by the next build."""
    output_dir = real_output(output_dir)
    return output_dir.parent / f".{output_dir.name}{SPARE_SUFFIX}"


def _take_spare(output_dir: Path) -> Path | None:
    """Move the spare to a staging name (so a killed build leaves no half-patched spare); None if none."""
    spare = spare_path(output_dir)
    if not spare.is_dir() or spare.is_symlink():
        return None
    staging = _make_sibling(output_dir, STAGING_INFIX)
    os.rmdir(staging)
    try:
        os.rename(spare, staging)
    except FileNotFoundError:
        return None  # another build took it first
    return staging


def give_back_spare(staging: Path, output_dir: Path) -> bool:
    """Put a spare taken but not changed back in its place (when no other build made one meanwhile)."""
    try:
        os.rename(staging, spare_path(output_dir))
    except OSError:
        return False  # the staging folder is removed as any other
    return True


def real_output(output_dir: Path) -> Path:
    """The output folder to replace: a symlinked site/ is followed, so the link stays."""
    return output_dir.resolve() if output_dir.is_symlink() else output_dir.absolute()


def _make_sibling(output_dir: Path, infix: str) -> Path:
    """Make an empty folder '.<name><infix><pid>-<random>' beside the output (mode from umask)."""
    while True:
        path = output_dir.parent / f".{output_dir.name}{infix}{os.getpid()}-{secrets.token_hex(4)}"
        try:
            path.mkdir()
            return path
        except FileExistsError:
            continue


def remove_stale(output_dir: Path) -> None:
    """Remove staging, old and work folders left by builds that were killed (their process is gone)."""
    for infix in (STAGING_INFIX, OLD_INFIX):
        for path in sorted(output_dir.parent.glob(f".{glob.escape(output_dir.name)}{infix}*")):
            pid = path.name[len(output_dir.name) + 1 + len(infix):].partition("-")[0]
            if path.is_dir() and not path.is_symlink() and pid.isdigit() and not _is_running(int(pid)):
                shutil.rmtree(path, ignore_errors=True)
    for path in sorted(Path(MEMORY_DIR).glob(".adviesarchief-*")):
        pid = path.name.split("-")[1]
        if path.is_dir() and not path.is_symlink() and pid.isdigit() and not _is_running(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _is_running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


@contextmanager
def deferred_interrupts() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) until the block is done, then raise it; only in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: received.append(number))
    try:
        yield
    finally:
        # None: the old handler was not set from Python (embedded interpreters); restore the default.
        signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)
        if received:
            raise KeyboardInterrupt


def contained_path(root: Path, relative: str) -> Path:
    """Join a site-relative path to root, refusing anything that would land outside it.

    The path must be plain '/'-separated names: no '..', '.', empty parts, backslashes, drive
    letters or control characters; and no symlink on the way may lead out of root.
    """
    return Path(SiteFolder(root).join(relative))


class SiteFolder:
    """Joins many site-relative paths to one root, as contained_path does, resolving each folder once."""

    def __init__(self, root: Path) -> None:
        self.root = os.path.abspath(root)
        self.real_root = os.path.realpath(self.root)
        self._real: dict[str, str] = {self.root: self.real_root}
        self.made: set[str] = set()

    def join(self, relative: str) -> str:
        """The path of `relative` under root; raise ArchiveError if it would land outside."""
        parts = relative.split("/")
        if (not relative or relative.startswith("/") or "\\" in relative or _DRIVE.match(relative)
                or _CONTROL.search(relative) or any(p in ("..", ".", "") for p in parts)):
            raise ArchiveError(f"refusing to write outside the site: {relative!r}")
        target = self.root + "/" + relative
        real = self._real_path(target)
        if not real.startswith(self.real_root + "/"):
            raise ArchiveError(f"refusing to write outside the site: {relative!r}")
        return target

    def make_parent(self, target: str) -> None:
        """Create the folder of a joined path (once per folder)."""
        parent = os.path.dirname(target)
        if parent not in self.made:
            os.makedirs(parent, exist_ok=True)
            self.made.add(parent)

    def _real_path(self, path: str) -> str:
        # Only a symlink changes where a path leads; a plain name extends its folder's real path.
        # Folders are cached: this build creates them and never replaces one by a link.
        if os.path.islink(path):
            return os.path.realpath(path)
        parent, name = path.rsplit("/", 1)
        real_parent = self._real.get(parent)
        if real_parent is None:
            real_parent = self._real[parent] = self._real_path(parent)
        return real_parent + "/" + name


def write_pages(staging: Path, pages: Iterable[Page], copies: Iterable[FileCopy]) -> list[str]:
    """Write every page and copied file into the staging folder; return their site paths.

    No file may be written twice: a copied attachment must never replace a page.
    """
    written: set[str] = set()
    paths: list[str] = []
    folder = SiteFolder(staging)

    def claim(relative: str) -> str:
        target = folder.join(relative)
        if target in written:
            raise ArchiveError(f"refusing to write '{relative}' twice")
        written.add(target)
        paths.append(relative)
        folder.make_parent(target)
        return target

    for page in pages:
        with _new_file(claim(page.path)) as file:
            file.write(page.content)
    for copy in copies:
        with open(copy.source, "rb") as source, _new_file(claim(copy.path)) as file:
            shutil.copyfileobj(source, file)
    return paths


def _new_file(target: str) -> BinaryIO:
    """Open a new file for writing; an old file there is unlinked first, never written into.

    A patched spare shares files (hard links) with the published site: writing into one
    would change the live site.
    """
    try:
        return open(target, "xb")
    except FileExistsError:
        os.unlink(target)
        return open(target, "xb")


def reuse_files(staging: Path, published: Path, paths: Iterable[str]) -> int:
    """Take unchanged files over from the published site as hard links (a copy across disks).

    Safe because no build ever writes into a published file: changed files are new files.
    """
    count = 0
    into, out_of = SiteFolder(staging), SiteFolder(published)
    for path in paths:
        target, source = into.join(path), out_of.join(path)
        into.make_parent(target)
        try:
            os.link(source, target)
        except FileExistsError:
            os.unlink(target)
            os.link(source, target)
        except OSError:
            with open(source, "rb") as old, _new_file(target) as new:
                shutil.copyfileobj(old, new)
        count += 1
    return count


class Listing(NamedTuple):
    """What a folder holds, as paths relative to it: files, folders (each before what it holds) and links."""

    files: list[str]
    folders: list[str]
    links: list[str]


class FolderListing:
    """Every file and folder in a folder, listed by a forked child while the build works on.

    A spare at 10,000 letters holds 10,000 folders: listing them is 20,000 system calls
    (0.15 s), which the child spends on the other core. A thread would not do: the walk
    needs the interpreter between its calls, and the build holds it. With one job, or when
    the child cannot run, the folder is walked when the listing is asked for.
    """

    def __init__(self, folder: Path, skip: str = "", parallel: bool = True) -> None:
        """Start listing folder, all but its top-level folder `skip`."""
        self.folder, self.skip = folder, skip
        self.used = False  # whether result() was asked for (the folder is about to change)
        self._receive: Any = None
        self._child: Any = None
        if parallel:
            context = multiprocessing.get_context("fork")
            receive, send = context.Pipe(duplex=False)
            try:
                child = context.Process(target=_send_listing, args=(folder, skip, send), daemon=True)
                child.start()
            except OSError:
                receive.close()
            else:
                self._receive, self._child = receive, child
            finally:
                send.close()

    def __enter__(self) -> "FolderListing":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def result(self) -> Listing:
        """The listing (from the child, or walked here when it failed)."""
        self.used = True
        listing = None
        if self._receive is not None:
            try:
                listing = self._receive.recv()
            except (EOFError, OSError):
                listing = None  # the child failed: walk here
            self.close()
        return listing if listing is not None else list_folder(self.folder, self.skip)

    def close(self) -> None:
        """Stop the child (if it still runs) and wait for it."""
        if self._child is not None:
            # Stopped before its end of the pipe closes: a child blocked writing a large
            # listing would otherwise fail there and print its traceback.
            if self._child.is_alive():
                self._child.terminate()
            self._child.join()
            self._receive.close()
            self._child = self._receive = None


def _send_listing(folder: Path, skip: str, send: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle
    try:
        listing: Listing | None = list_folder(folder, skip)
    except OSError:
        listing = None
    try:
        send.send(listing)
        send.close()
    except OSError:
        pass  # the build stopped waiting for it


def list_folder(folder: Path, skip: str = "") -> Listing:
    """Every file, folder and link under folder (relative; each folder before what it holds), but its top-level folder `skip`."""
    listing = Listing([], [], [])

    def walk(path: str, prefix: str) -> None:
        with os.scandir(path) as entries_found:
            entries = list(entries_found)
        for entry in entries:
            name = prefix + entry.name
            if entry.is_symlink():
                listing.links.append(name)
            elif entry.is_dir():
                if name != skip:
                    listing.folders.append(name)
                    walk(entry.path, name + "/")
            else:
                listing.files.append(name)

    walk(os.fspath(folder), "")
    return listing


def prune_spare(staging: Path, keep: Container[str], listing: Listing) -> frozenset[str]:
    """Remove every file of a spare not in keep, and the folders left empty; return the files of keep it holds.

    Everything is checked, not only what the spare's manifest lists: a file put into the
    published site by hand (a verification file, say) must not live on in later sites, and
    a link (put there by hand too) is never trusted, even at a kept path. What the listing
    left out (the search index, kept per bundle by search.py) is left alone. listing: the
    spare's, taken after the spare was taken (see FolderListing): nothing else changes it.
    """
    root = os.fspath(staging) + "/"
    held: list[str] = []
    used: set[str] = set()  # folders that keep something
    for path in listing.links:
        os.unlink(root + path)
    for path in listing.files:
        if path in keep:
            held.append(path)
            folder = path.rpartition("/")[0]
            while folder and folder not in used:
                used.add(folder)
                folder = folder.rpartition("/")[0]
        else:
            os.unlink(root + path)
    for folder in reversed(listing.folders):  # what a folder holds before the folder
        if folder not in used:
            os.rmdir(root + folder)
    return frozenset(held)


def published_files(published: Path, paths: Iterable[str]) -> set[str]:
    """The paths that exist as files in the published site."""
    root = os.fspath(published) + "/"
    # os.path on plain strings: pathlib costs more than the stat itself over 20,000 paths.
    return {path for path in paths if os.path.isfile(root + path)}


def copy_keys(copies: Iterable[FileCopy], hashes: dict[str, str]) -> dict[str, str]:
    """The key of every copied file: its content hash when known, else its size and time."""
    keys: dict[str, str] = {}
    for copy in copies:
        if copy.source in hashes:
            keys[copy.path] = "sha:" + hashes[copy.source]
        else:
            try:
                info = os.stat(copy.source)
            except OSError:
                continue
            keys[copy.path] = f"stat:{copy.source}:{info.st_size}:{info.st_mtime_ns}"
    return keys


def publish(staging: Path, output_dir: Path, *, keep_old: bool = False) -> bool:
    """Swap the finished staging folder in place of the output folder; return whether the old site was kept.

    Ctrl-C is held until the swap is complete, so output_dir is always either the whole
    old site or the whole new one. On Linux the two folders trade places in one step
    (renameat2 RENAME_EXCHANGE), so a web server never sees output_dir missing.
    keep_old: keep the old site as the spare for the next build to patch, instead of removing it.
    """
    output_dir = real_output(output_dir)
    with deferred_interrupts():
        if not output_dir.exists():
            os.rename(staging, output_dir)
            return False
        if _exchange(staging, output_dir):
            old = staging  # now holds the old site
        else:
            old = _make_sibling(output_dir, OLD_INFIX)
            os.rmdir(old)
            os.rename(output_dir, old)
            try:
                os.rename(staging, output_dir)
            except BaseException:
                os.rename(old, output_dir)
                raise
        return _keep_or_remove(old, output_dir, keep_old)


def _keep_or_remove(old: Path, output_dir: Path, keep: bool) -> bool:
    # The new site is published by now: nothing here may fail the build.
    spare = spare_path(output_dir)
    try:
        if spare.is_symlink():
            spare.unlink()
        elif spare.exists():
            # A spare nobody took (its manifest was not trusted) is out of date: replace it.
            stale = _make_sibling(output_dir, OLD_INFIX)
            os.rmdir(stale)
            os.rename(spare, stale)
            shutil.rmtree(stale, ignore_errors=True)
        if keep:
            os.rename(old, spare)
            return True
    except OSError:
        pass  # e.g. another build made a spare meanwhile: the old site is simply removed
    shutil.rmtree(old, ignore_errors=True)
    return False


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths with renameat2(RENAME_EXCHANGE); False where unsupported."""
    renameat2 = getattr(_libc(), "renameat2", None) if sys.platform == "linux" else None
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # old kernel or a file system without exchange: use two renames
    raise OSError(error, os.strerror(error), str(second))


@functools.cache
def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def create_file(path: Path, text: str) -> None:
    """Write a new text file, creating its folder; never overwrite an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError as exc:
        raise ArchiveError(f"'{path}' already exists", hint="choose another title, or remove the old file") from exc


def copy_new_file(source: Path, target: Path) -> None:
    """Copy a file to a new place, creating its folder; never overwrite an existing file."""
    if target.exists():
        raise ArchiveError(f"'{target}' already exists", hint="remove it, or import the letter once only")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def refuse_existing(shown: list[str], paths: list[Path], *, hint: str) -> None:
    """Raise before writing anything when one of the new files already exists."""
    for name, path in zip(shown, paths):
        if path.exists():
            raise ArchiveError(f"'{name}' already exists", hint=hint)
