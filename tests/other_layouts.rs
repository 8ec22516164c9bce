//! Documents written for these tests in layouts the bundled fixtures do not
//! use: totals printed first, sections A/B as funding sources, a Tổng column
//! before the years, the ĐVT column last, a unit in đồng, a two-level money
//! header (Kinh phí over Tổng | Ngân sách tỉnh | Đối ứng), quarters and month
//! ranges, a missing cell pinned by the arithmetic, and deliberate mistakes
//! that must be reported, never corrected.

use std::path::PathBuf;
use trichxuat::model::{CheckKind, CheckStatus, Document, FundingSource, RowKind};
use trichxuat::pipeline::{doc_id_for, process_file, RunOptions};

fn run(name: &str) -> Document {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/synthetic").join(name);
    process_file(&p, doc_id_for(&p), &RunOptions::default()).expect("processes")
}

fn amount(doc: &Document, row: &str, year: Option<i32>) -> Vec<(Option<FundingSource>, i128, RowKind, bool)> {
    doc.amounts
        .iter()
        .filter(|a| a.row.as_deref() == Some(row) && a.year == year)
        .map(|a| (a.source, a.amount_vnd, a.row_kind, a.derived))
        .collect()
}

#[test]
fn nghe_an_totals_first_sections_as_sources() {
    let doc = run("nghe_an_2021.txt");
    let m = &doc.meta;
    assert_eq!(m.province.as_deref(), Some("Nghệ An"));
    assert_eq!(m.number.as_deref(), Some("1234/QĐ-UBND"));
    assert_eq!(m.date.as_deref(), Some("2021-06-05"));
    assert_eq!(m.period.map(|p| (p.from, p.to)), Some((2021, 2025)));
    assert_eq!(m.signer.as_ref().and_then(|s| s.name.as_deref()), Some("Nguyễn Đức Trung"));
    let bases: Vec<_> = m.legal_bases.iter().filter_map(|b| b.number.as_deref()).collect();
    assert_eq!(bases, vec!["45/2012/NĐ-CP", "28/2018/TT-BTC"]);

    // Targets: the Tổng column first, the ĐVT column last.
    assert_eq!(doc.targets.len(), 4 * 6);
    let t = doc.targets.iter().find(|t| t.row.as_deref() == Some("4") && t.year == Some(2023)).unwrap();
    assert_eq!((t.value, t.unit.as_deref()), (3.0, Some("Chương trình")));
    let tot = doc.targets.iter().find(|t| t.row.as_deref() == Some("1") && t.year.is_none()).unwrap();
    assert_eq!(tot.value, 500.0);

    // Money: rows A/B name the source; their items inherit it; the total row comes first.
    assert_eq!(amount(&doc, "A.2", Some(2024)), vec![(Some(FundingSource::National), 650_000_000, RowKind::Item, false)]);
    assert_eq!(amount(&doc, "B.1", None), vec![(Some(FundingSource::Local), 2_500_000_000, RowKind::Item, false)]);
    assert_eq!(amount(&doc, "A", Some(2021)), vec![(Some(FundingSource::National), 900_000_000, RowKind::Subtotal, false)]);
    let total: Vec<_> = doc.amounts.iter().filter(|a| a.row_kind == RowKind::Total && a.year.is_none()).collect();
    assert_eq!(total.len(), 1);
    assert_eq!((total[0].source, total[0].amount_vnd), (Some(FundingSource::Total), 12_500_000_000));

    // The blank Tổng cộng of B.2 is pinned by its years: derived, with an inferred check.
    assert_eq!(amount(&doc, "B.2", None), vec![(Some(FundingSource::Local), 2_000_000_000, RowKind::Item, true)]);
    assert!(doc.checks.iter().any(|c| c.status == CheckStatus::Inferred && c.row.as_deref() == Some("B.2")));

    // One wrong cell (A.3, 2025: 250) breaks its row total and its section's column: two checks.
    let mism: Vec<_> = doc.checks.iter().filter(|c| c.status == CheckStatus::Mismatch).collect();
    assert!(mism.iter().any(|c| c.kind == CheckKind::RowTotal && c.row.as_deref() == Some("A.3") && c.expected == Some(1e9) && c.found == Some(1.05e9)));
    assert!(mism.iter().any(|c| c.kind == CheckKind::SectionTotal && c.row.as_deref() == Some("A") && c.found == Some(1.15e9)));
    // The prose misquotes the local total (7.550 for 7.500) and nothing else.
    assert!(mism.iter().any(|c| c.kind == CheckKind::TextVsTable && c.expected == Some(7.5e9) && c.found == Some(7.55e9)));
    assert_eq!(mism.len(), 3, "{mism:#?}");
    // The total in words agrees with the figure.
    assert!(doc.checks.iter().any(|c| c.kind == CheckKind::WordsVsFigures && c.status == CheckStatus::Ok));
    // The figure itself is never corrected.
    assert_eq!(amount(&doc, "A.3", Some(2025))[0].1, 250_000_000);
}

