"""The site's identity, read from mkdocs.yml in this one place: its name, its licence and its public address."""

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline import paths

PLACEHOLDER = "https://site-address-not-set.invalid/"
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
    """The site's base address ending in '/', from site_url, or PLACEHOLDER when it is not set."""
    url = str(settings(config).get("site_url") or "").strip()
    if not url.startswith(("https://", "http://")):
        return PLACEHOLDER
    return url if url.endswith("/") else url + "/"


def is_placeholder(address: str) -> bool:
    return address.startswith(PLACEHOLDER)
