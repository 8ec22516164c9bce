//! A scan as archives hold it, made fresh on every run: two table pages of a
//! fixture's text PDF (Biểu 01, all 114 targets of Cao Bằng 2015) go through
//! the scan degrader (`scripts/scans/degrade`, fixed seed, default harshness:
//! photocopy background, faint print, speckle, blur, broken and faded rules,
//! JPEG 30–70, skew up to 3°) and then through `trichxuat extract`, scored
//! against the gold with the shared scorer.
//!
//! The floors below are a ratchet: the level reached when this test was
//! written. Raise them as the OCR gets better; never lower them to make a
//! change pass.

mod common;

use common::{root, scratch};
use std::path::Path;
use std::process::Command;

/// Runs a command from the crate root; panics with its output when it fails.
fn run(cmd: &mut Command) -> String {
    let out = cmd.current_dir(root()).output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{cmd:?} failed:\n{text}");
    text
}

/// True when the degrader's dependencies are installed (`scripts/scans/setup.sh`).
fn degrader_available() -> bool {
    let py = Command::new("python3").args(["-c", "import PIL, numpy"]).status().is_ok_and(|s| s.success());
    let tools = ["pdftoppm", "img2pdf", "pdfseparate", "pdfunite"]
        .iter()
        .all(|t| Command::new("sh").args(["-c", &format!("command -v {t}")]).status().is_ok_and(|s| s.success()));
    py && tools
}

/// Pages `pages` of fixture `name`'s text PDF, degraded with `seed`, extracted
/// and scored: the scorer's summary of the one document.
fn degraded_score(label: &str, name: &str, pages: [u32; 2], seed: &str) -> Option<(serde_json::Value, String)> {
    if !degrader_available() {
        // CI installs them (scripts/test.sh runs scripts/scans/setup.sh); fail there, skip elsewhere
        assert!(std::env::var_os("CI").is_none(), "scan degrader dependencies missing: bash scripts/scans/setup.sh");
        eprintln!("skipped: scan degrader dependencies missing (bash scripts/scans/setup.sh)");
        return None;
    }
    let dir = scratch("scans", label);
    let split = dir.join("pages");
    std::fs::create_dir_all(&split).unwrap();
    let text_pdf = format!("fixtures/{name}.text.pdf");
    let page = |p: u32| split.join(format!("p-{p}.pdf"));
    for p in pages {
        run(Command::new("pdfseparate").args(["-f", &p.to_string(), "-l", &p.to_string(), &text_pdf]).arg(page(p)));
    }
    let sample = dir.join(format!("{name}.text.pdf"));
    run(Command::new("pdfunite").arg(page(pages[0])).arg(page(pages[1])).arg(&sample));
    let scan = dir.join("scan").join(format!("{name}.scan.pdf"));
    let log = run(Command::new("python3")
        .arg("scripts/scans/degrade")
        .args(["--seed", seed, "--gold", &format!("fixtures/gold/{name}.json")])
        .arg(&sample)
        .arg(&scan));
    // the seed draws a resolution; the test must stay worth its name
    assert!(log.contains(" dpi skew "), "{log}");
    let out = dir.join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_trichxuat"))
        .arg("extract")
        .arg(&scan)
        .arg("--out")
        .arg(&out)
        .args(["--jobs", "2", "--format", "json"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    assert!(Path::new(&out).join(format!("{}-scan.json", name.replace('_', "-"))).exists());
    let score = run(Command::new("python3")
        .arg("fixtures/gold/score.py")
        .arg("--gold")
        .arg(dir.join("scan").join("gold"))
        .arg("--pred")
        .arg(&out)
        .args(["--only-predicted", "--json"]));
    let s: serde_json::Value = serde_json::from_str(&score).unwrap();
    Some((s["documents"][0].clone(), log))
}

#[test]
fn degraded_table_pages_are_read() {
    let Some((doc, log)) = degraded_score("degraded", "cao_bang_2015", [14, 15], "ci-1") else { return };
    let targets = &doc["targets"];
    let f = |k: &str| targets[k].as_f64().unwrap_or(-1.0);
    eprintln!("degraded Biểu 01: {log}\ntargets {targets}");
    // every target of the document is on these two pages, so recall is meaningful
    assert!(f("recall") >= TARGETS_RECALL_FLOOR, "targets recall: {targets}");
    assert!(f("precision") >= TARGETS_PRECISION_FLOOR, "targets precision: {targets}");
}

/// The first page (header, title, the preamble's eleven "Căn cứ" clauses) and
/// the signature page of a plan, on blotchy photocopy paper whose light patches
/// hold faint print: the prose is read with the paper's lighting divided out
/// (before, the header and title were lost and one legal basis of 11 was found).
#[test]
fn degraded_metadata_pages_are_read() {
    let Some((doc, log)) = degraded_score("degraded-meta", "dong_nai_2020", [1, 7], "ci-1") else { return };
    let d = &doc["document"];
    eprintln!("degraded first and signature pages: {log}\ndocument {d}");
    assert_eq!(d["fields"]["number"], true, "{d}");
    assert_eq!(d["fields"]["type"], true, "{d}");
    assert!(d["legal_bases"]["recall"].as_f64().unwrap_or(0.0) >= LEGAL_BASES_RECALL_FLOOR, "{d}");
    assert!(d["legal_bases"]["precision"].as_f64().unwrap_or(0.0) >= LEGAL_BASES_RECALL_FLOOR, "{d}");
}

/// Ratchet: share of the 11 legal bases found right on the degraded first
/// page (seed ci-1), and of those found that are right: 1/11 (0.09) before
/// the prose was flattened, 7/11 and 7/11 after (2026-12-07; the other four
/// have a digit or a mark misread).
const LEGAL_BASES_RECALL_FLOOR: f64 = 0.55;

/// Ratchet (see the module comment): before the worn-paper path no table was
/// found on such pages and both were 0; with it, recall 0.19 and precision 0.54
/// (seed ci-1, 2026-12-02); with tables printed one under the other split
/// where their columns change, 0.23 and 0.60; with rules faded to dashes
/// still parting cells, 0.41 and 0.96 (2026-12-07). Floors a little below for
/// other machines' builds.
const TARGETS_RECALL_FLOOR: f64 = 0.36;
/// Ratchet: precision of the targets read.
const TARGETS_PRECISION_FLOOR: f64 = 0.90;
