//! Tests of the output stage as a whole: contract JSON, schema, batch files,
//! SQLite, merge, resume.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use super::json::document_json;
use super::testdoc::sample;
use super::*;
use crate::model::{Document, Stage};

const SHA_A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const SHA_B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const SHA_C: &str = "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";

const CSV_FILES: [&str; 8] =
    ["documents.csv", "tables.csv", "warnings.csv", "targets.csv", "amounts.csv", "projects.csv", "checks.csv", "errors.csv"];

fn schema() -> Value {
    let text = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/document.schema.json"));
    serde_json::from_str(text).unwrap()
}

fn doc(id: &str, sha: &str) -> Document {
    sample(id, &format!("fixtures/{}.pdf", id.replace('-', "_")), sha)
}

fn read_csv(dir: &Path, name: &str) -> Vec<Vec<String>> {
    let mut r = ::csv::ReaderBuilder::new().has_headers(false).from_path(dir.join(name)).unwrap();
    r.records().map(|rec| rec.unwrap().iter().map(str::to_string).collect()).collect()
}

fn col(rows: &[Vec<String>], name: &str) -> usize {
    rows[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"))
}

fn visible_names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

fn run(out: &Path, docs: &[Document], opts: OutputOptions) -> BatchSummary {
    let w = BatchWriter::create(out, opts).unwrap();
    for d in docs {
        w.write_document(d).unwrap();
    }
    w.finish().unwrap()
}

#[test]
fn json_follows_the_contract() {
    let v = document_json(&doc("cao-bang-2015", SHA_A));
    assert_eq!(v["schema_version"], "1");
    assert_eq!(v["doc_id"], "cao-bang-2015");
    assert_eq!(v["source"]["kind"], "pdf_scan");
    assert_eq!(v["source"]["pages"], 14);
    assert_eq!(v["source"]["page_routes"][0], serde_json::json!({"page": 1, "route": "text_layer"}));
    assert_eq!(v["source"]["page_routes"][1]["route"], "ocr");
    assert_eq!(v["document"]["type"], "quyet_dinh");
    assert_eq!(v["document"]["period"], serde_json::json!({"from": 2016, "to": 2020}));
    assert_eq!(v["document"]["signer"]["authority"], "KT. Chủ tịch");
    assert_eq!(v["document"]["legal_bases"][0]["type"], "nghi_dinh");
    assert!(v["document"]["legal_bases"][1]["number"].is_null());
    let t = &v["tables"][0];
    assert_eq!(t["rows"], 2);
    assert_eq!(t["columns"][3], "Năm 2016");
    assert_eq!(t["pages"], serde_json::json!([12, 13]));
    assert!(t["unit"].is_null());
    // Internal fields stay inside.
    let text = v.to_string();
    for internal in ["unit_vnd", "first_line", "last_line", "transposed", "\"values\"", "landscape"] {
        assert!(!text.contains(internal), "{internal} leaked");
    }
    // Whole numbers are integers, fractions stay fractions.
    assert!(v["targets"][0]["value"].is_i64());
    assert_eq!(v["targets"][0]["value"], 50);
    assert!(v["targets"][3]["value"].is_f64());
    assert_eq!(v["targets"][3]["provenance"]["confidence"], 87.3);
    assert!(v["targets"][0]["provenance"].get("confidence").is_none());
    assert_eq!(v["amounts"][2]["amount_vnd"].as_i64(), Some(541_125_000));
    assert_eq!(v["amounts"][5]["amount_vnd"].as_i64(), Some(10_987_250_000_000));
    assert!(v["amounts"][5]["source"].is_null());
    assert_eq!(v["amounts"][0]["source"], "national");
    assert_eq!(v["amounts"][3]["derived"], true);
    assert_eq!(v["checks"][3]["expected"].as_i64(), Some(7_763_445_000));
    assert_eq!(v["checks"][1]["status"], "mismatch");
    assert_eq!(v["warnings"][1]["stage"], "map");
    // Contract key order in the written file.
    let bytes = json::document_json_bytes(&json::DocJson::from_document(&doc("x", SHA_A))).unwrap();
    let s = String::from_utf8(bytes).unwrap();
    let pos = |k: &str| s.find(&format!("\"{k}\"")).unwrap();
    assert!(pos("schema_version") < pos("doc_id") && pos("doc_id") < pos("source"));
    assert!(pos("tables") < pos("targets") && pos("targets") < pos("amounts"));
}

#[test]
fn legal_only_types_become_other_for_the_document() {
    let mut d = doc("x", SHA_A);
    d.meta.doc_type = Some(crate::model::DocType::ThongTu);
    assert_eq!(document_json(&d)["document"]["type"], "other");
}

#[test]
fn schema_accepts_the_sample_and_rejects_mistakes() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let good = document_json(&doc("cao-bang-2015", SHA_A));
    let errs: Vec<String> = validator.iter_errors(&good).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errs.is_empty(), "{errs:?}");
    // An empty document (nothing recognised) is valid too.
    let bare = Document::new("bare".into(), doc("x", SHA_A).source, Vec::new());
    assert!(validator.is_valid(&document_json(&bare)));

    let bad = |f: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        f(&mut v);
        validator.is_valid(&v)
    };
    assert!(!bad(&|v| v["amounts"][0]["source"] = "provincial".into()));
    assert!(!bad(&|v| v["amounts"][0]["amount_vnd"] = serde_json::json!(700000000.5)));
    assert!(!bad(&|v| v["amounts"][0]["amount_vnd"] = "700000000".into()));
    assert!(!bad(&|v| v["checks"][0]["status"] = "failed".into()));
    assert!(!bad(&|v| v["checks"][0]["kind"] = "sum".into()));
    assert!(!bad(&|v| v["targets"][0]["row_kind"] = "leaf".into()));
    assert!(!bad(&|v| v["targets"][0]["category"] = "trade".into()));
    assert!(!bad(&|v| v["tables"][0]["kind"] = "money".into()));
    assert!(!bad(&|v| v["document"]["type"] = "nghi_dinh".into()));
    assert!(!bad(&|v| v["source"]["kind"] = "pdf".into()));
    assert!(!bad(&|v| v["schema_version"] = "2".into()));
    assert!(!bad(&|v| {
        v.as_object_mut().unwrap().remove("checks");
    }));
    assert!(!bad(&|v| {
        v["amounts"][0].as_object_mut().unwrap().remove("provenance");
    }));
    assert!(!bad(&|v| v["tables"][0]["unit_vnd"] = 1_000_000.into()));
    assert!(!bad(&|v| v["projects"][0]["start_month"] = 13.into()));
    assert!(!bad(&|v| v["document"]["date"] = "26/02/2015".into()));
    // Nullable where the contract says so.
    assert!(bad(&|v| v["document"]["period"] = Value::Null));
    assert!(bad(&|v| v["amounts"][0]["year"] = Value::Null));
    assert!(bad(&|v| v["targets"][0]["row"] = Value::Null));
}

