//! Document numbers ("270/QĐ - UBND", "26/2014/TTLT-BTC-BCT"): in running
//! text, on the header's "Số:" line, and the type their suffix names.
use super::*;

/// A document number in running text: "45/2012/NĐ-CP", "270/QĐ - UBND",
/// "26/2014/TTLT-BTC - BCT", "1288/QĐ-TTg", "42a/STC-HCSN".
pub(super) fn docno_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    re(&RE, r"\b\d+[a-zA-Z]?\s*/\s*[\p{Lu}\d]+[a-z]?[\p{Lu}\d]*(?:\s*[/\-–]\s*[\p{Lu}\d]+[a-z]?[\p{Lu}\d]*)*")
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
    let mut segs = n.split('/').skip(1);
    let mut s = segs.next()?;
    if s.chars().all(|c| c.is_ascii_digit()) {
        s = segs.next()?;
    }
    let abbr = s.split(['-', '–']).next()?;
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
