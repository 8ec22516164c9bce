//! Scanned pages through Tesseract OCR.
//!
//! Page image (the scan's own JPEG, or a pdftoppm rendering) → deskew →
//! ruled table grids → table cells OCRed cell by cell, batched into one tall
//! image per pass (a second digits-only pass for numeric cells) → the rest of
//! the page OCRed as prose → lines in reading order, table rows as tabular
//! lines with one cell per grid column.

pub mod cache;
pub mod deskew;
pub mod grid;
pub mod image;
pub mod tesseract;

use super::ExtractOptions;
use crate::error::DocError;
use crate::model::{Cell, Line, Page, PageRoute};
use grid::TableGrid;
use image::GrayImage;
use std::path::Path;
use std::time::Instant;
use tesseract::{TessParams, Word};

/// Characters allowed when re-reading a cell that holds a figure.
pub const DIGITS_WHITELIST: &str = "0123456789.,-";

/// OCRs one PDF page (its image object, or a rendering) into lines of cells.
///
/// Line numbers start at 1 on each page; the caller renumbers them across the
/// document. `opts.timeout` bounds this page's OCR (Tesseract is killed when it
/// overruns); `opts.ocr_cache` stores and reuses results keyed by the image.
pub fn ocr_pdf_page(
    pdf: &lopdf::Document,
    page_number: u32,
    page_id: lopdf::ObjectId,
    opts: &ExtractOptions,
) -> Result<Page, DocError> {
    let deadline = opts.timeout.map(|t| Instant::now() + t);
    tesseract::check_available()?;
    let pimg = image::page_image(pdf, page_number, page_id, opts.max_stream_bytes, deadline)?;
    let key = cache::key(&pimg.key_bytes, pimg.dpi);
    if let Some(dir) = &opts.ocr_cache {
        if let Some(p) = cache::load(dir, &key, page_number) {
            return Ok(p);
        }
    }
    let page = ocr_image(&pimg.image, pimg.dpi, page_number, deadline)?;
    if let Some(dir) = &opts.ocr_cache {
        cache::store(dir, &key, &page);
    }
    Ok(page)
}

/// OCRs a page image scanned at `dpi` (deskew, tables cell by cell, prose).
pub fn ocr_image(img: &GrayImage, dpi: u32, page_number: u32, deadline: Option<Instant>) -> Result<Page, DocError> {
    let threshold = img.otsu_threshold();
    let mask = img.binarize(threshold);
    let angle = deskew::estimate_skew(&mask, img.width, img.height, 3.0);
    let level = deskew::rotate(img, angle);
    let mask = level.binarize(threshold);
    let tables = grid::find_tables(&mask, level.width, level.height, dpi);
    if let Ok(d) = std::env::var("TRICHXUAT_OCR_DEBUG") {
        let _ = level.write_pgm(&Path::new(&d).join(format!("level-{page_number}.pgm")));
        for t in &tables {
            eprintln!("angle {angle} grid xs {:?}\n ys {:?}", t.xs, t.ys);
            for c in &t.cells {
                eprintln!("  cell r{} c{} span {}x{} [{},{}..{},{}]", c.row, c.col, c.rows, c.cols, c.x0, c.y0, c.x1, c.y1);
            }
        }
    }
    let work = tempfile::Builder::new().prefix("trichxuat-ocr").tempdir()?;

    let mut rows: Vec<(f32, Line)> = Vec::new();
    if !tables.is_empty() {
        let texts = ocr_table_cells(&level, &mask, &tables, dpi, work.path(), deadline)?;
        for (ti, t) in tables.iter().enumerate() {
            rows.extend(table_lines(t, texts.get(ti).map(|v| v.as_slice()).unwrap_or(&[]), page_number));
        }
    }
    // prose: the page with the tables whitened
    let mut prose = level.clone();
    for t in &tables {
        let (x0, y0, x1, y1) = t.bbox();
        let pad = 4.0;
        for y in (y0 - pad).max(0.0) as usize..((y1 + pad) as usize).min(prose.height) {
            for x in (x0 - pad).max(0.0) as usize..((x1 + pad) as usize).min(prose.width) {
                prose.set(x, y, 255);
            }
        }
    }
    let prose_mask = prose.binarize(threshold);
    if content_box(&prose_mask, prose.width, prose.height, dpi).is_some() {
        let path = work.path().join("prose.pgm");
        prose.write_pgm(&path)?;
        let words = tesseract::ocr_words(&path, &TessParams { psm: 3, dpi, whitelist: None }, deadline)?;
        rows.extend(prose_lines(&words, page_number));
    }
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    let lines = rows
        .into_iter()
        .enumerate()
        .map(|(i, (_, mut l))| {
            l.number = i as u32 + 1;
            l
        })
        .collect();
    Ok(Page { number: page_number, route: PageRoute::Ocr, lines, landscape: level.width > level.height })
}

