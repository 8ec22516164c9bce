//! Scanned pages through Tesseract OCR.
//!
//! Page image (the scan's own JPEG, or a pdftoppm rendering) → deskew →
//! ruled table grids → table cells OCRed cell by cell, batched into one tall
//! image per pass (a second digits-only pass for numeric cells) → the rest of
//! the page OCRed as prose → lines in reading order, table rows as tabular
//! lines with one cell per grid column.
//!
//! Method and measurements: `REPORT.md` beside this file. For tuning, setting
//! `TRICHXUAT_OCR_DEBUG=<dir>` keeps the levelled page, the cell strips and the
//! words Tesseract read in that folder, and the grids found (`grids-N.txt`).

pub mod cache;
pub mod deskew;
pub mod grid;
pub mod image;
pub mod paper;
pub mod reread;
pub mod tesseract;

use super::ExtractOptions;
use crate::error::DocError;
use crate::extract::grid::Grid;
use crate::model::{BBox, Cell, Line, Page, PageRoute, Reread};
use image::GrayImage;
use std::path::Path;
use std::time::Instant;
use tesseract::{TessParams, Word};

/// Sauvola's `k` for the ink masks (grid, deskew, dust): low enough that faint
/// rules and print stay ink on flattened paper, high enough that noise does not.
pub const SAUVOLA_K: f32 = 0.2;

/// Grey levels of spread in the paper's lighting ([`paper::Illumination::spread`])
/// above which a page's prose is read flattened.
const UNEVEN_PAPER: f32 = 24.0;

/// Characters allowed when re-reading a cell that holds a figure.
pub const DIGITS_WHITELIST: &str = "0123456789.,-";

/// OCRs one PDF page (its image object, or a rendering) into lines of cells.
///
/// Line numbers start at 1 on each page; the caller renumbers them across the
/// document. `opts.timeout` bounds this page's OCR (Tesseract is killed when it
/// overruns); `opts.ocr_cache` stores and reuses results keyed by the image.
pub fn ocr_pdf_page(pdf: &lopdf::Document, page_number: u32, page_id: lopdf::ObjectId, opts: &ExtractOptions) -> Result<Page, DocError> {
    let deadline = opts.timeout.map(|t| Instant::now() + t);
    // a scan page's key comes from its JPEG bytes, so a cache hit skips decoding
    let early_key = opts.ocr_cache.as_ref().and_then(|_| image::single_image_key(pdf, page_id)).map(|b| cache::key(&b, 0));
    if let (Some(dir), Some(k)) = (&opts.ocr_cache, &early_key) {
        if let Some(p) = cache::load(dir, k, page_number) {
            return Ok(p);
        }
    }
    let pimg = image::page_image(pdf, page_number, page_id, opts.max_stream_bytes, deadline)?;
    let key = early_key.unwrap_or_else(|| cache::key(&pimg.key_bytes, pimg.dpi));
    if let Some(dir) = &opts.ocr_cache {
        if let Some(p) = cache::load(dir, &key, page_number) {
            return Ok(p);
        }
    }
    tesseract::check_available()?;
    let page = ocr_image(&pimg.image, pimg.dpi, page_number, deadline).map_err(|e| match (opts.timeout, deadline) {
        (Some(t), Some(d)) if Instant::now() >= d => DocError::Timeout(t.as_secs()),
        _ => e,
    })?;
    if let Some(dir) = &opts.ocr_cache {
        cache::store(dir, &key, &page);
    }
    Ok(page)
}

/// Quarter turns for a page that looks sideways when Tesseract's orientation
/// detection is not sure (pages of tables hold too few words for it): a band
/// across the middle of the page is read upright, turned left and turned
/// right, and the turn whose words read with the most confidence wins. An
/// upright page of skewed tables can look sideways too, so "no turn" is one
/// of the candidates.
fn turns_by_reading(img: &GrayImage, dpi: u32, work: &Path, deadline: Option<Instant>) -> Result<u32, DocError> {
    let mut best = (0u32, f32::MIN);
    for q in [0u32, 1, 3] {
        let turned = img.rotate90(q);
        let (w, h) = (turned.width, turned.height);
        let band = turned.crop(w / 10, h * 2 / 5, w * 9 / 10, h * 3 / 5);
        let path = work.join(format!("turn-{q}.pgm"));
        band.write_pgm(&path)?;
        let words = tesseract::ocr_words(&path, &TessParams { psm: 6, dpi, whitelist: None }, deadline)?;
        let score = reading_confidence(&words);
        if score > best.1 {
            best = (q, score);
        }
    }
    Ok(best.0)
}

/// How well a band of words was read: letters and digits of the words read
/// with confidence, weighted by it. Text read sideways comes back as a few
/// short, doubtful words.
fn reading_confidence(words: &[Word]) -> f32 {
    words.iter().filter(|w| w.conf >= 50.0).map(|w| w.conf / 100.0 * w.text.chars().filter(|c| c.is_alphanumeric()).count() as f32).sum()
}

