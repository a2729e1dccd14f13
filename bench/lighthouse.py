"""Print Lighthouse scores (mobile preset) for the home page, a data package page and a police force page of a fresh build.

Served with gzip as a production host would, and built with the address it is served at (SITE_URL), as a published
site is: without an address, canonical links are relative and Lighthouse's SEO canonical audit fails. Pass --no-gzip to
serve files as they are."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from local_server import serving  # noqa: E402
from measure import machine  # noqa: E402

from pipeline import build, identity, paths  # noqa: E402

LIGHTHOUSE = paths.ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
PAGES = ["index.html", "packages/pas-survey-2011.html", "forces/cheshire.html"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def run_lighthouse(url: str, report: Path) -> dict:
    """One Lighthouse run with Debian Chromium; the parsed JSON report."""
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
               f"--only-categories={','.join(CATEGORIES)}",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking"]
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    return json.loads(report.read_text())


def shortfalls(report: dict) -> list[str]:
    """Scored audits that did not get full marks, with their displayed values."""
    lines = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                lines.append(f"    {category['id']}: {ref['id']} {audit['score']} {audit.get('displayValue', '')}")
    return lines


def main() -> int:
    if not LIGHTHOUSE.exists():
        print("node_modules/.bin/lighthouse is missing: run 'npm ci'", file=sys.stderr)
        return 1
    print(machine())
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        with serving(site, compress="--no-gzip" not in sys.argv) as base:  # files are read per request: build after
            os.environ[identity.VARIABLE] = base
            build.build(site=site, docs=Path(scratch) / "docs")
            print(f"built for and served at {base}")
            for page in PAGES:
                report = run_lighthouse(base + page, Path(scratch) / "report.json")
                scores = "  ".join(f"{name} {round(report['categories'][name]['score'] * 100)}" for name in CATEGORIES)
                print(f"{page}: {scores}")
                for key in ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"]:
                    print(f"    {key}: {report['audits'][key]['displayValue']}")
                print("\n".join(shortfalls(report)) or "    every scored audit passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