#[test]
fn batch_writes_json_csv_sqlite_and_finish_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let docs = [doc("dong-nai-2020", SHA_B), doc("cao-bang-2015", SHA_A)];
    let s = run(out, &docs, OutputOptions::default());
    assert_eq!(s.documents, 2);
    assert_eq!(s.targets, 8);
    assert_eq!(s.amounts, 12);
    assert_eq!(s.projects, 2);
    assert_eq!(s.checks, 10);
    assert_eq!(s.mismatches, 4);
    assert_eq!(s.tables, 4);
    assert_eq!(s.failed, 0);
    assert_eq!(
        visible_names(out),
        vec![
            ".trichxuat",
            "amounts.csv",
            "cao-bang-2015.json",
            "checks.csv",
            "documents.csv",
            "dong-nai-2020.json",
            "errors.csv",
            "projects.csv",
            "tables.csv",
            "targets.csv",
            "trichxuat.sqlite",
            "warnings.csv"
        ]
    );
    let d = read_csv(out, "documents.csv");
    assert_eq!(d[0].join(","), "doc_id,province,number,type,date,title,period_from,period_to,signer,source_kind,pages,n_tables,n_targets,n_amounts,n_projects,n_checks,n_mismatches,file,sha256,issuer,decision_key,duplicate_of,legal_bases");
    assert_eq!(d[1][0], "cao-bang-2015", "sorted by doc_id");
    assert_eq!(d[1][col(&d, "n_mismatches")], "2");
    assert_eq!(d[1][col(&d, "signer")], "Đàm Văn Eng");
    let a = read_csv(out, "amounts.csv");
    assert_eq!(&a[0][..2], ["doc_id", "province"]);
    assert_eq!(a.len(), 13);
    assert_eq!(a[3][col(&a, "amount_vnd")], "541125000");
    assert_eq!(a[3][col(&a, "raw")], "541,125");
    assert_eq!(a[6][col(&a, "source")], "", "null source is an empty cell");
    assert_eq!(a[1][col(&a, "line")], "452");
    let t = read_csv(out, "targets.csv");
    assert_eq!(t[4][col(&t, "value")], "2.5");
    assert_eq!(t[3][col(&t, "derived")], "true");

    let snapshot = |out: &Path| -> Vec<Vec<u8>> {
        let mut v: Vec<Vec<u8>> = CSV_FILES.iter().map(|f| fs::read(out.join(f)).unwrap()).collect();
        v.push(fs::read(out.join("trichxuat.sqlite")).unwrap());
        v
    };
    let first = snapshot(out);
    BatchWriter::create(out, OutputOptions::default()).unwrap().finish().unwrap();
    assert_eq!(first, snapshot(out), "finish twice gives the same bytes");
    // Written in another order, concurrently: still the same bytes.
    let dir2 = tempfile::tempdir().unwrap();
    let w = BatchWriter::create(dir2.path(), OutputOptions::default()).unwrap();
    [&docs[1], &docs[0]].par_iter().for_each(|d| {
        w.write_document(d).unwrap();
    });
    w.finish().unwrap();
    assert_eq!(first, snapshot(dir2.path()));
}

