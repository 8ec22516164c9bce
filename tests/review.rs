//! The review loop: `--corrections` replaces a misread figure, keeps the
//! printed one and runs the checks again; a correction that matches nothing
//! is an error row. `trichxuat report` marks every mismatch and inferred
//! check, references only files it wrote, and nothing on the network.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_trichxuat"))
}

fn planted() -> PathBuf {
    common::root().join("fixtures/review/thai_binh_2024.txt")
}

fn doc(out: &Path, id: &str) -> Value {
    serde_json::from_slice(&std::fs::read(out.join(format!("{id}.json"))).unwrap()).unwrap()
}

/// Writes `rows` under the contract's header as `dir/corrections.csv` and extracts
/// `input` into `dir/out` with them; the run's status and its output folder.
fn extract_corrected(dir: &Path, input: &Path, rows: &str) -> (std::process::ExitStatus, PathBuf) {
    let csv = dir.join("corrections.csv");
    std::fs::write(&csv, format!("doc_id,kind,table,row,year,source,field,value,note\n{rows}")).unwrap();
    let out = dir.join("out");
    let status = bin().arg("extract").arg(input).arg("--out").arg(&out).arg("--quiet").arg("--corrections").arg(&csv).status().unwrap();
    (status, out)
}

fn statuses(d: &Value) -> Vec<(String, String)> {
    d["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["kind"].as_str().unwrap().to_string(), c["status"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn a_correction_of_the_misread_cell_makes_the_totals_add_up() {
    let out = common::scratch("review", "plain");
    assert!(bin().arg("extract").arg(planted()).arg("--out").arg(&out).arg("--quiet").status().unwrap().success());
    let before = doc(&out, "thai-binh-2024");
    let st = statuses(&before);
    assert!(st.contains(&("grand_total".into(), "mismatch".into())), "{st:?}");
    assert!(st.contains(&("row_total".into(), "mismatch".into())), "{st:?}");

    let dir = common::scratch("review", "corrected");
    let (status, out) = extract_corrected(
        &dir,
        &planted(),
        "thai-binh-2024,amount,t1,3,2024,local,amount_vnd,600000000,\"printed 605, the page shows 600\"\n",
    );
    assert!(status.success());
    let after = doc(&out, "thai-binh-2024");
    assert!(statuses(&after).iter().all(|(_, s)| s == "ok"), "{:?}", statuses(&after));
    let fixed: Vec<&Value> = after["amounts"].as_array().unwrap().iter().filter(|a| a["corrected"] == true).collect();
    assert_eq!(fixed.len(), 1);
    assert_eq!(fixed[0]["amount_vnd"], 600_000_000);
    assert_eq!(fixed[0]["corrected_from"], 605_000_000);
    assert_eq!(fixed[0]["source"], "local");
    // the flat tables say so too: one corrected row, the printed value beside it
    let mut rd = csv::Reader::from_path(out.join("amounts.csv")).unwrap();
    let head = rd.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap_or_else(|| panic!("amounts.csv has no {n}"));
    let (c, f, v) = (col("corrected"), col("corrected_from"), col("amount_vnd"));
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).filter(|r| &r[c] == "true").collect();
    assert_eq!(rows.len(), 1);
    assert_eq!((&rows[0][v], &rows[0][f]), ("600000000", "605000000"));
    let db = rusqlite::Connection::open(out.join("trichxuat.sqlite")).unwrap();
    let from: String = db.query_row("SELECT corrected_from FROM amounts WHERE corrected", [], |r| r.get(0)).unwrap();
    assert_eq!(from, "605000000");
    // errors.csv holds nothing but its header
    let errors = std::fs::read_to_string(out.join("errors.csv")).unwrap();
    assert_eq!(errors.lines().count(), 1, "{errors}");
}

#[test]
fn a_correction_that_matches_nothing_is_an_error_row() {
    let dir = common::scratch("review", "unmatched");
    let (status, out) = extract_corrected(
        &dir,
        &planted(),
        "thai-binh-2024,amount,t1,9,2024,local,amount_vnd,1000000,no such row\n\
         no-such-doc,target,t1,1,2024,,value,5,\n",
    );
    assert_eq!(status.code(), Some(1), "an unmatched correction fails the run");
    let errors = std::fs::read_to_string(out.join("errors.csv")).unwrap();
    assert_eq!(errors.lines().count(), 3, "{errors}");
    assert!(errors.contains("matches no fact"), "{errors}");
    assert!(errors.contains("no-such-doc"), "{errors}");
    // the document itself is written, uncorrected
    let d = doc(&out, "thai-binh-2024");
    assert!(d["amounts"].as_array().unwrap().iter().all(|a| a.get("corrected").is_none()));
}

