"""Parsing and rendering on a process pool give what the same work in-process gives."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from adviesarchief.incremental import cache
from adviesarchief.load import content as load
from adviesarchief import pipeline
from adviesarchief.validate import registry
from adviesarchief import validate
from adviesarchief.incremental import rendering, workers
from adviesarchief.config import Config, Tuning
from adviesarchief.render.outputs import LETTERS as LETTER_PHASE, Inputs, Output
from adviesarchief.validate.registry import Registry
from conftest import TOPICS_YAML, document
from test_cache import UNORDERED

LETTERS = {
    "wijdemeren/advies-armoede.md": document(title="Advies over armoede", date="2019-03-01",
                                             body="## 1. Bereik\n\nMeer inwoners bereiken.\n"),
    "wijdemeren/reactie-armoede.md": document(
        type="reactie", title="Reactie op het advies", date="2019-05-01", **{"from": "College van Wijdemeren"},
        in_reply_to="advies-armoede", responses="[{point: 1, outcome: toegezegd}]"),
    "wijdemeren/bijlage-2022.md": document(title="Advies met bijlage", date="2022-02-02",
                                           attachments="\n  - title: Bijlage\n    file: bijlage.pdf"),
    "helmond/schulden-2020.md": document(title="Advies over schulden", date="2020-02-02", municipality="Helmond",
                                         topics="[schuldhulpverlening]"),
    "helmond/oud-2018.md": document(title="Oude notitie", type="notitie", date="2018-09-09", municipality="Helmond"),
}
# Letters that parse but fail their own check, and one that does not parse at all.
FAULTY = {
    "helmond/onbekend-onderwerp.md": document(title="Advies over sport", date="2021-01-01", topics="[sport]"),
    "helmond/geen-gemeente.md": document(title="Advies zonder gemeente", date="2021-02-02", municipality="Nergensdorp"),
    "helmond/kapot.md": "Geen voorwerk, alleen tekst.\n",
}


def write_content(root: Path, files: dict[str, str]) -> Path:
    """Write root/content with topics.yaml, these files and the attachment bijlage.pdf; return it."""
    content = root / "content"
    for name, text in {"topics.yaml": TOPICS_YAML, **files}.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, "utf-8")
    (content / "wijdemeren" / "bijlage.pdf").write_bytes(b"%PDF-1.4\n")
    return content


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Work in tmp_path, so that messages name 'content/...' as a build in the archive's folder does."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def municipalities() -> Registry:
    """The shipped registry, built once: every parse checks letters against it."""
    return registry.build_registry(load.read_registry())


def parse(content: Path, municipalities: Registry, cache_dir: Path, jobs: int,
          tuning: Tuning = Tuning()) -> workers.ParseResult:
    """Read content/ and parse it as a build does, with the parse cache in cache_dir."""
    tree = load.read_content(Config(content_dir=content))
    rules, problems = validate.read_rules(tree, municipalities)
    assert problems == []
    config = Config(content_dir=content, cache_dir=cache_dir, jobs=jobs, tuning=tuning)
    return workers.parse_cached(tree, rules, cache.ParseCache.open(config, writable=True), config)


def outcome(result: workers.ParseResult) -> dict[str, object]:
    """What a parse result says, with problems as their lines (errors compare by identity)."""
    return {
        "parsed": [(p.source.path, p.fields, p.lines, p.body_html, p.headings, p.has_text) for p in result.parsed],
        "checked": {path: (c.document, [p.format() for p in c.problems], c.personal_data, c.attachment_paths)
                    for path, c in result.checked.items()},
        "front_matter": result.front_matter,
        "problems": [p.format() for p in result.problems],
        "hashes": result.hashes,
    }


def test_letters_parsed_on_a_pool_equal_letters_parsed_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   municipalities: Registry) -> None:
    content = write_content(tmp_path, {**LETTERS, **FAULTY})
    here = parse(content, municipalities, tmp_path / "cache-here", jobs=1)
    # Small chunks: several workers' packs, finishing in any order, must come back in the files' order.
    pooled = parse(content, municipalities, tmp_path / "cache-pool", jobs=2, tuning=Tuning(pool_min=1, parse_chunk=2))
    assert outcome(pooled) == outcome(here)
    assert [p.source for p in pooled.parsed] == [p.source for p in here.parsed]
    # Not vacuous: every kind of letter is in there.
    assert len(here.parsed) == len(LETTERS) + 2
    assert [p.path for p in here.problems] == ["content/helmond/kapot.md"]
    assert {path for path, c in here.checked.items() if c.problems} == {
        "content/helmond/onbekend-onderwerp.md", "content/helmond/geen-gemeente.md"}


def spy_on_parsing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the name of every file parse_document is called on (in this process: no pool)."""
    parsed: list[str] = []
    original = workers.parse_document
    monkeypatch.setattr(workers, "parse_document", lambda source: parsed.append(source.name) or original(source))
    return parsed