#[test]
fn csv_cells_that_look_like_formulas_are_escaped_for_excel_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = doc("x", SHA_A);
    d.amounts[0].label = "=HYPERLINK(\"http://x\")".into();
    d.amounts[1].label = "- Số đại biểu".into();
    d.amounts[0].amount_vnd = -700_000_000;
    let plain = tempfile::tempdir().unwrap();
    run(plain.path(), std::slice::from_ref(&d), OutputOptions::default());
    let a = read_csv(plain.path(), "amounts.csv");
    assert_eq!(a[2][col(&a, "label")], "- Số đại biểu", "plain CSV is the data as read");
    let p = read_csv(plain.path(), "projects.csv");
    assert_eq!(p[1][col(&p, "notes")], "- Quyết định 53/2018/QĐ-UBND 11/12/2018");
    run(dir.path(), &[d], OutputOptions { excel: true, ..OutputOptions::default() });
    let a = read_csv(dir.path(), "amounts.csv");
    assert_eq!(a[1][col(&a, "label")], "'=HYPERLINK(\"http://x\")");
    assert_eq!(a[2][col(&a, "label")], "'- Số đại biểu");
    assert_eq!(a[1][col(&a, "amount_vnd")], "-700000000", "numbers untouched");
    let t = read_csv(dir.path(), "targets.csv");
    assert!(t[3][col(&t, "text")].starts_with("'\t- Số đại biểu"), "provenance starting with a tab");
    let p = read_csv(dir.path(), "projects.csv");
    assert_eq!(p[1][col(&p, "notes")], "'- Quyết định 53/2018/QĐ-UBND 11/12/2018");
    // The JSON keeps the text as printed.
    let j: Value = serde_json::from_slice(&fs::read(dir.path().join("x.json")).unwrap()).unwrap();
    assert_eq!(j["amounts"][1]["label"], "- Số đại biểu");
}

#[test]
fn excel_bom_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), &[doc("x", SHA_A)], OutputOptions { excel: true, ..OutputOptions::default() });
    for f in CSV_FILES {
        assert!(fs::read(dir.path().join(f)).unwrap().starts_with(&[0xEF, 0xBB, 0xBF]), "{f}");
    }
    run(dir.path(), &[], OutputOptions::default());
    for f in CSV_FILES {
        assert!(fs::read(dir.path().join(f)).unwrap().starts_with(b"doc_id,") || f == "errors.csv");
    }
}

