//! Whole pipeline on arbitrary bytes read as a text input (decoding, tables, mapping, checks).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = trichxuat::pipeline::RunOptions::default();
    let _ = trichxuat::pipeline::process_bytes("fuzz.txt", "fuzz".into(), data, &opts);
});
