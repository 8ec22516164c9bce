//! Header rows → column roles, by header words (never by position alone).
//!
//! Headers may span two or three lines (a year over KCQG | KCDP; Thời gian over
//! Bắt đầu | Kết thúc). Cells merged across columns print their text once, in
//! the first column they span; [`compose`] spreads such a parent over the
//! columns whose lower level is filled.

use crate::model::{ColumnRole, FundingSource};
use crate::normalize::fold;
pub(crate) use crate::vn::words::{contains_word, is_support_money, source_words, total_words};
use regex::Regex;
use std::sync::OnceLock;

fn year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?:^|[^0-9])((?:19|20)[0-9]{2})(?:[^0-9]|$)").expect("valid regex"))
}

/// Words that only appear in header cells (folded, whole-word match).
const HEADER_WORDS: &[&str] = &[
    "tt",
    "stt",
    "so tt",
    "noi dung",
    "ten de an",
    "ten nhiem vu",
    "don vi",
    "muc tieu",
    "du kien",
    "ket qua",
    "thoi gian",
    "bat dau",
    "ket thuc",
    "tong",
    "tong cong",
    "kinh phi",
    "kp",
    "kpi",
    "nguon",
    "kcqg",
    "kcdp",
    "kcđp",
    "ghi chu",
    "nam",
    "dvt",
    "chi tieu",
    "trong do",
    "cac nam",
    "hang muc",
    "danh muc",
    "so tien",
    "du toan",
    "tong chung",
    "thang",
    "quy",
    "ngan sach",
    "doi ung",
    "dong gop",
    "thu huong",
    "trung uong",
    "dia phuong",
    "quoc gia",
    "khac",
    "von",
    "ke hoach",
    "so luong",
];

/// Words a table's heading starts with when it is not numbered as a Biểu
/// ("Kế hoạch năm 2017", "Dự toán kinh phí …", "Tổng hợp kinh phí …"), folded.
const HEADING_STARTS: &[&str] =
    &["ke hoach", "du toan", "tong hop", "danh muc", "chi tieu", "kinh phi", "phan bo", "bieu", "bang", "phu luc"];

/// A line standing alone as the heading of what follows: a short line without
/// closing punctuation, printed in capitals ("KẾ HOẠCH KINH PHÍ NĂM 2024") or
/// opening with a heading word ("Kế hoạch năm 2017"). A table after it is a
/// new table, not the previous one continued.
pub fn is_heading(text: &str) -> bool {
    let t = text.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    let lettered = words.iter().filter(|w| w.chars().any(char::is_alphabetic)).count();
    if lettered < 2 || words.len() > 16 || t.ends_with(['.', ',', ';', ':']) {
        return false;
    }
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.len() >= 6 && letters.iter().all(|c| !c.is_lowercase());
    let f = fold(t);
    capitals || HEADING_STARTS.iter().any(|w| f.starts_with(w) && contains_word(&f, w))
}

/// True when `text` has a header word (folded, at word boundaries).
pub fn has_header_word(text: &str) -> bool {
    let f = fold(text);
    HEADER_WORDS.iter().any(|w| contains_word(&f, w))
}

/// A year printed in a header cell ("Năm 2016", "KH Năm 2015", "2018").
pub fn header_year(text: &str) -> Option<i32> {
    let caps = year_re().captures(text)?;
    caps.get(1)?.as_str().parse().ok()
}

/// True for a bare year cell ("2016"), which is a header, not a value.
pub fn is_bare_year(text: &str) -> bool {
    let t = text.trim();
    t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()) && header_year(t).is_some()
}

/// Role(s) of one composed column header, most specific level first.
///
/// A fused header such as "Tổng KP (nguồn KC tỉnh)" names two columns and
/// yields two roles.
pub fn classify(levels: &[String]) -> Vec<ColumnRole> {
    // Leaf first: "Kết quả thực hiện … / Năm 2009" is a year column.
    for text in levels.iter().rev() {
        let r = classify_one(text);
        if !r.is_empty() {
            // A year or source may sit on another level: merge them in.
            return r.into_iter().map(|role| enrich(role, levels)).collect();
        }
    }
    vec![ColumnRole::Other]
}

