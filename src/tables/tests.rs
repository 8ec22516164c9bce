//! The rules of `tables/mod.rs` on small text documents: rows, hierarchy,
//! section and total rows, headers repeated on a new page, empty cells.

use super::recover_tables;
use crate::model::{Document, FundingSource, RowKind, Source, SourceKind, Table};

/// A text document (tab-separated cells, form feeds between pages) through
/// extraction and table recovery.
fn tables_of(text: &str) -> Vec<Table> {
    let ex = crate::extract::extract(text.as_bytes(), &crate::extract::ExtractOptions::default()).expect("text reads");
    let source = Source { file: "t.txt".into(), sha256: String::new(), kind: SourceKind::Text, pages: None };
    let mut doc = Document::new("t".into(), source, ex.pages);
    recover_tables(&mut doc);
    doc.tables
}

/// A row's figures as printed, in column order.
fn raws(t: &Table, i: usize) -> Vec<&str> {
    t.rows[i].values.iter().map(|v| v.raw.as_str()).collect()
}

fn row_of(t: &Table, label: &str) -> usize {
    t.rows
        .iter()
        .position(|r| r.label.contains(label))
        .unwrap_or_else(|| panic!("no row {label:?} in {:?}", t.rows.iter().map(|r| &r.label).collect::<Vec<_>>()))
}

const BUDGET: &str = "BIỂU 02. KINH PHÍ THỰC HIỆN KHUYẾN CÔNG\n\
ĐVT: triệu đồng\n\
TT\tNội dung\tNăm 2024\tNăm 2025\tTổng cộng\n\
I\tĐào tạo nghề\t300\t200\t500\n\
1\tĐào tạo nghề mới\t200\t150\t350\n\
2\tTruyền nghề\t100\t50\t150\n\
II\tMô hình trình diễn\t400\t\t400\n\
1\tMô hình chế biến\t400\t\t400\n\
\tTổng cộng\t700\t200\t900\n";

#[test]
fn numbered_items_hang_from_their_section_and_the_total_from_nothing() {
    let ts = tables_of(BUDGET);
    assert_eq!(ts.len(), 1, "{ts:?}");
    let t = &ts[0];
    let (s1, a, b, s2, c, total) = (
        row_of(t, "Đào tạo nghề"),
        row_of(t, "nghề mới"),
        row_of(t, "Truyền nghề"),
        row_of(t, "Mô hình trình diễn"),
        row_of(t, "chế biến"),
        row_of(t, "Tổng cộng"),
    );
    assert_eq!(t.children(s1), vec![a, b]);
    assert_eq!(t.children(s2), vec![c]);
    assert_eq!(t.ancestors(a), vec![s1]);
    assert_eq!(t.rows[total].kind, RowKind::Total);
    assert_eq!(t.rows[total].parent, None);
    assert_eq!(t.rows[s1].tt.as_deref(), Some("I"));
    assert_eq!(t.unit.as_deref(), Some("triệu đồng"));
    assert_eq!(t.unit_vnd, Some(1_000_000));
}

#[test]
fn an_empty_cell_keeps_its_column() {
    let t = &tables_of(BUDGET)[0];
    let c = row_of(t, "chế biến");
    // 400 under 2024 and under the total, nothing under 2025
    let cols: Vec<usize> = t.rows[c].values.iter().filter(|v| !v.derived).map(|v| v.column).collect();
    assert_eq!(raws(t, c).iter().filter(|r| !r.is_empty()).count(), 2, "{:?}", raws(t, c));
    assert_eq!(cols.len(), 2);
    let year = |k: usize| match t.columns[k].role {
        crate::model::ColumnRole::Value { year, .. } => year,
        _ => None,
    };
    assert_eq!(year(cols[0]), Some(2024), "{:?}", t.columns);
    assert_ne!(year(cols[1]), Some(2025), "{:?}", t.columns);
}

#[test]
fn a_header_printed_again_on_the_next_page_is_not_a_row() {
    let text = "BIỂU 02. KINH PHÍ\nĐVT: triệu đồng\n\
TT\tNội dung\tNăm 2024\tNăm 2025\tTổng cộng\n\
1\tĐào tạo nghề\t300\t200\t500\n\
2\tMô hình trình diễn\t400\t100\t500\n\
\u{c}TT\tNội dung\tNăm 2024\tNăm 2025\tTổng cộng\n\
3\tHội chợ triển lãm\t50\t50\t100\n\
\tTổng cộng\t750\t350\t1.100\n";
    let ts = tables_of(text);
    assert_eq!(ts.len(), 1, "one table across the page break: {:?}", ts.iter().map(|t| &t.title).collect::<Vec<_>>());
    let t = &ts[0];
    assert_eq!(t.pages, vec![1, 2]);
    assert!(t.rows.iter().all(|r| !r.label.contains("Nội dung")), "{:?}", t.rows.iter().map(|r| &r.label).collect::<Vec<_>>());
    assert_eq!(raws(t, row_of(t, "Hội chợ")), vec!["50", "50", "100"]);
}

