"""Check a letter's attachments: each a file next to it in content/, of a type safe to publish."""

from __future__ import annotations

import re
from posixpath import basename, dirname, normpath
from typing import Any, NamedTuple

from ..load.content import ContentTree
from ..model import Attachment
from ..text import did_you_mean
from .common import Issue

ATTACHMENT_FIELDS = ("title", "file")
# Attachments are served from the site's own address, so only types a browser will not run.
ATTACHMENT_EXTENSIONS = frozenset({
    "pdf", "doc", "docx", "odt", "rtf", "txt", "xls", "xlsx", "ods", "csv", "ppt", "pptx", "odp",
    "png", "jpg", "jpeg", "gif", "webp", "zip",
})


class AttachmentCheck(NamedTuple):
    """The attachments that can be published, the paths looked up in content/, and the problems."""

    attachments: tuple[Attachment, ...]
    consulted: tuple[str, ...]
    issues: list[Issue]


def check_attachments(value: Any, source_name: str, tree: ContentTree) -> AttachmentCheck:
    """Check the 'attachments' field of the letter at `source_name` (relative to content/)."""
    if value is None:
        return AttachmentCheck((), (), [])
    if not isinstance(value, list):
        return AttachmentCheck((), (), [Issue("attachments", "'attachments' must be a list of items with title and file",
                                              "write '- title: ...' and '  file: ...' below it")])
    folder = dirname(source_name)
    issues: list[Issue] = []
    consulted: list[str] = []
    attachments: list[Attachment] = []
    for index, item in enumerate(value):
        key = f"attachments.{index}"
        if not isinstance(item, dict) or not isinstance(item.get("file"), str) or not isinstance(item.get("title"), str):
            issues.append(Issue(key, "an attachment needs 'title' and 'file' (both text)"))
            continue
        for extra in item:
            if extra not in ATTACHMENT_FIELDS:
                issues.append(Issue(f"{key}.{extra}", f"unknown attachment field '{extra}' is ignored",
                                    did_you_mean(str(extra), ATTACHMENT_FIELDS), "warning"))
        file = item["file"].strip()
        joined, problem = resolve_name(f"{key}.file", folder, file)
        if joined is not None:
            consulted.append(joined)
            problem = found_problem(f"{key}.file", file, tree.kind_of(joined)) \
                or _publishing_problem(f"{key}.file", joined, attachments)
        if problem is not None:
            issues.append(problem)
        elif joined is not None:
            attachments.append(Attachment(item["title"].strip(), joined, source=f"{tree.root}/{joined}"))
    return AttachmentCheck(tuple(attachments), tuple(consulted), issues)


def resolve_name(key: str, folder: str, file: str, what: str = "attachment",
                 place: str = "put the file next to the .md file") -> tuple[str | None, Issue | None]:
    """Resolve a file name (an attachment's, site.yaml's logo) against a folder of content/; None and
    the problem if it is not allowed."""
    outside = f"{what} '{file}' lies outside content/"
    odd = next((c for c in file if ord(c) > 127 and not c.isalnum()), None)
    if odd is not None:
        # Look-alike slashes and dots (U+2215, U+FF0E ...) could disguise a path.
        return None, Issue(key, outside, f"its name contains '{odd}' (U+{ord(odd):04X}); rename the file "
                                         "with only letters, digits, '-', '_' and '.'")
    if "\\" in file:
        return None, Issue(key, outside, f"a name with '\\' is a Windows path: {place}, "
                                         "and write '/' between folders, e.g. 'bijlagen/brief.pdf'")
    joined = normpath(f"{folder}/{file}" if folder else file)
    if file.startswith("/") or re.match(r"^[A-Za-z]:", file) or "\x00" in file \
            or joined.startswith("..") or joined == ".":
        return None, Issue(key, outside, f"{place} and give only its name")
    return joined, None


def found_problem(key: str, file: str, kind: str, what: str = "attachment",
                  missing_hint: str = "") -> Issue | None:
    """What is wrong with what the content folder holds at the path of an attachment (or the logo), if anything.

    An unusable file (a link in a loop, a pipe) has its own error; the letter gets none for it.
    """
    if kind == "link":
        return Issue(key, f"{what} '{file}' is a link to a file outside content/",
                     "copy the file itself into the folder")
    if kind == "folder":
        return Issue(key, f"{what} '{file}' is a folder, not a file", "name the file inside it")
    if kind == "none":
        return Issue(key, f"{what} '{file}' does not exist",
                     missing_hint or f"put '{file}' next to the .md file, or correct the name")
    return None


def _publishing_problem(key: str, resolved: str, earlier: list[Attachment]) -> Issue | None:
    """Only document and image types, one name per document: the file is copied beside the page.

    An .html or .svg file would run its scripts on the site's own address, and a file named
    like the page or the Markdown source would replace it.
    """
    name = basename(resolved)
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in ATTACHMENT_EXTENSIONS:
        return Issue(key, f"attachment '{name}' is not a type that can be published safely",
                     "use a PDF, an office document or an image: " + ", ".join(sorted(ATTACHMENT_EXTENSIONS)))
    if any(basename(a.file) == name for a in earlier):
        return Issue(key, f"a second attachment is called '{name}'",
                     "give each attachment of a document its own file name")
    return None