/// OCRs a page image scanned at `dpi` (deskew, tables cell by cell, prose).
pub fn ocr_image(img: &GrayImage, dpi: u32, page_number: u32, deadline: Option<Instant>) -> Result<Page, DocError> {
    let (page, turns) = read_page(img, dpi, page_number, deadline, None)?;
    // A page scanned upside down does not look sideways, and reads as
    // "tưenb 8uonn": few of its words are Vietnamese syllables. Such a page
    // is read again turned half way round, and the reading whose words are
    // Vietnamese is kept.
    // A page of tables scanned sideways may not look sideways either (its
    // rules gather ink in rows and columns alike): when the half turn does
    // not read as Vietnamese, the quarter turns are tried too.
    let (words, share) = syllable_share(&page);
    if words < FLIP_MIN_WORDS || share >= FLIP_BELOW_SHARE {
        return Ok(page);
    }
    let mut best = (page, share);
    for q in [2, 1, 3] {
        let (other, _) = read_page(img, dpi, page_number, deadline, Some((turns + q) % 4))?;
        let (_, other_share) = syllable_share(&other);
        if other_share >= best.1 + FLIP_MARGIN {
            best = (other, other_share);
        }
        if best.1 >= FLIP_BELOW_SHARE {
            break;
        }
    }
    Ok(best.0)
}

/// Fewest words a page must read before its reading is judged (a page of
/// figures holds few).
const FLIP_MIN_WORDS: usize = 15;
/// A page whose share of Vietnamese syllables is below this is tried upside
/// down (upright pages, even worn ones, read well above it).
const FLIP_BELOW_SHARE: f32 = 0.4;
/// How much better the half-turned reading must read to be kept.
const FLIP_MARGIN: f32 = 0.2;

/// Words of letters on a page (punctuation trimmed, figures left out) and
/// the share of them that are Vietnamese syllables.
fn syllable_share(page: &Page) -> (usize, f32) {
    let (mut words, mut syllables) = (0usize, 0usize);
    for line in &page.lines {
        for w in line.text.split_whitespace() {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            if w.is_empty() || !w.chars().any(char::is_alphabetic) {
                continue;
            }
            words += 1;
            if crate::vn::is_syllable(w) {
                syllables += 1;
            }
        }
    }
    (words, if words == 0 { 0.0 } else { syllables as f32 / words as f32 })
}

/// One reading of a page image: turned as `forced_turns` says (clockwise
/// quarter turns), or as its shape and Tesseract's orientation detection say
/// when `None`; returns the page and the turns it was read at.
fn read_page(
    img: &GrayImage,
    dpi: u32,
    page_number: u32,
    deadline: Option<Instant>,
    forced_turns: Option<u32>,
) -> Result<(Page, u32), DocError> {
    let work = tempfile::Builder::new().prefix("trichxuat-ocr").tempdir()?;
    let threshold = img.otsu_threshold();
    let mut mask = img.binarize(threshold);
    // a page scanned sideways: ask Tesseract's orientation detection which way is up
    let mut upright = None;
    let mut quarter_turns = 0;
    if let Some(q) = forced_turns.map(|q| q % 4).filter(|&q| q != 0) {
        quarter_turns = q;
        let turned = img.rotate90(q);
        mask = turned.binarize(threshold);
        upright = Some(turned);
    } else if forced_turns.is_none() && deskew::is_sideways(&mask, img.width, img.height) {
        let path = work.path().join("osd.pgm");
        img.write_pgm(&path)?;
        let turns = match tesseract::osd_quarter_turns(&path, deadline) {
            Some(q) => q,
            None => turns_by_reading(img, dpi, work.path(), deadline)?,
        };
        if let Some(q) = Some(turns).filter(|&q| q != 0) {
            quarter_turns = q;
            let turned = img.rotate90(q);
            mask = turned.binarize(threshold);
            upright = Some(turned);
        }
    }
    let (orig_w, orig_h) = (img.width as f32, img.height as f32);
    let img = upright.as_ref().unwrap_or(img);
    let mut angle = deskew::estimate_skew(&mask, img.width, img.height, 3.0);
    let mut level = deskew::rotate(img, angle);
    let mut threshold = threshold;
    let mut mask = level.binarize(threshold);
    let mut tables = grid::find_tables(&mask, level.width, level.height, dpi);
    // the rules as thin lines, however faint: more of a table there than the
    // clean grid holds means worn paper (a photocopy's grey, uneven
    // background, faint print, broken rules)
    // (asked only when the clean grid found something: with nothing found,
    // the worn path looks anyway, on the flattened page)
    let mut worn_paper = false;
    if tables.is_empty() || ruled_area(&tables_by_shape(&level, &mask, dpi)) > ruled_area(&tables) * 1.25 {
        // divide out the lighting, threshold adaptively and look again with
        // tolerant rules
        if let Some(worn) = worn_page(img, dpi) {
            (level, mask, tables, angle) = worn;
            threshold = level.otsu_threshold();
            worn_paper = true;
        }
    }
    if let Ok(d) = std::env::var("TRICHXUAT_OCR_DEBUG") {
        // for tuning: the levelled page and its grids, beside each other in that folder
        let _ = level.write_pgm(&Path::new(&d).join(format!("level-{page_number}.pgm")));
        let mut grids = format!("angle {angle} worn paper {worn_paper}\n");
        for t in &tables {
            grids += &format!("grid xs {:?}\n ys {:?}\n", t.xs, t.ys);
            for c in &t.cells {
                let b = pixel_box(t, c);
                grids += &format!("  cell r{} c{} span {}x{} [{},{}..{},{}]\n", c.row, c.col, c.rows, c.cols, b.x0, b.y0, b.x1, b.y1);
            }
        }
        let _ = std::fs::write(Path::new(&d).join(format!("grids-{page_number}.txt")), grids);
    }
    let to_page = ToPage {
        w: orig_w,
        h: orig_h,
        q: quarter_turns,
        angle,
        cx: level.width as f32 / 2.0,
        cy: level.height as f32 / 2.0,
        pt: 72.0 / dpi.max(1) as f32,
    };
    // each table: its top and its rows, top to bottom
    let mut table_rows: Vec<(f32, Vec<Line>)> = Vec::new();
    if !tables.is_empty() {
        let paper = paper_level(&level, threshold);
        let texts = ocr_table_cells(&level, &mask, &tables, dpi, paper, threshold, work.path(), deadline)?;
        for (ti, t) in tables.iter().enumerate() {
            let lines = table_lines(t, texts.get(ti).map(|v| v.as_slice()).unwrap_or(&[]), page_number, &to_page);
            table_rows.push((t.bbox().1, lines.into_iter().map(|(_, l)| l).collect()));
        }
    }
    // prose: the page with the tables painted over in the paper's own grey (pure
    // white blocks on grey paper make Tesseract's thresholding see no text at all)
    // on uneven paper the lighting is divided out first: Tesseract's own
    // global threshold reads a light patch of faint print as blank paper
    // (the worn path's page is flattened already)
    let lighting = (!worn_paper).then(|| paper::Illumination::of(&level, dpi)).filter(|l| l.spread() > UNEVEN_PAPER);
    let (mut prose, paper, threshold) = match &lighting {
        Some(l) => {
            let flat = l.divide(&level);
            let t = flat.otsu_threshold();
            (flat, paper::PAPER, t)
        }
        None => (level.clone(), paper_level(&level, threshold), threshold),
    };
    for t in &tables {
        let (x0, y0, x1, y1) = t.bbox();
        let pad = 4.0;
        for y in (y0 - pad).max(0.0) as usize..((y1 + pad) as usize).min(prose.height) {
            for x in (x0 - pad).max(0.0) as usize..((x1 + pad) as usize).min(prose.width) {
                prose.set(x, y, paper);
            }
        }
    }
    let prose_mask = prose.binarize(threshold);
    let mut prose_rows = Vec::new();
    if content_box(&prose_mask, prose.width, prose.height, dpi).is_some() {
        let path = work.path().join("prose.pgm");
        prose.write_pgm(&path)?;
        let words = tesseract::ocr_words(&path, &TessParams { psm: 3, dpi, whitelist: None }, deadline)?;
        prose_rows = prose_lines(&words, page_number, &to_page);
    }
    // prose keeps Tesseract's reading order (columns stay whole); each table
    // goes before the first prose line below its top
    let mut lines: Vec<Line> = Vec::new();
    let mut pending = table_rows.into_iter().peekable();
    for (y, l) in prose_rows {
        while let Some((_, rows)) = pending.next_if(|(top, _)| *top < y) {
            lines.extend(rows);
        }
        lines.push(l);
    }
    for (_, rows) in pending {
        lines.extend(rows);
    }
    for (i, l) in lines.iter_mut().enumerate() {
        l.number = i as u32 + 1;
    }
    let page = Page { number: page_number, route: PageRoute::Ocr, lines, landscape: level.width > level.height, turns: quarter_turns };
    Ok((page, quarter_turns))
}

