//! End to end over the bundled fixtures: the real binary, real files, real
//! SQLite; outputs compared with the committed expected JSON, validated against
//! the JSON Schema, and scored against the gold with the shared scorer.

mod common;
use common::root;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_trichxuat"))
}

fn tmp(name: &str) -> PathBuf {
    common::scratch("e2e", name)
}

/// Runs `extract` from the crate root on relative inputs; returns (status, stderr).
fn extract(inputs: &[&str], out: &Path, extra: &[&str]) -> (i32, String) {
    let o = Command::new(bin())
        .current_dir(root())
        .arg("extract")
        .args(inputs)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("run trichxuat");
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stderr).to_string())
}

fn read_json(p: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).unwrap()
}

const TEXT_FIXTURES: &[&str] = &["fixtures/cao_bang_2015.txt", "fixtures/dong_nai_2020.txt"];

#[test]
fn text_fixtures_match_committed_expected_outputs() {
    let out = tmp("expected");
    let (code, err) = extract(TEXT_FIXTURES, &out, &["--jobs", "2"]);
    assert_eq!(code, 0, "{err}");
    for id in ["cao-bang-2015", "dong-nai-2020"] {
        let got = read_json(&out.join(format!("{id}.json")));
        let want_path = root().join("fixtures/expected").join(format!("{id}.json"));
        if std::env::var_os("TRICHXUAT_BLESS").is_some() {
            std::fs::create_dir_all(want_path.parent().unwrap()).unwrap();
            std::fs::write(&want_path, serde_json::to_string_pretty(&got).unwrap() + "\n").unwrap();
        }
        let want = read_json(&want_path);
        assert!(got == want, "{id}: output differs from {} (re-bless with TRICHXUAT_BLESS=1 after checking the diff)", want_path.display());
    }
    for f in ["documents.csv", "targets.csv", "amounts.csv", "projects.csv", "checks.csv", "errors.csv", "trichxuat.sqlite"] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
}

#[test]
fn every_output_validates_against_the_schema() {
    let out = tmp("schema");
    let (code, err) = extract(TEXT_FIXTURES, &out, &[]);
    assert_eq!(code, 0, "{err}");
    let schema = read_json(&root().join("schemas/document.schema.json"));
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let mut n = 0;
    for e in std::fs::read_dir(&out).unwrap() {
        let p = e.unwrap().path();
        if common::is_document_json(&p) {
            let v = read_json(&p);
            let errors: Vec<String> = validator.iter_errors(&v).map(|e| format!("{} at {}", e, e.instance_path)).collect();
            assert!(errors.is_empty(), "{}: {:?}", p.display(), &errors[..errors.len().min(5)]);
            n += 1;
        }
    }
    assert_eq!(n, 2);
}

/// Scores an output folder with the shared scorer; `None` when python3 is missing.
fn score(out: &Path) -> Option<serde_json::Value> {
    Command::new("python3").arg("--version").output().ok()?;
    Some(common::score(&root().join("fixtures/gold"), out))
}

fn assert_perfect(overall: &serde_json::Value) {
    let f = |path: &[&str]| -> f64 {
        let mut v = overall;
        for k in path {
            v = &v[*k];
        }
        v.as_f64().unwrap_or(-1.0)
    };
    assert_eq!(f(&["targets", "f1"]), 1.0, "targets F1: {overall}");
    assert_eq!(f(&["targets", "unit_accuracy"]), 1.0);
    assert_eq!(f(&["amounts", "f1"]), 1.0, "amounts F1: {overall}");
    assert_eq!(f(&["amounts", "source_accuracy"]), 1.0);
    assert_eq!(f(&["amounts", "row_kind_accuracy"]), 1.0);
    assert_eq!(f(&["projects", "f1"]), 1.0);
    assert_eq!(f(&["projects", "month_accuracy"]), 1.0);
    assert_eq!(f(&["checks", "recall"]), 1.0, "checks: {}", overall["checks"]);
    assert_eq!(overall["checks"]["false_alarms"].as_i64(), Some(0), "checks: {}", overall["checks"]);
    assert_eq!(f(&["document_score"]), 1.0, "document: {overall}");
}

#[test]
fn text_fixtures_score_perfectly_against_the_gold() {
    let out = tmp("gold");
    let (code, err) = extract(TEXT_FIXTURES, &out, &[]);
    assert_eq!(code, 0, "{err}");
    let Some(s) = score(&out) else {
        eprintln!("python3 not available: scoring skipped");
        return;
    };
    assert_perfect(&s["overall"]);
}

