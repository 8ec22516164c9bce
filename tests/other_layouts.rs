//! Documents written for these tests in layouts the bundled fixtures do not
//! use: totals printed first, sections A/B as funding sources, a Tổng column
//! before the years, the ĐVT column last, a unit in đồng, a two-level money
//! header (Kinh phí over Tổng | Ngân sách tỉnh | Đối ứng), quarters and month
//! ranges, a missing cell pinned by the arithmetic, and deliberate mistakes
//! that must be reported, never corrected.

use std::path::PathBuf;
use trichxuat::model::{CheckKind, CheckStatus, Document, FundingSource, RowKind, Stage};
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
    assert!(mism
        .iter()
        .any(|c| c.kind == CheckKind::RowTotal && c.row.as_deref() == Some("A.3") && c.expected == Some(1e9) && c.found == Some(1.05e9)));
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
    assert_eq!(months, vec![("I.1".into(), Some(4), Some(6)), ("I.2".into(), Some(5), Some(11)), ("II.1".into(), Some(7), Some(12))]);
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
        doc.amounts
            .iter()
            .find(|a| a.label == label && a.source == Some(source))
            .map(|a| (a.row.clone(), a.amount_vnd, a.row_kind, a.category, a.year))
    };
    use trichxuat::model::Category;
    assert_eq!(
        find("Hội chợ triển lãm", FundingSource::Local),
        Some((Some("2".into()), 150_000_000, RowKind::Item, Some(Category::Products), Some(2023)))
    );
    assert_eq!(
        find("Mô hình trình diễn kỹ thuật", FundingSource::Beneficiary),
        Some((Some("3".into()), 400_000_000, RowKind::Item, Some(Category::Demonstration), Some(2023)))
    );
    // The Tổng cộng row keeps each activity's category; the Tổng column is labelled "Tổng".
    assert_eq!(find("Mô hình trình diễn kỹ thuật", FundingSource::Total).map(|a| a.3), Some(Some(Category::Demonstration)));
    assert_eq!(find("Tổng", FundingSource::National), Some((None, 1_000_000_000, RowKind::Total, None, Some(2023))));
    assert_eq!(find("Tổng", FundingSource::Total).map(|a| a.1), Some(1_950_000_000));
    assert_eq!(doc.amounts.len(), 15);
    assert!(doc.checks.iter().all(|c| c.status == CheckStatus::Ok), "{:#?}", doc.checks);
    assert_eq!(doc.checks.iter().filter(|c| c.kind == CheckKind::RowTotal).count(), 4);
    assert!(doc.checks.iter().any(|c| c.kind == CheckKind::TextVsTable && c.expected == Some(1.95e9)));
}

/// A mismatch as (kind, row, expected, found).
type Mismatch = (CheckKind, Option<String>, Option<f64>, Option<f64>);

fn mismatches(doc: &Document) -> Vec<Mismatch> {
    doc.checks.iter().filter(|c| c.status == CheckStatus::Mismatch).map(|c| (c.kind, c.row.clone(), c.expected, c.found)).collect()
}

fn signer(doc: &Document) -> Option<&str> {
    doc.meta.signer.as_ref().and_then(|s| s.name.as_deref())
}

