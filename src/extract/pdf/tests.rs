//! Tests of the whole PDF reader on the fixture PDFs and on bad inputs.

use super::*;
use crate::model::Line;
use unicode_normalization::UnicodeNormalization;

fn fixture_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

fn fixture(name: &str) -> Vec<u8> {
    let p = fixture_path(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

fn norm_cell(s: &str) -> String {
    let s = s.replace("**", "").replace("<i>", "").replace("</i>", "");
    s.split_whitespace().collect::<Vec<_>>().join(" ").nfc().collect()
}

/// Table rows of a .txt fixture as the PDF generator laid them out: blocks of
/// consecutive tab lines, cells trimmed, columns empty in the whole block dropped.
fn txt_table_rows(txt: &str) -> Vec<Vec<String>> {
    let mut blocks: Vec<Vec<Vec<String>>> = Vec::new();
    let mut cur: Vec<Vec<String>> = Vec::new();
    for line in txt.lines() {
        if line.contains('\t') {
            cur.push(line.split('\t').map(norm_cell).collect());
        } else if !cur.is_empty() {
            blocks.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        blocks.push(cur);
    }
    let mut out = Vec::new();
    for mut b in blocks {
        let n = b.iter().map(Vec::len).max().unwrap_or(0);
        for r in &mut b {
            r.resize(n, String::new());
        }
        let keep: Vec<usize> = (0..n).filter(|&j| b.iter().any(|r| !r[j].is_empty())).collect();
        for r in b {
            out.push(keep.iter().map(|&j| r[j].clone()).collect());
        }
    }
    out
}

fn pdf_rows(ex: &Extracted) -> Vec<Vec<String>> {
    ex.pages
        .iter()
        .flat_map(|p| p.lines.iter())
        .filter(|l| l.tabular)
        .map(|l| l.cells.iter().map(|c| norm_cell(&c.text)).collect())
        .collect()
}

fn all_lines(ex: &Extracted) -> Vec<&Line> {
    ex.pages.iter().flat_map(|p| p.lines.iter()).collect()
}

/// Share of the fixture's table rows reproduced exactly by some tabular PDF line;
/// prints the rows that differ.
fn table_recall(pdf: &str, txt: &str) -> (usize, usize) {
    let ex = read_pdf(&fixture(pdf), &ExtractOptions::default()).expect("fixture PDF reads");
    let got = pdf_rows(&ex);
    let want = txt_table_rows(&String::from_utf8_lossy(&fixture(txt)));
    let mut hit = 0;
    for w in &want {
        if got.iter().any(|g| g == w) {
            hit += 1;
        } else {
            println!("MISSING {pdf}: {:?}", w);
        }
    }
    println!("{pdf}: {hit}/{} table rows reproduced ({:.1}%)", want.len(), 100.0 * hit as f64 / want.len().max(1) as f64);
    (hit, want.len())
}

#[test]
fn cao_bang_tables_match_fixture() {
    let (hit, total) = table_recall("cao_bang_2015.text.pdf", "cao_bang_2015.txt");
    assert!(total > 50, "fixture has {total} table rows");
    assert_eq!(hit, total, "every table row of the .txt is reproduced");
}

#[test]
fn dong_nai_tables_match_fixture() {
    let (hit, total) = table_recall("dong_nai_2020.text.pdf", "dong_nai_2020.txt");
    assert!(total > 30, "fixture has {total} table rows");
    assert!(hit * 100 >= total * 95, "{hit}/{total} table rows reproduced");
}

#[test]
fn rotated_pages_read_like_upright() {
    // made with qpdf: --rotate=-90, --flatten-rotation, --rotate=+90: pages now have
    // /Rotate 90, a swapped MediaBox and rotated content, but display as the original
    let (hit, total) = table_recall("cao_bang_2015.rotated.pdf", "cao_bang_2015.txt");
    assert_eq!(hit, total);
    let ex = read_pdf(&fixture("cao_bang_2015.rotated.pdf"), &ExtractOptions::default()).expect("read");
    assert!(!ex.pages[0].landscape);
    assert!(ex.pages.last().map(|p| p.landscape).unwrap_or(false));
    assert!(all_lines(&ex).iter().any(|l| l.text == "Cao Bằng, ngày 26 tháng 02 năm 2015"));
}

#[test]
fn another_producer_cairo() {
    // the fixture PDFs re-written by poppler's cairo backend (pdftocairo -pdf): flipped
    // CTM, font size 1 scaled by Tm, Identity-H CID fonts mixed with WinAnsi subsets
    for (pdf, txt) in [("cao_bang_2015.cairo.pdf", "cao_bang_2015.txt"), ("dong_nai_2020.cairo.pdf", "dong_nai_2020.txt")] {
        let (hit, total) = table_recall(pdf, txt);
        assert_eq!(hit, total, "{pdf}");
    }
    let ex = read_pdf(&fixture("cao_bang_2015.cairo.pdf"), &ExtractOptions::default()).expect("read");
    let lines = all_lines(&ex);
    assert!(lines.iter().any(|l| l.text == "Số: 270/QĐ - UBND"));
    assert!(lines.iter().any(|l| l.text == "Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26 tháng 11 năm 2003;"));
}

#[test]
fn cao_bang_prose_and_routes() {
    let ex = read_pdf(&fixture("cao_bang_2015.text.pdf"), &ExtractOptions::default()).expect("read");
    assert_eq!(ex.kind, SourceKind::PdfText);
    assert_eq!(ex.page_count, Some(16));
    assert_eq!(ex.pages.len(), 16);
    assert!(ex.pages.iter().all(|p| p.route == PageRoute::TextLayer));
    assert!(ex.pages.last().map(|p| p.landscape).unwrap_or(false), "last page is landscape");
    assert!(!ex.pages[0].landscape);
    let lines = all_lines(&ex);
    let has = |t: &str| lines.iter().any(|l| !l.tabular && l.text == t);
    assert!(has("Số: 270/QĐ - UBND"));
    assert!(has("Cao Bằng, ngày 26 tháng 02 năm 2015"));
    assert!(has("Đàm Văn Eng"));
    assert!(has("Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26 tháng 11 năm 2003;"));
    assert!(has("Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21 tháng 5 năm 2012 của Chính phủ về khuyến công;"));
    assert!(has("Căn cứ Thông tư liên tịch số 26/2014/TTLT-BTC - BCT ngày 18 tháng 02 năm 2014 của Bộ Tài chính - Bộ Công Thương hướng dẫn trình tự lập, quản lý, sử dụng kinh phí khuyến công quốc gia và kinh phí khuyến công địa phương;"));
    // numbering and provenance
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l.number as usize, i + 1);
        assert_eq!(l.text, l.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("\t"));
        assert!(l.cells.iter().all(|c| c.x0.is_some() && c.x1 >= c.x0));
        assert!(l.tabular || l.cells.len() == 1);
    }
    // no page numbers among the lines
    assert!(!lines.iter().any(|l| !l.tabular && l.text.trim() == "4"));
    // all text is NFC
    assert!(lines.iter().all(|l| l.text.nfc().collect::<String>() == l.text));
}

#[test]
fn prose_lines_match_fixture_paragraphs() {
    // each non-table paragraph line of the .txt (one source line = one paragraph
    // unless it was a <br/> line) should be a whole PDF line; report the share
    for (pdf, txt) in [
        ("cao_bang_2015.text.pdf", "cao_bang_2015.txt"),
        ("dong_nai_2020.text.pdf", "dong_nai_2020.txt"),
        ("cao_bang_2015.cairo.pdf", "cao_bang_2015.txt"),
        ("dong_nai_2020.cairo.pdf", "dong_nai_2020.txt"),
    ] {
        let ex = read_pdf(&fixture(pdf), &ExtractOptions::default()).expect("read");
        let got: std::collections::HashSet<String> = all_lines(&ex).iter().filter(|l| !l.tabular).map(|l| norm_cell(&l.text)).collect();
        let src = String::from_utf8_lossy(&fixture(txt)).to_string();
        let want: Vec<String> = src.lines().filter(|l| !l.contains('\t') && !l.trim().is_empty()).map(norm_cell).collect();
        let hit = want.iter().filter(|w| got.contains(*w)).count();
        println!("{pdf}: {hit}/{} prose lines reproduced as whole lines", want.len());
        for w in want.iter().filter(|w| !got.contains(*w)).take(15) {
            println!("  prose differs: {w}");
        }
        assert!(hit * 100 >= want.len() * 97, "{pdf}: {hit}/{}", want.len());
    }
}

#[test]
fn truncated_pdf_is_broken() {
    let b = fixture("cao_bang_2015.text.pdf");
    let half = &b[..b.len() / 2];
    match read_pdf(half, &ExtractOptions::default()) {
        Err(DocError::BrokenPdf(m)) => assert!(m.contains("truncated or damaged"), "{m}"),
        Err(e) => panic!("unexpected error kind: {e}"),
        Ok(ex) => panic!("half a PDF read as {} pages", ex.pages.len()),
    }
}

#[test]
fn random_bytes_are_broken() {
    let mut b = b"%PDF-1.4\n".to_vec();
    let mut x: u32 = 12345;
    for _ in 0..5000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        b.push((x >> 16) as u8);
    }
    assert!(looks_like_pdf(&b));
    assert!(matches!(read_pdf(&b, &ExtractOptions::default()), Err(DocError::BrokenPdf(_))));
}

