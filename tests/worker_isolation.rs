//! Each document runs in a worker process: a crash, an abort, a timeout or a
//! `kill -9` of the worker costs that one input one row of errors.csv, and the
//! batch goes on with a fresh worker.

mod common;
mod hostile;
use common::root;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn tmp(name: &str) -> PathBuf {
    common::scratch("worker", name)
}

fn trichxuat(args: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_trichxuat")).args(args).output().expect("run trichxuat");
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stderr).to_string())
}

fn error_rows(out: &Path) -> Vec<String> {
    let csv = std::fs::read_to_string(out.join("errors.csv")).unwrap_or_default();
    csv.lines().skip(1).map(str::to_string).collect()
}

fn json_files(out: &Path) -> usize {
    std::fs::read_dir(out).unwrap().filter(|e| common::is_document_json(&e.as_ref().unwrap().path())).count()
}

#[test]
fn a_parser_stack_overflow_is_one_error_row_not_an_aborted_batch() {
    let input = tmp("deep-in");
    std::fs::copy(root().join("fixtures/dong_nai_2020.txt"), input.join("dong_nai_2020.txt")).unwrap();
    std::fs::write(input.join("deep.pdf"), hostile::deeply_nested_pdf(20_000)).unwrap();
    let out = tmp("deep-out");
    let (code, err) = trichxuat(&["extract", input.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let rows = error_rows(&out);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains("deep.pdf"), "{rows:?}");
    assert!(out.join("dong-nai-2020.json").is_file(), "the good document is still written");
    assert!(out.join("documents.csv").is_file() && out.join("trichxuat.sqlite").is_file());
}

/// The pids of the running children of `parent` (from /proc).
#[cfg(target_os = "linux")]
fn children(parent: u32) -> Vec<u32> {
    let mut kids = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
        // pid (comm) state ppid …: comm may hold spaces, so split after the last ')'.
        let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else { continue };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if fields.get(1).and_then(|p| p.parse::<u32>().ok()) == Some(parent) {
            kids.push(pid);
        }
    }
    kids
}

#[cfg(target_os = "linux")]
#[test]
fn a_worker_killed_mid_batch_costs_one_input_one_error_row() {
    let input = tmp("kill-in");
    let text = std::fs::read_to_string(root().join("fixtures/cao_bang_2015.txt")).unwrap();
    let n = 120;
    for i in 0..n {
        // Distinct bytes, so every input is its own document.
        std::fs::write(input.join(format!("doc_{i:03}.txt")), format!("{text}\nBản số {i}\n")).unwrap();
    }
    let out = tmp("kill-out");
    let child = Command::new(env!("CARGO_BIN_EXE_trichxuat"))
        .args(["extract", input.to_str().unwrap(), "--out", out.to_str().unwrap(), "--jobs", "1", "--format", "json,csv"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until some documents are done, then kill the worker in the middle of the run.
    let start = Instant::now();
    while json_files(&out) < 10 && start.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let workers = children(child.id());
    assert_eq!(workers.len(), 1, "one worker for --jobs 1: {workers:?}");
    assert!(Command::new("kill").args(["-9", &workers[0].to_string()]).status().unwrap().success());
    let status = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&status.stderr);
    assert_eq!(status.status.code(), Some(1), "{err}");
    let rows = error_rows(&out);
    assert_eq!(rows.len(), 1, "exactly the input in progress failed: {rows:?}");
    assert!(rows[0].contains("signal 9"), "{rows:?}");
    assert_eq!(json_files(&out), n - 1, "every other input is a document");
    // The lost input is simply done by a resumed run.
    let (code, err) = trichxuat(&["extract", input.to_str().unwrap(), "--out", out.to_str().unwrap(), "--resume", "--format", "json,csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json_files(&out), n);
    assert!(error_rows(&out).is_empty());
}

#[test]
fn the_timeout_stops_a_text_input_too_and_zero_means_no_limit() {
    // 30,000 tables' worth of lines: far more than a 1-second budget.
    let input = tmp("timeout-in");
    let text = std::fs::read_to_string(root().join("fixtures/cao_bang_2015.txt")).unwrap();
    std::fs::write(input.join("long.txt"), text.repeat(400)).unwrap();
    std::fs::copy(root().join("fixtures/dong_nai_2020.txt"), input.join("dong_nai_2020.txt")).unwrap();
    let out = tmp("timeout-out");
    let start = Instant::now();
    let (code, err) = trichxuat(&["extract", input.to_str().unwrap(), "--out", out.to_str().unwrap(), "--timeout", "1", "--jobs", "1"]);
    assert_eq!(code, 1, "{err}");
    assert!(start.elapsed() < Duration::from_secs(60), "the worker was stopped");
    let rows = error_rows(&out);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains("long.txt") && rows[0].contains("timed out"), "{rows:?}");
    assert!(out.join("dong-nai-2020.json").is_file());

    let small = tmp("timeout0-in");
    std::fs::copy(root().join("fixtures/dong_nai_2020.txt"), small.join("dong_nai_2020.txt")).unwrap();
    let out0 = tmp("timeout0-out");
    let (code, err) = trichxuat(&["extract", small.to_str().unwrap(), "--out", out0.to_str().unwrap(), "--timeout", "0"]);
    assert_eq!(code, 0, "--timeout 0 is no limit: {err}");
    assert!(out0.join("dong-nai-2020.json").is_file());
}

#[test]
fn workers_give_the_same_documents_as_the_in_process_path() {
    let input = tmp("same-in");
    for f in ["cao_bang_2015.txt", "dong_nai_2020.txt", "dong_nai_2020.text.pdf"] {
        std::fs::copy(root().join("fixtures").join(f), input.join(f)).unwrap();
    }
    let a = tmp("same-workers");
    let b = tmp("same-threads");
    let (code, err) = trichxuat(&["extract", input.to_str().unwrap(), "--out", a.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (code, err) = trichxuat(&["extract", input.to_str().unwrap(), "--out", b.to_str().unwrap(), "--in-process"]);
    assert_eq!(code, 0, "{err}");
    for f in ["cao-bang-2015.json", "dong-nai-2020.json", "dong-nai-2020-text.json", "amounts.csv", "checks.csv"] {
        assert_eq!(std::fs::read(a.join(f)).unwrap(), std::fs::read(b.join(f)).unwrap(), "{f}");
    }
}

/// OCR in the executable's own process (`inspect`) runs with one OpenMP
/// thread even where the user's environment sets no limit: libgomp reads it
/// only as it loads, so the executable starts itself again with it set.
#[test]
#[cfg(target_os = "linux")]
fn in_process_ocr_runs_with_one_openmp_thread() {
    let scan = root().join("fixtures/dong_nai_2020.scan.pdf");
    let mut child = Command::new(env!("CARGO_BIN_EXE_trichxuat"))
        .arg("inspect")
        .arg(&scan)
        .env_remove("OMP_THREAD_LIMIT")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run trichxuat");
    let environ = format!("/proc/{}/environ", child.id());
    let give_up = Instant::now() + Duration::from_secs(30);
    let mut limited = false;
    while Instant::now() < give_up && !limited {
        limited = std::fs::read(&environ).is_ok_and(|e| e.split(|&b| b == 0).any(|v| v == b"OMP_THREAD_LIMIT=1"));
        if child.try_wait().ok().flatten().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(limited, "the inspecting process never had OMP_THREAD_LIMIT=1");
}
