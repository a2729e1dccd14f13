"""Write a SYNTHETIC data package shaped like police recorded crime outcome tables, optionally with known defects."""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

FORCES = [f"F{number:02d}" for number in range(1, 44)]
OFFENCES = ["stalking", "harassment", "malicious-communications", "coercive-control", "breach-of-order",
            "threats-to-kill", "criminal-damage", "common-assault", "public-order", "burglary", "theft", "fraud"]
QUARTERS = [f"{year}/{(year + 1) % 100:02d} Q{quarter}" for year in range(2005, 2025) for quarter in range(1, 5)]
OUTCOMES = [f"outcome-{number:02d}" for number in range(1, 26)]
SOURCE_ID = "synthetic-generator"
SYNTHETIC_NOTE = "SYNTHETIC benchmark data made by bench/synthetic.py: not real figures, never published."


@dataclass(frozen=True)
class Defect:
    """A defect written into the data on purpose: where it is and the frictionless error type it should raise."""

    row: int
    field: str
    error_type: str


def package_name(rows: int) -> str:
    """A folder and package name that says what the package is, e.g. synthetic-police-outcomes-100k."""
    size = f"{rows // 1_000_000}m" if rows % 1_000_000 == 0 else f"{rows // 1000}k" if rows % 1000 == 0 else str(rows)
    return f"synthetic-police-outcomes-{size}"


def _field(name: str, kind: str, description: str, **constraints) -> dict:
    field = {"name": name, "type": kind, "title": name.replace("_", " ").capitalize(), "description": description}
    if constraints:
        field["constraints"] = constraints
    return field


def _resource(name: str, title: str, fields: list[dict], primary_key: list[str], foreign_keys: list[dict]) -> dict:
    schema = {"fields": fields, "primaryKey": primary_key}
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return {"name": name, "type": "table", "path": f"data/{name}.csv", "scheme": "file", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "title": title, "description": SYNTHETIC_NOTE,
            "schema": schema}


def descriptor(name: str) -> dict:
    """The package descriptor: sources, forces and the large outcomes table with keys between them."""
    sources_fields = [
        _field("id", "string", "Source id.", required=True, unique=True, pattern="^[a-z0-9]+(-[a-z0-9]+)*$"),
        _field("title", "string", "Title.", required=True),
        _field("publisher", "string", "Publisher.", required=True),
        _field("published", "string", "Publication date.", required=True, pattern="^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"),
        _field("published_inferred", "boolean", "Date inferred.", required=True),
        _field("accessed", "date", "Accessed.", required=True),
        _field("address", "string", "Address.", required=True, pattern='^https?://[^\\s<>"]+$'),
        _field("kind", "string", "Kind of source.", required=True,
               enum=["official statistics", "management information", "inspection", "primary research",
                     "secondary report", "campaign claim"]),
        _field("notes", "string", "Notes."),
    ]
    forces_fields = [_field("code", "string", "Synthetic force code.", required=True, pattern="^F[0-9]{2}$"),
                     _field("name", "string", "Synthetic force name.", required=True)]
    outcome_fields = [
        _field("force_code", "string", "Synthetic force code.", required=True),
        _field("offence", "string", "Offence group.", required=True, enum=OFFENCES),
        _field("financial_quarter", "string", "Financial year and quarter.", required=True,
               pattern="[0-9]{4}/[0-9]{2} Q[1-4]"),
        _field("outcome", "string", "Outcome type.", required=True, enum=OUTCOMES),
        _field("count", "integer", "Offences with this outcome.", required=True, minimum=0),
        _field("source_id", "string", "Source of the row.", required=True),
    ]
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": name, "title": f"SYNTHETIC police outcomes benchmark ({name})", "description": SYNTHETIC_NOTE,
        "version": "0.0.0", "created": "2026-11-23T00:00:00Z",
        "changes": [{"version": "0.0.0", "date": "2026-11-23", "kind": "first release",
                     "summary": "Synthetic benchmark rows, made by bench/synthetic.py; not real, never published."}],
        "licenses": [{"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/zero/1.0/", "title": "CC0 1.0"}],
        "sources": [{"title": "bench/synthetic.py (synthetic, not real)", "path": "https://example.org/synthetic-not-real"}],
        "resources": [
            _resource("sources", "Sources", sources_fields, ["id"], []),
            _resource("forces", "Synthetic forces", forces_fields, ["code"], []),
            _resource("outcomes", "Synthetic outcomes", outcome_fields, ["force_code", "offence", "financial_quarter", "outcome"], [
                {"fields": ["force_code"], "reference": {"resource": "forces", "fields": ["code"]}},
                {"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["id"]}},
            ]),
        ],
    }


