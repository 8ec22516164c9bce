//! Document metadata on documents written for this test in the forms real
//! late-2025 provincial documents print: two-column headers flattened to
//! lines (tabs, separate lines, or interleaved), every kind of document
//! (Quyết định, Nghị quyết, Kế hoạch, Chương trình, Đề án, Chỉ thị, Thông báo,
//! Tờ trình, Báo cáo, Công văn), issuers UBND, HĐND, Chủ tịch UBND, Sở, Ban,
//! Văn phòng, signer blocks TM./KT./Q./TUQ./TL., dates with missing spaces,
//! merged provinces, and "Căn cứ" clauses wrapped at any point.
//!
//! `fixtures/metadata/NAME.txt` is the document, `NAME.expected.json` its
//! metadata written by hand. The real binary extracts the folder; the test
//! prints each field's accuracy and the legal bases' recall and precision,
//! and asserts every one is 1.0. `TRICHXUAT_BIN=/path/to/trichxuat` scores
//! another build (to measure a change) without asserting.

mod common;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The fields compared one by one: (name, JSON pointer into the expected
/// file and into the output's `document`).
const FIELDS: &[(&str, &str)] = &[
    ("number", "/number"),
    ("type", "/type"),
    ("date", "/date"),
    ("province", "/province"),
    ("issuer", "/issuer"),
    ("title", "/title"),
    ("signer.name", "/signer/name"),
    ("signer.position", "/signer/position"),
    ("signer.authority", "/signer/authority"),
];

#[derive(Default)]
struct Tally {
    right: usize,
    total: usize,
}

impl Tally {
    fn add(&mut self, ok: bool) {
        self.total += 1;
        if ok {
            self.right += 1;
        }
    }
    fn ratio(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.right as f64 / self.total as f64
        }
    }
}

struct Scores {
    fields: BTreeMap<&'static str, Tally>,
    basis_found: usize,
    basis_expected: usize,
    basis_predicted: usize,
    /// Type, date and issuer of each basis whose number was found.
    basis_details: Tally,
    /// Bases without a number (a Luật named by title): same count and dates.
    untitled: Tally,
    /// Documents whose numbers come out in the printed order.
    order: Tally,
    misses: Vec<String>,
}

fn null_if_missing(v: Option<&Value>) -> Value {
    v.cloned().unwrap_or(Value::Null)
}

fn score(expected: &BTreeMap<String, Value>, outputs: &BTreeMap<String, Value>) -> Scores {
    let mut s = Scores {
        fields: FIELDS.iter().map(|(n, _)| (*n, Tally::default())).collect(),
        basis_found: 0,
        basis_expected: 0,
        basis_predicted: 0,
        basis_details: Tally::default(),
        untitled: Tally::default(),
        order: Tally::default(),
        misses: Vec::new(),
    };
    for (name, want) in expected {
        let got = outputs.get(name).map(|d| d["document"].clone()).unwrap_or(Value::Null);
        for (field, ptr) in FIELDS {
            let w = null_if_missing(want.pointer(ptr));
            let g = null_if_missing(got.pointer(ptr));
            let ok = w == g;
            if let Some(t) = s.fields.get_mut(field) {
                t.add(ok);
            }
            if !ok {
                s.misses.push(format!("{name}: {field}: want {w}, got {g}"));
            }
        }
        let empty = Vec::new();
        let wb = want["legal_bases"].as_array().unwrap_or(&empty);
        let gb = got["legal_bases"].as_array().unwrap_or(&empty);
        let numbered = |v: &Vec<Value>| -> Vec<Value> { v.iter().filter(|b| b["number"].is_string()).cloned().collect() };
        let (wn, gn) = (numbered(wb), numbered(gb));
        s.basis_expected += wn.len();
        s.basis_predicted += gn.len();
        for w in &wn {
            match gn.iter().find(|g| g["number"] == w["number"]) {
                Some(g) => {
                    s.basis_found += 1;
                    for k in ["type", "date", "issuer"] {
                        let ok = g[k] == w[k];
                        s.basis_details.add(ok);
                        if !ok {
                            s.misses.push(format!("{name}: basis {} {k}: want {}, got {}", w["number"], w[k], g[k]));
                        }
                    }
                }
                None => s.misses.push(format!("{name}: basis {} not found", w["number"])),
            }
        }
        for g in &gn {
            if !wn.iter().any(|w| w["number"] == g["number"]) {
                s.misses.push(format!("{name}: basis {} is no basis", g["number"]));
            }
        }
        let order_of = |v: &Vec<Value>, other: &Vec<Value>| -> Vec<Value> {
            v.iter().filter(|b| other.iter().any(|o| o["number"] == b["number"])).map(|b| b["number"].clone()).collect()
        };
        let ordered = order_of(&wn, &gn) == order_of(&gn, &wn);
        s.order.add(ordered);
        if !ordered {
            s.misses.push(format!("{name}: bases out of printed order"));
        }
        let untitled = |v: &Vec<Value>| -> Vec<Value> { v.iter().filter(|b| b["number"].is_null()).map(|b| b["date"].clone()).collect() };
        let (wu, gu) = (untitled(wb), untitled(gb));
        s.untitled.add(wu == gu);
        if wu != gu {
            s.misses.push(format!("{name}: laws by title: want dates {wu:?}, got {gu:?}"));
        }
    }
    s
}