#[test]
fn decomposed_unicode_inputs_give_the_same_facts() {
    use unicode_normalization::UnicodeNormalization;
    let dir = tmp("nfd-in");
    for f in TEXT_FIXTURES {
        let text = std::fs::read_to_string(root().join(f)).unwrap();
        let nfd: String = text.nfd().collect();
        assert_ne!(nfd, text);
        std::fs::write(dir.join(Path::new(f).file_name().unwrap()), nfd).unwrap();
    }
    let out = tmp("nfd-out");
    let (code, err) = extract(&[dir.to_str().unwrap()], &out, &[]);
    assert_eq!(code, 0, "{err}");
    let Some(s) = score(&out) else { return };
    assert_perfect(&s["overall"]);
}

#[test]
fn broken_inputs_are_reported_and_the_batch_goes_on() {
    let dir = tmp("bad-in");
    std::fs::write(dir.join("empty.txt"), b"").unwrap();
    let junk: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    std::fs::write(dir.join("junk.pdf"), &junk).unwrap();
    std::fs::write(dir.join("junk.txt"), &junk).unwrap();
    std::fs::copy(root().join(TEXT_FIXTURES[1]), dir.join("dong_nai_2020.txt")).unwrap();
    let out = tmp("bad-out");
    let (code, err) = extract(&[dir.to_str().unwrap()], &out, &[]);
    assert_eq!(code, 1, "a failed input must make the exit status 1: {err}");
    assert!(err.contains("empty.txt"), "{err}");
    let errors = std::fs::read_to_string(out.join("errors.csv")).unwrap();
    for f in ["empty.txt", "junk.pdf", "junk.txt"] {
        assert!(errors.contains(f), "{f} not in errors.csv:\n{errors}");
    }
    assert!(errors.to_lowercase().contains("empty"), "{errors}");
    assert!(out.join("dong-nai-2020.json").is_file(), "the good document must still be written");
}

#[test]
fn sqlite_holds_the_same_amounts_as_the_json() {
    let out = tmp("sqlite");
    let (code, err) = extract(TEXT_FIXTURES, &out, &[]);
    assert_eq!(code, 0, "{err}");
    let conn = rusqlite::Connection::open(out.join("trichxuat.sqlite")).unwrap();
    let (n, sum): (i64, i64) = conn
        .query_row("SELECT count(*), sum(amount_vnd) FROM amounts WHERE doc_id = 'dong-nai-2020'", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let j = read_json(&out.join("dong-nai-2020.json"));
    let amounts = j["amounts"].as_array().unwrap();
    assert_eq!(n as usize, amounts.len());
    let jsum: i64 = amounts.iter().map(|a| a["amount_vnd"].as_i64().unwrap()).sum();
    assert_eq!(sum, jsum);
}

#[test]
fn text_layer_pdfs_score_like_the_text_inputs() {
    let out = tmp("textpdf");
    let (code, err) = extract(&["fixtures/cao_bang_2015.text.pdf", "fixtures/dong_nai_2020.text.pdf"], &out, &[]);
    assert_eq!(code, 0, "{err}");
    for id in ["cao-bang-2015-text", "dong-nai-2020-text"] {
        let j = read_json(&out.join(format!("{id}.json")));
        assert_eq!(j["source"]["kind"], "pdf_text");
        assert!(j["source"]["page_routes"].as_array().unwrap().iter().all(|r| r["route"] == "text_layer"));
    }
    let Some(s) = score(&out) else { return };
    assert_perfect(&s["overall"]);
}

/// Scanned PDFs through real Tesseract: the floors, and every OCR
/// misread that breaks a printed total reported as a mismatch.
#[test]
fn scanned_pdfs_reach_the_floors() {
    let out = tmp("scan");
    let (code, err) = extract(&["fixtures/cao_bang_2015.scan.pdf", "fixtures/dong_nai_2020.scan.pdf"], &out, &["--jobs", "2"]);
    assert_eq!(code, 0, "{err}");
    // Tesseract and Leptonica run inside the workers: nothing of theirs
    // ("Detected 64 diacritics", "Error in boxClipToRectangle") reaches the
    // terminal, only the tool's own progress and summary.
    let foreign: Vec<&str> = err.lines().filter(|l| !l.is_empty() && !l.starts_with("trichxuat:") && !l.starts_with("  ")).collect();
    assert!(foreign.is_empty(), "{foreign:?}");
    let j = read_json(&out.join("dong-nai-2020-scan.json"));
    assert_eq!(j["source"]["kind"], "pdf_scan");
    let Some(s) = score(&out) else { return };
    let o = &s["overall"];
    let f = |a: &str, b: &str| o[a][b].as_f64().unwrap_or(-1.0);
    assert!(f("amounts", "f1") >= 0.97, "amounts: {}", o["amounts"]);
    assert!(f("targets", "f1") >= 0.97, "targets: {}", o["targets"]);
    assert!(f("projects", "f1") >= 0.95, "projects: {}", o["projects"]);
    assert!(o["document_score"].as_f64().unwrap_or(0.0) >= 0.85, "document: {}", o["document_score"]);
}
