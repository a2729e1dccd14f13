"""The site's identity, read from mkdocs.yml in this one place: its name, its licence and its public address."""

import functools
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline import paths

PLACEHOLDER = "https://site-address-not-set.invalid/"
VARIABLE = "SITE_URL"  # publishes one checkout at another address without editing mkdocs.yml
PLACEHOLDER_NOTE = ("This site has no fixed public address yet, so addresses below start with the placeholder "
                    f"{PLACEHOLDER} (the .invalid domain never resolves): replace it with the address you read this page at.")


class _IgnoreTags(yaml.SafeLoader):
    """A safe loader that reads mkdocs.yml's !!python and !ENV tags as plain nothing."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Identity:
    """Who publishes the site and under which licence."""

    name: str
    licence: str
    licence_url: str


@functools.cache
def _settings(config: Path, stamp: tuple[int, int]) -> dict:
    return yaml.load(config.read_text(encoding="utf-8"), Loader=_IgnoreTags) or {}


def settings(config: Path = paths.MKDOCS_CONFIG) -> dict:
    """mkdocs.yml as plain data, read again only when the file changes."""
    status = config.stat()
    return _settings(config, (status.st_mtime_ns, status.st_size))


def site(config: Path = paths.MKDOCS_CONFIG) -> Identity:
    """The site's name (site_name) and the licence of its data compilation (extra.licence, extra.licence_url)."""
    values = settings(config)
    extra = values.get("extra") or {}
    return Identity(name=str(values["site_name"]), licence=str(extra["licence"]), licence_url=str(extra["licence_url"]))


def base(config: Path = paths.MKDOCS_CONFIG) -> str:
    """The site's base address ending in '/': SITE_URL, else site_url, else PLACEHOLDER when neither is an address.

    A SITE_URL that is set but is no address raises ValueError: someone meant to publish, so it must not pass silently."""
    url = os.environ.get(VARIABLE, "").strip()
    if url and not url.startswith(("https://", "http://")):
        raise ValueError(f"{url!r} is not an address: it must start with https:// (or http://)")
    url = url or str(settings(config).get("site_url") or "").strip()
    if not url.startswith(("https://", "http://")):
        return PLACEHOLDER
    return url if url.endswith("/") else url + "/"


def is_placeholder(address: str) -> bool:
    return address.startswith(PLACEHOLDER)


def public() -> str | None:
    """The site's base address, or None while it has none (for mkdocs' site_url and the absolute links of pages)."""
    address = base()
    return None if is_placeholder(address) else address
