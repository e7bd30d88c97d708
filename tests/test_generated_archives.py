"""Property: over thousands of generated archives (front matter, bodies and files, good and bad),
`check` and `build` never raise anything but problems, they agree on whether the content has
errors, and a failed build leaves the published site byte for byte as it was.

Each archive is tiny and built in-process, with one job and a cache of its own. The number of
archives is ARCHIVES (700 by default, as CI runs it: 45 to 80 s on two cores, which keeps the
whole suite within CI's time; set HYPOTHESIS_ARCHIVES=5000 or more for a deeper run before a
release). derandomize: every run tries the same archives.
"""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adviesarchief.config import Config
from adviesarchief.errors import ArchiveError, errors_only
from adviesarchief.pipeline import build, check
from conftest import TOPICS_YAML, document

ARCHIVES = int(os.environ.get("HYPOTHESIS_ARCHIVES", "700"))

# What people paste into letters: invisible marks, escapes, look-alike digits, markup.
ODD = ["\x1b[31m", "\x13", "\x15", "\x00", "\x7f", "\u00a0", "\u202f", "\u2028", "\u00ad", "\ufeff", "\ufffe",
       "&nbsp;", "&#0;", "&#xD800;", "%0A", "%20", "\t", "\r", "\\", '"', "'", "#", ":", "- ", "{", "[", "&a", "*a",
       "!!python/object:os.system", "<script>x</script>", "<div>", "**", "_", "`", "|", "---", "...",
       "123456782", "123\u00a0456\u00a0782", "NL91 ABNA 0417 1643 00", "+31 (0)30 123 4567", "1" * 5001, "é", "💡"]
WORDS = ["Advies", "armoede", "over", "de", "gemeente", "reactie", "2020", "punt", "1", "Wijdemeren", " ", "\n"]
text = st.lists(st.sampled_from(ODD + WORDS) | st.text(max_size=6), max_size=8).map("".join)