fn sqlite_count(out: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(out.join("trichxuat.sqlite")).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn sqlite_has_typed_columns_and_no_duplicate_documents() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let d = doc("cao-bang-2015", SHA_A);
    let w = BatchWriter::create(out, OutputOptions::default()).unwrap();
    w.write_document(&d).unwrap();
    w.write_document(&d).unwrap();
    // The same bytes at another path are another input: its own document, counted as a duplicate.
    w.write_document(&doc("copy-of-cao-bang", SHA_A)).unwrap();
    let s = w.finish().unwrap();
    assert_eq!(s.documents, 2);
    assert_eq!(s.duplicates, 1);
    assert_eq!(sqlite_count(out, "SELECT count(*) FROM documents"), 2);
    fs::remove_file(out.join("copy-of-cao-bang.json")).unwrap();
    BatchWriter::create(out, OutputOptions::default()).unwrap().finish().unwrap();
    assert_eq!(sqlite_count(out, "SELECT count(*) FROM amounts"), 6);
    assert_eq!(sqlite_count(out, "SELECT count(*) FROM amounts WHERE typeof(amount_vnd) = 'integer'"), 6);
    assert_eq!(
        sqlite_count(out, "SELECT sum(amount_vnd) FROM amounts WHERE row_kind = 'item' AND source <> 'total' AND year IS NOT NULL"),
        1_541_125_000
    );
    assert_eq!(sqlite_count(out, "SELECT count(*) FROM targets WHERE year = 2017 AND derived = 1"), 1);
    assert_eq!(sqlite_count(out, "SELECT count(*) FROM checks WHERE status = 'mismatch'"), 2);
    assert_eq!(sqlite_count(out, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE '%_year'"), 3);
    // A second document with the same doc_id cannot be inserted (one with
    // the same sha256 can: byte-identical inputs at two paths).
    let conn = rusqlite::Connection::open(out.join("trichxuat.sqlite")).unwrap();
    let dup = conn.execute("INSERT INTO documents (doc_id, source_kind, n_tables, n_targets, n_amounts, n_projects, n_checks, n_mismatches, file, sha256) VALUES ('cao-bang-2015','text',0,0,0,0,0,0,'z',?1)", [SHA_B]);
    assert!(dup.is_err());
}

#[test]
fn vietnamese_text_reaches_csv_and_sqlite_in_nfc() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = doc("x", SHA_A);
    let label = "Hỗ trợ ứng dụng máy móc tiên tiến, đào tạo nghề";
    let nfd: String = label.nfd().collect();
    assert_ne!(nfd, label);
    d.amounts[0].label = nfd.clone();
    d.meta.province = Some("Cao Bằng".nfd().collect());
    run(dir.path(), &[d], OutputOptions::default());
    let a = read_csv(dir.path(), "amounts.csv");
    assert_eq!(a[1][col(&a, "label")], label);
    assert_eq!(a[1][col(&a, "province")], "Cao Bằng");
    let conn = rusqlite::Connection::open(dir.path().join("trichxuat.sqlite")).unwrap();
    let got: String = conn.query_row("SELECT label FROM amounts WHERE source = 'national'", [], |r| r.get(0)).unwrap();
    assert_eq!(got, label);
    let n: i64 = conn.query_row("SELECT count(*) FROM amounts WHERE province = ?1", ["Cao Bằng"], |r| r.get(0)).unwrap();
    assert_eq!(n, 6);
}

#[test]
fn errors_survive_reruns_and_stale_ones_go() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let w = BatchWriter::create(out, OutputOptions::default()).unwrap();
    ["broken.pdf", "=evil.txt", "empty.txt"].par_iter().for_each(|f| {
        w.record_error(f, Stage::Read, "empty file").unwrap();
    });
    w.write_document(&doc("x", SHA_A)).unwrap();
    let s = w.finish().unwrap();
    assert_eq!(s.failed, 3);
    let e = read_csv(out, "errors.csv");
    assert_eq!(e[0], ["file", "stage", "error"]);
    assert_eq!(e[1], ["=evil.txt", "read", "empty file"]);
    assert_eq!(e[2][0], "broken.pdf");
    // A re-run where broken.pdf fails again and empty.txt now succeeds.
    let w = BatchWriter::create(out, OutputOptions::default()).unwrap();
    w.record_error("broken.pdf", Stage::Read, "empty file").unwrap();
    let mut fixed = doc("empty", SHA_B);
    fixed.source.file = "empty.txt".into();
    w.write_document(&fixed).unwrap();
    let s = w.finish().unwrap();
    assert_eq!(s.failed, 2);
    assert_eq!(s.documents, 2);
    assert_eq!(sqlite_count(out, "SELECT count(*) FROM errors"), 2);
    assert_eq!(read_csv(out, "errors.csv")[1], ["=evil.txt", "read", "empty file"]);
    // The other way round: a file written before fails now; its error stands.
    let w = BatchWriter::create(out, OutputOptions::default()).unwrap();
    w.record_error("empty.txt", Stage::Extract, "timed out after 60 s").unwrap();
    assert_eq!(w.finish().unwrap().failed, 3);
    // The log is kept short: only standing errors remain after finish.
    let log = fs::read_to_string(out.join(WORK_DIR).join("errors.jsonl")).unwrap();
    assert_eq!(log.lines().count(), 3, "{log}");
    assert!(!log.contains("resolved"));
}