/// How a pixel of the levelled page maps back to the page as displayed: the
/// deskew undone, then the quarter turns, then pixels to points at the
/// page's resolution. Boxes are reported in PDF points so that a figure read
/// by OCR and one read from a text layer can be shown the same way.
#[derive(Debug, Clone, Copy)]
pub struct ToPage {
    /// Size of the page image before any quarter turn.
    pub w: f32,
    pub h: f32,
    /// Clockwise quarter turns applied to make the page upright.
    pub q: u32,
    /// Deskew angle applied (degrees).
    pub angle: f32,
    /// Centre of the levelled image (the deskew's pivot).
    pub cx: f32,
    pub cy: f32,
    /// Points per pixel (72 / dpi).
    pub pt: f32,
}

impl ToPage {
    /// One levelled-image point in page points.
    pub fn point(&self, x: f32, y: f32) -> (f32, f32) {
        let (s, c) = self.angle.to_radians().sin_cos();
        let (dx, dy) = (x - self.cx, y - self.cy);
        // where the deskew sampled this point in the upright image
        let (tx, ty) = (dx * c + dy * s + self.cx, -dx * s + dy * c + self.cy);
        let (ox, oy) = match self.q % 4 {
            1 => (ty, self.h - tx),
            2 => (self.w - tx, self.h - ty),
            3 => (self.w - ty, tx),
            _ => (tx, ty),
        };
        (ox * self.pt, oy * self.pt)
    }
    /// A levelled-image box (pixels) as the page box holding it (points).
    pub fn bbox(&self, b: [f32; 4]) -> BBox {
        let mut out = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
        for (x, y) in [(b[0], b[1]), (b[2], b[1]), (b[0], b[3]), (b[2], b[3])] {
            let (px, py) = self.point(x, y);
            out = [out[0].min(px), out[1].min(py), out[2].max(px), out[3].max(py)];
        }
        out.map(|v| (v * 100.0).round() / 100.0)
    }
}

