"""Print what the home page loads in Chromium (every file, raw and gzip-compressed) against the 90 KB budget."""

import gzip
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from local_server import serving  # noqa: E402

from pipeline import build  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
BUDGET_BYTES = 90_000
PAGES = ["index.html", "packages/pas-survey-2011.html", "packages/worcester-hmic-2017.html"]


def loaded_files(browser, url: str) -> list[tuple[str, int, int]]:
    """(url, raw bytes, gzip bytes) for every response the page loads, JavaScript on."""
    page = browser.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    files = []
    for response in responses:
        body = response.body() if response.status < 300 else b""
        files.append((response.url, len(body), len(gzip.compress(body, compresslevel=6))))
    page.close()
    return files


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        site = Path(scratch) / "site"
        build.build(site=site, docs=Path(scratch) / "docs")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        with serving(site) as base:
            for page in PAGES:
                files = loaded_files(browser, base + page)
                print(f"{page}")
                for url, raw, compressed in files:
                    print(f"  {compressed:>7,} gz {raw:>9,} raw  {url.removeprefix(base)}")
                total = sum(compressed for _, _, compressed in files)
                verdict = "within" if total <= BUDGET_BYTES else "OVER"
                print(f"  {total:>7,} gz in {len(files)} files: {verdict} the {BUDGET_BYTES:,} byte budget\n")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