#[test]
fn unreadable_json_becomes_an_error_row_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.json"), b"{\"hello\": 1}").unwrap();
    let s = run(dir.path(), &[doc("x", SHA_A)], OutputOptions::default());
    assert_eq!((s.documents, s.failed), (1, 1));
    let e = read_csv(dir.path(), "errors.csv");
    assert!(e[1][2].contains("not a trichxuat document"));
}

#[test]
fn hidden_json_when_json_is_off_and_resume_sees_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let opts = OutputOptions { json: false, ..OutputOptions::default() };
    let w = BatchWriter::create(out, opts).unwrap();
    let p = w.write_document(&doc("x", SHA_A)).unwrap();
    assert!(p.starts_with(out.join(WORK_DIR)));
    w.finish().unwrap();
    assert!(!out.join("x.json").exists());
    assert_eq!(read_csv(out, "documents.csv").len(), 2);
    run(out, &[doc("y", SHA_B)], OutputOptions::default());
    assert!(out.join("y.json").exists());
    let done = done_hashes(out);
    assert_eq!(done.len(), 2);
    assert!(done.contains(SHA_A) && done.contains(SHA_B));
    assert!(done_hashes(&out.join("missing")).is_empty());
}

#[test]
fn unsafe_doc_ids_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let w = BatchWriter::create(dir.path(), OutputOptions::default()).unwrap();
    for bad in ["../escape", "", ".hidden", "a/b", "a b"] {
        let err = w.write_document(&doc(bad, SHA_A)).unwrap_err();
        assert!(matches!(err, OutputError::BadDocId(_)), "{bad}");
    }
}

#[test]
fn merge_of_shards_equals_one_run() {
    let root = tempfile::tempdir().unwrap();
    let p = |n: &str| -> PathBuf { root.path().join(n) };
    let a = doc("cao-bang-2015", SHA_A);
    let b = doc("dong-nai-2020", SHA_B);
    let c = doc("ha-giang-2019", SHA_C);
    // One run over everything.
    let w = BatchWriter::create(&p("all"), OutputOptions::default()).unwrap();
    for d in [&a, &b, &c] {
        w.write_document(d).unwrap();
    }
    w.record_error("bad1.pdf", Stage::Extract, "encrypted PDF: x").unwrap();
    w.record_error("bad2.pdf", Stage::Read, "empty file").unwrap();
    let s_all = w.finish().unwrap();
    // Two shards; shard 2 also holds a copy of a (same input), shard 1 keeps its JSON hidden.
    let w = BatchWriter::create(&p("s1"), OutputOptions { json: false, ..OutputOptions::default() }).unwrap();
    w.write_document(&a).unwrap();
    w.write_document(&b).unwrap();
    w.record_error("bad1.pdf", Stage::Extract, "encrypted PDF: x").unwrap();
    w.finish().unwrap();
    run(&p("s2"), &[c.clone(), a.clone()], OutputOptions::default());
    BatchWriter::create(&p("s2"), OutputOptions::default()).unwrap().record_error("bad2.pdf", Stage::Read, "empty file").unwrap();

    let s = merge(&[p("s1"), p("s2")], &p("merged"), OutputOptions::default()).unwrap();
    assert_eq!(s, s_all);
    for f in CSV_FILES {
        assert_eq!(fs::read(p("all").join(f)).unwrap(), fs::read(p("merged").join(f)).unwrap(), "{f}");
    }
    assert_eq!(sqlite_count(&p("merged"), "SELECT count(*) FROM documents"), 3);
    // Merging again (or merging the result with a shard) changes nothing.
    let s2 = merge(&[p("s2"), p("merged")], &p("merged"), OutputOptions::default()).unwrap();
    assert_eq!(s2, s_all);
    assert_eq!(sqlite_count(&p("merged"), "SELECT count(*) FROM documents"), 3);
    assert_eq!(sqlite_count(&p("merged"), "SELECT count(*) FROM errors"), 2);
}

