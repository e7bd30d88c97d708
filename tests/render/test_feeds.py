"""Atom feeds, read back with feedparser and checked against the Atom rules that matter."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import feedparser
import pytest

from adviesarchief.derive.feeds import FEED_SIZE
from conftest import BuiltSite, document
from test_pipeline import GRONINGEN, HELMOND_ANSWER, HELMOND_QUESTIONS

BASE = "https://adviesarchief.example.org/"


def feed_paths(site: Path) -> list[Path]:
    """Every feed file of a built site."""
    return sorted([*site.glob("feeds/*.xml"), *site.glob("*/*/feed.xml")])


def parse(path: Path) -> feedparser.FeedParserDict:
    """Parse one feed strictly: any XML or format problem fails the test."""
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
    assert parsed.version == "atom10", path
    return parsed


def test_there_is_a_feed_for_everything_municipality_topic_and_type(seed_site: BuiltSite) -> None:
    found = {p.relative_to(seed_site.site).as_posix() for p in feed_paths(seed_site.site)}
    municipalities = {p.parent.name for p in (seed_site.site / "gemeenten").glob("*/index.html")}
    topics = {p.parent.name for p in (seed_site.site / "onderwerpen").glob("*/index.html")}
    types = {p.parent.name for p in (seed_site.site / "soorten").glob("*/index.html")}
    assert types == {"advies", "reactie", "vragen", "antwoord", "notitie"}
    assert found == {"feeds/alles.xml"} | {f"gemeenten/{m}/feed.xml" for m in municipalities} | {
        f"onderwerpen/{t}/feed.xml" for t in topics} | {f"soorten/{t}/feed.xml" for t in types}


def test_every_feed_is_valid_atom_with_id_updated_link_and_author(seed_site: BuiltSite) -> None:
    for path in feed_paths(seed_site.site):
        feed = parse(path)
        relative = path.relative_to(seed_site.site).as_posix()
        assert feed.feed.id == BASE + relative
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00\+00:00", feed.feed.updated)
        assert {(link.rel, link.href) for link in feed.feed.links} >= {("self", BASE + relative)}
        assert feed.feed.author
        for entry in feed.entries:
            assert entry.id.startswith(BASE + "documenten/")
            assert entry.link == entry.id
            assert entry.updated and entry.published
            assert entry.author
            assert entry.summary
            assert entry.tags, entry.id


def test_all_feed_lists_every_document_newest_first_with_its_data(seed_site: BuiltSite) -> None:
    feed = parse(seed_site.site / "feeds" / "alles.xml")
    records = {r["id"]: r for r in json.loads(seed_site.read("data/documenten.json"))}
    assert [e.id for e in feed.entries] == [r["url"] for r in records.values()]
    assert feed.feed.updated == feed.entries[0].updated
    entry = feed.entries[0]
    record = records[GRONINGEN]
    assert entry.title == record["title"]
    assert entry.summary == record["summary"]
    assert entry.updated.startswith(record["date"])
    assert entry.author == record["from"]
    terms = {(tag.scheme, tag.term) for tag in entry.tags}
    assert terms == {(BASE + "soorten/", "reactie"), (BASE + "gemeenten/", "GM0014")} | {
        (BASE + "onderwerpen/", t) for t in record["topics"]}


def test_municipality_feed_holds_exactly_its_documents(seed_site: BuiltSite) -> None:
    feed = parse(seed_site.site / "gemeenten" / "helmond" / "feed.xml")
    assert [e.id for e in feed.entries] == [BASE + f"documenten/{HELMOND_ANSWER}/", BASE + f"documenten/{HELMOND_QUESTIONS}/"]
    assert {(link.rel, link.href) for link in feed.feed.links} >= {("alternate", BASE + "gemeenten/helmond/")}


@pytest.mark.parametrize(("page", "feed"), [
    ("index.html", "feeds/alles.xml"),
    ("gemeenten/helmond/index.html", "gemeenten/helmond/feed.xml"),
    ("onderwerpen/armoede/index.html", "onderwerpen/armoede/feed.xml"),
    ("soorten/advies/index.html", "soorten/advies/feed.xml"),
])
def test_each_feed_is_announced_and_linked_on_its_page(seed_site: BuiltSite, page: str, feed: str) -> None:
    html = seed_site.read(page)
    assert re.search(rf'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="/{feed}">', html)
    assert re.search(rf'<a href="/{feed}" type="application/atom\+xml">.*Volg ', html)


def test_feed_keeps_the_newest_fifty_and_never_reads_the_clock(make_site) -> None:
    start = date(2020, 1, 1)
    files = {f"x/d{i:02}.md": document(title=f"Advies {i}", date=(start + timedelta(days=i)).isoformat())
             for i in range(FEED_SIZE + 5)}
    built = make_site(files)
    assert built.code == 0, built.stderr
    feed = parse(built.site / "feeds" / "alles.xml")
    assert len(feed.entries) == FEED_SIZE
    newest = (start + timedelta(days=FEED_SIZE + 4)).isoformat()
    assert feed.entries[0].id.endswith(f"documenten/d{FEED_SIZE + 4}/")
    assert feed.feed.updated.startswith(newest)
    assert len(parse(built.site / "gemeenten" / "wijdemeren" / "feed.xml").entries) == FEED_SIZE


def test_entry_without_summary_gets_the_start_of_its_text(make_site) -> None:
    built = make_site({"x/a.md": document(summary=None, body="Eerste zin van de brief. " * 40)})
    assert built.code == 0, built.stderr
    summary = parse(built.site / "feeds" / "alles.xml").entries[0].summary
    assert summary.startswith("Eerste zin van de brief.") and summary.endswith(" …")
    assert len(summary) <= 302


def test_feeds_work_under_a_subpath(make_site) -> None:
    built = make_site({"site.yaml": "title: Archief\nbase_url: https://example.org/adviesraad/\n",
                       "x/a.md": document()})
    assert built.code == 0, built.stderr
    feed = parse(built.site / "gemeenten" / "wijdemeren" / "feed.xml")
    assert feed.feed.id == "https://example.org/adviesraad/gemeenten/wijdemeren/feed.xml"
    assert feed.entries[0].link == "https://example.org/adviesraad/documenten/a/"
    assert 'href="/adviesraad/gemeenten/wijdemeren/feed.xml"' in built.read("gemeenten/wijdemeren/index.html")


def test_feeds_without_base_url_use_tag_ids(make_site) -> None:
    built = make_site({"site.yaml": "title: Archief\n", "x/a.md": document()})
    assert built.code == 0, built.stderr
    feed = parse(built.site / "feeds" / "alles.xml")
    assert feed.feed.id == "tag:adviesarchief,2000:feeds/alles.xml"
    assert feed.entries[0].id == "tag:adviesarchief,2000:documenten/a/"



def test_markup_in_a_title_stays_plain_text_in_the_feed(make_site) -> None:
    built = make_site({"x/a.md": document(title="'<b>Vet</b> & <script>x</script>'")})
    assert built.code == 0, built.stderr
    raw = built.read("feeds/alles.xml")
    assert "<title>&lt;b&gt;Vet&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;</title>" in raw
    entry = parse(built.site / "feeds" / "alles.xml").entries[0]
    assert entry.title_detail.type == "text/plain"


def git(root: Path, *args: str, when: int = 0) -> None:
    """Run git in root, committing at a fixed time (seconds since 1970)."""
    import os
    import subprocess

    stamp = f"{when} +0000"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false",
                    *args], cwd=root, env=env, check=True, capture_output=True)


def commit(root: Path, files: dict[str, str], when: int) -> None:
    """Write these content files and commit them at `when`."""
    for name, text in files.items():
        (root / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / name).write_text(text, "utf-8")
    git(root, "add", "-A", when=when)
    git(root, "commit", "-q", "-m", "brieven", when=when)


DAY = 86_400
JAN_2024 = 1_704_067_200  # 2024-01-01 00:00 UTC


def test_feeds_follow_when_letters_came_into_the_archive_in_git(make_site) -> None:
    """An old letter committed last heads the feeds; a reply to an old advice updates the advice's entry."""
    built = make_site({})  # the folder and topics.yaml
    root = built.root
    git(root, "init", "-q")
    commit(root, {"w/nieuw.md": document(title="Nieuw advies", date="2023-06-01"),
                  "w/oud-advies.md": document(title="Oud advies", date="2009-03-01")}, JAN_2024)
    commit(root, {"w/heel-oud.md": document(title="Heel oud advies", date="2005-01-01")}, JAN_2024 + DAY)
    built = make_site({})
    feed = parse(built.site / "feeds" / "alles.xml")
    assert [e.title for e in feed.entries] == ["Heel oud advies", "Nieuw advies", "Oud advies"]
    assert feed.feed.updated == feed.entries[0].updated == "2024-01-02T00:00:00+00:00"
    assert feed.entries[0].published.startswith("2005-01-01")
    assert parse(built.site / "gemeenten" / "wijdemeren" / "feed.xml").entries[0].title == "Heel oud advies"

    reply = document(type="reactie", title="Reactie op het oude advies", date="2009-05-01", in_reply_to="oud-advies",
                     **{"from": "College van Wijdemeren"})
    commit(root, {"w/reactie.md": reply}, JAN_2024 + 3 * DAY)
    built = make_site({})
    feed = parse(built.site / "feeds" / "alles.xml")
    assert [e.title for e in feed.entries][:2] == ["Reactie op het oude advies", "Oud advies"]
    assert feed.entries[1].updated == "2024-01-04T00:00:00+00:00"
    assert feed.entries[1].published.startswith("2009-03-01")

    # A letter not committed yet is dated by the build date (here --today): it is new.
    built = make_site({"w/concept.md": document(title="Nog niet vastgelegd", date="2001-01-01")},
                      args=["--today", "2024-02-01"])
    feed = parse(built.site / "feeds" / "alles.xml")
    assert feed.entries[0].title == "Nog niet vastgelegd" and feed.entries[0].updated == "2024-02-01T00:00:00+00:00"


def test_git_log_is_read_once_into_each_files_last_change() -> None:
    from adviesarchief.load.history import parse_log

    log = "\x00300\n\nw/b.md\n\x00200\n\nw/a.md\nw/b.md\n\x00100\n\nw/a.md\n"
    changed = parse_log(log)
    assert {name: int(t.timestamp()) for name, t in changed.items()} == {"w/b.md": 300, "w/a.md": 200}


def test_content_outside_git_has_no_history(tmp_path: Path) -> None:
    from adviesarchief.load.history import read_history

    assert read_history(tmp_path).tracked is False