/// The page seen as worn paper: its lighting divided out, deskewed again on
/// an adaptive (Sauvola) mask, tables found with tolerant rules on that mask
/// and by the shape of their rules on the flattened grey page. `None` when
/// no table shows even so (a page of prose stays as it was read).
fn worn_page(img: &GrayImage, dpi: u32) -> Option<(GrayImage, Vec<bool>, Vec<Grid>, f32)> {
    let flat = paper::flatten(img, dpi);
    let mask = paper::sauvola(&flat, dpi, SAUVOLA_K);
    let angle = deskew::estimate_skew(&mask, flat.width, flat.height, 3.0);
    let (level, mask) = if angle == 0.0 {
        (flat, mask)
    } else {
        let level = deskew::rotate(&flat, angle);
        let mask = paper::sauvola(&level, dpi, SAUVOLA_K);
        (level, mask)
    };
    let mut tables = grid::find_tables_worn(&mask, level.width, level.height, dpi);
    let by_shape = tables_by_shape(&level, &mask, dpi);
    // the rules found by their shape come out whole where Sauvola's mask
    // breaks them: their tables are taken where they cover more of the page,
    // or the same part of it with more rules, or with the same rules but more
    // cells (Sauvola's faded stretches of a rule merged cells)
    let (area, shape_area) = (ruled_area(&tables), ruled_area(&by_shape));
    let seen = |t: &[Grid]| (t.iter().map(|g| g.xs.len() + g.ys.len()).sum::<usize>(), grid_cells(t));
    if shape_area > area * 1.1 || (shape_area >= area * 0.95 && seen(&by_shape) > seen(&tables)) {
        tables = by_shape;
    }
    (!tables.is_empty()).then_some((level, mask, tables, angle))
}

/// The tables whose rules [`paper::rule_masks`] finds by their shape on the
/// levelled page; `ink` is the page's binarised print and rules.
fn tables_by_shape(level: &GrayImage, ink: &[bool], dpi: u32) -> Vec<Grid> {
    let (rules, printed) = paper::rule_masks(level, dpi);
    let ink: Vec<bool> = ink.iter().zip(&printed).map(|(&a, &b)| a || b).collect();
    grid::find_tables_ruled(&rules, &ink, level.width, level.height, dpi)
}

/// Grid cells of a page's tables.
fn grid_cells(tables: &[Grid]) -> usize {
    tables.iter().map(|t| t.cells.len()).sum()
}

/// How much of the page a finder saw ruled (pixels inside its tables'
/// frames): two finders that see the same tables see the same area, however
/// they part tables printed one under the other.
fn ruled_area(tables: &[Grid]) -> f32 {
    tables
        .iter()
        .map(|t| {
            let (x0, y0, x1, y1) = t.bbox();
            (x1 - x0).max(0.0) * (y1 - y0).max(0.0)
        })
        .sum()
}

/// What OCR made of one merged table cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellText {
    /// Words joined by single spaces (lines of a wrapped cell joined too).
    pub text: String,
    /// Mean word confidence, when any word was read.
    pub confidence: Option<f32>,
    /// Box of the cell's ink (dust removed) in levelled-image pixels.
    pub ink: Option<[f32; 4]>,
    /// The second reading the text comes from, if any.
    pub reread: Option<Reread>,
}

/// A connected ink component: its box (exclusive ends), area and pixels.
struct Comp {
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
    area: usize,
    pixels: Vec<usize>,
    /// Big, tall or dash-like (not dust), and not a sliver of ruling on the border.
    content: bool,
}

/// Connected components (4-neighbour) of a mask, classified as content or dust.
fn components(mask: &[bool], w: usize, h: usize, dpi: u32) -> Vec<Comp> {
    let mut out = Vec::new();
    if mask.len() != w * h {
        return out;
    }
    let s = dpi as f32 / 200.0;
    let min_area = (20.0 * s * s) as usize;
    let tall = (10.0 * s) as usize;
    let dash_w = (6.0 * s).max(3.0) as usize;
    let mut seen = vec![false; mask.len()];
    let mut stack = Vec::new();
    for start in 0..mask.len() {
        if !mask[start] || seen[start] {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let mut pixels = Vec::new();
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0usize, 0usize);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            pixels.push(i);
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
        let area = pixels.len();
        let (bw, bh) = (x1 - x0 + 1, y1 - y0 + 1);
        let on_border = x0 == 0 || y0 == 0 || x1 + 1 == w || y1 + 1 == h;
        let sliver = on_border && (bw <= 4 || bh <= 4);
        let content = !sliver && (area >= min_area || bh >= tall || (bw >= dash_w && bw >= 2 * bh));
        out.push(Comp { x0, y0, x1: x1 + 1, y1: y1 + 1, area, pixels, content });
    }
    out
}

/// Bounding box (x0, y0, x1, y1 exclusive) of the ink in a mask that is not
/// dust: connected components that are big, tall, or dash-like; thin slivers
/// on the border (leftover ruling) are ignored.
pub fn content_box(mask: &[bool], w: usize, h: usize, dpi: u32) -> Option<(usize, usize, usize, usize)> {
    components(mask, w, h, dpi).iter().filter(|c| c.content).fold(None, |acc, c| {
        Some(match acc {
            None => (c.x0, c.y0, c.x1, c.y1),
            Some((a, b, cc, d)) => (a.min(c.x0), b.min(c.y0), cc.max(c.x1), d.max(c.y1)),
        })
    })
}

/// For every pixel of a mask, the index of the component holding it
/// (`usize::MAX` for paper).
fn component_map(comps: &[Comp], len: usize) -> Vec<usize> {
    let mut owner = vec![usize::MAX; len];
    for (ci, k) in comps.iter().enumerate() {
        for &i in &k.pixels {
            if let Some(o) = owner.get_mut(i) {
                *o = ci;
            }
        }
    }
    owner
}

