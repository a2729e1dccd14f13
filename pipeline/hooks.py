"""Thin MkDocs hooks: data markers filled, raw HTML set aside from Markdown, the CSP added, unused theme files dropped."""

import functools
from pathlib import Path

import jinja2

from pipeline import paths
from pipeline.charts import preview_style
from pipeline.pages import csp, host_headers, html_blocks, markers
from pipeline.problems import Problem, ProblemsFound

UNUSED_THEME_FOLDER = "assets/javascripts/"
_build = {"values": None, "problems": [], "set_aside": {}}  # this build's marker data, marker problems and raw HTML set aside


def is_unused_theme_file(src_uri: str, src_dir: str | None, docs_dir: str) -> bool:
    """True for a file the theme ships that no page of this site loads."""
    from_theme = src_dir is not None and _resolved(src_dir) != _resolved(docs_dir)
    return from_theme and (src_uri.startswith(UNUSED_THEME_FOLDER) or src_uri.endswith(".map"))


@functools.cache
def _resolved(folder: str) -> Path:
    return Path(folder).resolve()


def _template_cache() -> Path:
    folder = paths.CACHE / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def on_config(config):
    _build["values"] = markers.load(Path(config["docs_dir"]))
    _build["problems"] = []
    _build["set_aside"] = {}
    config["extra"]["preview_image"] = preview_style.IMAGE  # the type and size overrides/main.html gives every preview
    return config


def on_files(files, config):
    for file in list(files):
        if is_unused_theme_file(file.src_uri, file.src_dir, config["docs_dir"]):
            files.remove(file)
    return files


def on_page_markdown(markdown, page, config, files):
    if markers.has_markers(markdown):
        if _build["values"] is None:
            raise ProblemsFound([Problem(page.file.src_uri, None, None, "data markers, but no data: build with python -m pipeline")])
        markdown, problems = markers.fill(markdown, page.file.src_uri, _build["values"])
        _build["problems"] += problems
    markdown, _build["set_aside"][page.file.src_uri] = html_blocks.set_aside(markdown)
    return markdown


def on_page_content(html, page, config, files):
    try:
        return html_blocks.put_back(html, _build["set_aside"].pop(page.file.src_uri, []))
    except ValueError as lost:
        raise ProblemsFound([Problem(page.file.src_uri, None, None, str(lost))]) from None


def on_env(env, config, files):
    """Every page's markers are filled by now: stop the build on any unknown one, naming them all."""
    if _build["problems"]:
        raise ProblemsFound(_build["problems"])
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(_template_cache()))  # compiled theme templates, checked against their source
    return env


def on_post_page(output, page, config):
    return output if csp.OWN_POLICY_MARKER in output else csp.with_policy(output)


def on_post_template(output_content, template_name, config):
    """Pages made from templates alone (404.html) carry the policy too."""
    return csp.with_policy(output_content) if template_name.endswith(".html") else output_content


def on_post_build(config):
    """The _headers file for static hosts, from the policies the pages now carry."""
    host_headers.write(Path(config["site_dir"]))
