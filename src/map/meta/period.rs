//! The years a plan covers.
use super::*;

pub(super) fn year_ok(y: i32) -> bool {
    (1945..=2100).contains(&y)
}

/// "giai đoạn 2016 - 2020" → 2016–2020; "năm 2020" → 2020–2020.
pub(super) fn period_in_title(t: &str) -> Option<Period> {
    static RANGE: OnceLock<Option<Regex>> = OnceLock::new();
    static YEAR: OnceLock<Option<Regex>> = OnceLock::new();
    let f = fold(t);
    if let Some(c) = re(&RANGE, r"\b(\d{4})\s*(?:-|–|—|den|toi)\s*(?:nam\s*)?(\d{4})\b")?.captures(&f) {
        let a: i32 = c.get(1)?.as_str().parse().ok()?;
        let b: i32 = c.get(2)?.as_str().parse().ok()?;
        if year_ok(a) && year_ok(b) && a <= b {
            return Some(Period { from: a, to: b });
        }
    }
    let r = re(&YEAR, r"\bnam\s+(\d{4})\b")?;
    for c in r.captures_iter(&f) {
        let m = c.get(0)?;
        let before = f[..m.start()].trim_end();
        if before.ends_with("den") || before.ends_with("tu") || before.ends_with("sau") || before.ends_with("truoc") {
            continue;
        }
        let y: i32 = c.get(1)?.as_str().parse().ok()?;
        if year_ok(y) {
            return Some(Period { from: y, to: y });
        }
    }
    // "năm" garbled by OCR ("… Đồng Nai nä¡n 2020"), or left out: a title
    // that ends with a year after a word other than "đến", "từ", "sau", "trước"
    static LAST: OnceLock<Option<Regex>> = OnceLock::new();
    let c = re(&LAST, r"(?:^|\s)(\S+)\s+(\d{4})\W*$")?.captures(&f)?;
    let y: i32 = c.get(2)?.as_str().parse().ok()?;
    let word = c.get(1)?.as_str();
    (year_ok(y) && !["den", "tu", "sau", "truoc"].contains(&word) && !word.contains(|ch: char| ch.is_ascii_digit()))
        .then_some(Period { from: y, to: y })
}

/// A plan word followed in the same sentence by its years, in the body
/// (preamble clauses and annex references left out).
pub(super) fn period_in_body(segs: &[Seg]) -> Option<Period> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let r = re(&RE, r"(?:ke hoach|chuong trinh|de an)[^.;:]{0,80}?(?:giai doan\s*(\d{4})\s*(?:-|–|—|den)\s*(\d{4})|nam\s+(\d{4}))")?;
    for s in segs {
        let f = &s.fold;
        if is_can_cu(f) || f.starts_with("xet ") || f.contains("kem theo") {
            continue;
        }
        for c in r.captures_iter(f) {
            let p = match (c.get(1), c.get(2), c.get(3)) {
                (Some(a), Some(b), _) => (a.as_str().parse().ok(), b.as_str().parse().ok()),
                (_, _, Some(y)) => {
                    let before = f[..y.start()].trim_end().trim_end_matches("nam").trim_end();
                    if before.ends_with("den") {
                        continue;
                    }
                    (y.as_str().parse().ok(), y.as_str().parse().ok())
                }
                _ => continue,
            };
            if let (Some(a), Some(b)) = p {
                if year_ok(a) && year_ok(b) && a <= b {
                    return Some(Period { from: a, to: b });
                }
            }
        }
    }
    None
}
