//! Arithmetic-verified re-reading on a real scan: page 16 of the Cao Bằng scan
//! (Biểu 02, money per year and source under a "Cộng" row) read by Tesseract,
//! one figure of the total row then misread on purpose. The re-reader goes back
//! to the page image and must find the printed figure; the pipeline keeps it
//! only because every total then holds, and says so. A reading that fits no
//! total is never kept.

mod common;

use common::{root, scratch};
use std::process::Command;
use trichxuat::extract::{self, ExtractOptions};
use trichxuat::model::{CheckStatus, Document, Page, Reread, Source, SourceKind};
use trichxuat::reread;

fn build(pages: Vec<Page>) -> Document {
    let source = Source { file: "p16.pdf".into(), sha256: String::new(), kind: SourceKind::PdfScan, pages: Some(1) };
    let mut doc = Document::new("p16".into(), source, pages);
    trichxuat::tables::recover_tables(&mut doc);
    trichxuat::map::map_meta(&mut doc);
    trichxuat::check::check_document(&mut doc);
    doc
}

fn mismatches(doc: &Document) -> usize {
    doc.checks.iter().filter(|c| c.status == CheckStatus::Mismatch).count()
}

/// The pages with the cell reading `printed` on the "Cộng" row read as `misread`.
fn misread(pages: &[Page], printed: &str, misread: &str) -> (Vec<Page>, u32, usize) {
    let mut pages = pages.to_vec();
    let line = pages[0].lines.iter_mut().find(|l| l.cells.iter().any(|c| c.text.trim() == "Cộng")).expect("a Cộng row");
    let col = line.cells.iter().position(|c| c.text == printed).unwrap_or_else(|| panic!("{printed} on {:?}", line.text));
    line.cells[col].text = misread.to_string();
    line.text = line.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("\t");
    let number = line.number;
    (pages, number, col)
}

#[test]
fn a_misread_total_is_read_again_from_the_scan_and_kept_because_every_total_holds() {
    let dir = scratch("reread", "page16");
    let page = dir.join("p16.pdf");
    let scan = root().join("fixtures/cao_bang_2015.scan.pdf");
    let st =
        Command::new("pdfseparate").args(["-f", "16", "-l", "16"]).arg(&scan).arg(&page).status().expect("pdfseparate (poppler-utils)");
    assert!(st.success());
    let bytes = std::fs::read(&page).unwrap();
    let opts = ExtractOptions::default();
    let ex = extract::extract(&bytes, &opts).expect("the page reads");
    let base = build(ex.pages.clone());
    assert_eq!(mismatches(&base), 0, "the page as read adds up: {:?}", base.checks);

    // the KCQG total of 2016 ("1.200") misread as "1.260"
    let (pages, line, col) = misread(&base.pages, "1.200", "1.260");
    let doc = build(pages);
    assert!(mismatches(&doc) >= 1, "the misread breaks a total");
    let suspects = reread::suspects(&doc);
    let i = suspects.iter().position(|s| (s.line, s.col) == (line, col)).expect("the misread cell is a suspect");
    let cells: Vec<extract::CellOnScan> = suspects.iter().map(|s| s.at.clone()).collect();
    let readings = extract::reread_scanned_cells(&bytes, &cells, &opts).expect("re-read");
    assert!(readings[i].iter().any(|r| r == "1.200"), "readings of the cell: {:?}", readings[i]);

    let out = reread::settle(doc, &suspects, &readings, &build);
    assert_eq!(mismatches(&out), 0, "{:?}", out.checks.iter().filter(|c| c.status == CheckStatus::Mismatch).collect::<Vec<_>>());
    let cell = &out.pages[0].lines.iter().find(|l| l.number == line).unwrap().cells[col];
    assert_eq!((cell.text.as_str(), cell.reread), ("1.200", Some(Reread::Total)));
    assert!(out.warnings.iter().any(|w| w.message.contains("\"1.260\"") && w.message.contains("\"1.200\"")));
    // the fact read from it says so
    let row = out.tables.iter().flat_map(|t| &t.rows).find(|r| r.label.trim() == "Cộng").expect("total row");
    assert!(row.values.iter().any(|v| v.raw == "1.200" && v.reread));

    // readings that fit no total leave the misread figure and its mismatch
    let kept = reread::settle(
        build(misread(&base.pages, "1.200", "1.260").0),
        &suspects,
        &vec![vec!["1.250".to_string()]; suspects.len()],
        &build,
    );
    assert!(mismatches(&kept) >= 1);
    assert!(kept.pages[0].lines.iter().flat_map(|l| &l.cells).all(|c| c.reread != Some(Reread::Total)));
}
