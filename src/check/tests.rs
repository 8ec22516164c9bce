//! The checks on small plans written for them: a figure that does not add
//! up is reported with the cells it concerns and left as printed; a blank
//! cell is filled only where the row and the column both pin it, and says
//! so; what cannot be checked is said, never passed as checked.

use crate::model::{CheckKind, CheckStatus, Document, Stage};

/// A plan with one Biểu 02 (sources as columns, Tổng last, a Cộng row) whose
/// rows are given, and a sentence quoting its total.
fn plan(rows: &str, quoted_total: &str) -> Document {
    let text = format!(
        "ỦY BAN NHÂN DÂN\nTỈNH BẮC KẠN\n\nSố: 512/QĐ-UBND\n\nBắc Kạn, ngày 30 tháng 3 năm 2023\n\nQUYẾT ĐỊNH\n\
         Phê duyệt Kế hoạch khuyến công tỉnh Bắc Kạn giai đoạn 2023 - 2025\n\n\
         Điều 1. Phê duyệt Kế hoạch với các biểu kèm theo. Tổng kinh phí thực hiện Kế hoạch là {quoted_total} tỷ đồng.\n\n\
         Biểu 02: PHÂN KỲ KINH PHÍ THỰC HIỆN\n\nĐơn vị: tỷ đồng\n\n\
         TT\tNăm thực hiện\tKinh phí KCQG\tKinh phí KCĐP\tTổng\n{rows}\n\n\
         Điều 2. Quyết định có hiệu lực kể từ ngày ký./.\n"
    );
    crate::pipeline::process_bytes("plan.txt", "plan".into(), text.as_bytes(), &Default::default()).expect("a plan")
}

fn arith(doc: &Document, kind: CheckKind, status: CheckStatus) -> Vec<&crate::model::Check> {
    doc.checks.iter().filter(|c| c.kind == kind && c.status == status).collect()
}

const GOOD: &str = "1\tNăm 2023\t1,2\t0,85\t2,05\n2\tNăm 2024\t1,3\t0,9\t2,2\n3\tNăm 2025\t1,5\t1\t2,5\n\tCộng\t4\t2,75\t6,75";

#[test]
fn a_plan_that_adds_up_passes_every_check() {
    let doc = plan(GOOD, "6,75");
    assert!(doc.checks.iter().all(|c| c.status == CheckStatus::Ok), "{:#?}", doc.checks);
    assert_eq!(arith(&doc, CheckKind::RowTotal, CheckStatus::Ok).len(), 4);
    assert_eq!(arith(&doc, CheckKind::GrandTotal, CheckStatus::Ok).len(), 3, "a column sum per column");
    assert_eq!(arith(&doc, CheckKind::TextVsTable, CheckStatus::Ok).len(), 1, "{:#?}", doc.checks);
}

#[test]
fn a_row_that_does_not_add_up_is_reported_and_left_as_printed() {
    // 1,3 + 0,9 = 2,2 printed as 2,3
    let doc = plan(&GOOD.replace("0,9\t2,2", "0,9\t2,3"), "6,75");
    let bad = arith(&doc, CheckKind::RowTotal, CheckStatus::Mismatch);
    assert_eq!(bad.len(), 1, "{:#?}", doc.checks);
    assert_eq!(bad[0].row.as_deref(), Some("2"));
    assert_eq!((bad[0].expected, bad[0].found), (Some(2.3e9), Some(2.2e9)));
    // the cells are named: the total and its two parts
    assert_eq!(bad[0].cells.len(), 3, "{:?}", bad[0].cells);
    // the printed figure is kept, never "fixed"
    let printed: Vec<i128> = doc
        .amounts
        .iter()
        .filter(|a| a.year == Some(2024) && a.source == Some(crate::model::FundingSource::Total))
        .map(|a| a.amount_vnd)
        .collect();
    assert_eq!(printed, vec![2_300_000_000]);
    // the column of totals then disagrees with Cộng too: reported, not corrected
    assert_eq!(arith(&doc, CheckKind::GrandTotal, CheckStatus::Mismatch).len(), 1, "{:#?}", doc.checks);
}

#[test]
fn a_blank_cell_pinned_by_its_row_and_its_column_is_derived_and_said() {
    let doc = plan(&GOOD.replace("1,5\t1\t2,5", "1,5\t\t2,5"), "6,75");
    let inferred = arith(&doc, CheckKind::RowTotal, CheckStatus::Inferred);
    let inferred: Vec<_> = inferred.into_iter().chain(arith(&doc, CheckKind::GrandTotal, CheckStatus::Inferred)).collect();
    assert!(!inferred.is_empty(), "{:#?}", doc.checks);
    let derived: Vec<_> = doc.amounts.iter().filter(|a| a.derived).collect();
    assert_eq!(derived.len(), 1, "{derived:?}");
    assert_eq!((derived[0].year, derived[0].amount_vnd), (Some(2025), 1_000_000_000));
    assert!(doc.checks.iter().all(|c| c.status != CheckStatus::Mismatch), "{:#?}", doc.checks);
}

#[test]
fn a_row_printing_only_its_total_is_not_checked_and_says_so() {
    let doc = plan(&GOOD.replace("1,5\t1\t2,5", "\t\t2,5"), "6,75");
    let row3: Vec<_> = doc.checks.iter().filter(|c| c.kind == CheckKind::RowTotal && c.row.as_deref() == Some("3")).collect();
    assert!(row3.is_empty(), "{row3:#?}");
    assert!(doc.warnings.iter().any(|w| w.stage == Stage::Check && w.message.contains("not checked")), "{:#?}", doc.warnings);
    assert!(doc.checks.iter().all(|c| c.status != CheckStatus::Mismatch), "{:#?}", doc.checks);
}

#[test]
fn prose_misquoting_a_total_is_a_mismatch_and_prose_on_something_else_is_not_compared() {
    // 6,80 for 6,75: the same figure misprinted
    let doc = plan(GOOD, "6,80");
    let bad = arith(&doc, CheckKind::TextVsTable, CheckStatus::Mismatch);
    assert_eq!(bad.len(), 1, "{:#?}", doc.checks);
    assert_eq!((bad[0].expected, bad[0].found), (Some(6.75e9), Some(6.8e9)));
    // 17,75 is no misprint of 6,75: another sum, not compared
    let doc = plan(GOOD, "17,75");
    assert!(doc.checks.iter().all(|c| c.kind != CheckKind::TextVsTable), "{:#?}", doc.checks);
}

#[test]
fn checking_again_gives_the_same_checks_and_warnings() {
    let mut doc = plan(&GOOD.replace("1,5\t1\t2,5", "\t\t2,5"), "6,75");
    let (checks, warnings) = (doc.checks.len(), doc.warnings.len());
    doc.checks.clear();
    super::check_document(&mut doc);
    assert_eq!((doc.checks.len(), doc.warnings.len()), (checks, warnings));
}
