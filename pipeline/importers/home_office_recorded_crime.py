"""Import the Home Office police recorded crime extracts (stalking and harassment) into tidy CSVs with provenance."""

import argparse
import csv
import hashlib
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline import paths, periods

PACKAGE = "home-office-recorded-crime"
DEFAULT_OUT = paths.DATAPACKAGES / PACKAGE / "data"
BREAKS = DEFAULT_OUT / "breaks.csv"  # kept by hand from the sources; the importer reads it, never writes it

PUBLISHER = "Home Office"
LICENCE = "Open Government Licence v3.0"
LICENCE_PATH = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."

QUARTERLY_FILE = "home-office-prc-pfa-2017-18-stalking-harassment.csv"
ROLLING_FILE = "home-office-rec-crime-pfa-2003-2018-stalking-and-harassment.csv"

QUARTERLY_HEADER = [
    "Financial Year", "Financial Quarter", "Force Name", "Offence Description", "Offence Group",
    "Offence Subgroup", "Offence Code", "Number of Offences",
]
ROLLING_HEADER = ["12 months ending", "PFA", "Region", "Offence", "Rolling year total number of offences"]


@dataclass(frozen=True)
class RawFile:
    """What is known about one raw Home Office file: where it came from and under what licence."""

    file_name: str
    source_id: str
    release: str
    copied_from_repository: str
    copied_from_path: str
    copied_from_commit: str


RAW_FILES = {
    QUARTERLY_FILE: RawFile(
        QUARTERLY_FILE,
        "home-office-prc-pfa-2017-18",
        "Police recorded crime open data tables, police force area level "
        "(prc-pfa-mar2013-onwards-tables), sheet 2017/18",
        "Sparrow0hawk/crime_sim_toolkit",
        "crime_sim_toolkit/src/prc-pfa-mar2013-onwards-tables201718.csv",
        "dc00421b12113f33477dc7d43a8864dd87af92ce",
    ),
    ROLLING_FILE: RawFile(
        ROLLING_FILE,
        "home-office-rec-crime-pfa-2003-2018",
        "Recorded crime data at Police Force Area level (rec-crime-pfa), to year ending December 2018",
        "12345678910aditi/Crime_Project",
        "rec-crime-pfa.csv",
        "d11098b54ccf35b465808f89ce5bfadb5dbed0ff",
    ),
}

FLAG_MINUS_ZERO = "printed as -00; read as 0"
FLAG_NEGATIVE = "negative count printed as {printed}: a negative adjustment or an error; kept as printed"
FLAG_DAY = "period end printed as {printed}; read as {read} (quarter end)"

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
QUARTER_MONTHS = {1: ("April", "June", 0), 2: ("July", "September", 0),
                  3: ("October", "December", 0), 4: ("January", "March", 1)}
QUARTER_END = {1: (6, 30, 0), 2: (9, 30, 0), 3: (12, 31, 0), 4: (3, 31, 1)}
QUARTER_START = {1: (4, 1, 0), 2: (7, 1, 0), 3: (10, 1, 0), 4: (1, 1, 1)}
MONTH_END_DAY = {3: 31, 6: 30, 9: 30, 12: 31}

COUNT = re.compile(r"^-?\d+$")
FINANCIAL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
DAY_MONTH_YEAR = re.compile(r"^(\d{2})-(\d{2})-(\d{4})$")


class RawFileError(ValueError):
    """A raw file is not in the layout the importer knows; the message says where."""


def read_count(printed: str, where: str) -> tuple[int, list[str]]:
    """A printed count as an integer, with the flags its printing calls for."""
    text = printed.strip()
    if text == "-00":
        return 0, [FLAG_MINUS_ZERO]
    if not COUNT.match(text):
        raise RawFileError(f"{where}: count {printed!r} is not a whole number")
    value = int(text)
    if value < 0:
        return value, [FLAG_NEGATIVE.format(printed=text)]
    return value, []


