//! Running the `tesseract` command (one thread per process, killed at the
//! deadline) and reading its TSV word boxes.

use crate::error::DocError;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The message every "Tesseract is not usable" error carries.
pub const INSTALL_HINT: &str = "install tesseract-ocr and tesseract-ocr-vie";

/// One recognised word with its box in the image Tesseract was given.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// Block number from Tesseract's layout analysis.
    pub block: u32,
    /// Paragraph number within the block.
    pub par: u32,
    /// Line number within the paragraph.
    pub line: u32,
    /// Left edge of the word box in pixels.
    pub left: i32,
    /// Top edge of the word box.
    pub top: i32,
    /// Box width.
    pub width: i32,
    /// Box height.
    pub height: i32,
    /// Word confidence 0–100.
    pub conf: f32,
    /// The word as read.
    pub text: String,
}

impl Word {
    /// Vertical centre.
    pub fn cy(&self) -> i32 {
        self.top + self.height / 2
    }
    /// Horizontal centre.
    pub fn cx(&self) -> i32 {
        self.left + self.width / 2
    }
}

/// Parses Tesseract's TSV output, keeping the non-empty words (level 5).
pub fn parse_tsv(tsv: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for line in tsv.lines().skip(1) {
        let f: Vec<&str> = line.splitn(12, '\t').collect();
        if f.len() < 12 || f[0] != "5" {
            continue;
        }
        let text = f[11].trim();
        if text.is_empty() {
            continue;
        }
        let n = |i: usize| f.get(i).and_then(|s| s.trim().parse::<i32>().ok()).unwrap_or(0);
        out.push(Word {
            block: n(2).max(0) as u32,
            par: n(3).max(0) as u32,
            line: n(4).max(0) as u32,
            left: n(6),
            top: n(7),
            width: n(8),
            height: n(9),
            conf: f[10].trim().parse::<f32>().unwrap_or(0.0).clamp(0.0, 100.0),
            text: text.to_string(),
        });
    }
    out
}

/// Checks once per process that `tesseract` runs and has the `vie` model.
pub fn check_available() -> Result<(), DocError> {
    static STATE: OnceLock<Result<(), String>> = OnceLock::new();
    STATE
        .get_or_init(|| {
            let out = Command::new("tesseract")
                .arg("--list-langs")
                .env("OMP_THREAD_LIMIT", "1")
                .stdin(Stdio::null())
                .output()
                .map_err(|e| format!("cannot run tesseract ({e}): {INSTALL_HINT}"))?;
            let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
            if !text.lines().any(|l| l.trim() == "vie") {
                return Err(format!("tesseract has no Vietnamese model (vie): {INSTALL_HINT}"));
            }
            Ok(())
        })
        .clone()
        .map_err(DocError::Ocr)
}

static BUSY_MICROS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Total wall time spent waiting for external OCR/rendering processes in this
/// process, for speed measurements.
#[cfg(test)]
pub fn external_time() -> Duration {
    Duration::from_micros(BUSY_MICROS.load(std::sync::atomic::Ordering::Relaxed))
}

