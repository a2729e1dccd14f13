"""Find what a page or style sheet would load from another host: scripts, style sheets, images, fonts, media, frames."""

import html
import re
from urllib.parse import urlsplit

from pipeline.pages.any_case import any_case

# tags that make a browser fetch what an attribute names, and those attributes (srcset-like ones list several)
LOADING_TAGS = ["link", "script", "img", "image", "use", "source", "video", "audio", "track", "iframe", "embed", "object"]
LOADING_TAG = re.compile(rf"<(?:{'|'.join(map(any_case, LOADING_TAGS))})\b([^>]*)>")
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
LOADING_ATTRIBUTES = {"src", "href", "xlink:href", "poster", "data"}
SET_ATTRIBUTES = {"srcset", "imagesrcset"}
# <style> blocks, and in them (and in .css files) url(...) and @import "..."; style attributes are not read: every
# page's policy (csp.py, style-src 'self') keeps a browser from applying them
STYLE_BLOCK = re.compile(rf"<{any_case('style')}\b[^>]*>(.*?)</{any_case('style')}\s*>", re.S)
CSS_ADDRESS = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*))\s*\)|@import\s*(?:"([^"]*)"|'([^']*)')""", re.I)
# a script file that names a style sheet, script or JSON elsewhere (the check Material's privacy plugin made)
SCRIPT_ADDRESS = re.compile(r"""["']((?:https?:)?//[^"']+\.(?:css|js(?:on)?))["']""", re.I)
LOCAL_SCHEMES = {"data", "blob", "about", "javascript", "mailto", "tel"}  # nothing is fetched from a host for these
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
READ_SUFFIXES = (".css", ".js", ".html", ".htm")  # the published files in_file reads
# an address naming a host has one of these once tabs and line breaks are dropped (as browsers drop them); & for an entity
HOST_SIGNS = (":", "//", "\\", "&")
DROPPED = str.maketrans("", "", "\t\n\r")


def host_of(address: str) -> str | None:
    """The host a browser would fetch address from, lower-cased; None for a relative address or one fetched from
    nowhere (data:, blob:). Read as browsers read it: entities decoded, spaces and tabs dropped, backslashes as slashes."""
    address = "".join(html.unescape(address).split()).replace("\\", "/")
    scheme = SCHEME.match(address)
    if scheme:
        if scheme.group(1).lower() in LOCAL_SCHEMES:
            return None
        rest = address[scheme.end():]
    elif address.startswith("//"):
        rest = address
    else:
        return None
    authority = re.split(r"[/?#]", rest.lstrip("/"), maxsplit=1)[0]  # https:evil.org and https:/evil.org load from evil.org
    host = urlsplit("//" + authority).hostname if authority else None
    return host or authority.lower() or "?"


def elsewhere(addresses: list[str], own_host: str | None) -> list[str]:
    """Those of addresses on another host."""
    return [address.strip() for address in addresses if host_of(address) not in (None, own_host)]


def _addresses_in_css(css: str) -> list[str]:
    return [next(group for group in match.groups() if group is not None) for match in CSS_ADDRESS.finditer(css)]


def in_css(css: str, own_host: str | None) -> list[str]:
    """Addresses on another host that a style sheet loads (fonts, images, imported sheets)."""
    return elsewhere(_addresses_in_css(css), own_host)


def in_script(script: str, own_host: str | None) -> list[str]:
    """Style sheets, scripts and JSON on another host that a script names."""
    return elsewhere(SCRIPT_ADDRESS.findall(script), own_host)


def in_html(page: str, own_host: str | None) -> list[str]:
    """Addresses on another host that an HTML page loads, in the order they appear (a link to another site is fine)."""
    found = []
    for tag in LOADING_TAG.finditer(page):
        attributes = tag.group(1)
        if not any(sign in attributes.translate(DROPPED) for sign in HOST_SIGNS):
            continue  # only relative addresses: nothing here names a host
        for name, *values in ATTRIBUTE.findall(attributes):
            name, value = name.lower(), next((value for value in values if value), "")
            if name in LOADING_ATTRIBUTES:
                candidates = [value]
            elif name in SET_ATTRIBUTES:
                candidates = [candidate.split()[0] for candidate in html.unescape(value).split(",") if candidate.split()]
            else:
                continue
            found += [html.unescape(address) for address in elsewhere(candidates, own_host)]
    for style in STYLE_BLOCK.finditer(page):
        found += in_css(style.group(1), own_host)
    return found


def in_file(name: str, text: str, own_host: str | None) -> list[str]:
    """Addresses on another host that a published file loads, read by its kind: style sheet, script or HTML page."""
    if name.endswith(".css"):
        return in_css(text, own_host)
    if name.endswith(".js"):
        return in_script(text, own_host)
    return in_html(text, own_host) if name.endswith((".html", ".htm")) else []


def problem_message(address: str) -> str:
    return (f"loads {address} from another host: the site loads nothing from elsewhere (no scripts, style sheets, "
            "images or fonts); copy it into docs/assets")