#[test]
fn ha_tinh_projects_with_quarters_and_a_two_level_money_header() {
    let doc = run("ha_tinh_2022.txt");
    assert_eq!(doc.meta.number.as_deref(), Some("56/KH-SCT"));
    assert_eq!(doc.meta.date.as_deref(), Some("2022-01-15"));
    assert_eq!(doc.meta.period.map(|p| (p.from, p.to)), Some((2022, 2022)));
    let months: Vec<_> = doc.projects.iter().map(|p| (p.code.clone().unwrap_or_default(), p.start_month, p.end_month)).collect();
    assert_eq!(
        months,
        vec![("I.1".into(), Some(4), Some(6)), ("I.2".into(), Some(5), Some(11)), ("II.1".into(), Some(7), Some(12))]
    );
    assert_eq!(doc.projects[2].implementer.as_deref(), Some("Công ty TNHH Minh Phát"));
    // Unit đồng: figures as printed; sources from the lower header level; a one-year plan's year.
    assert_eq!(
        amount(&doc, "II.1", Some(2022)),
        vec![
            (Some(FundingSource::Total), 400_000_000, RowKind::Item, false),
            (Some(FundingSource::Local), 120_000_000, RowKind::Item, false),
            (Some(FundingSource::Beneficiary), 280_000_000, RowKind::Item, false),
        ]
    );
    assert!(doc.checks.iter().all(|c| c.status == CheckStatus::Ok), "{:#?}", doc.checks);
    assert!(doc.checks.iter().any(|c| c.kind == CheckKind::WordsVsFigures));
    assert_eq!(doc.checks.iter().filter(|c| c.kind == CheckKind::GrandTotal).count(), 3);
}

#[test]
fn ha_giang_table_the_other_way_round() {
    // Rows are funding sources, columns are activities (contract: "Tables the other way round").
    let doc = run("ha_giang_2023.txt");
    assert!(doc.tables[0].transposed);
    let find = |label: &str, source: FundingSource| {
        doc.amounts.iter().find(|a| a.label == label && a.source == Some(source)).map(|a| (a.row.clone(), a.amount_vnd, a.row_kind, a.category, a.year))
    };
    use trichxuat::model::Category;
    assert_eq!(find("Hội chợ triển lãm", FundingSource::Local), Some((Some("2".into()), 150_000_000, RowKind::Item, Some(Category::Products), Some(2023))));
    assert_eq!(find("Mô hình trình diễn kỹ thuật", FundingSource::Beneficiary), Some((Some("3".into()), 400_000_000, RowKind::Item, Some(Category::Demonstration), Some(2023))));
    // The Tổng cộng row keeps each activity's category; the Tổng column is labelled "Tổng".
    assert_eq!(find("Mô hình trình diễn kỹ thuật", FundingSource::Total).map(|a| a.3), Some(Some(Category::Demonstration)));
    assert_eq!(find("Tổng", FundingSource::National), Some((None, 1_000_000_000, RowKind::Total, None, Some(2023))));
    assert_eq!(find("Tổng", FundingSource::Total).map(|a| a.1), Some(1_950_000_000));
    assert_eq!(doc.amounts.len(), 15);
    assert!(doc.checks.iter().all(|c| c.status == CheckStatus::Ok), "{:#?}", doc.checks);
    assert_eq!(doc.checks.iter().filter(|c| c.kind == CheckKind::RowTotal).count(), 4);
    assert!(doc.checks.iter().any(|c| c.kind == CheckKind::TextVsTable && c.expected == Some(1.95e9)));
}
