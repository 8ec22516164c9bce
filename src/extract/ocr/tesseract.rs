//! Tesseract in-process, through its C API (the `tesseract-sys` binding): one
//! engine per thread and language, its model loaded once and kept for every
//! image the thread reads, stopped at the deadline by Tesseract's own monitor.
//! A `tesseract` process per image paid for loading the model every time, a
//! tenth of a second, thirty times for a sixteen-page scan. The words come
//! back as the command's TSV, read by [`parse_tsv`]. External commands
//! (`pdftoppm`) still run as processes killed at the deadline
//! ([`run_with_deadline`]).

use crate::error::DocError;
use std::cell::RefCell;
use std::ffi::{CStr, CString};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The message every "Tesseract is not usable" error carries.
pub const INSTALL_HINT: &str = "install tesseract-ocr and tesseract-ocr-vie";

/// One Tesseract engine (a `TessBaseAPI`) with a language's model loaded.
struct Engine {
    api: *mut tesseract_sys::TessBaseAPI,
}

impl Engine {
    /// Creates an engine and loads `lang` from the system's tessdata.
    fn open(lang: &str) -> Result<Engine, String> {
        let c_lang = CString::new(lang).map_err(|e| e.to_string())?;
        // SAFETY: create returns an owned handle (or null); Init3 reads the
        // NUL-terminated language name; a null datapath means the default.
        let api = unsafe { tesseract_sys::TessBaseAPICreate() };
        if api.is_null() {
            return Err(format!("cannot start Tesseract: {INSTALL_HINT}"));
        }
        let engine = Engine { api };
        // SAFETY: `api` is a live handle owned by `engine`.
        if unsafe { tesseract_sys::TessBaseAPIInit3(api, std::ptr::null(), c_lang.as_ptr()) } != 0 {
            return Err(format!("Tesseract has no model {lang:?}: {INSTALL_HINT}"));
        }
        // Tesseract's own chatter ("Detected 64 diacritics") and Leptonica's
        // ("Error in boxClipToRectangle" on a box that strays off a strip)
        // would go to our stderr, between the progress lines: they go
        // nowhere (the library prints nothing, see `cli/`).
        engine.set("debug_file", if cfg!(windows) { "NUL" } else { "/dev/null" });
        // SAFETY: sets Leptonica's global message level; no pointer involved.
        unsafe { leptonica_sys::setMsgSeverity(leptonica_sys::L_SEVERITY_NONE as i32) };
        Ok(engine)
    }

    fn set(&self, name: &str, value: &str) {
        if let (Ok(n), Ok(v)) = (CString::new(name), CString::new(value)) {
            // SAFETY: live handle; both strings NUL-terminated and alive for the call.
            unsafe { tesseract_sys::TessBaseAPISetVariable(self.api, n.as_ptr(), v.as_ptr()) };
        }
    }

    /// Gives the engine the image at `path` (read by Leptonica, as the
    /// `tesseract` command reads it).
    fn set_image(&self, path: &Path) -> Result<(), DocError> {
        let c_path = CString::new(path.to_string_lossy().as_bytes()).map_err(|e| DocError::Ocr(e.to_string()))?;
        // SAFETY: pixRead returns an owned image or null; SetImage2 copies
        // what it needs, so the image is destroyed right after.
        unsafe {
            let mut pix = leptonica_sys::pixRead(c_path.as_ptr());
            if pix.is_null() {
                return Err(DocError::Ocr(format!("Tesseract cannot read the page image {}", path.display())));
            }
            tesseract_sys::TessBaseAPISetImage2(self.api, pix.cast());
            leptonica_sys::pixDestroy(&mut pix);
        }
        Ok(())
    }

    /// Forgets the image and its results, keeping the model.
    fn clear(&self) {
        // SAFETY: live handle.
        unsafe { tesseract_sys::TessBaseAPIClear(self.api) };
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        // SAFETY: the handle is owned by this engine and not used after.
        unsafe {
            tesseract_sys::TessBaseAPIEnd(self.api);
            tesseract_sys::TessBaseAPIDelete(self.api);
        }
    }
}