def read_rows(path: Path, header: list[str]) -> tuple[list[dict], dict]:
    """Rows of a raw CSV as dicts, checking the header; also how its lines end."""
    data = path.read_bytes()
    facts = {
        "sha256": hashlib.sha256(data).hexdigest(),
        "line_endings": "CRLF" if b"\r\n" in data else "LF",
    }
    text = data.decode("utf-8-sig")
    reader = csv.reader(text.splitlines())
    found = next(reader, None)
    if found is None or [cell.strip() for cell in found] != header:
        raise RawFileError(f"{path.name}: header {found!r} is not the expected {header!r}")
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not cells:
            continue
        if len(cells) != len(header):
            raise RawFileError(f"{path.name}:{number}: {len(cells)} cells, expected {len(header)}")
        rows.append({"_line": number, **dict(zip(header, cells, strict=False))})
    return rows, facts


def quarterly(path: Path) -> tuple[list[dict], dict]:
    """Tidy rows of the 2017/18 force-by-quarter file: one count per force, offence and quarter."""
    raw = RAW_FILES[QUARTERLY_FILE]
    rows, facts = read_rows(path, QUARTERLY_HEADER)
    out, padded = [], 0
    for row in rows:
        where = f"{path.name}:{row['_line']}"
        year = FINANCIAL_YEAR.match(row["Financial Year"].strip())
        quarter = row["Financial Quarter"].strip()
        if not year or quarter not in {"1", "2", "3", "4"}:
            raise RawFileError(f"{where}: period {row['Financial Year']!r} quarter {quarter!r} not understood")
        start_year = int(year.group(1))
        q = int(quarter)
        first, last, shift = QUARTER_MONTHS[q]
        end_month, end_day, end_shift = QUARTER_END[q]
        start_month, start_day, start_shift = QUARTER_START[q]
        printed = row["Number of Offences"]
        if printed != printed.strip():
            padded += 1
        count, flags = read_count(printed, where)
        out.append({
            "source_id": raw.source_id,
            "financial_year": f"year ending March {start_year + 1}",
            "quarter": q,
            "period": f"{first} to {last} {start_year + shift} (quarter {q} of the year ending March {start_year + 1})",
            "period_start": date(start_year + start_shift, start_month, start_day).isoformat(),
            "period_end": date(start_year + end_shift, end_month, end_day).isoformat(),
            "force": row["Force Name"].strip(),
            "offence_code": row["Offence Code"].strip(),
            "offence": row["Offence Description"].strip(),
            "offence_subgroup": row["Offence Subgroup"].strip(),
            "count": count,
            "printed": printed,
            "flag": "; ".join(flags),
        })
    facts.update(rows_read=len(rows), rows_written=len(out), padded=padded)
    return out, facts


def read_breaks(path: Path = BREAKS) -> dict:
    """The package's series breaks: {date: label}, oldest first (none when the table is not there)."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        found = {date.fromisoformat(row["date"]): row["label"] for row in csv.DictReader(handle)}
    return dict(sorted(found.items()))


def straddle_flags(period: str, period_end: str, breaks: dict) -> list[str]:
    """A flag for each break inside a rolling 12-month total's window."""
    return [f"straddles the break of {cut.isoformat()} ({breaks[cut]}): these 12 months mix both sides of it"
            for cut in periods.straddled(period, period_end, list(breaks))]


def rolling(path: Path, breaks: dict) -> tuple[list[dict], dict]:
    """Tidy rows of the rolling-year force file: one 12-month total per force and period end."""
    raw = RAW_FILES[ROLLING_FILE]
    rows, facts = read_rows(path, ROLLING_HEADER)
    out = []
    for row in rows:
        where = f"{path.name}:{row['_line']}"
        printed_end = row["12 months ending"].strip()
        match = DAY_MONTH_YEAR.match(printed_end)
        if not match:
            raise RawFileError(f"{where}: period end {printed_end!r} is not DD-MM-YYYY")
        day, month, year = (int(part) for part in match.groups())
        if month not in MONTH_END_DAY:
            raise RawFileError(f"{where}: period end {printed_end!r} is not a quarter end")
        flags = []
        end = date(year, month, MONTH_END_DAY[month])
        if day != end.day:
            flags.append(FLAG_DAY.format(printed=printed_end, read=end.isoformat()))
        count, count_flags = read_count(row["Rolling year total number of offences"], where)
        period = f"year ending {MONTHS[month - 1]} {year}"
        flags += straddle_flags(period, end.isoformat(), breaks)
        out.append({
            "source_id": raw.source_id,
            "period": period,
            "period_end": end.isoformat(),
            "period_end_printed": printed_end,
            "force": row["PFA"].strip(),
            "region": row["Region"].strip(),
            "offence": row["Offence"].strip(),
            "count": count,
            "flag": "; ".join(flags + count_flags),
        })
    facts.update(rows_read=len(rows), rows_written=len(out), padded=0)
    return out, facts


