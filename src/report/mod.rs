//! The review report (`trichxuat report OUT`): `OUT/report/index.html` lists
//! every document of an output folder (metadata, counts, checks by status,
//! warnings); a page per document shows each table as a grid beside a crop
//! of the page it was read from, the cell under the pointer outlined on the
//! crop, the cells of `mismatch` checks red, `inferred` blue, low OCR
//! confidence amber, corrected cells marked, and every check with the cells it
//! compares and, where it failed, a ready-to-fill `corrections.csv` line.
//!
//! Why: a check that says "page 16, line 579" leaves a reviewer searching the
//! page; with the figure outlined on its crop a province's plan is verified
//! in minutes, and the correction goes back through `--corrections`.
//!
//! Everything works offline and opens from disk: CSS and a little JavaScript
//! are inline, page crops are PNG files beside the HTML (rendered by
//! `pdftoppm` from poppler-utils; without it, or without the source PDF, the
//! grids are shown alone). The JSON files are the only input.

mod html;

use crate::output::json::DocJson;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Why the report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The output folder could not be read or the report not written.
    #[error("{op} {path}: {source}")]
    Io {
        op: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The folder holds no document JSON.
    #[error("{0}: no document JSON files (run `trichxuat extract … --out {0}` first)")]
    Empty(String),
}

fn io<'a>(op: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> ReportError + 'a {
    move |source| ReportError::Io { op, path: path.to_path_buf(), source }
}

/// Reads the document JSON files of an output folder (not the run manifest,
/// not files that are no document), sorted by doc_id.
fn read_docs(out: &Path) -> Result<Vec<(DocJson, Option<std::time::SystemTime>)>, ReportError> {
    let mut docs = Vec::new();
    for entry in std::fs::read_dir(out).map_err(io("read", out))? {
        let entry = entry.map_err(io("read", out))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if !name.ends_with(".json") || name == "manifest.json" || name.starts_with('.') {
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else { continue };
        if let Ok(doc) = serde_json::from_slice::<DocJson>(&bytes) {
            docs.push((doc, entry.metadata().and_then(|m| m.modified()).ok()));
        }
    }
    docs.sort_by(|a, b| a.0.doc_id.cmp(&b.0.doc_id));
    Ok(docs)
}

/// Writes `OUT/report/` for the output folder `out` and returns the number of
/// documents in it. Page crops are rendered in parallel; a document whose
/// source PDF is gone still gets its page, without crops.
pub fn write_report(out: &Path) -> Result<usize, ReportError> {
    let docs = read_docs(out)?;
    if docs.is_empty() {
        return Err(ReportError::Empty(out.display().to_string()));
    }
    let dir = out.join("report");
    let img = dir.join("img");
    std::fs::create_dir_all(&img).map_err(io("create", &img))?;
    let pdftoppm = which("pdftoppm");
    let pages: Vec<Result<(), ReportError>> = docs
        .par_iter()
        .map(|(d, written)| {
            let crops = if pdftoppm { render_crops(d, &img, *written) } else { Vec::new() };
            let page = html::document_page(d, &crops);
            let path = dir.join(html::page_name(&d.doc_id));
            write_atomic(&path, page.as_bytes())
        })
        .collect();
    for p in pages {
        p?;
    }
    let docs: Vec<DocJson> = docs.into_iter().map(|(d, _)| d).collect();
    let index = html::index_page(&docs);
    write_atomic(&dir.join("index.html"), index.as_bytes())?;
    Ok(docs.len())
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(io("write", &tmp))?;
    std::fs::rename(&tmp, path).map_err(io("rename", path))
}

fn which(tool: &str) -> bool {
    std::process::Command::new(tool).arg("-v").stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).status().is_ok()
}

/// Pixels per point of the crops (100 dpi): sharp enough to read a figure,
/// small enough that a province's plan stays a few MB.
pub const PX_PER_PT: f64 = 100.0 / 72.0;

/// A rendered crop of one table on one page.
#[derive(Debug, Clone, PartialEq)]
pub struct Crop {
    pub table: String,
    pub page: u32,
    /// File name under `report/img/`.
    pub file: String,
    /// The page region shown, in points `[x0, y0, x1, y1]`.
    pub region: [f64; 4],
}

/// The region of each table on each of its pages: the union of its cells'
/// boxes with a margin.
pub fn table_regions(d: &DocJson) -> Vec<(String, u32, [f64; 4])> {
    let mut out: Vec<(String, u32, [f64; 4])> = Vec::new();
    for t in &d.tables {
        for c in &t.cells {
            let Some(b) = c.bbox.as_deref() else { continue };
            if b.len() != 4 {
                continue;
            }
            match out.iter_mut().find(|(id, p, _)| *id == t.id && *p == c.page) {
                Some((_, _, r)) => *r = [r[0].min(b[0]), r[1].min(b[1]), r[2].max(b[2]), r[3].max(b[3])],
                None => out.push((t.id.clone(), c.page, [b[0], b[1], b[2], b[3]])),
            }
        }
    }
    for (_, _, r) in &mut out {
        *r = [(r[0] - 8.0).max(0.0), (r[1] - 8.0).max(0.0), r[2] + 8.0, r[3] + 8.0];
    }
    out
}

/// Renders every table region of a PDF document with `pdftoppm` (`-x -y -W
/// -H` crop at 100 dpi); regions whose rendering fails are left out. A crop
/// already rendered after the document's JSON was written is reused, so a
/// report run again over a large folder only renders what changed.
fn render_crops(d: &DocJson, img: &Path, written: Option<std::time::SystemTime>) -> Vec<Crop> {
    let src = Path::new(&d.source.file);
    if d.source.pages.is_none() || !src.is_file() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (table, page, r) in table_regions(d) {
        let stem = format!("{}-{}-p{}", html::file_slug(&d.doc_id), html::file_slug(&table), page);
        let file = img.join(format!("{stem}.png"));
        let fresh = match (written, std::fs::metadata(&file).and_then(|m| m.modified())) {
            (Some(w), Ok(c)) => c >= w,
            _ => false,
        };
        if fresh {
            out.push(Crop { table, page, file: format!("{stem}.png"), region: r });
            continue;
        }
        let px = |v: f64| ((v * PX_PER_PT).round() as i64).max(0).to_string();
        let status = std::process::Command::new("pdftoppm")
            .args(["-png", "-r", "100", "-singlefile"])
            .args(["-f", &page.to_string(), "-l", &page.to_string()])
            .args(["-x", &px(r[0]), "-y", &px(r[1]), "-W", &px(r[2] - r[0]), "-H", &px(r[3] - r[1])])
            .arg(src)
            .arg(img.join(&stem))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
        if status.is_ok_and(|s| s.success()) && img.join(format!("{stem}.png")).is_file() {
            out.push(Crop { table, page, file: format!("{stem}.png"), region: r });
        }
    }
    out
}

#[cfg(test)]
mod tests;