#[test]
fn zero_pages_is_an_error() {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let pages = lopdf::dictionary! { "Type" => "Pages", "Kids" => Vec::<lopdf::Object>::new(), "Count" => 0 };
    doc.objects.insert(pages_id, lopdf::Object::Dictionary(pages));
    let catalog_id = doc.add_object(lopdf::dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut buf = Vec::new();
    doc.save_to(&mut buf).expect("save");
    match read_pdf(&buf, &ExtractOptions::default()) {
        Err(DocError::BrokenPdf(m)) => assert!(m.contains("no pages"), "{m}"),
        other => panic!("expected a no-pages error, got {:?}", other.map(|e| e.pages.len())),
    }
}

#[test]
fn encrypted_pdf() {
    // made with: qpdf --encrypt user owner 128 --use-aes=n -- cao_bang_2015.text.pdf encrypted_rc4.pdf
    let b = fixture("encrypted_rc4.pdf");
    match read_pdf(&b, &ExtractOptions::default()) {
        Err(DocError::Encrypted(_)) => {}
        other => panic!("expected Encrypted, got {:?}", other.map(|e| e.pages.len())),
    }
    let opts = ExtractOptions { password: Some("user".into()), ..Default::default() };
    let ex = read_pdf(&b, &opts).expect("the user password opens it");
    assert_eq!(ex.pages.len(), 16);
    assert!(all_lines(&ex).iter().any(|l| l.text == "Đàm Văn Eng"));
    // AES-256 (not supported by lopdf): still a clean Encrypted error
    let aes = fixture("encrypted_aes256.pdf");
    match read_pdf(&aes, &opts) {
        Err(DocError::Encrypted(m)) => assert!(m.contains("not supported"), "{m}"),
        other => panic!("expected Encrypted, got {:?}", other.map(|e| e.pages.len())),
    }
}

#[test]
fn stream_limit_stops_document() {
    let opts = ExtractOptions { max_stream_bytes: 1000, ..Default::default() };
    match read_pdf(&fixture("cao_bang_2015.text.pdf"), &opts) {
        Err(DocError::BrokenPdf(m)) => assert!(m.contains("bomb"), "{m}"),
        other => panic!("expected a stream-limit error, got {:?}", other.map(|e| e.pages.len())),
    }
}

#[test]
fn legacy_tcvn3_page_is_converted() {
    let ex = read_pdf(&fixture("legacy_tcvn3.pdf"), &ExtractOptions::default()).expect("read");
    let expected = String::from_utf8_lossy(&fixture("legacy_tcvn3.expected")).to_string();
    let want: Vec<String> = expected.lines().filter(|l| !l.trim().is_empty()).map(norm_cell).collect();
    let got: Vec<String> = all_lines(&ex).iter().map(|l| norm_cell(&l.text)).collect();
    println!("{got:#?}");
    assert_eq!(ex.pages.first().map(|p| p.route), Some(PageRoute::TextLayer));
    assert_eq!(got, want);
    assert!(ex.warnings.iter().any(|w| w.message.contains("TCVN3")), "{:?}", ex.warnings);
}

#[test]
fn image_only_page_goes_to_ocr() {
    // one page drawing an image XObject and no text
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let img = lopdf::Stream::new(
        lopdf::dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        vec![0u8],
    );
    let img_id = doc.add_object(img);
    let content = lopdf::Stream::new(lopdf::Dictionary::new(), b"q 595 0 0 842 0 0 cm /Im0 Do Q".to_vec());
    let content_id = doc.add_object(content);
    let xobjects = lopdf::dictionary! { "Im0" => img_id };
    let resources = lopdf::dictionary! { "XObject" => xobjects };
    let media: Vec<lopdf::Object> = vec![0.into(), 0.into(), 595.into(), 842.into()];
    let page_id = doc.add_object(lopdf::dictionary! {
        "Type" => "Page", "Parent" => pages_id, "MediaBox" => media,
        "Contents" => content_id, "Resources" => resources
    });
    doc.objects.insert(
        pages_id,
        lopdf::Object::Dictionary(lopdf::dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 }),
    );
    let catalog_id = doc.add_object(lopdf::dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut buf = Vec::new();
    doc.save_to(&mut buf).expect("save");
    let ex = read_pdf(&buf, &ExtractOptions::default()).expect("read");
    assert_eq!(ex.kind, SourceKind::PdfScan);
    assert_eq!(ex.pages[0].route, PageRoute::Ocr);
    assert!(ex.warnings.iter().any(|w| w.message.contains("OCR")));
}

/// Prints the extraction of both fixtures (run with --ignored --nocapture).
#[test]
#[ignore]
fn zz_dump() {
    for name in ["cao_bang_2015.text.pdf", "dong_nai_2020.text.pdf"] {
        let ex = read_pdf(&fixture(name), &ExtractOptions::default()).expect("read");
        for p in &ex.pages {
            for l in &p.lines {
                println!("{:>3} p{} {}{}", l.number, p.number, if l.tabular { "T " } else { "  " }, l.text);
            }
        }
        println!("{:?}", ex.warnings);
    }
}

#[test]
fn damaged_variants_never_panic() {
    let b = fixture("cao_bang_2015.text.pdf");
    let mut x: u32 = 7;
    for k in 0..12usize {
        let mut v = b.clone();
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        if k % 2 == 0 {
            // cut at a pseudo-random point
            v.truncate(1000 + (x as usize % (b.len() - 1000)));
        } else {
            // overwrite a run of bytes in the middle (streams, xref, fonts)
            let at = x as usize % (b.len() - 200);
            for (i, byte) in v[at..at + 200].iter_mut().enumerate() {
                *byte = (x >> (i % 24)) as u8;
            }
        }
        let r = std::panic::catch_unwind(|| read_pdf(&v, &ExtractOptions::default()));
        assert!(r.is_ok(), "variant {k} panicked");
    }
}

/// A one-page PDF with the given content stream and a font /F1 (Helvetica, WinAnsi, no ToUnicode).
fn one_page_pdf(content: &[u8]) -> Vec<u8> {
    one_page_pdf_with_font(content, "Helvetica")
}

/// Same with another BaseFont name for /F1.
fn one_page_pdf_with_font(content: &[u8], base_font: &str) -> Vec<u8> {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(lopdf::dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => lopdf::Object::Name(base_font.as_bytes().to_vec()),
        "Encoding" => "WinAnsiEncoding"
    });
    let content_id = doc.add_object(lopdf::Stream::new(lopdf::Dictionary::new(), content.to_vec()));
    let fonts = lopdf::dictionary! { "F1" => font_id };
    let resources = lopdf::dictionary! { "Font" => fonts };
    let media: Vec<lopdf::Object> = vec![0.into(), 0.into(), 595.into(), 842.into()];
    let page_id = doc.add_object(lopdf::dictionary! {
        "Type" => "Page", "Parent" => pages_id, "MediaBox" => media,
        "Contents" => content_id, "Resources" => resources
    });
    doc.objects.insert(
        pages_id,
        lopdf::Object::Dictionary(lopdf::dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 }),
    );
    let catalog_id = doc.add_object(lopdf::dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut buf = Vec::new();
    doc.save_to(&mut buf).expect("save");
    buf
}