#[test]
fn quang_tri_unit_column_first_sources_as_sub_rows() {
    // Biểu 01 prints ĐVT before the indicator and a "Trong đó:" detail row;
    // Biểu 02 prints the "Giai đoạn" total first and splits every row into
    // "- KCQG" / "- KCĐP" sub-rows (under the Tổng cộng too, after a bare "Trong đó:").
    let doc = run("quang_tri_2021.txt");
    let m = &doc.meta;
    assert_eq!(m.province.as_deref(), Some("Quảng Trị"));
    assert_eq!(m.number.as_deref(), Some("1876/QĐ-UBND"));
    assert_eq!(m.date.as_deref(), Some("2021-07-12"));
    assert_eq!(m.period.map(|p| (p.from, p.to)), Some((2021, 2025)));
    assert_eq!(signer(&doc), Some("Hoàng Nam"));
    let bases: Vec<_> = m.legal_bases.iter().filter_map(|b| b.number.as_deref()).collect();
    assert_eq!(bases, vec!["45/2012/NĐ-CP", "1881/QĐ-TTg"]);

    let target = |row: &str, label: &str, year: Option<i32>| {
        doc.targets
            .iter()
            .find(|t| t.row.as_deref() == Some(row) && t.indicator == label && t.year == year)
            .map(|t| (t.value, t.unit.clone()))
    };
    assert_eq!(target("I.1", "Số lao động được đào tạo", Some(2023)), Some((120.0, Some("Người".into()))));
    assert_eq!(target("I.1", "Trong đó: lao động nữ", Some(2025)), Some((90.0, Some("Người".into()))));
    assert_eq!(target("III.1", "Hội chợ, triển lãm", None), Some((25.0, Some("Lượt cơ sở".into()))));
    // "-" is no value.
    assert_eq!(doc.targets.iter().filter(|t| t.row.as_deref() == Some("III.2")).count(), 3);
    assert_eq!(doc.targets.len(), 33);

    // The sub-rows are the parts: items by source, the activity row a subtotal.
    use trichxuat::model::Category;
    let parts: Vec<_> = doc
        .amounts
        .iter()
        .filter(|a| a.row.as_deref() == Some("1") && a.year == Some(2021))
        .map(|a| (a.source, a.amount_vnd, a.row_kind, a.category, a.program.clone()))
        .collect();
    assert_eq!(
        parts,
        vec![
            (None, 300_000_000, RowKind::Subtotal, Some(Category::Training), Some("1".into())),
            (Some(FundingSource::National), 100_000_000, RowKind::Item, Some(Category::Training), Some("1".into())),
            (Some(FundingSource::Local), 200_000_000, RowKind::Item, Some(Category::Training), Some("1".into())),
        ]
    );
    // The Giai đoạn column totals the years: no year.
    assert!(amount(&doc, "3", None).contains(&(Some(FundingSource::National), 500_000_000, RowKind::Item, false)));
    // The Tổng cộng's source rows are totals, not items.
    let tot: Vec<_> =
        doc.amounts.iter().filter(|a| a.row.is_none() && a.year == Some(2022)).map(|a| (a.source, a.amount_vnd, a.row_kind)).collect();
    assert_eq!(
        tot,
        vec![
            (Some(FundingSource::Total), 1_150_000_000, RowKind::Total),
            (Some(FundingSource::National), 475_000_000, RowKind::Total),
            (Some(FundingSource::Local), 675_000_000, RowKind::Total),
        ]
    );
    // Items by source and year add up to the printed total.
    let items: i128 = doc
        .amounts
        .iter()
        .filter(|a| a.row_kind == RowKind::Item && a.year.is_some() && a.source != Some(FundingSource::Total))
        .map(|a| a.amount_vnd)
        .sum();
    assert_eq!(items, 6_050_000_000); // 6.000 plus the planted 50

    // Planted: item 2's KCĐP for 2023 printed 350 (300 fits): its row and its item's column.
    assert_eq!(
        mismatches(&doc),
        vec![
            (CheckKind::RowTotal, Some("2".into()), Some(1.5e9), Some(1.55e9)),
            (CheckKind::SectionTotal, Some("2".into()), Some(6e8), Some(6.5e8))
        ]
    );
    assert_eq!(amount(&doc, "2", Some(2023)).iter().find(|a| a.0 == Some(FundingSource::Local)).map(|a| a.1), Some(350_000_000));
    assert!(doc.checks.iter().any(|c| c.kind == CheckKind::SectionTotal && c.row.is_none() && c.status == CheckStatus::Ok));
    assert!(doc.checks.iter().any(|c| c.kind == CheckKind::WordsVsFigures && c.status == CheckStatus::Ok));
}