/// A project table over three pages whose repeated headers lose a word
/// each (as scans do): page 2's "TT" is read "3 hè" and its "Thời gian"
/// garbled, page 3 has no "Ghi chú": pages 2 and 3 share too few kinds of
/// column, while each repeats page 1's.
const PROJECTS_OVER_PAGES: &str = "Biểu tổng hợp kế hoạch khuyến công\nĐVT: ngàn đồng\n\
TT\tTên đề án\tĐơn vị thực hiện\tMục tiêu\tThời gian (tháng)\tTổng kinh phí\tKPKC ĐP\tGhi chú\n\
1\tĐào tạo nghề\tTrung tâm\tĐào tạo 30 lao động\t4\t680.000\t500.000\t\n\
\u{c}3 hè\tTên đề án\tĐơn vị thực hiện\tMục tiêu\tThờ gia\tTổng kinh phí\tKPKC ĐP\tGhi chú\n\
2\tHội chợ\tTrung tâm\tGian hàng chung\t6\t360.000\t360.000\t\n\
\u{c}TT\tTên đề án\tĐơn vị thực hiện\tMục tiêu\tBắt đầu (tháng)\tTổng kinh phí\tKPKC ĐP\n\
3\tTư vấn\tTrung tâm\tTư vấn 5 cơ sở\t2\t100.000\t80.000\n";

#[test]
fn a_header_repeated_with_words_lost_still_continues_the_table() {
    let ts = tables_of(PROJECTS_OVER_PAGES);
    assert_eq!(ts.len(), 1, "{:?}", ts.iter().map(|t| (&t.id, &t.pages)).collect::<Vec<_>>());
    assert_eq!(ts[0].pages, vec![1, 2, 3]);
    assert_eq!(ts[0].unit.as_deref(), Some("ngàn đồng"));
}

#[test]
fn a_table_cut_off_by_prose_takes_the_unit_of_the_table_it_continues() {
    // debris read off page 3's margin parts the table: the page is a table of its
    // own, but without a unit line or title it is the same table's third page
    let text = PROJECTS_OVER_PAGES.replace("\u{c}TT", "\u{c}- Quyết định 53/2018/QĐ-UBND\n11/12/2018\nKC - ĐP\n. : :\nTT");
    let ts = tables_of(&text);
    assert_eq!(ts.len(), 2, "{:?}", ts.iter().map(|t| (&t.id, &t.pages)).collect::<Vec<_>>());
    assert_eq!(ts[1].unit.as_deref(), Some("ngàn đồng"));
    assert_eq!(ts[1].unit_vnd, Some(1_000));
    // a titled table of its own keeps "no unit"
    let text = PROJECTS_OVER_PAGES.replace("\u{c}TT", "\u{c}Biểu 03: đề án chuyển tiếp\nTT");
    let ts = tables_of(&text);
    assert_eq!(ts.len(), 2);
    assert_eq!(ts[1].unit, None);
}

#[test]
fn a_total_printed_first_is_still_the_total_and_source_rows_say_their_source() {
    let text = "Biểu tổng hợp kinh phí\nĐVT: triệu đồng\n\
TT\tNguồn kinh phí\tNăm 2024\tNăm 2025\tTổng\n\
\tTổng cộng\t900\t600\t1.500\n\
1\tKinh phí khuyến công quốc gia\t500\t400\t900\n\
2\tKinh phí khuyến công địa phương\t400\t200\t600\n";
    let t = &tables_of(text)[0];
    let total = row_of(t, "Tổng cộng");
    assert_eq!(t.rows[total].kind, RowKind::Total);
    assert_eq!(t.rows[row_of(t, "quốc gia")].source, Some(FundingSource::National));
    assert_eq!(t.rows[row_of(t, "địa phương")].source, Some(FundingSource::Local));
}

/// A text document whose cells are marked as read by OCR (with a confidence).
fn ocr_tables_of(text: &str) -> Vec<Table> {
    let ex = crate::extract::extract(text.as_bytes(), &crate::extract::ExtractOptions::default()).expect("text reads");
    let source = Source { file: "t.txt".into(), sha256: String::new(), kind: SourceKind::PdfScan, pages: Some(1) };
    let mut pages = ex.pages;
    for c in pages.iter_mut().flat_map(|p| p.lines.iter_mut()).flat_map(|l| l.cells.iter_mut()) {
        // as OCR leaves them: a confidence where a word was read
        c.confidence = (!c.text.trim().is_empty()).then_some(95.0);
    }
    let mut doc = Document::new("t".into(), source, pages);
    recover_tables(&mut doc);
    doc.tables
}

