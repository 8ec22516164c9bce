//! Arithmetic-verified re-reading of scanned figures.
//!
//! A scanned figure that breaks a total it takes part in is read again, other
//! ways than the first time (see [`crate::extract::reread_scanned_cells`]).
//! A new reading is kept only when the document then has fewer mismatches
//! and every check the cell takes part in holds; the cell says so
//! (`Reread::Total`, and `provenance.reread` on its facts) and the first
//! reading goes to the warnings. Otherwise the printed reading stays and the
//! mismatch is reported: nothing is made up to fit.

use crate::model::{Check, CheckStatus, Document, Page, PageRoute, Reread, Stage, Warning};

/// Most cells read again in one document: each costs a trial of the tables
/// and checks, and a document whose totals all break is misread more widely
/// than single figures.
pub const MAX_CELLS: usize = 32;

/// A scanned cell that takes part in a broken total.
#[derive(Debug, Clone, PartialEq)]
pub struct Suspect {
    /// 1-based page.
    pub page: u32,
    /// Document line of its row.
    pub line: u32,
    /// Index of the cell on its line.
    pub col: usize,
    /// Where it is on the scan.
    pub at: crate::extract::CellOnScan,
    /// The first reading.
    pub text: String,
}

/// The scanned cells that take part in a mismatched check, at most [`MAX_CELLS`].
pub fn suspects(doc: &Document) -> Vec<Suspect> {
    let mut out: Vec<Suspect> = Vec::new();
    for check in doc.checks.iter().filter(|c| c.status == CheckStatus::Mismatch) {
        for k in &check.cells {
            let (Some(page), Some(line), Some(col)) = (k.page, k.line, k.col) else { continue };
            if out.iter().any(|s| (s.page, s.line, s.col) == (page, line, col)) {
                continue;
            }
            let Some(p) = doc.pages.iter().find(|p| p.number == page && p.route == PageRoute::Ocr) else { continue };
            let Some(cell) = p.lines.iter().find(|l| l.number == line).and_then(|l| l.cells.get(col)) else { continue };
            let Some(frame) = cell.frame else { continue };
            if out.len() == MAX_CELLS {
                return out;
            }
            out.push(Suspect { page, line, col, at: crate::extract::CellOnScan { page, frame, turns: p.turns }, text: cell.text.clone() });
        }
    }
    out
}

fn mismatches(checks: &[Check]) -> usize {
    checks.iter().filter(|c| c.status == CheckStatus::Mismatch).count()
}

/// True when every check the cell takes part in holds (and it takes part in one).
fn all_hold(checks: &[Check], s: &Suspect) -> bool {
    let touching: Vec<&Check> =
        checks.iter().filter(|c| c.cells.iter().any(|k| (k.page, k.line, k.col) == (Some(s.page), Some(s.line), Some(s.col)))).collect();
    !touching.is_empty() && touching.iter().all(|c| c.status == CheckStatus::Ok)
}

/// The pages with one cell's text replaced by a new reading, marked as such.
fn with_reading(pages: &[Page], s: &Suspect, text: &str) -> Vec<Page> {
    let mut pages = pages.to_vec();
    if let Some(line) = pages.iter_mut().filter(|p| p.number == s.page).flat_map(|p| p.lines.iter_mut()).find(|l| l.number == s.line) {
        if let Some(cell) = line.cells.get_mut(s.col) {
            cell.text = text.to_string();
            cell.reread = Some(Reread::Total);
        }
        line.text = line.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("\t");
    }
    pages
}

/// Tries other readings of the suspects (`readings[i]` for `suspects[i]`),
/// one cell at a time: `rebuild` makes the document again from pages (tables,
/// metadata, checks), and a reading is kept when the rebuilt document has
/// fewer mismatches and every check the cell takes part in holds. Returns the
/// document, with a warning for every reading kept.
pub fn settle(doc: Document, suspects: &[Suspect], readings: &[Vec<String>], rebuild: &dyn Fn(Vec<Page>) -> Document) -> Document {
    let mut current = doc;
    let mut notes = Vec::new();
    for (s, alternatives) in suspects.iter().zip(readings) {
        let marks = other_mark(&s.text);
        for alt in alternatives.iter().chain(&marks).filter(|a| a.trim() != s.text.trim()) {
            let trial = rebuild(with_reading(&current.pages, s, alt));
            if mismatches(&trial.checks) < mismatches(&current.checks) && all_hold(&trial.checks, s) {
                notes.push(Warning {
                    stage: Stage::Extract,
                    message: format!(
                        "page {} line {}: the figure first read as \"{}\" broke a total; read again it is \"{}\", and every total it takes part in holds",
                        s.page, s.line, s.text, alt
                    ),
                });
                current = trial;
                break;
            }
        }
    }
    current.warnings.extend(notes);
    current
}