def scalar(good: list[str]) -> st.SearchStrategy[str]:
    """A front-matter value: mostly good, else quoted odd text, an escape, a folded block, a number or a list."""
    usual = st.sampled_from(good)
    return st.one_of(
        usual, usual, usual, usual, usual, usual,  # most fields are written right: the build gets its turn too
        text.map(lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'),
        st.sampled_from(['"\\e[31m"', '"\\ud800"', '"\\x13"', '"\\uffff"', ">\n  gevouwen\n", "|\n  blok\n",
                         "1" * 40, "9007199254740993", "-1", "null", "[]", "{}", "~", "yes", "2020-13-45"]),
        text,
    )


FIELDS = {
    "type": scalar(["advies", "reactie", "vragen", "antwoord", "notitie"]),
    "title": scalar(["Advies over armoede", "Reactie op het advies"]),
    "date": scalar(["2020-01-15", "2020-02-01", "2019-12-31"]),
    "municipality": scalar(["Wijdemeren", "Montfoort"]),
    "from": scalar(["Adviesraad Sociaal Domein Wijdemeren"]),
    "topics": scalar(["[armoede]", "[mantelzorg, armoede]"]),
    "summary": scalar(["Een korte samenvatting."]),
    "id": scalar(["advies", "reactie"]),
    "in_reply_to": scalar(["advies", "[advies]"]),
    "responses": scalar(["[{point: 1, outcome: deels}]", "[{point: 9007199254740993, outcome: overgenomen}]"]),
    "attachments": scalar(["[{title: Brief, file: brief.pdf}]", "[{title: Brief, file: ../brief.pdf}]"]),
}


@st.composite
def letters(draw: st.DrawFn) -> str:
    """One document file: the usual fields, some changed or left out, a body, sometimes broken as a file."""
    chosen = draw(st.dictionaries(st.sampled_from(sorted(FIELDS)), st.just(None), max_size=4))
    fields: dict[str, object] = {key: draw(FIELDS[key]) for key in chosen}
    for key in draw(st.lists(st.sampled_from(["summary", "topics", "title", "date"]), max_size=1)):
        fields[key] = None  # left out
    fields["body"] = draw(st.lists(st.sampled_from([
        "De adviesraad geeft dit advies.\n", "# Kop\n", "| Post | Bedrag (€) |\n|---|---|\n| A | 123456782 |\n",
        "[link](https://example.org/?bsn=123456782)\n", "*" * 30 + "nadruk\n", "<div>" * 40 + "\n",
        "1. punt\n2. punt\n", "```\ncode\n```\n", "![plaatje](plaatje.png)\n", "Gewone tekst.\n",
        "Nog een alinea.\n", "- een\n- twee\n"]) | text, max_size=4).map("".join))
    written = document(**fields)
    mutation = draw(st.sampled_from(["none"] * 12 + ["crlf", "bom", "truncate", "no fence", "latin-1"]))
    if mutation == "crlf":
        written = written.replace("\n", "\r\n")
    elif mutation == "bom":
        written = "\ufeff" + written
    elif mutation == "truncate":
        written = written[:draw(st.integers(0, len(written)))]
    elif mutation == "no fence":
        written = written.replace("---\n", "", 1)
    return written + ("\udcff" if mutation == "latin-1" else "")


archives = st.fixed_dictionaries({
    "a/advies.md": letters(),
    "a/reactie.md": letters(),
}, optional={"a/brief.pdf": st.just("%PDF-1.4\n"), "b/extra.md": letters()})


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def has_errors(action) -> bool:
    """Run check or build; True when it stopped on content errors. Anything else raised fails the test."""
    try:
        result = action()
    except ArchiveError:
        return True
    except ExceptionGroup as group:
        matched, rest = group.split(ArchiveError)
        if rest is not None:
            raise
        return True
    return bool(errors_only(getattr(result, "problems", [])))


def test_check_and_build_agree_and_the_old_site_survives_every_failure(tmp_path_factory) -> None:
    root = tmp_path_factory.mktemp("generated")
    content, site = root / "content", root / "site"
    # A cache of its own: compiled templates make a build three times faster, and each build is then an
    # incremental one over the last published site.
    config = Config(content_dir=content, output_dir=site, cache_dir=root / ".cache", jobs=1,
                    today=date(2021, 1, 1), now=date(2021, 1, 1))

    def write(files: dict[str, str]) -> None:
        shutil.rmtree(content, ignore_errors=True)
        content.mkdir()
        (content / "topics.yaml").write_text(TOPICS_YAML, "utf-8")
        for name, data in files.items():
            path = content / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data.encode("utf-8", "surrogateescape"))

    write({"a/advies.md": document()})
    build(config)
    published = {"site": snapshot(site)}
    outcomes = {"published": 0, "refused": 0}

    @settings(max_examples=ARCHIVES, deadline=None, derandomize=True, database=None, print_blob=True,
              suppress_health_check=list(HealthCheck))
    @given(archives)
    def property_holds(files: dict[str, str]) -> None:
        if sum(outcomes.values()) % 100 == 99:
            # Each build unfreezes what it froze (incremental.heap_kept) into the oldest generation, which
            # the collector seldom walks: thousands of builds in one process must ask for it.
            gc.collect()
        write(files)
        check_failed = has_errors(lambda: check(config))
        build_failed = has_errors(lambda: build(config))
        assert check_failed == build_failed, "check and build disagree"
        if build_failed:
            assert snapshot(site) == published["site"], "a failed build changed the published site"
            outcomes["refused"] += 1
        else:
            published["site"] = snapshot(site)
            outcomes["published"] += 1

    property_holds()
    # The generator must reach both sides, or the agreement says little.
    assert outcomes["published"] >= ARCHIVES // 40 and outcomes["refused"] >= ARCHIVES // 40, outcomes