/// Every `src` and `href` of a page: local files that exist, or anchors.
fn assert_offline(page: &Path) {
    let html = std::fs::read_to_string(page).unwrap();
    let re = regex::Regex::new(r#"(?:src|href)="([^"]*)""#).unwrap();
    for m in re.captures_iter(&html) {
        let target = &m[1];
        assert!(!target.contains("//"), "{}: network reference {target}", page.display());
        if target.starts_with('#') {
            continue;
        }
        assert!(page.parent().unwrap().join(target).is_file(), "{}: {target} does not exist", page.display());
    }
}

#[test]
fn report_marks_every_flagged_check_and_references_only_its_files() {
    let root = common::root();
    let out = common::scratch("review", "report");
    let inputs = [root.join("fixtures/cao_bang_2015.txt"), root.join("fixtures/dong_nai_2020.text.pdf"), planted()];
    let status = bin().arg("extract").args(&inputs).arg("--out").arg(&out).arg("--quiet").status().unwrap();
    assert!(status.success());
    let start = std::time::Instant::now();
    assert!(bin().arg("report").arg(&out).status().unwrap().success());
    eprintln!("report of 3 documents in {:.2} s", start.elapsed().as_secs_f64());
    let report = out.join("report");
    assert_offline(&report.join("index.html"));
    for id in ["cao-bang-2015", "dong-nai-2020-text", "thai-binh-2024"] {
        let page = report.join(format!("{id}.html"));
        assert_offline(&page);
        let html = std::fs::read_to_string(&page).unwrap();
        let d = doc(&out, id);
        for c in d["checks"].as_array().unwrap() {
            let status = c["status"].as_str().unwrap();
            let key = format!("{}/{}/{}", c["table"].as_str().unwrap_or(""), c["row"].as_str().unwrap_or(""), c["kind"].as_str().unwrap());
            let want = format!("data-status=\"{status}\" data-check=\"{key}\"");
            assert!(html.contains(&want), "{id}: {want} missing");
        }
    }
    // the planted mismatch: its cells are red and it offers a corrections line
    let html = std::fs::read_to_string(report.join("thai-binh-2024.html")).unwrap();
    assert!(html.contains("class=\"mis-total\"") || html.contains("mis-total"), "no total marked");
    assert!(html.contains("thai-binh-2024,amount,t1,3,2024,local,amount_vnd,,"), "no corrections line");
    // the text PDF has crops of its tables (pdftoppm is installed by scripts/setup.sh)
    let pdf = std::fs::read_to_string(report.join("dong-nai-2020-text.html")).unwrap();
    assert!(pdf.contains("<img src=\"img/"), "no page crop");
}

#[test]
fn a_correction_on_a_scan_runs_its_checks_again() {
    // Biểu 02 of the Cao Bằng scan (page 16) reads whole: its Cộng row's KCĐP
    // 3.600 equals its rows' sum. A reviewer's correction of one row's KCĐP
    // total (330 → 335 triệu) is applied to the scanned document and the grand
    // total is checked again with it: it no longer holds, and says so.
    let dir = common::scratch("review", "scan");
    let scan = common::root().join("fixtures/cao_bang_2015.scan.pdf");
    let plain = dir.join("plain");
    assert!(bin().arg("extract").arg(&scan).arg("--out").arg(&plain).arg("--quiet").status().unwrap().success());
    let grand = |d: &Value| -> Vec<String> {
        d["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["table"] == "t4" && c["kind"] == "grand_total" && c["message"].as_str().unwrap().contains("KCDP"))
            .map(|c| c["status"].as_str().unwrap().to_string())
            .collect()
    };
    let before = doc(&plain, "cao-bang-2015-scan");
    assert!(!grand(&before).is_empty() && grand(&before).iter().all(|s| s == "ok"), "{:?}", grand(&before));
    let (status, out) =
        extract_corrected(&dir, &scan, "cao-bang-2015-scan,amount,t4,1,,local,amount_vnd,335000000,\"as a reviewer might mistype it\"\n");
    assert!(status.success());
    let after = doc(&out, "cao-bang-2015-scan");
    assert!(grand(&after).contains(&"mismatch".to_string()), "{:?}", grand(&after));
    let fixed: Vec<&Value> = after["amounts"].as_array().unwrap().iter().filter(|a| a["corrected"] == true).collect();
    assert_eq!(fixed.len(), 1);
    assert_eq!(fixed[0]["corrected_from"], 330_000_000);
    assert_eq!(fixed[0]["amount_vnd"], 335_000_000);
}