/// Runs a command to completion, killing it when the deadline passes.
/// `what` names the tool in error messages (with its install hint).
pub fn run_with_deadline(mut cmd: Command, deadline: Option<Instant>, what: &str) -> Result<(), DocError> {
    cmd.env("OMP_THREAD_LIMIT", "1").stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = cmd.spawn().map_err(|e| DocError::Ocr(format!("cannot run {what}: {e}")))?;
    // drain stderr on a thread so a chatty tool never blocks on a full pipe
    let stderr = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(mut e) = stderr {
            let _ = std::io::Read::read_to_string(&mut e, &mut s);
        }
        s
    });
    let status = loop {
        match child.try_wait()? {
            Some(st) => break st,
            None => {
                if deadline.is_some_and(|d| Instant::now() >= d) {
                    let _ = child.kill();
                    let _ = child.wait();
                    let _ = reader.join();
                    return Err(DocError::Ocr(format!("{what} killed at the document deadline")));
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    };
    BUSY_MICROS.fetch_add(started.elapsed().as_micros() as u64, std::sync::atomic::Ordering::Relaxed);
    let err = reader.join().unwrap_or_default();
    if !status.success() {
        let msg: String = err.lines().filter(|l| !l.trim().is_empty()).take(3).collect::<Vec<_>>().join("; ");
        return Err(DocError::Ocr(format!("{what} failed ({status}): {msg}")));
    }
    Ok(())
}

/// Settings for one Tesseract run.
#[derive(Debug, Clone)]
pub struct TessParams<'a> {
    /// Page segmentation mode (4 = column of lines, 6 = one block).
    pub psm: u32,
    /// Resolution of the image, passed as `--dpi`.
    pub dpi: u32,
    /// Restrict recognition to these characters (`tessedit_char_whitelist`).
    pub whitelist: Option<&'a str>,
}

/// OCRs one PGM image with `-l vie` and returns its words (TSV output).
pub fn ocr_words(image: &Path, params: &TessParams<'_>, deadline: Option<Instant>) -> Result<Vec<Word>, DocError> {
    check_available()?;
    let base = image.with_extension("out");
    let mut cmd = Command::new("tesseract");
    cmd.arg(image).arg(&base);
    cmd.args(["-l", "vie", "--psm", &params.psm.to_string(), "--dpi", &params.dpi.to_string()]);
    // keep numbers and words apart as printed; no dictionary-driven rewriting of digits
    cmd.args(["-c", "preserve_interword_spaces=0"]);
    if let Some(w) = params.whitelist {
        cmd.args(["-c", &format!("tessedit_char_whitelist={w}")]);
    }
    cmd.arg("tsv");
    run_with_deadline(cmd, deadline, "tesseract")?;
    let tsv_path = base.with_extension("out.tsv");
    let tsv = std::fs::read(&tsv_path).map_err(|e| DocError::Ocr(format!("tesseract wrote no TSV: {e}")))?;
    let _ = std::fs::remove_file(&tsv_path);
    Ok(parse_tsv(&String::from_utf8_lossy(&tsv)))
}

/// Below this, Tesseract's orientation guess is noise: upright table pages
/// with few words come back "Rotate: 180" at 0.3, while real turned pages
/// of prose score 6 to 9.
const OSD_MIN_CONFIDENCE: f32 = 2.0;

/// Clockwise quarter turns that make a sideways page upright, from
/// Tesseract's orientation detection (`--psm 0`, the `osd` model); `None`
/// when it cannot tell or is not sure.
pub fn osd_quarter_turns(image: &Path, deadline: Option<Instant>) -> Option<u32> {
    let base = image.with_extension("osd-out");
    let mut cmd = Command::new("tesseract");
    cmd.arg(image).arg(&base).args(["--psm", "0"]);
    run_with_deadline(cmd, deadline, "tesseract OSD").ok()?;
    let path = base.with_extension("osd-out.osd");
    let text = std::fs::read_to_string(&path).ok()?;
    let _ = std::fs::remove_file(&path);
    osd_turns(&text)
}

/// Reads the turns out of an OSD report, if its confidence is high enough.
fn osd_turns(report: &str) -> Option<u32> {
    let field = |name: &str| report.lines().find_map(|l| l.strip_prefix(name)).map(str::trim);
    let rotate: u32 = field("Rotate:")?.parse().ok()?;
    let confidence: f32 = field("Orientation confidence:")?.parse().ok()?;
    (confidence >= OSD_MIN_CONFIDENCE).then_some((rotate / 90) % 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unsure_orientation_guess_is_not_taken() {
        let sure = "Page number: 0\nOrientation in degrees: 270\nRotate: 90\nOrientation confidence: 6.77\n";
        assert_eq!(osd_turns(sure), Some(1));
        let unsure = "Page number: 0\nOrientation in degrees: 180\nRotate: 180\nOrientation confidence: 0.28\n";
        assert_eq!(osd_turns(unsure), None);
        assert_eq!(osd_turns("Rotate: 90\n"), None);
    }

    #[test]
    fn tsv_words_are_parsed_and_blanks_skipped() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t100\t50\t-1\t\n\
                   5\t1\t1\t1\t2\t1\t10\t20\t30\t12\t91.5\t2.963,455\n\
                   5\t1\t1\t1\t2\t2\t50\t20\t30\t12\t95\t \n\
                   5\t1\t2\t1\t1\t1\t5\t40\t30\t12\t-1\tKhuyến\n";
        let w = parse_tsv(tsv);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].text, "2.963,455");
        assert_eq!((w[0].line, w[0].cy()), (2, 26));
        assert_eq!(w[1].conf, 0.0);
        assert_eq!(w[1].block, 2);
    }

    #[test]
    fn tesseract_with_vie_is_available() {
        check_available().unwrap();
    }

    #[test]
    fn osd_turns_a_sideways_page_upright() {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/cao_bang_2015.scan.pdf")).unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let id = doc.get_pages()[&2];
        let img = super::super::image::page_image(&doc, 2, id, 1 << 28, None).unwrap().image;
        let dir = tempfile::tempdir().unwrap();
        // turned a quarter counter-clockwise: a clockwise quarter turn restores it
        let p = dir.path().join("side.pgm");
        img.rotate90(3).write_pgm(&p).unwrap();
        assert_eq!(osd_quarter_turns(&p, None), Some(1));
        let p = dir.path().join("side2.pgm");
        img.rotate90(1).write_pgm(&p).unwrap();
        assert_eq!(osd_quarter_turns(&p, None), Some(3));
    }

    #[test]
    fn deadline_kills_a_slow_process() {
        let mut cmd = Command::new("sleep");
        cmd.arg("5");
        let t = Instant::now();
        let r = run_with_deadline(cmd, Some(Instant::now() + Duration::from_millis(100)), "sleep");
        assert!(r.is_err());
        assert!(t.elapsed() < Duration::from_secs(2));
    }
}
