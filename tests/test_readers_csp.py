"""The Content-Security-Policy written after the build: one per page, hashes that let exactly the page's own scripts run."""

import re

import pytest
from browsing import RECORD_VIOLATIONS
from test_readers_browser import PAGES

from pipeline.pages import csp

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>t</title>
<script type="application/ld+json">{"@type": "Dataset"}</script>
<script>document.documentElement.dataset.first = "ran"</script>
</head><body>
<script>document.body.dataset.second = "ran"</script>
<script>document.body.dataset.second = "ran"</script>
</body></html>"""


def test_hashes_cover_runnable_inline_scripts_once_and_skip_data_blocks():
    hashes = csp.inline_script_hashes(PAGE)
    assert len(hashes) == 2 and all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", expression) for expression in hashes)
    assert csp.inline_script_hashes('<script src="a.js"></script><script type="application/json">{}</script>') == []


def test_policy_is_strict_and_written_once():
    once = csp.with_policy(PAGE)
    twice = csp.with_policy(once)
    assert twice == once
    assert once.count('http-equiv="Content-Security-Policy"') == 1
    policy = csp.policy_for(PAGE)
    assert "default-src 'self'" in policy and "unsafe" not in policy
    with pytest.raises(ValueError):
        csp.with_policy("<p>no head</p>")


def run_in_chromium(browser, tmp_path, html: str) -> dict:
    page_file = tmp_path / "page.html"
    page_file.write_text(html, encoding="utf-8")
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.goto(page_file.as_uri())
    outcome = page.evaluate("""() => ({
        first: document.documentElement.dataset.first || null,
        second: document.body.dataset.second || null,
        violations: window.__cspViolations,
    })""")
    context.close()
    return outcome


def test_chromium_runs_the_hashed_scripts(browser, tmp_path):
    outcome = run_in_chromium(browser, tmp_path, csp.with_policy(PAGE))
    assert outcome == {"first": "ran", "second": "ran", "violations": []}


def test_chromium_blocks_a_script_changed_after_the_policy_was_written(browser, tmp_path):
    tampered = csp.with_policy(PAGE).replace('dataset.first = "ran"', 'dataset.first = "injected"')
    outcome = run_in_chromium(browser, tmp_path, tampered)
    assert outcome["first"] is None and outcome["second"] == "ran"
    assert len(outcome["violations"]) == 1 and outcome["violations"][0].startswith("script-src")


@pytest.mark.parametrize("page_path", PAGES)
def test_built_page_has_one_policy_before_any_script_or_style(built_site, page_path):
    html = (built_site / page_path).read_text(encoding="utf-8")
    policies = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert len(policies) == 1
    position = html.index('http-equiv="Content-Security-Policy"')
    assert position < html.index("<script") and position < html.index("<link")
    assert "unsafe" not in policies[0] and "://" not in policies[0]
    assert policies[0] == csp.policy_for(html)
