"""Import the Home Office crime outcomes extracts (stalking and harassment rows) into tidy CSVs with provenance."""

import re
import sys
from pathlib import Path

from pipeline import paths
from pipeline.importers import home_office_recorded_crime as recorded_crime
from pipeline.importers.home_office_recorded_crime import RawFile, RawFileError, read_count, read_rows, write_csv

PACKAGE = "home-office-outcomes"
DEFAULT_OUT = paths.DATAPACKAGES / PACKAGE / "data"

FILE_2017_18 = "home-office-outcomes-2017-18-stalking-harassment.csv"
FILE_2018_19 = "home-office-outcomes-2018-19-stalking-harassment.csv"

COMMON_COLUMNS = ["financial_year", "financial_quarter", "force_name", "offence_description", "offence_group",
                  "offence_subgroup", "offence_code", "offence_code_expired", "outcome_description", "outcome_group",
                  "outcome_type"]
ASSIGNED = "force_outcomes_recorded_in_quarter"
# The count of outcomes of the offences recorded in the quarter is named differently in each extract.
OF_OFFENCES = {FILE_2017_18: "offences", FILE_2018_19: "force_outcomes_for_offences_recorded_in_quarter"}
# In the 2018/19 extract, rows where both counts were zero were removed: an absent row means zero.
ZEROS_REMOVED = {FILE_2017_18: False, FILE_2018_19: True}

RAW_FILES = {
    FILE_2017_18: RawFile(
        FILE_2017_18,
        "home-office-outcomes-2017-18",
        "Crime outcomes in England and Wales open data tables (prc-outcomes-open-data-mar2018-tables.ods), "
        "sheet Outcomes_open_data__2017-18, as tidied by mpjashby/cj-charts: rows for offence codes 8Q, 8L, 8M, 8R",
        "mpjashby/cj-charts",
        "content/detection-rates-data.csv.gz",
        "0e689b8d17453b4914abd3b16f9ac9b4dc03bd94",
    ),
    FILE_2018_19: RawFile(
        FILE_2018_19,
        "home-office-outcomes-2018-19",
        "Crime outcomes in England and Wales open data tables (prc-outcomes-open-data-mar2019-tables.ods), "
        "2018/19 sheet, as tidied by mpjashby/lesscrime.info: rows for offence codes 8Q, 8L, 8M, 8R",
        "mpjashby/lesscrime.info",
        "content/post/violence-prosecutions-data.csv.gz",
        "45e92ee4dcef39a68bea920c38700a875cf22b98",
    ),
}

FINANCIAL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
NOT_APPLICABLE = "NA"
NOT_YET_ASSIGNED = 0
FLAG_NA = "outcomes assigned printed as NA on an outcome other than 'not yet assigned'; read as missing"

OUTCOME_FIELDS = ["source_id", "financial_year", "quarter", "period_start", "period_end", "force", "offence_code",
                  "outcome_type", "outcomes_assigned", "outcomes_of_offences_recorded", "in_extract", "flag"]
OUTCOME_TYPE_FIELDS = ["outcome_type", "outcome", "outcome_group"]
OFFENCE_FIELDS = ["offence_code", "offence", "offence_group", "offence_subgroup"]


def header_for(name: str) -> list[str]:
    return COMMON_COLUMNS + [OF_OFFENCES[name], ASSIGNED]


def read_assigned(printed: str, outcome_type: int, where: str) -> tuple[int | None, list[str]]:
    """Outcomes assigned in the quarter: NA (no count) for 'not yet assigned', a whole number otherwise."""
    if printed.strip() == NOT_APPLICABLE:
        return None, [] if outcome_type == NOT_YET_ASSIGNED else [FLAG_NA]
    return read_count(printed, where)


def tidy_rows(path: Path) -> tuple[list[dict], dict, dict, dict]:
    """Tidy rows of one extract, with the outcome types and offences it names, and facts about the file."""
    raw = RAW_FILES[path.name]
    rows, facts = read_rows(path, header_for(path.name))
    out, outcome_types, offences, quirks = [], {}, {}, set()
    for row in rows:
        where = f"{path.name}:{row['_line']}"
        year = FINANCIAL_YEAR.match(row["financial_year"].strip())
        quarter = row["financial_quarter"].strip()
        outcome_type = row["outcome_type"].strip()
        if not year or quarter not in {"1", "2", "3", "4"} or not outcome_type.isdigit():
            raise RawFileError(f"{where}: year {row['financial_year']!r}, quarter {quarter!r} or outcome type "
                               f"{outcome_type!r} not understood")
        code = row["offence_code"].strip()
        outcome_types[int(outcome_type)] = {"outcome_type": int(outcome_type), "outcome": row["outcome_description"].strip(),
                                            "outcome_group": row["outcome_group"].strip()}
        offences[code] = {"offence_code": code, "offence": row["offence_description"].strip(),
                          "offence_group": row["offence_group"].strip(), "offence_subgroup": row["offence_subgroup"].strip()}
        quirks.add(f"offence_code_expired printed as {row['offence_code_expired']!r}")
        assigned, flags = read_assigned(row[ASSIGNED], int(outcome_type), where)
        of_offences, more = read_count(row[OF_OFFENCES[path.name]], where)
        out.append({**period(int(year.group(1)), int(quarter)), "source_id": raw.source_id,
                    "force": row["force_name"].strip(), "offence_code": code, "outcome_type": int(outcome_type),
                    "outcomes_assigned": assigned, "outcomes_of_offences_recorded": of_offences,
                    "in_extract": "true", "flag": "; ".join(flags + [f"outcomes of offences recorded: {flag}" for flag in more])})
    facts.update(rows_read=len(rows), padded=0, zeros_removed=ZEROS_REMOVED[path.name],
                 quirks=sorted(quirks) + [f"the first count is named {OF_OFFENCES[path.name]!r}"])
    return out, outcome_types, offences, facts


