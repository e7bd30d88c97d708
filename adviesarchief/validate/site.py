"""Check the archive's own files: site.yaml (optional) and topics.yaml."""

from __future__ import annotations

import re
from posixpath import normpath
from typing import Any

from ..errors import ArchiveError, warning
from ..load.content import ContentTree
from ..model import SiteInfo, Topic
from ..parse.document import parse_yaml_file
from ..text import did_you_mean, slugify
from .attachments import found_problem, resolve_name
from .common import ID_PATTERN, Checked, Issue
from .dates import parse_date

SITE_FIELDS = (
    "title", "description", "base_url", "language", "licence", "publisher", "contact",
    "allowed_iban", "allowed_email_domains", "allowed_phone_numbers", "today", "council", "logo", "logo_alt",
)
# A logo is shown on every page from the site's own address: only pictures a browser will not run
# (an SVG can hold scripts).
LOGO_EXTENSIONS = ("png", "jpg", "jpeg", "gif", "webp")


NO_BASE_URL = "no base_url: the site gets no sitemaps and the national Woo-index cannot find it"
BASE_URL_HINT = "add the site's https address, like base_url: https://example.org/"


def validate_site(tree: ContentTree) -> Checked[SiteInfo]:
    """Read site.yaml (optional); unknown keys are errors."""
    if tree.site is None:
        # Without site.yaml the folder is not set up to be published yet: no base_url warning.
        return Checked(SiteInfo(), [])
    try:
        value, lines = parse_yaml_file(tree.site)
    except ArchiveError as problem:
        return Checked(SiteInfo(), [problem])
    path = tree.site.path
    if value is None:
        return Checked(SiteInfo(), [])
    if not isinstance(value, dict):
        return Checked(SiteInfo(), [ArchiveError("site.yaml must be a list of fields 'name: value'", path=path, line=1)])
    problems: list[ArchiveError] = []
    values: dict[str, Any] = {}
    for key, item in value.items():
        key = str(key)
        line = lines.get(key, 1)
        if key not in SITE_FIELDS:
            hint = did_you_mean(key, SITE_FIELDS) or "known keys: " + ", ".join(SITE_FIELDS)
            problems.append(ArchiveError(f"unknown key '{key}' in site.yaml", path=path, line=line, hint=hint))
        elif key.startswith("allowed_"):
            items = [item] if isinstance(item, str) else item
            if not isinstance(items, list) or not all(isinstance(i, (str, int)) for i in items):
                problems.append(ArchiveError(f"'{key}' must be a list of text values", path=path, line=line))
                continue
            values[key] = tuple(str(i) for i in items)
        elif key == "today":
            day, issues = parse_date(item, key)
            problems += [issue.placed(path, line) for issue in issues]
            if day:
                values[key] = day
        elif not isinstance(item, str):
            problems.append(ArchiveError(f"'{key}' must be text", path=path, line=line,
                                         hint="put the value between quotes"))
        else:
            values[key] = item.strip()
    base_url = values.get("base_url", "")
    if base_url and not re.match(r"^https?://[^/\s]+(/\S*)?$", base_url):
        problems.append(ArchiveError(
            f"base_url '{base_url}' is not a web address", path=path, line=lines.get("base_url", 1),
            hint="write it like https://example.org/ or https://example.org/adviesraad/",
        ))
        values.pop("base_url")
    contact = values.get("contact", "")
    if contact and not re.match(r"^(https?://[^/\s]+(/\S*)?|[^@\s/:]+@[^@\s/:]+\.[a-z]{2,})$", contact, re.I):
        problems.append(ArchiveError(
            f"contact '{contact}' is not an e-mail or web address", path=path, line=lines.get("contact", 1),
            hint="write it like info@example.org or https://example.org/contact",
        ))
        values.pop("contact")
    if values.get("logo"):
        problem = _logo_problem(values["logo"], tree)
        if problem is not None:
            problems.append(problem.placed(path, lines.get("logo", 1)))
            values.pop("logo")
        else:
            values["logo"] = normpath(values["logo"])
            values["logo_source"] = f"{tree.root}/{values['logo']}"
    if not problems and not values.get("base_url", "").startswith("https://"):
        # Sitemaps and the Woo-index harvester need an absolute https address (said after site.yaml's own errors).
        problems.append(warning(
            "base_url is not an https address, which the national Woo-index needs" if values.get("base_url")
            else NO_BASE_URL, path=path, line=lines.get("base_url", 1), hint=BASE_URL_HINT))
    return Checked(SiteInfo(**values), problems)