/// What OCR made of one merged table cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellText {
    /// Words joined by single spaces (lines of a wrapped cell joined too).
    pub text: String,
    /// Mean word confidence, when any word was read.
    pub confidence: Option<f32>,
}

/// Bounding box (x0, y0, x1, y1 exclusive) of the ink in a mask that is not
/// dust: connected components that are big, tall, or dash-like; thin slivers
/// on the border (leftover ruling) are ignored.
pub fn content_box(mask: &[bool], w: usize, h: usize, dpi: u32) -> Option<(usize, usize, usize, usize)> {
    if mask.len() != w * h {
        return None;
    }
    let s = dpi as f32 / 200.0;
    let min_area = (20.0 * s * s) as usize;
    let tall = (10.0 * s) as usize;
    let dash_w = (6.0 * s).max(3.0) as usize;
    let mut seen = vec![false; mask.len()];
    let mut stack = Vec::new();
    let mut best: Option<(usize, usize, usize, usize)> = None;
    for start in 0..mask.len() {
        if !mask[start] || seen[start] {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let (mut x0, mut y0, mut x1, mut y1, mut area) = (usize::MAX, usize::MAX, 0usize, 0usize, 0usize);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            area += 1;
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
            let mut push = |j: usize| {
                if mask[j] && !seen[j] {
                    seen[j] = true;
                    stack.push(j);
                }
            };
            if x > 0 {
                push(i - 1);
            }
            if x + 1 < w {
                push(i + 1);
            }
            if y > 0 {
                push(i - w);
            }
            if y + 1 < h {
                push(i + w);
            }
        }
        let (bw, bh) = (x1 - x0 + 1, y1 - y0 + 1);
        let on_border = x0 == 0 || y0 == 0 || x1 + 1 == w || y1 + 1 == h;
        if on_border && (bw <= 4 || bh <= 4) {
            continue;
        }
        let keep = area >= min_area || bh >= tall || (bw >= dash_w && bw >= 2 * bh);
        if keep {
            best = Some(match best {
                None => (x0, y0, x1 + 1, y1 + 1),
                Some((a, b, c, d)) => (a.min(x0), b.min(y0), c.max(x1 + 1), d.max(y1 + 1)),
            });
        }
    }
    best
}

/// A cell image waiting for OCR.
struct Job {
    table: usize,
    cell: usize,
    image: GrayImage,
}

/// The crop of one cell's content with a margin, or `None` for an empty cell.
fn cell_crop(level: &GrayImage, mask: &[bool], c: &grid::GridCell, dpi: u32) -> Option<GrayImage> {
    if c.x1 <= c.x0 + 2 || c.y1 <= c.y0 + 2 {
        return None;
    }
    let (w, h) = (c.x1 - c.x0, c.y1 - c.y0);
    let mut sub = Vec::with_capacity(w * h);
    for y in c.y0..c.y1 {
        for x in c.x0..c.x1 {
            sub.push(mask.get(y * level.width + x).copied().unwrap_or(false));
        }
    }
    let (bx0, by0, bx1, by1) = content_box(&sub, w, h, dpi)?;
    let m = (0.06 * dpi as f32) as usize;
    let x0 = c.x0 + bx0.saturating_sub(m);
    let y0 = c.y0 + by0.saturating_sub(m);
    let x1 = (c.x0 + bx1 + m).min(c.x1);
    let y1 = (c.y0 + by1 + m).min(c.y1);
    Some(level.crop(x0, y0, x1, y1))
}

