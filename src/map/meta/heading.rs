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