#[test]
fn soc_trang_implementer_before_project_unit_in_the_title() {
    let doc = run("soc_trang_2022.txt");
    let m = &doc.meta;
    assert_eq!(m.province.as_deref(), Some("Sóc Trăng"));
    assert_eq!(m.number.as_deref(), Some("45/KH-SCT"));
    assert_eq!(m.date.as_deref(), Some("2022-01-18"));
    assert_eq!(m.title.as_deref(), Some("Thực hiện các đề án khuyến công năm 2022"));
    assert_eq!(m.period.map(|p| (p.from, p.to)), Some((2022, 2022)));
    assert_eq!(signer(&doc), Some("Trần Văn Lâu"));

    // "(ĐVT: 1.000 đồng)" at the end of the title line.
    assert_eq!(doc.tables[0].unit.as_deref(), Some("nghìn đồng"));
    assert!(doc.tables[0].title.as_deref().unwrap_or("").starts_with("PHỤ LỤC"));

    let p: Vec<_> = doc
        .projects
        .iter()
        .map(|p| (p.code.clone().unwrap_or_default(), p.program.clone().unwrap_or_default(), p.start_month, p.end_month))
        .collect();
    assert_eq!(
        p,
        vec![
            ("I.1".into(), "1".into(), Some(3), Some(9)),
            ("I.2".into(), "1".into(), None, None), // "6 tháng" is a duration
            ("II.1".into(), "2".into(), Some(6), Some(12)),
            ("II.2".into(), "2".into(), Some(7), Some(9)),
            ("III.1".into(), "3".into(), Some(10), Some(10)),
        ]
    );
    assert_eq!(doc.projects[0].name, "Đào tạo nghề đan đát lục bình cho lao động nông thôn");
    assert_eq!(doc.projects[0].implementer.as_deref(), Some("Trung tâm Khuyến công và Tư vấn phát triển công nghiệp"));
    assert_eq!(doc.projects[1].implementer.as_deref(), Some("Hợp tác xã Mỹ Xuyên"));
    assert_eq!(doc.projects[3].notes.as_deref(), Some("Đối ứng 50%"));

    assert_eq!(
        amount(&doc, "I.2", Some(2022)),
        vec![
            (Some(FundingSource::Local), 120_000_000, RowKind::Item, false),
            (Some(FundingSource::Total), 120_000_000, RowKind::Item, false)
        ]
    );
    let total: Vec<_> = doc.amounts.iter().filter(|a| a.row.is_none()).map(|a| (a.source, a.amount_vnd, a.row_kind)).collect();
    assert_eq!(total[2], (Some(FundingSource::Total), 1_370_000_000, RowKind::Total));

    // Planted: II.2's Tổng 450.000 for 250.000 + 150.000.
    assert_eq!(
        mismatches(&doc),
        vec![
            (CheckKind::RowTotal, Some("II.2".into()), Some(4.5e8), Some(4e8)),
            (CheckKind::SectionTotal, Some("II".into()), Some(9e8), Some(9.5e8))
        ]
    );
    assert!(doc.checks.iter().any(|c| c.kind == CheckKind::WordsVsFigures && c.status == CheckStatus::Ok && c.expected == Some(1.37e9)));
    assert!(doc.checks.iter().any(|c| c.kind == CheckKind::TextVsTable && c.status == CheckStatus::Ok));
}

