//! PDF inputs: each page is read from its text layer when that layer is usable
//! (tables rebuilt from the ruling lines), otherwise handed to OCR.
//!
//! Files: [`content`] runs content streams, [`fonts`] decodes text,
//! [`grid`] rebuilds ruled tables, [`textlayer`] lays out lines and paragraphs,
//! [`legacy`] handles TCVN3/VNI fonts, [`lexer`] tokenizes content streams, [`stream`] decodes streams under a size cap.

pub mod content;
pub mod fonts;
pub mod grid;
pub mod lexer;
pub mod repair;
pub mod stream;
pub mod textlayer;

use super::{ExtractOptions, Extracted};
use crate::error::DocError;
use crate::model::{Page, PageRoute, SourceKind, Stage, Warning};
use crate::vn::legacy;
use content::PageContent;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;
use stream::Limits;

/// `%PDF-` within the first KiB.
pub fn looks_like_pdf(bytes: &[u8]) -> bool {
    bytes.len() >= 5 && bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-")
}

fn warn(warnings: &mut Vec<Warning>, message: String) {
    warnings.push(Warning { stage: Stage::Extract, message });
}

/// Stack for the PDF library's recursive parser (reserved, touched only as deep
/// as it goes): nesting is capped by [`repair::prescan`] well below what this holds.
const PARSER_STACK: usize = 64 << 20;

/// `lopdf::Document::load_mem` on a thread with a large stack, panics caught.
fn parse(bytes: &[u8]) -> Result<lopdf::Document, String> {
    let run = || match catch_unwind(|| lopdf::Document::load_mem(bytes)) {
        Ok(Ok(d)) => Ok(d),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("the PDF parser crashed on this file (damaged PDF)".to_string()),
    };
    std::thread::scope(|s| match std::thread::Builder::new().stack_size(PARSER_STACK).spawn_scoped(s, run) {
        Ok(h) => h.join().unwrap_or_else(|_| Err("the PDF parser crashed on this file (damaged PDF)".to_string())),
        Err(_) => run(),
    })
}

/// Whether a parsed document has a page tree that lists pages.
fn has_pages(doc: &lopdf::Document) -> bool {
    catch_unwind(AssertUnwindSafe(|| !doc.get_pages().is_empty())).unwrap_or(false)
}

