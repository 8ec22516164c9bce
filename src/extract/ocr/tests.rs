//! Tests on the scanned fixtures with real Tesseract, and the accuracy measure
//! (table rows and numeric cells against the fixture texts).

use super::*;
use crate::extract::ExtractOptions;
use unicode_normalization::UnicodeNormalization;

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/");

fn load(name: &str) -> lopdf::Document {
    let bytes = std::fs::read(format!("{FIX}{name}.scan.pdf")).unwrap();
    lopdf::Document::load_mem(&bytes).unwrap()
}

/// Page `n` (1-based) of a fixture scan as the OCR stage receives it.
pub(super) fn scan_page(name: &str, n: u32) -> image::PageImage {
    let doc = load(name);
    let id = doc.get_pages()[&n];
    image::page_image(&doc, n, id, 1 << 28, None).unwrap()
}

/// OCRs the given 1-based pages (all when empty).
fn ocr_pages(name: &str, wanted: &[u32], opts: &ExtractOptions) -> Vec<Page> {
    let doc = load(name);
    let mut out = Vec::new();
    for (n, id) in doc.get_pages() {
        if wanted.is_empty() || wanted.contains(&n) {
            let t = Instant::now();
            let p = ocr_pdf_page(&doc, n, id, opts).unwrap();
            eprintln!("{name} page {n}: {} lines in {:.1} s", p.lines.len(), t.elapsed().as_secs_f32());
            out.push(p);
        }
    }
    out
}

fn strip_markup(s: &str) -> String {
    s.replace("**", "").replace("<i>", "").replace("</i>", "")
}

