"""Tests for the Home Office recorded crime importer, on small fixtures in the published layout."""

import csv
from pathlib import Path

import pytest

from pipeline.importers import home_office_recorded_crime

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PACKAGE_DATA = Path(__file__).resolve().parent.parent / "datapackages" / home_office_recorded_crime.PACKAGE / "data"


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture()
def tidy(tmp_path):
    assert home_office_recorded_crime.main([str(FIXTURES / "home-office-quirks"), "--out", str(tmp_path)]) == 0
    return tmp_path


def test_quarterly_rows_are_tidy_and_keep_what_was_printed(tidy):
    rows = read(tidy / "recorded-crime-quarterly.csv")
    assert len(rows) == 5
    avon = next(r for r in rows if r["force"] == "Avon and Somerset")
    assert avon["count"] == "65"
    assert avon["printed"] == " 65 "
    assert avon["flag"] == ""
    assert avon["financial_year"] == "year ending March 2018"
    assert (avon["period_start"], avon["period_end"]) == ("2017-04-01", "2017-06-30")
    assert avon["period"] == "April to June 2017 (quarter 1 of the year ending March 2018)"


def test_minus_zero_is_read_as_zero_and_flagged(tidy):
    rows = read(tidy / "recorded-crime-quarterly.csv")
    city = next(r for r in rows if r["force"] == "London, City of")
    assert city["count"] == "0"
    assert city["printed"] == "-00 "
    assert city["flag"] == "printed as -00; read as 0"
    assert city["period_end"] == "2018-03-31"


def test_negative_count_is_kept_and_flagged(tidy):
    rows = read(tidy / "recorded-crime-quarterly.csv")
    humberside = next(r for r in rows if r["force"] == "Humberside" and r["offence_code"] == "8M")
    assert humberside["count"] == "-1"
    assert "negative" in humberside["flag"] and "-1" in humberside["flag"]


def test_rolling_year_reads_crlf_and_flags_wrong_day(tidy):
    rows = read(tidy / "recorded-crime-rolling-year.csv")
    assert len(rows) == 4
    assert all("\r" not in value for row in rows for value in row.values())
    odd = next(r for r in rows if r["period_end_printed"] == "30-12-2017")
    assert odd["period_end"] == "2017-12-31"
    assert odd["period"] == "year ending December 2017"
    assert "30-12-2017" in odd["flag"]
    first = next(r for r in rows if r["period_end_printed"] == "31-03-2003" and r["force"] == "Avon and Somerset")
    assert (first["period"], first["count"], first["flag"]) == ("year ending March 2003", "740", "")


def test_national_totals_are_sums_and_say_so(tidy):
    rows = read(tidy / "national-totals.csv")
    stalking = {r["includes_btp"]: r for r in rows if r["offence_code"] == "8Q"}
    assert stalking["true"]["count"] == str(65 + 0 + 40 + 7)
    assert stalking["false"]["count"] == str(65 + 0 + 40)
    assert "sum by us" in stalking["true"]["method"]
    assert "-00" in stalking["true"]["flag"]
    racial = next(r for r in rows if r["offence_code"] == "8M" and r["includes_btp"] == "true")
    assert racial["count"] == "-1" and "negative" in racial["flag"]


def test_provenance_names_publisher_file_and_licence(tidy):
    rows = {r["original_file"]: r for r in read(tidy / "provenance.csv")}
    quarterly = rows[home_office_recorded_crime.QUARTERLY_FILE]
    assert quarterly["publisher"] == "Home Office"
    assert quarterly["licence"] == "Open Government Licence v3.0"
    assert "Contains public sector information" in quarterly["attribution"]
    assert "5 counts printed with spaces" in quarterly["quirks"]
    assert rows[home_office_recorded_crime.ROLLING_FILE]["quirks"].startswith("line endings CRLF")


def test_a_count_that_is_not_a_number_stops_the_import(tmp_path, capsys):
    assert home_office_recorded_crime.main([str(FIXTURES / "home-office-bad-count"), "--out", str(tmp_path)]) == 1
    assert "' 6 5 '" in capsys.readouterr().err
    assert not (tmp_path / "recorded-crime-quarterly.csv").exists()


def test_missing_raw_file_stops_the_import(tmp_path):
    assert home_office_recorded_crime.main([str(tmp_path), "--out", str(tmp_path / "out")]) == 1


def test_committed_totals_match_the_readme():
    """data/README.md: 8Q 10,296 (10,271 without BTP); 8L 124,393; 8M 1,882."""
    rows = read(PACKAGE_DATA / "national-totals.csv")
    totals = {(r["offence_code"], r["includes_btp"]): int(r["count"]) for r in rows if r["table"] == "quarterly"}
    assert totals[("8Q", "true")] == 10_296
    assert totals[("8Q", "false")] == 10_271
    assert totals[("8L", "true")] == 124_393
    assert totals[("8M", "true")] == 1_882
    quarterly = read(PACKAGE_DATA / "recorded-crime-quarterly.csv")
    assert len(quarterly) == 528
    assert sum(int(r["count"]) for r in quarterly if r["offence_code"] == "8Q") == 10_296
    assert sum(r["flag"] == home_office_recorded_crime.FLAG_MINUS_ZERO for r in quarterly) == 17
    assert len(read(PACKAGE_DATA / "recorded-crime-rolling-year.csv")) == 2288


def test_the_command_line_runs_the_importer(tmp_path):
    """`python -m pipeline import home-office RAW_DIR --out DIR` is how maintainers run the next release."""
    import subprocess
    import sys

    from pipeline import paths

    raw = Path(__file__).parent / "fixtures" / "home-office-quirks"
    result = subprocess.run([sys.executable, "-m", "pipeline", "import", "home-office", str(raw), "--out", str(tmp_path)],
                            cwd=paths.ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert {path.name for path in tmp_path.glob("*.csv")} >= {"recorded-crime-quarterly.csv", "recorded-crime-rolling-year.csv",
                                                              "national-totals.csv", "provenance.csv"}
    assert "rows" in result.stdout and "Traceback" not in result.stderr