/// Parses the file (repairing it first when it does not parse as it is) and
/// removes encryption that an empty or the given password opens.
pub(crate) fn load(bytes: &[u8], opts: &ExtractOptions, warnings: &mut Vec<Warning>) -> Result<lopdf::Document, DocError> {
    repair::prescan(bytes, opts.max_stream_bytes)?;
    let mut loaded = parse(bytes);
    if !loaded.as_ref().is_ok_and(has_pages) {
        for (fixed, why) in repair::repairs(bytes) {
            if repair::prescan(&fixed, opts.max_stream_bytes).is_err() {
                continue;
            }
            if let Ok(d) = parse(&fixed) {
                if has_pages(&d) {
                    for w in why {
                        warn(warnings, format!("damaged PDF repaired: {w}"));
                    }
                    loaded = Ok(d);
                    break;
                }
            }
        }
    }
    let encrypted = bytes.windows(8).any(|w| w == b"/Encrypt");
    let mut rewritten = false;
    if !loaded.as_ref().is_ok_and(has_pages) && !encrypted {
        if let Some(d) = poppler_document(bytes, opts) {
            warn(warnings, "damaged PDF repaired: rewritten by poppler (pdftocairo), which reads what our own repairs could not".into());
            loaded = Ok(d);
            rewritten = true;
        }
    }
    let mut doc = match loaded {
        Ok(d) => d,
        Err(e) => {
            return Err(if encrypted {
                DocError::Encrypted(format!("encrypted PDF that could not be parsed: {e}"))
            } else {
                DocError::BrokenPdf(format!("cannot parse the PDF structure (truncated or damaged?): {e}"))
            });
        }
    };
    if doc.is_encrypted() {
        let mut passwords: Vec<&[u8]> = vec![b""];
        if let Some(p) = opts.password.as_deref() {
            passwords.push(p.as_bytes());
        }
        let mut last = String::new();
        let mut opened = false;
        for p in passwords {
            let mut attempt = doc.clone();
            match catch_unwind(AssertUnwindSafe(|| attempt.decrypt(p))) {
                Ok(Ok(())) => {
                    doc = attempt;
                    opened = true;
                    break;
                }
                Ok(Err(e)) => last = e.to_string(),
                Err(_) => last = "decryption crashed".into(),
            }
        }
        if !opened {
            if last.contains("not supported") || last.contains("unsupported") {
                return Err(DocError::Encrypted(format!(
                    "encryption scheme not supported by the PDF reader (AES?); decrypt the file first, e.g. qpdf --decrypt ({last})"
                )));
            }
            let hint = if opts.password.is_some() { "the given password did not open it" } else { "a password is needed (--password)" };
            return Err(DocError::Encrypted(format!("{hint} ({last})")));
        }
    }
    // Parsed, but pages whose content does not decode (every `/Length` wrong): poppler may place the streams.
    let limits = Limits { max_stream_bytes: opts.max_stream_bytes };
    let broken = broken_pages(&doc, &limits);
    if broken > 0 && !rewritten {
        if let Some(d) = poppler_document(bytes, opts).filter(|d| broken_pages(d, &limits) < broken) {
            warn(
                warnings,
                format!("damaged PDF repaired: {broken} pages' content could not be decoded; rewritten by poppler (pdftocairo)"),
            );
            doc = d;
        }
    }
    Ok(doc)
}

/// How many pages name content that cannot be had ([`content::contents_broken`]).
fn broken_pages(doc: &lopdf::Document, limits: &Limits) -> usize {
    catch_unwind(AssertUnwindSafe(|| doc.get_pages().values().filter(|&&id| content::contents_broken(doc, id, limits)).count()))
        .unwrap_or(usize::MAX)
}

/// [`poppler_rewrite`] parsed as our own reader parses: under the same caps, with pages.
fn poppler_document(bytes: &[u8], opts: &ExtractOptions) -> Option<lopdf::Document> {
    let fixed = poppler_rewrite(bytes, opts)?;
    repair::prescan(&fixed, opts.max_stream_bytes).ok()?;
    parse(&fixed).ok().filter(has_pages)
}

/// Longest a poppler rewrite of a damaged file may take, within the document's own deadline.
const POPPLER_REWRITE_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

/// The last resort for a PDF that neither parses nor repairs: poppler, which the OCR path
/// needs anyway, reads damage our parser refuses (wrong stream lengths, lost `endobj`, a
/// missing cross-reference section) and writes the pages out as a clean PDF, text layer and
/// ruling lines kept. `None` when poppler is absent, fails or runs past its limit.
fn poppler_rewrite(bytes: &[u8], opts: &ExtractOptions) -> Option<Vec<u8>> {
    let dir = tempfile::tempdir().ok()?;
    let input = dir.path().join("in.pdf");
    let output = dir.path().join("out.pdf");
    std::fs::write(&input, bytes).ok()?;
    let mut cmd = std::process::Command::new("pdftocairo");
    cmd.arg("-pdf").arg(&input).arg(&output);
    let limit = opts.timeout.map_or(POPPLER_REWRITE_LIMIT, |t| t.min(POPPLER_REWRITE_LIMIT));
    crate::extract::ocr::tesseract::run_with_deadline(cmd, Some(Instant::now() + limit), "pdftocairo (poppler-utils)").ok()?;
    let out = std::fs::read(&output).ok()?;
    looks_like_pdf(&out).then_some(out)
}

