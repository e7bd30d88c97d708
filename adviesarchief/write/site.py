"""Write the site atomically: everything goes into a staging folder beside site/, then swaps in.

The output folder is always either the whole old site or the whole new one. What is kept of
the old site for the next build (the spare) is decided in incremental/, not here.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import glob
import os
import re
import secrets
import shutil
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from ..errors import ArchiveError
from ..render.outputs import Output
from .guard import OLD_INFIX, STAGING_INFIX, left_alone, write_marker

_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A folder in memory, on Linux, for small scratch work (see work_folder).
MEMORY_DIR = "/dev/shm"


@contextmanager
def staging_dir(output_dir: Path, *, take: Callable[[Path, Path], bool] | None = None) -> Iterator[tuple[Path, bool]]:
    """Create a staging folder beside the output; remove it on any failure, Ctrl-C included.

    take(output, folder): move an existing folder to the new staging name `folder` (which does
    not exist yet), returning whether it did. Yields the folder and whether it was taken
    rather than made empty.
    """
    output_dir = real_output(output_dir)
    staging: Path | None = None
    try:
        output_dir.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(output_dir)
        staging = make_sibling(output_dir, STAGING_INFIX)
        taken = False
        if take is not None:
            os.rmdir(staging)
            taken = take(output_dir, staging)
            if not taken:
                staging.mkdir()
        if output_dir.is_dir():
            shutil.copymode(output_dir, staging)  # keep the permissions the web server relies on
        yield staging, taken
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
            return make_sibling(Path(MEMORY_DIR) / "adviesarchief", "-")
        except OSError:
            pass  # full, or not ours to write: the disk will do
    output_dir = real_output(output_dir)
    try:
        output_dir.parent.mkdir(parents=True, exist_ok=True)
        return make_sibling(output_dir, STAGING_INFIX)
    except OSError as exc:
        raise unwritable(exc, output_dir) from exc


def unwritable(exc: OSError, output_dir: Path) -> ArchiveError:
    """The error for a site that could not be written: a full disk or a read-only folder is no bug."""
    return ArchiveError(
        f"could not write the site: {exc.strerror or exc} ({exc.filename or output_dir})",
        hint=f"nothing was published; {output_dir.name}/ is as it was. Free disk space or fix the permissions",
    )


def real_output(output_dir: Path) -> Path:
    """The output folder to replace: a symlinked site/ is followed, so the link stays."""
    return output_dir.resolve() if output_dir.is_symlink() else output_dir.absolute()


def beside(output_dir: Path) -> Path:
    """Where the build's own folders go: beside the output, or inside it when it is a mount point.

    A folder cannot be renamed out of its mount (nor a mount point itself): publishing into a
    mount point swaps its contents (see publish), so the new site is made on the same disk.
    """
    return output_dir if os.path.ismount(output_dir) else output_dir.parent


def make_sibling(output_dir: Path, infix: str) -> Path:
    """Make an empty folder '.<name><infix><pid>-<random>' beside the output (mode from umask)."""
    while True:
        path = beside(output_dir) / f".{output_dir.name}{infix}{os.getpid()}-{secrets.token_hex(4)}"
        try:
            path.mkdir()
            return path
        except FileExistsError:
            continue


def remove_stale(output_dir: Path) -> None:
    """Remove staging, old and work folders left by builds that were killed (their process is gone)."""
    for infix in (STAGING_INFIX, OLD_INFIX):
        for path in sorted(beside(output_dir).glob(f".{glob.escape(output_dir.name)}{infix}*")):
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
    """Hold Ctrl-C (SIGINT) until the block is done, then raise it; only in the main thread.

    Blocks nest: Ctrl-C waits for the outermost one.
    """
    if threading.current_thread() is not threading.main_thread() \
            or isinstance(signal.getsignal(signal.SIGINT), _HeldInterrupts):
        yield
        return
    held = _HeldInterrupts()
    previous = signal.signal(signal.SIGINT, held)
    try:
        yield
    finally:
        # None: the old handler was not set from Python (embedded interpreters); restore the default.
        signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)
        if held.received:
            raise KeyboardInterrupt


class _HeldInterrupts:
    """The SIGINT handler of a deferred_interrupts block: it notes Ctrl-C for the block's end."""

    def __init__(self) -> None:
        self.received = False

    def __call__(self, number: int, frame: object) -> None:
        self.received = True


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