/// Table rows of a fixture text, as the PDF shows them: cells trimmed and
/// markup removed, columns empty in a whole table block dropped (the PDF grid
/// has no such columns), trailing empty cells dropped.
fn expected_rows(txt: &str) -> Vec<Vec<String>> {
    let mut blocks: Vec<Vec<Vec<String>>> = Vec::new();
    let mut cur: Vec<Vec<String>> = Vec::new();
    for line in txt.nfc().collect::<String>().lines() {
        if line.contains('\t') {
            cur.push(line.split('\t').map(|c| strip_markup(c).trim().to_string()).collect());
        } else if !cur.is_empty() {
            blocks.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        blocks.push(cur);
    }
    let mut out = Vec::new();
    for b in blocks {
        let n = b.iter().map(|r| r.len()).max().unwrap_or(0);
        let keep: Vec<usize> = (0..n).filter(|&j| b.iter().any(|r| r.get(j).is_some_and(|c| !c.is_empty()))).collect();
        for r in b {
            let mut row: Vec<String> = keep.iter().map(|&j| r.get(j).cloned().unwrap_or_default()).collect();
            while row.last().is_some_and(|c| c.is_empty()) {
                row.pop();
            }
            out.push(row);
        }
    }
    out
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.chars().any(|c| c.is_ascii_digit()) && s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

#[derive(Debug, Default)]
struct Score {
    rows: usize,
    rows_exact: usize,
    numbers: usize,
    numbers_exact: usize,
    misses: Vec<String>,
}

/// Row and numeric-cell accuracy of OCR pages against a fixture text.
fn score(txt: &str, pages: &[Page]) -> Score {
    let got: Vec<Vec<String>> = pages
        .iter()
        .flat_map(|p| p.lines.iter())
        .filter(|l| l.tabular)
        .map(|l| {
            let mut r: Vec<String> = l.cells.iter().map(|c| c.text.nfc().collect::<String>().trim().to_string()).collect();
            while r.last().is_some_and(|c| c.is_empty()) {
                r.pop();
            }
            r
        })
        .collect();
    let mut s = Score::default();
    for exp in expected_rows(txt) {
        if exp.is_empty() {
            continue;
        }
        s.rows += 1;
        if got.contains(&exp) {
            s.rows_exact += 1;
        } else {
            s.misses.push(exp.join(" | "));
        }
        // the OCR row that agrees with it on most cells stands for it
        // (equal non-empty cells, then shared words of the whole row)
        let words = |r: &Vec<String>| -> std::collections::HashSet<String> {
            r.iter().flat_map(|c| c.split_whitespace().map(|w| w.to_string())).collect()
        };
        let ew = words(&exp);
        let best = got
            .iter()
            .map(|g| {
                let eq = exp.iter().zip(g).filter(|(a, b)| !a.is_empty() && a == b).count();
                (eq * 1000 + words(g).intersection(&ew).count(), g)
            })
            .max_by_key(|(k, _)| *k)
            .filter(|(k, _)| *k > 0)
            .map(|(_, g)| g);
        for (j, cell) in exp.iter().enumerate() {
            if is_number(cell) {
                s.numbers += 1;
                let ok = best.and_then(|g| g.get(j)).is_some_and(|g| g == cell);
                if ok {
                    s.numbers_exact += 1;
                } else {
                    s.misses.push(format!("  number {cell:?} read {:?} in {:?}", best.and_then(|g| g.get(j)), best.map(|g| g.join(" | "))));
                }
            }
        }
    }
    s
}

#[test]
fn expected_rows_drop_block_empty_columns_and_markup() {
    let txt = "prose\nTT\t\t**Tên**\t\nI\t\t<i>x</i>\t\t\n\nA\tB\n";
    let rows = expected_rows(txt);
    assert_eq!(rows, vec![vec!["TT", "Tên"], vec!["I", "x"], vec!["A", "B"]]);
    assert!(is_number("2.963,455") && !is_number("-") && !is_number("Năm 2016"));
    assert!(looks_numeric("1.700") && looks_numeric("2.963,455") && looks_numeric("-5"));
    assert!(well_formed_figure("1.272.550") && well_formed_figure("-5") && well_formed_figure("188,33"));
    assert!(!well_formed_figure("1.272.550,") && !well_formed_figure("'220") && !well_formed_figure("1..2"));
    assert!(may_be_figure("SE") && !may_be_figure("II.") && !may_be_figure("Năm 2016"));
    assert!(!looks_numeric("Năm 2016") && !looks_numeric("-") && !looks_numeric("Tổng cộng"));
}

/// Draws digit-like bars and a mark between them.
fn synthetic_figure(mark_below: i32) -> GrayImage {
    let mut img = GrayImage::filled(60, 40, 230);
    for (x0, x1) in [(10usize, 14usize), (30, 34)] {
        for y in 10..30 {
            for x in x0..x1 {
                img.set(x, y, 20);
            }
        }
    }
    let bottom = (30 + mark_below) as usize;
    for y in bottom - 3..bottom {
        for x in 20..23 {
            img.set(x, y, 20);
        }
    }
    img
}

#[test]
fn dropped_separator_is_restored_from_the_image() {
    assert_eq!(restore_separators(&synthetic_figure(0), 128, "11", 200).as_deref(), Some("1.1"));
    assert_eq!(restore_separators(&synthetic_figure(3), 128, "11", 200).as_deref(), Some("1,1"));
    // the image has two glyphs, the text three digits: no guess
    assert_eq!(restore_separators(&synthetic_figure(0), 128, "111", 200), None);
    assert_eq!(restore_separators(&synthetic_figure(0), 128, "1.1", 200), None);
    let mut plain = synthetic_figure(0);
    for y in 0..40 {
        for x in 18..26 {
            plain.set(x, y, 230);
        }
    }
    assert_eq!(restore_separators(&plain, 128, "11", 200), None);
}

/// A cell of paper with the given dark rectangles (x0, y0, x1, y1) drawn in.
fn cell_with(marks: &[(usize, usize, usize, usize)]) -> GrayImage {
    let mut img = GrayImage::filled(90, 60, 230);
    for &(x0, y0, x1, y1) in marks {
        for y in y0..y1 {
            for x in x0..x1 {
                img.set(x, y, 20);
            }
        }
    }
    img
}

fn crop_of(img: &GrayImage) -> Option<CellCrop> {
    let mask = img.binarize(128);
    cell_crop(img, &mask, PixelBox { x0: 0, y0: 0, x1: img.width, y1: img.height }, 200, 230)
}

/// A ring ("0", 20×30 with a 3-pixel stroke) at x 30..50, y 15..45.
const RING: [(usize, usize, usize, usize); 4] = [(30, 15, 50, 18), (30, 42, 50, 45), (30, 15, 33, 45), (47, 15, 50, 45)];

#[test]
fn a_speck_in_a_glyphs_hole_is_dust_and_a_mark_beside_it_is_not() {
    // the speck inside the ring is painted over: the "0" is not read as "9"
    let mut marks = RING.to_vec();
    marks.push((39, 28, 42, 31));
    let crop = crop_of(&cell_with(&marks)).expect("content");
    let m = (0.06 * 200.0) as usize; // the crop's margin
    assert!(crop.image.get(40 - 30 + m, 29 - 15 + m) > 128, "speck kept");
    // the same speck just below the ring (a dot below a letter) stays
    let mut marks = RING.to_vec();
    marks.push((39, 47, 42, 50));
    let crop = crop_of(&cell_with(&marks)).expect("content");
    assert!(crop.image.get(40 - 30 + m, 48 - 15 + m) < 128, "mark below removed");
    assert!(!crop.lone_dash);
}

#[test]
fn a_lone_short_stroke_is_a_printed_dash_not_a_figure() {
    let dash = crop_of(&cell_with(&[(35, 30, 47, 33)])).expect("content");
    assert!(dash.lone_dash);
    // with a speck far from it (dust), still a dash
    assert!(crop_of(&cell_with(&[(35, 30, 47, 33), (10, 10, 13, 13)])).expect("content").lone_dash);
    // a "1" (a tall stroke) and a ring are figures
    assert!(!crop_of(&cell_with(&[(40, 15, 43, 45)])).expect("content").lone_dash);
    assert!(!crop_of(&cell_with(&RING)).expect("content").lone_dash);
    // a long rule fragment is no dash
    assert!(!crop_of(&cell_with(&[(2, 30, 88, 33)])).expect("content").lone_dash);
}

/// One table page of Cao Bằng (Biểu with 7 years of money): every row of the
/// 2009–2015 table comes out as a tabular line, numbers exact; cached re-run
/// is instant and identical.
#[test]
fn cao_bang_table_page_rows_and_cache() {
    let cache = tempfile::tempdir().unwrap();
    let opts = ExtractOptions { ocr_cache: Some(cache.path().to_path_buf()), ..Default::default() };
    let pages = ocr_pages("cao_bang_2015", &[3, 4], &opts);
    let p = &pages[1];
    assert_eq!(p.route, PageRoute::Ocr);
    assert!(!p.landscape);
    let tab: Vec<&Line> = pages.iter().flat_map(|p| p.lines.iter()).filter(|l| l.tabular).collect();
    for l in &tab {
        eprintln!("{}", l.text);
    }
    assert!(tab.len() >= 6, "{} tabular lines", tab.len());
    assert!(tab.iter().all(|l| l.cells.len() == 10 && l.text.split('\t').count() == 10));
    let want = ["1\tKinh phí khuyến công quốc gia\t520\t90\t60\t910\t750\t770\t1.700\t4.800", "\t\tNăm 2009\tNăm 2010"];
    assert!(tab.iter().any(|l| l.text == want[0]), "row 1 not exact");
    assert!(tab.iter().any(|l| l.text.starts_with(want[1])), "merged header row");
    let numbers: Vec<&Cell> = tab.iter().flat_map(|l| l.cells.iter()).filter(|c| is_number(&c.text)).collect();
    assert!(numbers.iter().all(|c| c.confidence.is_some() && c.x0 < c.x1));
    // prose lines around the table are there too, as single cells
    assert!(p.lines.iter().any(|l| !l.tabular && l.cells.len() == 1 && l.text.contains("khuyến công")));
    let s = score(&std::fs::read_to_string(format!("{FIX}cao_bang_2015.txt")).unwrap(), &pages);
    eprintln!("numbers {}/{}", s.numbers_exact, s.numbers);
    let t = Instant::now();
    let again = ocr_pages("cao_bang_2015", &[3, 4], &opts);
    assert!(t.elapsed().as_secs_f32() < 1.0, "cache miss");
    assert_eq!(again[1].lines.len(), p.lines.len());
    assert_eq!(again[1].lines[3].text, p.lines[3].text);
}

/// Full measurement over both documents (slow: run with `--ignored`); writes
/// a report with the share of exact rows and numeric cells per document.
#[test]
#[ignore]
fn report_accuracy_all_pages() {
    let mut report = String::new();
    for name in std::env::var("TRICHXUAT_OCR_DOCS")
        .map(|s| s.split(',').filter(|d| !d.is_empty()).map(String::from).collect::<Vec<_>>())
        .unwrap_or_else(|_| vec!["cao_bang_2015".into(), "dong_nai_2020".into()])
    {
        let t = Instant::now();
        let name = name.as_str();
        let pages = ocr_pages(name, &[], &ExtractOptions::default());
        let secs = t.elapsed().as_secs_f32();
        let s = score(&std::fs::read_to_string(format!("{FIX}{name}.txt")).unwrap(), &pages);
        report.push_str(&format!(
            "{name}: {} pages in {secs:.0} s; rows exact {}/{} ({:.1}%); numeric cells exact {}/{} ({:.1}%)\n",
            pages.len(),
            s.rows_exact,
            s.rows,
            100.0 * s.rows_exact as f32 / s.rows.max(1) as f32,
            s.numbers_exact,
            s.numbers,
            100.0 * s.numbers_exact as f32 / s.numbers.max(1) as f32
        ));
        let mut dump = String::new();
        for p in &pages {
            for l in &p.lines {
                dump.push_str(&format!("p{} {} {}\n", p.number, if l.tabular { "T" } else { " " }, l.text));
            }
        }
        dump.push_str("\nMISSES\n");
        dump.push_str(&s.misses.join("\n"));
        let _ = std::fs::write(std::env::temp_dir().join(format!("ocr_{name}.txt")), dump);
    }
    // speed: our OCR of a table page vs plain `tesseract page.pgm out -l vie` on the same image
    for (name, n) in [("cao_bang_2015", 14u32), ("dong_nai_2020", 8)] {
        let doc = load(name);
        let id = doc.get_pages()[&n];
        let img = image::page_image(&doc, n, id, 1 << 28, None).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let pgm = dir.path().join("page.pgm");
        img.image.write_pgm(&pgm).unwrap();
        let t = Instant::now();
        let st = std::process::Command::new("tesseract")
            .arg(&pgm)
            .arg(dir.path().join("out"))
            .args(["-l", "vie"])
            .env("OMP_THREAD_LIMIT", "1")
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(st.success());
        let plain = t.elapsed().as_secs_f32();
        let t = Instant::now();
        let ext0 = tesseract::external_time();
        ocr_image(&img.image, img.dpi, n, None).unwrap();
        let ours = t.elapsed().as_secs_f32();
        let ext = (tesseract::external_time() - ext0).as_secs_f32();
        report.push_str(&format!(
            "{name} page {n}: ours {ours:.1} s (tesseract processes {ext:.1} s, image work in a debug build {:.1} s), plain tesseract {plain:.1} s, ratio {:.2} (tesseract time alone {:.2})\n",
            ours - ext,
            ours / plain,
            ext / plain
        ));
    }
    eprintln!("{report}");
    let _ = std::fs::write(std::env::temp_dir().join("ocr_report.txt"), &report);
}

/// Debug helper: OCR the pages listed in TRICHXUAT_OCR_PAGES="doc:1,2".
#[test]
#[ignore]
fn debug_pages() {
    let spec = std::env::var("TRICHXUAT_OCR_PAGES").unwrap_or_else(|_| "cao_bang_2015:14".into());
    let (name, pages) = spec.split_once(':').unwrap();
    let pages: Vec<u32> = pages.split(',').filter_map(|p| p.parse().ok()).collect();
    for p in ocr_pages(name, &pages, &ExtractOptions::default()) {
        for l in &p.lines {
            eprintln!("p{} {} {}", p.number, if l.tabular { "T" } else { " " }, l.text);
        }
    }
}

/// A page scanned sideways is turned upright before reading.
#[test]
fn sideways_page_is_turned_and_read() {
    let img = scan_page("cao_bang_2015", 2);
    let side = img.image.rotate90(3);
    let page = ocr_image(&side, img.dpi, 2, None).unwrap();
    assert!(!page.landscape, "still sideways");
    let text: String = page.lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n");
    assert!(text.contains("khuyến công"), "{text}");
    assert!(page.lines.iter().all(|l| !l.tabular));
}

/// A page of tables, where Tesseract's orientation detection is unsure: the
/// turn is decided by reading a band of it each way. Upright it stays
/// upright (a skewed table page can look sideways); turned a quarter either
/// way it is turned back.
#[test]
fn a_table_page_is_turned_by_reading_it() {
    let img = scan_page("dong_nai_2020", 8);
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(turns_by_reading(&img.image, img.dpi, dir.path(), None).unwrap(), 0);
    assert_eq!(turns_by_reading(&img.image.rotate90(3), img.dpi, dir.path(), None).unwrap(), 1);
    assert_eq!(turns_by_reading(&img.image.rotate90(1), img.dpi, dir.path(), None).unwrap(), 3);
}

/// A landscape project-table page of Đồng Nai: 11 grid columns on every row,
/// figures exact, the TT code keeps its decimal mark; a tiny timeout kills
/// Tesseract and reports a timeout.
#[test]
fn dong_nai_landscape_table_page() {
    let pages = ocr_pages("dong_nai_2020", &[8], &ExtractOptions::default());
    let p = &pages[0];
    assert!(p.landscape);
    let tab: Vec<&Line> = p.lines.iter().filter(|l| l.tabular).collect();
    assert!(tab.len() >= 8, "{} rows", tab.len());
    assert!(tab.iter().all(|l| l.cells.len() == 11));
    let row = |tt: &str| tab.iter().find(|l| l.cells[0].text == tt).map(|l| l.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>());
    let r = row("1.1").expect("row 1.1");
    assert_eq!(r[5..], ["4", "12", "680.000", "500.000", "180.000", "0"]);
    let r = row("2.2").expect("row 2.2");
    assert_eq!(r[7..9], ["100.000", "80.000"]);
    // the section row's text sits in its first (merged) column, the rest empty
    assert!(tab.iter().any(|l| l.cells[1].text.contains("Chương trình") && l.cells[2..7].iter().all(|c| c.text.is_empty())));
    let s = score(&std::fs::read_to_string(format!("{FIX}dong_nai_2020.txt")).unwrap(), &pages);
    eprintln!("page 8 numbers {}/{}", s.numbers_exact, s.numbers);

    let doc = load("dong_nai_2020");
    let opts = ExtractOptions { timeout: Some(std::time::Duration::from_millis(300)), ..Default::default() };
    let t = Instant::now();
    let r = ocr_pdf_page(&doc, 8, doc.get_pages()[&8], &opts);
    assert!(matches!(r, Err(DocError::Timeout(_))), "{r:?}");
    assert!(t.elapsed().as_secs_f32() < 10.0);
}

/// Tables found per page of any scan, without Tesseract: for tuning the
/// paper and grid routines. `TRICHXUAT_SCAN=some.scan.pdf cargo test --release
/// --lib extract::ocr::tests::grid_report -- --ignored --nocapture`
#[test]
#[ignore]
fn grid_report() {
    let Ok(path) = std::env::var("TRICHXUAT_SCAN") else { return };
    let doc = lopdf::Document::load_mem(&std::fs::read(path).unwrap()).unwrap();
    for (n, id) in doc.get_pages() {
        let t = Instant::now();
        let pimg = image::page_image(&doc, n, id, 1 << 30, None).unwrap();
        let flat = paper::flatten(&pimg.image, pimg.dpi);
        let mask = paper::sauvola(&flat, pimg.dpi, SAUVOLA_K);
        let angle = deskew::estimate_skew(&mask, flat.width, flat.height, 3.0);
        let level = deskew::rotate(&flat, angle);
        let mask = paper::sauvola(&level, pimg.dpi, SAUVOLA_K);
        let tables = grid::find_tables_worn(&mask, level.width, level.height, pimg.dpi);
        let shapes: Vec<String> = tables.iter().map(|t| format!("{}x{} ({} cells)", t.rows(), t.cols(), t.cells.len())).collect();
        eprintln!("page {n}: {} dpi angle {angle:+.2} tables {shapes:?} in {:.2} s", pimg.dpi, t.elapsed().as_secs_f32());
        if let Ok(d) = std::env::var("TRICHXUAT_OCR_DEBUG") {
            let _ = level.write_pgm(&Path::new(&d).join(format!("flat-{n}.pgm")));
            let m = GrayImage { width: level.width, height: level.height, data: mask.iter().map(|&b| if b { 0 } else { 255 }).collect() };
            let _ = m.write_pgm(&Path::new(&d).join(format!("mask-{n}.pgm")));
        }
    }
}

#[test]
fn levelled_boxes_map_back_to_the_page() {
    use super::{deskew, ToPage};
    // a dark square on a white page, skewed and turned a quarter clockwise
    let mut page = GrayImage::filled(400, 300, 255);
    for y in 100..120 {
        for x in 200..240 {
            page.set(x, y, 0);
        }
    }
    let turned = page.rotate90(1);
    let level = deskew::rotate(&turned, 0.8);
    // the square's box in the levelled image
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for y in 0..level.height {
        for x in 0..level.width {
            if level.get(x, y) < 128 {
                x0 = x0.min(x);
                y0 = y0.min(y);
                x1 = x1.max(x + 1);
                y1 = y1.max(y + 1);
            }
        }
    }
    let to_page =
        ToPage { w: 400.0, h: 300.0, q: 1, angle: 0.8, cx: level.width as f32 / 2.0, cy: level.height as f32 / 2.0, pt: 72.0 / 200.0 };
    let b = to_page.bbox([x0 as f32, y0 as f32, x1 as f32, y1 as f32]);
    let want = [200.0 * 0.36, 100.0 * 0.36, 240.0 * 0.36, 120.0 * 0.36];
    for k in 0..4 {
        assert!((b[k] - want[k]).abs() < 1.5, "{b:?} vs {want:?}");
    }
}

/// A page of lines as OCR without a grid gives them: prose words, no cells.
fn plain_page(texts: &[&str]) -> Page {
    let lines = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Line { page: 1, number: i as u32 + 1, text: t.to_string(), cells: Vec::new(), tabular: false, y: None })
        .collect();
    Page { number: 1, route: PageRoute::Ocr, lines, landscape: false, turns: 0 }
}

#[test]
fn rows_of_figures_read_without_a_grid_are_counted() {
    let table = [
        "KẾ HOẠCH KHUYẾN CÔNG NĂM 2024",
        "1 Đào tạo nghề 1.200 450 750",
        "2 Mô hình trình diễn 2.963,455 1.000 1.963,455",
        "3 Hội chợ triển lãm 800 300 500",
        "4 Tư vấn, trợ giúp 150 50 100",
        "Tổng cộng 5.113,455 1.800 3.313,455",
    ];
    assert_eq!(figure_rows_without_grid(&plain_page(&table)), Some(5));
    // prose quoting a few figures is no table
    let prose = [
        "Tổng kinh phí 5.113,455 triệu đồng, trong đó KCQG 1.800 triệu đồng.",
        "Giai đoạn 2021 - 2025 đào tạo 1.200 lao động.",
        "Số: 45/2024/QĐ-UBND ngày 12/3/2024",
        "Căn cứ Thông tư liên tịch số 26/2014/TTLT-BTC - BCT ngày 18 tháng 02 năm 2014 của Bộ Tài chính",
        "Xét đề nghị của Sở Công Thương tại Tờ trình số 1254/TTr-SCT ngày 24 tháng 12 năm 2014",
        "Kế hoạch khuyến công giai đoạn 2016 - 2020, đào tạo 650 lao động.",
        "(Ban hành kèm theo Quyết định số: 270 /QĐ-UBND ngày 26 tháng 02 năm 2015)",
    ];
    assert_eq!(figure_rows_without_grid(&plain_page(&prose)), None);
    for line in prose {
        assert!(table_figures(line) < 3, "{line}");
    }
    // a page whose table was read cell by cell needs no warning
    let mut gridded = plain_page(&table);
    gridded.lines[1].tabular = true;
    assert_eq!(figure_rows_without_grid(&gridded), None);
}

/// A page scanned upside down does not look sideways; it reads as gibberish
/// ("tưenb 8uonn") until it is read again turned half way round. Cao Bằng's
/// page 2 (the signature and "Nơi nhận") turned 180° reads as it does
/// upright, and its boxes land where the upright reading puts them.
#[test]
fn an_upside_down_page_is_read_turned_round() {
    let img = scan_page("cao_bang_2015", 2);
    let upright = ocr_image(&img.image, img.dpi, 2, None).unwrap();
    let flipped = ocr_image(&img.image.rotate90(2), img.dpi, 2, None).unwrap();
    let (n, share) = syllable_share(&upright);
    let (m, flipped_share) = syllable_share(&flipped);
    assert!(n >= FLIP_MIN_WORDS && share >= 0.8, "upright: {n} words, {share}");
    assert!(m * 10 >= n * 9 && flipped_share >= share - 0.05, "turned: {m} words, {flipped_share} (upright {n}, {share})");
    let words = |p: &Page| {
        p.lines
            .iter()
            .flat_map(|l| l.text.split_whitespace().map(str::to_string).collect::<Vec<_>>())
            .collect::<std::collections::HashSet<String>>()
    };
    let (a, b) = (words(&upright), words(&flipped));
    assert!(a.intersection(&b).count() * 10 >= a.len() * 8, "{} of {} words read alike", a.intersection(&b).count(), a.len());
    // the first line's box, mapped back onto the page as displayed (upside
    // down), is the upright box turned round
    let b = |p: &Page| p.lines[0].cells[0].bbox.unwrap();
    let (w, h) = (img.image.width as f32 * 72.0 / img.dpi as f32, img.image.height as f32 * 72.0 / img.dpi as f32);
    let (u, f) = (b(&upright), b(&flipped));
    let turned = [w - u[2], h - u[3], w - u[0], h - u[1]];
    assert!(turned.iter().zip(f.iter()).all(|(a, b)| (a - b).abs() < 12.0), "upright {u:?} turned {turned:?}, read {f:?}");
}

/// A page of tables scanned sideways need not look sideways (its rules
/// gather ink in rows and columns alike): when neither the reading nor the
/// half turn reads as Vietnamese, the quarter turns are tried. Đồng Nai's
/// page 9 (a landscape table) turned a quarter reads its rows as upright.
#[test]
fn a_sideways_table_page_is_read_upright() {
    let img = scan_page("dong_nai_2020", 9);
    let upright = ocr_image(&img.image, img.dpi, 9, None).unwrap();
    for q in [1, 3] {
        let turned = ocr_image(&img.image.rotate90(q), img.dpi, 9, None).unwrap();
        let (n, share) = syllable_share(&turned);
        let rows = |p: &Page| p.lines.iter().filter(|l| l.tabular).count();
        assert!(share >= 0.6, "turned {q}: {n} words, {share}");
        assert!(rows(&turned) >= rows(&upright) * 9 / 10, "turned {q}: {} table rows, upright {}", rows(&turned), rows(&upright));
    }
}
