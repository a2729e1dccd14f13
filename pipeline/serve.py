"""Preview with live reload: watch docs/, the packages and the templates, and rebuild only what their changes touch."""

import logging
import re
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from pipeline import build, cache, paths
from pipeline.problems import ProblemsFound


def watched(folders: list[Path] | None) -> list[Path]:
    """What an author edits: hand-written pages, the packages, templates and theme, and mkdocs.yml."""
    roots = [paths.DOCS, paths.TEMPLATES, paths.OVERRIDES, paths.MKDOCS_CONFIG]
    roots += [paths.DATAPACKAGES] if folders is None else sorted({folder.resolve() for folder in folders})
    return [root for root in roots if root.exists()]


def summary(store: cache.Cache, seconds: float) -> str:
    """One line saying what was reused and what was redone."""
    if store.reused("data"):
        return f"rebuilt in {seconds:.1f} s; data packages unchanged, so validation, tables and charts were reused"
    parts = []
    for stage, label in (("validate", "validated"), ("chart", "charts drawn")):
        done, kept = store.computed(stage), store.reused(stage)
        parts.append(f"{label}: {', '.join(done) or 'none'} (reused: {', '.join(kept) or 'none'})")
    return f"rebuilt in {seconds:.1f} s; " + "; ".join(parts)


class Builder:
    """Regenerates build/docs through the cache, then runs mkdocs into the folder the server serves."""

    def __init__(self, folders: list[Path] | None, site: Path, serve_url: str):
        self.folders = folders
        self.site = site
        self.serve_url = serve_url

    def __call__(self) -> None:
        from mkdocs.commands.build import build as run_build
        from mkdocs.config import load_config

        started = time.perf_counter()
        store = cache.Cache()
        try:
            nav, _ = build.generate(paths.BUILD_DOCS, self.folders, store=store)
        except ProblemsFound as found:
            for problem in sorted(found.problems):
                print(problem, file=sys.stderr)
            print(f"{len(found.problems)} problem(s) found; still showing the last good build.", file=sys.stderr, flush=True)
            return
        config = load_config(str(paths.MKDOCS_CONFIG), docs_dir=str(paths.BUILD_DOCS), site_dir=str(self.site), nav=nav)
        config.site_url = self.serve_url
        run_build(config, serve_url=self.serve_url)
        print(f"serve: {summary(store, time.perf_counter() - started)}", file=sys.stderr, flush=True)


RELOAD_SCRIPT = re.compile(r"/livereload-script/([0-9]+)/([0-9]+)\.js")


def strict_reload_server(**options):
    """mkdocs' live-reload server with its reload script served as a file, so the pages' own CSP lets it run unchanged."""
    from mkdocs import livereload

    class StrictReloadServer(livereload.LiveReloadServer):
        def _inject_js_into_html(self, content, epoch):
            tag = f'<script src="/livereload-script/{epoch}/{livereload._timestamp()}.js"></script>'.encode()
            body_end = content.rfind(b"</body>")
            body_end = len(content) if body_end < 0 else body_end
            return content[:body_end] + tag + content[body_end:]

        def _serve_request(self, environ, start_response):
            wanted = RELOAD_SCRIPT.fullmatch(environ["PATH_INFO"])
            if wanted is None:
                return super()._serve_request(environ, start_response)
            script = livereload._SCRIPT_TEMPLATE.substitute(epoch=wanted[1], request_id=wanted[2]).encode()
            start_response("200 OK", [("Content-Type", "text/javascript"), ("Content-Length", str(len(script)))])
            return [script]

    return StrictReloadServer(**options)


def show_server_messages() -> None:
    """Print the preview server's own messages ('Serving on ...', changes detected) with the build's."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("serve: %(message)s"))
    server_log = logging.getLogger("mkdocs.livereload")
    server_log.addHandler(handler)
    server_log.setLevel(logging.INFO)


def stop(number, frame) -> None:
    raise KeyboardInterrupt


def serve(host: str = "127.0.0.1", port: int = 8000, folders: list[Path] | None = None) -> None:
    """Build once, then serve on host:port and rebuild whenever a watched file changes."""
    for number in (signal.SIGINT, signal.SIGTERM):  # stop cleanly even when started with SIGINT ignored (in the background)
        signal.signal(number, stop)
    site = Path(tempfile.mkdtemp(prefix="pipeline-serve-"))
    serve_url = f"http://{host}:{port}/"
    builder = Builder(folders, site, serve_url)
    server = strict_reload_server(builder=builder, host=host, port=port, root=str(site))
    try:
        builder()
        for path in watched(folders):
            server.watch(str(path))
        print(f"serve: watching {', '.join(paths.display(path) for path in watched(folders))}", file=sys.stderr, flush=True)
        show_server_messages()
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(site, ignore_errors=True)
