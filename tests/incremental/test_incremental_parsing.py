"""incremental.parsing: a kept check holds while what it consulted is unchanged; the entry keeps no bytes."""

from __future__ import annotations

from adviesarchief.incremental.parsing import CacheEntry, checked_again, new_entry, rules_key, still_holds
from adviesarchief.parse.document import parse_document
from conftest import TOPICS_YAML, document
from contenttrees import content_tree, rules_for

LETTER = document(attachments="\n  - title: Brief\n    file: brief.pdf", body="Mail jan@example.org.\n")


def entry_for(text: str, files: dict[str, str | bytes]) -> CacheEntry:
    """The cache entry of content/a/x.md with this text, among these files."""
    tree = content_tree({"topics.yaml": TOPICS_YAML, "a/x.md": text, **files})
    return new_entry(parse_document(tree.documents[0]), tree, rules_for(tree))


def test_an_entry_keeps_the_check_and_what_it_consulted_but_not_the_bytes() -> None:
    entry = entry_for(LETTER, {"a/brief.pdf": b"%PDF"})
    assert entry.parsed.source.data == b"" and entry.parsed.body == ""
    assert entry.attachment_kinds == (("a/brief.pdf", "file"),)
    assert [f.value for f in entry.checked.personal_data] == ["jan@example.org"]
    assert entry.checked.document is not None


def test_a_kept_check_holds_until_topics_or_an_attachment_change() -> None:
    entry = entry_for(LETTER, {"a/brief.pdf": b"%PDF"})
    same = content_tree({"topics.yaml": TOPICS_YAML, "a/x.md": LETTER, "a/brief.pdf": b"%PDF"})
    assert still_holds(entry, same, rules_key(rules_for(same)))
    fewer_topics = content_tree({"topics.yaml": "armoede:\n  label: Armoede\n", "a/x.md": LETTER, "a/brief.pdf": b""})
    assert not still_holds(entry, fewer_topics, rules_key(rules_for(fewer_topics)))
    gone = content_tree({"topics.yaml": TOPICS_YAML, "a/x.md": LETTER})
    assert not still_holds(entry, gone, rules_key(rules_for(gone)))
    folder = content_tree({"topics.yaml": TOPICS_YAML, "a/x.md": LETTER}, folders=("a/brief.pdf",))
    assert not still_holds(entry, folder, rules_key(rules_for(folder)))

    again = checked_again(entry, gone, rules_for(gone))
    assert again.checked.document is None and again.attachment_kinds == (("a/brief.pdf", "none"),)
    assert still_holds(again, gone, rules_key(rules_for(gone)))
    # The bytes are gone from the entry; what was found in them is kept.
    assert again.checked.personal_data == entry.checked.personal_data


def test_the_front_matter_hash_changes_with_the_front_matter_only() -> None:
    files = {"a/brief.pdf": b"%PDF"}
    first = entry_for(LETTER, files).front_matter_hash
    assert entry_for(LETTER.replace("Mail", "Schrijf"), files).front_matter_hash == first
    assert entry_for(LETTER.replace("Brief", "Bijlage"), files).front_matter_hash != first
