//! Reading a table cell again, other ways than the first time, when a total it
//! takes part in breaks. Which reading is kept is not decided here: the
//! pipeline keeps one only when every total the cell takes part in then holds.

use super::image::{self, GrayImage};
use super::{cell_crop, join_words, ocr_batched, paper_level, Job, PixelBox, DIGITS_WHITELIST};
use crate::error::DocError;
use crate::extract::ExtractOptions;
use crate::model::BBox;
use std::time::Instant;

/// A scanned cell to read again.
#[derive(Debug, Clone, PartialEq)]
pub struct CellOnScan {
    /// 1-based page.
    pub page: u32,
    /// The ruled cell's box in page points (`Cell::frame`).
    pub frame: BBox,
    /// Quarter turns that made the page upright (`Page::turns`).
    pub turns: u32,
}

/// Other readings of each cell, in order of trust and without repeats: the
/// cell cropped from the page as stored (no deskew) with dust painted over,
/// then the same crop thresholded hard and enlarged, both as figures
/// (digits, separators, dash). A cell whose only mark is a short stroke
/// reads "-". Pages that cannot be decoded give no readings.
pub fn reread_cells(pdf: &lopdf::Document, cells: &[CellOnScan], opts: &ExtractOptions) -> Result<Vec<Vec<String>>, DocError> {
    let deadline = opts.timeout.map(|t| Instant::now() + t);
    let mut out = vec![Vec::new(); cells.len()];
    let pages = pdf.get_pages();
    let work = tempfile::Builder::new().prefix("trichxuat-reread").tempdir()?;
    let mut numbers: Vec<u32> = cells.iter().map(|c| c.page).collect();
    numbers.sort_unstable();
    numbers.dedup();
    for number in numbers {
        let Some(&id) = pages.get(&number) else { continue };
        let Ok(pimg) = image::page_image(pdf, number, id, opts.max_stream_bytes, deadline) else { continue };
        let dpi = pimg.dpi.max(1);
        let mut cleaned: Vec<Job> = Vec::new();
        let mut hard: Vec<Job> = Vec::new();
        // the strip of cleaned crops is filled with the first crop's paper grey
        let mut cleaned_paper = None;
        for (i, c) in cells.iter().enumerate().filter(|(_, c)| c.page == number) {
            let Some(crop) = cell_image(&pimg.image, dpi, c) else { continue };
            let threshold = crop.otsu_threshold();
            let mask = crop.binarize(threshold);
            let paper = paper_level(&crop, threshold);
            // the frame is the ruled cell: step inside its rules
            let inset = ((0.02 * dpi as f32) as usize).max(2);
            let inner = PixelBox { x0: inset, y0: inset, x1: crop.width.saturating_sub(inset), y1: crop.height.saturating_sub(inset) };
            let Some(content) = cell_crop(&crop, &mask, inner, dpi, paper) else { continue };
            if content.lone_dash {
                out[i].push("-".to_string());
                continue;
            }
            let mut bw = content.image.clone();
            let t = bw.otsu_threshold();
            for v in bw.data.iter_mut() {
                *v = if *v <= t { 0 } else { 255 };
            }
            cleaned_paper.get_or_insert_with(|| paper_level(&content.image, t));
            hard.push(Job { table: i, cell: 0, image: bw.scale(1.5), single_line: true, ink: content.ink });
            cleaned.push(Job { table: i, cell: 0, image: content.image, single_line: true, ink: content.ink });
        }
        let strips = [(&cleaned, dpi, cleaned_paper.unwrap_or(255), "cleaned"), (&hard, (dpi as f32 * 1.5) as u32, 255, "hard")];
        for (jobs, dpi_read, paper, tag) in strips {
            if jobs.is_empty() {
                continue;
            }
            let refs: Vec<&Job> = jobs.iter().collect();
            let words = ocr_batched(&refs, dpi_read, paper, Some(DIGITS_WHITELIST), work.path(), tag, deadline)?;
            for (job, w) in jobs.iter().zip(&words) {
                let text = join_words(w).text;
                if !text.is_empty() && !out[job.table].contains(&text) {
                    out[job.table].push(text);
                }
            }
        }
    }
    Ok(out)
}

/// The cell's box cut from the page image as stored, turned upright.
fn cell_image(img: &GrayImage, dpi: u32, c: &CellOnScan) -> Option<GrayImage> {
    let px = dpi as f32 / 72.0;
    let [x0, y0, x1, y1] = c.frame.map(|v| (v * px).max(0.0) as usize);
    let (x1, y1) = (x1.min(img.width), y1.min(img.height));
    if x1 <= x0 + 4 || y1 <= y0 + 4 {
        return None;
    }
    let crop = img.crop(x0, y0, x1, y1);
    Some(if c.turns.is_multiple_of(4) { crop } else { crop.rotate90(c.turns % 4) })
}
