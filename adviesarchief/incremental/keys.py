"""The key of every output: a hash of all it is made from, read off the route table's Inputs.

An output whose key did not change since the published build is taken over, not made again.
So every input of an output must be in its key: a letter's page has its own documents' source
hashes (which cover all their fields and text), a listing the front-matter hashes of what it
lists, and so on (see render.outputs.Inputs).
"""

from __future__ import annotations

import os
from typing import Callable, Iterable, Mapping

from ..render.outputs import Output, SiteContent
from .cache import combine, content_hash


def output_keys(outputs: Iterable[Output], content: SiteContent, source_hashes: Mapping[str, str],
                front_matter: Mapping[str, str], code: str) -> dict[str, str]:
    """The key of every output (source_hashes and front_matter: of every document file, by its path)."""
    archive, templates = content.archive, content.templates
    base = combine(code, *(f"{name}={content_hash(text.encode())}" for name, text in sorted(templates.items())),
                   repr(archive.site), repr(archive.topics))
    reference = repr(content.overview.reference)
    slugs = content.views.municipality_slugs
    by_id = content.views.by_id

    def linked_of(doc_id: str) -> str:
        return ",".join(slugs[m.code] for m in by_id[doc_id].municipalities)

    def whole_file_of(doc_id: str) -> str:
        # With its path: a letter's id and address come from its file's name, which its bytes do not hold.
        path = by_id[doc_id].source_path
        return f"{source_hashes[path]}:{path}:{linked[doc_id]}"

    def described_of(doc_id: str) -> str:
        path = by_id[doc_id].source_path
        return f"{front_matter[path]}:{path}:{linked[doc_id]}"

    # Each document's part of a key, made once and only when an output asks for it (a rebuild
    # after an edit of a text lists a few outputs): all of it (its file), or all but its text
    # (what a listing, a data file or a figure shows of it).
    linked, whole_file, described = _Parts(linked_of), _Parts(whole_file_of), _Parts(described_of)
    by_file: dict[str, str] | None = None
    whole: str | None = None
    keys: dict[str, str] = {}
    for output in outputs:
        inputs = output.inputs
        if inputs.copied:
            if by_file is None:
                by_file = {d.source_file: source_hashes[d.source_path] for d in archive.documents}
            key = copy_key(inputs.copied, by_file)
            if key is not None:
                keys[output.path] = key
            continue
        if inputs.whole and whole is None:
            whole = combine(*map(described.__getitem__, [d.id for d in archive.documents]))
        # map() over the ids: a listing's key covers every letter listed (55,000 at 10,000 letters).
        keys[output.path] = combine(
            base, output.path, inputs.extra,
            *map(whole_file.__getitem__, [d.id for d in inputs.texts]), "|",
            *map(described.__getitem__, [d.id for d in inputs.fronts]),
            whole if inputs.whole else "", reference if inputs.reference else "")
    return keys


class _Parts(dict[str, str]):
    """Each document's part of a key by its id, made by `make` the first time it is asked for."""

    def __init__(self, make: Callable[[str], str]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, doc_id: str) -> str:
        part = self[doc_id] = self.make(doc_id)
        return part


def copy_key(source: str, hashes: Mapping[str, str]) -> str | None:
    """The key of a copied file: its content hash when known, else its size and times (None: it is gone)."""
    if source in hashes:
        return "sha:" + hashes[source]
    try:
        info = os.stat(source)
    except OSError:
        return None
    return f"stat:{source}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}"