#[test]
fn garbage_text_layer_goes_to_ocr() {
    let mut content = b"BT /F1 12 Tf 72 700 Td (".to_vec();
    for _ in 0..10 {
        content.extend_from_slice(b"\x86\x87\x89\x95\x99{|}^ \x84\x8b\x9b");
    }
    content.extend_from_slice(b") Tj ET");
    let ex = read_pdf(&one_page_pdf(&content), &ExtractOptions::default()).expect("read");
    assert_eq!(ex.pages[0].route, PageRoute::Ocr, "{:?}", ex.warnings);
    assert!(ex.warnings.iter().any(|w| w.message.contains("garbage")), "{:?}", ex.warnings);
}

#[test]
fn plain_standard_font_page_is_text() {
    let content = b"BT /F1 12 Tf 72 700 Td (Ke hoach khuyen cong nam 2020, tong kinh phi 3.600 trieu dong) Tj ET\n\
        0 0 0 RG 72 600 m 300 600 l S";
    let ex = read_pdf(&one_page_pdf(content), &ExtractOptions::default()).expect("read");
    assert_eq!(ex.kind, SourceKind::PdfText);
    assert_eq!(ex.pages[0].route, PageRoute::TextLayer);
    let texts: Vec<&str> = ex.pages[0].lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, vec!["Ke hoach khuyen cong nam 2020, tong kinh phi 3.600 trieu dong"]);
}

