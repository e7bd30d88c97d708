"""Incremental builds: the content-hash cache gives the same site as a cold build, doing less work."""

from __future__ import annotations

import dataclasses
import errno
import os
import shutil
import stat
import time
from datetime import date
from pathlib import Path

import pytest

from adviesarchief import pipeline
from adviesarchief.config import Config, Tuning
from adviesarchief.incremental import cache, parsing, rendering, workers
from adviesarchief.incremental.spare import spare_path
from adviesarchief.load import content as load
from conftest import TOPICS_YAML, document, query_pagefind, run_cli, serve_directory

# Pagefind writes filter values in hash-map order (see README, "Reproducible output").
UNORDERED = ("pagefind-entry.json", ".pf_meta", ".pf_filter")

ADVICE = document(title="Advies over armoede", date="2019-03-01",
                  body="## 1. Bereik\n\nMeer inwoners bereiken.\n\n## 2. Communicatie\n\nDuidelijke brieven.\n")
REPLY = document(type="reactie", title="Reactie op het advies over armoede", date="2019-05-01",
                 **{"from": "College van Wijdemeren"}, in_reply_to="advies-armoede",
                 responses="[{point: 1, outcome: toegezegd}, {point: 2, outcome: deels}]")
FILES = {
    "wijdemeren/advies-armoede.md": ADVICE,
    "wijdemeren/reactie-armoede.md": REPLY,
    "wijdemeren/mantelzorg-2021.md": document(title="Advies over mantelzorg", date="2021-06-01",
                                              topics="[mantelzorg]"),
    "helmond/schulden-2020.md": document(title="Advies over schulden", date="2020-02-02", municipality="Helmond",
                                         topics="[schuldhulpverlening]", body="Schulden voorkomen.\n"),
    "helmond/oud-2018.md": document(title="Oude notitie", type="notitie", date="2018-09-09",
                                    municipality="Helmond"),
}


def write_content(root: Path, files: dict[str, str]) -> None:
    """Make root/content hold exactly these files and topics.yaml."""
    content = root / "content"
    shutil.rmtree(content, ignore_errors=True)
    for name, text in {"topics.yaml": TOPICS_YAML, **files}.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, "utf-8")


# Shard the index per year and use the process pool even for these few documents.
TUNING = Tuning(single_index_max=2, pool_min=1)
# The same, all in this process, so that calls can be counted.
IN_PROCESS = dataclasses.replace(TUNING, pool_min=10_000)


def build(root: Path, tuning: Tuning = TUNING) -> str:
    """Build root/content into root/site with root/.cache; return stderr."""
    code, stderr = run_cli(["build", "--content", "content", "--output", "site"], root, tuning)
    assert code == 0, stderr
    return stderr


