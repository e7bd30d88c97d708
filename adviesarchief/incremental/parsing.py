"""What the parse cache keeps of one letter, and whether a kept check still holds.

A letter's parse depends only on its bytes (and name), which key the cache. Its own check
depends on more: topics.yaml and what the content folder holds at each attachment path. The
entry records those, so a build can tell whether the check still holds or must be made again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..load.content import ContentTree, SourceFile
from ..parse.document import ParsedFile, decode_text
from ..validate import CheckedLetter, LetterRules, check_letter
from .cache import content_hash


@dataclass(frozen=True)
class CacheEntry:
    """One letter as the parse cache keeps it: its parse, its own check and what that check consulted."""

    parsed: ParsedFile
    checked: CheckedLetter
    # A hash of the front matter's text: pages that show no body (listings, data files,
    # figures) need not change when only a letter's text does.
    front_matter_hash: str
    rules: str  # rules_key() of the rules it was checked against
    # Each attachment path the check looked up, and what the content folder held there.
    attachment_kinds: tuple[tuple[str, str], ...] = ()


def rules_key(rules: LetterRules) -> str:
    """What a kept check depends on besides the letter (the registry is part of the code version that keys the cache)."""
    return "topics:" + ("\n".join(sorted(rules.known_topics)) if rules.known_topics is not None else "broken")


def new_entry(parsed: ParsedFile, tree: ContentTree, rules: LetterRules) -> CacheEntry:
    """Check a freshly parsed letter (its source still has its bytes) and make its entry, without the bytes."""
    source = parsed.source
    front_matter = "\n".join(decode_text(source).split("\n")[1:parsed.body_line - 2])
    # The Markdown body is left out too: after parsing only its HTML and has_text are used.
    light = dataclasses.replace(parsed, source=dataclasses.replace(source, data=b"", stamp=None), body="")
    return _entry(light, check_letter(parsed, tree, rules), content_hash(front_matter.encode("utf-8")), tree, rules)


def still_holds(entry: CacheEntry, tree: ContentTree, rules: str) -> bool:
    """Whether a kept check is still right: the same rules (their rules_key), and each attachment found as before."""
    return entry.rules == rules and all(tree.kind_of(path) == kind for path, kind in entry.attachment_kinds)


def checked_again(entry: CacheEntry, tree: ContentTree, rules: LetterRules) -> CacheEntry:
    """Check a kept letter again against the rules and folder as they are now."""
    # The entry holds no bytes to scan; the personal data and markers found in them are the same as before.
    checked = dataclasses.replace(check_letter(entry.parsed, tree, rules), personal_data=entry.checked.personal_data,
                                  review_markers=entry.checked.review_markers)
    return _entry(entry.parsed, checked, entry.front_matter_hash, tree, rules)


def with_source(entry: CacheEntry, source: SourceFile) -> CacheEntry:
    """The entry with the letter's source as this build read it."""
    return dataclasses.replace(entry, parsed=dataclasses.replace(entry.parsed, source=source))


def _entry(parsed: ParsedFile, checked: CheckedLetter, front_matter_hash: str, tree: ContentTree,
           rules: LetterRules) -> CacheEntry:
    """Make an entry recording what the check consulted, as the folder is now."""
    kinds = tuple((path, tree.kind_of(path)) for path in checked.attachment_paths)
    return CacheEntry(parsed, checked, front_matter_hash, rules_key(rules), kinds)