def outcome_rows(rows: int, seed: int) -> pd.DataFrame:
    """Distinct (force, offence, quarter, outcome) combinations in key order, with random counts."""
    shape = (len(FORCES), len(OFFENCES), len(QUARTERS), len(OUTCOMES))
    total = int(np.prod(shape))
    if rows > total:
        raise ValueError(f"at most {total:,} distinct rows")
    generator = np.random.default_rng(seed)
    chosen = np.sort(generator.choice(total, size=rows, replace=False))
    force, offence, quarter, outcome = np.unravel_index(chosen, shape)
    return pd.DataFrame({
        "force_code": np.array(FORCES, dtype=object)[force],
        "offence": np.array(OFFENCES, dtype=object)[offence],
        "financial_quarter": np.array(QUARTERS, dtype=object)[quarter],
        "outcome": np.array(OUTCOMES, dtype=object)[outcome],
        "count": generator.poisson(4, rows).astype(str).astype(object),
        "source_id": SOURCE_ID,
    }, dtype=object)


def inject(frame: pd.DataFrame) -> list[Defect]:
    """Break a few rows, spread through the table; return what frictionless should report for each."""
    size = len(frame)
    spots = [max(1, size * share // 100) for share in (5, 15, 25, 35, 45, 55, 65, 75, 85, 95)]

    def at(index: int) -> int:
        return spots[index] + 2  # frictionless row numbers: the header is row 1

    changes = [
        (0, "count", "12a", [("count", "type-error")]),
        (1, "count", "-3", [("count", "constraint-error")]),
        (2, "outcome", "lost-in-post", [("outcome", "constraint-error")]),
        (3, "financial_quarter", "2019/20 Q5", [("financial_quarter", "constraint-error")]),
        (4, "force_code", "ZZ99", [("force_code", "foreign-key")]),
        (5, "count", "", [("count", "constraint-error")]),
        (6, "offence", " burglary", [("offence", "constraint-error")]),
        (7, "count", " 7 ", []),  # valid: frictionless strips integers
        (8, "count", "1_000", []),  # valid: Python reads 1_000 as an integer
    ]
    defects = []
    for index, field, value, expected in changes:
        frame.at[spots[index], field] = value
        defects += [Defect(at(index), name, kind) for name, kind in expected]
    key = ["force_code", "offence", "financial_quarter", "outcome"]
    frame.loc[spots[9], key] = frame.loc[spots[9] - 1, key].to_numpy()
    defects.append(Defect(at(9), ",".join(key), "primary-key"))
    return defects


def generate(root: Path, rows: int, defects: bool = False, seed: int = 2026) -> tuple[Path, list[Defect]]:
    """Write the package into root/<name>/ and return its folder and the defects written into it."""
    name = package_name(rows) + ("-defects" if defects else "")
    folder = root / name
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (folder / "datapackage.json").write_text(json.dumps(descriptor(name), indent=1) + "\n", encoding="utf-8")
    sources = pd.DataFrame([{
        "id": SOURCE_ID, "title": "Synthetic rows (not real data)", "publisher": "Stalking Justice Data benchmark",
        "published": "2026", "published_inferred": "false", "accessed": "2026-11-23",
        "address": "https://example.org/synthetic-not-real", "kind": "primary research", "notes": SYNTHETIC_NOTE}])
    sources.to_csv(folder / "data" / "sources.csv", index=False, lineterminator="\n")
    forces = pd.DataFrame({"code": FORCES, "name": [f"Synthetic force {code[1:]}" for code in FORCES]})
    forces.to_csv(folder / "data" / "forces.csv", index=False, lineterminator="\n")
    frame = outcome_rows(rows, seed)
    written = inject(frame) if defects else []
    frame.to_csv(folder / "data" / "outcomes.csv", index=False, lineterminator="\n")
    return folder, written


def main() -> None:
    """python -m bench.synthetic ROWS [--defects] [--out DIR]: write a package, print its folder and defects as JSON."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("rows", type=int)
    parser.add_argument("--defects", action="store_true")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out")
    arguments = parser.parse_args()
    folder, defects = generate(arguments.out, arguments.rows, arguments.defects)
    print(json.dumps({"folder": str(folder), "defects": [[d.row, d.field, d.error_type] for d in defects]}))


if __name__ == "__main__":
    main()