fn read_json(p: &Path) -> Value {
    let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Runs `bin extract` over the folder and returns each output by the stem of its input.
fn extract(bin: &Path, dir: &Path, out: &Path) -> BTreeMap<String, Value> {
    let st = Command::new(bin)
        .arg("extract")
        .arg(dir)
        .arg("--out")
        .arg(out)
        .args(["--format", "json", "--jobs", "2", "--no-ocr"])
        .output()
        .expect("runs trichxuat");
    assert!(st.status.success(), "trichxuat failed: {}", String::from_utf8_lossy(&st.stderr));
    let mut outputs = BTreeMap::new();
    for e in std::fs::read_dir(out).expect("out dir").flatten() {
        let p = e.path();
        if p.extension().and_then(|x| x.to_str()) != Some("json") {
            continue;
        }
        let v = read_json(&p);
        let Some(file) = v["source"]["file"].as_str() else { continue };
        let stem = Path::new(file).file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        outputs.insert(stem, v);
    }
    outputs
}

#[test]
fn metadata_of_every_kind_of_document() {
    let dir = common::root().join("fixtures/metadata");
    let mut expected = BTreeMap::new();
    for e in std::fs::read_dir(&dir).expect("fixtures/metadata").flatten() {
        let p = e.path();
        let Some(name) = p.file_name().and_then(|n| n.to_str()) else { continue };
        if let Some(stem) = name.strip_suffix(".expected.json") {
            assert!(dir.join(format!("{stem}.txt")).exists(), "{name} has no document");
            expected.insert(stem.to_string(), read_json(&p));
        }
    }
    assert!(expected.len() >= 25, "only {} test documents", expected.len());

    let other_bin = std::env::var_os("TRICHXUAT_BIN").map(PathBuf::from);
    let bin = other_bin.clone().unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_trichxuat")));
    let out = common::scratch("metadata", "all");
    let outputs = extract(&bin, &dir, &out);
    let s = score(&expected, &outputs);

    println!("metadata on {} documents ({})", expected.len(), bin.display());
    for (field, t) in &s.fields {
        println!("  {field:<18} {:.3}  ({}/{})", t.ratio(), t.right, t.total);
    }
    let recall = s.basis_found as f64 / s.basis_expected.max(1) as f64;
    let precision = if s.basis_predicted == 0 { 1.0 } else { s.basis_found as f64 / s.basis_predicted as f64 };
    println!(
        "  legal bases        recall {recall:.3} ({}/{}), precision {precision:.3} ({}/{})",
        s.basis_found, s.basis_expected, s.basis_found, s.basis_predicted
    );
    println!("  basis type/date/issuer {:.3} ({}/{})", s.basis_details.ratio(), s.basis_details.right, s.basis_details.total);
    println!("  laws by title      {:.3}   printed order {:.3}", s.untitled.ratio(), s.order.ratio());
    for m in &s.misses {
        println!("  miss: {m}");
    }
    if other_bin.is_some() {
        return;
    }
    assert!(s.misses.is_empty(), "{} misses:\n{}", s.misses.len(), s.misses.join("\n"));
    assert_eq!((recall, precision), (1.0, 1.0));
}