def test_a_second_parse_takes_every_letter_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          municipalities: Registry) -> None:
    # Letters that fail their own check are kept too: the check is stored with the parse.
    content = write_content(tmp_path, {**LETTERS, **{k: v for k, v in FAULTY.items() if "kapot" not in k}})
    first = parse(content, municipalities, tmp_path / ".cache", jobs=1)
    parsed = spy_on_parsing(monkeypatch)
    second = parse(content, municipalities, tmp_path / ".cache", jobs=1)
    assert parsed == []
    assert outcome(second) == outcome(first)
    assert len(second.parsed) == len(LETTERS) + 2


def test_a_file_that_cannot_be_parsed_is_a_problem_each_time_not_a_cached_success(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, municipalities: Registry) -> None:
    content = write_content(tmp_path, {**LETTERS, "helmond/kapot.md": FAULTY["helmond/kapot.md"]})
    parsed = spy_on_parsing(monkeypatch)
    first = parse(content, municipalities, tmp_path / ".cache", jobs=1)
    assert sorted(parsed) == sorted([*LETTERS, "helmond/kapot.md"])
    parsed.clear()
    second = parse(content, municipalities, tmp_path / ".cache", jobs=1)
    assert parsed == ["helmond/kapot.md"]
    problem = "content/helmond/kapot.md:1: error: no front matter; start the file with a line '---', " \
              "then the fields (type, title, date, ...), then '---'"
    assert [p.format() for p in first.problems] == [p.format() for p in second.problems] == [problem]
    assert "content/helmond/kapot.md" not in second.checked
    assert "content/helmond/kapot.md" in second.hashes  # it is a document file all the same

    # Once fixed, it is parsed and kept like any other letter.
    (content / "helmond" / "kapot.md").write_text(document(title="Hersteld", municipality="Helmond"), "utf-8")
    fixed = parse(content, municipalities, tmp_path / ".cache", jobs=1)
    assert fixed.problems == [] and "content/helmond/kapot.md" in fixed.checked


def build_site(root: Path, jobs: int, monkeypatch: pytest.MonkeyPatch, tuning: Tuning = Tuning()) -> dict[str, bytes]:
    """Build LETTERS under root with this many jobs; return every file of the site."""
    write_content(root, LETTERS)
    monkeypatch.chdir(root)
    pipeline.build(Config(content_dir=Path("content"), output_dir=Path("site"), cache_dir=Path(".cache"), jobs=jobs,
                          tuning=tuning))
    return load.read_site(root / "site")


