"""The site's static files as they are published: each script's imports carry the version of what they import.

A page loads its script as `zoeken.js?v=<hash>`, so a browser never keeps an old copy after an
update. The modules that script imports are named in its text (`from "./zoeklijst.js"`): without a
version there, a browser could run the new script with an old module from its cache, and the
search page would break until that copy expired. So every import of a sibling module gets the
version of that module as published, and a script's own version changes whenever anything it
imports changes.
"""

from __future__ import annotations

import hashlib
import re
from typing import Mapping

from .. import urls

# An import of a sibling module: `from "./name.js"` (the only form the site's scripts use).
SIBLING_IMPORT = re.compile(r"""(\bfrom\s*["']\./)([\w.-]+\.js)(["'])""")


def version(text: str) -> str:
    """The version a published file is asked for with: the start of the hash of its bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def static_files(templates: Mapping[str, str]) -> dict[str, str]:
    """Every static file by its site path, with each script's sibling imports versioned."""
    sources = {name: text for name, text in templates.items() if name.startswith(urls.STATIC)}
    published: dict[str, str] = {}

    def publish(name: str, seen: tuple[str, ...] = ()) -> str:
        if name in published:
            return published[name]
        if name in seen:  # an import cycle: its members are versioned by their own text
            return sources[name]

        def versioned(match: re.Match[str]) -> str:
            imported = urls.STATIC + match.group(2)
            if imported not in sources:
                return match.group(0)
            return f"{match.group(1)}{match.group(2)}?v={version(publish(imported, (*seen, name)))}{match.group(3)}"

        text = sources[name]
        if name.endswith(".js"):
            text = SIBLING_IMPORT.sub(versioned, text)
        published[name] = text
        return text

    for name in sorted(sources):
        publish(name)
    return published


def static_versions(templates: Mapping[str, str]) -> dict[str, str]:
    """The version of every static file as published, by its name inside the static folder."""
    return {name[len(urls.STATIC):]: version(text) for name, text in static_files(templates).items()}
