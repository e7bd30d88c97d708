"""Compare Pagefind's CLI over a folder of pages with its Python API fed the same pages.

The build runs the CLI over a folder of records per shard (search/indexing.py). The Python API
(`PagefindIndex.add_html_file`, or `add_custom_record`) talks to a Pagefind service process; its
calls are pipelined here with asyncio.gather, not awaited one at a time. Both index the same
letter pages of a built site, with the CPU time of this process and its children.

Usage: python benchmarks/pagefind_api.py SITE_DIR [--pages N]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex
from pagefind_bin import get_executable


def cpu_seconds() -> float:
    """CPU time used so far by this process and the children it waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def with_cli(pages: dict[str, str], work: Path) -> None:
    """Write the pages into a folder and run the Pagefind CLI over it once."""
    for url, html in pages.items():
        folder = work / "site" / url.strip("/")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(html, "utf-8")
    subprocess.run([str(get_executable()), "--site", str(work / "site"), "--output-path", str(work / "cli")],
                   check=True, capture_output=True)


async def with_api(pages: dict[str, str], work: Path) -> None:
    """Add every page through the Python API, all calls in flight at once, then write the bundle."""
    async with PagefindIndex(IndexConfig(output_path=str(work / "api"))) as index:
        await asyncio.gather(*(index.add_html_file(content=html, url=url) for url, html in pages.items()))


def measure(label: str, run: object) -> str:
    """Run a callable (or a coroutine) and say how long it took, wall and CPU."""
    started, used = time.perf_counter(), cpu_seconds()
    asyncio.run(run) if asyncio.iscoroutine(run) else run()  # type: ignore[operator]
    return f"{label}: {time.perf_counter() - started:.2f} s wall, {cpu_seconds() - used:.2f} CPU-s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site (its documenten/*/index.html are indexed)")
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    files = sorted((args.site / "documenten").glob("*/index.html"))[:args.pages]
    pages = {f"/documenten/{f.parent.name}/": f.read_text("utf-8") for f in files}
    work = Path(tempfile.mkdtemp(prefix="pagefind-api-"))
    try:
        print(f"{len(pages)} letter pages")
        print(measure("CLI over a folder", lambda: with_cli(pages, work)))
        print(measure("Python API, calls pipelined", with_api(pages, work)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