def _logo_problem(name: str, tree: ContentTree) -> Issue | None:
    """What is wrong with site.yaml's logo: a picture inside content/, given relative to it."""
    joined, problem = resolve_name("logo", "", name, "logo", "put the picture in the content folder")
    if joined is None:
        return problem
    extension = joined.rsplit(".", 1)[-1].lower() if "." in joined.rsplit("/", 1)[-1] else ""
    found = found_problem("logo", name, tree.kind_of(joined), "logo",
                          f"put '{name}' in the content folder (beside site.yaml), or correct the name")
    if found is not None:
        return found
    if extension not in LOGO_EXTENSIONS:
        return Issue("logo", f"logo '{name}' is not a picture the site can show",
                     "use a " + ", ".join(f".{e}" for e in LOGO_EXTENSIONS[:-1]) + f" or .{LOGO_EXTENSIONS[-1]} file")
    return None


def topics_too_large(tree: ContentTree) -> bool:
    """Whether topics.yaml is there but was not read, being too large (load reports that)."""
    return any(problem.path == f"{tree.root}/topics.yaml" for problem in tree.too_large)


def validate_topics(tree: ContentTree) -> Checked[tuple[Topic, ...]]:
    """Read topics.yaml: slugs with a label and an optional description."""
    shown = f"{tree.root}/topics.yaml"
    if tree.topics is None:
        if topics_too_large(tree):
            return Checked((), [])  # it is there, but too large to read: that is its one error line
        return Checked((), [ArchiveError(
            "topics.yaml is missing", path=shown, line=1,
            hint="create it with one entry per topic, e.g. 'armoede:' then '  label: Armoede en minima'",
        )])
    try:
        value, lines = parse_yaml_file(tree.topics)
    except ArchiveError as problem:
        return Checked((), [problem])
    if not isinstance(value, dict) or not value:
        return Checked((), [ArchiveError(
            "topics.yaml must list topics as 'slug:' with a 'label:' below each", path=shown, line=1,
        )])
    problems: list[ArchiveError] = []
    topics: list[Topic] = []
    for slug, entry in value.items():
        slug = str(slug)
        line = lines.get(slug, 1)
        if not ID_PATTERN.fullmatch(slug):
            problems.append(ArchiveError(
                f"topic key '{slug}' may only use a-z, 0-9 and '-'", path=shown, line=line,
                hint=f"use '{slugify(slug)}'",
            ))
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("label"), str) or not entry["label"].strip():
            problems.append(ArchiveError(
                f"topic '{slug}' has no label", path=shown, line=line,
                hint="add a line '  label: ...' below it",
            ))
            continue
        for key in entry:
            if key not in ("label", "description"):
                problems.append(warning(
                    f"unknown key '{key}' in topic '{slug}'", path=shown, line=lines.get(f"{slug}.{key}", line),
                    hint="a topic has only label and description",
                ))
        description = entry.get("description") or ""
        if not isinstance(description, str):
            problems.append(ArchiveError(f"description of topic '{slug}' must be text", path=shown,
                                         line=lines.get(f"{slug}.description", line)))
            description = ""
        topics.append(Topic(slug, entry["label"].strip(), description.strip()))
    return Checked(tuple(sorted(topics, key=lambda t: t.label.lower())), problems)
