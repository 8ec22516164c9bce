//! Vietnamese numbers as printed: `.` groups thousands, `,` marks decimals.
//! Parsing is exact ([`Decimal`]) and strict: a malformed grouping is refused
//! rather than guessed, and OCR misreads are never "repaired" here.
use crate::model::Decimal;
use std::ops::Range;

/// Parses a figure as printed in Vietnam: `1.200` = 1200, `541,125` = 541.125,
/// `2.963,455` = 2963.455, `10.987.250.000`, `0`, `188,33`. Tolerates
/// surrounding spaces, a thousands space (`1 200`), a trailing `.` or `*`, and a
/// leading minus stuck to the digits. A lone `-`/`–`, an empty cell, text or a
/// malformed grouping (`1.20.0`, `1.5`) gives `None`.
pub fn parse_number(s: &str) -> Option<Decimal> {
    let mut t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    // Trailing footnote star / full stop / stray comma / dash (one each, in any
    // order): "1.272.550," and "227.510.000-" are figures with a speck after
    // them, not a decimal or a range.
    for _ in 0..4 {
        t = t.strip_suffix('*').unwrap_or(t);
        t = t.strip_suffix('.').unwrap_or(t);
        t = t.strip_suffix(',').unwrap_or(t);
        if t.len() > 1 {
            t = t.strip_suffix(['-', '–']).unwrap_or(t);
        }
        t = t.trim_end();
    }
    let (neg, body) = match t.strip_prefix(['-', '−', '–']) {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => (true, rest),
        _ => (false, t),
    };
    if body.is_empty() || !body.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (int, frac) = match body.split_once(',') {
        Some((a, b)) => (a, Some(b)),
        None => (body, None),
    };
    let int_digits = parse_int_part(int)?;
    let frac = frac.unwrap_or("");
    if !frac.chars().all(|c| c.is_ascii_digit()) || body.ends_with(',') {
        return None;
    }
    let digits = format!("{int_digits}{frac}");
    if digits.len() > 36 {
        return None;
    }
    let units: i128 = digits.parse().ok()?;
    Some(Decimal { units: if neg { -units } else { units }, scale: frac.len() as u32 })
}

/// The digits of an integer part: plain digits, or groups of three after a
/// first group of 1–3, all separated by the same mark (`.` or a space).
fn parse_int_part(int: &str) -> Option<String> {
    if int.chars().all(|c| c.is_ascii_digit()) {
        return (!int.is_empty()).then(|| int.to_string());
    }
    let sep = int.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(sep, '.' | ' ' | '\u{a0}' | '\u{202f}') {
        return None;
    }
    let groups: Vec<&str> = int.split(sep).collect();
    let first = groups.first()?;
    if first.is_empty() || first.len() > 3 || !first.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    for g in &groups[1..] {
        if g.len() != 3 || !g.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    Some(groups.concat())
}

/// Every number in a prose text with its byte range: `1.526 cơ sở`,
/// `1.202,433 tỷ đồng`, `05 hội nghị` (= 5), `12,2%`. Digits inside dates
/// (`26/02/2015`, `26-02-2015`), document numbers (`45/2012/NĐ-CP`,
/// `270 /QĐ-UBND`), slashed fractions, codes glued to letters (`T5`, `CO2`)
/// and malformed groupings (`1.20.0`, section numbers `1.1`) are skipped.
pub fn find_numbers(s: &str) -> Vec<(Range<usize>, Decimal)> {
    let excluded = excluded_ranges(s);
    let mut out = Vec::new();
    for r in number_runs(s) {
        if excluded.iter().any(|e| e.start < r.end && r.start < e.end) {
            continue;
        }
        if let Some(d) = s.get(r.clone()).and_then(parse_number) {
            out.push((r, d));
        }
    }
    out
}

/// Byte ranges of maximal digit runs (`[0-9.,]` starting and ending with a
/// digit) that are not glued to a letter before them nor part of a slashed
/// `a/b` pair of digits.
pub(crate) fn number_runs(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut j = i;
        while j < b.len() && (b[j].is_ascii_digit() || b[j] == b'.' || b[j] == b',') {
            if b[j].is_ascii_digit() {
                end = j + 1;
            }
            j += 1;
        }
        i = j;
        // Glued to a preceding letter (T5, CO2, KH2020) or digit-separator.
        let prev = s[..start].chars().next_back();
        if prev.is_some_and(|c| c.is_alphabetic()) {
            continue;
        }
        // Part of "a/b" with digits on both sides (dates, fractions, doc numbers).
        let before_slash = start >= 2 && b[start - 1] == b'/' && b[start - 2].is_ascii_digit();
        let after_slash = end + 1 < b.len() && b[end] == b'/' && b[end + 1].is_ascii_digit();
        if before_slash || after_slash {
            continue;
        }
        out.push(start..end);
    }
    out
}