#[test]
fn bac_kan_years_as_rows_in_ty_dong_and_a_period_column_first() {
    let doc = run("bac_kan_2023.txt");
    let m = &doc.meta;
    assert_eq!(m.province.as_deref(), Some("Bắc Kạn"));
    assert_eq!(m.number.as_deref(), Some("512/QĐ-UBND"));
    assert_eq!(m.date.as_deref(), Some("2023-03-30"));
    assert_eq!(m.period.map(|p| (p.from, p.to)), Some((2023, 2025)));
    assert_eq!(signer(&doc), Some("Nguyễn Đăng Bình"));

    // Biểu 01: "Giai đoạn 2023-2025" first, years in descending order.
    let t = |row: &str, year: Option<i32>| doc.targets.iter().find(|t| t.row.as_deref() == Some(row) && t.year == year).map(|t| t.value);
    assert_eq!(t("1", None), Some(450.0));
    assert_eq!(t("1", Some(2025)), Some(150.0));
    assert_eq!(t("4", Some(2024)), None);
    assert_eq!(doc.targets.len(), 15);
    let fair = doc.targets.iter().find(|t| t.row.as_deref() == Some("3") && t.year == Some(2023)).unwrap();
    assert_eq!((fair.indicator.as_str(), fair.unit.as_deref(), fair.value), ("Hội chợ, triển lãm", Some("Lượt"), 1.0));
    assert!(doc.checks.iter().filter(|c| c.table.as_deref() == Some("t1")).all(|c| c.status == CheckStatus::Ok));

    // Biểu 02: one row per year, sources as columns, in tỷ đồng.
    assert_eq!(
        amount(&doc, "1", Some(2023)),
        vec![
            (Some(FundingSource::National), 1_200_000_000, RowKind::Item, false),
            (Some(FundingSource::Local), 850_000_000, RowKind::Item, false),
            (Some(FundingSource::Total), 2_050_000_000, RowKind::Item, false),
        ]
    );
    let cong: Vec<_> =
        doc.amounts.iter().filter(|a| a.row_kind == RowKind::Total).map(|a| (a.row.clone(), a.source, a.year, a.amount_vnd)).collect();
    assert_eq!(cong[1], (None, Some(FundingSource::Local), None, 2_850_000_000));

    // Planted: the Cộng of KCĐP 2,85 for 2,75.
    assert_eq!(
        mismatches(&doc),
        vec![(CheckKind::RowTotal, None, Some(6.75e9), Some(6.85e9)), (CheckKind::GrandTotal, None, Some(2.85e9), Some(2.75e9))]
    );
    assert!(doc.checks.iter().any(|c| c.kind == CheckKind::TextVsTable && c.status == CheckStatus::Ok && c.expected == Some(6.75e9)));
}

#[test]
fn lam_dong_dong_unit_in_the_title_and_sources_under_trong_do() {
    let doc = run("lam_dong_2024.txt");
    let m = &doc.meta;
    assert_eq!(m.province.as_deref(), Some("Lâm Đồng"));
    assert_eq!(m.number.as_deref(), Some("2345/QĐ-UBND"));
    assert_eq!(m.date.as_deref(), Some("2023-12-28"));
    assert_eq!(m.period.map(|p| (p.from, p.to)), Some((2024, 2024)));
    assert_eq!(signer(&doc), Some("Võ Ngọc Hiệp"));
    assert_eq!(m.signer.as_ref().and_then(|s| s.authority.as_deref()), Some("KT. Chủ tịch"));

    let t = &doc.tables[0];
    assert_eq!((t.unit.as_deref(), t.unit_vnd), (Some("đồng"), Some(1)));
    assert!(t.title.as_deref().unwrap_or("").starts_with("Biểu 02: DỰ TOÁN KINH PHÍ"));

    // "-" for Trung ương: no amount.
    assert_eq!(
        amount(&doc, "I.1", Some(2024)),
        vec![
            (Some(FundingSource::Total), 200_000_000, RowKind::Item, false),
            (Some(FundingSource::Local), 150_000_000, RowKind::Item, false),
            (Some(FundingSource::Beneficiary), 50_000_000, RowKind::Item, false),
        ]
    );
    assert!(amount(&doc, "II", Some(2024)).contains(&(Some(FundingSource::National), 500_000_000, RowKind::Subtotal, false)));
    use trichxuat::model::Category;
    let prog = |row: &str| doc.amounts.iter().find(|a| a.row.as_deref() == Some(row)).map(|a| (a.program.clone(), a.category));
    assert_eq!(prog("I.1"), Some((Some("1".into()), Some(Category::Training))));
    assert_eq!(prog("II.2"), Some((Some("2".into()), Some(Category::Demonstration))));
    assert_eq!(prog("III"), Some((Some("3".into()), Some(Category::Information))));

    // Planted: Tổng cộng printed 1.750.000.000 for 1.730.000.000.
    assert_eq!(
        mismatches(&doc),
        vec![(CheckKind::RowTotal, None, Some(1.75e9), Some(1.73e9)), (CheckKind::GrandTotal, None, Some(1.75e9), Some(1.73e9))]
    );
    assert!(doc.checks.iter().any(|c| c.kind == CheckKind::WordsVsFigures && c.status == CheckStatus::Ok));
    assert!(doc.checks.iter().any(|c| c.kind == CheckKind::TextVsTable && c.status == CheckStatus::Ok && c.expected == Some(6.3e8)));
}

