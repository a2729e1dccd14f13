"""Tests for the Home Office crime outcomes importer: small fixtures in the published layouts, and the real extracts."""

import csv
import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import paths
from pipeline.importers import home_office_outcomes as importer

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PACKAGE_DATA = paths.DATAPACKAGES / importer.PACKAGE / "data"
# The raw extracts are never committed: they stay in the project's shared sources (data/README.md there).
RAW = Path(os.environ.get("HOME_OFFICE_RAW", paths.ROOT.parent / "shared" / "sources" / "data"))
WRITTEN = ["outcomes.csv", "outcome-types.csv", "offences.csv", "provenance.csv"]


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture()
def tidy(tmp_path):
    assert importer.main([str(FIXTURES / "home-office-outcomes-quirks"), "--out", str(tmp_path)]) == 0
    return tmp_path


def test_both_layouts_are_read_into_one_table(tidy):
    rows = read(tidy / "outcomes.csv")
    charged = {(r["financial_year"], r["quarter"]): r for r in rows
               if r["force"] == "Avon and Somerset" and r["offence_code"] == "8Q" and r["outcome_type"] == "1"}
    first = charged[("year ending March 2018", "1")]
    assert (first["outcomes_assigned"], first["outcomes_of_offences_recorded"], first["in_extract"]) == ("9", "12", "true")
    second = charged[("year ending March 2019", "1")]
    assert (second["outcomes_assigned"], second["outcomes_of_offences_recorded"]) == ("13", "14")
    assert (second["period_start"], second["period_end"]) == ("2018-04-01", "2018-06-30")


def test_not_yet_assigned_has_no_outcomes_assigned_and_no_flag(tidy):
    rows = read(tidy / "outcomes.csv")
    pending = [r for r in rows if r["outcome_type"] == "0" and r["in_extract"] == "true"]
    assert pending and all(r["outcomes_assigned"] == "" and r["flag"] == "" for r in pending)


def test_absent_2018_19_rows_are_written_back_as_zeros(tidy):
    rows = read(tidy / "outcomes.csv")
    later = [r for r in rows if r["source_id"] == "home-office-outcomes-2018-19"]
    # one force and one offence code in that extract, every quarter, each of the 3 outcome types named in either file
    assert len(later) == 4 * 3
    filled = [r for r in later if r["in_extract"] == "false"]
    assert len(filled) == 12 - 2
    q2_charged = next(r for r in filled if r["quarter"] == "2" and r["outcome_type"] == "1")
    assert (q2_charged["outcomes_assigned"], q2_charged["outcomes_of_offences_recorded"]) == ("0", "0")
    humberside_type = next(r for r in filled if r["outcome_type"] == "10" and r["quarter"] == "1")
    assert humberside_type["outcomes_assigned"] == "0"
    provenance = {r["source_id"]: r for r in read(tidy / "provenance.csv")}
    assert "10 written back as zeros" in provenance["home-office-outcomes-2018-19"]["quirks"]


def test_negative_count_is_kept_and_flagged(tidy):
    rows = read(tidy / "outcomes.csv")
    humberside = next(r for r in rows if r["force"] == "Humberside" and r["outcome_type"] == "10")
    assert humberside["outcomes_assigned"] == "-3"
    assert "negative" in humberside["flag"] and "-3" in humberside["flag"]


def test_provenance_names_repository_commit_checksum_and_both_column_names(tidy):
    rows = {r["source_id"]: r for r in read(tidy / "provenance.csv")}
    earlier = rows["home-office-outcomes-2017-18"]
    assert "mpjashby/cj-charts/blob/0e689b8d17453b4914abd3b16f9ac9b4dc03bd94/" in earlier["copied_from"]
    assert len(earlier["sha256"]) == 64 and earlier["rows_read"] == "3"
    assert "'offences'" in earlier["quirks"] and "'NA'" in earlier["quirks"]
    assert "'force_outcomes_for_offences_recorded_in_quarter'" in rows["home-office-outcomes-2018-19"]["quirks"]
    assert earlier["licence"] == "Open Government Licence v3.0"


def test_a_count_that_is_not_a_number_stops_the_import(tmp_path, capsys):
    assert importer.main([str(FIXTURES / "home-office-outcomes-bad-count"), "--out", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert "home-office-outcomes-2018-19-stalking-harassment.csv:2: count '1 2' is not a whole number" in error
    assert not (tmp_path / "outcomes.csv").exists()


def test_missing_raw_file_stops_the_import(tmp_path, capsys):
    assert importer.main([str(tmp_path), "--out", str(tmp_path / "out")]) == 1
    assert "missing home-office-outcomes-2017-18" in capsys.readouterr().err


def test_the_raw_extracts_reproduce_the_committed_tables_byte_for_byte(tmp_path):
    """Re-running the importer on the raw files in the shared sources gives exactly the committed tables."""
    assert (RAW / importer.FILE_2017_18).is_file(), f"raw extracts not found in {RAW}; set HOME_OFFICE_RAW"
    result = subprocess.run([sys.executable, "-m", "pipeline", "import", "home-office-outcomes", str(RAW),
                             "--out", str(tmp_path)], cwd=paths.ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    match, mismatch, errors = filecmp.cmpfiles(tmp_path, PACKAGE_DATA, WRITTEN, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_committed_rows_match_the_readme():
    """data/README.md: 14,784 rows in 2017/18; 7,384 in 2018/19 (8Q 1,557); stalking outcomes assigned
    1,830 charged of 9,304 in 2017/18 and 2,603 of 17,451 in 2018/19."""
    provenance = {r["source_id"]: r for r in read(PACKAGE_DATA / "provenance.csv")}
    assert provenance["home-office-outcomes-2017-18"]["rows_read"] == "14784"
    assert provenance["home-office-outcomes-2018-19"]["rows_read"] == "7384"
    rows = read(PACKAGE_DATA / "outcomes.csv")
    in_extract = [r for r in rows if r["source_id"] == "home-office-outcomes-2018-19" and r["in_extract"] == "true"]
    assert sum(r["offence_code"] == "8Q" for r in in_extract) == 1557
    for year, charged, assigned in (("year ending March 2018", 1830, 9304), ("year ending March 2019", 2603, 17451)):
        stalking = [r for r in rows if r["offence_code"] == "8Q" and r["financial_year"] == year and r["outcomes_assigned"]]
        assert sum(int(r["outcomes_assigned"]) for r in stalking) == assigned
        assert sum(int(r["outcomes_assigned"]) for r in stalking if r["outcome_type"] == "1") == charged
