//! The type heading a document opens with (QUYẾT ĐỊNH, KẾ HOẠCH …, or a
//! công văn's "V/v …" subject) and the type words that name cited documents.
use super::*;

/// Document types by their name (folded), longest first.
pub(super) const TYPE_WORDS: &[(&str, DocType)] = &[
    ("thong tu lien tich", DocType::ThongTuLienTich),
    ("thong tu", DocType::ThongTu),
    ("nghi dinh", DocType::NghiDinh),
    ("nghi quyet", DocType::NghiQuyet),
    ("quyet dinh", DocType::QuyetDinh),
    ("chuong trinh", DocType::ChuongTrinh),
    ("ke hoach", DocType::KeHoach),
    ("de an", DocType::DeAn),
    ("cong van", DocType::CongVan),
    ("van ban", DocType::CongVan),
    ("chi thi", DocType::ChiThi),
    ("thong bao", DocType::ThongBao),
    ("to trinh", DocType::ToTrinh),
    ("bao cao", DocType::BaoCao),
    ("bo luat", DocType::Luat),
    ("luat", DocType::Luat),
];

/// The types a document itself can be headed with.
pub(super) const HEADING_TYPES: &[(&str, DocType)] = &[
    ("quyet dinh", DocType::QuyetDinh),
    ("ke hoach", DocType::KeHoach),
    ("chuong trinh", DocType::ChuongTrinh),
    ("de an", DocType::DeAn),
    ("nghi quyet", DocType::NghiQuyet),
    ("cong van", DocType::CongVan),
    ("chi thi", DocType::ChiThi),
    ("thong bao", DocType::ThongBao),
    ("to trinh", DocType::ToTrinh),
    ("bao cao", DocType::BaoCao),
];

/// The first type heading ("QUYẾT ĐỊNH", "KẾ HOẠCH", possibly followed by
/// the title on the same line): its index, type and the rest of the line.
pub(super) fn find_heading(segs: &[Seg]) -> Option<(usize, DocType, Option<String>)> {
    for (i, seg) in segs.iter().enumerate() {
        // OCR leaves specks around a heading (". KẾ HOẠCH :").
        let text = seg.text.trim_matches(|c: char| !c.is_alphanumeric());
        let f = fold(text);
        let f = f.as_str();
        let s = Seg { text: text.to_string(), fold: f.to_string() };
        let ends_colon = seg.text.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ':').ends_with(':');
        for (w, t) in HEADING_TYPES {
            let Some(rest) = f.strip_prefix(w) else { continue };
            if !(rest.is_empty() || rest.starts_with(' ')) {
                continue;
            }
            // The type word itself is printed in capitals.
            let nwords = w.split(' ').count();
            let head: Vec<&str> = s.text.split(' ').take(nwords).collect();
            if head.iter().any(|h| h.chars().any(|c| c.is_lowercase())) {
                continue;
            }
            let rest_text: String = s.text.split(' ').skip(nwords).collect::<Vec<_>>().join(" ");
            let rest_text = rest_text.trim_matches([':', ' ']).to_string();
            // "QUYẾT ĐỊNH:" of the operative part is not a heading with a title.
            if ends_colon && rest_text.is_empty() && i > 0 && segs[..i].iter().any(|x| is_can_cu(&x.fold)) {
                continue;
            }
            return Some((i, *t, (!rest_text.is_empty()).then_some(rest_text)));
        }
    }
    None
}

/// A công văn's subject under its number: "V/v triển khai thực hiện Nghị
/// định số" / "235/2025/NĐ-CP của Chính phủ về khuyến công" → its index and
/// the subject without "V/v", wrapped lines joined. The subject ends at a
/// blank line, "Kính gửi", the national motto or the date line.
pub(super) fn find_subject(segs: &[Seg]) -> Option<(usize, String)> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let r = re(&RE, r"^\s*[vV]\s*/\s*[vV]\b[\s.:]*")?;
    let (i, first) =
        segs.iter().enumerate().find(|(i, s)| {
            // "V/v" as printed; "Về việc" only right under the number ("Số: 12/UBND-KT").
            r.is_match(&s.text)
                || (s.fold.trim_start().starts_with("ve viec ")
                    && segs[..*i].iter().rev().find(|p| !p.text.is_empty()).is_some_and(|p| {
                        header_number(&p.text).is_some() || find_docnos(&p.text).first().is_some_and(|(r, _)| r.start == 0)
                    }))
        })?;
    let subject = match r.find(&first.text) {
        Some(m) => first.text[m.end()..].trim(),
        None => first.text.trim(),
    };
    let mut parts = vec![subject.to_string()];
    for s in segs.iter().skip(i + 1).take(4) {
        let f = &s.fold;
        let stop = s.text.is_empty()
            || f.starts_with("kinh gui")
            || f.starts_with("cong hoa")
            || f.starts_with("doc lap")
            || is_upper_heading(&s.text)
            || date_line(&s.text).is_some()
            || header_number(&s.text).is_some();
        if stop {
            break;
        }
        parts.push(s.text.clone());
    }
    let t = collapse_spaces(&parts.join(" "));
    (!t.is_empty()).then_some((i, t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(lines: &[&str]) -> Vec<Seg> {
        lines.iter().map(|t| Seg { text: t.to_string(), fold: fold(t) }).collect()
    }

    #[test]
    fn cong_van_subject_is_its_title() {
        let s = segs(&[
            "Số: 4085/UBND-ĐT",
            "V/v triển khai thực hiện Nghị định số",
            "235/2025/NĐ-CP của Chính phủ về khuyến công",
            "",
            "Kính gửi: Sở Công Thương",
        ]);
        assert_eq!(
            find_subject(&s),
            Some((1, "triển khai thực hiện Nghị định số 235/2025/NĐ-CP của Chính phủ về khuyến công".to_string()))
        );
        let s = segs(&["Số: 3456/SCT-QLCN", "V/v hướng dẫn xây dựng kế hoạch", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]);
        assert_eq!(find_subject(&s).map(|x| x.1), Some("hướng dẫn xây dựng kế hoạch".to_string()));
        assert_eq!(find_subject(&segs(&["QUYẾT ĐỊNH", "Về việc giao kinh phí"])), None);
        assert_eq!(find_subject(&segs(&["Số: 12/UBND-KT", "Về việc giao kinh phí"])), Some((1, "Về việc giao kinh phí".to_string())));
        assert_eq!(find_subject(&segs(&["Số: 12/UBND-KT", "v/v: giao kinh phí"])).map(|x| x.1), Some("giao kinh phí".to_string()));
    }

    #[test]
    fn headings_of_every_kind() {
        for (h, t) in [
            ("THÔNG BÁO", DocType::ThongBao),
            ("TỜ TRÌNH", DocType::ToTrinh),
            ("BÁO CÁO", DocType::BaoCao),
            ("CHỈ THỊ", DocType::ChiThi),
            ("NGHỊ QUYẾT", DocType::NghiQuyet),
            ("ĐỀ ÁN", DocType::DeAn),
        ] {
            assert_eq!(find_heading(&segs(&["Số: 1/X-Y", h, "Về việc"])).map(|x| (x.0, x.1)), Some((1, t)), "{h}");
        }
        // Type words in ordinary case are prose, not a heading.
        assert_eq!(find_heading(&segs(&["Báo cáo kết quả"])), None);
    }
}