#[test]
fn inline_image_does_not_hide_text() {
    let content = b"q 10 0 0 10 72 760 cm BI /W 2 /H 1 /CS /G /BPC 8 ID \x00\xff EI Q\n\
        BT /F1 12 Tf 72 700 Td (Ke hoach khuyen cong nam 2020) Tj ET";
    let ex = read_pdf(&one_page_pdf(content), &ExtractOptions::default()).expect("read");
    println!("{:?}", ex.warnings);
    assert_eq!(ex.pages[0].route, PageRoute::TextLayer);
    assert_eq!(ex.pages[0].lines.first().map(|l| l.text.as_str()), Some("Ke hoach khuyen cong nam 2020"));
}

#[test]
fn scanned_pdf_routes_every_page_to_ocr() {
    let p = fixture_path("cao_bang_2015.scan.pdf");
    let p = p.as_path();
    let Ok(b) = std::fs::read(p) else {
        println!("skipped: {} not present", p.display());
        return;
    };
    let ex = read_pdf(&b, &ExtractOptions::default()).expect("read");
    assert_eq!(ex.kind, SourceKind::PdfScan);
    assert_eq!(ex.page_count, Some(16));
    assert!(ex.pages.iter().all(|p| p.route == PageRoute::Ocr));
    assert!(ex.pages.last().map(|p| p.landscape).unwrap_or(false));
    // a page OCR could not read is empty and carries a warning
    for pg in &ex.pages {
        let tag = format!("page {}:", pg.number);
        assert!(!pg.lines.is_empty() || ex.warnings.iter().any(|w| w.message.starts_with(&tag)), "{tag}");
    }
}

#[test]
fn table_ruled_with_filled_bars() {
    // Word-style borders: every rule is a 0.5 pt filled rectangle; one empty cell
    let mut c = String::from("0 0 0 rg\n");
    for y in [700.0, 680.0, 660.0] {
        c += &format!("100 {y} 300 0.5 re f\n");
    }
    for x in [100.0, 160.0, 300.0, 400.0] {
        c += &format!("{x} 660 0.5 40.5 re f\n");
    }
    c += "BT /F1 10 Tf 105 686 Td (TT) Tj 60 0 Td (Noi dung) Tj 140 0 Td (Tong) Tj ET\n";
    c += "BT /F1 10 Tf 105 666 Td (1) Tj 60 0 Td (Dao tao nghe) Tj ET\n";
    let ex = read_pdf(&one_page_pdf(c.as_bytes()), &ExtractOptions::default()).expect("read");
    let rows: Vec<&str> = ex.pages[0].lines.iter().filter(|l| l.tabular).map(|l| l.text.as_str()).collect();
    assert_eq!(rows, vec!["TT\tNoi dung\tTong", "1\tDao tao nghe\t"]);
    let cells = &ex.pages[0].lines[1].cells;
    assert_eq!(cells.len(), 3);
    assert!((cells[2].x0.unwrap_or(0.0) - 300.25).abs() < 1.0);
}

