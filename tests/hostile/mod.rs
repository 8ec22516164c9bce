//! Small hostile inputs written by the tests themselves (a few kilobytes
//! each): PDFs that broke the batch or never ended, and damaged copies of good
//! PDFs that a repairing reader should still read.
#![allow(dead_code)]

use std::io::Write;

/// A PDF from object bodies (object `i + 1` is `objects[i]`; object 1 must be
/// the catalog), with a correct cross-reference table.
pub fn pdf_from_objects(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n".to_vec();
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

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut s = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    s.extend_from_slice(data);
    s.extend_from_slice(b"\nendstream");
    s
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(data).unwrap();
    z.finish().unwrap()
}

/// zlib of `n` zero bytes, written in chunks (never all in memory).
fn zlib_zeros(n: usize) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![0u8; 1 << 20];
    let mut left = n;
    while left > 0 {
        let k = left.min(chunk.len());
        z.write_all(&chunk[..k]).unwrap();
        left -= k;
    }
    z.finish().unwrap()
}

const CATALOG: &str = "<< /Type /Catalog /Pages 2 0 R >>";
const FONT: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

/// One page (object 3) whose content is object 4 and font object 5, plus `more`.
fn one_page(content: Vec<u8>, resources_extra: &str, more: Vec<Vec<u8>>) -> Vec<u8> {
    let mut objs = vec![
        CATALOG.as_bytes().to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> {resources_extra} >> >>").into_bytes(),
        content,
        FONT.as_bytes().to_vec(),
    ];
    objs.extend(more);
    pdf_from_objects(&objs)
}