#[test]
fn thai_nguyen_years_as_rows_sources_as_rows_and_months_with_their_year() {
    let doc = run("thai_nguyen_2025.txt");
    // Targets the other way round: years (printed bare) as rows, indicators as
    // columns, each with the unit of the ĐVT row; the period total has no year.
    let t =
        |ind: &str, year: Option<i32>| doc.targets.iter().find(|t| t.indicator == ind && t.year == year).map(|t| (t.value, t.unit.clone()));
    assert_eq!(t("Số lao động được đào tạo nghề", Some(2026)), Some((35.0, Some("Người".into()))));
    assert_eq!(t("Số sản phẩm được bình chọn sản phẩm tiêu biểu", Some(2027)), Some((10.0, Some("Sản phẩm".into()))));
    assert_eq!(t("Số lao động được đào tạo nghề", None), Some((100.0, Some("Người".into()))));
    assert_eq!(doc.targets.len(), 8);
    // Money the other way round with unnumbered activities: each column its own label.
    let a = |label: &str, source: FundingSource| {
        doc.amounts.iter().find(|a| a.label == label && a.source == Some(source)).map(|a| (a.amount_vnd, a.row_kind))
    };
    assert_eq!(a("Đào tạo nghề cho lao động nông thôn", FundingSource::Local), Some((600_000_000, RowKind::Item)));
    assert_eq!(
        a("Tổ chức bình chọn sản phẩm công nghiệp nông thôn tiêu biểu", FundingSource::National),
        Some((200_000_000, RowKind::Item))
    );
    assert_eq!(a("Tổng", FundingSource::Total), Some((1_500_000_000, RowKind::Total)));
    // "04/2025" under Bắt đầu / Kết thúc: the months.
    let months: Vec<_> = doc.projects.iter().map(|p| (p.start_month, p.end_month)).collect();
    assert_eq!(months, vec![(Some(4), Some(10)), (Some(6), Some(6))]);
    // Everything adds up: no false alarm, and the totals are checked both ways.
    assert!(doc.checks.iter().all(|c| c.status == CheckStatus::Ok), "{:#?}", doc.checks);
    assert!(doc.checks.iter().any(|c| c.kind == CheckKind::RowTotal && c.expected == Some(100.0)));
    assert!(doc.checks.iter().any(|c| c.kind == CheckKind::ColumnTotal && c.expected == Some(1e9)));
}

#[test]
fn tuyen_quang_one_year_targets_under_ke_hoach() {
    // The value column says only "Kế hoạch": a one-year plan's figures carry its year.
    let doc = run("tuyen_quang_2026.txt");
    assert_eq!(doc.meta.period.map(|p| (p.from, p.to)), Some((2026, 2026)));
    let got: Vec<_> = doc.targets.iter().map(|t| (t.row.clone(), t.year, t.value)).collect();
    assert_eq!(got, vec![(Some("I.1".into()), Some(2026), 120.0), (Some("I.2".into()), Some(2026), 6.0)]);
}

#[test]
fn yen_bai_project_table_with_source_sections_and_continuing_numbers() {
    // "Tên đề án / Nội dung | Đơn vị thực hiện / chủ trì | Thời gian thực hiện |
    // Kinh phí | Trong đó: KCQG | KCĐP | Đối ứng", sections I/II naming the source,
    // items numbered 1–2 under I and 3–5 under II, empty KCĐP / Đối ứng cells.
    let doc = run("yen_bai_2024.txt");
    let codes: Vec<_> = doc.projects.iter().map(|p| (p.code.clone().unwrap_or_default(), p.start_month, p.end_month)).collect();
    assert_eq!(
        codes,
        vec![
            ("1".into(), Some(5), Some(11)),
            ("2".into(), Some(4), Some(6)),
            ("3".into(), Some(3), Some(9)),
            ("4".into(), Some(1), Some(12)),
            ("5".into(), Some(7), Some(12)),
        ]
    );
    // The plain "Kinh phí" column is the row's total; the empty KCĐP cell stays empty.
    assert_eq!(
        amount(&doc, "1", Some(2024)),
        vec![
            (Some(FundingSource::Total), 300_000_000, RowKind::Item, false),
            (Some(FundingSource::National), 200_000_000, RowKind::Item, false),
            (Some(FundingSource::Beneficiary), 100_000_000, RowKind::Item, false),
        ]
    );
    assert_eq!(
        amount(&doc, "4", Some(2024)).iter().map(|a| a.0).collect::<Vec<_>>(),
        vec![Some(FundingSource::Total), Some(FundingSource::Local)]
    );
    // Every row total is checked and holds; nothing is a mismatch.
    assert_eq!(doc.checks.iter().filter(|c| c.kind == CheckKind::RowTotal).count(), 6);
    assert!(doc.checks.iter().all(|c| c.status == CheckStatus::Ok), "{:#?}", doc.checks);
}

fn run_text(text: &str) -> Document {
    trichxuat::pipeline::process_bytes("inline.txt", "inline".into(), text.as_bytes(), &RunOptions::default()).expect("processes")
}

const HEAD: &str = "ỦY BAN NHÂN DÂN\nTỈNH THÁI BÌNH\n\nSố: 12/KH-UBND\n\nThái Bình, ngày 2 tháng 1 năm 2024\n\nKẾ HOẠCH\nKhuyến công giai đoạn 2024 - 2025\n\n";

#[test]
fn a_page_repeating_only_the_lower_header_continues_the_table() {
    // Year groups (Năm 2024: Tổng | KCĐP | KCQG); page 2 repeats only the second header line.
    let doc = run_text(&format!(
        "{HEAD}BIỂU 02. KINH PHÍ (ĐVT: triệu đồng)\n\nTT\tHạng mục\tNăm 2024\t\t\tNăm 2025\t\t\n\t\tTổng\tKCĐP\tKCQG\tTổng\tKCĐP\tKCQG\n\
1\tĐào tạo nghề\t30\t10\t20\t40\t15\t25\n1.1\tĐào tạo nghề cho lao động nông thôn\t10\t5\t5\t15\t5\t10\n\n\x0c\n\
\t\tTổng\tKCĐP\tKCQG\tTổng\tKCĐP\tKCQG\n1.2\tTruyền nghề\t20\t5\t15\t25\t10\t15\n\tCộng\t30\t10\t20\t40\t15\t25\n"
    ));
    assert_eq!(doc.tables.len(), 1, "{:?}", doc.tables.iter().map(|t| &t.columns).collect::<Vec<_>>());
    assert_eq!(amount(&doc, "1.2", Some(2025)).len(), 3);
    assert!(doc.checks.iter().all(|c| c.status != CheckStatus::Mismatch), "{:?}", doc.checks);
}