/// True when a speck lies in the hole of one glyph: the same content
/// component is met going left, right, up and down from the speck's centre.
fn in_a_hole(k: &Comp, owner: &[usize], w: usize, h: usize) -> bool {
    let (cx, cy) = ((k.x0 + k.x1) / 2, (k.y0 + k.y1) / 2);
    let at = |x: usize, y: usize| owner.get(y * w + x).copied().unwrap_or(usize::MAX);
    let own = at(cx, cy);
    let first = |steps: &mut dyn Iterator<Item = (usize, usize)>| steps.map(|(x, y)| at(x, y)).find(|&o| o != usize::MAX && o != own);
    let left = first(&mut (0..k.x0).rev().map(|x| (x, cy)));
    let right = first(&mut (k.x1..w).map(|x| (x, cy)));
    let up = first(&mut (0..k.y0).rev().map(|y| (cx, y)));
    let down = first(&mut (k.y1..h).map(|y| (cx, y)));
    match (left, right, up, down) {
        (Some(a), Some(b), Some(c), Some(d)) => a == b && b == c && c == d,
        _ => false,
    }
}

/// A cell image waiting for OCR.
struct Job {
    table: usize,
    cell: usize,
    image: GrayImage,
    /// The content is one text line high.
    single_line: bool,
    /// The content's box in the levelled page (pixels).
    ink: [f32; 4],
}

/// A cell's interior on the levelled page, in whole pixels (ends exclusive).
#[derive(Debug, Clone, Copy)]
struct PixelBox {
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
}

/// The pixels inside a grid cell's rules (an inverted box collapses to its start).
fn pixel_box(t: &Grid, c: &crate::extract::grid::GridCell) -> PixelBox {
    let [x0, y0, x1, y1] = t.interior(c).map(|v| v.max(0.0) as usize);
    PixelBox { x0, y0, x1: x1.max(x0), y1: y1.max(y0) }
}

/// One cell's content, ready for OCR.
struct CellCrop {
    /// The content with a margin, dust painted over.
    image: GrayImage,
    /// The content is one text line high.
    single_line: bool,
    /// The content's box in the levelled page (pixels).
    ink: [f32; 4],
    /// The only mark is one short horizontal stroke: a printed dash, which
    /// Tesseract, given nothing around it, reads as a figure ("5", "1").
    lone_dash: bool,
}

/// The crop of one cell's content; `None` for an empty cell.
fn cell_crop(level: &GrayImage, mask: &[bool], c: PixelBox, dpi: u32, paper: u8) -> Option<CellCrop> {
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
    let comps = components(&sub, w, h, dpi);
    let content: Vec<&Comp> = comps.iter().filter(|k| k.content).collect();
    let (bx0, by0, bx1, by1) = content.iter().fold(None, |acc: Option<(usize, usize, usize, usize)>, k| {
        Some(match acc {
            None => (k.x0, k.y0, k.x1, k.y1),
            Some((a, b, cc, d)) => (a.min(k.x0), b.min(k.y0), cc.max(k.x1), d.max(k.y1)),
        })
    })?;
    // dust: small specks away from every glyph (periods, commas and accents
    // sit close to one), and specks in a glyph's hole (a dot inside a "0"
    // makes it a "9"; no mark of the script sits there)
    let near = (0.03 * dpi as f32).max(4.0) as usize;
    let mut cell = level.crop(c.x0, c.y0, c.x1, c.y1);
    // which component holds each pixel: made only when a speck sits near a glyph
    let mut owner: Option<Vec<usize>> = None;
    for k in comps.iter().filter(|k| !k.content) {
        let close = content.iter().any(|g| k.x0 < g.x1 + near && g.x0 < k.x1 + near && k.y0 < g.y1 + near && g.y0 < k.y1 + near);
        let dust = !close || in_a_hole(k, owner.get_or_insert_with(|| component_map(&comps, w * h)), w, h);
        if dust && k.area > 0 {
            for &i in &k.pixels {
                if let Some(p) = cell.data.get_mut(i) {
                    *p = paper;
                }
            }
        }
    }
    let m = (0.06 * dpi as f32) as usize;
    let x0 = bx0.saturating_sub(m);
    let y0 = by0.saturating_sub(m);
    let x1 = (bx1 + m).min(w);
    let y1 = (by1 + m).min(h);
    let single_line = (by1 - by0) as f32 <= 0.17 * dpi as f32;
    let ink = [(c.x0 + bx0) as f32, (c.y0 + by0) as f32, (c.x0 + bx1) as f32, (c.y0 + by1) as f32];
    let lone_dash = match content.as_slice() {
        [k] => {
            let (kw, kh) = ((k.x1 - k.x0) as f32, (k.y1 - k.y0) as f32);
            kw >= 2.0 * kh && kh <= 0.03 * dpi as f32 && kw <= 0.2 * dpi as f32
        }
        _ => false,
    };
    Some(CellCrop { image: cell.crop(x0, y0, x1, y1), single_line, ink, lone_dash })
}

/// Where one job sits in a strip.
struct Slot {
    job: usize,
    x: usize,
    y: usize,
    w: usize,
    h: usize,
}

