//! On-disk cache of OCR results: SHA-256 of the page image (and the OCR
//! settings version) → the page as JSON, so re-runs skip Tesseract.

use crate::model::Page;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Bump whenever OCR output for the same image would change.
pub const SETTINGS_VERSION: &str = "ocr-v9";

/// Cache key for one page image at a resolution.
pub fn key(image_bytes: &[u8], dpi: u32) -> String {
    let mut h = Sha256::new();
    h.update(SETTINGS_VERSION.as_bytes());
    h.update(dpi.to_le_bytes());
    h.update(image_bytes);
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn path(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("{key}.json"))
}

/// The cached page for `key`, renumbered as `page_number`; `None` on a miss or
/// an unreadable entry.
pub fn load(dir: &Path, key: &str, page_number: u32) -> Option<Page> {
    let bytes = std::fs::read(path(dir, key)).ok()?;
    let mut page: Page = serde_json::from_slice(&bytes).ok()?;
    page.number = page_number;
    for l in &mut page.lines {
        l.page = page_number;
    }
    Some(page)
}

/// Stores a page (write to a temporary name, then rename, so readers never
/// see half a file). Failures are ignored: the cache is an optimisation.
pub fn store(dir: &Path, key: &str, page: &Page) {
    let Ok(json) = serde_json::to_vec(page) else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = dir.join(format!("{key}.{}.tmp", std::process::id()));
    if std::fs::write(&tmp, json).is_ok() && std::fs::rename(&tmp, path(dir, key)).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cell, Line, PageRoute};

    #[test]
    fn store_then_load_renumbers() {
        let dir = tempfile::tempdir().unwrap();
        let k = key(b"image bytes", 200);
        assert_ne!(k, key(b"image bytes", 300));
        assert!(load(dir.path(), &k, 1).is_none());
        let page = Page {
            number: 3,
            route: PageRoute::Ocr,
            landscape: false,
            turns: 0,
            lines: vec![Line {
                page: 3,
                number: 1,
                text: "1\t520".into(),
                cells: vec![Cell { text: "1".into(), ..Default::default() }, Cell { text: "520".into(), ..Default::default() }],
                tabular: true,
                y: Some(10.0),
            }],
        };
        store(dir.path(), &k, &page);
        let back = load(dir.path(), &k, 7).unwrap();
        assert_eq!(back.number, 7);
        assert_eq!(back.lines[0].page, 7);
        assert_eq!(back.lines[0].text, "1\t520");
    }
}