def period(start_year: int, quarter: int) -> dict:
    """The financial year and quarter in words and dates, as the recorded crime importer gives them."""
    first_month, start_day, start_shift = recorded_crime.QUARTER_START[quarter]
    end_month, end_day, end_shift = recorded_crime.QUARTER_END[quarter]
    return {"financial_year": f"year ending March {start_year + 1}", "quarter": quarter,
            "period_start": f"{start_year + start_shift}-{first_month:02d}-{start_day:02d}",
            "period_end": f"{start_year + end_shift}-{end_month:02d}-{end_day:02d}"}


def explicit_zeros(rows: list[dict], outcome_types: list[int], source_id: str) -> list[dict]:
    """The rows an extract left out because both counts were zero, written as zeros and marked in_extract=false."""
    present = {(row["period_end"], row["force"], row["offence_code"], row["outcome_type"]) for row in rows}
    start_years = sorted({int(row["period_start"][:4]) - (row["quarter"] == 4) for row in rows})
    forces = sorted({row["force"] for row in rows})
    codes = sorted({row["offence_code"] for row in rows})
    added = []
    for start_year in start_years:
        for quarter in (1, 2, 3, 4):
            when = period(start_year, quarter)
            for force in forces:
                for code in codes:
                    for outcome_type in outcome_types:
                        if (when["period_end"], force, code, outcome_type) in present:
                            continue
                        added.append({**when, "source_id": source_id, "force": force, "offence_code": code,
                                      "outcome_type": outcome_type,
                                      "outcomes_assigned": None if outcome_type == NOT_YET_ASSIGNED else 0,
                                      "outcomes_of_offences_recorded": 0, "in_extract": "false", "flag": ""})
    return added


def run(raw_dir: Path, out_dir: Path) -> dict[str, int]:
    """Read both extracts from raw_dir and write the tidy tables to out_dir; return rows written."""
    missing = [name for name in RAW_FILES if not (raw_dir / name).is_file()]
    if missing:
        raise RawFileError(f"{raw_dir}: missing {', '.join(missing)}")
    read = {name: tidy_rows(raw_dir / name) for name in RAW_FILES}
    outcome_types = {number: row for _, types, _, _ in read.values() for number, row in types.items()}
    offences = {code: row for _, _, found, _ in read.values() for code, row in found.items()}
    outcomes, facts = [], {}
    for name, (rows, _, _, fact) in read.items():
        if fact.pop("zeros_removed"):
            added = explicit_zeros(rows, sorted(outcome_types), RAW_FILES[name].source_id)
            fact["quirks"].append(f"rows where both counts are zero were removed: {len(added)} written back as "
                                  "zeros with in_extract false")
            rows = rows + added
        negatives = sum("negative" in row["flag"] for row in rows)
        if negatives:
            fact["quirks"].append(f"{negatives} negative count(s) kept as printed and flagged")
        fact["rows_written"] = len(rows)
        outcomes += rows
        facts[name] = fact
    outcomes.sort(key=lambda r: (r["offence_code"], r["force"], r["period_end"], r["outcome_type"]))
    write_csv(out_dir / "outcomes.csv", outcomes, OUTCOME_FIELDS)
    write_csv(out_dir / "outcome-types.csv", [outcome_types[n] for n in sorted(outcome_types)], OUTCOME_TYPE_FIELDS)
    write_csv(out_dir / "offences.csv", [offences[c] for c in sorted(offences)], OFFENCE_FIELDS)
    sources = recorded_crime.provenance(facts, RAW_FILES)
    write_csv(out_dir / "provenance.csv", sources, recorded_crime.PROVENANCE_FIELDS)
    return {"outcomes": len(outcomes), "outcome-types": len(outcome_types), "offences": len(offences),
            "provenance": len(sources)}


def main(argv: list[str]) -> int:
    """Command line: import home-office-outcomes RAW_DIR [--out DIR]; returns an exit status."""
    return recorded_crime.command(argv, "home-office-outcomes", "Home Office crime outcomes extracts (stalking and harassment)",
                                  run, DEFAULT_OUT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