/// The first reading with its one separator read as the other mark ("1,800"
/// as "1.800", "541.125" as "541,125"): OCR confuses the two marks more
/// often than any two digits, and a figure read with the wrong one is off a
/// thousandfold. Tried last, and kept like any reading only where every
/// total the cell takes part in then holds.
fn other_mark(text: &str) -> Option<String> {
    let t = text.trim();
    let mut marks = t.match_indices(['.', ',']);
    let (i, mark) = marks.next()?;
    let (int, frac) = (&t[..i], &t[i + 1..]);
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if marks.next().is_some() || !digits(int) || !digits(frac) {
        return None;
    }
    Some(format!("{int}{}{frac}", if mark == "," { '.' } else { ',' }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Source, SourceKind};

    const BUDGET: &str = "BIỂU 02. KINH PHÍ\nĐVT: triệu đồng\n\
TT\tNội dung\tNăm 2024\tNăm 2025\tTổng cộng\n\
1\tĐào tạo nghề\t300\t200\t500\n\
2\tMô hình trình diễn\t400\t100\t500\n\
\tTổng cộng\t700\t300\t1.000\n";

    /// The budget as if scanned: every cell OCR-read, with a box; one figure
    /// misread as `misread`.
    fn scanned(misread: &str) -> Vec<Page> {
        let text = BUDGET.replace("\t400\t", &format!("\t{misread}\t"));
        let ex = crate::extract::extract(text.as_bytes(), &crate::extract::ExtractOptions::default()).unwrap();
        let mut pages = ex.pages;
        for p in &mut pages {
            p.route = PageRoute::Ocr;
            for l in &mut p.lines {
                for (i, c) in l.cells.iter_mut().enumerate() {
                    c.confidence = (!c.text.is_empty()).then_some(90.0);
                    c.frame = Some([i as f32 * 50.0, l.number as f32 * 10.0, i as f32 * 50.0 + 50.0, l.number as f32 * 10.0 + 10.0]);
                }
            }
        }
        pages
    }

    fn build(pages: Vec<Page>) -> Document {
        let source = Source { file: "t.pdf".into(), sha256: String::new(), kind: SourceKind::PdfScan, pages: Some(1) };
        let mut doc = Document::new("t".into(), source, pages);
        crate::tables::recover_tables(&mut doc);
        crate::check::check_document(&mut doc);
        doc
    }

    #[test]
    fn a_reading_that_makes_every_total_hold_is_kept_and_said() {
        let doc = build(scanned("480"));
        assert!(mismatches(&doc.checks) >= 2, "{:?}", doc.checks);
        let sus = suspects(&doc);
        let i = sus.iter().position(|s| s.text == "480").expect("the misread cell is a suspect");
        let mut readings = vec![Vec::new(); sus.len()];
        // a reading that fixes one total but not the other is refused; the right one is kept
        readings[i] = vec!["490".to_string(), "400".to_string()];
        let out = settle(doc, &sus, &readings, &build);
        assert_eq!(mismatches(&out.checks), 0, "{:?}", out.checks);
        let cell = out.pages[0].lines.iter().flat_map(|l| &l.cells).find(|c| c.reread.is_some()).expect("marked");
        assert_eq!((cell.text.as_str(), cell.reread), ("400", Some(Reread::Total)));
        let w = out.warnings.iter().find(|w| w.message.contains("\"480\"")).expect("first reading in the warnings");
        assert!(w.message.contains("\"400\""));
        let row = out.tables[0].rows.iter().find(|r| r.label.contains("Mô hình")).unwrap();
        assert!(row.values.iter().any(|v| v.raw == "400" && v.reread));
    }

    #[test]
    fn no_reading_that_fits_leaves_the_printed_figure_and_the_mismatch() {
        let doc = build(scanned("480"));
        let before = mismatches(&doc.checks);
        let sus = suspects(&doc);
        // readings that do not make the totals hold: nothing changes
        let readings: Vec<Vec<String>> = sus.iter().map(|_| vec!["481".to_string(), "-".to_string()]).collect();
        let out = settle(doc, &sus, &readings, &build);
        assert_eq!(mismatches(&out.checks), before);
        assert!(out.pages[0].lines.iter().flat_map(|l| &l.cells).all(|c| c.reread.is_none()));
        assert!(out.pages[0].lines.iter().any(|l| l.text.contains("480")));
    }

    #[test]
    fn a_separator_read_as_the_other_mark_is_tried_and_kept_only_where_totals_hold() {
        assert_eq!(other_mark("1,800").as_deref(), Some("1.800"));
        assert_eq!(other_mark("541.125").as_deref(), Some("541,125"));
        assert_eq!(other_mark("10.987,250"), None);
        assert_eq!(other_mark("1800"), None);
        assert_eq!(other_mark(",5"), None);
        // "1.000" read "1,000" (one thousandth of the total's part): no other reading needed
        let doc = build(scanned_total("1,000"));
        assert!(mismatches(&doc.checks) >= 1, "{:?}", doc.checks);
        let sus = suspects(&doc);
        let readings = vec![Vec::new(); sus.len()];
        let out = settle(doc, &sus, &readings, &build);
        assert_eq!(mismatches(&out.checks), 0, "{:?}", out.checks);
        assert!(out.warnings.iter().any(|w| w.message.contains("\"1,000\"") && w.message.contains("\"1.000\"")));
        // where the other mark does not make the totals hold, the printed reading stays
        let doc = build(scanned_total("1,001"));
        let before = mismatches(&doc.checks);
        let sus = suspects(&doc);
        let out = settle(doc, &sus, &vec![Vec::new(); sus.len()], &build);
        assert_eq!(mismatches(&out.checks), before);
        assert!(out.pages[0].lines.iter().any(|l| l.text.contains("1,001")));
    }

    /// The budget scanned with its grand total misread as `misread`.
    fn scanned_total(misread: &str) -> Vec<Page> {
        let mut pages = scanned("400");
        for c in pages.iter_mut().flat_map(|p| p.lines.iter_mut()).flat_map(|l| l.cells.iter_mut()).filter(|c| c.text == "1.000") {
            c.text = misread.to_string();
        }
        for l in pages.iter_mut().flat_map(|p| p.lines.iter_mut()) {
            l.text = l.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("\t");
        }
        pages
    }

    #[test]
    fn text_pages_have_no_suspects() {
        let text = BUDGET.replace("\t400\t", "\t480\t");
        let ex = crate::extract::extract(text.as_bytes(), &crate::extract::ExtractOptions::default()).unwrap();
        let doc = build(ex.pages);
        assert!(mismatches(&doc.checks) > 0);
        assert!(suspects(&doc).is_empty());
    }
}