/// Per-page text statistics used to decide whether the text layer is usable.
struct LayerStats {
    /// Non-space glyphs with a Unicode mapping that is ordinary text.
    good: usize,
    /// Glyphs without mapping, or mapped to control / private-use / replacement characters.
    bad: usize,
    /// Mapped characters that are neither letters, digits nor usual punctuation
    /// (a wrong encoding read as Latin-1 gives many of these).
    odd: usize,
}

const USUAL_PUNCT: &str = ".,;:!?()[]{}-–—/\\%\"'“”‘’…*+=<>&#@$€°§_|~^`·•";

fn layer_stats(pc: &PageContent) -> LayerStats {
    let mut s = LayerStats { good: 0, bad: 0, odd: 0 };
    for g in &pc.glyphs {
        if !g.mapped {
            s.bad += 1;
            continue;
        }
        for c in g.text.chars() {
            if c.is_whitespace() {
                continue;
            }
            let u = c as u32;
            let garbage = c.is_control() || c == '\u{FFFD}' || (0xE000..=0xF8FF).contains(&u) || u >= 0xF0000;
            if garbage {
                s.bad += 1;
            } else {
                s.good += 1;
                if !c.is_alphanumeric() && !USUAL_PUNCT.contains(c) {
                    s.odd += 1;
                }
            }
        }
    }
    s
}

/// Detects fonts whose decoded text is a legacy Vietnamese encoding read as
/// Windows-1252 (no name hint, useless ToUnicode) and converts their glyphs.
/// Fonts named as legacy were already converted while decoding; both are reported.
fn convert_legacy(pc: &mut PageContent, page: u32, warnings: &mut Vec<Warning>) {
    for (fi, font) in pc.fonts.iter().enumerate() {
        if let Some(enc) = font.legacy {
            if pc.glyphs.iter().any(|g| g.font == fi) {
                warn(warnings, format!("page {page}: font {} uses the {} encoding; converted to Unicode", font.name, enc.label()));
            }
            continue;
        }
        let mut bytes = Vec::new();
        let mut other = 0usize;
        for g in pc.glyphs.iter().filter(|g| g.font == fi) {
            for c in g.text.chars() {
                match legacy::cp1252_byte(c) {
                    Some(b) => bytes.push(b),
                    None => other += 1,
                }
            }
        }
        if other * 50 > bytes.len() {
            continue; // real Unicode Vietnamese
        }
        let Some(enc) = legacy::detect(&bytes) else { continue };
        for g in pc.glyphs.iter_mut().filter(|g| g.font == fi) {
            let raw: Vec<u8> = g.text.chars().filter_map(legacy::cp1252_byte).collect();
            g.text = raw.iter().map(|&b| legacy::convert_code(enc, b)).collect();
        }
        warn(warnings, format!("page {page}: font {} looks {}-encoded (by content); converted to Unicode", font.name, enc.label()));
    }
}

/// Why a page goes to OCR, or `None` when its text layer is usable.
fn needs_ocr(pc: &PageContent) -> Option<String> {
    let st = layer_stats(pc);
    let page_area = (pc.width * pc.height).max(1.0);
    let image_share = pc.image_area / page_area;
    if st.good == 0 && st.bad == 0 {
        return Some("no text layer".into());
    }
    if st.good < 10 && image_share > 0.3 {
        return Some(format!("only {} characters of text over a page image", st.good));
    }
    if st.bad * 4 > st.good + st.bad {
        return Some(format!("text layer unreadable ({} of {} characters without a usable Unicode mapping)", st.bad, st.good + st.bad));
    }
    if st.good >= 20 && st.odd * 10 > st.good * 3 {
        return Some(format!("text layer looks like garbage ({} of {} characters are symbols)", st.odd, st.good));
    }
    None
}

