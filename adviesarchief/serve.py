"""Preview server: build, serve site/ on 127.0.0.1, and rebuild when content or templates change."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from pathlib import Path
from typing import Callable

from .config import Config


def snapshot(folders: list[Path]) -> dict[str, float]:
    """Modification times of every file under the folders."""
    return {
        str(path): path.stat().st_mtime
        for folder in folders if folder.exists()
        for path in folder.rglob("*") if path.is_file()
    }


def serve(config: Config, port: int, run_build: Callable[[Config], int]) -> int:
    """Build, then serve and rebuild on change until Ctrl-C; the last good site stays served."""
    run_build(config)
    output = config.output_dir.absolute()
    handler = functools.partial(_Handler, directory=str(output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Preview: http://127.0.0.1:{server.server_address[1]}/  (Ctrl-C stops)", file=sys.stderr)
    watched = [config.content_dir, config.templates_dir]
    seen = snapshot(watched)
    try:
        while True:
            time.sleep(0.5)
            now = snapshot(watched)
            if now != seen:
                seen = now
                run_build(config)
    except KeyboardInterrupt:
        server.shutdown()
    return 0


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder as it is at each request, so a swapped-in build shows at once."""

    def translate_path(self, path: str) -> str:
        # The directory is re-resolved per request because builds swap the folder.
        return super().translate_path(path)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass
