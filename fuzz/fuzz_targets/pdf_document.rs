//! Whole-PDF parsing and the whole pipeline: the fuzz input becomes the
//! objects of a well-formed PDF (a correct cross-reference table, a catalog,
//! a page tree, fonts and a content stream made of the input), so that the
//! mutations reach the PDF library's object parser, the repair path, the
//! content interpreter, fonts and CMaps, table recovery and the checks —
//! rather than stopping at a missing header or xref. Every 4th input is also
//! run as raw bytes after a PDF header, through the repairs.
#![no_main]
use libfuzzer_sys::fuzz_target;

fn pdf_from_objects(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.5\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes());
    out
}

fuzz_target!(|data: &[u8]| {
    // Parts separated by 0xFF: the content stream, a ToUnicode CMap, then
    // free objects (6, 7, …) that the page's resources name.
    let mut parts = data.split(|&b| b == 0xFF);
    let content = parts.next().unwrap_or_default();
    let cmap = parts.next().unwrap_or_default();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R /F2 6 0 R >> /XObject << /X1 7 0 R /X2 8 0 R >> >> >>".to_vec(),
    ];
    let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    stream.extend_from_slice(content);
    stream.extend_from_slice(b"\nendstream");
    objects.push(stream);
    objects.push(b"<< /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding /Identity-H /ToUnicode 9 0 R /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Arial /W [0 [500]] >>] >>".to_vec());
    for part in parts.by_ref().take(3) {
        objects.push(part.to_vec());
    }
    while objects.len() < 8 {
        objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /.VnTimeH >>".to_vec());
    }
    let mut tu = format!("<< /Length {} >>\nstream\n", cmap.len()).into_bytes();
    tu.extend_from_slice(cmap);
    tu.extend_from_slice(b"\nendstream");
    objects.push(tu);
    let pdf = pdf_from_objects(&objects);
    let mut opts = trichxuat::pipeline::RunOptions::default();
    opts.extract.max_stream_bytes = 16 << 20;
    opts.extract.ocr = false;
    let _ = trichxuat::pipeline::process_bytes("fuzz.pdf", "fuzz".into(), &pdf, &opts);
    if data.len() % 4 == 0 {
        let mut raw = b"%PDF-1.4\n".to_vec();
        raw.extend_from_slice(data);
        let _ = trichxuat::pipeline::process_bytes("fuzz.pdf", "fuzz".into(), &raw, &opts);
    }
});
