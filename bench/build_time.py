"""Time builds of the shipped site: cold, unchanged, after editing one Markdown page and after editing one CSV byte."""

import argparse
import csv
import io
import shutil
import statistics
from pathlib import Path

from bench.measure import OUT, ROOT, machine, python, run, seconds

COPIED = ["pipeline", "docs", "datapackages", "overrides", "mkdocs.yml"]
TARGETS = {"cold": 10.0, "unchanged": 2.0, "one page edited": 1.5}  # issues 11 and 12


def copy_project(target: Path) -> None:
    """A private copy of the project, so edits and caches never touch the working tree."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copyfile(source, target / name)


def build(project: Path):
    measured = run(python("-m", "pipeline", "build"), cwd=project)
    if measured.exit_code != 0:
        raise SystemExit("build failed:\n" + "\n".join(line for _, line in measured.stderr))
    return measured


def edit_page(project: Path, round_number: int) -> None:
    """Append a sentence to the home page, the page with the most data markers (so they are filled again)."""
    page = project / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\nBenchmark edit {round_number}.\n", encoding="utf-8")


def edit_csv(project: Path, round_number: int) -> None:
    """Change one byte of one package's data: the last letter of the first figure's notes."""
    table = sorted((project / "datapackages").glob("*/data/figures.csv"))[0]
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8"))))
    column = rows[0].index("notes")
    rows[1][column] = rows[1][column][:-1] + "ab"[round_number % 2] if rows[1][column] else "a"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    table.write_text(out.getvalue(), encoding="utf-8")


def page_weights(site: Path) -> str:
    pages = sorted(site.rglob("*.html"), key=lambda path: path.stat().st_size, reverse=True)
    total = sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
    largest = ", ".join(f"{path.relative_to(site)} {path.stat().st_size / 1024:.0f} KB" for path in pages[:3])
    return f"site: {len(pages)} HTML pages, {total / 1024 / 1024:.1f} MB in all; largest pages: {largest}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="repeat each measurement this many times (default 3)")
    rounds = parser.parse_args().rounds
    print(machine(), flush=True)
    project = OUT / "project"
    results: dict[str, list] = {"cold": [], "unchanged": [], "one page edited": [], "one CSV byte edited": []}
    for number in range(rounds):
        copy_project(project)  # no build/ folder: nothing cached
        results["cold"].append(build(project))
        results["unchanged"].append(build(project))
        edit_page(project, number)
        results["one page edited"].append(build(project))
        edit_csv(project, number)
        results["one CSV byte edited"].append(build(project))
    print(f"\npython -m pipeline build of the shipped data, {rounds} round(s); median (fastest) wall-clock seconds:")
    for name, runs in results.items():
        walls = [measured.wall for measured in runs]
        target = f"  target <= {TARGETS[name]:g} s: {'met' if statistics.median(walls) <= TARGETS[name] else 'NOT met'}" \
            if name in TARGETS else ""
        print(f"  {name:22} {statistics.median(walls):6.2f} s ({min(walls):.2f}); last run: {seconds(runs[-1])}{target}")
    for name in ("cold", "one CSV byte edited"):
        print(f"\nwhere a {name} build spends its time (last round, wall clock):")
        for step, spent in results[name][-1].steps():
            print(f"  {spent:6.2f} s  {step}")
    print("\n" + page_weights(project / "site"))


if __name__ == "__main__":
    main()