def test_a_site_rendered_on_a_pool_is_the_site_rendered_in_process(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    pools: list[int] = []
    original = workers.fork_pool
    for module in (workers, rendering):
        monkeypatch.setattr(module, "fork_pool", lambda jobs: pools.append(jobs) or original(jobs))
    here = build_site(tmp_path / "here", 1, monkeypatch)
    assert pools == []
    pooled = build_site(tmp_path / "pool", 2, monkeypatch, Tuning(pool_min=1))
    assert pools == [2, 2]  # one pool parsed, one rendered
    ordered = {path: data for path, data in here.items() if not path.endswith(UNORDERED)}
    assert {path: data for path, data in pooled.items() if not path.endswith(UNORDERED)} == ordered
    assert len(pooled) == len(here)
    # The files copied beside a letter's page, which the workers write too.
    assert here["documenten/bijlage-2022/bijlage.pdf"] == b"%PDF-1.4\n"
    assert "documenten/oud-2018/oud-2018.md" in here


@pytest.mark.parametrize("parts", [1, 2, 3, 16, 64])
def test_the_letters_go_to_the_parts_in_runs_with_their_files(parts: int) -> None:
    names = [f"brief-{n:02}" for n in range(40)]
    plan = [Output("index.html", bytes, Inputs()),
            *(Output(f"documenten/{name}/{file}", bytes, Inputs(), phase=LETTER_PHASE)
              for name in names for file in ("index.html", f"{name}.md", "bijlage.pdf"))]
    runs = rendering.letter_parts(plan, {"documenten/brief-03/bijlage.pdf"}, parts)
    in_order = [output.path for run in runs for output in run]
    assert in_order == [o.path for o in plan[1:] if o.path != "documenten/brief-03/bijlage.pdf"]  # each once, in order
    assert len(runs) == min(parts, len(names))
    for run in runs:  # whole letters, about as many in each part
        assert run[0].path.endswith("/index.html") and run[-1].path.endswith(("bijlage.pdf", ".md"))
        assert len(run) <= 3 * -(-len(names) // parts) + 3


def test_the_work_of_the_letters_pages_decides_whether_rendering_uses_the_pool(tmp_path: Path) -> None:
    # A page that shows letters' texts counts for more than one page; the outputs of other
    # phases (listings, the CSV and JSON of every letter) are rendered in-process in any case.
    plan = [Output("data/documenten.csv", bytes, Inputs(whole=True)),
            *(Output(f"documenten/d{n}/index.html", bytes, Inputs(), phase=LETTER_PHASE) for n in range(20))]
    assert [rendering.work_of(o, 600) for o in plan[:2]] == [31, 1]
    try:
        with rendering.Renderer(tmp_path, plan, frozenset(), 2, 1_800, pool_min=20) as enough:
            assert enough.pool is not None  # 20 letters' pages
            assert len(rendering._RENDER_STATE["parts"]) == 16  # eight parts a worker
        with rendering.Renderer(tmp_path, plan, frozenset(), 2, 1_800, pool_min=20, part_letters=100) as small_parts:
            assert small_parts.pool is not None
            assert len(rendering._RENDER_STATE["parts"]) == 18  # parts of at most 100 of the 1,800 letters
        with rendering.Renderer(tmp_path, plan, frozenset(), 2, 1_800, pool_min=21) as few:
            assert few.pool is None  # the CSV's work does not count
        with rendering.Renderer(tmp_path, plan, frozenset({"documenten/d0/index.html"}), 2, 1_800,
                                pool_min=20) as kept:
            assert kept.pool is None  # one of them is taken over, not rendered
    finally:
        gc.unfreeze()  # as the build does when it ends


def test_letters_taken_from_the_cache_keep_no_bytes(tmp_path: Path, municipalities: Registry) -> None:
    """After a fresh checkout every file is read to be hashed; a letter the cache holds lets its bytes go at once."""
    content = write_content(tmp_path, {**LETTERS, **FAULTY})
    first = parse(content, municipalities, tmp_path / "cache", jobs=1)
    again = parse(content, municipalities, tmp_path / "cache", jobs=1)  # every file read again, as in CI
    kept = {p.source.path for p in first.parsed}
    assert {s.path for s in again.tree.documents if s.data is None} == kept
    assert all(s.digest == again.hashes[s.path] for s in again.tree.documents if s.path in kept)
    assert outcome(again) == outcome(first)
