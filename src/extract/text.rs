//! Plain-text inputs: one line per input line, tab-separated fields kept as
//! cells, markdown/HTML marks removed with their text kept, form feeds as page
//! breaks, line numbers kept for provenance.

use super::Extracted;
use crate::error::DocError;
use crate::model::{Cell, Line, Page, PageRoute, SourceKind, Stage, Warning};
use crate::normalize::{encoding::decode_text, strip_markup};

/// Reads a text file into pages of lines.
pub fn read_text(bytes: &[u8]) -> Result<Extracted, DocError> {
    let (text, converted) = decode_text(bytes).map_err(DocError::Encoding)?;
    let mut warnings = Vec::new();
    if let Some(enc) = converted {
        warnings.push(Warning { stage: Stage::Extract, message: format!("input converted from {enc} to UTF-8") });
    }
    if text.trim().is_empty() {
        return Err(DocError::Empty);
    }
    Ok(Extracted { kind: SourceKind::Text, page_count: None, pages: split_pages(&text), warnings })
}

/// Splits decoded text (NFC, as [`decode_text`] gives it) into pages (form
/// feed) and lines of cells.
fn split_pages(text: &str) -> Vec<Page> {
    let mut pages = vec![Page { number: 1, route: PageRoute::Text, lines: Vec::new(), landscape: false, turns: 0 }];
    for (i, raw) in lines_any_ending(text).enumerate() {
        let mut rest = raw;
        while let Some(pos) = rest.find('\u{c}') {
            push_line(&mut pages, i, &rest[..pos]);
            let n = pages.len() as u32 + 1;
            pages.push(Page { number: n, route: PageRoute::Text, lines: Vec::new(), landscape: false, turns: 0 });
            rest = &rest[pos + 1..];
        }
        push_line(&mut pages, i, rest);
    }
    pages
}

/// The lines of a text whatever its line ends: LF, CRLF or a lone CR (old
/// Mac files); CRLF is one line end, not two.
fn lines_any_ending(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let s = rest?;
        match s.find(['\n', '\r']) {
            Some(i) => {
                let skip = if s[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&s[i + skip..]);
                Some(&s[..i])
            }
            None => {
                rest = None;
                Some(s)
            }
        }
    })
}

fn push_line(pages: &mut [Page], index: usize, raw: &str) {
    let Some(page) = pages.last_mut() else { return };
    // A line of NFC text is NFC (no letter composes across a line end); only
    // removing markup between a letter and its mark can make it otherwise.
    let stripped = strip_markup(raw);
    let clean = if stripped.len() == raw.len() { stripped } else { crate::normalize::nfc(&stripped) };
    let tabular = clean.contains('\t');
    let cells: Vec<Cell> = if tabular {
        clean.split('\t').map(|c| Cell { text: c.trim().to_string(), ..Default::default() }).collect()
    } else {
        vec![Cell { text: clean.trim().to_string(), ..Default::default() }]
    };
    page.lines.push(Line { page: page.number, number: index as u32 + 1, text: clean.trim_end().to_string(), cells, tabular, y: None });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_become_cells_and_empty_cells_survive() {
        let ex = read_text("TT\tNội dung\t\t2016\n1\t**Đào** tạo\t\t5\n".as_bytes()).unwrap();
        let lines = &ex.pages[0].lines;
        assert_eq!(lines[1].cells.len(), 4);
        assert_eq!(lines[1].cells[1].text, "Đào tạo");
        assert_eq!(lines[1].cells[2].text, "");
        assert_eq!(lines[1].number, 2);
        assert!(lines[1].tabular);
    }

    #[test]
    fn decomposed_input_is_composed() {
        let nfd = "Cao Bă\u{300}ng";
        let ex = read_text(nfd.as_bytes()).unwrap();
        assert_eq!(ex.pages[0].lines[0].text, "Cao Bằng");
    }

    /// A mark that markup kept apart from its letter is composed with it once
    /// the markup is gone; an unmarked line is taken as it is.
    #[test]
    fn a_mark_parted_from_its_letter_by_markup_is_composed() {
        let ex = read_text("Cao Ba<b>\u{300}</b>ng\nCao Bằng **2015**".as_bytes()).unwrap();
        assert_eq!(ex.pages[0].lines[0].text, "Cao Bàng");
        assert_eq!(ex.pages[0].lines[1].text, "Cao Bằng 2015");
    }

    #[test]
    fn form_feed_starts_a_page() {
        let ex = read_text(b"a\x0cb\nc").unwrap();
        assert_eq!(ex.pages.len(), 2);
        assert_eq!(ex.pages[1].lines[0].text, "b");
        assert_eq!(ex.pages[1].lines[1].number, 2);
    }

    #[test]
    fn cr_lf_and_crlf_line_ends_all_read() {
        for text in ["a\tb\nc\td\n", "a\tb\r\nc\td\r\n", "a\tb\rc\td\r"] {
            let ex = read_text(text.as_bytes()).unwrap();
            let lines: Vec<&str> = ex.pages[0].lines.iter().map(|l| l.text.as_str()).collect();
            assert_eq!(lines[..2], ["a\tb", "c\td"], "{text:?}");
            assert_eq!(ex.pages[0].lines[1].number, 2);
        }
    }

    #[test]
    fn blank_input_is_an_error() {
        assert!(matches!(read_text(b"  \n\n"), Err(DocError::Empty)));
    }
}
