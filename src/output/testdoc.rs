//! A realistic processed document (Cao Bằng 2015's Biểu 01 / Biểu 02 rows and
//! a Đồng Nai 2020 project row) shared by the output tests.

use crate::model::*;

fn prov(page: u32, line: u32, text: &str) -> Provenance {
    Provenance { page: Some(page), line: Some(line), text: text.to_string(), confidence: None, bbox: None, reread: false }
}

fn col(header: &str, role: ColumnRole) -> Column {
    Column { header: header.to_string(), role, unit: None }
}

fn value_col(year: Option<i32>, source: Option<FundingSource>, total: bool) -> ColumnRole {
    ColumnRole::Value { year, source, total_years: total }
}

fn row(id: Option<&str>, label: &str, kind: RowKind, values: Vec<(usize, &str, Decimal, bool)>, p: Provenance) -> TableRow {
    TableRow {
        id: id.map(str::to_string),
        tt: id.map(str::to_string),
        label: label.to_string(),
        kind,
        parent: None,
        depth: 0,
        dash: false,
        split_part: false,
        source: None,
        unit: None,
        implementer: None,
        objective: None,
        expected_result: None,
        notes: None,
        start_month: None,
        end_month: None,
        values: values
            .into_iter()
            .map(|(column, raw, value, derived)| ValueCell {
                column,
                raw: raw.to_string(),
                value,
                derived,
                bbox: None,
                cell: None,
                confidence: None,
                corrected_from: None,
                reread: false,
            })
            .collect(),
        provenance: p,
    }
}

