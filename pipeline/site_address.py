"""The site's public address: mkdocs.yml's optional site_url, or a clearly marked placeholder."""

from pathlib import Path

import yaml

from . import paths

PLACEHOLDER = "https://site-address-not-set.invalid/"
PLACEHOLDER_NOTE = ("This site has no fixed public address yet, so addresses below start with the placeholder "
                    f"{PLACEHOLDER} (the .invalid domain never resolves): replace it with the address you read this page at.")


class _IgnoreTags(yaml.SafeLoader):
    """A safe loader that reads mkdocs.yml's !!python and !ENV tags as plain nothing."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def base(config: Path = paths.MKDOCS_CONFIG) -> str:
    """The site's base address ending in '/', from site_url, or PLACEHOLDER when it is not set."""
    settings = yaml.load(config.read_text(encoding="utf-8"), Loader=_IgnoreTags) or {}
    url = str(settings.get("site_url") or "").strip()
    if not url.startswith(("https://", "http://")):
        return PLACEHOLDER
    return url if url.endswith("/") else url + "/"


def is_placeholder(address: str) -> bool:
    return address.startswith(PLACEHOLDER)