def write_outputs(staging: Path, outputs: Iterable[Output],
                  advance: Callable[[int], None] = lambda _: None) -> list[str]:
    """Make and write every output (or copy it, for a copied file) into the staging folder; return their site paths.

    No file may be written twice: a copied attachment must never replace a page. advance is
    told of each file written (a progress bar).
    """
    written: set[str] = set()
    paths: list[str] = []
    folder = SiteFolder(staging)
    for output in outputs:
        target = folder.join(output.path)
        if target in written:
            raise ArchiveError(f"refusing to write '{output.path}' twice")
        written.add(target)
        paths.append(output.path)
        folder.make_parent(target)
        if output.inputs.copied:
            with open(output.inputs.copied, "rb") as source, _new_file(target) as file:
                shutil.copyfileobj(source, file)
            advance(1)
            continue
        content = output.make()
        with _new_file(target) as file:
            file.write(content)
        advance(1)
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


def publish(staging: Path, output_dir: Path) -> Path | None:
    """Swap the finished staging folder in place of the output folder; return where the old site now is (None: none).

    Ctrl-C is held until the swap is complete, so output_dir is always either the whole
    old site or the whole new one. On Linux the two folders trade places in one step
    (renameat2 RENAME_EXCHANGE), so a web server never sees output_dir missing. A mount point
    cannot be renamed: its contents are swapped instead (swap_contents), and no old site is kept.
    """
    output_dir = real_output(output_dir)
    write_marker(staging)
    with deferred_interrupts():
        if os.path.ismount(output_dir):
            swap_contents(staging, output_dir)
            return None
        if not output_dir.exists():
            os.rename(staging, output_dir)
            return None
        if _exchange(staging, output_dir):
            return staging  # now holds the old site
        old = make_sibling(output_dir, OLD_INFIX)
        os.rmdir(old)
        _replace(staging, output_dir, old)
        return old


def swap_contents(staging: Path, output_dir: Path) -> None:
    """Publish into a folder that cannot itself be moved: trade its entries for the staging folder's.

    The staging folder lies inside it (see beside). Each entry that both hold trades places in
    one step where the system can (RENAME_EXCHANGE), so a page is never missing; then the new
    entries move in and the old ones out. Any failure puts back what was moved; only when
    that fails too is the output left part old, part new, and the error says so.
    """
    old = make_sibling(output_dir, OLD_INFIX)
    new = set(os.listdir(staging))
    current = [name for name in sorted(os.listdir(output_dir)) if not left_alone(output_dir, name)]
    done: list[tuple[Callable[..., object], Path, Path]] = []  # each step, to be undone in reverse

    def step(move: Callable[..., object], first: Path, second: Path) -> None:
        move(first, second)
        done.append((move, first, second))

    try:
        for name in current:
            if name in new:
                step(_trade, staging / name, output_dir / name)
            else:
                step(os.rename, output_dir / name, old / name)
        for name in sorted(new - set(current)):
            step(os.rename, staging / name, output_dir / name)
    except BaseException as exc:
        try:
            for move, first, second in reversed(done):
                move(*((first, second) if move is _trade else (second, first)))
        except OSError as second_failure:
            raise ArchiveError(
                f"could not write the site: {second_failure.strerror or second_failure} ({output_dir})",
                hint=f"{output_dir.name}/ now holds part of the new site and part of the old one: "
                     "build again once the cause is fixed") from exc
        os.rmdir(old)
        raise
    # What the old site held: moved out, or traded into the staging folder.
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)


def _trade(first: Path, second: Path) -> None:
    """Let two paths trade places: in one step where the system can, else in three (undone on failure)."""
    if _exchange(first, second):
        return
    parked = first.with_name(first.name + OLD_INFIX)
    _replace(first, second, parked)
    try:
        os.rename(parked, first)
    except BaseException:
        os.rename(second, first)
        os.rename(parked, second)
        raise


def _replace(new: Path, target: Path, parked: Path) -> None:
    """Put `new` in place of `target`, which moves to `parked` (and back, when that fails)."""
    os.rename(target, parked)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(parked, target)
        raise


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
