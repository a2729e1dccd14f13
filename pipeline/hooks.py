"""Thin MkDocs hooks: data markers filled, raw HTML set aside, the CSP added, assets from other hosts refused, theme files pruned."""

from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from pipeline import paths
from pipeline.charts import preview_style
from pipeline.pages import csp, external_assets, host_headers, html_blocks, markers, static_links
from pipeline.problems import Problem, ProblemsFound

UNUSED_THEME_FOLDER = "assets/javascripts/"
# this build's marker data, marker problems, raw HTML set aside, own host and assets found on other hosts
_build = {"values": None, "problems": [], "set_aside": {}, "own_host": None, "external": []}


def is_unused_theme_file(src_uri: str, src_dir: str | None, docs_dir: str) -> bool:
    """True for a file the theme ships that no page of this site loads."""
    from_theme = src_dir is not None and not static_links.from_docs(src_dir, docs_dir)
    return from_theme and (src_uri.startswith(UNUSED_THEME_FOLDER) or src_uri.endswith(".map"))


def _template_cache() -> Path:
    folder = paths.CACHE / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def on_config(config):
    _build["values"] = markers.load(Path(config["docs_dir"]))
    _build["problems"] = []
    _build["set_aside"] = {}
    _build["own_host"] = urlsplit(config["site_url"] or "").hostname
    _build["external"] = []
    config["extra"]["preview_image"] = preview_style.IMAGE  # the type and size overrides/main.html gives every preview
    return config


def _refuse_external(name: str, addresses: list[str]) -> None:
    _build["external"] += [Problem(name, None, None, external_assets.problem_message(address)) for address in addresses]


def on_files(files, config):
    for file in list(files):
        if is_unused_theme_file(file.src_uri, file.src_dir, config["docs_dir"]):
            files.remove(file)
        elif file.src_uri.endswith(external_assets.READ_SUFFIXES) and not file.is_documentation_page():
            _refuse_external(file.src_uri, external_assets.in_file(file.src_uri, file.content_string, _build["own_host"]))
    extra = [*config["extra_css"], *map(str, config["extra_javascript"])]
    _refuse_external("mkdocs.yml", external_assets.elsewhere(extra, _build["own_host"]))
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
    static_links.link(files, config["docs_dir"])
    return env


def on_post_page(output, page, config):
    output = output if csp.OWN_POLICY_MARKER in output else csp.with_policy(output)
    _refuse_external(page.file.src_uri, external_assets.in_html(output, _build["own_host"]))
    return output


def on_post_template(output_content, template_name, config):
    """Pages made from templates alone (404.html) carry the policy too."""
    if not template_name.endswith(".html"):
        return output_content
    _refuse_external(template_name, external_assets.in_html(output_content, _build["own_host"]))
    return csp.with_policy(output_content)


def on_post_build(config):
    """Stop the build on any asset from another host, naming each page and address; else write the _headers file for
    static hosts, from the policies the pages now carry."""
    if _build["external"]:
        raise ProblemsFound(_build["external"])
    host_headers.write(Path(config["site_dir"]))
