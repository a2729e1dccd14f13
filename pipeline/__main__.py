"""Command line: python -m pipeline validate | build | import | serve | new-package | schemas (see --help for each)."""

import argparse
import signal
import sys
from pathlib import Path

from pipeline import logs, paths
from pipeline.problems import ProblemsFound

IMPORTERS = {"home-office": "pipeline.importers.home_office_recorded_crime",
             "home-office-outcomes": "pipeline.importers.home_office_outcomes"}


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="validate data packages (all of them when no path is given)")
    check.add_argument("paths", nargs="*", help="package folders or their datapackage.json")
    build = commands.add_parser("build", help="validate, then build the site into site/")
    build.add_argument("--site-dir", type=Path, default=paths.SITE, help="where to publish (default: site/)")
    build.add_argument("--datapackages", type=Path, default=paths.DATAPACKAGES,
                       help="folder of data packages to publish (default: datapackages/)")
    importer = commands.add_parser("import", help="import an official table in its published layout into a package")
    importer.add_argument("source", choices=sorted(IMPORTERS), help="which publisher's layout to read")
    importer.add_argument("options", nargs=argparse.REMAINDER, help="RAW_DIR [--out DIR]; see 'import SOURCE -h'")
    preview = commands.add_parser("serve", help="preview with live reload, rebuilding only what an edit changes")
    preview.add_argument("--dev-addr", default="127.0.0.1:8000", help="host:port to serve on (default: 127.0.0.1:8000)")
    preview.add_argument("paths", nargs="*", help="package folders (default: every package in datapackages/)")
    scaffold = commands.add_parser("new-package", help="scaffold datapackages/NAME: shared resources, an example figure, a chart")
    scaffold.add_argument("name", help="the package's name: lower-case words joined by '-'")
    scaffold.add_argument("--datapackages", type=Path, default=paths.DATAPACKAGES, help="where to write it (default: datapackages/)")
    schemas = commands.add_parser("schemas", help="rewrite every package's figures and sources resources from their shared definitions")
    schemas.add_argument("--check", action="store_true", help="only report packages that differ (exit 1), writing nothing")
    schemas.add_argument("paths", nargs="*", help="package folders (default: every package in datapackages/)")
    return parser.parse_args(argv)


def report(problems, outcome: str) -> int:
    """Print every problem on its own line, sorted by file, row and field, then the count; exit status 1."""
    for problem in sorted(problems, key=lambda p: (p.file, p.row or 0, p.field or "", p.message)):
        print(problem, file=sys.stderr)
    print(f"{len(problems)} problem(s) found{outcome}", file=sys.stderr)
    return 1


class Stopped(BaseException):
    """A signal asked the build to stop; cleanup runs as it unwinds (BaseException: no library swallows it)."""


def stop(number, frame) -> None:
    raise Stopped(signal.Signals(number).name)


def validate_command(arguments: argparse.Namespace) -> int:
    """Validate packages: 0 when all are valid, 1 with one line per problem, never a traceback."""
    from pipeline.charts.kinds import KINDS
    from pipeline.validation.validate import resolve, validate_packages

    folders = resolve(arguments.paths)
    try:
        _, problems = validate_packages(folders, KINDS)
    except KeyboardInterrupt:
        print("validate: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - a bug in a check must still give one line, not a traceback
        print(f"validate: failed ({type(error).__name__}: {error})", file=sys.stderr)
        return 2
    if problems:
        return report(problems, ".")
    print(f"{len(folders)} data package(s) valid.")
    return 0


def build_command(arguments: argparse.Namespace) -> int:
    """Build and publish; on problems, a signal or any failure the published site stays as it was."""
    from pipeline.build import build

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # a parent that blocked these signals (a test runner's worker thread, say) passes its mask on: Ctrl-C must still stop us
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    site = arguments.site_dir.resolve()
    try:
        build(site=site, datapackages=arguments.datapackages.resolve())
    except ProblemsFound as found:
        return report(found.problems, "; nothing published.")
    except Stopped as stopped:
        print(f"build: stopped by {stopped}; {paths.display(site)} left as it was.", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - one clear line, never a traceback, for any failure
        print(f"build: failed ({type(error).__name__}: {error}); {paths.display(site)} left as it was.", file=sys.stderr)
        return 2
    return 0


def import_command(arguments: argparse.Namespace) -> int:
    """Tidy an official table, with provenance, from the layout it is published in."""
    from importlib import import_module

    return import_module(IMPORTERS[arguments.source]).main(arguments.options)


def serve_command(arguments: argparse.Namespace) -> int:
    """Preview with live reload until stopped."""
    from pipeline.serve import serve

    host, _, port = arguments.dev_addr.rpartition(":")
    serve(host, int(port), [Path(path) for path in arguments.paths] or None)
    return 0


def new_package_command(arguments: argparse.Namespace) -> int:
    """Scaffold a valid package to fill in."""
    from pipeline import new_package

    try:
        folder = new_package.scaffold(arguments.name, arguments.datapackages)
    except ValueError as error:
        print(f"new-package: {error}", file=sys.stderr)
        return 1
    print(f"wrote {paths.display(folder)}: replace the example figure, source and chart, then run 'python -m pipeline validate'")
    return 0


def schemas_command(arguments: argparse.Namespace) -> int:
    """Write (or with --check, compare) the shared figures and sources resources of every package."""
    from pipeline.validation import packages, shared_schemas
    from pipeline.validation.validate import resolve

    problems, written = [], []
    for folder in resolve(arguments.paths):
        package, _ = packages.load(folder)
        if package is None:
            continue
        if arguments.check:
            problems += shared_schemas.check(package)
        elif shared_schemas.write(folder / paths.DESCRIPTOR_NAME):
            written.append(folder.name)
    if problems:
        return report(problems, ".")
    print(f"rewrote: {', '.join(written)}" if written else "every package's shared resources match their definitions")
    return 0


def main(argv: list[str] | None = None) -> int:
    arguments = parse(sys.argv[1:] if argv is None else argv)
    logs.show_progress()
    commands = {"validate": validate_command, "build": build_command, "import": import_command, "serve": serve_command,
                "new-package": new_package_command, "schemas": schemas_command}
    return commands[arguments.command](arguments)


if __name__ == "__main__":
    sys.exit(main())
