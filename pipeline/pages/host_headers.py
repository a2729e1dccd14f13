"""The _headers file that Netlify and Cloudflare Pages read: each page's CSP as an HTTP header, and security headers."""

from collections import defaultdict
from pathlib import Path

from pipeline.pages import csp

NAME = "_headers"
EMBED_FOLDER = "embed"  # where pipeline.pages.extras writes the pages other sites frame: they may be framed from anywhere
NOT_FRAMED = "frame-ancestors 'none'"
FRAMED_ANYWHERE = "frame-ancestors *"
# Features a page of this site never uses, turned off for it and for anything it might frame.
UNUSED_FEATURES = ["accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen",
                   "geolocation", "gyroscope", "hid", "idle-detection", "magnetometer", "microphone", "midi", "payment",
                   "picture-in-picture", "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
                   "xr-spatial-tracking"]
EVERY_FILE = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
              "Permissions-Policy": ", ".join(f"{feature}=()" for feature in UNUSED_FEATURES)}


def page_header(relative: Path, html: str) -> str:
    """The Content-Security-Policy header of one page: the policy its meta tag carries, and who may frame it.

    frame-ancestors is ignored in a meta tag, which is why it is only here."""
    framing = FRAMED_ANYWHERE if relative.parts[0] == EMBED_FOLDER else NOT_FRAMED
    return f"{csp.carried_policy(html)}; {framing}"


def addresses(relative: Path) -> list[str]:
    """The paths a page is served at: as written, and without .html (or as its folder, for an index) for hosts that
    drop the suffix."""
    written = "/" + relative.as_posix()
    if relative.name == "index.html":
        return [written[: -len("index.html")], written]
    return [written, written[: -len(".html")]]


def rules(site: Path) -> list[tuple[list[str], dict[str, str]]]:
    """(paths, headers) rules whose CSP paths never overlap, since the two hosts merge a header set twice differently.

    A folder whose pages share one policy gets one rule for everything in it; other pages get one rule each."""
    found = [(["/*"], EVERY_FILE)]
    by_folder: dict[str, dict[Path, str]] = defaultdict(dict)
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site)
        folder = relative.parts[0] if len(relative.parts) > 1 else ""
        by_folder[folder][relative] = page_header(relative, page.read_text(encoding="utf-8"))
    for folder, headers in sorted(by_folder.items()):
        if folder and len(set(headers.values())) == 1:
            found.append(([f"/{folder}/*"], {"Content-Security-Policy": next(iter(headers.values()))}))
            continue
        found += [(addresses(relative), {"Content-Security-Policy": header}) for relative, header in headers.items()]
    return found


def text(site: Path) -> str:
    """The _headers file for a built site."""
    lines = ["# Written by the build for static hosts that read it (Netlify, Cloudflare Pages). The CSP repeats each",
             "# page's meta policy and adds frame-ancestors, which only works as a header."]
    for rule_paths, headers in rules(site):
        for path in rule_paths:
            lines += ["", path] + [f"  {name}: {value}" for name, value in headers.items()]
    return "\n".join(lines) + "\n"


def write(site: Path) -> Path:
    target = site / NAME
    target.write_text(text(site), encoding="utf-8")
    return target