fn ocr_page(
    doc: &lopdf::Document,
    number: u32,
    id: lopdf::ObjectId,
    landscape: bool,
    opts: &ExtractOptions,
    warnings: &mut Vec<Warning>,
) -> Page {
    if !opts.ocr {
        warn(warnings, format!("page {number}: no usable text layer and OCR is off; page left empty"));
        return Page { number, route: PageRoute::Ocr, lines: Vec::new(), landscape, turns: 0 };
    }
    let r = catch_unwind(AssertUnwindSafe(|| crate::extract::ocr::ocr_pdf_page(doc, number, id, opts)));
    match r {
        Ok(Ok(mut p)) => {
            p.number = number;
            p.route = PageRoute::Ocr;
            if let Some(rows) = crate::extract::ocr::figure_rows_without_grid(&p) {
                warn(
                    warnings,
                    format!(
                        "page {number}: no table grid found on the scan, yet {rows} lines hold rows of figures; they were read as plain lines, so their figures may be missing or under the wrong column"
                    ),
                );
            }
            p
        }
        Ok(Err(e)) => {
            warn(warnings, format!("page {number}: OCR failed: {e}; page left empty"));
            Page { number, route: PageRoute::Ocr, lines: Vec::new(), landscape, turns: 0 }
        }
        Err(_) => {
            warn(warnings, format!("page {number}: OCR crashed; page left empty"));
            Page { number, route: PageRoute::Ocr, lines: Vec::new(), landscape, turns: 0 }
        }
    }
}

/// Joins a paragraph that runs over a page break: the last line of a text-layer
/// page ends wrapped at the right edge, the next page's first line is prose
/// starting flush left with a lower-case letter, and is not a list item.
fn join_across_pages(pages: &mut [Page], edges: &[(bool, bool)]) {
    for i in 1..pages.len() {
        let (Some(&(prev_wrapped, _)), Some(&(_, next_flush))) = (edges.get(i - 1), edges.get(i)) else { continue };
        if !prev_wrapped || !next_flush {
            continue;
        }
        let (head, tail) = pages.split_at_mut(i);
        let (Some(prev), Some(next)) = (head.last_mut(), tail.first_mut()) else { continue };
        let Some(last) = prev.lines.last() else { continue };
        let Some(first) = next.lines.first() else { continue };
        let lower = first.text.chars().next().map(char::is_lowercase).unwrap_or(false);
        // "a) …", "b. …" start list items, not continuations
        let mut it = first.text.chars();
        let list_item = matches!((it.next(), it.next()), (Some(_), Some(')' | '.')));
        let ended = last.text.trim_end().ends_with(['.', ';', ':', '!', '?']);
        if last.tabular || first.tabular || !lower || list_item || ended {
            continue;
        }
        let first = next.lines.remove(0);
        if let Some(last) = prev.lines.last_mut() {
            last.text = format!("{} {}", last.text, first.text);
            if let Some(c) = last.cells.first_mut() {
                c.text = last.text.clone();
            }
        }
    }
}

