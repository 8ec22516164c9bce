//! `provenance.bbox` (contract, "Where a value stands on the page") checked
//! against poppler: for the fixtures' text PDFs every figure's box must hold
//! the word `pdftotext -bbox` prints for it (2 pt), and be no bigger than a
//! cell; for their scans, the box must hold the same figure as the text PDF
//! of the same page prints it, within the page's skew (15 pt). Plain text
//! has `bbox: null`; `tables[].cells` carry every grid cell's box.

mod common;

use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// A word of `pdftotext -bbox`: page, text, [x0, y0, x1, y1].
type Word = (u32, String, [f64; 4]);

/// Every word `pdftotext -bbox` finds.
fn poppler_words(pdf: &Path) -> Vec<Word> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/setup.sh");
    assert!(out.status.success(), "pdftotext failed on {}", pdf.display());
    let html = String::from_utf8_lossy(&out.stdout);
    let page_re =
        regex::Regex::new(r"<page |<word xMin=.([0-9.]+). yMin=.([0-9.]+). xMax=.([0-9.]+). yMax=.([0-9.]+).>([^<]*)</word>").unwrap();
    let mut page = 0;
    let mut words = Vec::new();
    for m in page_re.captures_iter(&html) {
        if m.get(0).unwrap().as_str().starts_with("<page") {
            page += 1;
            continue;
        }
        let f = |i: usize| m[i].parse::<f64>().unwrap();
        words.push((page, m[5].to_string(), [f(1), f(2), f(3), f(4)]));
    }
    words
}

/// A printed figure's value (Vietnamese print: `.` thousands, `,` decimals).
fn figure(s: &str) -> Option<f64> {
    let t = s.trim().replace('.', "").replace(',', ".");
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    t.parse().ok()
}

fn run(inputs: &[&str], name: &str) -> std::path::PathBuf {
    let out = common::scratch("bbox", name);
    let root = common::root();
    let status = Command::new(env!("CARGO_BIN_EXE_trichxuat"))
        .arg("extract")
        .args(inputs.iter().map(|i| root.join("fixtures").join(i)))
        .arg("--out")
        .arg(&out)
        .arg("--quiet")
        .status()
        .unwrap();
    assert!(status.success());
    out
}

fn doc(out: &Path, id: &str) -> Value {
    serde_json::from_slice(&std::fs::read(out.join(format!("{id}.json"))).unwrap()).unwrap()
}

fn bbox_of(f: &Value) -> Option<[f64; 4]> {
    let b = f["provenance"]["bbox"].as_array()?;
    Some([b[0].as_f64()?, b[1].as_f64()?, b[2].as_f64()?, b[3].as_f64()?])
}

/// (figure value, page, bbox) of every read (not derived) target and amount.
fn figures(d: &Value) -> Vec<(f64, u32, Option<[f64; 4]>, String)> {
    let mut out = Vec::new();
    for a in d["amounts"].as_array().unwrap() {
        if a["derived"].as_bool() == Some(true) {
            continue;
        }
        let raw = a["raw"].as_str().unwrap().to_string();
        out.push((figure(&raw).unwrap_or(f64::NAN), a["provenance"]["page"].as_u64().unwrap() as u32, bbox_of(a), raw));
    }
    for t in d["targets"].as_array().unwrap() {
        if t["derived"].as_bool() == Some(true) {
            continue;
        }
        let v = t["value"].as_f64().unwrap();
        out.push((v, t["provenance"]["page"].as_u64().unwrap() as u32, bbox_of(t), v.to_string()));
    }
    out
}

fn holds(outer: &[f64; 4], inner: &[f64; 4], tol: f64) -> bool {
    inner[0] >= outer[0] - tol && inner[1] >= outer[1] - tol && inner[2] <= outer[2] + tol && inner[3] <= outer[3] + tol
}

/// Counts figures whose box holds a poppler word printing the same figure.
fn agreement(d: &Value, words: &[Word], tol: f64) -> (usize, usize, Vec<String>) {
    let mut by_page: HashMap<u32, Vec<&Word>> = HashMap::new();
    for w in words {
        by_page.entry(w.0).or_default().push(w);
    }
    let (mut good, mut all, mut bad) = (0, 0, Vec::new());
    for (value, page, bbox, raw) in figures(d) {
        all += 1;
        let Some(b) = bbox else {
            bad.push(format!("{raw} on page {page}: no bbox"));
            continue;
        };
        // no bigger than a table cell: a box holding a whole row would hold anything
        let small = b[2] - b[0] < 200.0 && b[3] - b[1] < 60.0;
        let hit = by_page
            .get(&page)
            .into_iter()
            .flatten()
            .any(|w| figure(&w.1).is_some_and(|v| (v - value).abs() < 1e-9) && holds(&b, &w.2, tol));
        if hit && small {
            good += 1;
        } else {
            bad.push(format!("{raw} on page {page}: bbox {b:?} holds no such word (small: {small})"));
        }
    }
    (good, all, bad)
}