#[test]
fn a_heading_between_two_tables_starts_a_new_table() {
    let doc = run_text(&format!(
        "{HEAD}TỔNG HỢP KINH PHÍ (ĐVT: tỷ đồng)\n\nNội dung\tTổng\tĐào tạo nghề\tTruyền nghề\nTổng cộng\t3\t1\t2\n\
Kinh phí khuyến công quốc gia\t1\t0,5\t0,5\nKinh phí khuyến công địa phương\t2\t0,5\t1,5\n\nKẾ HOẠCH KINH PHÍ NĂM 2024\n\n\
TT\tNội dung chi (ĐVT: triệu đồng)\tKCQG\tKCĐP\tTổng\n1\tĐào tạo nghề\t500\t500\t1.000\n\tTổng cộng\t500\t500\t1.000\n"
    ));
    assert_eq!(doc.tables.len(), 2);
    assert!(doc.tables[0].transposed);
    assert_eq!(doc.tables[1].unit.as_deref(), Some("triệu đồng"));
    assert!(doc.checks.iter().all(|c| c.status != CheckStatus::Mismatch), "{:?}", doc.checks);
}

#[test]
fn an_empty_cell_keeps_its_column_when_the_total_is_wrong() {
    // "- Tổ chức tại thành phố" prints 586 + 552 against a total of 863 and no Đối ứng:
    // read by position, the wrong total is reported; 863 never slides into Đối ứng.
    let doc = run_text(&format!(
        "{HEAD}BIỂU 02. DỰ TOÁN NĂM 2024\n\nTT\tHạng mục (ĐVT: nghìn đồng)\tNgân sách Trung ương\tNgân sách tỉnh\tĐối ứng của cơ sở\tTổng cộng\n\
1\tHỗ trợ thiết kế mẫu mã, bao bì sản phẩm\t738.000\t795.000\t\t1.533.000\n-\tTổ chức tại huyện miền núi\t152.000\t243.000\t\t395.000\n\
\t- Tổ chức tại thành phố\t586.000\t552.000\t\t863.000\n"
    ));
    let sub: Vec<_> = doc.amounts.iter().filter(|a| a.label == "Tổ chức tại thành phố").map(|a| (a.source, a.amount_vnd)).collect();
    assert_eq!(
        sub,
        vec![
            (Some(FundingSource::National), 586_000_000),
            (Some(FundingSource::Local), 552_000_000),
            (Some(FundingSource::Total), 863_000_000)
        ]
    );
    assert!(doc.checks.iter().any(|c| c.status == CheckStatus::Mismatch && c.expected == Some(863e6) && c.found == Some(1138e6)));
}

#[test]
fn prose_quoting_a_table_the_other_way_round_agrees_with_it() {
    // The text quotes each source's total of the transposed table (sources as rows, Tổng last);
    // the activity table below breaks the money down in other figures. Not a mismatch.
    let doc = run_text(&format!(
        "{HEAD}Tổng kinh phí thực hiện là 4.504.900.000 đồng, trong đó:\n\n- Kinh phí khuyến công quốc gia: 2.003.010.000 đồng;\n\n\
- Kinh phí khuyến công địa phương: 2.501.890.000 đồng;\n\nKẾ HOẠCH KINH PHÍ NĂM 2025\n\
Nội dung\tĐào tạo nghề\tTruyền nghề\tTổng\nĐVT\ttriệu đồng\ttriệu đồng\ttriệu đồng\nKCQG\t1.000\t1.003,01\t2.003,01\n\
KCĐP\t1.500\t1.001,89\t2.501,89\nCộng\t2.500\t2.004,9\t4.504,9\n\nBIỂU 02. DỰ TOÁN (ĐVT: nghìn đồng)\n\n\
TT\tNội dung\tTổng kinh phí\tNgân sách tỉnh\tKhuyến công quốc gia\n1\tĐào tạo nghề\t4.000.000\t2.000.000\t2.000.000\n\
\tTỔNG CỘNG\t4.000.000\t2.000.000\t2.000.000\n"
    ));
    let prose: Vec<_> = doc.checks.iter().filter(|c| c.kind == CheckKind::TextVsTable).map(|c| (c.found, c.status)).collect();
    assert!(prose.contains(&(Some(2_003_010_000.0), CheckStatus::Ok)), "{prose:?}");
    assert!(doc.checks.iter().all(|c| c.status != CheckStatus::Mismatch), "{:?}", doc.checks);
}

