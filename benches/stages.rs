//! Where the time of the text path goes, stage by stage, on the two text
//! fixtures: `cargo bench --bench stages [-- ROUNDS]`.
//!
//! Each stage is timed on its own over the same documents (the input of a
//! stage is made once, outside the clock), so a change to one stage shows in
//! its own line. The last line is the whole of `pipeline::process_bytes` plus
//! the per-document JSON, the work a worker does for one document.

use std::time::{Duration, Instant};
use trichxuat::model::Document;
use trichxuat::pipeline::{process_bytes, RunOptions};

/// The executable's allocator, so that the figures are the executable's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Median of `rounds` timings of `f` over every input, per document.
fn time<T>(rounds: usize, inputs: &[T], mut f: impl FnMut(&T)) -> Duration {
    let mut runs: Vec<Duration> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            for x in inputs {
                f(x);
            }
            t.elapsed() / inputs.len() as u32
        })
        .collect();
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    let rounds: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(50);
    let opts = RunOptions::default();
    let texts: Vec<(String, Vec<u8>)> = ["cao_bang_2015.txt", "dong_nai_2020.txt"].iter().map(|n| (n.to_string(), fixture(n))).collect();
    // Each stage's input, made once.
    let extracted: Vec<Document> = texts
        .iter()
        .map(|(n, b)| {
            let ex = trichxuat::extract::extract(b, &opts.extract).expect("fixture reads");
            let source = trichxuat::model::Source {
                file: n.clone(),
                sha256: trichxuat::model::Source::sha256_hex(b),
                kind: ex.kind,
                pages: ex.page_count,
            };
            Document::new(n.clone(), source, ex.pages)
        })
        .collect();
    let after = |f: &dyn Fn(&mut Document)| -> Vec<Document> {
        extracted
            .iter()
            .cloned()
            .map(|mut d| {
                f(&mut d);
                d
            })
            .collect()
    };
    let tabled = after(&|d| trichxuat::tables::recover_tables(d));
    let met = after(&|d| {
        trichxuat::tables::recover_tables(d);
        trichxuat::map::map_meta(d);
    });
    let checked = after(&|d| {
        trichxuat::tables::recover_tables(d);
        trichxuat::map::map_meta(d);
        trichxuat::check::check_document(d);
    });
    let done: Vec<Document> = texts.iter().map(|(n, b)| process_bytes(n, n.clone(), b, &opts).expect("fixture processes")).collect();

    let mut lines: Vec<(&str, Duration)> = Vec::new();
    lines.push((
        "extract (decode, normalise, lines)",
        time(rounds, &texts, |(_, b)| {
            std::hint::black_box(trichxuat::extract::extract(b, &opts.extract).ok());
        }),
    ));
    // A stage that enriches the document: timed on a copy of its input.
    let stage = |docs: &[Document], run: fn(&mut Document)| {
        time(rounds, docs, |d| {
            let mut d = d.clone();
            run(&mut d);
            std::hint::black_box(d);
        })
    };
    lines.push(("tables", stage(&extracted, trichxuat::tables::recover_tables)));
    lines.push(("map: metadata", stage(&tabled, trichxuat::map::map_meta)));
    lines.push(("check", stage(&met, trichxuat::check::check_document)));
    lines.push(("map: facts", stage(&checked, trichxuat::map::map_facts)));
    lines.push((
        "clone of the document (in every line above but extract)",
        time(rounds, &extracted, |d| {
            std::hint::black_box(d.clone());
        }),
    ));
    lines.push((
        "per-document JSON",
        time(rounds, &done, |d| {
            std::hint::black_box(trichxuat::output::document_json_bytes(d).ok());
        }),
    ));
    lines.push((
        "worker's JSON of the model (to the parent)",
        time(rounds, &done, |d| {
            std::hint::black_box(serde_json::to_vec(d).ok());
        }),
    ));
    lines.push((
        "whole: process_bytes + per-document JSON",
        time(rounds, &texts, |(n, b)| {
            let d = process_bytes(n, n.clone(), b, &opts).expect("fixture processes");
            std::hint::black_box(trichxuat::output::document_json_bytes(&d).ok());
        }),
    ));
    println!("{:<58} {:>10}", "stage (median per document)", "µs");
    for (name, d) in &lines {
        println!("{name:<58} {:>10.0}", d.as_secs_f64() * 1e6);
    }
    let whole = lines.last().map(|l| l.1.as_secs_f64()).unwrap_or(1.0);
    println!("{:<58} {:>10.0}", "documents/s on one core at that rate", 1.0 / whole);
}
