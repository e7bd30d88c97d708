"""Preview server: build, serve on 127.0.0.1, rebuild on change and reload the open page.

Only the preview injects its small live-reload script (/_livereload.js) into the HTML it
serves; the files in site/ never contain it. The script listens to Server-Sent Events from
the same origin, so the site's Content-Security-Policy ('self' scripts only) allows it.
A build with errors writes nothing: the last good pages stay served and the errors show
as a banner in the browser and as lines in the terminal.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..config import Config
from ..errors import ArchiveError

RELOAD_SCRIPT = "/_livereload.js"
# The only Host headers the preview answers (see PreviewHandler._host_is_local).
LOCAL_HOSTS = ("127.0.0.1", "localhost")
RELOAD_EVENTS = "/_livereload"
SCRIPT_TAG = f'<script src="{RELOAD_SCRIPT}" defer></script>'.encode()

# Plain JavaScript, no dependencies; styles are set through the DOM, which the CSP allows.
LIVERELOAD_JS = r"""// Preview only: reload the page after a good rebuild, show build errors as a banner.
(function () {
  "use strict";
  var seen = null;
  var banner = null;
  function show(errors) {
    if (!errors.length) { if (banner) { banner.remove(); banner = null; } return; }
    if (!banner) {
      banner = document.createElement("div");
      banner.id = "livereload-fouten";
      banner.setAttribute("role", "alert");
      var s = banner.style;
      s.position = "fixed"; s.left = "0"; s.right = "0"; s.bottom = "0"; s.zIndex = "2147483647";
      s.maxHeight = "50vh"; s.overflow = "auto"; s.margin = "0"; s.padding = "1rem";
      s.background = "#7a0000"; s.color = "#fff"; s.font = "14px/1.4 monospace";
      s.whiteSpace = "pre-wrap"; s.borderTop = "4px solid #ffcc00";
      document.body.appendChild(banner);
    }
    banner.textContent = "De site is niet bijgewerkt: er staan fouten in de inhoud. " +
      "U ziet de laatste goede versie.\n\n" + errors.join("\n");
  }
  var events = new EventSource("/_livereload");
  events.onmessage = function (message) {
    var state = JSON.parse(message.data);
    if (seen === null) { seen = state.generation; document.documentElement.dataset.livereload = "aan"; }
    if (state.generation !== seen && !state.errors.length) { window.location.reload(); return; }
    show(state.errors);
  };
})();
"""


@dataclass
class BuildState:
    """The outcome of the latest build: a generation number that grows with each good build, and errors."""

    generation: int = 0
    errors: list[str] = field(default_factory=list)
    base_path: str = "/"
    changed: threading.Condition = field(default_factory=threading.Condition)

    def update(self, errors: list[str], base_path: str | None) -> None:
        """Record a build: a good one moves to the next generation; a bad one only sets the errors."""
        with self.changed:
            if not errors:
                self.generation += 1
            if base_path:
                self.base_path = base_path
            self.errors = errors
            self.changed.notify_all()

    def snapshot(self) -> dict[str, object]:
        """The state as sent to the browser."""
        return {"generation": self.generation, "errors": list(self.errors)}


# A preview build returns the error lines (empty when it succeeded) and the site's base path.
PreviewBuild = Callable[[Config], tuple[list[str], str | None]]


def serve(config: Config, port: int, preview_build: PreviewBuild,
          ready: Callable[[str], None] | None = None) -> int:
    """Build, serve and rebuild on every change under content/ and templates/ until Ctrl-C."""
    import watchfiles

    state = BuildState()
    output = config.output_dir.absolute()
    handler = functools.partial(PreviewHandler, directory=str(output), state=state)
    # The port is taken before the first build, so a port in use is said at once.
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise ArchiveError(f"cannot serve on port {port}: {exc.strerror or exc}",
                           hint=f"stop the program that uses it, or choose another port: --port {port + 1}") from exc
    server.daemon_threads = True
    try:
        state.update(*preview_build(config))
    except BaseException:
        server.server_close()
        raise
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}{state.base_path}"
    print(f"Preview: {url}  (Ctrl-C stops)", file=sys.stderr, flush=True)
    if ready:
        ready(url)
    watched = [str(p) for p in (config.content_dir, config.templates_dir) if p.exists()]
    try:
        for changes in watchfiles.watch(*watched, debounce=300, step=50,
                                        watch_filter=functools.partial(_is_source, output)):
            names = sorted({Path(path).name for _, path in changes})
            print(f"changed: {', '.join(names)}", file=sys.stderr, flush=True)
            state.update(*preview_build(config))
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0


def _is_source(output: Path, change: object, path: str) -> bool:
    """Watch sources only: not the output, editor swap files or staging folders."""
    name = os.path.basename(path)
    if name.startswith((".", "#")) or name.endswith(("~", ".swp", ".tmp")):
        return False
    return not Path(path).is_relative_to(output)


def inject_script(page: bytes) -> bytes:
    """Add the live-reload script tag before </body> (or at the end)."""
    at = page.rfind(b"</body>")
    return page + SCRIPT_TAG if at < 0 else page[:at] + SCRIPT_TAG + page[at:]


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as it is at each request (builds swap the folder), under its base path."""

    def __init__(self, *args: object, state: BuildState, **kwargs: object) -> None:
        self.state = state
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        """Serve the reload script and events, else a file of the site."""
        if not self._host_is_local():
            return None
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == RELOAD_SCRIPT:
            return self._send(200, "text/javascript; charset=utf-8", LIVERELOAD_JS.encode())
        if path == RELOAD_EVENTS:
            return self._events()
        base = self.state.base_path
        if base != "/" and not path.startswith(base):
            if path == "/":
                self.send_response(302)
                self.send_header("Location", base)
                self.end_headers()
                return None
            return self._not_found()
        self.path = "/" + self.path[len(base):]
        local = Path(self.translate_path(self.path))
        if local.is_dir():
            if not path.endswith("/"):
                return super().do_GET()  # the standard redirect to the folder with '/'
            local = local / "index.html"
        if local.suffix == ".html" and local.is_file():
            return self._send(200, "text/html; charset=utf-8", inject_script(local.read_bytes()))
        if not local.exists():
            return self._not_found()
        return super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802
        """As GET, without the body (for this host only)."""
        if self._host_is_local():
            super().do_HEAD()

    def _host_is_local(self) -> bool:
        """Answer only requests for 127.0.0.1 or localhost: a page elsewhere that renames its own host to
        this address (DNS rebinding) gets no answer it may read."""
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.rpartition(":")[0] if host.rpartition(":")[2].isdigit() else host
        if name in LOCAL_HOSTS:
            return True
        self._send(421, "text/plain; charset=utf-8", "Deze voorbeeldweergave werkt alleen via 127.0.0.1 of localhost.\n"
                   .encode())
        return False

    def _not_found(self) -> None:
        page = Path(self.directory) / "404.html"
        body = page.read_bytes() if page.is_file() else b"<!doctype html><title>Niet gevonden</title><body></body>"
        self._send(404, "text/html; charset=utf-8", inject_script(body))

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Stream the build state as Server-Sent Events: now, and after every build."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        last: dict[str, object] | None = None
        try:
            while True:
                with self.state.changed:
                    current = self.state.snapshot()
                    if current == last:
                        self.state.changed.wait(timeout=15)
                        current = self.state.snapshot()
                if current != last:
                    self.wfile.write(f"data: {json.dumps(current)}\n\n".encode())
                    last = current
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass
