"""The spare: the site published before the current one, kept to be patched into the next one.

Only the site store (store.py) uses these: taking the spare as a staging folder, listing it
on the other core, pruning it to what the new site keeps, and keeping the old site as the next spare.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import threading
from pathlib import Path
from typing import Any, Container, NamedTuple

from ..write import site as write
from ..write.guard import MARKER

SPARE_SUFFIX = ".spare"


def spare_path(output_dir: Path) -> Path:
    """Where the site published before the current one is kept, to be patched by the next build."""
    output_dir = write.real_output(output_dir)
    return output_dir.parent / f".{output_dir.name}{SPARE_SUFFIX}"


def take_spare(output_dir: Path, staging: Path) -> bool:
    """Move the spare to a staging name (so a killed build leaves no half-patched spare); False if there is none."""
    spare = spare_path(output_dir)
    if not spare.is_dir() or spare.is_symlink():
        return False
    try:
        os.rename(spare, staging)
    except OSError:
        return False  # another build took it first, or the staging folder is on another disk (a mount point)
    return True


def give_back_spare(staging: Path, output_dir: Path) -> bool:
    """Put a spare taken but not changed back in its place (when no other build made one meanwhile)."""
    try:
        os.rename(staging, spare_path(output_dir))
    except OSError:
        return False  # the staging folder is removed as any other
    return True


class FolderContents(NamedTuple):
    """What a folder holds, as paths relative to it: files, folders (each before what it holds) and links.

    edited: the files changed after the time the listing was asked about (by hand: see prune_spare).
    """

    files: list[str]
    folders: list[str]
    links: list[str]
    edited: list[str]


class FolderListing:
    """Every file and folder in a folder, listed by a forked child while the build works on.

    A spare at 10,000 letters holds 10,000 folders: listing them is 20,000 system calls
    (0.15 s), which the child spends on the other core. A thread would not do: the walk
    needs the interpreter between its calls, and the build holds it. With one job, or when
    the child cannot run, the folder is walked when the listing is asked for.
    """

    def __init__(self, folder: Path, skip: str = "", parallel: bool = True, edited_after: int | None = None) -> None:
        """Start listing folder, all but its top-level folder `skip` (edited_after: see list_folder)."""
        self.folder, self.skip, self.edited_after = folder, skip, edited_after
        self.used = False  # whether result() was asked for (the folder is about to change)
        self._receive: Any = None
        self._child: Any = None
        if parallel:
            context = multiprocessing.get_context("fork")
            receive, send = context.Pipe(duplex=False)
            try:
                child = context.Process(target=_send_listing, args=(folder, skip, edited_after, send), daemon=True)
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

    def result(self) -> FolderContents:
        """The listing (from the child, or walked here when it failed)."""
        self.used = True
        listing = None
        if self._receive is not None:
            try:
                listing = self._receive.recv()
            except (EOFError, OSError):
                listing = None  # the child failed: walk here
            self.close()
        return listing if listing is not None else list_folder(self.folder, self.skip, self.edited_after)

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


def _send_listing(folder: Path, skip: str, edited_after: int | None, send: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle
    try:
        listing: FolderContents | None = list_folder(folder, skip, edited_after)
    except OSError:
        listing = None
    try:
        send.send(listing)
        send.close()
    except OSError:
        pass  # the build stopped waiting for it


def list_folder(folder: Path, skip: str = "", edited_after: int | None = None) -> FolderContents:
    """Every file, folder and link under folder (relative; each folder before what it holds), but its top-level folder `skip`.

    edited_after (nanoseconds since the epoch): also note the files modified after it.
    """
    listing = FolderContents([], [], [], [])

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
                if edited_after is not None and entry.stat(follow_symlinks=False).st_mtime_ns > edited_after:
                    listing.edited.append(name)

    walk(os.fspath(folder), "")
    return listing


def prune_spare(staging: Path, keep: Container[str], listing: FolderContents) -> frozenset[str]:
    """Remove every file of a spare not in keep, and the folders left empty; return the files of keep it holds.

    Everything is checked, not only what the spare's manifest lists: a file put into the
    published site by hand (a verification file, say) must not live on in later sites, a file
    edited there by hand (listing.edited) is not the one its key describes, and a link (put
    there by hand too) is never trusted, even at a kept path. What the listing
    left out (the search index, kept per bundle by the search stage) is left alone. listing: the
    spare's, taken after the spare was taken (see FolderListing): nothing else changes it.
    """
    root = os.fspath(staging) + "/"
    held: list[str] = []
    used: set[str] = set()  # folders that keep something
    for path in listing.links:
        os.unlink(root + path)
    edited = set(listing.edited)
    for path in listing.files:
        if path in keep and path not in edited:
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


def keep_or_remove(old: Path, output_dir: Path, keep: bool) -> bool:
    """Keep the old site (at `old` after the swap) as the spare, or remove it; return whether it was kept."""
    # The new site is published by now: nothing here may fail the build.
    spare = spare_path(output_dir)
    try:
        _clear(spare, output_dir)
        if keep:
            os.rename(old, spare)
            return True
    except OSError:
        pass  # e.g. another build made a spare meanwhile: the old site is simply removed
    shutil.rmtree(old, ignore_errors=True)
    return False


def _clear(spare: Path, output_dir: Path) -> None:
    """Remove a spare nobody took (its manifest was not trusted): it is out of date."""
    if spare.is_symlink():
        spare.unlink()
    elif spare.exists():
        stale = write.make_sibling(output_dir, write.OLD_INFIX)
        os.rmdir(stale)
        os.rename(spare, stale)
        shutil.rmtree(stale, ignore_errors=True)


class SpareLinks:
    """A copy of a new site's pages as hard links, made in a thread while Pagefind runs: the next build's spare.

    Only after a build from scratch: there is no old site to keep as the spare, and without
    one the first rebuild would link every unchanged file into an empty folder (0.9 s at
    10,000 letters) instead of patching a few. Links cost no disk, and the thread mostly
    waits in system calls, so the build hardly notices. Any failure only means no spare.
    """

    def __init__(self, site: Path, skip: str) -> None:
        """Start linking site's files (all but its top-level folder `skip` and the marker) into `<site>-spare`."""
        self.folder = site.parent / f"{site.name}-spare"  # removed with the staging folder on failure
        self._failed = False
        self._thread = threading.Thread(target=self._link, args=(site, skip), name="spare", daemon=True)
        self._thread.start()

    def _link(self, site: Path, skip: str) -> None:
        try:
            link_tree(os.fspath(site), os.fspath(self.folder), skip)
        except OSError:
            self._failed = True

    def wait(self) -> None:
        """Wait until the pages are linked (before the site they link to moves)."""
        self._thread.join()

    def finish(self, bundles: Path, output_dir: Path) -> bool:
        """Add the search index from `bundles` and make the copy output_dir's spare; return whether it is."""
        self.wait()
        try:
            if self._failed:
                raise OSError("linking failed")
            link_tree(os.fspath(bundles), os.fspath(self.folder / bundles.name))
            spare = spare_path(output_dir)
            _clear(spare, output_dir)
            os.rename(self.folder, spare)
            return True
        except OSError:
            shutil.rmtree(self.folder, ignore_errors=True)
            return False


def link_tree(source: str, target: str, skip: str = "") -> None:
    """Make the folder target with every file under source as a hard link (but source's top-level `skip` and the marker).

    A published file is never written into (see write/site.py), so the links stay what they were.
    """
    os.mkdir(target)
    with os.scandir(source) as found:
        entries = list(found)
    for entry in entries:
        if entry.name == skip or entry.name == MARKER or entry.is_symlink():
            continue
        if entry.is_dir():
            link_tree(entry.path, os.path.join(target, entry.name))
        else:
            os.link(entry.path, os.path.join(target, entry.name))
