"""mkdocs hook: leave the theme's unused JavaScript (bundle, search worker, lunr) and source maps out of the site."""

from pathlib import Path

UNUSED_THEME_FOLDER = "assets/javascripts/"


def is_unused_theme_file(src_uri: str, src_dir: str | None, docs_dir: str) -> bool:
    """True for a file the theme ships that no page of this site loads."""
    from_theme = src_dir is not None and Path(src_dir).resolve() != Path(docs_dir).resolve()
    return from_theme and (src_uri.startswith(UNUSED_THEME_FOLDER) or src_uri.endswith(".map"))


def on_files(files, config):
    for file in list(files):
        if is_unused_theme_file(file.src_uri, file.src_dir, config["docs_dir"]):
            files.remove(file)
    return files
