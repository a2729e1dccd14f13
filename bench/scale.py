"""Validate and build SYNTHETIC police-outcome packages of 10k, 100k and 1M rows; compare with upstream frictionless."""

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

from bench.measure import OUT, machine, python, run, seconds
from pipeline.publish.downloads import EXPORT_ROW_LIMIT

PROBLEM = re.compile(r"^(?P<file>[^:]+):(?P<row>\d+|-):(?P<field>[^:]*): (?P<message>.*)$")
# our one-line messages, by the frictionless error type behind them (the first pattern that matches wins)
ERROR_TYPES = [("foreign-key", re.compile(r"dangling foreign key")), ("primary-key", re.compile(r"^duplicate primary key")),
               ("unique-error", re.compile(r"is already used in")),
               ("constraint-error", re.compile(r"^a value is required|is not one of|is (below|above) the|does not match "
                                               r"the pattern|than the (min|max)Length|breaks the")),
               ("type-error", re.compile(r" is not an? "))]
BUILD = """
import sys
from pathlib import Path
from pipeline import build, cache, packages
folder, out = Path(sys.argv[1]), Path(sys.argv[2])
build.build(site=out / "site", docs=out / "docs", folders=packages.discover() + [folder], store=cache.Cache(out / "cache"))
"""


def generate(root: Path, rows: int, defects: bool) -> tuple[Path, list]:
    """Write a synthetic package in a child process, so this process stays small: a child forked from a big
    parent would start with the parent's memory and inflate the peak memory measured for it."""
    measured = run(python("-m", "bench.synthetic", str(rows), "--out", str(root), *(["--defects"] if defects else [])))
    if measured.exit_code != 0:
        raise SystemExit("\n".join(line for _, line in measured.stderr))
    written = json.loads(measured.stdout)
    return Path(written["folder"]), written["defects"]


def ours(folder: Path):
    """Our validator's findings as (row, field, error type), from the lines it prints."""
    measured = run(python("-m", "pipeline", "validate", str(folder)))
    found = set()
    for _, line in measured.stderr:
        match = PROBLEM.match(line)
        if match:
            message = match["message"]
            kind = next((value for value, pattern in ERROR_TYPES if pattern.search(message)), message)
            found.add((int(match["row"]) if match["row"] != "-" else None, match["field"] or None, kind))
    return measured, found


def upstream(folder: Path):
    """Upstream `frictionless validate --json` findings as (row, field, error type), fields named as we name them."""
    command = [str(Path(sys.executable).with_name("frictionless")), "validate", str(folder / "datapackage.json"), "--json"]
    measured = run(command)
    report = json.loads(measured.stdout)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    keys = {resource["name"]: ",".join(resource["schema"].get("primaryKey", [])) for resource in descriptor["resources"]}
    found = set()
    for task in report["tasks"]:
        for error in task["errors"]:
            if error["type"] == "primary-key":
                field = keys[task["name"]]
            elif error["type"] == "foreign-key":
                field = ",".join(error["fieldNames"])
            else:
                field = error.get("fieldName")
            found.add((error.get("rowNumber"), field, error["type"]))
    return measured, found


def build(folder: Path, out: Path):
    """A cold build of the shipped packages plus this one (empty cache), then a rebuild with nothing changed."""
    if out.exists():
        shutil.rmtree(out)
    cold = run(python("-c", BUILD, str(folder), str(out)))
    warm = run(python("-c", BUILD, str(folder), str(out)))
    for measured in (cold, warm):
        if measured.exit_code != 0:
            raise SystemExit("build failed:\n" + "\n".join(line for _, line in measured.stderr[-20:]))
    return cold, warm


def growth(label: str, sizes: list[int], values: list[float]) -> str:
    """Cost per 100,000 rows between consecutive sizes: roughly constant when cost grows linearly."""
    steps = [f"{(values[i + 1] - values[i]) / (sizes[i + 1] - sizes[i]) * 100_000:.2f}" for i in range(len(sizes) - 1)]
    return f"  {label:40} {' -> '.join(steps)} s per extra 100k rows"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    sizes = parser.parse_args().sizes
    print(machine(), flush=True)
    root = OUT / "scale"
    table = []
    for rows in sizes:
        clean, _ = generate(root, rows, defects=False)
        broken, defects = generate(root, rows, defects=True)
        size_mb = (clean / "data" / "outcomes.csv").stat().st_size / 1024 / 1024
        print(f"\n{rows:,} rows ({size_mb:.0f} MB CSV), synthetic, in {clean.parent.relative_to(OUT.parent.parent)}", flush=True)
        mine, mine_found = ours(broken)
        theirs, their_found = upstream(broken)
        expected = {tuple(defect) for defect in defects}
        print(f"  validate, ours:                  {seconds(mine)}")
        print(f"  validate, upstream frictionless: {seconds(theirs)}")
        print(f"  upstream / ours:                 {theirs.wall / mine.wall:.1f}x wall clock, {theirs.cpu / mine.cpu:.1f}x CPU")
        same = mine_found == their_found
        print(f"  findings on {len(defects)} injected defects: ours {len(mine_found)}, upstream {len(their_found)}, "
              f"identical: {'yes' if same else 'NO'}; equal to the defects written: {'yes' if mine_found == expected else 'NO'}")
        for extra in sorted(mine_found ^ their_found, key=str):
            print(f"    differs: {extra} {'(ours only)' if extra in mine_found else '(upstream only)'}")
        cold, warm = build(clean, OUT / "scale" / f"build-{rows}")
        verdict = "met" if cold.wall <= 60 and cold.tree_peak_mb < 1024 else "NOT met"
        target = f"  target <= 60 s and < 1024 MB: {verdict}" if rows >= 1_000_000 else ""
        print(f"  build (validate + tables + charts + pages + mkdocs), cold: {seconds(cold)}{target}")
        print(f"  rebuild, nothing changed:        {seconds(warm)}")
        for step, spent in cold.steps():
            if spent >= 0.05:
                print(f"    {spent:6.2f} s  {step}")
        table.append((rows, mine, theirs, cold, warm))
    if len(table) > 1:
        print("\ngrowth (linear when the cost per extra 100k rows stays about the same):")
        print(growth("validate, ours (wall)", sizes, [row[1].wall for row in table]))
        print(growth("validate, upstream frictionless", sizes, [row[2].wall for row in table]))
        print(growth("validate, ours (CPU)", sizes, [row[1].cpu for row in table]))
        print(growth("validate, upstream frictionless (CPU)", sizes, [row[2].cpu for row in table]))
        print(growth("cold build (wall)", sizes, [row[3].wall for row in table]))
        print(growth("cold build (CPU)", sizes, [row[3].cpu for row in table]))
        print(f"  (a table of more than {EXPORT_ROW_LIMIT:,} rows is left out of the XLSX and JSON exports, the slowest "
              "files to write, so a build's cost per row falls past that size)")
        print(f"  peak memory of the cold build, with its workers: {' -> '.join(f'{row[3].tree_peak_mb:.0f}' for row in table)} MB")
        print(f"  rebuild with nothing changed: {' -> '.join(f'{row[4].wall:.2f}' for row in table)} s")


if __name__ == "__main__":
    main()