#[test]
fn text_pdf_boxes_hold_the_printed_figures() {
    let out = run(
        &[
            "cao_bang_2015.text.pdf",
            "dong_nai_2020.text.pdf",
            "cao_bang_2015.cairo.pdf",
            "dong_nai_2020.cairo.pdf",
            "cao_bang_2015.rotated.pdf",
        ],
        "text",
    );
    let root = common::root();
    for (file, id) in [
        ("cao_bang_2015.text.pdf", "cao-bang-2015-text"),
        ("dong_nai_2020.text.pdf", "dong-nai-2020-text"),
        ("cao_bang_2015.cairo.pdf", "cao-bang-2015-cairo"),
        ("dong_nai_2020.cairo.pdf", "dong-nai-2020-cairo"),
        // /Rotate 90: boxes on the page as displayed, as pdftotext gives them
        ("cao_bang_2015.rotated.pdf", "cao-bang-2015-rotated"),
    ] {
        let words = poppler_words(&root.join("fixtures").join(file));
        let d = doc(&out, id);
        let (good, all, bad) = agreement(&d, &words, 2.0);
        eprintln!("bbox {file}: {good}/{all} figures hold their pdftotext word within 2 pt");
        assert!(all > 50, "{file}: only {all} figures");
        assert_eq!(good, all, "{file}: {:#?}", &bad[..bad.len().min(10)]);
        // projects: the box holds the project's name as printed (its first word)
        for p in d["projects"].as_array().unwrap() {
            let b = bbox_of(p).unwrap_or_else(|| panic!("{file}: project without bbox: {p}"));
            let page = p["provenance"]["page"].as_u64().unwrap() as u32;
            let first = p["name"].as_str().unwrap().split_whitespace().next().unwrap().to_string();
            assert!(
                words.iter().any(|w| w.0 == page && w.1 == first && holds(&b, &w.2, 2.0)),
                "{file}: project {} box {b:?} does not hold {first:?}",
                p["name"]
            );
        }
        // the grid: every table lists its cells, header cells included, each with a box
        for t in d["tables"].as_array().unwrap() {
            let cells = t["cells"].as_array().unwrap();
            assert!(cells.iter().any(|c| c["header"] == true), "{file} {}: no header cell", t["id"]);
            assert!(cells.iter().all(|c| c["bbox"].is_array()), "{file} {}: a cell without a box", t["id"]);
        }
    }
}

#[test]
fn scan_boxes_hold_the_figures_within_the_skew() {
    let out = run(&["cao_bang_2015.scan.pdf", "dong_nai_2020.scan.pdf"], "scan");
    let root = common::root();
    for (scan, text, id) in [
        ("cao_bang_2015.scan.pdf", "cao_bang_2015.text.pdf", "cao-bang-2015-scan"),
        ("dong_nai_2020.scan.pdf", "dong_nai_2020.text.pdf", "dong-nai-2020-scan"),
    ] {
        // the scan was made from the text PDF: same pages, same places, plus skew
        let words = poppler_words(&root.join("fixtures").join(text));
        let d = doc(&out, id);
        let (good, all, bad) = agreement(&d, &words, 15.0);
        eprintln!("bbox {scan}: {good}/{all} figures hold the text PDF's word within 15 pt");
        assert!(all > 50, "{scan}: only {all} figures");
        // a figure OCR misread (the planted "5") has no word printing it: allow those few
        assert!(good * 100 >= all * 97, "{scan}: {good}/{all}: {:#?}", &bad[..bad.len().min(10)]);
    }
}

#[test]
fn plain_text_has_null_boxes() {
    let out = run(&["cao_bang_2015.txt"], "plain");
    let d = doc(&out, "cao-bang-2015");
    for a in d["amounts"].as_array().unwrap() {
        assert!(a["provenance"]["bbox"].is_null(), "{a}");
    }
    let t = &d["tables"][0];
    assert!(!t["cells"].as_array().unwrap().is_empty());
    assert!(t["cells"][0]["bbox"].is_null());
}
