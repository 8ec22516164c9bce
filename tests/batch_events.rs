//! The library reports a batch through events and prints nothing itself: a
//! recording listener hears one event per input, failures included, between
//! one start and one finish; a resumed run reports its skips.

mod common;
use std::sync::Mutex;

use trichxuat::model::Stage;
use trichxuat::output::OutputOptions;
use trichxuat::pipeline::{run_batch, BatchEvents, BatchOptions, DocumentOutcome, RunOptions};

/// Everything a batch said, in order.
#[derive(Default)]
struct Recorder(Mutex<Vec<String>>);

impl Recorder {
    fn push(&self, e: String) {
        self.0.lock().unwrap().push(e);
    }
    fn events(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

impl BatchEvents for Recorder {
    fn on_start(&self, documents: usize) {
        self.push(format!("start {documents}"));
    }
    fn on_document(&self, file: &str, doc_id: &str, outcome: DocumentOutcome) {
        let name = std::path::Path::new(file).file_name().unwrap().to_string_lossy().to_string();
        self.push(format!("{outcome:?} {name} {doc_id}"));
    }
    fn on_error(&self, file: &str, stage: Stage, _message: &str) {
        let name = std::path::Path::new(file).file_name().unwrap().to_string_lossy().to_string();
        self.push(format!("error {name} {stage:?}"));
    }
    fn on_finish(&self) {
        self.push("finish".into());
    }
}

fn options(resume: bool) -> BatchOptions {
    BatchOptions {
        run: RunOptions { extract: trichxuat::extract::ExtractOptions { ocr: false, ..Default::default() }, max_file_bytes: None },
        output: OutputOptions { json: true, csv: false, sqlite: false, parquet: false, excel: false },
        jobs: 2,
        resume,
        shard: None,
        workers: None,
        corrections: None,
    }
}

#[test]
fn a_recording_listener_hears_every_input_once() {
    let input = common::scratch("events", "in");
    let out = common::scratch("events", "out");
    std::fs::copy(common::root().join("fixtures/cao_bang_2015.txt"), input.join("cao_bang_2015.txt")).unwrap();
    std::fs::copy(common::root().join("fixtures/dong_nai_2020.txt"), input.join("dong_nai_2020.txt")).unwrap();
    std::fs::write(input.join("binary.txt"), b"\x00\x01\x02 not text \x00").unwrap();
    let missing = input.join("no_such_folder");
    let paths = vec![input.clone(), missing];

    let rec = Recorder::default();
    let report = run_batch(&paths, &out, &options(false), &rec).unwrap();
    let mut events = rec.events();
    assert_eq!(events.first().map(String::as_str), Some("error no_such_folder Read"), "{events:?}");
    assert_eq!(events.get(1).map(String::as_str), Some("start 3"), "{events:?}");
    assert_eq!(events.last().map(String::as_str), Some("finish"), "{events:?}");
    // Documents finish in any order on two threads.
    let mut middle = events.drain(2..events.len() - 1).collect::<Vec<_>>();
    middle.sort();
    assert_eq!(
        middle,
        ["Written cao_bang_2015.txt cao-bang-2015", "Written dong_nai_2020.txt dong-nai-2020", "error binary.txt Extract"],
        "{events:?}"
    );
    assert_eq!((report.inputs, report.processed, report.failed, report.skipped), (4, 2, 2, 0));

    // Resumed: the two documents are skipped, the failure is tried again.
    let rec = Recorder::default();
    let report = run_batch(&paths[..1], &out, &options(true), &rec).unwrap();
    let mut events = rec.events();
    assert_eq!(events.first().map(String::as_str), Some("start 3"), "{events:?}");
    assert_eq!(events.last().map(String::as_str), Some("finish"), "{events:?}");
    let mut middle = events.drain(1..events.len() - 1).collect::<Vec<_>>();
    middle.sort();
    assert_eq!(
        middle,
        ["Skipped cao_bang_2015.txt cao-bang-2015", "Skipped dong_nai_2020.txt dong-nai-2020", "error binary.txt Extract"],
        "{events:?}"
    );
    assert_eq!((report.processed, report.skipped, report.failed), (0, 2, 1));
}