fn enrich(role: ColumnRole, levels: &[String]) -> ColumnRole {
    match role {
        ColumnRole::Value { year, source, total_years } => {
            let mut year = year;
            let mut source = source;
            let mut total_years = total_years;
            // "Năm 2022 / Tổng": a Tổng within one year's group totals that year's
            // sources; it keeps the year and is the total source.
            if total_years && year.is_none() {
                let years: Vec<i32> = levels.iter().filter(|t| !has_year_range(t)).filter_map(|t| header_year(t)).collect();
                if let Some(&y) = years.first() {
                    if years.iter().all(|&x| x == y) && !levels.iter().any(|t| has_year_range(t)) {
                        year = Some(y);
                        total_years = false;
                        if source.is_none() {
                            source = Some(FundingSource::Total);
                        }
                    }
                }
            }
            for t in levels {
                if year.is_none() && !total_years {
                    year = header_year(t).filter(|_| !has_year_range(t));
                }
                if source.is_none() {
                    source = source_words(t);
                }
                // A period ("2021 - 2025", "Tổng giai đoạn", "Cả giai đoạn") over a
                // source column: that source summed over the years.
                if (total_words(t) && header_year(t).is_none() || has_year_range(t)) && year.is_none() {
                    total_years = true;
                }
            }
            if year.is_some() {
                total_years = false;
            }
            ColumnRole::Value { year, source, total_years }
        }
        r => r,
    }
}

/// Two or more years ("2009-2015", "2021 – 2025") or a "giai đoạn": a period.
fn has_year_range(t: &str) -> bool {
    let years = t.split(|c: char| !c.is_ascii_digit()).filter(|w| w.len() == 4 && header_year(w).is_some()).count();
    years >= 2 || fold(t).contains("giai doan")
}

fn classify_one(text: &str) -> Vec<ColumnRole> {
    let f = fold(text);
    // quote marks OCR reads off specks at a cell's edge ("\"ĐVT")
    let f = f.trim().trim_matches(['"', '\'', '`', '“', '”', '‘', '’']).trim();
    if f.is_empty() {
        return vec![];
    }
    if contains_word(f, "ghi chu") {
        return vec![ColumnRole::Notes];
    }
    if contains_word(f, "bat dau") {
        return vec![ColumnRole::StartMonth];
    }
    if contains_word(f, "ket thuc") {
        return vec![ColumnRole::EndMonth];
    }
    if contains_word(f, "thoi gian") || f.starts_with("tien do") {
        return vec![ColumnRole::Period];
    }
    if f.contains("don vi thuc hien")
        || f.contains("don vi chu tri")
        || f.contains("co quan thuc hien")
        || f.contains("don vi thuc")
        || f.contains("chu tri")
    {
        return vec![ColumnRole::Implementer];
    }
    if f.contains("du kien") || f.contains("dai kien") || f.contains("ket qua dat") || f.contains("san pham dau ra") {
        return vec![ColumnRole::ExpectedResult];
    }
    if f.starts_with("muc tieu") {
        return vec![ColumnRole::Objective];
    }
    if f == "tt" || f == "stt" || f == "so tt" || f == "so thu tu" {
        return vec![ColumnRole::Tt];
    }
    if f == "dvt" || f == "don vi tinh" || f == "don vi" || f == "đvt" {
        return vec![ColumnRole::Unit];
    }
    if f.contains("dvt:") || f.contains("don vi tinh:") {
        // A unit annotation printed inside a header cell: "Nội dung (ĐVT: đồng)"
        // is still the label column; a cell that is only the unit is no column.
        let at = f.find("dvt:").or_else(|| f.find("don vi tinh:")).unwrap_or(0);
        let rest = f[..at].trim_end_matches(|c: char| c == '(' || c == '[' || c.is_whitespace());
        if rest.is_empty() {
            return vec![ColumnRole::Other];
        }
        let cut = text.char_indices().nth(rest.chars().count()).map(|(b, _)| b).unwrap_or(text.len());
        return classify_one(&text[..cut]);
    }
    if f.starts_with("noi dung") || f.starts_with("ten de an") || f.starts_with("ten nhiem vu")
        || f.starts_with("chi tieu") || f.starts_with("hang muc") || f.starts_with("danh muc")
        || ((f.starts_with("nguon kinh phi") || f.starts_with("nguon von") || f == "nguon") && header_year(text).is_none())
        || f.starts_with("ten ")
        || f.starts_with("linh vuc")
        // Rows that are years ("Năm 2023 | KCQG | KCĐP | Tổng"): the row text column.
        || ((f == "nam" || f.starts_with("nam thuc hien") || f == "cac nam") && header_year(text).is_none())
    {
        return vec![ColumnRole::Label];
    }
    if contains_word(f, "trong do") && f.len() <= 10 {
        return vec![];
    }
    let year = header_year(text).filter(|_| !has_year_range(text));
    let source = source_words(text);
    // In a header any "Tổng …" cell is a total column (Tổng giai đoạn, Tổng số).
    let total = total_words(text) || (f.starts_with("tong") && !f.starts_with("tong hop"));
    if total && source.is_some() && source != Some(FundingSource::Total) && !f.contains("tong cong") {
        // "Tổng KP (nguồn KC tỉnh)": a total and a source column fused.
        if year.is_none() && !contains_word(f, "kcqg") && !contains_word(f, "kcdp") {
            return vec![
                ColumnRole::Value { year: None, source: Some(FundingSource::Total), total_years: false },
                ColumnRole::Value { year: None, source, total_years: false },
            ];
        }
    }
    if year.is_some() {
        return vec![ColumnRole::Value { year, source, total_years: false }];
    }
    if let Some(s) = source {
        return vec![ColumnRole::Value { year: None, source: Some(s), total_years: false }];
    }
    // "Giai đoạn 2021-2025", "Cả giai đoạn", "2021 - 2025": a total over the years.
    if total
        || (year_re().find_iter(text).count() >= 2 && header_year(text).is_some())
        || f.starts_with("giai doan")
        || f.starts_with("ca giai doan")
    {
        return vec![ColumnRole::Value { year: None, source: None, total_years: true }];
    }
    // A one-year plan's figure column named only "Kế hoạch" (the year is in the
    // title): a value column; the figures take the plan's year.
    if matches!(f, "ke hoach" | "kh" | "so luong" | "ke hoach thuc hien" | "ke hoach nam" | "khoi luong" | "chi tieu ke hoach") {
        return vec![ColumnRole::Value { year: None, source: None, total_years: false }];
    }
    if f.contains("kinh phi") || f.contains("so tien") || f.contains("du toan") || contains_word(f, "kp") || is_support_money(f) {
        return vec![ColumnRole::Value { year: None, source: None, total_years: false }];
    }
    vec![]
}