#[test]
fn merge_renames_a_doc_id_taken_by_another_input() {
    let root = tempfile::tempdir().unwrap();
    let s1 = root.path().join("s1");
    let s2 = root.path().join("s2");
    // Two inputs of the same file name in two folders.
    run(&s1, &[sample("ke-hoach", "2019/ke_hoach.pdf", SHA_A)], OutputOptions::default());
    run(&s2, &[sample("ke-hoach", "2020/ke_hoach.pdf", SHA_B)], OutputOptions::default());
    let out = root.path().join("out");
    let s = merge(&[s1, s2], &out, OutputOptions::default()).unwrap();
    assert_eq!(s.documents, 2);
    let renamed: Value = serde_json::from_slice(&fs::read(out.join("ke-hoach-2.json")).unwrap()).unwrap();
    assert_eq!(renamed["doc_id"], "ke-hoach-2");
    assert_eq!(renamed["source"]["sha256"], SHA_B);
    let d = read_csv(&out, "documents.csv");
    assert_eq!(d[2][0], "ke-hoach-2");
    assert_eq!(sqlite_count(&out, "SELECT count(*) FROM amounts WHERE doc_id = 'ke-hoach-2'"), 6);
}

#[test]
fn many_concurrent_workers() {
    let dir = tempfile::tempdir().unwrap();
    let w = BatchWriter::create(dir.path(), OutputOptions::default()).unwrap();
    (0..40u32).into_par_iter().for_each(|i| {
        if i % 10 == 9 {
            w.record_error(&format!("f{i}.pdf"), Stage::Extract, "broken PDF").unwrap();
        } else {
            w.write_document(&doc(&format!("d{i:02}"), &format!("{i:064x}"))).unwrap();
        }
    });
    let s = w.finish().unwrap();
    assert_eq!((s.documents, s.failed, s.amounts), (36, 4, 216));
    let hidden = dir.path().join(WORK_DIR);
    let leftovers: Vec<String> =
        visible_names(dir.path()).into_iter().chain(visible_names(&hidden)).filter(|n| n.ends_with(atomic::TEMP_SUFFIX)).collect();
    assert!(leftovers.is_empty());
}

#[test]
fn grid_aligns_by_characters_and_marks_derived_values() {
    let d = doc("x", SHA_A);
    let g = grid::render_table(&d.tables[0], &d.checks);
    let lines: Vec<&str> = g.lines().collect();
    assert!(lines[0].starts_with("t4 [targets] Biểu 01"));
    assert!(lines[1].starts_with("TT") && lines[1].contains("Nội dung chi tiết") && lines[1].contains("Năm 2016"));
    // Separators line up in every grid line, counted in characters.
    let grid_lines = [lines[1], lines[3], lines[4]];
    let bars = |l: &str| -> Vec<usize> {
        let chars: Vec<char> = l.chars().collect();
        (0..chars.len()).filter(|&i| chars[i] == '|').collect()
    };
    assert_eq!(bars(grid_lines[0]), bars(grid_lines[1]));
    assert_eq!(bars(grid_lines[0])[..7], bars(grid_lines[2])[..7]);
    assert!(lines[3].starts_with("I.1 ") && lines[3].contains("Lao động"));
    assert!(lines[4].contains(" 0*"), "derived value marked: {}", lines[4]);
    assert!(lines[4].contains("Số đại biểu tham dự hội thảo, tập huấn kỹ thuật, …"), "label cut at 50 chars");
    assert!(g.contains("[mismatch] row_total II.2: row total 100 ≠ sum of years 65"));
    assert!(g.contains("[inferred] column_total II.3"));
    assert!(!g.contains("text_vs_table"), "checks of other tables are left out");
}

#[test]
fn leftovers_of_a_killed_run_are_ignored_and_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    run(out, &[doc("x", SHA_A)], OutputOptions::default());
    let before = fs::read(out.join("amounts.csv")).unwrap();
    // What a run killed mid-write leaves: temp files beside the targets.
    let junk = [
        out.join(format!(".y.json.999.0{}", atomic::TEMP_SUFFIX)),
        out.join(format!(".amounts.csv.999.1{}", atomic::TEMP_SUFFIX)),
        out.join(WORK_DIR).join("docs").join(format!(".z.json.999.2{}", atomic::TEMP_SUFFIX)),
    ];
    for j in &junk {
        fs::write(j, b"{\"half\": ").unwrap();
    }
    let s = run(out, &[], OutputOptions::default());
    assert_eq!((s.documents, s.failed), (1, 0));
    assert_eq!(fs::read(out.join("amounts.csv")).unwrap(), before);
    for j in &junk {
        assert!(!j.exists(), "{}", j.display());
    }
}

