//! Document numbers ("270/QĐ - UBND", "26/2014/TTLT-BTC-BCT"): in running
//! text, on the header's "Số:" line, and the type their suffix names.
use super::*;

/// A document number in running text: "45/2012/NĐ-CP", "270/QĐ - UBND",
/// "26/2014/TTLT-BTC - BCT", "1288/QĐ-TTg", "42a/STC-HCSN", and the Party's
/// form with the kind before the slash: "18-NQ/TW", "126-KL/TW", "09-QĐi/TW".
pub(super) fn docno_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(
        &RE,
        r"\b\d+[a-zA-Z]?(?:\s*-\s*\p{Lu}[\p{Lu}\d]*[a-z]?[\p{Lu}\d]*)?\s*/\s*[\p{Lu}\d]+[a-z]?[\p{Lu}\d]*(?:\s*[/\-–]\s*[\p{Lu}\d]+[a-z]?[\p{Lu}\d]*)*",
    )
}

/// Document numbers in `s` with their byte ranges; a number has a letter in
/// it (so dates like 21/5/2012 are not numbers) and does not run into the
/// next word ("… - Sở" is cut back).
pub(super) fn find_docnos(s: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let Some(re) = docno_re() else { return Vec::new() };
    let mut out = Vec::new();
    for m in re.find_iter(s) {
        let mut r = m.range();
        // Cut back a last segment that is the start of a word.
        while s[r.end..].chars().next().is_some_and(|c| c.is_alphabetic()) {
            let cut = s[r.clone()].rfind(['/', '-', '–']);
            match cut {
                Some(k) if k > 0 => {
                    r.end = r.start + k;
                    r.end = r.start + s[r.clone()].trim_end().len();
                }
                _ => {
                    r.end = r.start;
                    break;
                }
            }
        }
        let text: String = s[r.clone()].chars().filter(|c| !c.is_whitespace()).collect();
        if !text.contains('/') || !text.chars().any(|c| c.is_alphabetic()) {
            continue;
        }
        // Not a date's tail ("… năm 2015/QĐ" cannot happen; "21/5/2012" has no letter).
        out.push((r, text));
    }
    out
}

/// "Số: 270/QĐ - UBND" → "270/QĐ-UBND"; "Số : 45 / QĐ - UBND" → "45/QĐ-UBND".
/// The "Số" opens the segment, or is printed with its colon further on (two
/// header columns run together); "… Công văn số 5678/BCT …" in the prose is
/// a cited number, not the document's.
pub(super) fn header_number(text: &str) -> Option<String> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let r = re(&RE, r"(?i)(?:^\s*(?:s[ốôoóồ6]|so)\s*[:.]?|(?:^|\s)(?:s[ốôoóồ6]|so)\s*:)\s*(\d)")?;
    let c = r.captures(text)?;
    let start = c.get(1)?.start();
    find_docnos(&text[start..]).into_iter().find(|(r, _)| r.start == 0).map(|(_, n)| n)
}

/// The type a number's suffix names: QĐ, KH, CTr, ĐA, NQ, CV, NĐ, TT, TTLT, CT, QH…
pub(super) fn type_from_number(n: &str) -> Option<DocType> {
    // The Party's "18-NQ/TW": the kind before the slash.
    if let Some((_, kind)) = n.split('/').next().and_then(|h| h.split_once('-')) {
        return type_from_abbr(kind);
    }
    let mut segs = n.split('/').skip(1);
    let mut s = segs.next()?;
    if s.chars().all(|c| c.is_ascii_digit()) {
        s = segs.next()?;
    }
    type_from_abbr(s.split(['-', '–']).next()?)
}

/// QĐ, KH, CTr … → the type they abbreviate.
fn type_from_abbr(abbr: &str) -> Option<DocType> {
    Some(match fold(abbr).as_str() {
        "qd" => DocType::QuyetDinh,
        "kh" => DocType::KeHoach,
        "ctr" => DocType::ChuongTrinh,
        "da" => DocType::DeAn,
        "nq" => DocType::NghiQuyet,
        "cv" => DocType::CongVan,
        "nd" => DocType::NghiDinh,
        "tt" => DocType::ThongTu,
        "ttlt" => DocType::ThongTuLienTich,
        "ct" => DocType::ChiThi,
        "tb" => DocType::ThongBao,
        "ttr" => DocType::ToTrinh,
        "bc" => DocType::BaoCao,
        a if a.starts_with("qh") => DocType::Luat,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nos(s: &str) -> Vec<String> {
        find_docnos(s).into_iter().map(|(_, n)| n).collect()
    }

    #[test]
    fn numbers_as_printed() {
        assert_eq!(nos("số 712 /QĐ-UBND ngày 21/3/2025"), vec!["712/QĐ-UBND"]);
        assert_eq!(nos("số 63/2010/ NĐ-CP ngày 08/6/2010"), vec!["63/2010/NĐ-CP"]);
        assert_eq!(nos("số 26/2014/TTLT-BTC - BCT của Bộ"), vec!["26/2014/TTLT-BTC-BCT"]);
        assert_eq!(nos("số 20/2024/TT- BCT ngày"), vec!["20/2024/TT-BCT"]);
        assert_eq!(nos("số 1675/NQ-UBTVQH15 và số 2109/UBND-KT"), vec!["1675/NQ-UBTVQH15", "2109/UBND-KT"]);
        assert_eq!(nos("Nghị quyết số 18-NQ/TW ngày 25/10/2017, Kết luận số 126-KL/TW"), vec!["18-NQ/TW", "126-KL/TW"]);
        // Dates and ranges are no numbers.
        assert!(nos("ngày 21/5/2012, giai đoạn 2021-2025").is_empty());
    }

    #[test]
    fn header_numbers() {
        assert_eq!(header_number("Số : 45 / QĐ - UBND").as_deref(), Some("45/QĐ-UBND"));
        assert_eq!(header_number("Số:  712 /QĐ-UBND").as_deref(), Some("712/QĐ-UBND"));
        assert_eq!(header_number("Số: 4085/UBND-ĐT Tuyên Quang, ngày 03 tháng 11 năm 2025").as_deref(), Some("4085/UBND-ĐT"));
        assert_eq!(header_number("Thực hiện Công văn số 5678/BCT-CTĐP ngày 10/11/2025"), None);
    }

    #[test]
    fn types_from_numbers() {
        assert_eq!(type_from_number("615/TB-VP"), Some(DocType::ThongBao));
        assert_eq!(type_from_number("1345/TTr-SCT"), Some(DocType::ToTrinh));
        assert_eq!(type_from_number("389/BC-UBND"), Some(DocType::BaoCao));
        assert_eq!(type_from_number("18-NQ/TW"), Some(DocType::NghiQuyet));
        assert_eq!(type_from_number("77/2015/QH13"), Some(DocType::Luat));
        assert_eq!(type_from_number("4085/UBND-ĐT"), None);
    }
}