/// Composes per-column header levels from header lines (top first), spreading
/// a merged parent cell over the columns below it.
pub fn compose(header_lines: &[Vec<String>], width: usize) -> Vec<Vec<String>> {
    let mut cols: Vec<Vec<String>> = vec![Vec::new(); width];
    for (li, line) in header_lines.iter().enumerate() {
        let lower = header_lines.get(li + 1);
        let mut carry: Option<String> = None;
        for (c, col) in cols.iter_mut().enumerate() {
            let text = line.get(c).map(|s| s.trim().to_string()).unwrap_or_default();
            if !text.is_empty() {
                carry = Some(text.clone());
                col.push(text);
            } else if let Some(p) = &carry {
                // Spread a parent only over columns whose lower level is filled.
                let below = lower.and_then(|l| l.get(c)).map(|s| !s.trim().is_empty()).unwrap_or(false);
                if below {
                    col.push(p.clone());
                } else {
                    carry = None;
                }
            }
        }
    }
    cols
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_source_under_a_period_group_sums_the_years() {
        let r = classify(&s(&["Tổng giai đoạn", "KCQG"]));
        assert_eq!(r, vec![ColumnRole::Value { year: None, source: Some(FundingSource::National), total_years: true }]);
        let r = classify(&s(&["Năm 2024", "KCQG"]));
        assert_eq!(r, vec![ColumnRole::Value { year: Some(2024), source: Some(FundingSource::National), total_years: false }]);
    }

    #[test]
    fn headings_between_tables() {
        assert!(is_heading("KẾ HOẠCH KINH PHÍ NĂM 2024"));
        assert!(is_heading("Kế hoạch năm 2017"));
        assert!(is_heading("Kế hoạch năm 2026 (ĐVT: triệu đồng)"));
        assert!(!is_heading("Kế hoạch được thực hiện như sau:"));
        assert!(!is_heading("Tổng kinh phí thực hiện là 897,302 triệu đồng, trong đó"));
        assert!(!is_heading("2"));
        assert!(!is_heading("- 3 -"));
    }

    #[test]
    fn two_level_year_over_sources() {
        let h =
            vec![s(&["TT", "Nội dung", "Năm 2016", "", "Tổng cộng", "", "Tổng chung"]), s(&["", "", "KCQG", "KCDP", "KCQG", "KCDP", ""])];
        let cols = compose(&h, 7);
        assert_eq!(cols[3], s(&["Năm 2016", "KCDP"]));
        assert_eq!(classify(&cols[0]), vec![ColumnRole::Tt]);
        assert_eq!(classify(&cols[1]), vec![ColumnRole::Label]);
        assert_eq!(
            classify(&cols[3]),
            vec![ColumnRole::Value { year: Some(2016), source: Some(FundingSource::Local), total_years: false }]
        );
        assert_eq!(classify(&cols[4]), vec![ColumnRole::Value { year: None, source: Some(FundingSource::National), total_years: true }]);
        assert_eq!(classify(&cols[6]), vec![ColumnRole::Value { year: None, source: None, total_years: true }]);
    }

    #[test]
    fn tong_under_a_year_totals_its_sources_and_under_a_period_the_years() {
        let cols = compose(&[s(&["Năm 2022", "", ""]), s(&["Tổng", "KCQG", "KCĐP"])], 3);
        assert_eq!(
            classify(&cols[0]),
            vec![ColumnRole::Value { year: Some(2022), source: Some(FundingSource::Total), total_years: false }]
        );
        let cols = compose(&[s(&["Kết quả thực hiện trong 7 năm (2009-2015)", ""]), s(&["Năm 2009", "Tổng cộng"])], 2);
        assert_eq!(classify(&cols[1]), vec![ColumnRole::Value { year: None, source: None, total_years: true }]);
    }

    #[test]
    fn leaf_year_beats_parent_range() {
        let cols = compose(&[s(&["Kết quả thực hiện trong 7 năm (2009-2015)", ""]), s(&["Năm 2009", "Tổng cộng"])], 2);
        assert_eq!(classify(&cols[0]), vec![ColumnRole::Value { year: Some(2009), source: None, total_years: false }]);
        assert_eq!(classify(&cols[1]), vec![ColumnRole::Value { year: None, source: None, total_years: true }]);
    }

    #[test]
    fn project_headers() {
        assert_eq!(classify(&s(&["Thời gian", "Bắt đầu (tháng)"])), vec![ColumnRole::StartMonth]);
        assert_eq!(classify(&s(&["Mục tiêu và nội dung chính"])), vec![ColumnRole::Objective]);
        assert_eq!(classify(&s(&["Đơn vị thực hiện"])), vec![ColumnRole::Implementer]);
        assert_eq!(classify(&s(&["Dự kiến kết quả đạt được"])), vec![ColumnRole::ExpectedResult]);
        assert_eq!(
            classify(&s(&["KP đóng góp của đơn vị thụ hưởng"])),
            vec![ColumnRole::Value { year: None, source: Some(FundingSource::Beneficiary), total_years: false }]
        );
        assert_eq!(classify(&s(&["Tổng KP (nguồn KC tỉnh)"])).len(), 2);
        assert_eq!(classify(&s(&["ĐVT"])), vec![ColumnRole::Unit]);
        // The unit annotated in the label header leaves it the label column.
        assert_eq!(classify(&s(&["Nội dung (ĐVT: triệu đồng)"])), vec![ColumnRole::Label]);
        assert_eq!(classify(&s(&["ĐVT: triệu đồng"])), vec![ColumnRole::Other]);
        assert_eq!(classify(&s(&["Kế hoạch"])), vec![ColumnRole::Value { year: None, source: None, total_years: false }]);
        assert_eq!(classify(&s(&["Giai đoạn 2021-2025"])), vec![ColumnRole::Value { year: None, source: None, total_years: true }]);
        assert_eq!(classify(&s(&["Năm thực hiện"])), vec![ColumnRole::Label]);
    }

    #[test]
    fn header_words_and_years() {
        assert!(has_header_word("Tổng cộng"));
        assert!(!has_header_word("Đào tạo nghề"));
        assert!(is_bare_year("2016"));
        assert!(!is_bare_year("1.200"));
        assert_eq!(header_year("KH Năm 2015"), Some(2015));
        assert!(total_words("Tổng cộng (I+II+III):"));
        assert!(total_words("Cộng"));
        assert!(!total_words("Cộng tác viên"));
        assert!(total_words("Cộng I"));
        assert!(total_words("Tổng số"));
        assert!(!total_words("Tổng số lao động được đào tạo"));
    }
}
