//! The report in a real browser: headless Chromium (Debian's `chromium`,
//! installed by `scripts/setup.sh`) opens the pages from disk, runs their
//! script, and the test asserts from the resulting DOM and a screenshot that
//! the mismatched cells are highlighted and every page crop loaded. Skipped,
//! saying so, only where Chromium is absent outside CI.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Ok(out) = Command::new("sh").arg("-c").arg(format!("command -v {name}")).output() {
            let p = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if out.status.success() && !p.is_empty() {
                return Some(PathBuf::from(p));
            }
        }
    }
    None
}

fn headless(chrome: &Path, profile: &Path) -> Command {
    let mut c = Command::new(chrome);
    c.args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(["--allow-file-access-from-files", "--virtual-time-budget=5000", "--window-size=1400,1000"]);
    c
}

/// Pixels of the screenshot close to the colour of a mismatching total (#f88).
fn red_pixels(png: &Path) -> Option<u64> {
    let script = "import sys\nfrom PIL import Image\nim=Image.open(sys.argv[1]).convert('RGB')\n\
print(sum(1 for r,g,b in im.getdata() if r>235 and 115<g<155 and 115<b<155))";
    let out = Command::new("python3").args(["-c", script]).arg(png).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().parse().ok()).flatten()
}

#[test]
fn chromium_shows_the_mismatches_and_the_crops() {
    let Some(chrome) = chromium() else {
        assert!(std::env::var_os("CI").is_none(), "CI must run the browser test: install chromium (scripts/setup.sh)");
        eprintln!("SKIPPED report_browser: chromium is not installed (bash scripts/setup.sh installs it)");
        return;
    };
    let root = common::root();
    let out = common::scratch("browser", "report");
    let inputs = [root.join("fixtures/review/thai_binh_2024.text.pdf"), root.join("fixtures/review/thai_binh_2024.scan.pdf")];
    let st =
        Command::new(env!("CARGO_BIN_EXE_trichxuat")).arg("extract").args(&inputs).arg("--out").arg(&out).arg("--quiet").status().unwrap();
    assert!(st.success());
    assert!(Command::new(env!("CARGO_BIN_EXE_trichxuat")).arg("report").arg(&out).status().unwrap().success());
    let profile = out.join("chromium-profile");
    for id in ["thai-binh-2024-text", "thai-binh-2024-scan"] {
        let page = out.join("report").join(format!("{id}.html"));
        let url = format!("file://{}", page.display());
        let dom = headless(&chrome, &profile).arg("--dump-dom").arg(&url).output().unwrap();
        assert!(dom.status.success(), "chromium failed: {}", String::from_utf8_lossy(&dom.stderr));
        let dom = String::from_utf8_lossy(&dom.stdout);
        // the script ran: every crop reports that its image loaded
        let imgs = dom.matches("<img ").count();
        assert!(imgs >= 1, "{id}: no crop in the page");
        assert_eq!(dom.matches("data-loaded=\"1\"").count(), imgs, "{id}: a crop did not load");
        // the planted mismatch: its total cell and its parts are marked, and on the crop
        assert!(dom.contains("mis-total"), "{id}: mismatching total not highlighted");
        assert!(dom.contains("class=\"box mis\""), "{id}: mismatch not marked on the crop");
        assert!(dom.contains("data-status=\"mismatch\""), "{id}: mismatch check not listed");
        let shot = out.join(format!("{id}.png"));
        let st = headless(&chrome, &profile).arg(format!("--screenshot={}", shot.display())).arg(&url).output().unwrap();
        assert!(st.status.success() && shot.is_file(), "{id}: no screenshot");
        match red_pixels(&shot) {
            Some(n) => assert!(n > 200, "{id}: only {n} highlighted pixels on the screenshot"),
            None => eprintln!("{id}: python3 with Pillow missing; screenshot colours not counted"),
        }
        if let Some(dir) = std::env::var_os("TRICHXUAT_SCREENSHOT_DIR") {
            let _ = std::fs::copy(&shot, Path::new(&dir).join(format!("{id}.png")));
        }
    }
    // cells whose text is OCR's second reading are marked, and only those
    let scan: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("thai-binh-2024-scan.json")).unwrap()).unwrap();
    let page = std::fs::read_to_string(out.join("report/thai-binh-2024-scan.html")).unwrap();
    let (mut reread, mut first) = (0, 0);
    for t in scan["tables"].as_array().unwrap() {
        let slug: String =
            t["id"].as_str().unwrap().chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect();
        for c in t["cells"].as_array().unwrap() {
            let id = format!("id=\"c-{slug}-{}-{}\"", c["line"], c["col"]);
            let Some(at) = page.find(&id) else { continue };
            let td = &page[at..at + page[at..].find('>').unwrap()];
            let marked = td.contains(" rr\"") || td.contains("\"rr") || td.contains(" rr ");
            if c.get("reread").is_some() {
                assert!(marked, "re-read cell not marked: {td}");
                assert!(td.contains("re-read by OCR") || td.contains("put back from the image"), "{td}");
                reread += 1;
            } else {
                assert!(!marked, "a cell read once is marked re-read: {td}");
                first += 1;
            }
        }
    }
    assert!(reread > 0 && first > reread, "scan: {reread} re-read cells, {first} read once");
}
