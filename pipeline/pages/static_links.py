"""Put the docs' static files (charts, downloads) into the built site as hard links, not byte-for-byte copies."""

import functools
import os
import stat
from pathlib import Path

READABLE_BY_ALL = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH


@functools.cache
def _resolved(folder: str) -> Path:
    return Path(folder).resolve()


def from_docs(src_dir: str | None, docs_dir: str) -> bool:
    """True for a file of docs_dir, False for one the theme ships (or one made in memory)."""
    return src_dir is not None and _resolved(src_dir) == _resolved(docs_dir)


def link(files, docs_dir: str) -> None:
    """Hard-link the static files of docs_dir (35 MB, mostly links into the build cache, never written into) into
    site_dir: MkDocs copies files next (Files.copy_static_files) and passes over one already there as the same file
    (shutil.SameFileError). One that cannot be linked, or is not readable by all, is left for MkDocs to copy."""
    for file in files:
        if not from_docs(file.src_dir, docs_dir) or file.is_documentation_page() or not file.inclusion.is_included():
            continue
        try:
            if os.stat(file.abs_src_path).st_mode & READABLE_BY_ALL != READABLE_BY_ALL:
                continue  # a copy takes the usual permissions; a link would keep these
            os.makedirs(os.path.dirname(file.abs_dest_path), exist_ok=True)
            os.link(file.abs_src_path, file.abs_dest_path)
        except OSError:
            pass  # another file system, say: MkDocs copies it