/// Reads a PDF: text layer per page where usable (tables rebuilt from ruling
/// lines), OCR otherwise. Errors for encrypted, damaged or empty files and for
/// streams that decompress beyond `opts.max_stream_bytes`.
pub fn read_pdf(bytes: &[u8], opts: &ExtractOptions) -> Result<Extracted, DocError> {
    let start = Instant::now();
    let limits = Limits { max_stream_bytes: opts.max_stream_bytes };
    let mut warnings = Vec::new();
    let doc = load(bytes, opts, &mut warnings)?;
    let mut pages =
        catch_unwind(AssertUnwindSafe(|| doc.get_pages())).map_err(|_| DocError::BrokenPdf("the page tree is damaged".into()))?;
    // A Kids array that leads back to a Pages node lists the same pages again.
    let mut seen_pages = std::collections::HashSet::new();
    let listed = pages.len();
    pages.retain(|_, id| seen_pages.insert(*id));
    if pages.len() < listed {
        warn(
            &mut warnings,
            format!(
                "damaged PDF repaired: the page tree lists {} pages more than once (a Kids loop); each is read once",
                listed - pages.len()
            ),
        );
    }
    if pages.is_empty() {
        return Err(DocError::BrokenPdf("the PDF has no pages (empty or damaged page tree)".into()));
    }
    let mut state = content::DocState::new();
    let mut out_pages = Vec::with_capacity(pages.len());
    // per page: (ends with a wrapped prose line, starts with a flush-left prose line)
    let mut edges: Vec<(bool, bool)> = vec![(false, false); pages.len()];
    for (&number, &id) in &pages {
        if let Some(t) = opts.timeout {
            if start.elapsed() > t {
                return Err(DocError::Timeout(t.as_secs()));
            }
        }
        if state.exhausted() {
            // Not sent to OCR either: rendering the same operators costs as much.
            warn(&mut warnings, format!("page {number}: not read, the document's budget of operations is spent"));
            out_pages.push(Page { number, route: PageRoute::TextLayer, lines: Vec::new(), landscape: false, turns: 0 });
            continue;
        }
        let interp = catch_unwind(AssertUnwindSafe(|| content::interpret_page(&doc, id, &limits, &mut state)));
        let mut pc = match interp {
            Ok(Ok(pc)) => pc,
            Ok(Err(e @ DocError::BrokenPdf(_))) if e.to_string().contains("bomb") => return Err(e),
            Ok(Err(e)) => {
                warn(&mut warnings, format!("page {number}: text layer not readable ({e}); trying OCR"));
                let (w, h, _) = content::page_geometry(&doc, id);
                out_pages.push(ocr_page(&doc, number, id, w > h, opts, &mut warnings));
                continue;
            }
            Err(_) => {
                warn(&mut warnings, format!("page {number}: text layer reader crashed; trying OCR"));
                let (w, h, _) = content::page_geometry(&doc, id);
                out_pages.push(ocr_page(&doc, number, id, w > h, opts, &mut warnings));
                continue;
            }
        };
        let mut seen = std::collections::HashSet::new();
        for n in std::mem::take(&mut pc.notes) {
            if seen.insert(n.clone()) && seen.len() <= 20 {
                warn(&mut warnings, format!("page {number}: {n}"));
            }
        }
        let landscape = pc.width > pc.height;
        convert_legacy(&mut pc, number, &mut warnings);
        if let Some(why) = needs_ocr(&pc) {
            warn(&mut warnings, format!("page {number}: {why}; routed to OCR"));
            out_pages.push(ocr_page(&doc, number, id, landscape, opts, &mut warnings));
            continue;
        }
        match catch_unwind(AssertUnwindSafe(|| textlayer::layout_page(&pc, number))) {
            Ok(lay) => {
                if let Some(e) = edges.get_mut(out_pages.len()) {
                    *e = (lay.ends_wrapped, lay.starts_flush);
                }
                out_pages.push(Page { number, route: PageRoute::TextLayer, lines: lay.lines, landscape, turns: 0 });
                continue;
            }
            Err(_) => {
                warn(&mut warnings, format!("page {number}: layout crashed; trying OCR"));
                out_pages.push(ocr_page(&doc, number, id, landscape, opts, &mut warnings));
            }
        }
    }
    join_across_pages(&mut out_pages, &edges);
    let mut n = 0u32;
    for p in &mut out_pages {
        for l in &mut p.lines {
            n += 1;
            l.number = n;
            l.page = p.number;
        }
    }
    let text_pages = out_pages.iter().filter(|p| p.route == PageRoute::TextLayer).count();
    let kind = if text_pages * 2 >= out_pages.len() { SourceKind::PdfText } else { SourceKind::PdfScan };
    Ok(Extracted { kind, page_count: Some(out_pages.len() as u32), pages: out_pages, warnings })
}

#[cfg(test)]
mod tests;