/// Ranges of dates and document numbers in `s`, whose digits are not figures.
fn excluded_ranges(s: &str) -> Vec<Range<usize>> {
    use std::sync::OnceLock;
    static DOCNO: OnceLock<Option<regex::Regex>> = OnceLock::new();
    let mut out: Vec<Range<usize>> = super::date::find_dates(s).into_iter().map(|(r, _)| r).collect();
    let re =
        DOCNO.get_or_init(|| regex::Regex::new(r"\d+[a-zA-Z]?\s?(?:/\s?\d{2,4}\s?)?/\s?\p{Lu}[\p{L}&.]*(?:\s?-\s?\p{Lu}[\p{L}&]*)*").ok());
    if let Some(re) = re {
        out.extend(re.find_iter(s).map(|m| m.range()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(units: i128, scale: u32) -> Option<Decimal> {
        Some(Decimal { units, scale })
    }

    #[test]
    fn vietnamese_print() {
        assert_eq!(parse_number("1.200"), d(1200, 0));
        assert_eq!(parse_number("541,125"), d(541125, 3));
        assert_eq!(parse_number("2.963,455"), d(2963455, 3));
        assert_eq!(parse_number("10.987.250.000"), d(10987250000, 0));
        assert_eq!(parse_number("0"), d(0, 0));
        assert_eq!(parse_number("188,33"), d(18833, 2));
        assert_eq!(parse_number("05"), d(5, 0));
    }

    #[test]
    fn tolerated_noise() {
        assert_eq!(parse_number("  1.200 "), d(1200, 0));
        assert_eq!(parse_number("1 200"), d(1200, 0));
        assert_eq!(parse_number("1\u{a0}200\u{a0}000"), d(1200000, 0));
        assert_eq!(parse_number("1.200."), d(1200, 0));
        assert_eq!(parse_number("1.200*"), d(1200, 0));
        assert_eq!(parse_number("-5"), d(-5, 0));
        // A speck read as a trailing comma is not a decimal mark.
        assert_eq!(parse_number("1.272.550,"), d(1272550, 0));
        assert_eq!(parse_number("227.510.000-"), d(227510000, 0));
        assert_eq!(parse_number("-"), None);
    }

    #[test]
    fn refused() {
        for s in ["-", "–", "", "  ", "abc", "1.20.0", "1.5", "2,963.455", "1.2000", "12 34", "1.200 000", "x5", "5x", "-", "1..200"] {
            assert_eq!(parse_number(s), None, "{s:?}");
        }
    }

    #[test]
    fn every_fixture_cell_parses_or_is_text() {
        // Every tab cell of both fixtures that looks numeric must parse.
        for name in ["cao_bang_2015.txt", "dong_nai_2020.txt"] {
            let txt = crate::normalize::test_fixture(name);
            let mut parsed = 0;
            for line in txt.lines().filter(|l| l.contains('\t')) {
                for cell in line.split('\t') {
                    let c = cell.trim();
                    if !c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit() || ch == '.' || ch == ',') {
                        // Section numbers such as "1.1" / "2.3" are row ids, not figures.
                        let is_tt = c.split('.').all(|p| p.len() <= 2) && c.contains('.') && !c.contains(',');
                        if !is_tt {
                            assert!(parse_number(c).is_some(), "{name}: {c:?}");
                            parsed += 1;
                        }
                    }
                }
            }
            assert!(parsed > 100, "{name}: {parsed}");
        }
    }

    #[test]
    fn prose_numbers() {
        let s = "năm 2009 là 1.526 cơ sở, giá trị 1.202,433 tỷ đồng, tăng 12,2%/năm; Tổ chức 05 hội nghị, với 90 đại biểu/05 năm.";
        let got: Vec<(String, String)> = find_numbers(s).into_iter().map(|(r, v)| (s[r].to_string(), v.to_string())).collect();
        let want =
            [("2009", "2009"), ("1.526", "1526"), ("1.202,433", "1202.433"), ("12,2", "12.2"), ("05", "5"), ("90", "90"), ("05", "5")];
        let want: Vec<(String, String)> = want.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn dates_and_document_numbers_are_not_figures() {
        let s = "Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21/5/2012, Thông tư 26/2014/TTLT-BTC - BCT ngày 18 tháng 02 năm 2014, Quyết định số: 270 /QĐ-UBND, văn bản 42a/STC-HCSN, ngày 26-02-2015, T5, 1.1 Đào tạo: 3 lớp.";
        let got: Vec<&str> = find_numbers(s).into_iter().map(|(r, _)| &s[r]).collect();
        assert_eq!(got, vec!["3"]);
    }
}

/// Prints a figure the Vietnamese way (`.` between thousands, `,` before
/// decimals), the inverse of [`parse_number`]; used to show figures as printed.
pub fn format_vn(d: Decimal) -> String {
    let d = d.normalized();
    let neg = d.units < 0;
    let abs = d.units.unsigned_abs();
    let den = 10u128.pow(d.scale.min(30));
    let int = (abs / den).to_string();
    let frac = abs % den;
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    let mut out = if neg { format!("-{grouped}") } else { grouped };
    if d.scale > 0 {
        out.push(',');
        out.push_str(&format!("{:0width$}", frac, width = d.scale as usize));
    }
    out
}

#[cfg(test)]
mod format_tests {
    use super::*;

    #[test]
    fn formats_like_print() {
        assert_eq!(format_vn(Decimal { units: 2963455, scale: 3 }), "2.963,455");
        assert_eq!(format_vn(Decimal::int(10987250000)), "10.987.250.000");
        assert_eq!(format_vn(Decimal { units: 18833, scale: 2 }), "188,33");
        assert_eq!(format_vn(Decimal::int(0)), "0");
    }
}