#[test]
fn side_by_side_header_blocks_stay_apart() {
    let c = b"BT /F1 12 Tf 72 780 Td (UBND TINH DONG NAI) Tj 250 0 Td (CONG HOA XA HOI CHU NGHIA) Tj ET\n\
        BT /F1 12 Tf 72 760 Td (So: 2257/KH-UBND) Tj 250 0 Td (Dong Nai, ngay 06 thang 3 nam 2020) Tj ET";
    let ex = read_pdf(&one_page_pdf(c), &ExtractOptions::default()).expect("read");
    let texts: Vec<&str> = ex.pages[0].lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, vec!["UBND TINH DONG NAI", "CONG HOA XA HOI CHU NGHIA", "So: 2257/KH-UBND", "Dong Nai, ngay 06 thang 3 nam 2020"]);
}

#[test]
fn deadline_is_enforced() {
    let opts = ExtractOptions { timeout: Some(std::time::Duration::ZERO), ..Default::default() };
    assert!(matches!(read_pdf(&fixture("cao_bang_2015.text.pdf"), &opts), Err(DocError::Timeout(_))));
}

#[test]
fn unruled_table_rows_keep_their_cells() {
    let c = b"BT /F1 10 Tf 72 700 Td (TT) Tj 60 0 Td (Noi dung) Tj 200 0 Td (2016) Tj 60 0 Td (2017) Tj ET\n\
        BT /F1 10 Tf 72 685 Td (1) Tj 60 0 Td (Dao tao nghe) Tj 200 0 Td (700) Tj 60 0 Td (800) Tj ET\n\
        BT /F1 10 Tf 72 640 Td (Ghi chu: so lieu du kien) Tj ET";
    let ex = read_pdf(&one_page_pdf(c), &ExtractOptions::default()).expect("read");
    let lines = &ex.pages[0].lines;
    let texts: Vec<(&str, bool)> = lines.iter().map(|l| (l.text.as_str(), l.tabular)).collect();
    assert_eq!(texts, vec![("TT\tNoi dung\t2016\t2017", true), ("1\tDao tao nghe\t700\t800", true), ("Ghi chu: so lieu du kien", false)]);
    assert!((lines[1].cells[2].x0.unwrap_or(0.0) - 332.0).abs() < 1.0);
}

#[test]
fn vni_font_is_converted() {
    // VNI-Times codes for "Việt Nam độc lập": marks are separate bytes after the vowel
    let c = b"BT /F1 12 Tf 72 700 Td (Vie\xe4t Nam \xf1o\xe4c la\xe4p) Tj ET";
    let ex = read_pdf(&one_page_pdf_with_font(c, "VNI-Times"), &ExtractOptions::default()).expect("read");
    assert_eq!(ex.pages[0].lines.first().map(|l| l.text.as_str()), Some("Việt Nam độc lập"));
    assert!(ex.warnings.iter().any(|w| w.message.contains("VNI")), "{:?}", ex.warnings);
}