const SCANNED_TARGETS: &str = "TT\tNội dung chi tiết\tĐVT\tNăm 2016\tNăm 2017\tTổng\n\
1\tNội dung 1: Đào tạo nghề\t\t\t\t\n\
1\tSố lao động mới đào tạo được\tLao động\t10\t40\t50\n\
2\tTruyền nghề\tLao động\t60\t60\t120\n\
IL\tNội dung 2: Nâng cao năng lực quản lý\t\t\t\t\n\
1\tSố học viên khởi sự doanh nghiệp\tHọc viên\t20\t30\t50\n\
2\tSố học viên nâng cao năng lực\tHọc viên\t35\t30\t65\n\
II.\tNội dung 3: Hỗ trợ xây dựng mô hình\t\t\t\t\n\
1\tSố mô hình trình diễn\tMô hình\t1\t1\t2\n\
IV.\tNội dung 4: Phát triển sản phẩm\t\t\t\t\n\
1\tSố sản phẩm bình chọn\tSản phẩm\t8\t8\t16\n\
V.\tNội dung 5: Tư vấn\t\t\t\t\n\
1\tSố cơ sở được tư vấn\tCơ sở\t2\t3\t5\n\
VỊ.\tNội dung 6: Liên doanh liên kết\t\t\t\t\n\
1\tSố hiệp hội thành lập\tHiệp hội\t1\t0\t1\n";

#[test]
fn section_numerals_misread_by_ocr_are_read_from_their_sequence() {
    // as printed, with the TT header itself misread ("TT" as "4"), with section I read "L."
    let as_l = SCANNED_TARGETS.replacen("1\tNội dung 1", "L.\tNội dung 1", 1);
    // and section III unreadable ("HH.")
    let as_hh = SCANNED_TARGETS.replacen("II.\tNội dung 3", "HH.\tNội dung 3", 1);
    // and section I read as a lowercase "l"
    let as_lower = SCANNED_TARGETS.replacen("1\tNội dung 1", "l\tNội dung 1", 1);
    for text in [SCANNED_TARGETS.to_string(), SCANNED_TARGETS.replacen("TT\t", "4\t", 1), as_l, as_hh, as_lower] {
        section_ids_hold(&text);
    }
}

fn section_ids_hold(text: &str) {
    let ts = ocr_tables_of(text);
    let t = &ts[0];
    assert_eq!(t.rows[row_of(t, "lao động mới")].id.as_deref(), Some("I.1"));
    assert_eq!(t.rows[row_of(t, "Truyền nghề")].id.as_deref(), Some("I.2"));
    assert_eq!(t.rows[row_of(t, "nâng cao năng lực")].id.as_deref(), Some("II.2"));
    assert_eq!(t.rows[row_of(t, "mô hình trình diễn")].id.as_deref(), Some("III.1"));
    assert_eq!(t.rows[row_of(t, "bình chọn")].id.as_deref(), Some("IV.1"));
    assert_eq!(t.rows[row_of(t, "hiệp hội")].id.as_deref(), Some("VI.1"));
}

#[test]
fn an_item_one_read_as_lowercase_l_is_one_before_two() {
    let text = "TT\tNguồn kinh phí\tNăm 2014\tNăm 2015\tTổng cộng\n\
l\tKinh phí khuyến công quốc gia\t520\t90\t610\n\
2\tKinh phí khuyến công địa phương\t225\t550\t775\n\
3\tNguồn khác\t\t90\t90\n\
\tTổng kinh phí\t745\t730\t1.475\n";
    let ts = ocr_tables_of(text);
    let t = &ts[0];
    let national = &t.rows[row_of(t, "quốc gia")];
    assert_eq!((national.tt.as_deref(), national.id.as_deref()), (Some("1"), Some("1")));
    assert_eq!(t.rows[row_of(t, "địa phương")].id.as_deref(), Some("2"));
    // a row lettered "l" after "k" stays a letter
    let lettered = "TT\tNội dung\tNăm 2016\n\
1\tNội dung 1\t\n\
k\tMục k\t5\n\
l\tMục l\t6\n\
2\tNội dung 2\t\n";
    let ts = ocr_tables_of(lettered);
    let t = &ts[0];
    assert_eq!(t.rows[row_of(t, "Mục l")].tt.as_deref(), Some("l"));
}

#[test]
fn a_unit_column_read_off_a_scan_still_makes_a_money_table() {
    // OCR put a quote before "ĐVT" and lost the unit of one row of three
    assert_eq!(super::header::classify(&["\"ĐVT".to_string()]), vec![crate::model::ColumnRole::Unit]);
    let text = "Biểu 02. Kinh phí\n\
TT\tHoạt động\t\"ĐVT\tNăm 2025\tNăm 2026\n\
1\tĐào tạo nghề\tĐồng\t100.000\t50.000\n\
2\tHội chợ triển lãm\t\t200.000\t100.000\n\
3\tTư vấn\tĐồng\t10.000\t20.000\n";
    let t = &tables_of(text)[0];
    assert_eq!(t.kind, crate::model::TableKind::Budget, "{t:?}");
    assert_eq!(t.unit_vnd, Some(1));
    // a row printing another unit keeps it a table of counts
    let counts = text.replace("\t\t200.000", "\tLượt\t200.000");
    assert_eq!(tables_of(&counts)[0].kind, crate::model::TableKind::Targets);
}
