//! Hostile PDFs of a few kilobytes each end as one clear error or a document
//! in bounded time and memory, and PDFs damaged on their way through archives
//! are repaired to the same facts as their clean originals.

mod common;
mod hostile;
use common::root;
use std::time::{Duration, Instant};
use trichxuat::pipeline::{process_bytes, RunOptions};

fn run(bytes: &[u8]) -> (Result<trichxuat::model::Document, String>, Duration) {
    let opts = RunOptions { extract: trichxuat::extract::ExtractOptions { ocr: false, ..Default::default() }, max_file_bytes: None };
    let start = Instant::now();
    let r = process_bytes("hostile.pdf", "hostile".into(), bytes, &opts).map_err(|e| e.to_string());
    (r, start.elapsed())
}

#[test]
fn nesting_thousands_deep_is_refused_before_the_parser_recurses() {
    let (r, _) = run(&hostile::deeply_nested_pdf(20_000));
    let e = r.expect_err("refused");
    assert!(e.contains("nested"), "{e}");
}

#[test]
fn predictor_and_object_stream_bombs_stop_at_the_cap() {
    for (name, pdf) in [("predictor", hostile::predictor_bomb_pdf(400 << 20)), ("objstm", hostile::object_stream_bomb_pdf(400 << 20))] {
        assert!(pdf.len() < 2 << 20, "{name}: small file ({} bytes)", pdf.len());
        let (r, t) = run(&pdf);
        let e = r.err().unwrap_or_else(|| panic!("{name}: refused"));
        assert!(e.contains("bomb"), "{name}: {e}");
        assert!(t < Duration::from_secs(30), "{name}: {t:?}");
    }
}

#[test]
fn a_form_that_draws_itself_and_ten_million_operators_end_quickly() {
    let (r, t) = run(&hostile::self_calling_form_pdf());
    assert!(t < Duration::from_secs(10), "self-calling form: {t:?}");
    if let Ok(doc) = r {
        assert!(doc.warnings.iter().any(|w| w.message.contains("draws itself")), "{:?}", doc.warnings);
    }
    let (r, t) = run(&hostile::many_operators_pdf(10_000_000));
    assert!(t < Duration::from_secs(30), "10 M operators: {t:?}");
    if let Ok(doc) = r {
        assert!(doc.warnings.iter().any(|w| w.message.contains("operations")), "{:?}", doc.warnings);
    }
}

#[test]
fn pages_sharing_a_huge_stream_and_a_heavy_cmap_share_one_budget() {
    let (r, t) = run(&hostile::shared_stream_pages_pdf(30, 2_000_000));
    assert!(t < Duration::from_secs(30), "30 pages × 2 M operators: {t:?}");
    if let Ok(doc) = r {
        assert!(doc.warnings.iter().any(|w| w.message.contains("budget")), "{:?}", doc.warnings);
    }
    let (_, t) = run(&hostile::heavy_cmap_pdf(30, 200));
    assert!(t < Duration::from_secs(10), "30 pages × a 200-range CMap: {t:?}");
}

/// A document's facts, without what names the input or tells how it was read.
fn facts(doc: &trichxuat::model::Document) -> serde_json::Value {
    serde_json::json!({
        "meta": doc.meta,
        "targets": doc.targets,
        "amounts": doc.amounts,
        "projects": doc.projects,
        "checks": doc.checks,
        "tables": doc.tables.len(),
    })
}

/// Removes every `bbox` from a JSON value, returning them in document order.
fn take_boxes(v: &mut serde_json::Value) -> Vec<Vec<f64>> {
    let mut out = Vec::new();
    match v {
        serde_json::Value::Object(m) => {
            if let Some(b) = m.remove("bbox") {
                out.push(b.as_array().map(|a| a.iter().filter_map(|x| x.as_f64()).collect()).unwrap_or_default());
            }
            for x in m.values_mut() {
                out.extend(take_boxes(x));
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| out.extend(take_boxes(x))),
        _ => {}
    }
    out
}

#[test]
fn damaged_copies_of_good_pdfs_give_the_same_facts() {
    for f in ["cao_bang_2015.text.pdf", "dong_nai_2020.text.pdf"] {
        let clean = std::fs::read(root().join("fixtures").join(f)).unwrap();
        let (r, _) = run(&clean);
        let want = facts(&r.unwrap());
        for (damage, bytes) in hostile::damaged_copies(&clean) {
            let (r, _) = run(&bytes);
            let doc = r.unwrap_or_else(|e| panic!("{f} {damage}: {e}"));
            let (mut got, mut want) = (facts(&doc), want.clone());
            let (got_boxes, want_boxes) = (take_boxes(&mut got), take_boxes(&mut want));
            assert_eq!(got, want, "{f} {damage}");
            // A file poppler rewrote sets the same glyphs with its own metrics: boxes move by a fraction of a point.
            assert_eq!(got_boxes.len(), want_boxes.len(), "{f} {damage}: boxes");
            for (g, w) in got_boxes.iter().zip(&want_boxes) {
                assert!(g.iter().zip(w).all(|(a, b)| (a - b).abs() <= 2.0), "{f} {damage}: box {g:?} vs {w:?}");
            }
            // Junk after %%EOF is read past as it is; every other damage needs a repair, which is said.
            if damage != "trailing-junk" {
                assert!(doc.warnings.iter().any(|w| w.message.contains("repaired")), "{f} {damage}: repair is a warning");
            }
        }
    }
}

#[test]
fn a_kids_array_holding_its_own_pages_node_does_not_loop() {
    let content = b"<< /Length 38 >>\nstream\nBT /F1 12 Tf 72 720 Td (Hello) Tj ET\nendstream".to_vec();
    let pdf = hostile::pdf_from_objects(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_vec(),
        content,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ]);
    let (r, t) = run(&pdf);
    assert!(t < Duration::from_secs(10), "{t:?}");
    // One page is read; the loop back to the Pages node adds nothing.
    if let Ok(doc) = r {
        assert_eq!(doc.pages.len(), 1);
    }
}