BTP = "British Transport Police"


def national_totals(quarter_rows: list[dict], rolling_rows: list[dict]) -> list[dict]:
    """England and Wales totals as sums of force rows, with and without British Transport Police."""
    out = []
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in quarter_rows:
        groups[("quarterly", row["financial_year"], "", row["offence_code"], row["offence"])].append(row)
    for row in rolling_rows:
        groups[("rolling-year", row["period"], row["period_end"], "", row["offence"])].append(row)
    for (table, period, period_end, code, offence), members in sorted(groups.items()):
        if table == "quarterly":
            period_end = max(row["period_end"] for row in members)
        for with_btp in (True, False):
            chosen = [row for row in members if with_btp or row["force"] != BTP]
            areas = sorted({row["force"] for row in chosen})
            flags = sorted({flag for row in chosen for flag in row["flag"].split("; ") if flag})
            noted = []
            minus_zero = sum(FLAG_MINUS_ZERO in row["flag"] for row in chosen)
            if minus_zero:
                noted.append(f"{minus_zero} cell(s) printed as -00 and read as 0")
            negatives = [row for row in chosen if row["count"] < 0]
            if negatives:
                noted.append(f"includes {len(negatives)} negative cell(s) ({', '.join(str(r['count']) for r in negatives)})")
            if any(flag.startswith("period end printed") for flag in flags):
                noted.append("period end printed with the wrong day in the raw file")
            noted += [flag for flag in flags if flag.startswith("straddles")]
            what = "quarter rows" if table == "quarterly" else "rows"
            out.append({
                "source_id": members[0]["source_id"],
                "table": table,
                "period": period,
                "period_end": period_end,
                "offence_code": code,
                "offence": offence,
                "geography": "England and Wales" + ("" if with_btp else " (police force areas only)"),
                "includes_btp": "true" if with_btp else "false",
                "areas": len(areas),
                "count": sum(row["count"] for row in chosen),
                "method": f"sum by us of {len(chosen)} {what} for {len(areas)} areas"
                          + (" (43 police forces and British Transport Police)" if with_btp and len(areas) == 44 else "")
                          + "; not a figure printed by the Home Office",
                "flag": "; ".join(noted),
            })
    return reconciled(out)


def reconciled(totals: list[dict]) -> list[dict]:
    """Say, on both sides, where the quarterly codes and the rolling "stalking and harassment" total of the same year
    and coverage do not add up to the same number."""
    quarterly = defaultdict(list)
    for row in totals:
        if row["table"] == "quarterly":
            quarterly[(row["period_end"], row["includes_btp"])].append(row)
    for row in totals:
        codes = quarterly.get((row["period_end"], row["includes_btp"]))
        if row["table"] != "rolling-year" or not codes:
            continue
        summed = sum(code["count"] for code in codes)
        if summed == row["count"]:
            continue
        names = ", ".join(code["offence_code"] for code in codes)
        share = f"{summed / row['count']:.0%}"
        row["flag"] = "; ".join(filter(None, [row["flag"], (
            f"does not reconcile with the quarterly tables: offence codes {names} sum to {summed:,} for the same year "
            f"({share} of this total); this series counts more offences (the source notes that what it covers changes "
            "and that malicious communications are added, without a date)")]))
        for code in codes:
            code["flag"] = "; ".join(filter(None, [code["flag"], (
                f"the rolling \"stalking and harassment\" total for the same year is {row['count']:,}, and codes {names} "
                f"sum to {summed:,} ({share} of it): the two tables count different offences")]))
    return totals


