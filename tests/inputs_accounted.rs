//! One row per input, always, and a command line that fails loudly: every
//! input is a document or an errors.csv row naming what went wrong; re-runs
//! and merges replace an input's previous version; usage mistakes exit 2.

mod common;
use common::root;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn tmp(name: &str) -> PathBuf {
    common::scratch("inputs", name)
}

fn trichxuat_in(dir: &Path, args: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_trichxuat")).current_dir(dir).args(args).output().expect("run trichxuat");
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stderr).to_string())
}

fn trichxuat(args: &[&str]) -> (i32, String) {
    trichxuat_in(&std::env::temp_dir(), args)
}

fn csv_rows(out: &Path, name: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new().from_path(out.join(name)).unwrap();
    r.records().map(|rec| rec.unwrap().iter().map(str::to_string).collect()).collect()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join("fixtures").join(name)).unwrap()
}

#[test]
fn byte_identical_inputs_at_two_paths_are_two_documents() {
    let input = tmp("dup-in");
    std::fs::create_dir_all(input.join("a")).unwrap();
    std::fs::create_dir_all(input.join("b")).unwrap();
    std::fs::write(input.join("a/ke_hoach.txt"), fixture("dong_nai_2020.txt")).unwrap();
    std::fs::write(input.join("b/ke_hoach.txt"), fixture("dong_nai_2020.txt")).unwrap();
    std::fs::write(input.join("b/other.txt"), fixture("dong_nai_2020.txt")).unwrap();
    let out = tmp("dup-out");
    let (code, err) = trichxuat(&["extract", input.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let docs = csv_rows(&out, "documents.csv");
    assert_eq!(docs.len(), 3, "every input has its row: {docs:?}");
    assert!(err.contains("duplicates 2"), "{err}");
}

#[test]
fn a_changed_input_replaces_its_old_version_on_resume_and_merge() {
    let work = tmp("replace");
    let corpus = work.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("dong_nai.txt"), fixture("dong_nai_2020.txt")).unwrap();
    std::fs::write(corpus.join("cao_bang.txt"), fixture("cao_bang_2015.txt")).unwrap();
    let (code, err) = trichxuat_in(&work, &["extract", "corpus", "--out", "shard-1"]);
    assert_eq!(code, 0, "{err}");
    let amounts_before = csv_rows(&work.join("shard-1"), "amounts.csv").len();
    let (code, err) = trichxuat_in(&work, &["merge", "shard-1", "--out", "all"]);
    assert_eq!(code, 0, "{err}");
    // The input changes (one more line), then the shard is resumed with the folder named absolutely.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut changed = fixture("dong_nai_2020.txt");
    changed.extend_from_slice("\nBản sửa đổi.\n".as_bytes());
    std::fs::write(corpus.join("dong_nai.txt"), changed).unwrap();
    let abs = corpus.canonicalize().unwrap();
    let (code, err) = trichxuat_in(&work, &["extract", abs.to_str().unwrap(), "--out", "shard-1", "--resume"]);
    assert_eq!(code, 0, "{err}");
    let docs = csv_rows(&work.join("shard-1"), "documents.csv");
    assert_eq!(docs.len(), 2, "the new version replaced the old: {docs:?}");
    assert_eq!(csv_rows(&work.join("shard-1"), "amounts.csv").len(), amounts_before, "no amount twice");
    let (code, err) = trichxuat_in(&work, &["merge", "shard-1", "--out", "all"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(csv_rows(&work.join("all"), "documents.csv").len(), 2);
    assert_eq!(csv_rows(&work.join("all"), "amounts.csv").len(), amounts_before, "no amount twice after the merge");
}

#[test]
fn files_that_are_not_what_their_name_says_are_named_in_errors_csv() {
    let input = tmp("sniff-in");
    std::fs::write(input.join("good.txt"), fixture("cao_bang_2015.txt")).unwrap();
    std::fs::write(
        input.join("error_page.pdf"),
        b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n",
    )
    .unwrap();
    std::fs::write(input.join("notes.pdf"), fixture("dong_nai_2020.txt")).unwrap();
    let mut zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
    zip.extend_from_slice(&[7u8; 200]);
    std::fs::write(input.join("bundle.pdf"), &zip).unwrap();
    std::fs::write(input.join("bundle.txt"), &zip).unwrap();
    std::fs::write(input.join("archive.txt"), b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage").unwrap();
    // Nothing recognised at all: a document with no table, figure or metadata.
    std::fs::write(input.join("shopping.txt"), "Mua rau, mua thịt, mua cá.\nGọi điện cho mẹ.\n").unwrap();
    let out = tmp("sniff-out");
    let (code, err) = trichxuat(&["extract", input.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let errors = std::fs::read_to_string(out.join("errors.csv")).unwrap();
    for (file, words) in [
        ("error_page.pdf", "html"),
        ("notes.pdf", "plain text"),
        ("bundle.pdf", "zip"),
        ("bundle.txt", "zip"),
        ("archive.txt", "gzip"),
        ("shopping.txt", "nothing recognised"),
    ] {
        let line = errors.lines().find(|l| l.contains(file)).unwrap_or_else(|| panic!("{file} not in errors.csv:\n{errors}"));
        assert!(line.to_lowercase().contains(words), "{file}: {line}");
    }
    assert_eq!(csv_rows(&out, "documents.csv").len(), 1, "only the good input is a document");
}

#[test]
fn scans_that_could_not_be_read_are_failures_with_their_reason() {
    let input = tmp("scan-in");
    std::fs::write(input.join("scan.pdf"), fixture("dong_nai_2020.scan.pdf")).unwrap();
    let out = tmp("scan-out");
    // OCR off stands for Tesseract missing: the pages cannot be read.
    let (code, err) = trichxuat(&["extract", input.to_str().unwrap(), "--out", out.to_str().unwrap(), "--no-ocr"]);
    assert_eq!(code, 1, "{err}");
    let errors = std::fs::read_to_string(out.join("errors.csv")).unwrap();
    assert!(errors.contains("scan.pdf") && errors.contains("scanned pages could be read") && errors.contains("OCR is off"), "{errors}");
}

#[test]
fn lone_cr_line_ends_read_like_lf() {
    let input = tmp("cr-in");
    let text = String::from_utf8(fixture("dong_nai_2020.txt")).unwrap();
    std::fs::write(input.join("mac.txt"), text.replace('\n', "\r")).unwrap();
    std::fs::write(input.join("dos.txt"), text.replace('\n', "\r\n")).unwrap();
    std::fs::write(input.join("unix.txt"), &text).unwrap();
    let out = tmp("cr-out");
    let (code, err) = trichxuat(&["extract", input.to_str().unwrap(), "--out", out.to_str().unwrap(), "--in-process"]);
    assert_eq!(code, 0, "{err}");
    let amounts = csv_rows(&out, "amounts.csv");
    let count = |id: &str| amounts.iter().filter(|r| r[0] == id).count();
    assert!(count("unix") > 10);
    assert_eq!(count("mac"), count("unix"));
    assert_eq!(count("dos"), count("unix"));
}

#[test]
fn usage_mistakes_exit_2() {
    let input = tmp("usage-in");
    std::fs::write(input.join("a.txt"), fixture("cao_bang_2015.txt")).unwrap();
    let out = tmp("usage-out");
    let (code, err) = trichxuat(&["extract", input.to_str().unwrap(), "--out", out.to_str().unwrap(), "--format", "json,parquett"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("parquett"), "{err}");
    let (code, err) = trichxuat(&["merge", "/nonexistent/shard-1", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    let (code, err) = trichxuat(&["extract", input.to_str().unwrap(), "--out", input.join("a.txt").to_str().unwrap()]);
    assert_eq!(code, 2, "--out naming a file: {err}");
}

#[test]
fn inspect_into_a_closed_pipe_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_trichxuat"))
        .args(["inspect", "--lines", root().join("fixtures/cao_bang_2015.txt").to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // `| head -1`: read one line, then close the pipe.
    {
        use std::io::BufRead;
        let mut first = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        assert!(!first.is_empty());
    }
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(o.status.code(), Some(0), "{err}");
}

#[test]
fn file_names_make_safe_ids_whatever_their_case_or_length() {
    let input = tmp("names-in");
    std::fs::write(input.join("UPPER.TXT"), fixture("cao_bang_2015.txt")).unwrap();
    let long = format!("{}.txt", "quyet_dinh_phe_duyet_ke_hoach_khuyen_cong_".repeat(5));
    std::fs::write(input.join(&long), fixture("dong_nai_2020.txt")).unwrap();
    let out = tmp("names-out");
    let (code, err) = trichxuat(&["extract", input.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let ids: Vec<String> = csv_rows(&out, "documents.csv").into_iter().map(|r| r[0].clone()).collect();
    assert!(ids.contains(&"upper".to_string()), "{ids:?}");
    let long_id = ids.iter().find(|i| i.starts_with("quyet-dinh")).expect("long name kept");
    assert!(long_id.len() <= 120, "{long_id}");
}

#[test]
fn amounts_beyond_2_pow_63_stay_exact_integers() {
    let input = tmp("big-in");
    let text = String::from_utf8(std::fs::read(root().join("fixtures/synthetic/bac_kan_2023.txt")).unwrap()).unwrap();
    let big = text.replace("1\tNăm 2023\t1,2\t0,85\t2,05", "1\tNăm 2023\t12345678901,2\t0,85\t12345678902,05");
    assert_ne!(big, text, "the fixture row to enlarge is there");
    std::fs::write(input.join("big.txt"), big).unwrap();
    let out = tmp("big-out");
    let (code, err) = trichxuat(&["extract", input.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let json = std::fs::read_to_string(out.join("big.json")).unwrap();
    assert!(json.contains("\"amount_vnd\":12345678901200000000"), "exact in JSON");
    let conn = rusqlite::Connection::open(out.join("trichxuat.sqlite")).unwrap();
    let (v, t): (String, String) = conn
        .query_row("SELECT CAST(amount_vnd AS TEXT), typeof(amount_vnd) FROM amounts WHERE raw = '12345678901,2'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((v.as_str(), t.as_str()), ("12345678901200000000", "blob"), "exact digits, never a float");
}