#[test]
fn document_json_has_one_line_per_fact_and_reads_back_unchanged() {
    let d = json::DocJson::from_document(&doc("x", SHA_A));
    let bytes = json::document_json_bytes(&d).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let back: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(back, serde_json::to_value(&d).unwrap());
    let facts = d.targets.len() + d.amounts.len() + d.projects.len();
    assert!(facts > 0);
    let fact_lines = text.lines().filter(|l| l.starts_with("    {") && l.contains("\"provenance\":")).count();
    assert_eq!(fact_lines, facts, "{text}");
    assert!(text.starts_with("{\n  \"schema_version\": ") && text.ends_with("}\n"));
}

/// A copy of a decision kept elsewhere has no amount counted, in CSV and in
/// SQLite alike, whether it was written in this run (its rows spooled as it
/// was written) or found in the folder from an earlier run; the kept copy's
/// amounts keep their own `counted`.
#[test]
fn a_duplicate_copy_counts_no_amount_in_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let kept = doc("a-kept", SHA_A);
    let copy = doc("b-copy", SHA_B);
    assert!(kept.amounts.iter().any(|a| a.counted), "the sample has counted amounts");
    let check = |out: &Path| {
        let a = read_csv(out, "amounts.csv");
        let (id, counted) = (col(&a, "doc_id"), col(&a, "counted"));
        let of = |doc: &str| -> Vec<&str> { a[1..].iter().filter(|r| r[id] == doc).map(|r| r[counted].as_str()).collect() };
        let own: Vec<&str> = kept.amounts.iter().map(|x| if x.counted { "true" } else { "false" }).collect();
        assert_eq!(of("a-kept"), own);
        assert_eq!(of("b-copy"), vec!["false"; copy.amounts.len()]);
        let d = read_csv(out, "documents.csv");
        assert_eq!(d[2][col(&d, "duplicate_of")], "a-kept");
        let sql = |doc: &str| sqlite_count(out, &format!("SELECT count(*) FROM amounts WHERE counted = 1 AND doc_id = '{doc}'"));
        assert_eq!(sql("a-kept"), own.iter().filter(|c| **c == "true").count() as i64);
        assert_eq!(sql("b-copy"), 0);
        assert_eq!(sqlite_count(out, "SELECT count(*) FROM documents WHERE duplicate_of = 'a-kept'"), 1);
    };
    run(out, &[copy.clone(), kept.clone()], OutputOptions::default());
    check(out);
    let first: Vec<Vec<u8>> = CSV_FILES.iter().map(|f| fs::read(out.join(f)).unwrap()).collect();
    // The copy from an earlier run, the kept one written now.
    let dir2 = tempfile::tempdir().unwrap();
    run(dir2.path(), std::slice::from_ref(&copy), OutputOptions::default());
    run(dir2.path(), std::slice::from_ref(&kept), OutputOptions::default());
    check(dir2.path());
    let second: Vec<Vec<u8>> = CSV_FILES.iter().map(|f| fs::read(dir2.path().join(f)).unwrap()).collect();
    assert_eq!(first, second);
}

/// Parquet gets every row CSV gets: the facts of documents written in this
/// run (spooled without typed rows) and of documents found in the folder.
#[test]
fn parquet_tables_hold_the_rows_of_the_csvs() {
    use ::parquet::file::reader::{FileReader, SerializedFileReader};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let opts = OutputOptions { parquet: true, ..OutputOptions::default() };
    run(out, &[doc("a", SHA_A)], opts);
    run(out, &[doc("b", SHA_B)], opts);
    for name in ["documents", "tables", "targets", "amounts", "projects", "checks", "warnings"] {
        let f = fs::File::open(out.join(format!("{name}.parquet"))).unwrap();
        let rows = SerializedFileReader::new(f).unwrap().metadata().file_metadata().num_rows();
        assert_eq!(rows as usize, read_csv(out, &format!("{name}.csv")).len() - 1, "{name}");
        assert!(rows > 0, "{name}");
    }
}