def tree(site: Path) -> dict[str, bytes]:
    """Every file of a site by relative path."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("prepare_here_max", [Tuning().prepare_here_max, -1],
                         ids=["index-inputs-before-the-thread", "index-inputs-in-the-thread"])
def test_incremental_build_after_edit_addition_and_deletion_equals_cold_build(
        tmp_path: Path, prepare_here_max: int) -> None:
    tuning = dataclasses.replace(TUNING, prepare_here_max=prepare_here_max)
    incremental, cold = tmp_path / "incremental", tmp_path / "cold"
    write_content(incremental, FILES)
    build(incremental, tuning)
    changed = dict(FILES)
    changed["wijdemeren/advies-armoede.md"] = ADVICE.replace("Advies over armoede", "Advies over armoedebeleid")
    changed["helmond/reactie-schulden.md"] = document(
        type="reactie", title="Reactie over schulden", date="2020-04-04", municipality="Helmond",
        in_reply_to="schulden-2020", **{"from": "College van Helmond"})
    del changed["helmond/oud-2018.md"]
    write_content(incremental, changed)
    build(incremental, tuning)
    write_content(cold, changed)
    build(cold, tuning)

    got, want = tree(incremental / "site"), tree(cold / "site")
    assert sorted(p for p in got if not p.endswith(UNORDERED)) == sorted(p for p in want if not p.endswith(UNORDERED))
    assert len(got) == len(want)
    for path, data in want.items():
        if not path.endswith(UNORDERED):
            assert got[path] == data, path
    assert "Advies over armoedebeleid" in got["documenten/reactie-armoede/index.html"].decode()
    assert not (incremental / "site" / "documenten" / "oud-2018").exists()
    for site in (incremental / "site", cold / "site"):
        with serve_directory(site) as url:
            found = query_pagefind(site, url, {"term": "armoedebeleid"})
            # First: Pagefind also matches words that begin the query ('armoede', in a topic label).
            assert [r["url"] for r in found["results"]][0] == "/documenten/advies-armoede/"
            urls = sorted(r["url"] for r in query_pagefind(site, url, {"term": None})["results"])
            assert urls == sorted(f"/documenten/{name.rsplit('/', 1)[1][:-3]}/" for name in changed)


def test_unchanged_documents_are_neither_parsed_nor_rendered_again(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    write_content(tmp_path, FILES)
    build(tmp_path, IN_PROCESS)
    site = tmp_path / "site"
    before = {p: os.stat(site / p).st_ino for p in tree(site)}
    parsed: list[str] = []
    original = workers.parse_document
    monkeypatch.setattr(workers, "parse_document", lambda source: parsed.append(source.name) or original(source))
    changed = dict(FILES)
    changed["wijdemeren/mantelzorg-2021.md"] = FILES["wijdemeren/mantelzorg-2021.md"].replace(
        "De adviesraad geeft dit advies.", "De adviesraad geeft een nieuw advies.")
    write_content(tmp_path, changed)
    build(tmp_path, IN_PROCESS)
    assert parsed == ["wijdemeren/mantelzorg-2021.md"]
    after = {p: os.stat(site / p).st_ino for p in tree(site)}
    kept = {p for p in before if after.get(p) == before[p]}
    # The edited letter's page and its search shard are new; other letters, the other years'
    # shards, the pages that show no letter's text and the feeds (they show its summary) are
    # the very same files.
    assert "documenten/mantelzorg-2021/index.html" not in kept
    assert "gemeenten/wijdemeren/feed.xml" in kept  # its entry shows the summary, not the text
    assert {"documenten/advies-armoede/index.html", "documenten/schulden-2020/index.html",
            "gemeenten/helmond/index.html", "gemeenten/wijdemeren/index.html", "onderwerpen/mantelzorg/index.html",
            "index.html", "data/documenten.json", "cijfers/index.html", "documenten/oud-2018/oud-2018.md",
            "pagefind/2019/pagefind-entry.json", "pagefind/2020/pagefind-entry.json"} <= kept
    assert "pagefind/pagefind-entry.json" not in kept  # the main shard: the newest year, 2021

    # A changed title shows in the listings, the data files and the home page: they are new.
    retitled = dict(changed)
    retitled["wijdemeren/mantelzorg-2021.md"] = changed["wijdemeren/mantelzorg-2021.md"].replace(
        "title: Advies over mantelzorg", "title: Advies over de mantelzorg")
    write_content(tmp_path, retitled)
    before = after
    build(tmp_path, IN_PROCESS)
    after = {p: os.stat(site / p).st_ino for p in tree(site)}
    kept = {p for p in before if after.get(p) == before[p]}
    assert not {"gemeenten/wijdemeren/index.html", "onderwerpen/mantelzorg/index.html", "index.html",
                "data/documenten.json", "data/documenten.csv", "jaren/2021/index.html"} & kept
    assert {"gemeenten/helmond/index.html", "documenten/schulden-2020/index.html"} <= kept
    assert "Advies over de mantelzorg" in (site / "data" / "documenten.json").read_text("utf-8")


def test_a_failed_build_keeps_the_site_and_the_next_build_is_still_right(tmp_path: Path) -> None:
    write_content(tmp_path, FILES)
    build(tmp_path)
    published = tree(tmp_path / "site")
    broken = dict(FILES)
    broken["wijdemeren/advies-armoede.md"] = ADVICE.replace("date: 2019-03-01", "date: 2019-13-01")
    write_content(tmp_path, broken)
    code, _ = run_cli(["build", "--content", "content", "--output", "site"], tmp_path, TUNING)
    assert code == 1
    assert tree(tmp_path / "site") == published
    write_content(tmp_path, FILES)
    build(tmp_path)
    assert {p: d for p, d in tree(tmp_path / "site").items() if not p.endswith(UNORDERED)} == \
        {p: d for p, d in published.items() if not p.endswith(UNORDERED)}


def test_a_site_changed_by_hand_is_repaired_not_trusted(tmp_path: Path) -> None:
    write_content(tmp_path, FILES)
    build(tmp_path)
    page = tmp_path / "site" / "documenten" / "schulden-2020" / "index.html"
    want = page.read_bytes()
    page.unlink()
    build(tmp_path)
    assert page.read_bytes() == want


def test_a_sharded_index_searches_and_sorts_as_one(tmp_path: Path) -> None:
    write_content(tmp_path, FILES)
    build(tmp_path)
    site = tmp_path / "site"
    assert sorted(p.name for p in (site / "pagefind").iterdir() if p.name.isdigit()) == ["2018", "2019", "2020"]
    with serve_directory(site) as url:
        found = query_pagefind(site, url, {"term": "adviesraad", "sort": {"datum": "asc"}})
        dates = [r["meta"]["datum"] for r in found["results"]]
        assert len(dates) == 5 and dates == sorted(dates)
        newest = query_pagefind(site, url, {"term": "adviesraad", "sort": {"datum": "desc"}})
        assert [r["meta"]["datum"] for r in newest["results"]] == dates[::-1]
        helmond = query_pagefind(site, url, {"term": None, "filters": {"gemeente": "Helmond"}})
        assert sorted(r["url"] for r in helmond["results"]) == ["/documenten/oud-2018/", "/documenten/schulden-2020/"]


def test_check_reads_the_cache_but_writes_nothing(tmp_path: Path) -> None:
    write_content(tmp_path, FILES)
    code, stderr = run_cli(["check", "--content", "content"], tmp_path, TUNING)
    assert code == 0, stderr
    assert [p.name for p in tmp_path.iterdir()] == ["content"]


def test_listings_and_feeds_are_rendered_again_only_when_a_document_they_show_changed(tmp_path: Path) -> None:
    write_content(tmp_path, FILES)
    build(tmp_path)
    site = tmp_path / "site"
    before = {p: os.stat(site / p).st_ino for p in tree(site)}
    changed = dict(FILES)
    changed["wijdemeren/mantelzorg-2021.md"] = FILES["wijdemeren/mantelzorg-2021.md"].replace(
        "Advies over mantelzorg", "Advies over respijtzorg")
    write_content(tmp_path, changed)
    build(tmp_path)
    after = {p: os.stat(site / p).st_ino for p in tree(site)}
    showing = ["jaren/2021/index.html", "soorten/advies/index.html", "feeds/alles.xml",
               "gemeenten/wijdemeren/feed.xml", "onderwerpen/mantelzorg/feed.xml", "soorten/advies/feed.xml"]
    for path in showing:
        assert after[path] != before[path], path
        assert "Advies over respijtzorg" in (site / path).read_text("utf-8"), path
    unrelated = ["jaren/2020/index.html", "jaren/2018/index.html", "soorten/notitie/index.html",
                 "soorten/notitie/feed.xml", "gemeenten/helmond/feed.xml",
                 "onderwerpen/schuldhulpverlening/feed.xml"]
    for path in unrelated:
        assert after[path] == before[path], path


def assert_same_site(got: dict[str, bytes], want: dict[str, bytes]) -> None:
    """Two sites hold the same files with the same bytes (Pagefind's unordered files by name only)."""
    assert sorted(p for p in got if not p.endswith(UNORDERED)) == sorted(p for p in want if not p.endswith(UNORDERED))
    assert len(got) == len(want)
    for path, data in want.items():
        if not path.endswith(UNORDERED):
            assert got[path] == data, path


def assert_rebuild_equals_cold(root: Path, files: dict[str, str], tuning: Tuning = TUNING) -> None:
    """Rebuild root's site from these files; it must equal a cold build of them."""
    write_content(root, files)
    build(root, tuning)
    cold = root / "cold"
    shutil.rmtree(cold, ignore_errors=True)  # cold: no cache or site of an earlier call
    write_content(cold, files)
    build(cold, tuning)
    assert_same_site(tree(root / "site"), tree(cold / "site"))


def test_successive_incremental_builds_each_equal_a_cold_build(tmp_path: Path) -> None:
    """From the third build on, the site before the published one (the spare) is patched into
    the new site: after every kind of change it must equal a cold build, and the site it
    replaced must be kept exactly as it was published."""
    incremental = tmp_path / "incremental"
    reply = document(type="reactie", title="Reactie over schulden", date="2020-04-04", municipality="Helmond",
                     in_reply_to="schulden-2020", **{"from": "College van Helmond"})
    steps: list[dict[str, str]] = [dict(FILES)]
    steps.append({**steps[-1], "wijdemeren/advies-armoede.md": ADVICE.replace("Bereik", "Bereik en toegang")})
    steps.append({**steps[-1], "helmond/reactie-schulden.md": reply})
    steps.append({k: v for k, v in steps[-1].items() if k != "helmond/oud-2018.md"})
    # A letter in a new, newest year: the main search bundle moves to it.
    steps.append({**steps[-1], "helmond/nieuw-2022.md": document(title="Advies over jeugdhulp", date="2022-01-05",
                                                                 municipality="Helmond", topics="[armoede]")})
    steps.append({**steps[-1], "wijdemeren/advies-armoede.md": ADVICE})  # back to an earlier version
    published: dict[str, bytes] | None = None
    for number, files in enumerate(steps):
        write_content(incremental, files)
        build(incremental)
        if published is not None:
            spare = incremental / ".site.spare"
            assert spare.is_dir()
            assert tree(spare) == published, f"the site replaced by build {number} was changed"
        published = tree(incremental / "site")
        cold = tmp_path / f"cold-{number}"
        write_content(cold, files)
        build(cold)
        assert_same_site(published, tree(cold / "site"))
    site = incremental / "site"
    with serve_directory(site) as url:
        urls = sorted(r["url"] for r in query_pagefind(site, url, {"term": None})["results"])
        assert urls == sorted(f"/documenten/{name.rsplit('/', 1)[1][:-3]}/" for name in steps[-1])


def test_a_spare_changed_by_hand_is_not_trusted_blindly(tmp_path: Path) -> None:
    write_content(tmp_path, FILES)
    build(tmp_path)
    changed = {**FILES, "helmond/oud-2018.md": FILES["helmond/oud-2018.md"].replace("Oude notitie", "Notitie")}
    write_content(tmp_path, changed)
    build(tmp_path)
    (tmp_path / ".site.spare" / "documenten" / "schulden-2020" / "index.html").unlink()
    assert_rebuild_equals_cold(tmp_path, FILES)


def test_a_follow_up_reply_updates_the_advice_it_finally_answers(tmp_path: Path) -> None:
    """A follow-up names the first reply, not the advice; the advice's page still shows its
    outcome, so editing the follow-up must render the advice's page again."""
    follow_up = document(type="reactie", title="Tweede reactie over armoede", date="2019-09-01",
                         **{"from": "College van Wijdemeren"}, in_reply_to="reactie-armoede",
                         responses="[{point: 1, outcome: overgenomen}]")
    files = {**FILES, "wijdemeren/vervolg-armoede.md": follow_up}
    write_content(tmp_path, files)
    build(tmp_path)
    page = tmp_path / "site" / "documenten" / "advies-armoede" / "index.html"
    assert "Overgenomen" in page.read_text("utf-8")
    files["wijdemeren/vervolg-armoede.md"] = follow_up.replace("outcome: overgenomen", "outcome: niet-overgenomen")
    assert_rebuild_equals_cold(tmp_path, files)
    assert "Niet overgenomen" in page.read_text("utf-8")


def changed(number: int) -> dict[str, str]:
    """FILES with one letter's title changed (a different version per number)."""
    return {**FILES, "helmond/oud-2018.md": FILES["helmond/oud-2018.md"].replace(
        "Oude notitie", f"Oude notitie {number}")}


def cold(tmp_path: Path, files: dict[str, str], name: str) -> dict[str, bytes]:
    root = tmp_path / name
    write_content(root, files)
    build(root)
    return tree(root / "site")


def test_a_file_added_to_the_published_site_survives_into_later_patched_sites(tmp_path: Path) -> None:
    """Cold builds (and the old builds) replace site/ wholesale; a patched spare keeps whatever
    was in that folder beyond its manifest."""
    root = tmp_path / "incremental"
    for number in range(2):
        write_content(root, changed(number))
        build(root)
    # e.g. certbot --webroot, a hosting panel, or a hand-made verification file
    (root / "site" / "google-site-verification.html").write_text("x", "utf-8")
    for number in range(2, 4):
        write_content(root, changed(number))
        build(root)
    assert_same_site(tree(root / "site"), cold(tmp_path, changed(3), "cold"))


def test_a_stale_spare_manifest_is_never_trusted_for_a_new_spare(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The spare's manifest is written after the old site has become the spare; if that write
    fails (disk full) or Ctrl-C lands in between, an older, still valid manifest at that path
    must not describe the new spare."""
    root = tmp_path / "incremental"
    a, b, c = changed(0), changed(1), {**changed(1), "helmond/schulden-2020.md":
                                       FILES["helmond/schulden-2020.md"].replace("Schulden voorkomen", "Anders")}
    for files in (a, a, b):  # spare = site of build 2 (content a), its manifest valid
        write_content(root, files)
        build(root)
    spare = spare_path(root / "site")
    shutil.rmtree(spare)  # README: "Deleting .site.spare/ is always safe."
    real_mkstemp = cache.tempfile.mkstemp
    refused: list[str] = []

    def full_disk_for_the_first_manifest(*args, dir=None, **options):  # noqa: A002 (tempfile's name)
        # The spare's manifest is written first, then the published site's.
        if dir is not None and Path(dir).name == "sites" and not refused:
            refused.append(str(dir))
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_mkstemp(*args, dir=dir, **options)

    write_content(root, c)
    with monkeypatch.context() as patched:
        patched.setattr(cache.tempfile, "mkstemp", full_disk_for_the_first_manifest)
        code, stderr = run_cli(["build", "--content", "content", "--output", "site"], root, TUNING)
    assert refused
    # The swap happened: the build says so and succeeds; only the spare's record is missing.
    assert "Anders" in (root / "site" / "documenten" / "schulden-2020" / "index.html").read_text("utf-8")
    assert code == 0, stderr
    assert "nothing was published" not in stderr
    assert "could not record the build" in stderr
    # Back to content a: the spare (site of content b) is patched with the manifest of content a.
    write_content(root, a)
    build(root)
    assert_same_site(tree(root / "site"), cold(tmp_path, a, "cold"))


def test_a_failure_while_patching_leaves_the_published_site_and_no_spare(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "incremental"
    for number in range(3):
        write_content(root, changed(number))
        build(root, IN_PROCESS)
    published = tree(root / "site")
    real_render = rendering._outputs_of

    def render_then_raise(*args):
        for count, page in enumerate(real_render(*args)):
            if count == 1:
                break
            yield page
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(rendering, "_outputs_of", render_then_raise)
    write_content(root, changed(3))
    code, stderr = run_cli(["build", "--content", "content", "--output", "site"], root, IN_PROCESS)
    assert code != 0 and "could not write the site" in stderr, stderr
    monkeypatch.setattr(rendering, "_outputs_of", real_render)
    assert tree(root / "site") == published
    assert not spare_path(root / "site").exists()
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".")) == [".cache"], list(root.iterdir())
    build(root, IN_PROCESS)
    assert_same_site(tree(root / "site"), cold(tmp_path, changed(3), "cold"))


def test_the_published_folder_mode_is_kept_when_a_spare_is_patched(tmp_path: Path) -> None:
    """Like test_write.test_published_site_is_readable_by_the_web_server, with a spare in play."""

    root = tmp_path / "incremental"
    for number in range(2):
        write_content(root, changed(number))
        build(root)
    (root / "site").chmod(0o750)  # e.g. fixed so the web server's group can read it
    write_content(root, changed(2))
    build(root)  # patches the spare (the site of build 1, still with the old mode)
    assert stat.S_IMODE((root / "site").stat().st_mode) == 0o750


def parse_packs(root: Path) -> set[str]:
    """The names of the parse cache's packs."""
    folder = cache.ParseCache(root / ".cache").folder
    assert folder is not None
    return {p.name for p in (folder / "packs").iterdir()}


def edit_text(files: dict[str, str], name: str, words: str) -> dict[str, str]:
    """The files with one more sentence at the end of one letter."""
    return {**files, name: files[name] + f"\n{words}\n"}


def test_parsed_documents_are_kept_in_packs_and_an_edit_adds_one(tmp_path: Path) -> None:
    tuning = dataclasses.replace(TUNING, parse_chunk=2, unused_pack_seconds=-1)
    write_content(tmp_path, FILES)
    build(tmp_path, tuning)
    first = parse_packs(tmp_path)
    assert len(first) == 3  # five letters, two to a pack
    write_content(tmp_path, edit_text(FILES, "helmond/oud-2018.md", "Een zin erbij."))
    build(tmp_path, tuning)
    assert len(parse_packs(tmp_path) - first) == 1


def test_packs_scattered_by_many_edits_are_packed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tuning = dataclasses.replace(IN_PROCESS, parse_chunk=2, repack_slack=-2, unused_pack_seconds=-1)
    # repack_slack=-2: repack beyond four packs (the fewest is three)
    parsed: list[str] = []
    original = workers.parse_document
    monkeypatch.setattr(workers, "parse_document", lambda source: parsed.append(source.name) or original(source))
    files = dict(FILES)
    write_content(tmp_path, files)
    build(tmp_path, tuning)
    counts = []
    for round_ in range(2):
        for name in sorted(FILES):
            files = edit_text(files, name, f"Aanvulling {round_}.")
            write_content(tmp_path, files)
            parsed.clear()
            build(tmp_path, tuning)
            assert parsed == [name]  # repacking stores what is known: it parses nothing again
            counts.append(len(parse_packs(tmp_path)))
    # Edits add a pack each until there are too many; then all are packed again, full.
    assert max(counts) <= 4 and 3 in counts[1:], counts
    assert_rebuild_equals_cold(tmp_path, files, tuning)


def test_a_damaged_parse_cache_is_parsed_again_not_trusted(tmp_path: Path) -> None:
    write_content(tmp_path, FILES)
    build(tmp_path)
    folder = cache.ParseCache(tmp_path / ".cache").folder
    assert folder is not None
    for pack in (folder / "packs").iterdir():
        pack.write_bytes(b"not a pickle")
    (folder.parent / "0123456789abcdef" / "packs").mkdir(parents=True)  # another code version's
    assert_rebuild_equals_cold(tmp_path, edit_text(FILES, "helmond/oud-2018.md", "Een zin erbij."))
    assert [p.name for p in folder.parent.iterdir()] == [folder.name]
    index = cache.ParseCache(tmp_path / ".cache", content=str((tmp_path / "content").resolve())).index_path
    assert index is not None and index.is_file()
    for damage in ("[1, 2]", '{"packs": {"a": 1}}', "{"):
        index.write_text(damage, "utf-8")
        assert_rebuild_equals_cold(tmp_path, FILES)


def test_two_archives_built_beside_each_other_keep_their_parse_caches(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    tuning = dataclasses.replace(IN_PROCESS, unused_pack_seconds=-1)
    parsed: list[str] = []
    original = workers.parse_document
    monkeypatch.setattr(workers, "parse_document", lambda source: parsed.append(source.name) or original(source))
    write_content(tmp_path, FILES)
    other = tmp_path / "other"
    write_content(other, {"helmond/oud-2018.md": FILES["helmond/oud-2018.md"]})
    build(tmp_path, tuning)
    code, stderr = run_cli(["build", "--content", "other/content", "--output", "other/site"], tmp_path, tuning)
    assert code == 0, stderr
    parsed.clear()
    build(tmp_path, tuning)
    assert parsed == []
    # When a content folder is gone, its index goes, and with it the packs only it named.
    shutil.rmtree(other / "content")
    write_content(tmp_path, edit_text(FILES, "helmond/oud-2018.md", "Een zin erbij."))
    build(tmp_path, tuning)
    folder = cache.ParseCache(tmp_path / ".cache").folder
    assert folder is not None
    assert len(list(folder.glob("index-*.marshal"))) == 1


def test_a_cache_that_cannot_be_written_is_reported_once_and_the_build_succeeds(tmp_path: Path) -> None:
    write_content(tmp_path, FILES)
    folder = cache.ParseCache(tmp_path / ".cache").folder
    assert folder is not None
    folder.mkdir(parents=True)
    (folder / "packs").write_text("a file where the packs should be", "utf-8")
    stderr = build(tmp_path)
    assert stderr.count("could not store") == 1, stderr
    assert "Traceback" not in stderr
    assert (tmp_path / "site" / "index.html").is_file()


def test_an_edit_of_the_text_of_a_letter_without_summary_renews_its_feed_entry(tmp_path: Path) -> None:
    files = {**FILES, "helmond/schulden-2020.md": document(
        title="Advies over schulden", date="2020-02-02", municipality="Helmond", topics="[schuldhulpverlening]",
        summary=None, body="Schulden voorkomen.\n")}
    write_content(tmp_path, files)
    build(tmp_path)
    site = tmp_path / "site"
    before = {p: os.stat(site / p).st_ino for p in tree(site)}
    edited = {**files, "helmond/schulden-2020.md": files["helmond/schulden-2020.md"].replace(
        "Schulden voorkomen.", "Schulden eerder signaleren.")}
    assert_rebuild_equals_cold(tmp_path, edited)
    after = {p: os.stat(site / p).st_ino for p in tree(site)}
    # The feed shows the start of the text; the listing shows the title and date only.
    assert after["gemeenten/helmond/feed.xml"] != before["gemeenten/helmond/feed.xml"]
    assert "Schulden eerder signaleren." in (site / "gemeenten" / "helmond" / "feed.xml").read_text("utf-8")
    assert after["gemeenten/helmond/index.html"] == before["gemeenten/helmond/index.html"]


def opened_documents(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the documents the build reads from content/ (by file name)."""
    opened: list[str] = []

    def tracking_open(path, *arguments, **options):
        if str(path).endswith(".md"):
            opened.append(Path(path).name)
        return open(path, *arguments, **options)

    monkeypatch.setattr(load, "open", tracking_open, raising=False)
    return opened


def test_files_unchanged_since_the_last_build_are_not_read_again(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    tuning = dataclasses.replace(TUNING, stamp_seconds=0)  # the files below were written just now
    write_content(tmp_path, FILES)
    build(tmp_path, tuning)
    opened = opened_documents(monkeypatch)
    assert "5 files, 5 known unchanged" in build(tmp_path, tuning)
    assert opened == []
    # Same size, modification time set back: the change time still tells (no one can set it).
    path = tmp_path / "content/wijdemeren/mantelzorg-2021.md"
    status = path.stat()
    path.write_text(path.read_text("utf-8").replace("Advies over mantelzorg", "Advies over mantelzorX"), "utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert path.stat().st_size == status.st_size and path.stat().st_mtime_ns == status.st_mtime_ns
    build(tmp_path, tuning)
    assert opened == ["mantelzorg-2021.md"]
    assert "Advies over mantelzorX" in (tmp_path / "site/documenten/mantelzorg-2021/index.html").read_text("utf-8")


def test_files_changed_just_before_they_were_stamped_are_read_again(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # A file may change again within one tick of the clock that stamps it: a stamp is
    # trusted only when the file had been left alone for STAMP_SECONDS when it was recorded.
    tuning = dataclasses.replace(TUNING, stamp_seconds=3600)
    write_content(tmp_path, FILES)
    build(tmp_path, tuning)
    opened = opened_documents(monkeypatch)
    assert "5 files, 0 known unchanged" in build(tmp_path, tuning)
    assert sorted(opened) == sorted(Path(name).name for name in FILES)


def test_a_file_known_unchanged_whose_parse_is_gone_is_read_after_all(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    tuning = dataclasses.replace(TUNING, stamp_seconds=0)
    write_content(tmp_path, FILES)
    build(tmp_path, tuning)
    before = tree(tmp_path / "site")
    for pack in (tmp_path / ".cache").glob("parsed/*/packs/*"):
        pack.unlink()
    opened = opened_documents(monkeypatch)
    build(tmp_path, tuning)
    assert sorted(opened) == sorted(Path(name).name for name in FILES)
    after = tree(tmp_path / "site")
    assert {p: d for p, d in after.items() if not p.endswith(UNORDERED)} == \
        {p: d for p, d in before.items() if not p.endswith(UNORDERED)}


def test_letters_checked_on_their_own_are_checked_again_when_the_rules_change(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # A letter's own check is kept with its parse: it must still meet a changed topics.yaml and
    # a removed attachment, though the letter itself did not change.
    files = {**FILES, "wijdemeren/bijlage-2022.md": document(
        title="Advies met bijlage", date="2022-02-02", attachments="\n  - title: Bijlage\n    file: bijlage.pdf")}
    write_content(tmp_path, files)
    (tmp_path / "content/wijdemeren/bijlage.pdf").write_bytes(b"%PDF-1.4\n")
    build(tmp_path, IN_PROCESS)
    checked: list[str] = []
    original = parsing.check_letter
    monkeypatch.setattr(parsing, "check_letter", lambda parsed, *rest: checked.append(parsed.source.name)
                        or original(parsed, *rest))
    build(tmp_path, IN_PROCESS)
    assert checked == []

    topics = tmp_path / "content/topics.yaml"
    topics.write_text(TOPICS_YAML.replace("mantelzorg:\n  label: Mantelzorg\n", ""), "utf-8")
    code, stderr = run_cli(["build", "--content", "content", "--output", "site"], tmp_path, IN_PROCESS)
    assert code == 1
    assert "content/wijdemeren/mantelzorg-2021.md:7: error: unknown topic 'mantelzorg'" in stderr, stderr
    topics.write_text(TOPICS_YAML, "utf-8")
    (tmp_path / "content/wijdemeren/bijlage.pdf").unlink()
    code, stderr = run_cli(["build", "--content", "content", "--output", "site"], tmp_path, IN_PROCESS)
    assert code == 1
    assert "content/wijdemeren/bijlage-2022.md:11: error: attachment 'bijlage.pdf' does not exist" in stderr, stderr
    assert "mantelzorg" not in stderr

    # Checked again against the folder and topics.yaml as they are now, and kept.
    (tmp_path / "content/wijdemeren/bijlage.pdf").write_bytes(b"%PDF-1.4\n")
    checked.clear()
    build(tmp_path, IN_PROCESS)
    assert checked == ["wijdemeren/bijlage-2022.md"]
    checked.clear()
    build(tmp_path, IN_PROCESS)
    assert checked == []
    # The attachment becomes a folder: the letter is checked again.
    (tmp_path / "content/wijdemeren/bijlage.pdf").unlink()
    (tmp_path / "content/wijdemeren/bijlage.pdf").mkdir()
    code, stderr = run_cli(["build", "--content", "content", "--output", "site"], tmp_path, IN_PROCESS)
    assert "content/wijdemeren/bijlage-2022.md:11: error: attachment 'bijlage.pdf' is a folder" in stderr, stderr


def test_a_date_in_the_future_is_judged_by_each_build_s_today(tmp_path: Path) -> None:
    write_content(tmp_path, FILES)
    config = Config(content_dir=tmp_path / "content", output_dir=tmp_path / "site", cache_dir=tmp_path / ".cache",
                    jobs=1)
    future = "content/wijdemeren/mantelzorg-2021.md:4: warning: date 2021-06-01 is in the future"

    def warnings(now: date) -> list[str]:
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(tmp_path)
            result = pipeline.check(dataclasses.replace(config, now=now), store=True)
        return [p.format() for p in result.problems if "future" in p.message]

    assert warnings(date(2021, 6, 1)) == []
    assert warnings(date(2021, 5, 31)) == [future.split("; ")[0] + "; check the year"]
    assert warnings(date(2022, 1, 1)) == []


def test_a_build_that_fails_before_it_patches_the_spare_gives_the_spare_back(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # The spare is taken before the pages are worked out; until it is pruned nothing in it
    # changed, so a failure there leaves it (and its manifest) for the next build to patch.
    for number in range(2):
        write_content(tmp_path, changed(number))
        build(tmp_path)
    spare = spare_path(tmp_path / "site")
    before = tree(spare)
    inode = spare.stat().st_ino

    def fail(*args: object) -> None:
        raise RuntimeError("a bug while counting")

    monkeypatch.setattr(pipeline, "make_overview", fail)
    write_content(tmp_path, changed(2))
    with pytest.raises(RuntimeError), pytest.MonkeyPatch.context() as inside:
        inside.chdir(tmp_path)
        pipeline.build(Config(content_dir=Path("content"), output_dir=Path("site"), tuning=TUNING))
    monkeypatch.undo()
    assert spare.stat().st_ino == inode and tree(spare) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [".cache", ".site.spare"]
    stderr = build(tmp_path)
    assert "in the spare" in stderr and " 0 in the spare" not in stderr, stderr
    assert_same_site(tree(tmp_path / "site"), cold(tmp_path, changed(2), "cold"))


def test_listings_split_into_pages_rebuild_like_a_cold_build(tmp_path: Path) -> None:
    """A letter added or removed moves letters across a listing's pages, adds a page or drops one."""
    letters = {f"wijdemeren/a{n:02d}.md": document(title=f"Advies {n}", date=f"2019-{1 + n % 12:02d}-{1 + n % 28:02d}")
               for n in range(49)}
    write_content(tmp_path, letters)
    build(tmp_path)
    assert not (tmp_path / "site" / "gemeenten" / "wijdemeren" / "pagina").exists()
    grown = {**letters, "wijdemeren/oud.md": document(title="Oud advies", date="2010-01-01"),
             "wijdemeren/nieuw.md": document(title="Nieuw advies", date="2023-01-01")}
    assert_rebuild_equals_cold(tmp_path, grown)
    assert (tmp_path / "site" / "gemeenten" / "wijdemeren" / "pagina" / "2" / "index.html").exists()
    shutil.rmtree(tmp_path / "cold")
    assert_rebuild_equals_cold(tmp_path, {**letters, "wijdemeren/nieuw.md": grown["wijdemeren/nieuw.md"]})
    assert not (tmp_path / "site" / "gemeenten" / "wijdemeren" / "pagina").exists()


@pytest.mark.parametrize("how", ["in place", "replaced"])
def test_a_published_page_edited_by_hand_is_written_again(tmp_path: Path, how: str) -> None:
    """A page edited in site/ no longer is what its manifest key describes: the next builds
    write it again, whether the edit changed the file itself (shared with the spare as a hard
    link) or put a new file in its place (the spare still holds the original)."""
    root = tmp_path / "incremental"
    for number in range(3):  # from the third build on, the spare is patched
        write_content(root, changed(number))
        build(root)
    want = cold(tmp_path, changed(2), "cold")
    time.sleep(0.05)  # a person edits a clock tick or more after the build
    for name in ("documenten/schulden-2020/index.html", "data/documenten.csv", "documenten/oud-2018/oud-2018.md"):
        page = root / "site" / name
        if how == "in place":
            with page.open("r+b") as file:
                file.write(b"<!-- met de hand -->")
        else:
            (page.parent / "nieuw").write_bytes(b"met de hand" + page.read_bytes())
            os.replace(page.parent / "nieuw", page)
    for _ in range(2):  # the published site, then the spare it became
        build(root)
        assert_same_site(tree(root / "site"), want)


@pytest.mark.parametrize("letter_edited", [False, True], ids=["alone", "with its letter"])
def test_an_attachment_replaced_with_its_size_and_time_kept_is_published(tmp_path: Path, letter_edited: bool) -> None:
    """`cp -p`, unzip and `rsync -t` keep a file's modification time: a redacted copy of the
    same size must still replace the published attachment (its change time tells)."""
    files = {**FILES, "wijdemeren/mantelzorg-2021.md": FILES["wijdemeren/mantelzorg-2021.md"].replace(
        "topics: [mantelzorg]", "topics: [mantelzorg]\nattachments: [{title: Brief, file: brief.pdf}]")}
    write_content(tmp_path, files)
    attachment = tmp_path / "content/wijdemeren/brief.pdf"
    attachment.write_bytes(b"%PDF-1.4 Naam: J. Jansen\n")
    build(tmp_path)
    published = tmp_path / "site/documenten/mantelzorg-2021/brief.pdf"
    assert published.read_bytes() == b"%PDF-1.4 Naam: J. Jansen\n"
    before = attachment.stat()
    redacted = tmp_path / "redacted.pdf"
    redacted.write_bytes(b"%PDF-1.4 Naam: X. XXXXXX\n")
    os.utime(redacted, ns=(before.st_atime_ns, before.st_mtime_ns))
    shutil.copy2(redacted, attachment)  # as cp -p does: same size, same modification time
    assert (attachment.stat().st_size, attachment.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    if letter_edited:
        files["wijdemeren/mantelzorg-2021.md"] = files["wijdemeren/mantelzorg-2021.md"].replace(
            "Advies over mantelzorg", "Advies over mantelzorg (geschoond)")
        for name, text in files.items():
            (tmp_path / "content" / name).write_text(text, "utf-8")
    build(tmp_path)
    assert published.read_bytes() == b"%PDF-1.4 Naam: X. XXXXXX\n"


def test_a_build_from_scratch_leaves_a_spare_so_the_first_rebuild_patches_it(tmp_path: Path) -> None:
    """Without a spare the first rebuild would link every unchanged file into an empty folder;
    a build from scratch leaves a copy of its site as hard links instead, which the first
    rebuild patches like every later one, while the published files stay as they were."""
    write_content(tmp_path, changed(0))
    build(tmp_path)
    site, spare = tmp_path / "site", spare_path(tmp_path / "site")
    published = tree(site)
    held = tree(spare)
    assert held == {path: data for path, data in published.items() if path != ".adviesarchief-site.txt"}
    page = "documenten/advies-armoede/index.html"
    assert os.path.samefile(site / page, spare / page)
    write_content(tmp_path, changed(1))
    stderr = build(tmp_path)
    assert "in the spare" in stderr and " 0 in the spare" not in stderr, stderr
    assert "old site kept as spare" in stderr
    assert tree(spare) == published  # the site the rebuild replaced, untouched by the patching
    assert_same_site(tree(site), cold(tmp_path, changed(1), "cold"))


def test_a_spare_that_cannot_be_linked_is_left_out_and_the_build_succeeds(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(*args: object, **options: object) -> None:
        raise OSError(errno.EMLINK, "Too many links")

    write_content(tmp_path, changed(0))
    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.chdir(tmp_path)
    pipeline.build(Config(content_dir=Path("content"), output_dir=Path("site"), tuning=TUNING))
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [".cache"]
    write_content(tmp_path, changed(1))
    assert " 0 in the spare" in build(tmp_path)
    assert_same_site(tree(tmp_path / "site"), cold(tmp_path, changed(1), "cold"))


@pytest.mark.parametrize("edit", ["text", "title", "summary"])
def test_the_search_words_follow_the_front_matter_and_not_an_older_build(tmp_path: Path, edit: str) -> None:
    """The lexicon and word list come from front matter alone and are kept between builds:
    an edit of a text keeps them, a title or summary that makes a word frequent renews them."""
    write_content(tmp_path, FILES)
    build(tmp_path)
    letter, other = FILES["helmond/schulden-2020.md"], FILES["wijdemeren/mantelzorg-2021.md"]
    if edit == "text":
        files = {**FILES, "helmond/schulden-2020.md": letter.replace(
            "Schulden voorkomen.", "Schulden voorkomen met budgetcoaches, zegt de budgetcoach.")}
    else:
        changed_letter = letter.replace("Advies over schulden", "Advies over budgetcoaches") if edit == "title" \
            else letter.replace("Een korte samenvatting.", "Budgetcoaches helpen.")
        files = {**FILES, "helmond/schulden-2020.md": changed_letter,
                 "wijdemeren/mantelzorg-2021.md": other.replace("Advies over mantelzorg", "Mantelzorg en budgetcoaches")}
    assert_rebuild_equals_cold(tmp_path, files)
    known = (tmp_path / "site" / "zoeken" / "woorden.json").read_text("utf-8")
    assert ("budgetcoaches" in known) == (edit != "text")


def test_the_woo_sitemaps_follow_the_letters_and_not_an_older_build(tmp_path: Path) -> None:
    """The Woo-index's sitemaps are planned from front matter and kept between builds: a new
    letter, a new title and a new address of the site each give the sitemaps a cold build gives."""
    site = "title: Archief\nbase_url: https://archief.example.org/\n"
    files = {**FILES, "site.yaml": site, "helmond/met-brief-2022.md": document(
        title="Advies met brief", date="2022-02-02", municipality="Helmond",
        attachments="[{title: Brief, file: brief.pdf}]"), "helmond/brief.pdf": "%PDF-1.4\n"}
    write_content(tmp_path, files)
    build(tmp_path)
    text_edit = {**files, "helmond/schulden-2020.md": FILES["helmond/schulden-2020.md"].replace(
        "Schulden voorkomen.", "Schulden voorkomen, met hulp.")}
    steps = [
        text_edit,  # the text only: the plan and the other entries are kept
        files,  # the text as it was: its entry as it was
        # Another PDF of another size: its entry's lastmod changes, although no letter did.
        {**text_edit, "helmond/brief.pdf": "%PDF-1.4\n% een andere brief\n"},
        {**files, "helmond/schulden-2020.md": FILES["helmond/schulden-2020.md"].replace(
            "Advies over schulden", "Advies over schulden en armoede")},
        {**files, "helmond/nieuw-2021.md": document(title="Advies over jeugdhulp", date="2021-03-03",
                                                    municipality="Helmond")},
        # As many letters as before, one of them another: the plan's ids change, its count does not.
        {**{k: v for k, v in files.items() if k != "wijdemeren/mantelzorg-2021.md"},
         "helmond/nieuw-2021.md": document(title="Advies over jeugdhulp", date="2021-03-03", municipality="Helmond")},
        {**files, "site.yaml": site.replace("archief.example.org", "adviezen.example.org")},
    ]
    for number, step_files in enumerate(steps):
        assert_rebuild_equals_cold(tmp_path, step_files)
        sitemaps = sorted(p.name for p in (tmp_path / "site").glob("sitemap-diwoo-*.xml"))
        assert sitemaps, number


def test_statuses_kept_between_builds_follow_the_reference_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A letter's status counts its wait up to the reference date: the same content built for
    another day must give that day's statuses, not those kept from the last build."""
    files = {name: text for name, text in FILES.items() if name != "wijdemeren/reactie-armoede.md"}  # one waits
    write_content(tmp_path, files)
    pages = []
    for epoch in ("1609459200", "1640995200"):  # 2021-01-01, 2022-01-01
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        assert_rebuild_equals_cold(tmp_path, files)
        pages.append((tmp_path / "site" / "documenten" / "advies-armoede" / "index.html").read_text("utf-8"))
    assert pages[0] != pages[1]  # the wait, worded


@pytest.mark.parametrize("renamed", ["wijdemeren/reactie-armoede.md", "helmond/schulden-2020.md"])
def test_a_letter_renamed_with_its_front_matter_unchanged_builds_like_a_cold_build(tmp_path: Path,
                                                                                   renamed: str) -> None:
    """A letter's id is its file's name: what is kept by front matter (statuses, the Woo-index's
    plan, the finder) must follow a rename, although no front matter changed."""
    site = "title: Archief\nbase_url: https://archief.example.org/\n"
    files = {**FILES, "site.yaml": site}
    write_content(tmp_path, files)
    build(tmp_path)
    moved = {(name.replace(".md", "-nieuw.md") if name == renamed else name): text for name, text in files.items()}
    assert_rebuild_equals_cold(tmp_path, moved)


def text_edited(number: int) -> dict[str, str]:
    """FILES with one letter's text changed, its front matter not (a different version per number)."""
    return {**FILES, "helmond/schulden-2020.md": FILES["helmond/schulden-2020.md"].replace(
        "Schulden voorkomen.", f"Schulden voorkomen, versie {number}.")}


def test_after_an_edit_of_a_text_only_the_routes_that_show_texts_are_listed(tmp_path: Path) -> None:
    """Listings, figures and data files are keyed by front matter alone: after an edit of a
    letter's text their keys are those of the last build, and they are not listed; an edit of
    front matter lists everything again. Each build equals a cold one."""
    write_content(tmp_path, text_edited(0))
    build(tmp_path)
    logs = []
    for number, files in enumerate([text_edited(1), text_edited(2), changed(3), text_edited(4)]):
        write_content(tmp_path, files)
        logs.append(next(line for line in build(tmp_path).splitlines() if line.startswith("plan")))
        assert_same_site(tree(tmp_path / "site"), cold(tmp_path, files, f"cold-{number}"))
    # The first build after the cold one lists all and remembers; a front-matter edit lists all again.
    assert ["not listed" in line for line in logs] == [True, True, False, False]


def test_after_an_edit_of_a_text_only_the_pages_that_show_it_are_listed(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """With all front matter as it was, a letter's page is listed only when it shows a letter
    whose file changed: the advice's own page and its reply's (which shows it), no other; and
    of the letters' Markdown copies only the advice's."""
    from adviesarchief.incremental import store

    listed: list[object] = []
    plan_routes = store.plan_routes

    def spy(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        listed.append(kwargs.get("letter_pages"))
        return plan_routes(*args, **kwargs)

    monkeypatch.setattr(store, "plan_routes", spy)
    advice = FILES["wijdemeren/advies-armoede.md"]
    versions = [{**FILES, "wijdemeren/advies-armoede.md": advice.replace("Duidelijke brieven.", f"Brieven {n}.")}
                for n in range(4)]
    write_content(tmp_path, versions[0])
    build(tmp_path)  # the cold build lists every page, and remembers what each shows
    assert listed == [None]
    for number in (1, 2, 3):
        write_content(tmp_path, versions[number])
        build(tmp_path)
        assert listed[-1] == {"documenten/advies-armoede/index.html", "documenten/reactie-armoede/index.html",
                              "documenten/advies-armoede/advies-armoede.md"}
        assert_same_site(tree(tmp_path / "site"), cold(tmp_path, versions[number], f"cold-{number}"))
    write_content(tmp_path, changed(4))  # front matter too: every page is listed
    build(tmp_path)
    assert listed[-1] is None


@pytest.mark.parametrize("removed", ["gemeenten/helmond/index.html", "data/documenten.csv", "sitemap.xml",
                                     "documenten/oud-2018/index.html", "documenten/oud-2018/oud-2018.md"])
def test_a_file_of_a_route_not_listed_removed_by_hand_is_written_again(tmp_path: Path, removed: str) -> None:
    files = {**FILES, "site.yaml": "title: Archief\nbase_url: https://archief.example.org/\n"}
    versions = [{**files, **{k: v for k, v in text_edited(number).items() if k != "site.yaml"}} for number in range(4)]
    for number in range(2):  # the second build remembers the routes' keys
        write_content(tmp_path, versions[number])
        build(tmp_path)
    (tmp_path / "site" / removed).unlink()
    for number in (2, 3):  # from the published site, then from the spare it became
        write_content(tmp_path, versions[number])
        build(tmp_path)
        assert_same_site(tree(tmp_path / "site"), cold(tmp_path, versions[number], f"cold-{number}"))


def test_the_search_shards_kept_between_builds_follow_the_tuning(tmp_path: Path) -> None:
    """The shards are kept by front matter and the tuning: the same letters with other shard knobs are sharded anew."""
    write_content(tmp_path, FILES)
    build(tmp_path, TUNING)  # a shard per year
    assert_rebuild_equals_cold(tmp_path, FILES, dataclasses.replace(TUNING, single_index_max=10_000))  # one index
    assert not [p.name for p in (tmp_path / "site" / "pagefind").iterdir() if p.name[:1].isdigit()]  # no year shards