/// A page dictionary holding an array nested `depth` deep (`[[[[…]]]]`): the
/// PDF library's recursive parser overflowed its stack on 2,000 levels.
pub fn deeply_nested_pdf(depth: usize) -> Vec<u8> {
    let nest = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let content = stream("", b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET");
    let mut objs = vec![
        CATALOG.as_bytes().to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Nest {nest} >>").into_bytes(),
        content,
    ];
    objs.push(FONT.as_bytes().to_vec());
    pdf_from_objects(&objs)
}

/// A content stream with a PNG predictor that inflates to `size` bytes.
pub fn predictor_bomb_pdf(size: usize) -> Vec<u8> {
    let data = zlib_zeros(size);
    let content = stream("/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 100 >>", &data);
    one_page(content, "", vec![])
}

/// An object stream (`/Type /ObjStm`) that inflates to `size` bytes.
pub fn object_stream_bomb_pdf(size: usize) -> Vec<u8> {
    let data = zlib_zeros(size);
    let objstm = stream("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", &data);
    one_page(stream("", b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"), "", vec![objstm])
}

/// A page drawing Form XObject 6, which draws itself.
pub fn self_calling_form_pdf() -> Vec<u8> {
    let form = stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X1 6 0 R >> >>", b"/X1 Do /X1 Do");
    one_page(stream("", b"/X1 Do"), "/XObject << /X1 6 0 R >>", vec![form])
}

/// A content stream of `ops` operators (compressed, so the file stays small).
pub fn many_operators_pdf(ops: usize) -> Vec<u8> {
    let body = b"0 0 m ".repeat(ops);
    one_page(stream("/Filter /FlateDecode", &zlib(&body)), "", vec![])
}

/// `pages` pages all drawing one content stream of `ops` operators.
pub fn shared_stream_pages_pdf(pages: usize, ops: usize) -> Vec<u8> {
    let mut body = b"BT /F1 12 Tf 72 720 Td (Shared) Tj ET\n".to_vec();
    body.extend(b"1 0 0 1 0 0 cm ".repeat(ops));
    let first_page = 5;
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", first_page + i)).collect();
    let mut objs = vec![
        CATALOG.as_bytes().to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", kids.join(" ")).into_bytes(),
        stream("/Filter /FlateDecode", &zlib(&body)),
        FONT.as_bytes().to_vec(),
    ];
    for _ in 0..pages {
        objs.push(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>".to_vec(),
        );
    }
    pdf_from_objects(&objs)
}

/// `pages` pages sharing a Type0 font whose ToUnicode CMap holds `ranges`
/// overlapping bfrange entries.
pub fn heavy_cmap_pdf(pages: usize, ranges: usize) -> Vec<u8> {
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    for chunk in (0..ranges).collect::<Vec<_>>().chunks(100) {
        cmap.push_str(&format!("{} beginbfrange\n", chunk.len()));
        for &i in chunk {
            cmap.push_str(&format!("<{:04X}> <FFFF> <{:04X}>\n", i % 200, 0x41 + (i % 26)));
        }
        cmap.push_str("endbfrange\n");
    }
    cmap.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
    let first_page = 6;
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", first_page + i)).collect();
    let mut objs = vec![
        CATALOG.as_bytes().to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", kids.join(" ")).into_bytes(),
        stream("", b"BT /F1 12 Tf 72 720 Td <0041004200430044> Tj ET"),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding /Identity-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Arial /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>] /ToUnicode 5 0 R >>".to_vec(),
        stream("/Filter /FlateDecode", &zlib(cmap.as_bytes())),
    ];
    for _ in 0..pages {
        objs.push(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>".to_vec(),
        );
    }
    pdf_from_objects(&objs)
}

/// Where `needle` starts in `hay`, from the end.
fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Ways a good PDF gets damaged on its way through archives, mail and web servers.
pub fn damaged_copies(pdf: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let mut v = Vec::new();
    // Bytes after %%EOF (a second, broken update; mail footers).
    let mut junk = pdf.to_vec();
    junk.extend_from_slice(b"\r\n--boundary--\r\nThis message was scanned by MailGuard.\r\n\x00\x00\x00garbage 9 0 obj <<");
    v.push(("trailing-junk", junk));
    // An HTTP response saved with its header.
    let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: 1234\r\nServer: nginx\r\n\r\n".to_vec();
    http.extend_from_slice(pdf);
    v.push(("http-header", http));
    // Every LF turned into CRLF (FTP in ASCII mode): offsets all wrong, binary streams changed.
    let mut crlf = Vec::with_capacity(pdf.len() * 11 / 10);
    for &b in pdf {
        if b == b'\n' {
            crlf.push(b'\r');
        }
        crlf.push(b);
    }
    v.push(("crlf", crlf));
    // Every xref offset shifted (a prefix added and the table not updated).
    let mut shifted = b"%PDF-1.5\n% a comment line added by a tool that did not fix the offsets\n".to_vec();
    shifted.extend_from_slice(pdf);
    v.push(("shifted-xref", shifted));
    // No xref table or startxref at all.
    let mut no_xref = pdf.to_vec();
    if let Some(x) = rfind(&no_xref, b"startxref") {
        no_xref.truncate(x);
        no_xref.extend_from_slice(b"%%EOF\n");
    }
    if let Some(x) = rfind(&no_xref, b"\nxref") {
        let tail = no_xref.split_off(x);
        if let Some(t) = rfind(&tail, b"trailer") {
            no_xref.extend_from_slice(b"\n");
            no_xref.extend_from_slice(&tail[t..]);
        }
    }
    v.push(("missing-xref", no_xref));
    // Every stream's /Length off by a few bytes (a tool that rewrote the streams, not the
    // dictionaries): left to poppler when our own repairs cannot place the streams.
    let mut lengths = Vec::with_capacity(pdf.len());
    let mut i = 0;
    while i < pdf.len() {
        if pdf[i..].starts_with(b"/Length ") {
            let start = i + 8;
            let end = start + pdf[start..].iter().take_while(|b| b.is_ascii_digit()).count();
            if let Some(n) = std::str::from_utf8(&pdf[start..end]).ok().and_then(|d| d.parse::<u64>().ok()) {
                lengths.extend_from_slice(format!("/Length {}", n + 7).as_bytes());
                i = end;
                continue;
            }
        }
        lengths.push(pdf[i]);
        i += 1;
    }
    v.push(("wrong-stream-lengths", lengths));
    v
}