/// Lays jobs out in strips: single-line cells side by side on shared lines
/// (Tesseract reads a lone glyph badly, a line of them well), taller cells on
/// lines of their own, white gaps between all of them.
fn layout(jobs: &[&Job], dpi: u32) -> (Vec<Vec<Slot>>, usize, usize) {
    let vgap = ((0.15 * dpi as f32) as usize).max(20);
    let hgap = ((0.35 * dpi as f32) as usize).max(40);
    let margin = vgap;
    let max_h = 20_000usize;
    let max_w = jobs.iter().map(|j| j.image.width).max().unwrap_or(0).max((8.0 * dpi as f32) as usize);
    let mut strips: Vec<Vec<Slot>> = vec![Vec::new()];
    let (mut x, mut y, mut line_h) = (margin, margin, 0usize);
    for (i, job) in jobs.iter().enumerate() {
        let (w, h) = (job.image.width, job.image.height);
        let new_line = !job.single_line || x + w > max_w + margin || line_h == 0;
        if new_line && line_h > 0 {
            y += line_h + vgap;
            x = margin;
            line_h = 0;
        }
        if y + h > max_h && strips.last().is_some_and(|s| !s.is_empty()) {
            strips.push(Vec::new());
            x = margin;
            y = margin;
            line_h = 0;
        }
        if let Some(s) = strips.last_mut() {
            s.push(Slot { job: i, x, y, w, h });
        }
        if job.single_line {
            x += w + hgap;
            line_h = line_h.max(h);
        } else {
            y += h + vgap;
            x = margin;
            line_h = 0;
        }
    }
    (strips, hgap, vgap)
}

/// Pastes jobs into strips (see [`layout`]), OCRs each strip once and gives
/// each job the words whose centres fall in its slot (in reading order).
fn ocr_batched(
    jobs: &[&Job],
    dpi: u32,
    paper: u8,
    whitelist: Option<&str>,
    dir: &Path,
    tag: &str,
    deadline: Option<Instant>,
) -> Result<Vec<Vec<Word>>, DocError> {
    let mut out = vec![Vec::new(); jobs.len()];
    let (strips, hgap, vgap) = layout(jobs, dpi);
    // Tesseract reads small print best near 300 dpi: enlarge lower-resolution scans
    let scale = (300.0 / dpi as f32).clamp(1.0, 2.0);
    for (strip_no, slots) in strips.iter().enumerate() {
        if slots.is_empty() {
            continue;
        }
        let width = slots.iter().map(|s| s.x + s.w).max().unwrap_or(0) + vgap;
        let height = slots.iter().map(|s| s.y + s.h).max().unwrap_or(0) + vgap;
        let mut strip = GrayImage::filled(width.min(image::MAX_SIDE), height.min(image::MAX_SIDE), paper);
        for s in slots {
            if let Some(j) = jobs.get(s.job) {
                strip.paste(&j.image, s.x, s.y);
            }
        }
        let path = dir.join(format!("{tag}-{strip_no}.pgm"));
        let strip = if scale != 1.0 { strip.scale(scale) } else { strip };
        strip.write_pgm(&path)?;
        let mut words = tesseract::ocr_words(&path, &TessParams { psm: 6, dpi: (dpi as f32 * scale) as u32, whitelist }, deadline)?;
        for w in &mut words {
            w.left = (w.left as f32 / scale) as i32;
            w.top = (w.top as f32 / scale) as i32;
            w.width = (w.width as f32 / scale) as i32;
            w.height = (w.height as f32 / scale) as i32;
        }
        if let Ok(d) = std::env::var("TRICHXUAT_OCR_DEBUG") {
            let _ = std::fs::copy(&path, Path::new(&d).join(format!("{tag}-{strip_no}.pgm")));
            let dump: String =
                words.iter().map(|w| format!("{} {} {} {} {:.0} {}\n", w.left, w.top, w.width, w.height, w.conf, w.text)).collect();
            let _ = std::fs::write(Path::new(&d).join(format!("{tag}-{strip_no}.words")), dump);
        }
        let _ = std::fs::remove_file(&path);
        let (hx, hy) = ((hgap / 2) as i64, (vgap / 2) as i64);
        for wd in words {
            let (cx, cy) = (wd.cx() as i64, wd.cy() as i64);
            let hit = slots
                .iter()
                .find(|s| cx >= s.x as i64 - hx && cx < (s.x + s.w) as i64 + hx && cy >= s.y as i64 - hy && cy < (s.y + s.h) as i64 + hy);
            if let Some(v) = hit.and_then(|s| out.get_mut(s.job)) {
                v.push(wd);
            }
        }
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
    CellText { text, confidence: Some(conf), ink: None, reread: None }
}

/// Rows of figures on a scanned page read without a table grid: the table's
/// rules did not survive the scan (or were never printed), so its figures
/// were read as plain lines, their columns unknown. The count of such lines
/// when at least [`UNGRIDDED_MIN_LINES`] lines each hold three or more
/// figures and no line of the page was read cell by cell; the caller turns it
/// into a warning, so a page whose tables could not be found says so.
pub fn figure_rows_without_grid(page: &Page) -> Option<usize> {
    if page.lines.iter().any(|l| l.tabular) {
        return None;
    }
    let rows = page.lines.iter().filter(|l| table_figures(&l.text) >= 3).count();
    (rows >= UNGRIDDED_MIN_LINES).then_some(rows)
}

/// Figures of a line as a table row prints them: not the day, month and year
/// of a date ("ngày 18 tháng 02 năm 2014", "giai đoạn 2016 - 2020"), nor a
/// document's number ("số 45"), nor a single digit (a row number).
fn table_figures(text: &str) -> usize {
    let mut prev = String::new();
    let mut n = 0;
    for w in text.split_whitespace() {
        let w = w.trim_end_matches([';', ':']);
        let bare_year = w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1900..=2100).contains(&y));
        let dated = matches!(prev.as_str(), "ngay" | "thang" | "nam" | "so");
        if w.len() >= 2 && looks_numeric(w) && !bare_year && !dated {
            n += 1;
        }
        prev = crate::normalize::fold(w);
    }
    n
}

