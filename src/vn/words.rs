//! Words that name a table's totals and funding sources, in headers and
//! row labels alike: one vocabulary for the table stage that builds the
//! columns and rows and the stages after it that read them. Matched on folded
//! text (no tones, lower case, đ → d).

use crate::model::FundingSource;
use crate::normalize::fold;

/// Whole-word containment on folded text.
pub fn contains_word(hay: &str, word: &str) -> bool {
    let mut start = 0;
    while let Some(pos) = hay[start..].find(word) {
        let a = start + pos;
        let b = a + word.len();
        let before_ok = a == 0 || !hay[..a].chars().next_back().is_some_and(|c| c.is_alphanumeric());
        let after_ok = b >= hay.len() || !hay[b..].chars().next().is_some_and(|c| c.is_alphanumeric());
        if before_ok && after_ok {
            return true;
        }
        start = a + word.len().max(1);
        if start >= hay.len() {
            break;
        }
    }
    false
}

/// Funding source named by header or row words.
pub fn source_words(text: &str) -> Option<FundingSource> {
    // OCR noise inside short codes ("KC€QG") is squeezed out first.
    let f: String = fold(text).chars().filter(|c| c.is_alphanumeric() || c.is_whitespace() || *c == '(' || *c == ')').collect();
    if contains_word(&f, "kcqg") || f.contains("quoc gia") || f.contains("trung uong") {
        Some(FundingSource::National)
    } else if contains_word(&f, "kcdp")
        || f.contains("dia phuong")
        || f.contains("kc tinh")
        || f.contains("ngan sach tinh")
        || f.contains("ns tinh")
        || contains_word(&f, "kpkc dp")
    {
        Some(FundingSource::Local)
    } else if f.contains("dong gop")
        || f.contains("doi ung")
        || f.contains("thu huong")
        || f.contains("von cua doanh nghiep")
        || f.contains("von doanh nghiep")
        || f.contains("von cua co so")
        || f.contains("von tu co")
    {
        Some(FundingSource::Beneficiary)
    } else if f.contains("nguon khac") || f.contains("von khac") || f == "khac" {
        Some(FundingSource::Other)
    } else {
        None
    }
}

/// A money column that names no source of its own but the state's support
/// ("Ngân sách hỗ trợ", "NSNN hỗ trợ", "Kinh phí hỗ trợ"): its money is that of
/// the row's section (KCQG under "I. Khuyến công quốc gia"), and it is one of
/// the parts of the row's total, never the total itself. `f` is folded text.
pub fn is_support_money(f: &str) -> bool {
    let f = f.trim_start_matches("trong do").trim_start_matches(|c: char| c == ':' || c.is_whitespace());
    (f.starts_with("ngan sach") || f.starts_with("nsnn") || f.starts_with("kinh phi") || f.starts_with("kp") || f.starts_with("von"))
        && contains_word(f, "ho tro")
        || f.starts_with("ngan sach nha nuoc")
        || f == "nsnn"
}

/// True when a header or row text names a total (Tổng, Tổng cộng, Cộng, Tổng chung).
pub fn total_words(text: &str) -> bool {
    let f = fold(text);
    let f = f.trim_matches(|c: char| !c.is_alphanumeric());
    const STARTS: &[&str] =
        &["tong cong", "tong kinh phi", "tong kp", "tong chung", "tong nguon", "tong von", "tong du toan", "tong so tien"];
    if f == "tong" || f == "cong" || f == "tong so" || STARTS.iter().any(|s| f.starts_with(s)) {
        return true;
    }
    // "Cộng I", "Cộng phần A": the total of a section.
    if let Some(rest) = f.strip_prefix("cong ") {
        let rest = rest.trim_start_matches("phan ").trim_start_matches("muc ");
        if super::tt::shape(&rest.to_uppercase()).is_some() && rest.len() <= 4 {
            return true;
        }
    }
    // "Cộng (I+II)", "Cộng: …"
    if let Some(rest) = f.strip_prefix("cong") {
        let rest = rest.trim_start();
        return rest.starts_with('(') || rest.starts_with(':');
    }
    if let Some(rest) = f.strip_prefix("tong") {
        let rest = rest.trim_start();
        return rest.starts_with('(') || rest.starts_with(':') || rest.starts_with("kpi");
    }
    false
}

/// Abbreviations of table headers and row labels, folded ("ĐVT", "KCQG",
/// "NSNN"): a piece of one broken across a narrow cell's lines is joined back.
const ABBREVIATIONS: &[&str] =
    &["dvt", "kcqg", "kcdp", "stt", "nsnn", "nstw", "nsdp", "kpkc", "ubnd", "tw", "htx", "ccn", "dn", "cnnt", "tt", "kh"];

/// True for a header abbreviation ("ĐVT", "KCĐP"; any case).
pub fn is_abbreviation(word: &str) -> bool {
    ABBREVIATIONS.contains(&fold(word).as_str())
}