def provenance(facts: dict[str, dict], raw_files: dict[str, RawFile] = RAW_FILES) -> list[dict]:
    """One row per raw file: publisher, release, original file name, where it was copied from, licence."""
    out = []
    for name, fact in facts.items():
        raw = raw_files[name]
        quirks = [f"line endings {fact['line_endings']}"]
        if fact["padded"]:
            quirks.append(f"{fact['padded']} counts printed with spaces around them (e.g. ' 65 '); spaces removed, printed value kept")
        quirks += fact.get("quirks", [])
        out.append({
            "source_id": raw.source_id,
            "publisher": PUBLISHER,
            "release": raw.release,
            "original_file": name,
            "copied_from": f"https://github.com/{raw.copied_from_repository}/blob/{raw.copied_from_commit}/{raw.copied_from_path}",
            "sha256": fact["sha256"],
            "rows_read": fact["rows_read"],
            "rows_written": fact["rows_written"],
            "quirks": "; ".join(quirks),
            "licence": LICENCE,
            "licence_path": LICENCE_PATH,
            "attribution": ATTRIBUTION,
        })
    return out


def write_csv(path: Path, rows: list[dict], fields: list[str]) -> None:
    """Write rows as a UTF-8 CSV with LF line endings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


QUARTERLY_FIELDS = ["source_id", "financial_year", "quarter", "period", "period_start", "period_end", "force",
                    "offence_code", "offence", "offence_subgroup", "count", "printed", "flag"]
ROLLING_FIELDS = ["source_id", "period", "period_end", "period_end_printed", "force", "region", "offence",
                  "count", "flag"]
TOTAL_FIELDS = ["source_id", "table", "period", "period_end", "offence_code", "offence", "geography",
                "includes_btp", "areas", "count", "method", "flag"]
PROVENANCE_FIELDS = ["source_id", "publisher", "release", "original_file", "copied_from", "sha256", "rows_read",
                     "rows_written", "quirks", "licence", "licence_path", "attribution"]


def run(raw_dir: Path, out_dir: Path) -> dict[str, int]:
    """Read both raw files from raw_dir and write the tidy tables to out_dir; return rows written."""
    missing = [name for name in RAW_FILES if not (raw_dir / name).is_file()]
    if missing:
        raise RawFileError(f"{raw_dir}: missing {', '.join(missing)}")
    quarter_rows, quarter_facts = quarterly(raw_dir / QUARTERLY_FILE)
    rolling_rows, rolling_facts = rolling(raw_dir / ROLLING_FILE, read_breaks())
    totals = national_totals(quarter_rows, rolling_rows)
    sources = provenance({QUARTERLY_FILE: quarter_facts, ROLLING_FILE: rolling_facts})
    quarter_rows.sort(key=lambda r: (r["offence_code"], r["force"], r["period_end"]))
    rolling_rows.sort(key=lambda r: (r["force"], r["period_end"]))
    write_csv(out_dir / "recorded-crime-quarterly.csv", quarter_rows, QUARTERLY_FIELDS)
    write_csv(out_dir / "recorded-crime-rolling-year.csv", rolling_rows, ROLLING_FIELDS)
    write_csv(out_dir / "national-totals.csv", totals, TOTAL_FIELDS)
    write_csv(out_dir / "provenance.csv", sources, PROVENANCE_FIELDS)
    return {"recorded-crime-quarterly": len(quarter_rows), "recorded-crime-rolling-year": len(rolling_rows),
            "national-totals": len(totals), "provenance": len(sources)}


def command(argv: list[str], layout: str, what: str, run, default_out: Path) -> int:
    """One importer's command line: LAYOUT RAW_DIR [--out DIR]; one line per failure, exit status 1, no traceback."""
    parser = argparse.ArgumentParser(prog=f"python -m pipeline import {layout}", description=f"Tidy the {what}.")
    parser.add_argument("raw_dir", type=Path, help="folder holding the raw files as published")
    parser.add_argument("--out", type=Path, default=default_out, help="folder for the tidy CSV files")
    args = parser.parse_args(argv)
    try:
        written = run(args.raw_dir, args.out)
    except (RawFileError, OSError, UnicodeDecodeError) as error:
        print(f"import failed: {error}", file=sys.stderr)
        return 1
    for name, rows in written.items():
        print(f"{paths.display(args.out / (name + '.csv'))}: {rows} rows")
    return 0


def main(argv: list[str]) -> int:
    """Command line: import home-office RAW_DIR [--out DIR]; returns an exit status."""
    return command(argv, "home-office", "Home Office stalking and harassment extracts", run, DEFAULT_OUT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