/// Fewest lines of figures that make a page without a grid look like a table
/// (a paragraph quoting a few figures is not one).
pub const UNGRIDDED_MIN_LINES: usize = 4;

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

/// Median of the paper (samples lighter than the ink threshold).
fn paper_level(img: &GrayImage, threshold: u8) -> u8 {
    let mut hist = [0u64; 256];
    for &v in img.data.iter().step_by(7) {
        if v > threshold {
            hist[v as usize] += 1;
        }
    }
    let total: u64 = hist.iter().sum();
    let mut acc = 0;
    for (v, &c) in hist.iter().enumerate() {
        acc += c;
        if acc * 2 >= total && total > 0 {
            return v as u8;
        }
    }
    255
}

/// True for a short cell text that may be a misread figure: no word of three
/// or more letters, not a Roman numeral, at most a dozen characters.
fn may_be_figure(text: &str) -> bool {
    let t = text.trim();
    let roman = !t.is_empty() && t.trim_end_matches('.').chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'));
    !t.is_empty()
        && t.chars().count() <= 12
        && !roman
        && !t.split_whitespace().any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
}

/// Puts back decimal/thousands marks Tesseract dropped from a figure read as
/// bare digits ("1.1" read "11"): when the cell image shows exactly one ink
/// component per digit, and small marks on the baseline between some of them,
/// those marks are inserted (a mark reaching below the baseline is a comma).
/// Returns `None` when the image does not say so unambiguously.
fn restore_separators(img: &GrayImage, threshold: u8, text: &str, dpi: u32) -> Option<String> {
    let digits: Vec<char> = text.chars().collect();
    if digits.len() < 2 || !digits.iter().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mask = img.binarize(threshold);
    let comps = components(&mask, img.width, img.height, dpi);
    let tallest = comps.iter().map(|c| c.y1 - c.y0).max()? as f32;
    let mut glyphs: Vec<&Comp> = comps.iter().filter(|c| (c.y1 - c.y0) as f32 >= 0.6 * tallest).collect();
    if glyphs.len() != digits.len() {
        return None;
    }
    glyphs.sort_by_key(|c| c.x0);
    let baseline = glyphs.iter().map(|g| g.y1).max()? as f32;
    let mut out = String::new();
    for (i, (g, d)) in glyphs.iter().zip(&digits).enumerate() {
        out.push(*d);
        let Some(next) = glyphs.get(i + 1) else { break };
        let marks: Vec<&Comp> = comps
            .iter()
            .filter(|c| {
                let (w, h) = ((c.x1 - c.x0) as f32, (c.y1 - c.y0) as f32);
                h < 0.45 * tallest
                    && w < 0.6 * tallest
                    && c.y1 as f32 >= baseline - 0.25 * tallest
                    && c.x0 + 1 >= g.x1
                    && c.x1 <= next.x0 + 1
            })
            .collect();
        match marks.as_slice() {
            [] => {}
            [m] => out.push(if m.y1 as f32 > baseline + 0.08 * tallest { ',' } else { '.' }),
            _ => return None,
        }
    }
    (out.len() > text.len()).then_some(out)
}

/// True for digits in groups separated by single `.` or `,`, optionally signed.
fn well_formed_figure(text: &str) -> bool {
    let t = text.strip_prefix('-').unwrap_or(text);
    !t.is_empty() && t.split(['.', ',']).all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()))
}