/// Pastes jobs one under another with white gaps, OCRs each strip once and
/// gives each job its words (in Tesseract's reading order).
fn ocr_batched(
    jobs: &[&Job],
    dpi: u32,
    whitelist: Option<&str>,
    dir: &Path,
    tag: &str,
    deadline: Option<Instant>,
) -> Result<Vec<Vec<Word>>, DocError> {
    let mut out = vec![Vec::new(); jobs.len()];
    let gap = ((0.15 * dpi as f32) as usize).max(20);
    let margin = gap;
    let max_h = 30_000usize;
    let mut start = 0;
    let mut strip_no = 0;
    while start < jobs.len() {
        // take as many jobs as fit in one strip
        let mut end = start;
        let mut height = margin;
        let mut width = 0;
        while end < jobs.len() {
            let im = &jobs[end].image;
            if end > start && height + im.height + gap > max_h {
                break;
            }
            height += im.height + gap;
            width = width.max(im.width);
            end += 1;
        }
        let mut strip = GrayImage::new((width + 2 * margin).min(image::MAX_SIDE), (height + margin).min(max_h + 2 * margin));
        let mut slots = Vec::new();
        let mut y = margin;
        for j in start..end {
            let im = &jobs[j].image;
            strip.paste(im, margin, y);
            slots.push((j, y, y + im.height));
            y += im.height + gap;
        }
        let path = dir.join(format!("{tag}-{strip_no}.pgm"));
        let scale: f32 = std::env::var("TRICHXUAT_OCR_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or((300.0 / dpi as f32).clamp(1.0, 2.0));
        let psm: u32 = std::env::var("TRICHXUAT_OCR_PSM").ok().and_then(|s| s.parse().ok()).unwrap_or(6);
        let strip = if scale != 1.0 { strip.scale(scale) } else { strip };
        strip.write_pgm(&path)?;
        let mut words = tesseract::ocr_words(&path, &TessParams { psm, dpi: (dpi as f32 * scale) as u32, whitelist }, deadline)?;
        for w in &mut words {
            w.left = (w.left as f32 / scale) as i32;
            w.top = (w.top as f32 / scale) as i32;
            w.width = (w.width as f32 / scale) as i32;
            w.height = (w.height as f32 / scale) as i32;
        }
        if let Ok(d) = std::env::var("TRICHXUAT_OCR_DEBUG") {
            let _ = std::fs::copy(&path, Path::new(&d).join(format!("{tag}-{strip_no}.pgm")));
            let dump: String = words.iter().map(|w| format!("{} {} {} {} {:.0} {}\n", w.left, w.top, w.width, w.height, w.conf, w.text)).collect();
            let _ = std::fs::write(Path::new(&d).join(format!("{tag}-{strip_no}.words")), dump);
        }
        let _ = std::fs::remove_file(&path);
        for wd in words {
            let cy = wd.cy() as i64;
            let half = (gap / 2) as i64;
            if let Some(&(j, _, _)) = slots.iter().find(|&&(_, y0, y1)| cy >= y0 as i64 - half && cy < y1 as i64 + half) {
                if let Some(v) = out.get_mut(j) {
                    v.push(wd);
                }
            }
        }
        start = end;
        strip_no += 1;
    }
    Ok(out)
}

/// Joins words into a cell text with the mean confidence.
fn join_words(words: &[Word]) -> CellText {
    if words.is_empty() {
        return CellText::default();
    }
    let text = words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
    let conf = words.iter().map(|w| w.conf).sum::<f32>() / words.len() as f32;
    CellText { text, confidence: Some(conf) }
}

/// True for text that is a printed figure (digits with . , - separators),
/// allowing a stray misread character or two.
pub fn looks_numeric(text: &str) -> bool {
    let s: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() || s.len() > 24 || !s.iter().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let good = s.iter().filter(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-')).count();
    let letters = s.iter().filter(|c| c.is_alphabetic()).count();
    good * 10 >= s.len() * 8 && letters <= 1
}

/// OCRs every non-empty cell of the page's tables: one batched pass for all
/// cells, then a digits-only pass for the cells that read as figures.
fn ocr_table_cells(
    level: &GrayImage,
    mask: &[bool],
    tables: &[TableGrid],
    dpi: u32,
    dir: &Path,
    deadline: Option<Instant>,
) -> Result<Vec<Vec<CellText>>, DocError> {
    let mut result: Vec<Vec<CellText>> = tables.iter().map(|t| vec![CellText::default(); t.cells.len()]).collect();
    let mut jobs = Vec::new();
    for (ti, t) in tables.iter().enumerate() {
        for (ci, c) in t.cells.iter().enumerate() {
            if let Some(image) = cell_crop(level, mask, c, dpi) {
                jobs.push(Job { table: ti, cell: ci, image });
            }
        }
    }
    if jobs.is_empty() {
        return Ok(result);
    }
    let all: Vec<&Job> = jobs.iter().collect();
    let words = ocr_batched(&all, dpi, None, dir, "cells", deadline)?;
    let mut numeric = Vec::new();
    for (job, w) in jobs.iter().zip(&words) {
        let ct = join_words(w);
        if looks_numeric(&ct.text) {
            numeric.push(job);
        }
        if let Some(slot) = result.get_mut(job.table).and_then(|v| v.get_mut(job.cell)) {
            *slot = ct;
        }
    }
    if !numeric.is_empty() {
        let words = ocr_batched(&numeric, dpi, Some(DIGITS_WHITELIST), dir, "digits", deadline)?;
        for (job, w) in numeric.iter().zip(&words) {
            let ct = join_words(w);
            if !ct.text.is_empty() {
                if let Some(slot) = result.get_mut(job.table).and_then(|v| v.get_mut(job.cell)) {
                    *slot = ct;
                }
            }
        }
    }
    Ok(result)
}

/// One tabular line per grid row: a cell per grid column, a merged cell's
/// text in its first row and column, rows with no text skipped.
fn table_lines(t: &TableGrid, texts: &[CellText], page_number: u32) -> Vec<(f32, Line)> {
    let (nr, nc) = (t.nrows(), t.ncols());
    let mut out = Vec::new();
    for r in 0..nr {
        let mut cells: Vec<Cell> = (0..nc)
            .map(|c| Cell {
                text: String::new(),
                x0: t.xs.get(c).copied(),
                x1: t.xs.get(c + 1).copied(),
                confidence: None,
            })
            .collect();
        for (gc, ct) in t.cells.iter().zip(texts) {
            if gc.row == r {
                if let Some(cell) = cells.get_mut(gc.col) {
                    cell.text = nfc(&ct.text);
                    cell.confidence = ct.confidence;
                    cell.x1 = t.xs.get(gc.col + gc.cols).copied();
                }
            }
        }
        if cells.iter().all(|c| c.text.is_empty()) {
            continue;
        }
        let text = cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("\t");
        let y = t.ys.get(r).copied().unwrap_or(0.0);
        out.push((y, Line { page: page_number, number: 0, text, cells, tabular: true, y: Some(y) }));
    }
    out
}

fn nfc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc().collect()
}

/// Prose lines from a whole-page OCR: one line per Tesseract text line, one cell.
fn prose_lines(words: &[Word], page_number: u32) -> Vec<(f32, Line)> {
    let mut groups: Vec<((u32, u32, u32), Vec<&Word>)> = Vec::new();
    for w in words {
        let k = (w.block, w.par, w.line);
        match groups.last_mut() {
            Some((gk, v)) if *gk == k => v.push(w),
            _ => groups.push((k, vec![w])),
        }
    }
    let mut out = Vec::new();
    for (_, ws) in groups {
        // a "line" of low-confidence specks is dust, not text
        if ws.iter().all(|w| w.conf < 50.0 && !w.text.chars().any(|c| c.is_alphanumeric())) {
            continue;
        }
        let owned: Vec<Word> = ws.iter().map(|w| (*w).clone()).collect();
        let ct = join_words(&owned);
        let x0 = ws.iter().map(|w| w.left).min().unwrap_or(0) as f32;
        let x1 = ws.iter().map(|w| w.left + w.width).max().unwrap_or(0) as f32;
        let y = ws.iter().map(|w| w.top).min().unwrap_or(0) as f32;
        let text = nfc(&ct.text);
        out.push((
            y,
            Line {
                page: page_number,
                number: 0,
                text: text.clone(),
                cells: vec![Cell { text, x0: Some(x0), x1: Some(x1), confidence: ct.confidence }],
                tabular: false,
                y: Some(y),
            },
        ));
    }
    out
}

#[cfg(test)]
mod tests;
