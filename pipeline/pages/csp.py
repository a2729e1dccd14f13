"""The Content-Security-Policy meta tag of a built page, allowing only its own inline scripts by hash."""

import base64
import hashlib
import re

from pipeline.pages.any_case import any_case

SCRIPT = re.compile(r"<script\b(?P<attributes>[^>]*)>(?P<body>.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
SOURCE_ATTRIBUTE = re.compile(r"\bsrc\s*=", re.IGNORECASE)
TYPE_ATTRIBUTE = re.compile(r"""\btype\s*=\s*["']?(?P<type>[^"'\s>]+)""", re.IGNORECASE)
EXISTING_POLICY = re.compile(r"""\s*<meta http-equiv="Content-Security-Policy"[^>]*>""", re.IGNORECASE)
# the same tag without the spaces before it: a search for EXISTING_POLICY (a pattern opening on \s*, in any case) tries
# every position of a page, this one only each "<"
ANY_POLICY = re.compile("<" + any_case('meta http-equiv="Content-Security-Policy"'))
POLICY_CONTENT = re.compile(r"""<meta http-equiv="Content-Security-Policy" content="(?P<policy>[^"]*)">""", re.IGNORECASE)
HEAD_OPENING = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
OWN_POLICY_MARKER = 'content="default-src \'none\''
JAVASCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}

# Everything from this site only; no inline styles, no plugins, no <base>, forms post only here.
FIXED_DIRECTIVES = [
    "default-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
]


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions ('sha256-…') for each inline script the browser would run, in page order, without repeats."""
    hashes = []
    for match in SCRIPT.finditer(html):
        attributes = match.group("attributes")
        script_type = TYPE_ATTRIBUTE.search(attributes)
        if SOURCE_ATTRIBUTE.search(attributes) or (script_type and script_type.group("type").lower() not in JAVASCRIPT_TYPES):
            continue
        digest = base64.b64encode(hashlib.sha256(match.group("body").encode("utf-8")).digest()).decode("ascii")
        expression = f"'sha256-{digest}'"
        if expression not in hashes:
            hashes.append(expression)
    return hashes


def policy_for(html: str) -> str:
    """The policy for one page: the fixed directives plus its inline scripts' hashes."""
    script_sources = " ".join(["'self'", *inline_script_hashes(html)])
    return "; ".join([FIXED_DIRECTIVES[0], f"script-src {script_sources}", *FIXED_DIRECTIVES[1:]])


def with_policy(html: str) -> str:
    """The page with its policy as the first element of <head>, replacing any earlier one."""
    if ANY_POLICY.search(html):
        html = EXISTING_POLICY.sub("", html)
    head = HEAD_OPENING.search(html)
    if head is None:
        raise ValueError("page has no <head>")
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{policy_for(html)}">'
    return html[:head.end()] + meta + html[head.end():]


def carried_policy(html: str) -> str:
    """The policy a built page carries in its meta tag: its own (embeds), or the one with_policy() wrote."""
    found = POLICY_CONTENT.search(html)
    if found is None:
        raise ValueError("page carries no Content-Security-Policy")
    return found.group("policy")