/// A processed document with two tables, targets, amounts with every source,
/// a project, checks with every status and warnings.
pub fn sample(doc_id: &str, file: &str, sha256: &str) -> Document {
    let l406 = "1\tSố lao động mới đào tạo được\tLao động\t\t50\t50\t150\t100\t350";
    let l412 = "\t- Số đại biểu tham dự hội thảo, tập huấn kỹ thuật, nghiệp vụ mới\tĐại biểu\t30\t\t30\t\t30\t90";
    let l452 = "3\tNội dung 3: Hỗ trợ mô hình trình diễn kỹ thuật\t700\t300\t700\t300\t700\t450\t800\t500\t700\t500\t3.600\t2.050\t5.650";
    let pages = vec![
        Page { number: 1, route: PageRoute::TextLayer, lines: Vec::new(), landscape: false, turns: 0 },
        Page { number: 12, route: PageRoute::Ocr, lines: Vec::new(), landscape: true, turns: 0 },
    ];
    let source = Source { file: file.to_string(), sha256: sha256.to_string(), kind: SourceKind::PdfScan, pages: Some(14) };
    let mut d = Document::new(doc_id.to_string(), source, pages);
    d.meta = DocumentMeta {
        issuer: Some("Ủy ban nhân dân tỉnh Cao Bằng".into()),
        province: Some("Cao Bằng".into()),
        number: Some("270/QĐ-UBND".into()),
        doc_type: Some(DocType::QuyetDinh),
        date: Some("2015-02-26".into()),
        place: Some("Cao Bằng".into()),
        title: Some("Phê duyệt Kế hoạch khuyến công tỉnh Cao Bằng giai đoạn 2016 - 2020".into()),
        period: Some(Period { from: 2016, to: 2020 }),
        signer: Some(Signer {
            name: Some("Đàm Văn Eng".into()),
            position: Some("Phó Chủ tịch".into()),
            authority: Some("KT. Chủ tịch".into()),
        }),
        legal_bases: vec![
            LegalBasis {
                number: Some("45/2012/NĐ-CP".into()),
                doc_type: DocType::NghiDinh,
                date: Some("2012-05-21".into()),
                issuer: Some("Chính phủ".into()),
            },
            LegalBasis { number: None, doc_type: DocType::Luat, date: None, issuer: Some("Quốc hội".into()) },
        ],
    };
    let mut t4_row = row(
        Some("I.1"),
        "Số lao động mới đào tạo được",
        RowKind::Item,
        vec![(4, "50", Decimal::int(50), false), (8, "350", Decimal::int(350), false)],
        prov(12, 406, l406),
    );
    t4_row.unit = Some("Lao động".into());
    let mut t4_sub = row(
        Some("II.3"),
        "Số đại biểu tham dự hội thảo, tập huấn kỹ thuật, nghiệp vụ mới",
        RowKind::Item,
        vec![(3, "30", Decimal::int(30), false), (4, "", Decimal::int(0), true), (8, "90", Decimal::int(90), false)],
        prov(12, 412, l412),
    );
    t4_sub.unit = Some("Đại biểu".into());
    t4_sub.dash = true;
    d.tables.push(Table {
        id: "t4".into(),
        kind: TableKind::Targets,
        title: Some("Biểu 01: Chỉ tiêu khuyến công giai đoạn 2016-2020".into()),
        unit: None,
        unit_vnd: None,
        pages: vec![12, 13],
        columns: vec![
            col("TT", ColumnRole::Tt),
            col("Nội dung chi tiết", ColumnRole::Label),
            col("ĐVT", ColumnRole::Unit),
            col("Năm 2016", value_col(Some(2016), None, false)),
            col("Năm 2017", value_col(Some(2017), None, false)),
            col("Năm 2018", value_col(Some(2018), None, false)),
            col("Năm 2019", value_col(Some(2019), None, false)),
            col("Năm 2020", value_col(Some(2020), None, false)),
            col("Tổng", value_col(None, None, true)),
        ],
        rows: vec![t4_row, t4_sub],
        transposed: false,
        first_line: 404,
        last_line: 422,
        cells: Vec::new(),
    });
    d.tables.push(Table {
        id: "t5".into(),
        kind: TableKind::Budget,
        title: Some("Biểu 02: Kinh phí khuyến công giai đoạn 2016-2020".into()),
        unit: Some("triệu đồng".into()),
        unit_vnd: Some(1_000_000),
        pages: vec![13],
        columns: vec![
            col("TT", ColumnRole::Tt),
            col("Nội dung", ColumnRole::Label),
            col("Năm 2016 / KCQG", value_col(Some(2016), Some(FundingSource::National), false)),
            col("Năm 2016 / KCĐP", value_col(Some(2016), Some(FundingSource::Local), false)),
            col("Tổng chung", value_col(None, Some(FundingSource::Total), true)),
        ],
        rows: vec![row(
            Some("3"),
            "Nội dung 3: Hỗ trợ mô hình trình diễn kỹ thuật",
            RowKind::Item,
            vec![(2, "700", Decimal::int(700), false), (3, "300", Decimal::int(300), false), (4, "5.650", Decimal::int(5650), false)],
            prov(13, 452, l452),
        )],
        transposed: false,
        first_line: 446,
        last_line: 460,
        cells: Vec::new(),
    });
    let target = |row: &str, indicator: &str, unit: &str, year: Option<i32>, value: f64, derived: bool, p: Provenance| Target {
        table: "t4".into(),
        row: Some(row.into()),
        program: Some(row.split('.').next().unwrap_or("").into()),
        category: Some(Category::Training),
        indicator: indicator.into(),
        unit: Some(unit.into()),
        year,
        value,
        row_kind: RowKind::Item,
        derived,
        column: None,
        corrected: false,
        corrected_from: None,
        provenance: p,
    };
    d.targets = vec![
        target("I.1", "Số lao động mới đào tạo được", "Lao động", Some(2017), 50.0, false, prov(12, 406, l406)),
        target("I.1", "Số lao động mới đào tạo được", "Lao động", None, 350.0, false, prov(12, 406, l406)),
        target(
            "II.3",
            "Số đại biểu tham dự hội thảo, tập huấn kỹ thuật, nghiệp vụ mới",
            "Đại biểu",
            Some(2017),
            0.0,
            true,
            prov(12, 412, l412),
        ),
        target(
            "II.3",
            "Số đại biểu tham dự hội thảo, tập huấn kỹ thuật, nghiệp vụ mới",
            "Đại biểu",
            Some(2016),
            2.5,
            false,
            Provenance { confidence: Some(87.3), ..prov(12, 412, l412) },
        ),
    ];
    let amount = |source: Option<FundingSource>, year: Option<i32>, raw: &str, vnd: i128, kind: RowKind, derived: bool| Amount {
        table: "t5".into(),
        row: if kind == RowKind::Total { None } else { Some("3".into()) },
        program: Some("3".into()),
        category: if kind == RowKind::Total { None } else { Some(Category::Demonstration) },
        label: "Nội dung 3: Hỗ trợ mô hình trình diễn kỹ thuật".into(),
        source,
        year,
        amount_vnd: vnd,
        raw: raw.into(),
        unit: Some("triệu đồng".into()),
        row_kind: kind,
        derived,
        column: None,
        counted: kind == RowKind::Item && year.is_some(),
        corrected: false,
        corrected_from: None,
        provenance: prov(13, 452, l452),
    };
    d.amounts = vec![
        amount(Some(FundingSource::National), Some(2016), "700", 700_000_000, RowKind::Item, false),
        amount(Some(FundingSource::Local), Some(2016), "300", 300_000_000, RowKind::Item, false),
        amount(Some(FundingSource::Beneficiary), Some(2016), "541,125", 541_125_000, RowKind::Item, false),
        amount(Some(FundingSource::Other), Some(2016), "", 0, RowKind::Item, true),
        amount(Some(FundingSource::Total), None, "5.650", 5_650_000_000, RowKind::Subtotal, false),
        amount(None, None, "10.987.250", 10_987_250_000_000, RowKind::Total, false),
    ];
    d.projects = vec![Project {
        table: "t1".into(),
        code: Some("2.1".into()),
        program: Some("2".into()),
        category: Some(Category::Products),
        name: "Tham gia hội chợ triển lãm trong nước".into(),
        implementer: Some("Trung tâm KC&TVP TCN".into()),
        objective: Some("Tổ chức gian hàng chung tỉnh Đồng Nai (4 gian/lần)".into()),
        expected_result: Some("Tham gia 03 hội chợ triển lãm trong nước".into()),
        start_month: Some(4),
        end_month: Some(12),
        year: Some(2020),
        notes: Some("- Quyết định 53/2018/QĐ-UBND 11/12/2018".into()),
        corrected: false,
        corrected_from: None,
        provenance: prov(5, 232, "2.1\tTham gia hội chợ triển lãm trong nước\tTrung tâm KC&TVP TCN"),
    }];
    let check = |kind: CheckKind, row: Option<&str>, e: f64, f: f64, status: CheckStatus, m: &str| Check {
        table: Some(if kind == CheckKind::TextVsTable { "t5" } else { "t4" }.into()),
        row: row.map(str::to_string),
        kind,
        expected: Some(e),
        found: Some(f),
        status,
        message: m.into(),
        cells: Vec::new(),
    };
    d.checks = vec![
        check(CheckKind::RowTotal, Some("I.1"), 350.0, 350.0, CheckStatus::Ok, "row total 350 = sum of years 350"),
        check(CheckKind::RowTotal, Some("II.2"), 100.0, 65.0, CheckStatus::Mismatch, "row total 100 ≠ sum of years 65"),
        check(CheckKind::ColumnTotal, Some("II.3"), 90.0, 90.0, CheckStatus::Inferred, "Năm 2017 pinned to 0 by the row total"),
        check(CheckKind::TextVsTable, None, 7_763_445_000.0, 7_763_445_000.0, CheckStatus::Ok, "prose 7.763,445 triệu đồng = Tổng cộng"),
        Check {
            table: None,
            row: None,
            kind: CheckKind::WordsVsFigures,
            expected: Some(10_987_250_000.0),
            found: None,
            status: CheckStatus::Mismatch,
            message: "words not read".into(),
            cells: Vec::new(),
        },
    ];
    d.warn(Stage::Extract, "page 12 read by OCR (confidence 87)");
    d.warn(Stage::Map, "column \"KCĐP\" read as local");
    d
}
