//! The PDF entry point on arbitrary bytes (prefixed with a PDF header so the
//! PDF reader, not the text reader, sees them), OCR disabled by a tiny timeout.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = Vec::with_capacity(data.len() + 9);
    if !data.starts_with(b"%PDF-") {
        bytes.extend_from_slice(b"%PDF-1.4\n");
    }
    bytes.extend_from_slice(data);
    let mut opts = trichxuat::extract::ExtractOptions::default();
    opts.max_stream_bytes = 16 << 20;
    opts.ocr = false;
    let _ = trichxuat::extract::read_pdf(&bytes, &opts);
});
