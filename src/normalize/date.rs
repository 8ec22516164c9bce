//! Dates as printed in Vietnamese documents: "ngày 26 tháng 02 năm 2015",
//! "26/02/2015", "06/3/2020", "26-02-2015", "26.02.2015". Every date found is
//! range-checked (month 1–12, day within the month, year 1945–2100).
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    /// Year, 1945–2100.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, checked against the month's length.
    pub day: u32,
}

impl Date {
    /// ISO 8601.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// A checked date: `None` when the day does not exist or the year is
    /// outside 1945–2100 (the years a decision of the Republic can carry).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1945..=2100).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        (day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 {
                29
            } else {
                28
            }
        }
    }
}

fn words_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        // "ngày 26 tháng 02 năm 2015"; accents optional (OCR), case-insensitive.
        Regex::new(r"(?i)(?:ng[àa]y\s*)?\b(\d{1,2})\s+th[áa]ng\s+(\d{1,2})\s*(?:,\s*)?n[ăa]m\s+(\d{4})\b").ok()
    })
    .as_ref()
}

fn numeric_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(\d{1,2})\s?([/.\-])\s?(\d{1,2})\s?([/.\-])\s?(\d{4})").ok()).as_ref()
}

/// Parses the first date in `s` ("ngày 26 tháng 02 năm 2015", "26/02/2015",
/// "Cao Bằng, ngày 06 tháng 3 năm 2020").
pub fn parse_date(s: &str) -> Option<Date> {
    find_dates(s).into_iter().next().map(|(_, d)| d)
}

/// Every valid date in a text with its byte range, in text order. The
/// word form's range starts at "ngày" when it is printed.
pub fn find_dates(s: &str) -> Vec<(Range<usize>, Date)> {
    let mut out: Vec<(Range<usize>, Date)> = Vec::new();
    if let Some(re) = words_re() {
        for c in re.captures_iter(s) {
            let (Some(m), Some(d), Some(mo), Some(y)) = (c.get(0), c.get(1), c.get(2), c.get(3)) else {
                continue;
            };
            let date = (|| Date::new(y.as_str().parse().ok()?, mo.as_str().parse().ok()?, d.as_str().parse().ok()?))();
            if let Some(date) = date {
                out.push((m.range(), date));
            }
        }
    }
    if let Some(re) = numeric_re() {
        let b = s.as_bytes();
        for c in re.captures_iter(s) {
            let (Some(m), Some(d), Some(s1), Some(mo), Some(s2), Some(y)) = (c.get(0), c.get(1), c.get(2), c.get(3), c.get(4), c.get(5))
            else {
                continue;
            };
            if s1.as_str() != s2.as_str() {
                continue;
            }
            // Not inside a longer digit run or a document number (…/2012/NĐ).
            let r = m.range();
            let glued_before = r.start > 0 && matches!(b[r.start - 1], b'0'..=b'9' | b'/' | b'.' | b',');
            let glued_after = r.end < b.len() && matches!(b[r.end], b'0'..=b'9' | b'/');
            if glued_before || glued_after {
                continue;
            }
            if out.iter().any(|(o, _)| o.start < r.end && r.start < o.end) {
                continue;
            }
            let date = (|| Date::new(y.as_str().parse().ok()?, mo.as_str().parse().ok()?, d.as_str().parse().ok()?))();
            if let Some(date) = date {
                out.push((r, date));
            }
        }
    }
    out.sort_by_key(|(r, _)| r.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> Option<String> {
        parse_date(s).map(|d| d.iso())
    }

    #[test]
    fn printed_forms() {
        assert_eq!(iso("ngày 26 tháng 02 năm 2015").as_deref(), Some("2015-02-26"));
        assert_eq!(iso("Cao Bằng, ngày 26 tháng 02 năm 2015").as_deref(), Some("2015-02-26"));
        assert_eq!(iso("26/02/2015").as_deref(), Some("2015-02-26"));
        assert_eq!(iso("06/3/2020").as_deref(), Some("2020-03-06"));
        assert_eq!(iso("28/12/2012").as_deref(), Some("2012-12-28"));
        assert_eq!(iso("ngày 21/5/2012 của Chính phủ").as_deref(), Some("2012-05-21"));
        assert_eq!(iso("26-02-2015").as_deref(), Some("2015-02-26"));
        assert_eq!(iso("ngày 19/05/2016").as_deref(), Some("2016-05-19"));
        assert_eq!(iso("NGÀY 5 THÁNG 6 NĂM 2021").as_deref(), Some("2021-06-05"));
        assert_eq!(iso("ngay 5 thang 6 nam 2021").as_deref(), Some("2021-06-05"));
        assert_eq!(iso("ngày 26 tháng 02 năm\n2015").as_deref(), Some("2015-02-26"));
    }

    #[test]
    fn ranges_are_validated() {
        for s in ["31/02/2015", "29/02/2015", "00/01/2015", "12/13/2015", "1/1/1900", "ngày 32 tháng 1 năm 2015", "1/1/2101"] {
            assert_eq!(parse_date(s), None, "{s}");
        }
        assert_eq!(iso("29/02/2016").as_deref(), Some("2016-02-29"));
        assert_eq!(parse_date("45/2012/NĐ-CP"), None);
        assert_eq!(parse_date("26/02-2015"), None);
    }

    #[test]
    fn all_dates_in_a_clause() {
        let s = "Căn cứ Thông tư số 46/2013/TT-BCT ngày 28/12/2012 của Bộ Công Thương Quy định chi tiết một số nội dung của Nghị định số 45/2012/NĐ-CP, ngày 21 tháng 5 năm 2012 của Chính phủ";
        let got: Vec<(String, String)> = find_dates(s).into_iter().map(|(r, d)| (s[r].to_string(), d.iso())).collect();
        assert_eq!(
            got,
            vec![("28/12/2012".to_string(), "2012-12-28".to_string()), ("ngày 21 tháng 5 năm 2012".to_string(), "2012-05-21".to_string())]
        );
    }

    #[test]
    fn fixture_header_dates() {
        let cb = crate::normalize::test_fixture("cao_bang_2015.txt");
        let dn = crate::normalize::test_fixture("dong_nai_2020.txt");
        let first = |t: &str| t.lines().find_map(|l| l.contains(", ngày").then(|| parse_date(l)).flatten());
        assert_eq!(first(&cb).map(|d| d.iso()).as_deref(), Some("2015-02-26"));
        assert_eq!(first(&dn).map(|d| d.iso()).as_deref(), Some("2020-03-06"));
        // Every date in the fixtures is a valid one and none is found in a figure.
        assert!(find_dates(&cb).len() >= 15);
        assert!(find_dates(&dn).len() >= 25);
    }
}
