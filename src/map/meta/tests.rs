//! Whole-document tests: the bundled fixtures, their OCR, and documents in
//! other layouts.
use super::*;
use crate::model::Cell;
use unicode_normalization::UnicodeNormalization;

type BasisRef<'a> = (Option<&'a str>, DocType, Option<&'a str>, Option<&'a str>);
type BasisOwned = (Option<String>, DocType, Option<String>, Option<String>);

/// Lines the way the text extractor builds them: one per file line,
/// cells split on tabs, markup removed, NFC.
fn lines_of(text: &str, normalize: bool) -> Vec<Line> {
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            let clean = |s: &str| if normalize { nfc(&strip_markup(s)) } else { s.to_string() };
            let cells: Vec<Cell> = l.split('\t').map(|c| Cell { text: clean(c), ..Default::default() }).collect();
            Line { page: 1, number: i as u32 + 1, text: clean(l), cells, tabular: l.contains('\t'), y: None }
        })
        .collect()
}

fn meta_of(text: &str, normalize: bool) -> (DocumentMeta, Vec<Warning>) {
    let lines = lines_of(text, normalize);
    let refs: Vec<&Line> = lines.iter().collect();
    document_meta(&refs)
}

fn gold(name: &str) -> serde_json::Value {
    let g: serde_json::Value = serde_json::from_str(&crate::normalize::test_gold(name)).unwrap_or_default();
    g["document"].clone()
}

fn check_against_gold(m: &DocumentMeta, g: &serde_json::Value) {
    assert_eq!(m.province.as_deref(), g["province"].as_str());
    assert_eq!(m.number.as_deref(), g["number"].as_str());
    assert_eq!(serde_json::to_value(m.doc_type).unwrap_or_default(), g["type"]);
    assert_eq!(m.date.as_deref(), g["date"].as_str());
    assert_eq!(m.signer.as_ref().and_then(|s| s.name.as_deref()), g["signer_name"].as_str());
    assert_eq!(m.period.map(|p| p.from as i64), g["period_from"].as_i64());
    assert_eq!(m.period.map(|p| p.to as i64), g["period_to"].as_i64());
    let want: Vec<&str> = g["legal_bases"].as_array().map(|a| a.iter().filter_map(|v| v.as_str()).collect()).unwrap_or_default();
    let got: Vec<&str> = m.legal_bases.iter().filter_map(|b| b.number.as_deref()).collect();
    assert_eq!(got, want);
}