thread_local! {
    /// This thread's engines, by language.
    static ENGINES: RefCell<Vec<(&'static str, Engine)>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with this thread's engine for `lang`, loading it the first time.
fn with_engine<T>(lang: &'static str, f: impl FnOnce(&Engine) -> T) -> Result<T, DocError> {
    ENGINES.with(|cell| {
        let mut engines = cell.borrow_mut();
        let at = match engines.iter().position(|(l, _)| *l == lang) {
            Some(at) => at,
            None => {
                engines.push((lang, Engine::open(lang).map_err(DocError::Ocr)?));
                engines.len() - 1
            }
        };
        Ok(f(&engines[at].1))
    })
}

/// A string Tesseract allocated, as Rust text (and freed).
fn take_text(p: *mut std::os::raw::c_char) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: a NUL-terminated string from the C API, freed once with its own deleter.
    let s = unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned();
    unsafe { tesseract_sys::TessDeleteText(p) };
    Some(s)
}

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

/// The version of the Tesseract library linked in ("5.3.0").
pub fn library_version() -> String {
    // SAFETY: TessVersion returns a static NUL-terminated string.
    let v = unsafe { tesseract_sys::TessVersion() };
    if v.is_null() {
        return String::new();
    }
    unsafe { CStr::from_ptr(v) }.to_string_lossy().into_owned()
}

/// Checks that Tesseract and its `vie` model load (on this thread, whose
/// engine is then ready).
pub fn check_available() -> Result<(), DocError> {
    with_engine("vie", |_| ())
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

/// OCRs one PGM image in Vietnamese and returns its words (Tesseract's TSV),
/// as `tesseract IMAGE out -l vie --psm P --dpi D tsv` would.
pub fn ocr_words(image: &Path, params: &TessParams<'_>, deadline: Option<Instant>) -> Result<Vec<Word>, DocError> {
    let left_ms = match deadline {
        Some(d) => match d.checked_duration_since(Instant::now()) {
            Some(left) if !left.is_zero() => Some(left.as_millis().min(i32::MAX as u128) as i32),
            _ => return Err(DocError::Ocr("tesseract stopped at the document deadline".into())),
        },
        None => None,
    };
    let started = Instant::now();
    let tsv = with_engine("vie", |e| -> Result<String, DocError> {
        // SAFETY: live handle; psm is one of Tesseract's page segmentation modes.
        unsafe { tesseract_sys::TessBaseAPISetPageSegMode(e.api, params.psm as tesseract_sys::TessPageSegMode) };
        e.set("user_defined_dpi", &params.dpi.to_string());
        // keep numbers and words apart as printed
        e.set("preserve_interword_spaces", "0");
        e.set("tessedit_char_whitelist", params.whitelist.unwrap_or(""));
        e.set_image(image)?;
        // SAFETY: the monitor is created, used by this one call and deleted.
        let done = unsafe {
            let monitor = tesseract_sys::TessMonitorCreate();
            if let Some(ms) = left_ms {
                tesseract_sys::TessMonitorSetDeadlineMSecs(monitor, ms);
            }
            let rc = tesseract_sys::TessBaseAPIRecognize(e.api, monitor);
            tesseract_sys::TessMonitorDelete(monitor);
            rc
        };
        let tsv = if deadline.is_some_and(|d| Instant::now() >= d) {
            Err(DocError::Ocr("tesseract stopped at the document deadline".into()))
        } else if done != 0 {
            Err(DocError::Ocr(format!("tesseract failed on {}", image.display())))
        } else {
            // SAFETY: live handle holding this image's results.
            take_text(unsafe { tesseract_sys::TessBaseAPIGetTsvText(e.api, 0) })
                .ok_or_else(|| DocError::Ocr("tesseract gave no TSV".into()))
        };
        e.clear();
        tsv
    })??;
    BUSY_MICROS.fetch_add(started.elapsed().as_micros() as u64, std::sync::atomic::Ordering::Relaxed);
    Ok(parse_tsv(&tsv))
}

/// Below this, Tesseract's orientation guess is noise: upright table pages
/// with few words come back "Rotate: 180" at 0.3, while real turned pages
/// of prose score 6 to 9.
const OSD_MIN_CONFIDENCE: f32 = 2.0;

/// Clockwise quarter turns that make a sideways page upright, from
/// Tesseract's orientation detection (the `osd` model, as `tesseract IMAGE
/// out --psm 0` runs it); `None` when it cannot tell or is not sure.
pub fn osd_quarter_turns(image: &Path, deadline: Option<Instant>) -> Option<u32> {
    if deadline.is_some_and(|d| Instant::now() >= d) {
        return None;
    }
    let report = with_engine("osd", |e| {
        // SAFETY: live handle; OSD_ONLY is a page segmentation mode.
        unsafe { tesseract_sys::TessBaseAPISetPageSegMode(e.api, tesseract_sys::TessPageSegMode_PSM_OSD_ONLY) };
        e.set_image(image).ok()?;
        let (mut deg, mut conf, mut script, mut script_conf) = (0, 0.0f32, std::ptr::null(), 0.0f32);
        // SAFETY: live handle with an image; the out-pointers are ours (the
        // script name stays Tesseract's and is not read).
        let found = unsafe { tesseract_sys::TessBaseAPIDetectOrientationScript(e.api, &mut deg, &mut conf, &mut script, &mut script_conf) };
        e.clear();
        // the report the command writes (its confidence to two decimals)
        let rotate = (360 - deg.rem_euclid(360)) % 360;
        (found != 0).then(|| format!("Orientation in degrees: {deg}\nRotate: {rotate}\nOrientation confidence: {conf:.2}\n"))
    })
    .ok()??;
    osd_turns(&report)
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

    /// Page `n` of the Cao Bằng fixture scan, as OCR gets it.
    fn fixture_page(n: u32) -> super::super::image::GrayImage {
        super::super::tests::scan_page("cao_bang_2015", n).image
    }

    #[test]
    fn osd_turns_a_sideways_page_upright() {
        let img = fixture_page(2);
        let dir = tempfile::tempdir().unwrap();
        // turned a quarter counter-clockwise: a clockwise quarter turn restores it
        let p = dir.path().join("side.pgm");
        img.rotate90(3).write_pgm(&p).unwrap();
        assert_eq!(osd_quarter_turns(&p, None), Some(1));
        let p = dir.path().join("side2.pgm");
        img.rotate90(1).write_pgm(&p).unwrap();
        assert_eq!(osd_quarter_turns(&p, None), Some(3));
    }

    /// The engine in-process reads a page as the `tesseract` command does
    /// with the same settings, word for word and box for box; a figures-only
    /// reading in between leaves no trace on the next one.
    #[test]
    fn in_process_words_are_the_commands_words() {
        let img = fixture_page(14);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("page.pgm");
        img.crop(0, 0, img.width, img.height / 3).write_pgm(&p).unwrap();
        let params = TessParams { psm: 6, dpi: 200, whitelist: None };
        let digits = ocr_words(&p, &TessParams { whitelist: Some("0123456789.,"), ..params.clone() }, None).unwrap();
        assert!(digits.iter().all(|w| w.text.chars().all(|c| "0123456789.,".contains(c))), "{digits:?}");
        let ours = ocr_words(&p, &params, None).unwrap();
        let out = dir.path().join("cli");
        let st = Command::new("tesseract")
            .arg(&p)
            .arg(&out)
            .args(["-l", "vie", "--psm", "6", "--dpi", "200", "-c", "preserve_interword_spaces=0", "tsv"])
            .env("OMP_THREAD_LIMIT", "1")
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(st.success());
        let cli = parse_tsv(&std::fs::read_to_string(out.with_extension("tsv")).unwrap());
        assert!(cli.len() > 20, "{} words", cli.len());
        assert_eq!(ours, cli);
        // a reading that runs past the deadline is an error, not a partial page
        let full = dir.path().join("full.pgm");
        img.write_pgm(&full).unwrap();
        assert!(ocr_words(&full, &params, Some(Instant::now() + Duration::from_millis(30))).is_err());
    }

    #[test]
    fn a_passed_deadline_reads_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("blank.pgm");
        super::super::image::GrayImage::filled(200, 50, 255).write_pgm(&p).unwrap();
        let past = Instant::now() - Duration::from_millis(1);
        let params = TessParams { psm: 6, dpi: 200, whitelist: None };
        assert!(ocr_words(&p, &params, Some(past)).is_err());
        assert!(ocr_words(&p, &params, Some(Instant::now() + Duration::from_secs(30))).unwrap().is_empty());
        assert_eq!(osd_quarter_turns(&p, Some(past)), None);
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
