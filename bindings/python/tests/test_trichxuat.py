"""The Python package against the CLI: the same inputs give DataFrames equal
to the CLI's CSVs, with the dictionary's dtypes; DuckDB reads the Parquet."""

import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import trichxuat

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(os.environ.get("TRICHXUAT_BIN", ROOT / "target" / "release" / "trichxuat"))
INPUTS = [
    "fixtures/cao_bang_2015.txt",
    "fixtures/cao_bang_2015.text.pdf",
    "fixtures/dong_nai_2020.txt",
    "fixtures/dong_nai_2020.text.pdf",
    "fixtures/synthetic",
]


@pytest.fixture(scope="module")
def cli_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli")
    subprocess.run(
        [str(BIN), "extract", *INPUTS, "--out", str(out), "--format", "json,csv,sqlite,parquet", "--quiet", "--jobs", "2"],
        cwd=ROOT,
        check=True,
    )
    return out


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    out = tmp_path_factory.mktemp("py")
    cwd = os.getcwd()
    os.chdir(ROOT)  # the same relative paths as the CLI run, so `file` agrees
    try:
        return trichxuat.extract(INPUTS, jobs=2, out=out)
    finally:
        os.chdir(cwd)


def _as_csv_text(series):
    """A typed column written back the way the CSV writes it."""
    kind = str(series.dtype)

    def cell(v):
        if pd.isna(v):
            return ""
        if kind == "boolean":
            return "true" if v else "false"
        if kind == "float64":
            return repr(float(v))
        return str(v)

    return [cell(v) for v in series.astype(object)]


def test_extract_returns_dataframes_equal_to_the_cli_csvs(cli_out, extracted):
    loaded = trichxuat.load(cli_out)
    for name in trichxuat.TABLES:
        got = getattr(extracted, name)
        raw = pd.read_csv(cli_out / f"{name}.csv", dtype=str, keep_default_na=False)
        assert list(got.columns) == list(raw.columns), name
        assert len(got) == len(raw), name
        # Cell by cell: what pandas holds is what the CSV says.
        for col in got.columns:
            want = raw[col].tolist()
            if str(got[col].dtype) == "float64":
                want = ["" if v == "" else repr(float(v)) for v in want]
            assert _as_csv_text(got[col]) == want, f"{name}.{col}"
        # And load() of the CLI's folder gives the very same frames.
        pd.testing.assert_frame_equal(got, getattr(loaded, name))


def test_dtypes_follow_the_column_dictionary(extracted):
    a = extracted.amounts
    assert str(a["amount_vnd"].dtype) == "Int64"
    assert str(a["year"].dtype) == "Int64"
    assert a["year"].isna().any(), "multi-year totals keep a missing year, not a float"
    assert str(a["counted"].dtype) == "boolean"
    assert str(a["program"].dtype) == "string"
    assert str(extracted.targets["value"].dtype) == "float64"
    assert str(extracted.documents["period_from"].dtype) == "Int64"
    assert set(extracted.tables["kind"]) >= {"budget", "targets", "history", "projects"}
    assert list(extracted.warnings.columns) == ["doc_id", "province", "stage", "message"]


def test_counted_money_is_each_planned_figure_once(extracted):
    t = extracted.counted_totals().set_index(["province", "year", "source"])["amount_vnd"]
    assert t[("Cao Bằng", 2016, "local")] == 600_000_000
    assert t[("Đồng Nai", 2020, "local")] == 5_271_000_000
    docs = extracted.documents.set_index("doc_id")
    assert docs.loc["dong-nai-2020-text", "duplicate_of"] == "dong-nai-2020"
    assert not extracted.amounts[extracted.amounts.doc_id == "dong-nai-2020-text"]["counted"].any()


def test_extract_without_out_leaves_no_folder(tmp_path):
    r = trichxuat.extract(str(ROOT / "fixtures" / "dong_nai_2020.txt"))
    assert r.out is None
    assert len(r.amounts) > 50 and r.counts["documents"] == 1


def test_load_refuses_a_folder_without_tables(tmp_path):
    with pytest.raises(FileNotFoundError):
        trichxuat.load(tmp_path)


def test_duckdb_reads_the_parquet_with_types(cli_out):
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    for name in trichxuat.TABLES:
        n = con.execute(f"SELECT count(*) FROM read_parquet('{cli_out / (name + '.parquet')}')").fetchone()[0]
        assert n == len(pd.read_csv(cli_out / f"{name}.csv", dtype=str)), name
    described = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{cli_out / 'amounts.parquet'}')").fetchall()
    types = {r[0]: r[1] for r in described}
    assert types["amount_vnd"] == "BIGINT"
    assert types["year"] == "BIGINT"
    assert types["counted"] == "BOOLEAN"
    assert types["program"] == "VARCHAR"
    # Unquoted, as a new user would type it.
    rows = con.execute(
        f"SELECT table_id, row_id, SUM(amount_vnd) FROM read_parquet('{cli_out / 'amounts.parquet'}') WHERE counted GROUP BY 1, 2"
    ).fetchall()
    assert rows
    total = con.execute(
        f"SELECT SUM(amount_vnd) FROM read_parquet('{cli_out / 'amounts.parquet'}') WHERE counted AND province = 'Cao Bằng' AND year = 2016 AND source = 'local'"
    ).fetchone()[0]
    assert total == 600_000_000
