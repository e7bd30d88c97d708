"""Benchmark the build against the peer (Hugo + the Pagefind CLI) on generated archives.

Usage: python benchmarks/bench.py [--100k] [--sizes 1000,10000] [--seed S] [--no-peer]

For each size it generates the archive (benchmarks/corpus-<n>/, kept between runs), then, side
by side: a cold build of ours (no cache, no previous site), a first rebuild after one letter
changed and three later ones (the usual case; the median counts), a CI-style rebuild (a fresh checkout of the content,
the cache and site restored, one letter changed), and the peer: `hugo` with a minimal layout of the
same pages and the taxonomies gemeente and onderwerp, followed by one Pagefind run over its
output. The cold builds of both take turns (ours, the peer's, ours, the peer's). It measures what a typical search transfers, and writes benchmarks/RESULTS.md. Timings are reported, never asserted.

Memory: every 100 ms the bench sums the memory of the measured process and all its descendants
(worker processes, Pagefind) as PSS, resident memory with shared pages split between the
processes that share them; "peak RSS" is the largest such sum.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import serve_directory  # noqa: E402  (the loopback server the search tests use)
from generate import generate  # noqa: E402
from search_budget import budget_lines, finder_bytes, finder_report, median  # noqa: E402

from pagefind_bin import get_executable  # noqa: E402

WORK = HERE / "work"
# Raw results per size, kept in git so that a run of some sizes keeps the others' rows.
MEASUREMENTS = HERE / "measurements"
PEER_LAYOUT = HERE / "peer"
RESULTS = HERE / "RESULTS.md"
QUERIES = ["armoede", "mantelzorg", "eigen bijdrage", "schuldhulpverlening", "wijkteam"]
# Our build's log lines, grouped into the stages the report shows.
STAGES = {
    "load": ("load", "rules", "templates"),
    "parse": ("parse",),
    "validate": ("validate", "link", "figures", "cache", "plan"),
    "render+write": ("letters", "render+write"),
    "search index": ("words", "early", "index", "indexed"),
    "publish": ("publish",),
}
# How often the memory of a measured process tree is sampled (each sample costs CPU itself).
SAMPLE_SECONDS = 0.1
TARGET_RSS_10K = 1024 ** 3
TARGET_RSS_100K = 3 * 1024 ** 3
TARGET_RATIO_10K = 0.75  # of the peer's cold build, search included
TARGET_REBUILD_10K = 2.0
TARGET_COLD_100K, TARGET_REBUILD_100K, TARGET_CI_100K = 300.0, 5.0, 60.0


@dataclass
class Run:
    """One measured command: wall time, peak RSS of its process tree, and per-step figures."""

    seconds: float = 0.0
    peak_rss: int = 0
    cpu: float = 0.0  # CPU seconds (user and system) of the command and every child it waited for
    steps: list[tuple[str, float, int]] = field(default_factory=list)  # name, seconds, peak RSS
    output: str = ""


def tree_memory(pid: int) -> int:
    """Memory of a process and all its descendants, in bytes: the sum of their PSS.

    PSS (proportional set size) splits each shared page between the processes sharing it, so
    forked workers are not counted twice, as a sum of RSS would; for one process it is its RSS
    minus what it shares.
    """
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack.extend(int(c) for c in children.read().split())
        except (OSError, ValueError):
            continue
    return total


def measure(command: list[str], cwd: Path, step_pattern: str | None = None) -> Run:
    """Run a command; sample its tree's memory; split time and memory by the log lines it prints.

    step_pattern matches a log line that ends a step and captures the step's name.
    """
    run = Run()
    samples: list[tuple[float, int]] = []
    lines: list[tuple[float, str]] = []
    # What the command before wrote is flushed first: this command should not pay for its writing.
    os.sync()
    time.sleep(1)
    started = time.perf_counter()
    used_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, bufsize=1, env={**os.environ, "CI": "1"})
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            samples.append((time.perf_counter(), tree_memory(process.pid)))
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert process.stdout is not None
    with process.stdout:
        for line in process.stdout:
            lines.append((time.perf_counter(), line.rstrip("\n")))
    code = process.wait()
    done.set()
    sampler.join()
    run.seconds = time.perf_counter() - started
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    run.cpu = (used.ru_utime - used_before.ru_utime) + (used.ru_stime - used_before.ru_stime)
    run.peak_rss = max((rss for _, rss in samples), default=0)
    run.output = "\n".join(text for _, text in lines)
    if code != 0:
        raise SystemExit(f"{' '.join(command)} failed ({code}):\n{run.output[-3000:]}")
    if step_pattern:
        previous = started
        for moment, text in lines:
            found = re.match(step_pattern, text)
            if found:
                peak = max((rss for t, rss in samples if previous - SAMPLE_SECONDS <= t <= moment), default=0)
                run.steps.append((found.group(1), moment - previous, peak))
                previous = moment
    return run


def cold_runs(n: int) -> int:
    """How often a cold build (ours and the peer's) is measured; the faster run counts.

    The machine is shared: one run can lose seconds to a neighbour. 100,000 letters take
    minutes a run and are built once.
    """
    return 2 if n <= 10_000 else 1


def set_aside(work: Path) -> None:
    """Move an earlier run's output out of the way; remove_set_aside() deletes it after all measurements.

    Deleting half a gigabyte of small files makes creating files on this disk (ext4, with
    discard) slow for a minute after: a cold build right after such a delete took 40 s
    instead of 32 s. Whatever is measured starts with a new, empty folder instead.
    """
    if work.exists():
        os.rename(work, WORK / f".old-{work.name}-{time.time_ns()}")


def remove_set_aside() -> None:
    """Delete what set_aside() moved away."""
    for path in WORK.glob(".old-*"):
        shutil.rmtree(path, ignore_errors=True)


def ours(corpus: Path, work: Path, *, cold: bool) -> Run:
    """Build the corpus with our build (cold: without cache and previous site)."""
    if cold:
        set_aside(work)
    work.mkdir(parents=True, exist_ok=True)
    return measure([sys.executable, str(ROOT / "build.py"), "build", "--content", str(corpus), "--output", "site"],
                   work, step_pattern=r"^(\S+)\s+.*\(\d+\.\d+ s\)$")


def stage_table(run: Run) -> list[tuple[str, float, int]]:
    """Our steps grouped into the report's stages."""
    rows = []
    for stage, names in STAGES.items():
        steps = [s for s in run.steps if s[0] in names]
        rows.append((stage, sum(s[1] for s in steps), max((s[2] for s in steps), default=0)))
    return rows


def warm_page_cache(corpus: Path) -> None:
    """Read every file of the corpus once, so that both builds start with it in memory.

    Whichever build ran first would otherwise pay for reading the letters from disk.
    """
    for path in sorted(corpus.rglob("*")):
        if path.is_file():
            path.read_bytes()


def edit_one(corpus: Path, sentence: str = "De adviesraad vult dit advies aan met een extra zin.") -> tuple[Path, bytes]:
    """Change one letter that has replies (so linked pages change too) by adding a sentence; return it and its bytes before."""
    candidates = sorted(corpus.rglob("*-advies-*.md"))
    target = candidates[len(candidates) // 2]
    original = target.read_bytes()
    marker = "\nMet vriendelijke groet,"
    target.write_text(original.decode("utf-8").replace(marker, "\n" + sentence + marker, 1), "utf-8")
    return target, original


# The edits of the rebuilds measured after the first: each adds a sentence new to the site and the spare.
LATER_EDITS = ("De adviesraad voegt hier een tweede, andere zin aan toe.",
               "De adviesraad voegt hier nog een derde zin aan toe.",
               "De adviesraad sluit af met een vierde zin.")


# A fixed author and time: the corpus's history is the same in every run.
GIT_ENVIRONMENT = {"GIT_AUTHOR_NAME": "Adviesraad", "GIT_AUTHOR_EMAIL": "secretaris@adviesraad.invalid",
                   "GIT_COMMITTER_NAME": "Adviesraad", "GIT_COMMITTER_EMAIL": "secretaris@adviesraad.invalid",
                   "GIT_AUTHOR_DATE": "2025-01-02T10:00:00+00:00", "GIT_COMMITTER_DATE": "2025-01-02T10:00:00+00:00"}


def git(corpus: Path, *arguments: str) -> None:
    """Run git in the corpus's own repository."""
    subprocess.run(["git", "-C", str(corpus), *arguments], check=True, capture_output=True,
                   env={**os.environ, **GIT_ENVIRONMENT})


def commit_corpus(corpus: Path) -> None:
    """Make the corpus a git repository of its own with one commit, as a council's content is.

    The build reads the content's history (load/history.py) for the feeds' order; a CI runner
    checks out the full history.
    """
    if (corpus / ".git").is_dir():
        return
    git(corpus, "init", "-q")
    (corpus / ".git" / "info" / "exclude").write_text(".generated\n*.clone\n", "utf-8")
    git(corpus, "add", "-A")
    git(corpus, "commit", "-q", "-m", "Het archief")


# What .github/workflows/pages.yml keeps between runs (tests/test_bench.py checks they agree).
CI_CACHED = (".cache", "site", ".site.spare")


def ci_rebuild(corpus: Path, work: Path) -> Run:
    """A deploy on a CI runner after one edit: a fresh checkout, .cache/ and site/ restored, then a build.

    The runner checks out into the same folder each run, so the paths stay; a clone gives every
    content file a new inode and modification time (the build reads and hashes each again), the
    edit comes as a commit (the build reads the history), and actions/cache restores what
    pages.yml caches (CI_CACHED) as new files with their times kept, from a tar archive: files
    that site/ and the spare share as hard links stay shared.
    """
    saved = WORK / f"{work.name}-ci-saved"
    set_aside(saved)
    saved.mkdir(parents=True)
    names = [name for name in CI_CACHED if (work / name).exists()]
    archive = subprocess.Popen(["tar", "-C", str(work), "-cf", "-", *names], stdout=subprocess.PIPE)
    try:
        extract = subprocess.Popen(["tar", "-C", str(saved), "-xf", "-"], stdin=archive.stdout)
    finally:
        archive.stdout.close()  # the extracting tar holds the pipe; a failing one ends the other
    if extract.wait() != 0 or archive.wait() != 0:
        raise RuntimeError(f"tar could not copy {names} from {work} to {saved}")
    set_aside(work)
    os.rename(saved, work)
    try:
        for path in sorted(corpus.rglob("*")):
            if path.is_file():
                fresh = path.with_name(path.name + ".clone")
                fresh.write_bytes(path.read_bytes())
                os.replace(fresh, path)
    finally:
        for left in corpus.rglob("*.clone"):  # an interrupted copy leaves no file the build would read
            left.unlink()
    edited, original = edit_one(corpus, "De adviesraad voegt hier in de CI een zin aan toe.")
    try:
        git(corpus, "commit", "-q", "-a", "-m", "Een zin erbij")  # the push CI builds
        try:
            warm_page_cache(corpus)
            return ours(corpus, work, cold=False)
        finally:
            git(corpus, "reset", "-q", "--hard", "HEAD~1")
    finally:
        edited.write_bytes(original)


def ensure_hugo() -> str:
    """Find Debian's hugo, installing it with apt-get (through sudo when not root) if missing."""
    found = shutil.which("hugo")
    if found:
        return found
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print("hugo is missing: installing it with apt-get", file=sys.stderr)
    install = sudo + ["apt-get", "-o", "DPkg::Lock::Timeout=300", "install", "-y", "-qq", "hugo"]
    if subprocess.run(install, check=False).returncode != 0:
        subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True)
        subprocess.run(install, check=True)
    found = shutil.which("hugo")
    if not found:
        raise SystemExit("could not install hugo")
    return found


def peer(corpus: Path, work: Path, hugo: str, *, with_pagefind: bool) -> tuple[Run, Run | None]:
    """Build the corpus with Hugo and the peer layout, then index it with one Pagefind run."""
    set_aside(work)
    work.mkdir(parents=True)
    shutil.copytree(PEER_LAYOUT / "layouts", work / "layouts")
    config = (PEER_LAYOUT / "hugo.toml").read_text("utf-8").replace("CONTENT_DIR", json.dumps(str(corpus))[1:-1])
    (work / "hugo.toml").write_text(config, "utf-8")
    built = measure([hugo, "--quiet", "--destination", "public"], work)
    indexed = None
    if with_pagefind:
        indexed = measure([str(get_executable()), "--site", "public"], work)
    return built, indexed


def query_bytes(site: Path, terms: list[str] = QUERIES, every_year: bool = False) -> list[dict]:
    """What the search page fetches for each query, by default or in every year (see query_bytes.mjs)."""
    with serve_directory(site) as url:
        result = subprocess.run(
            ["node", "--no-warnings", str(HERE / "query_bytes.mjs"), str(site), url,
             str(ROOT / "adviesarchief" / "render" / "templates" / "static" / "zoekindex.js"), json.dumps(terms)] + (["all"] if every_year else []),
            capture_output=True, text=True, check=True, timeout=1800)
    return json.loads(result.stdout)


def count_indexed(site: Path) -> int:
    """How many documents the search finds with no search term, shard by shard: every document, if it covers all.

    Each shard the search page lists is opened as the page opens it (zoekindex.js) and searched
    with no term; the counts are summed. (One empty search over all shards merged loads every
    word index at once: at 100,000 letters it ran for over 30 minutes on this machine.)
    """
    with serve_directory(site) as url:
        code = """
import fs from "node:fs"; import path from "node:path"; import { pathToFileURL } from "node:url";
const [indexScript, site, base] = process.argv.slice(1);
const page = fs.readFileSync(path.join(site, "zoeken", "index.html"), "utf8");
const data = JSON.parse(page.match(/<script type="application\\/json" id="zoek-data">(.*?)<\\/script>/s)[1]);
const shards = data.shards.map((shard) => ({ ...shard, url: new URL(shard.path, base).href }));
const { openIndex, planScope } = await import(pathToFileURL(indexScript).href);
let total = 0;
for (const shard of shards) {
  const index = await openIndex(pathToFileURL(path.join(site, "pagefind", "pagefind.js")).href, "/", shards[0].url);
  total += (await index.search(null, {}, planScope([shard]))).results.length;
  await index.destroy();
}
process.stdout.write(String(total)); process.exit(0);
"""
        result = subprocess.run(["node", "--no-warnings", "--input-type=module", "-e", code,
                                 str(ROOT / "adviesarchief" / "render" / "templates" / "static" / "zoekindex.js"), str(site), url],
                                capture_output=True, text=True, check=True, timeout=1800)
    return int(result.stdout)


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    hugo = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split() \
        if shutil.which("hugo") else []
    pagefind = subprocess.run([str(get_executable()), "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    # The bench's own results do not count as changes to what is measured.
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".",
                            ":(exclude)benchmarks/RESULTS.md", ":(exclude)benchmarks/measurements"],
                           cwd=ROOT, capture_output=True, text=True).stdout.strip()
    load = os.getloadavg()
    return {
        "machine": f"{cpu}, {os.cpu_count()} cores, {memory / 1024 / 1024:.0f} GB RAM, {platform.system()} {platform.release()}",
        "software": f"Python {platform.python_version()}, {' '.join(hugo[:2]) if hugo else 'hugo ?'}, {pagefind}, node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}",
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit.stdout.strip() + (" (with uncommitted changes)" if dirty else ""),
        "load": f"{load[0]:.1f} (1-minute load average at the start; the machine is shared)",
    }


def cold_builds(n: int, corpus: Path, work: Path, hugo: str | None, with_pagefind: bool
                ) -> tuple[list[Run], list[tuple[Run, Run | None]]]:
    """Our cold builds and the peer's, taken in turns (ours, peer, ours, peer).

    In turns, a slow minute of a shared machine hits both sides instead of one.
    """
    colds: list[Run] = []
    peers: list[tuple[Run, Run | None]] = []
    runs = cold_runs(n)
    for attempt in range(runs):
        print(f"[{n}] our cold build ({attempt + 1} of {runs})", file=sys.stderr)
        warm_page_cache(corpus)
        colds.append(ours(corpus, work, cold=True))
        if hugo:
            print(f"[{n}] peer: hugo" + (" + pagefind" if with_pagefind else " only")
                  + f" ({attempt + 1} of {runs})", file=sys.stderr)
            warm_page_cache(corpus)
            peers.append(peer(corpus, WORK / f"peer-{n}", hugo, with_pagefind=with_pagefind))
    return colds, peers


def bench_size(n: int, seed: int, hugo: str | None) -> dict:
    """Measure one archive size; return the figures for the report."""
    corpus = HERE / f"corpus-{n}"
    marker = corpus / ".generated"
    # Regenerate when the size, the seed or the generator changed.
    stamp = f"{n} {seed} {hashlib.sha256((HERE / 'generate.py').read_bytes()).hexdigest()[:12]}\n"
    if not marker.is_file() or marker.read_text() != stamp:
        print(f"[{n}] generating the archive", file=sys.stderr)
        generate(n, corpus, seed)
        marker.write_text(stamp)
    commit_corpus(corpus)
    result: dict = {"documents": n}
    work = WORK / f"ours-{n}"
    with_pagefind = n <= 30_000  # beyond that one Pagefind run needs more memory than the machine has
    colds, peers = cold_builds(n, corpus, work, hugo, with_pagefind)
    cold = min(colds, key=lambda run: run.seconds)
    result["cold"] = {"seconds": cold.seconds, "runs": [run.seconds for run in colds],
                      "peak_rss": max(run.peak_rss for run in colds), "stages": stage_table(cold),
                      "summary": cold.output.splitlines()[-1], "cpu": cold.cpu,
                      "pagefind_cpu": pagefind_cpu(cold.output)}
    edited, original = edit_one(corpus)
    try:
        # The first rebuild after a cold build patches the spare the cold build left (a copy of
        # its site as hard links); later ones patch the site published before the current one.
        print(f"[{n}] our first rebuild after one letter changed", file=sys.stderr)
        first = ours(corpus, work, cold=False)
        result["first_rebuild"] = {"seconds": first.seconds, "peak_rss": first.peak_rss,
                                   "summary": first.output.splitlines()[-1]}
        edited.write_bytes(original)
        ours(corpus, work, cold=False)
        # Not the first rebuild's edit: the spare (the site before the current one) holds that
        # one, and a real edit is new to both. Three such edits, one after the other; the median
        # counts, so that one quiet or busy moment of a shared machine does not.
        print(f"[{n}] our rebuilds after one letter changed", file=sys.stderr)
        laters = []
        for sentence in LATER_EDITS:
            edit_one(corpus, sentence)
            laters.append(ours(corpus, work, cold=False))
        warm = sorted(laters, key=lambda run: run.seconds)[len(laters) // 2]
        result["incremental"] = {"seconds": warm.seconds, "runs": [run.seconds for run in laters],
                                 "peak_rss": max(run.peak_rss for run in laters), "stages": stage_table(warm),
                                 "summary": warm.output.splitlines()[-1],
                                 "plan": next((l for l in warm.output.splitlines() if l.startswith("plan")), ""),
                                 "index": next((l for l in warm.output.splitlines() if l.startswith("indexed")), "")}
    finally:
        edited.write_bytes(original)
        marker.write_text(stamp)
    # The site now holds the edit; rebuild so that the search measurement matches the corpus.
    ours(corpus, work, cold=False)
    site = work / "site"
    print(f"[{n}] search: coverage and transfer", file=sys.stderr)
    result["indexed"] = count_indexed(site)
    result["queries"] = query_bytes(site)
    result["every_year"] = query_bytes(site, QUERIES[:1], every_year=True)[0]
    result["finder"] = finder_bytes(site)
    result["shards"] = result["every_year"]["shards"]
    result["site_bytes"] = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    print(f"[{n}] our CI-style rebuild (fresh checkout, cache and site restored, one letter changed)",
          file=sys.stderr)
    try:
        ci = ci_rebuild(corpus, work)
    finally:
        marker.write_text(stamp)
    result["ci_rebuild"] = {"seconds": ci.seconds, "peak_rss": ci.peak_rss, "summary": ci.output.splitlines()[-1],
                            "load": next((l for l in ci.output.splitlines() if l.startswith("load")), ""),
                            "restored": list(CI_CACHED)}
    if peers:
        built, indexed = min(peers, key=lambda runs: sum(run.seconds for run in runs if run is not None))
        result["peer"] = {"hugo": {"seconds": built.seconds, "peak_rss": max(b.peak_rss for b, _ in peers),
                                   "cpu": built.cpu},
                          "pagefind": None if indexed is None else {
                              "seconds": indexed.seconds, "cpu": indexed.cpu,
                              "peak_rss": max(i.peak_rss for _, i in peers if i is not None)},
                          "runs": [sum(run.seconds for run in runs if run is not None) for runs in peers]}
        if indexed is not None:
            result["peer"]["queries"] = query_bytes(WORK / f"peer-{n}" / "public")
    return result


def pagefind_cpu(output: str) -> float | None:
    """The CPU seconds our build's Pagefind runs took, from its 'indexed' line."""
    found = re.search(r"([\d.]+) CPU-s in Pagefind", output)
    return float(found.group(1)) if found else None


def cpu_lines(results: list[dict]) -> list[str]:
    """Where the CPU of each cold build went: ours (Pagefind and the rest) against the peer's."""
    out = ["## Where the CPU goes", "",
           "CPU seconds (user and system, every process of the command) of the cold builds above. On two",
           "cores a build cannot take less wall time than half its CPU time.", "",
           "| documents | ours: all | ours: Pagefind | ours: the rest | peer: hugo | peer: Pagefind | Pagefind per letter, ours / peer |",
           "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        cold, peer = r["cold"], r.get("peer") or {}
        if cold.get("cpu") is None:
            continue
        ours_pf, hugo, peer_pf = cold.get("pagefind_cpu"), peer.get("hugo") or {}, peer.get("pagefind") or {}
        per_page = (f"{ours_pf / r['documents'] * 1000:.1f} ms / {peer_pf['cpu'] / r['documents'] * 1000:.1f} ms"
                    if ours_pf is not None and peer_pf.get("cpu") else "—")
        def seconds(value: float | None) -> str:
            return "—" if value is None else f"{value:.0f} s"
        rest = None if ours_pf is None else cold["cpu"] - ours_pf
        cells = [f"{r['documents']:,}", seconds(cold["cpu"]), seconds(ours_pf), seconds(rest),
                 seconds(hugo.get("cpu")), seconds(peer_pf.get("cpu")), per_page]
        out.append("| " + " | ".join(cells) + " |")
    out += ["", "Pagefind reads the same letters in both (ours: a record per letter with its text, compound",
            "parts and synonyms; the peer: the letter's page), so its time per letter is alike. The cold build",
            "can save only on the rest: the 10,000-letter target (0.75 of the peer's wall time) leaves that",
            "rest at most 1.5 × the peer's wall time minus our Pagefind's CPU.", ""]
    return out


def gb(value: int) -> str:
    """Bytes as GB with two decimals."""
    return f"{value / 1024 ** 3:.2f} GB"


def report(results: list[dict]) -> str:
    """RESULTS.md: machine, date, commit, the side-by-side table and the targets."""
    runs: dict[str, list[dict]] = {}
    for r in results:
        runs.setdefault(json.dumps(r["run"], sort_keys=True), []).append(r)
    out = [
        "# Benchmark results",
        "",
        "Written by `make bench`; do not edit by hand. Timings are wall-clock seconds of whole commands;",
        "peak RSS is the largest sum of resident memory of the command and all its child processes",
        "(workers, Pagefind), sampled every 100 ms, as PSS: pages that forked workers share are split",
        "between them, not counted twice. Every row is measured side by side with the peer in one run.",
        "(A sample reads /proc for every process of the tree, about 7 ms of CPU at 10,000 documents:",
        "every 50 ms that took 7% of this two-core machine from the build it measured.)",
        "",
    ]
    for group in runs.values():
        info = group[0]["run"]
        sizes = " and ".join(f"{r['documents']:,}" for r in group)
        out += [
            f"Run for {sizes} documents: `{info['command']}`",
            "",
            f"- Machine: {info['machine']}",
            f"- Software: {info['software']}",
            f"- Date: {info['date']}",
            f"- Commit: {info['commit']}",
            f"- Load: {info['load']}",
            "",
        ]
    out += [
        "The archives are generated by `benchmarks/generate.py` (seed 1): letters of 600 to 1,400 words",
        "with numbered points as headings, about 35% replies, 300+ municipalities, 2015 to 2024.",
        "The peer is Debian's `hugo` with the layout in `benchmarks/peer/` (the same document pages with",
        "the same Pagefind filters, listings per gemeente and onderwerp, home), then one Pagefind CLI run.",
        "Before each cold build (ours and the peer's) every file of the archive is read once, so that both",
        "start with the letters in the page cache. Up to 10,000 documents both cold builds are run twice,",
        "in turns (ours, the peer's, ours, the peer's), and the faster run of each counts (each run's time is in benchmarks/measurements/; peak RSS is the larger",
        "of the two). Each writes into a new, empty folder: earlier output is",
        "moved aside and deleted after all measurements, because on this disk deleting half a gigabyte of",
        "small files slows down creating files for a minute or more after (a cold build of ours right",
        "after such a delete took 40 to 45 s instead of 32 s).",
        "",
        "## Side by side",
        "",
        "| documents | ours: cold build incl. search | peak RSS | peer: hugo | peer: pagefind | peer total | peak RSS (peer) | ratio ours/peer | ours: rebuild after 1 change | peak RSS |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        peer = r.get("peer")
        if peer:
            pf = peer["pagefind"]
            total = peer["hugo"]["seconds"] + (pf["seconds"] if pf else 0)
            peak = max(peer["hugo"]["peak_rss"], pf["peak_rss"] if pf else 0)
            ratio = f"{r['cold']['seconds'] / total:.2f}" if pf else "—"
            peer_cells = (f"{peer['hugo']['seconds']:.1f} s", f"{pf['seconds']:.1f} s" if pf else "not run (see below)",
                          f"{total:.1f} s" if pf else "—", gb(peak), ratio)
        else:
            peer_cells = ("—",) * 5
        out.append(f"| {r['documents']:,} | {r['cold']['seconds']:.1f} s | {gb(r['cold']['peak_rss'])} | "
                   + " | ".join(peer_cells)
                   + f" | {r['incremental']['seconds']:.2f} s | {gb(r['incremental']['peak_rss'])} |")
    if any(r.get("peer") and not r["peer"]["pagefind"] for r in results):
        out += ["", "Beyond 30,000 documents the peer's single Pagefind run is not started: it needs about",
                "0.35 MB per page (4 GB at 10,000, about 35 GB at 100,000) and this machine has 24 GB."]
    out += ["", *cpu_lines(results), "## Our stages", ""]
    for r in results:
        out += [f"### {r['documents']:,} documents", "", "| stage | cold: time | cold: peak RSS | rebuild: time | rebuild: peak RSS |",
                "| --- | --- | --- | --- | --- |"]
        for (stage, seconds, rss), (_, warm_s, warm_rss) in zip(r["cold"]["stages"], r["incremental"]["stages"]):
            out.append(f"| {stage} | {seconds:.2f} s | {gb(rss)} | {warm_s:.2f} s | {gb(warm_rss)} |")
        out += ["", f"Cold: `{r['cold']['summary']}`. Rebuild: `{r['incremental']['plan']}`; `{r['incremental']['index']}`;"
                f" `{r['incremental']['summary']}`.", ""]
        first, ci = r.get("first_rebuild"), r.get("ci_rebuild")
        runs = r["incremental"].get("runs")
        if runs:
            out += [f"The rebuild measured is the median of {len(runs)}, each after an edit new to the site and"
                    f" the spare: {', '.join(f'{run:.2f} s' for run in runs)}.", ""]
        if first:
            out += [f"The rebuild measured follows earlier rebuilds, as every rebuild but the first does: the site"
                    f" published before the current one is kept as a spare and patched. The first rebuild after a"
                    f" cold build (it patches the copy of its site, as hard links, that the cold build left) took"
                    f" {_run_figures(first)}.", ""]
        if ci:
            restored = ci.get("restored", [".cache", "site"])
            named = ", ".join(f"{name}/" for name in restored[:-1]) + f" and {restored[-1]}/"
            out += [f"A CI-style rebuild (the content checked out afresh at the same place, so every file has a new"
                    f" modification time; the edit of one letter committed, as a push is; {named}"
                    f" restored as the Pages workflow's cache restores them) took {_run_figures(ci)}:"
                    f" `{ci['load']}`; `{ci['summary']}`.", ""]
        out += ["Stage times come from the build's own log lines (the time between one step's line and the next);",
                "the whole command also includes Python's start-up (with the package's bytecode written beforehand, as",
                "installing it does). \"render+write\" is the letters' pages, then",
                "the other pages (every page written as soon as it is rendered); \"search index\" is Pagefind, which",
                "starts once the letters are written and runs while the other pages render, so this row counts",
                "only the wait for it after those.", ""] if r is results[0] else []
    out += ["## Search", "", "| documents | found with an empty query (all years) | typical query: transferred (ours) "
            "| first search covers | requests | one word in all years | peer (one index) |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        ours_bytes = [q["bytes"] for q in r["queries"]]
        middle = sorted(r["queries"], key=lambda q: q["bytes"])[len(r["queries"]) // 2]
        covers = (f"{middle['documents']:,} documents, {middle['shards']} of {r.get('shards', '?')} shards"
                  if "shards" in middle else "every shard")
        every = r.get("every_year")
        every_text = f"{every['bytes'] / 1024:.0f} KB" if every else "—"
        peer_q = r.get("peer", {}).get("queries")
        peer_text = f"{median(q['bytes'] for q in peer_q) / 1024:.0f} KB" if peer_q else "—"
        out.append(f"| {r['documents']:,} | {r['indexed']:,} | {median(ours_bytes) / 1024:.0f} KB median "
                   f"({min(ours_bytes) / 1024:.0f} to {max(ours_bytes) / 1024:.0f} KB) | {covers} | "
                   f"{median(q['requests'] for q in r['queries']):.0f} | {every_text} | {peer_text} |")
    out += ["", "A typical query: what the search page does by default for a search (" + ", ".join(QUERIES) + "):",
            "open the first scope, the newest shard and as many more as stay within 2,000 documents and 6 shards",
            "(Tuning.first_search_*), shared out between the query's words (zoekindex.js reachOf: two words,",
            "1,000 and 3),",
            "as one Pagefind instance; load its filter chunks for the counts; search; load the first 20 results.",
            "Bytes: Pagefind's files as stored (they are compressed already), pagefind.js and its worker once,",
            "and the search page itself (HTML with the shard list and the filter counts, and its scripts),",
            "HTML and JavaScript as gzip sends them. \"One word in all years\" is the same for the first word",
            "after \"Zoek in alle jaren\". Breakdown of the median query:", ""]
    for r in results:
        middle = sorted(r["queries"], key=lambda q: q["bytes"])[len(r["queries"]) // 2]
        parts = ", ".join(f"{k} {v / 1024:.0f} KB" for k, v in sorted(middle["byKind"].items(), key=lambda kv: -kv[1]))
        raw = f" (uncompressed HTML and JavaScript: {middle['uncompressed'] / 1024:.0f} KB)" if "uncompressed" in middle else ""
        out.append(f"- {r['documents']:,}: '{middle['term']}': {parts}{raw}")
    out += ["", "Where the bytes go: the shards of a scope are merged into one Pagefind instance, so they share",
            "one pagefind.js, one worker and one WebAssembly module (71 KB). A one-word query then costs about",
            "170 KB that do not depend on the archive (WebAssembly, scripts, the page, 20 result fragments),",
            "about 26 bytes per document in the scope (its page list, pf_meta, about 11; its filter chunks for",
            "the counts, about 15) and, per shard, the index chunk that holds the word: about 26 KB whatever",
            "the shard's size, because Pagefind cuts each shard's word index into chunks of about that size",
            "(each further word adds as much again). Pagefind closes a chunk after the word that fills it, so a",
            "word found in nearly every letter ('en') would end the chunk of the words just before it ('eigen')",
            "and triple their cost; the build re-cuts such chunks (search/chunks.py). So the first scope stays within 2,000",
            "documents and 6 shards, divided by the number of words of the query, and",
            "does not grow with the archive; only the page's shard list does (about",
            "110 bytes per shard before compression). Older documents are searched when the reader asks for",
            "them (\"Zoek ook in oudere jaren\" doubles the scope, \"Zoek in alle jaren\"), chooses a year (only",
            "that year's shards open) or sorts oldest first (the oldest shards first); the status line says",
            "which years were searched. A search in all years pays the per-shard cost for every shard, so",
            "smaller shards make it dearer."]
    out += finder_report(results)
    out += growth_report(results)
    out += ["", "## Targets", ""] + targets(results) + [""]
    return "\n".join(out)


def growth(small: tuple[int, float], large: tuple[int, float]) -> float:
    """The exponent b of value ~ documents^b between two measurements: 1 is linear, below 1 sub-linear."""
    (n1, v1), (n2, v2) = small, large
    return math.log(v2 / v1) / math.log(n2 / n1)


def growth_report(results: list[dict]) -> list[str]:
    """How the cold build's time and memory, stage by stage, grow from 10,000 documents up, and what that gives at 1,000,000."""
    measured = [r for r in results if r["documents"] >= 10_000]
    if len(measured) < 2:
        return []
    small, large = measured[-2], measured[-1]
    span = f"{small['documents']:,} to {large['documents']:,}"
    out = ["", "## How time and memory grow", "",
           "Each cold build by size, and the exponent b of each figure's growth (figure ~ documents^b; 1 is",
           f"linear, below 1 less than linear) from {span} documents. The last column carries each",
           f"figure on from {large['documents']:,} to 1,000,000 documents by that exponent: an extrapolation, not a",
           "measurement (docs/scaling.md says what it rests on and where it would break).", "",
           "| figure | " + " | ".join(f"{r['documents']:,}" for r in measured) + f" | b ({span}) | 1,000,000 (extrapolated) |",
           "| --- | " + " | ".join("---:" for _ in measured) + " | ---: | ---: |"]

    def row(label: str, values: list[float], show: Callable[[float], str]) -> None:
        if any(v <= 0 for v in values):
            return
        b = growth((small["documents"], values[-2]), (large["documents"], values[-1]))
        projected = values[-1] * (1_000_000 / large["documents"]) ** b
        out.append(f"| {label} | " + " | ".join(show(v) for v in values) + f" | {b:.2f} | {show(projected)} |")

    def seconds(value: float) -> str:
        return f"{value:,.1f} s"

    row("cold build", [r["cold"]["seconds"] for r in measured], seconds)
    row("cold build: peak RSS", [r["cold"]["peak_rss"] for r in measured], gb)
    stages = [name for name, _, _ in large["cold"]["stages"]]
    for stage in stages:
        times = [dict((n, t) for n, t, _ in r["cold"]["stages"]).get(stage, 0.0) for r in measured]
        rss = [dict((n, m) for n, _, m in r["cold"]["stages"]).get(stage, 0) for r in measured]
        if max(times) >= 1:
            row(f"{stage}: time", times, seconds)
        row(f"{stage}: peak RSS", rss, gb)
    row("rebuild after one change", [r["incremental"]["seconds"] for r in measured], seconds)
    row("rebuild: peak RSS", [r["incremental"]["peak_rss"] for r in measured], gb)
    row("site size", [r.get("site_bytes", 0) for r in measured], gb)
    return out


def _run_figures(run: dict) -> str:
    """A measured run's time and peak memory, as the report's sentences give them."""
    return f"{run['seconds']:.2f} s, peak RSS {gb(run['peak_rss'])}"


def _verdict(value: float, limit: float, unit: str) -> str:
    return "**met**" if value <= limit else f"**not met, by {value - limit:.2f}{unit}**"


def targets(results: list[dict]) -> list[str]:
    """Each target of the performance issue, met or not, and by how much."""
    lines = []
    by_size = {r["documents"]: r for r in results}
    ten = by_size.get(10_000)
    if ten:
        peer = ten.get("peer")
        if peer and peer["pagefind"]:
            total = peer["hugo"]["seconds"] + peer["pagefind"]["seconds"]
            ratio = ten["cold"]["seconds"] / total
            lines.append(f"- 10k cold build incl. search ≤ {TARGET_RATIO_10K} × peer: ratio {ratio:.2f} "
                         f"({ten['cold']['seconds']:.1f} s vs {total:.1f} s): {_verdict(ratio, TARGET_RATIO_10K, '')}.")
        rss = ten["cold"]["peak_rss"]
        lines.append(f"- 10k peak RSS < 1 GB: {gb(rss)}: **{'met' if rss < TARGET_RSS_10K else 'not met'}**.")
        for name, label in (("first_rebuild", "first rebuild"), ("incremental", "later rebuild")):
            if name in ten:
                seconds = ten[name]["seconds"]
                lines.append(f"- 10k {label} after one change ≤ 2 s incl. search: {seconds:.2f} s: "
                             f"{_verdict(seconds, TARGET_REBUILD_10K, ' s')}.")
    hundred = by_size.get(100_000)
    if hundred:
        seconds, rss = hundred["cold"]["seconds"], hundred["cold"]["peak_rss"]
        lines.append(f"- 100k cold build ≤ 300 s: {seconds:.0f} s: {_verdict(seconds, TARGET_COLD_100K, ' s')}.")
        lines.append(f"- 100k peak RSS ≤ 3 GB: {gb(rss)}: **{'met' if rss <= TARGET_RSS_100K else 'not met'}**.")
        seconds = hundred["incremental"]["seconds"]
        lines.append(f"- 100k rebuild after one change ≤ 5 s: {seconds:.2f} s: "
                     f"{_verdict(seconds, TARGET_REBUILD_100K, ' s')}.")
        if "ci_rebuild" in hundred:
            seconds = hundred["ci_rebuild"]["seconds"]
            lines.append(f"- 100k CI-style rebuild ≤ 60 s: {seconds:.1f} s: {_verdict(seconds, TARGET_CI_100K, ' s')}.")
        lines.append(f"- 100k search covers every document: {hundred['indexed']:,} of {hundred['documents']:,} found: "
                     f"**{'met' if hundred['indexed'] == hundred['documents'] else 'not met'}**.")
        lines += budget_lines(hundred)
    if not lines:
        lines.append("- The targets are measured at 10k and 100k documents; this run had neither.")
    return lines


def compile_package() -> None:
    """Write the package's bytecode, as installing it does: a build should not time compiling its own code.

    Where PYTHONDONTWRITEBYTECODE is set (as on some CI machines) an editable install would
    otherwise compile every module again on each run: 0.2 to 0.4 s of every rebuild measured.
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "adviesarchief")], check=True)


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--100k", dest="hundred", action="store_true", help="also build 100,000 documents")
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated sizes (default 1000,10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-peer", action="store_true", help="skip Hugo and its Pagefind run")
    parser.add_argument("--report", action="store_true",
                        help="measure nothing: write RESULTS.md again from benchmarks/measurements/")
    args = parser.parse_args(argv)
    if args.report:
        results = sorted((json.loads(p.read_text()) for p in MEASUREMENTS.glob("result-*.json")),
                         key=lambda r: r["documents"])
        RESULTS.write_text(report(results) + "\n", "utf-8")
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.hundred:
        sizes.append(100_000)
    hugo = None if args.no_peer else ensure_hugo()
    compile_package()
    info = machine()
    WORK.mkdir(parents=True, exist_ok=True)
    MEASUREMENTS.mkdir(parents=True, exist_ok=True)
    command = " ".join(["python benchmarks/bench.py", *(argv if argv is not None else sys.argv[1:])])
    results = []
    for n in sizes:
        result = bench_size(n, args.seed, hugo)
        result["run"] = {**info, "command": command}
        (MEASUREMENTS / f"result-{n}.json").write_text(json.dumps(result, indent=1))
        results.append(result)
    remove_set_aside()
    # Sizes this run skipped keep their last measurement, shown with its own date and commit.
    for path in sorted(MEASUREMENTS.glob("result-*.json")):
        earlier = json.loads(path.read_text())
        if earlier["documents"] not in sizes and "run" in earlier:
            results.append(earlier)
    results.sort(key=lambda r: r["documents"])
    RESULTS.write_text(report(results) + "\n", "utf-8")
    print(RESULTS.read_text("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
