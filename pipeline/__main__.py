"""Command line: python -m pipeline validate [PATH...] | build [--site-dir DIR] | serve [--dev-addr HOST:PORT] [PATH...]."""

import argparse
import sys
from pathlib import Path

from . import paths
from .problems import ProblemsFound


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="validate data packages (all of them when no path is given)")
    check.add_argument("paths", nargs="*", help="package folders or their datapackage.json")
    build = commands.add_parser("build", help="validate, then build the site into site/")
    build.add_argument("--site-dir", type=Path, default=paths.SITE, help="where to publish (default: site/)")
    preview = commands.add_parser("serve", help="preview with live reload, rebuilding only what an edit changes")
    preview.add_argument("--dev-addr", default="127.0.0.1:8000", help="host:port to serve on (default: 127.0.0.1:8000)")
    preview.add_argument("paths", nargs="*", help="package folders (default: every package in datapackages/)")
    return parser.parse_args(argv)


def report(problems) -> int:
    for problem in sorted(problems, key=lambda p: (p.file, p.row or 0, p.field or "", p.message)):
        print(problem, file=sys.stderr)
    print(f"{len(problems)} problem(s) found; nothing published.", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    arguments = parse(sys.argv[1:] if argv is None else argv)
    if arguments.command == "validate":
        from .validate import resolve, validate_packages

        folders = resolve(arguments.paths)
        _, problems = validate_packages(folders)
        if problems:
            return report(problems)
        print(f"{len(folders)} data package(s) valid.")
        return 0
    if arguments.command == "serve":
        from .serve import serve

        host, _, port = arguments.dev_addr.rpartition(":")
        serve(host, int(port), [Path(path) for path in arguments.paths] or None)
        return 0
    from .build import build

    try:
        build(site=arguments.site_dir.resolve())
    except ProblemsFound as found:
        return report(found.problems)
    return 0


if __name__ == "__main__":
    sys.exit(main())