#[test]
fn a_total_without_its_parts_is_not_checked_and_says_so() {
    // Rows 2 and II print only their Tổng (their sources are blank); the Tổng
    // cộng row adds up. Their breakdowns cannot be checked: each is a warning,
    // neither a mismatch nor silence.
    let doc = run_text(&format!(
        "{HEAD}BIỂU 02. KINH PHÍ NĂM 2024 (ĐVT: triệu đồng)\n\nTT\tNội dung\tKCQG\tKCĐP\tTổng\n\
I\tĐào tạo nghề\t300\t200\t500\n1\tĐào tạo nghề may\t100\t100\t200\n2\tĐào tạo nghề mây tre\t\t\t300\n\
II\tHỗ trợ máy móc thiết bị\t\t\t400\n\tTổng cộng\t\t\t900\n"
    ));
    let unchecked: Vec<&str> = doc.warnings.iter().filter(|w| w.message.contains("not checked")).map(|w| w.message.as_str()).collect();
    assert!(unchecked.iter().any(|w| w.starts_with("t1 row I.2 ") && w.contains("none of the parts")), "{unchecked:#?}");
    assert!(unchecked.iter().any(|w| w.starts_with("t1 row II ") && w.contains("none of the parts")), "{unchecked:#?}");
    assert!(doc.warnings.iter().filter(|w| w.message.contains("not checked")).all(|w| w.stage == Stage::Check));
    assert!(doc.checks.iter().all(|c| c.status != CheckStatus::Mismatch), "{:#?}", doc.checks);
    // section I in KCQG and KCĐP: row 2's share is unknown (a blank beside a
    // total of 300 is not a zero), so not checked; in Tổng it is: 200 + 300
    assert!(unchecked.iter().any(|w| w.starts_with("t1 row I ") && w.contains("\"KCQG\", row I.2 prints its total but not its share")));
    let section_i: Vec<_> = doc.checks.iter().filter(|c| c.kind == CheckKind::SectionTotal && c.row.as_deref() == Some("I")).collect();
    assert_eq!(section_i.len(), 1, "{section_i:#?}");
    assert_eq!((section_i[0].status, section_i[0].expected), (CheckStatus::Ok, Some(500e6)));
    assert!(doc.checks.iter().any(|c| c.kind == CheckKind::GrandTotal && c.status == CheckStatus::Ok && c.expected == Some(900e6)));
}

#[test]
fn a_row_printed_again_at_the_top_of_the_next_page_is_read_once() {
    // Row 1.1 ends page 1 and is printed again, identical, under the repeated
    // header of page 2: one row, one warning, and the totals add up.
    let doc = run_text(&format!(
        "{HEAD}BIỂU 02. KINH PHÍ NĂM 2024 (ĐVT: triệu đồng)\n\nTT\tNội dung\tKCQG\tKCĐP\tTổng\n\
1\tĐào tạo nghề\t300\t200\t500\n1.1\tĐào tạo nghề may\t100\t100\t200\n\x0c\nTT\tNội dung\tKCQG\tKCĐP\tTổng\n\
1.1\tĐào tạo nghề may\t100\t100\t200\n1.2\tĐào tạo nghề mây tre\t200\t100\t300\n\tTổng cộng\t300\t200\t500\n"
    ));
    assert_eq!(amount(&doc, "1.1", Some(2024)).len(), 3, "{:#?}", doc.amounts);
    assert!(
        doc.warnings.iter().any(|w| w.message.contains("row 1.1 repeats line") && w.message.contains("read once")),
        "{:#?}",
        doc.warnings
    );
    assert!(doc.checks.iter().all(|c| c.status != CheckStatus::Mismatch), "{:#?}", doc.checks);
    assert!(doc.checks.iter().any(|c| c.kind == CheckKind::SectionTotal && c.status == CheckStatus::Ok));
}
