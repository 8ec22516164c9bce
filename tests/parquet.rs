//! `--format parquet` end to end: one file per combined table, as many rows
//! as its CSV, each column with the dictionary's type.

mod common;
use common::root;
use std::process::Command;

use parquet::file::reader::{FileReader, SerializedFileReader};
use trichxuat::output::{ColumnType, ALL_TABLES};

#[test]
fn parquet_tables_have_the_csv_row_counts_and_typed_columns() {
    let out = common::scratch("parquet", "all");
    let o = Command::new(env!("CARGO_BIN_EXE_trichxuat"))
        .current_dir(root())
        .args([
            "extract",
            "fixtures/cao_bang_2015.txt",
            "fixtures/dong_nai_2020.txt",
            "fixtures/dong_nai_2020.text.pdf",
            "fixtures/synthetic",
            "--format",
            "json,csv,sqlite,parquet",
            "--quiet",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stderr.is_empty(), "--quiet prints nothing: {}", String::from_utf8_lossy(&o.stderr));
    // Three named inputs and every document of fixtures/synthetic.
    let inputs = 3 + std::fs::read_dir(root().join("fixtures/synthetic"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "txt"))
        .count();
    let mut total = 0;
    for spec in ALL_TABLES {
        let csv_rows = csv::Reader::from_path(out.join(format!("{}.csv", spec.name))).unwrap().records().count();
        let f = std::fs::File::open(out.join(format!("{}.parquet", spec.name))).unwrap();
        let reader = SerializedFileReader::new(f).unwrap();
        let meta = reader.metadata().file_metadata();
        assert_eq!(meta.num_rows() as usize, csv_rows, "{}", spec.name);
        total += csv_rows;
        let arrow = parquet::arrow::parquet_to_arrow_schema(meta.schema_descr(), meta.key_value_metadata()).unwrap();
        let names: Vec<&str> = arrow.fields().iter().map(|f| f.name().as_str()).collect();
        assert_eq!(names, spec.names().collect::<Vec<_>>());
        for (field, col) in arrow.fields().iter().zip(spec.columns) {
            let want = match col.ty {
                ColumnType::Text => arrow_schema::DataType::Utf8,
                ColumnType::Int => arrow_schema::DataType::Int64,
                ColumnType::Real => arrow_schema::DataType::Float64,
                ColumnType::Bool => arrow_schema::DataType::Boolean,
            };
            assert_eq!(field.data_type(), &want, "{}.{}", spec.name, col.name);
        }
    }
    assert!(total > 1000, "{total} rows");
    // The manifest records the run.
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["command"], "extract");
    assert_eq!(m["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(m["options"]["format"], serde_json::json!(["json", "csv", "sqlite", "parquet"]));
    assert_eq!(m["counts"]["processed"], inputs as u64);
    assert!(m["ended"].as_str().unwrap() >= m["started"].as_str().unwrap());

    // merge writes a manifest listing its shards, each with its own.
    let merged = common::scratch("parquet", "merged");
    let o =
        Command::new(env!("CARGO_BIN_EXE_trichxuat")).arg("merge").arg(&out).arg("--out").arg(&merged).arg("--parquet").output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(merged.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["command"], "merge");
    assert_eq!(m["shards"][0]["dir"], out.display().to_string());
    assert_eq!(m["shards"][0]["manifest"]["command"], "extract");
    assert_eq!(m["counts"]["documents"], inputs as u64);
    assert!(merged.join("amounts.parquet").is_file());
}