#[test]
fn cao_bang_matches_gold() {
    let text = crate::normalize::test_fixture("cao_bang_2015.txt");
    let (m, w) = meta_of(&text, true);
    check_against_gold(&m, &gold("cao_bang_2015.json"));
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(m.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Cao Bằng"));
    assert_eq!(m.place.as_deref(), Some("Cao Bằng"));
    assert_eq!(m.title.as_deref(), Some("Phê duyệt Kế hoạch khuyến công tỉnh Cao Bằng giai đoạn 2016 - 2020"));
    assert_eq!(
        m.signer,
        Some(Signer {
            name: Some("Đàm Văn Eng".into()), position: Some("Phó Chủ tịch".into()), authority: Some("KT. Chủ tịch".into())
        })
    );
    // The contract's example and the law cited by title only.
    assert_eq!(
        m.legal_bases.iter().find(|b| b.number.as_deref() == Some("45/2012/NĐ-CP")),
        Some(&LegalBasis {
            number: Some("45/2012/NĐ-CP".into()),
            doc_type: DocType::NghiDinh,
            date: Some("2012-05-21".into()),
            issuer: Some("Chính phủ".into())
        })
    );
    assert_eq!(
        m.legal_bases.first(),
        Some(&LegalBasis { number: None, doc_type: DocType::Luat, date: Some("2003-11-26".into()), issuer: None })
    );
    let by_no = |n: &str| m.legal_bases.iter().find(|b| b.number.as_deref() == Some(n)).cloned();
    let qd = by_no("1288/QĐ-TTg").unwrap_or_else(|| panic!("1288 missing"));
    assert_eq!(
        (qd.doc_type, qd.date.as_deref(), qd.issuer.as_deref()),
        (DocType::QuyetDinh, Some("2014-08-01"), Some("Thủ tướng Chính phủ"))
    );
    let tt = by_no("46/2013/TT-BCT").unwrap_or_else(|| panic!("46 missing"));
    assert_eq!((tt.doc_type, tt.date.as_deref(), tt.issuer.as_deref()), (DocType::ThongTu, Some("2012-12-28"), Some("Bộ Công Thương")));
    let ttlt = by_no("26/2014/TTLT-BTC-BCT").unwrap_or_else(|| panic!("26 missing"));
    assert_eq!(
        (ttlt.doc_type, ttlt.date.as_deref(), ttlt.issuer.as_deref()),
        (DocType::ThongTuLienTich, Some("2014-02-18"), Some("Bộ Tài chính - Bộ Công Thương"))
    );
}

#[test]
fn dong_nai_matches_gold() {
    let text = crate::normalize::test_fixture("dong_nai_2020.txt");
    let (m, w) = meta_of(&text, true);
    check_against_gold(&m, &gold("dong_nai_2020.json"));
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(m.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Đồng Nai"));
    assert_eq!(m.place.as_deref(), Some("Đồng Nai"));
    assert_eq!(m.title.as_deref(), Some("Khuyến công tỉnh Đồng Nai năm 2020"));
    assert_eq!(
        m.signer,
        Some(Signer {
            name: Some("Trần Văn Vĩnh".into()), position: Some("Phó Chủ tịch".into()), authority: Some("KT. Chủ tịch".into())
        })
    );
    for b in &m.legal_bases {
        assert!(b.date.is_some(), "{b:?}");
        assert!(b.issuer.as_deref().is_some_and(|i| i == "Chính phủ" || i.starts_with("UBND tỉnh")), "{b:?}");
    }
    assert_eq!(m.legal_bases.iter().filter(|b| b.doc_type == DocType::QuyetDinh).count(), 10);
}

#[test]
fn nfd_fixtures_give_the_same_meta() {
    for name in ["cao_bang_2015.txt", "dong_nai_2020.txt"] {
        let text = crate::normalize::test_fixture(name);
        let nfd: String = text.nfd().collect();
        let (a, _) = meta_of(&text, true);
        // Lines handed over without any clean-up at all (NFD, markup kept).
        let (b, _) = meta_of(&nfd, false);
        assert_eq!(a, b, "{name}");
    }
}

/// OCR (tesseract, vie) of the scanned fixtures' first page and
/// signature page, as read: specks, a misread year, blank lines inside
/// clauses.
#[test]
fn ocr_pages_of_the_scans() {
    let cb = include_str!("testdata/cao_bang_2015.ocr.txt");
    let (m, _) = meta_of(cb, true);
    let g = gold("cao_bang_2015.json");
    assert_eq!(m.province.as_deref(), g["province"].as_str());
    assert_eq!(m.number.as_deref(), g["number"].as_str());
    assert_eq!(m.doc_type, Some(DocType::QuyetDinh));
    assert_eq!(m.date.as_deref(), g["date"].as_str());
    assert_eq!(m.period, Some(Period { from: 2016, to: 2020 }));
    assert_eq!(m.title.as_deref(), Some("Phê duyệt Kế hoạch khuyến công tỉnh Cao Bằng giai đoạn 2016 - 2020"));
    assert_eq!(m.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Cao Bằng"));
    assert_eq!(m.signer.as_ref().and_then(|s| s.name.as_deref()), Some("Đàm Văn Eng"));
    let nums: Vec<&str> = m.legal_bases.iter().filter_map(|b| b.number.as_deref()).collect();
    let want: Vec<&str> = g["legal_bases"].as_array().map(|a| a.iter().filter_map(|v| v.as_str()).collect()).unwrap_or_default();
    assert_eq!(nums, want);
    let tt = m.legal_bases.iter().find(|b| b.number.as_deref() == Some("46/2013/TT-BCT"));
    assert_eq!(tt.and_then(|b| b.issuer.as_deref()), Some("Bộ Công Thương"));
    // "20053" is no year: the law keeps no date rather than a guess.
    assert_eq!(m.legal_bases.first().map(|b| (b.number.is_none(), b.date.clone())), Some((true, None)));

    let dn = include_str!("testdata/dong_nai_2020.ocr.txt");
    let (m, _) = meta_of(dn, true);
    let g = gold("dong_nai_2020.json");
    assert_eq!(m.province.as_deref(), g["province"].as_str());
    assert_eq!(m.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Đồng Nai"));
    assert_eq!(m.number.as_deref(), g["number"].as_str());
    assert_eq!(m.doc_type, Some(DocType::KeHoach));
    assert_eq!(m.date.as_deref(), g["date"].as_str());
    assert_eq!(m.title.as_deref(), Some("Khuyến công tỉnh Đồng Nai năm 2020"));
    assert_eq!(m.period, Some(Period { from: 2020, to: 2020 }));
    assert_eq!(
        m.signer,
        Some(Signer {
            name: Some("Trần Văn Vĩnh".into()), position: Some("Phó Chủ tịch".into()), authority: Some("KT. Chủ tịch".into())
        })
    );
    // Page 1 holds the first nine of the eleven clauses.
    let nums: Vec<&str> = m.legal_bases.iter().filter_map(|b| b.number.as_deref()).collect();
    let want: Vec<&str> = g["legal_bases"].as_array().map(|a| a.iter().filter_map(|v| v.as_str()).take(9).collect()).unwrap_or_default();
    assert_eq!(nums, want);
    assert!(m.legal_bases.iter().all(|b| b.issuer.is_some() && b.date.is_some()), "{:?}", m.legal_bases);
}

#[test]
fn pdf_layout_with_wrapped_lines() {
    let text = "                               ỦY BAN NHÂN DÂN
                            TỈNH CAO BẰNG
 Số: 270/QĐ - UBND
              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                    Độc lập - Tự do - Hạnh phúc
 Cao Bằng, ngày 26 tháng 02 năm 2015
                              QUYẾT ĐỊNH
 Phê duyệt Kế hoạch khuyến công tỉnh Cao Bằng giai đoạn 2016 - 2020
             CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH CAO BẰNG
 Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26 tháng 11 năm
2003;
Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21 tháng 5 năm 2012 của Chính phủ về
khuyến công;
 Căn cứ Thông tư liên tịch số 26/2014/TTLT-BTC - BCT ngày 18 tháng 02 năm
2014 của Bộ Tài chính - Bộ Công Thương hướng dẫn trình tự lập, quản lý, sử dụng kinh
phí khuyến công quốc gia và kinh phí khuyến công địa phương;
 Xét đề nghị của Sở Công Thương tại Tờ trình số 1254/TTr-SCT ngày 24 tháng 12
năm 2014 của Sở Công Thương về việc phê duyệt Kế hoạch,
                              QUYẾT ĐỊNH:
  Điều 1. Phê duyệt kèm theo Quyết định này Kế hoạch.
- Lưu: VT, CN (V).
                               KT. CHỦ TỊCH
                               PHÓ CHỦ TỊCH
 Đàm Văn Eng
KẾ HOẠCH
KHUYẾN CÔNG TỈNH CAO BẰNG GIAI ĐOẠN 2016 – 2020";
    let (m, w) = meta_of(text, true);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(m.number.as_deref(), Some("270/QĐ-UBND"));
    assert_eq!(m.date.as_deref(), Some("2015-02-26"));
    assert_eq!(m.title.as_deref(), Some("Phê duyệt Kế hoạch khuyến công tỉnh Cao Bằng giai đoạn 2016 - 2020"));
    let nums: Vec<Option<&str>> = m.legal_bases.iter().map(|b| b.number.as_deref()).collect();
    assert_eq!(nums, vec![None, Some("45/2012/NĐ-CP"), Some("26/2014/TTLT-BTC-BCT")]);
    assert_eq!(m.legal_bases[0].date.as_deref(), Some("2003-11-26"));
    assert_eq!(m.legal_bases[2].date.as_deref(), Some("2014-02-18"));
    assert_eq!(m.legal_bases[2].issuer.as_deref(), Some("Bộ Tài chính - Bộ Công Thương"));
    assert_eq!(m.signer.and_then(|s| s.name).as_deref(), Some("Đàm Văn Eng"));
}

#[test]
fn another_province_style() {
    let text = "UBND TỈNH NGHỆ AN
SỞ CÔNG THƯƠNG
Số: 1234/CTr-SCT

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Nghệ An, ngày 5 tháng 6 năm 2021

CHƯƠNG TRÌNH
Khuyến công tỉnh Nghệ An
giai đoạn 2021 - 2025

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;
Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ về khuyến công;
Căn cứ Quyết định số 1881/QĐ-TTg ngày 24/11/2020 của Thủ tướng Chính phủ phê duyệt Chương trình khuyến công quốc gia giai đoạn 2021 - 2025;
Căn cứ Nghị quyết số 05/2021/NQ-HĐND ngày 12/3/2021 của HĐND tỉnh Nghệ An;
Xét đề nghị của Trung tâm Khuyến công tại Tờ trình số 99/TTr-TTKC ngày 1/6/2021;
Sở Công Thương xây dựng Chương trình như sau:

Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
(Đã ký)
NGUYỄN ĐỨC TRUNG
";
    let (m, w) = meta_of(text, true);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(m.issuer.as_deref(), Some("Sở Công Thương tỉnh Nghệ An"));
    assert_eq!(m.province.as_deref(), Some("Nghệ An"));
    assert_eq!(m.number.as_deref(), Some("1234/CTr-SCT"));
    assert_eq!(m.doc_type, Some(DocType::ChuongTrinh));
    assert_eq!(m.date.as_deref(), Some("2021-06-05"));
    assert_eq!(m.place.as_deref(), Some("Nghệ An"));
    assert_eq!(m.title.as_deref(), Some("Khuyến công tỉnh Nghệ An giai đoạn 2021 - 2025"));
    assert_eq!(m.period, Some(Period { from: 2021, to: 2025 }));
    assert_eq!(
        m.signer,
        Some(Signer {
            name: Some("Nguyễn Đức Trung".into()),
            position: Some("Chủ tịch".into()),
            authority: Some("TM. Ủy ban nhân dân".into())
        })
    );
    let got: Vec<BasisRef<'_>> =
        m.legal_bases.iter().map(|b| (b.number.as_deref(), b.doc_type, b.date.as_deref(), b.issuer.as_deref())).collect();
    assert_eq!(
        got,
        vec![
            (None, DocType::Luat, Some("2015-06-19"), None),
            (None, DocType::Luat, Some("2019-11-22"), None),
            (Some("45/2012/NĐ-CP"), DocType::NghiDinh, Some("2012-05-21"), Some("Chính phủ")),
            (Some("1881/QĐ-TTg"), DocType::QuyetDinh, Some("2020-11-24"), Some("Thủ tướng Chính phủ")),
            (Some("05/2021/NQ-HĐND"), DocType::NghiQuyet, Some("2021-03-12"), Some("HĐND tỉnh Nghệ An")),
        ]
    );
}

#[test]
fn ocr_slips_and_city() {
    let text = "UY BAN NHAN DAN\nTHANH PHO HA NOI\nSo: 12/KH-UBND\nHa Noi, ngay 3 thang 1 nam 2022\nKE HOACH\nKhuyen cong nam 2022\nCan cu Nghi dinh so 45/2012/ND-CP ngay 21/5/2012 cua Chinh phu;\n";
    let (m, _) = meta_of(text, true);
    assert_eq!(m.province.as_deref(), Some("Hà Nội"));
    assert_eq!(m.issuer.as_deref(), Some("Ủy ban nhân dân thành phố Hà Nội"));
    assert_eq!(m.number.as_deref(), Some("12/KH-UBND"));
    assert_eq!(m.doc_type, Some(DocType::KeHoach));
    assert_eq!(m.date.as_deref(), Some("2022-01-03"));
    assert_eq!(m.period, Some(Period { from: 2022, to: 2022 }));
    assert_eq!(m.legal_bases.len(), 1);
    assert_eq!(m.legal_bases[0].doc_type, DocType::NghiDinh);
}

#[test]
fn merged_columns_and_period_from_body() {
    // OCR or a layout-less text layer can merge the two header columns.
    let text = "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH QUẢNG NAM Độc lập - Tự do - Hạnh phúc
Số: 88/KH-UBND Quảng Nam, ngày 10 tháng 01 năm 2019
KẾ HOẠCH
Hoạt động khuyến công
Căn cứ Quyết định số 1288/QĐ-TTg ngày 01 tháng 8 năm 2014 của Thủ tướng Chính phủ; Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ về khuyến công;
UBND tỉnh ban hành Kế hoạch khuyến công năm 2019 như sau:
I. KẾT QUẢ GIAI ĐOẠN 2014 - 2018
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Lê Trí Thanh
";
    let (m, w) = meta_of(text, true);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(m.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Quảng Nam"));
    assert_eq!(m.number.as_deref(), Some("88/KH-UBND"));
    assert_eq!(m.place.as_deref(), Some("Quảng Nam"));
    assert_eq!(m.date.as_deref(), Some("2019-01-10"));
    assert_eq!(m.title.as_deref(), Some("Hoạt động khuyến công"));
    assert_eq!(m.period, Some(Period { from: 2019, to: 2019 }));
    let nums: Vec<&str> = m.legal_bases.iter().filter_map(|b| b.number.as_deref()).collect();
    assert_eq!(nums, vec!["1288/QĐ-TTg", "45/2012/NĐ-CP"]);
    assert_eq!(m.legal_bases[1].doc_type, DocType::NghiDinh);
    assert_eq!(m.signer.and_then(|s| s.name).as_deref(), Some("Lê Trí Thanh"));
}

#[test]
fn council_resolution() {
    let text = "HỘI ĐỒNG NHÂN DÂN\nTỈNH LÀO CAI\n\nSố: 10/2021/NQ-HĐND\n\nLào Cai, ngày 15 tháng 7 năm 2021\n\nNGHỊ QUYẾT\n\nQuy định mức chi khuyến công trên địa bàn tỉnh Lào Cai\n\nHỘI ĐỒNG NHÂN DÂN TỈNH LÀO CAI\nKHÓA XVI, KỲ HỌP THỨ HAI\n\nCăn cứ Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ về khuyến công;\n\nCHỦ TỊCH\n\nVũ Xuân Cường\n";
    let (m, w) = meta_of(text, true);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(m.issuer.as_deref(), Some("Hội đồng nhân dân tỉnh Lào Cai"));
    assert_eq!(m.doc_type, Some(DocType::NghiQuyet));
    assert_eq!(m.number.as_deref(), Some("10/2021/NQ-HĐND"));
    assert_eq!(m.title.as_deref(), Some("Quy định mức chi khuyến công trên địa bàn tỉnh Lào Cai"));
    assert_eq!(m.period, None);
    assert_eq!(m.signer, Some(Signer { name: Some("Vũ Xuân Cường".into()), position: Some("Chủ tịch".into()), authority: None }));
    // An organ without its province in the header takes it from the place.
    let (m, _) = meta_of("SỞ CÔNG THƯƠNG\nSố: 5/KH-SCT\nBắc Ninh, ngày 2 tháng 3 năm 2022\nKẾ HOẠCH\nKhuyến công năm 2022\n", true);
    assert_eq!(m.issuer.as_deref(), Some("Sở Công Thương tỉnh Bắc Ninh"));
    assert_eq!(m.province.as_deref(), Some("Bắc Ninh"));
}

#[test]
fn issuers_and_titles_in_other_wordings() {
    let c = "Căn cứ Quyết định số 12/2019/QĐ-UBND ngày 3/4/2019 của Ủy ban nhân dân tỉnh về việc ban hành quy chế; Thông tư số 28/2018/TT-BCT ngày 27 tháng 9 năm 2018 của Bộ trưởng Bộ Công Thương quy định chi tiết; Luật Ngân sách nhà nước số 83/2015/QH13 ngày 25 tháng 6 năm 2015;";
    let got: Vec<BasisOwned> = clause_bases(c).into_iter().map(|b| (b.number, b.doc_type, b.date, b.issuer)).collect();
    assert_eq!(
        got,
        vec![
            (Some("12/2019/QĐ-UBND".into()), DocType::QuyetDinh, Some("2019-04-03".into()), Some("Ủy ban nhân dân tỉnh".into())),
            (Some("28/2018/TT-BCT".into()), DocType::ThongTu, Some("2018-09-27".into()), Some("Bộ trưởng Bộ Công Thương".into())),
            (Some("83/2015/QH13".into()), DocType::Luat, Some("2015-06-25".into()), None),
        ]
    );
    // No blank lines, no Căn cứ: the title ends where the body begins.
    let (m, _) = meta_of("UBND TỈNH BẮC GIANG\nSố: 7/KH-UBND\nBắc Giang, ngày 2 tháng 3 năm 2022\nKẾ HOẠCH\nKhuyến công tỉnh Bắc Giang\nnăm 2022\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n", true);
    assert_eq!(m.title.as_deref(), Some("Khuyến công tỉnh Bắc Giang năm 2022"));
    assert_eq!(m.period, Some(Period { from: 2022, to: 2022 }));
    let (m, _) = meta_of("UBND TỈNH BẮC GIANG\nKẾ HOẠCH\nKHUYẾN CÔNG TỈNH BẮC GIANG\nGIAI ĐOẠN 2021 - 2025\nPhần I\n", true);
    assert_eq!(m.title.as_deref(), Some("KHUYẾN CÔNG TỈNH BẮC GIANG GIAI ĐOẠN 2021 - 2025"));
    assert_eq!(m.period, Some(Period { from: 2021, to: 2025 }));
}

#[test]
fn empty_and_junk_input_do_not_panic() {
    let (m, w) = meta_of("", true);
    assert_eq!(m, DocumentMeta::default());
    assert!(!w.is_empty());
    let (_, _) = meta_of("Số:\nCăn cứ\nKT.\n//\n1/\nngày 99 tháng 99 năm 9999\nQUYẾT ĐỊNH", true);
    for s in crate::normalize::robustness::strings() {
        let _ = meta_of(&s, true);
        let _ = meta_of(&s, false);
    }
}

#[test]
fn provinces() {
    assert_eq!(find_province("TỈNH ĐẮK LẮK").map(|p| p.name), Some("Đắk Lắk"));
    assert_eq!(find_province("tinh Thua Thien - Hue").map(|p| p.name), Some("Thừa Thiên Huế"));
    assert_eq!(find_province("TP. Hồ Chí Minh").map(|p| p.name), Some("Hồ Chí Minh"));
    assert_eq!(find_province("Vĩnh Long, tỉnh Long An").map(|p| p.name), Some("Long An"));
    assert_eq!(find_province("Bà Rịa – Vũng Tàu").map(|p| p.name), Some("Bà Rịa - Vũng Tàu"));
    assert_eq!(find_province("Ủy ban nhân dân"), None);
    assert_eq!(PROVINCES.len(), 64);
}

#[test]
fn a_title_that_ends_with_a_year_after_a_garbled_nam() {
    let p = |t: &str| period_in_title(t).map(|p| (p.from, p.to));
    assert_eq!(p("Khuyến công tỉnh Đồng Nai nä¡n 2020"), Some((2020, 2020)));
    assert_eq!(p("Khuyến công tỉnh Đồng Nai năm 2020"), Some((2020, 2020)));
    // a year that is not the plan's
    assert_eq!(p("Chương trình khuyến công đến 2030"), None);
    assert_eq!(p("Kế hoạch thực hiện Quyết định 12/3/2020"), None);
    assert_eq!(p("Kế hoạch phát triển ngành nghề 2020"), Some((2020, 2020)));
}