/// OCRs every non-empty cell of the page's tables: one batched pass for all
/// cells, then a digits-only pass for the cells that hold figures (those that
/// read as figures, and doubtful short cells in columns that mostly hold figures).
#[allow(clippy::too_many_arguments)]
fn ocr_table_cells(
    level: &GrayImage,
    mask: &[bool],
    tables: &[Grid],
    dpi: u32,
    paper: u8,
    threshold: u8,
    dir: &Path,
    deadline: Option<Instant>,
) -> Result<Vec<Vec<CellText>>, DocError> {
    let mut result: Vec<Vec<CellText>> = tables.iter().map(|t| vec![CellText::default(); t.cells.len()]).collect();
    let mut jobs = Vec::new();
    for (ti, t) in tables.iter().enumerate() {
        for (ci, c) in t.cells.iter().enumerate() {
            match cell_crop(level, mask, pixel_box(t, c), dpi, paper) {
                Some(crop) if crop.lone_dash => {
                    if let Some(slot) = result.get_mut(ti).and_then(|v| v.get_mut(ci)) {
                        *slot = CellText { text: "-".to_string(), ink: Some(crop.ink), ..CellText::default() };
                    }
                }
                Some(CellCrop { image, single_line, ink, .. }) => jobs.push(Job { table: ti, cell: ci, image, single_line, ink }),
                None => {}
            }
        }
    }
    if jobs.is_empty() {
        return Ok(result);
    }
    let all: Vec<&Job> = jobs.iter().collect();
    let words = ocr_batched(&all, dpi, paper, None, dir, "cells", deadline)?;
    let first: Vec<CellText> = words.iter().zip(&jobs).map(|(w, j)| CellText { ink: Some(j.ink), ..join_words(w) }).collect();
    // columns (table, grid column) where most single-line cells read as figures
    let mut votes: std::collections::HashMap<(usize, usize), (usize, usize)> = Default::default();
    for (job, ct) in jobs.iter().zip(&first) {
        let col = tables.get(job.table).and_then(|t| t.cells.get(job.cell)).map(|c| (c.col, c.cols));
        if let Some((col, 1)) = col {
            if job.single_line && !ct.text.is_empty() {
                let e = votes.entry((job.table, col)).or_default();
                e.1 += 1;
                if looks_numeric(&ct.text) {
                    e.0 += 1;
                }
            }
        }
    }
    let figure_column = |job: &Job| -> bool {
        let col = tables.get(job.table).and_then(|t| t.cells.get(job.cell)).map(|c| c.col);
        col.and_then(|c| votes.get(&(job.table, c))).is_some_and(|&(num, all)| num * 5 >= all * 3)
    };
    let mut numeric: Vec<&Job> = Vec::new();
    let mut sure: Vec<bool> = Vec::new();
    for (job, ct) in jobs.iter().zip(&first) {
        if let Some(slot) = result.get_mut(job.table).and_then(|v| v.get_mut(job.cell)) {
            *slot = ct.clone();
        }
        if !job.single_line {
            continue;
        }
        if looks_numeric(&ct.text) {
            numeric.push(job);
            sure.push(true);
        } else if figure_column(job)
            && (ct.text.is_empty() || may_be_figure(&ct.text))
            && (ct.confidence.unwrap_or(0.0) < 90.0 || ct.text.chars().any(|c| c.is_ascii_digit()))
        {
            numeric.push(job);
            sure.push(false);
        }
    }
    if !numeric.is_empty() {
        let words = ocr_batched(&numeric, dpi, paper, Some(DIGITS_WHITELIST), dir, "digits", deadline)?;
        for ((job, w), sure) in numeric.iter().zip(&words).zip(&sure) {
            let ct = CellText { ink: Some(job.ink), ..join_words(w) };
            let before = result.get(job.table).and_then(|v| v.get(job.cell));
            // a clean figure read with more confidence the first time stays
            let keep_first = before.is_some_and(|b| {
                well_formed_figure(&b.text) && (!well_formed_figure(&ct.text) || b.confidence.unwrap_or(0.0) > ct.confidence.unwrap_or(0.0))
            });
            // a doubtful cell takes the digits reading only when it is a figure
            if !ct.text.is_empty() && !keep_first && (*sure || looks_numeric(&ct.text)) {
                if let Some(slot) = result.get_mut(job.table).and_then(|v| v.get_mut(job.cell)) {
                    let changed = slot.text != ct.text;
                    *slot = CellText { reread: changed.then_some(Reread::Digits), ..ct };
                }
            }
        }
    }
    // marks Tesseract dropped between digits, when the image shows them
    for job in &jobs {
        if !job.single_line {
            continue;
        }
        if let Some(slot) = result.get_mut(job.table).and_then(|v| v.get_mut(job.cell)) {
            if let Some(fixed) = restore_separators(&job.image, threshold, &slot.text, dpi) {
                slot.text = fixed;
                slot.reread = Some(Reread::Separators);
            }
        }
    }
    Ok(result)
}

/// One tabular line per grid row: a cell per grid column, a merged cell's
/// text in its first row and column, rows with no text skipped.
fn table_lines(t: &Grid, texts: &[CellText], page_number: u32, to_page: &ToPage) -> Vec<(f32, Line)> {
    let (nr, nc) = (t.rows(), t.cols());
    let mut out = Vec::new();
    for r in 0..nr {
        let mut cells: Vec<Cell> =
            (0..nc).map(|c| Cell { x0: t.xs.get(c).copied(), x1: t.xs.get(c + 1).copied(), ..Cell::default() }).collect();
        for (gc, ct) in t.cells.iter().zip(texts) {
            if gc.row == r {
                if let Some(cell) = cells.get_mut(gc.col) {
                    cell.text = nfc(&ct.text);
                    cell.confidence = ct.confidence;
                    cell.reread = ct.reread;
                    cell.x1 = t.xs.get(gc.col + gc.cols).copied();
                    let b = pixel_box(t, gc);
                    cell.frame = Some(to_page.bbox([b.x0 as f32, b.y0 as f32, b.x1 as f32, b.y1 as f32]));
                    cell.bbox = ct.ink.filter(|_| !ct.text.trim().is_empty()).map(|b| to_page.bbox(b));
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
fn prose_lines(words: &[Word], page_number: u32, to_page: &ToPage) -> Vec<(f32, Line)> {
    type Group<'a> = ((u32, u32, u32), Vec<&'a Word>);
    let mut groups: Vec<Group> = Vec::new();
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
        let y1 = ws.iter().map(|w| w.top + w.height).max().unwrap_or(0) as f32;
        let bbox = Some(to_page.bbox([x0, y, x1, y1]));
        let text = nfc(&ct.text);
        out.push((
            y,
            Line {
                page: page_number,
                number: 0,
                text: text.clone(),
                cells: vec![Cell { text, x0: Some(x0), x1: Some(x1), confidence: ct.confidence, bbox, frame: None, reread: ct.reread }],
                tabular: false,
                y: Some(y),
            },
        ));
    }
    out
}

#[cfg(test)]
mod tests;
