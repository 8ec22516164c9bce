//! Repairs of OCR slips against a lexicon of the domain ("Khuryn công" →
//! "Khuyến công", "Tống cộng" → "Tổng cộng", "tinh Cao Bằng" → "tỉnh Cao Bằng").
//!
//! A repair is made only when it is unambiguous: the words read match exactly
//! one lexicon phrase of two or more syllables, either with the same letters
//! and other tone marks, or — when a word read cannot be a Vietnamese syllable
//! at all ("Khuryn") — within two letters of it. Real words are never taken for
//! slips ("quy định", "chuyên gia" stay). Labels stay as read (the
//! contract); repairs are reported as warnings and used where text is matched
//! against words (categories).

use super::fold;

/// Frequent phrases of khuyến công documents, with their correct marks.
const PHRASES: &[&str] = &[
    "khuyến công",
    "công nghiệp",
    "nông thôn",
    "tổng cộng",
    "tổng kinh phí",
    "triển lãm",
    "hội chợ",
    "sản phẩm",
    "tiêu biểu",
    "đào tạo",
    "phát triển",
    "tổ chức",
    "thực hiện",
    "kinh phí",
    "đại biểu",
    "trưng bày",
    "tuyên truyền",
    "quản lý",
    "doanh nghiệp",
    "chi tiết",
    "chuyển giao",
    "kỹ thuật",
    "trung tâm",
    "nội dung",
    "quy hoạch",
    "môi trường",
    "ô nhiễm",
    "bình chọn",
    "thương hiệu",
    "năng lực",
    "hội nghị",
    "hội thảo",
    "tập huấn",
    "mô hình",
    "trình diễn",
    "công nghệ",
    "máy móc",
    "thiết bị",
    "tiên tiến",
    "cung cấp",
    "thông tin",
    "truyền hình",
    "liên doanh",
    "liên kết",
    "cụm công nghiệp",
    "làng nghề",
    "đơn vị",
    "thụ hưởng",
    "đóng góp",
    "nguồn khác",
    "địa phương",
    "quốc gia",
    "ngân sách",
    "chỉ tiêu",
    "kế hoạch",
    "ủy ban nhân dân",
    "chủ tịch",
    "tham quan",
    "khảo sát",
    "học tập",
    "kinh nghiệm",
];

fn syllables(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s, i));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// True when a folded word cannot be a Vietnamese syllable (initial, vowels, final).
fn impossible_syllable(w: &str) -> bool {
    use std::sync::OnceLock;
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(ch|nh|ng|[cmnpt])?$")
            .expect("valid regex")
    });
    !re.is_match(w)
}

fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn match_case(read: &str, phrase: &str) -> String {
    let upper = read.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase());
    if upper {
        return phrase.to_uppercase();
    }
    let mut out = String::new();
    let first_upper = read.chars().next().is_some_and(|c| c.is_uppercase());
    for (i, c) in phrase.chars().enumerate() {
        if i == 0 && first_upper {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Every unambiguous repair in `text`: (words as read, repaired words).
pub fn repairs(text: &str) -> Vec<(String, String)> {
    let syl = syllables(text);
    let mut out: Vec<(String, String)> = Vec::new();
    let mut i = 0;
    while i < syl.len() {
        let mut done = false;
        for n in (2..=4).rev() {
            if i + n > syl.len() {
                continue;
            }
            let (a, b) = (syl[i].0, syl[i + n - 1].1);
            let read = &text[a..b];
            // Only words separated by single spaces form a phrase.
            if read.contains(|c: char| !(c.is_alphanumeric() || c == ' ')) {
                continue;
            }
            let fr = fold(read);
            let lower = read.to_lowercase();
            let mut hits: Vec<&str> = Vec::new();
            for p in PHRASES.iter().filter(|p| p.split(' ').count() == n) {
                if lower == *p {
                    hits.clear();
                    hits.push(p);
                    break;
                }
                let fp = fold(p);
                // Letters misread: only where a word read is no Vietnamese syllable (not an
                // upper-case abbreviation such as "KC").
                let broken = read.split(' ').any(|w| {
                    let abbr = w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit()) && w.chars().count() <= 5;
                    !abbr && impossible_syllable(&fold(w))
                });
                let close = fr == fp || (broken && fp.len() >= 10 && fr.chars().next() == fp.chars().next() && distance(&fr, &fp) <= 2);
                if close {
                    hits.push(p);
                }
            }
            if let [p] = hits.as_slice() {
                if lower != *p {
                    out.push((read.to_string(), match_case(read, p)));
                }
                i += n;
                done = true;
                break;
            }
        }
        if !done {
            // "tinh Cao Bằng": a province word misread before a proper name.
            let (a, b) = syl[i];
            let w = &text[a..b];
            if fold(w) == "tinh" && w.to_lowercase() != "tỉnh" {
                if let Some(&(na, _)) = syl.get(i + 1) {
                    if text[na..].starts_with(|c: char| c.is_uppercase()) && text[b..na].trim().is_empty() {
                        out.push((w.to_string(), match_case(w, "tỉnh")));
                    }
                }
            }
            i += 1;
        }
    }
    out
}

/// `text` with its unambiguous repairs applied (for matching, never for output).
pub fn repaired(text: &str) -> String {
    let mut out = text.to_string();
    for (read, fixed) in repairs(text) {
        out = out.replacen(&read, &fixed, 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_slips_and_leaves_good_text_alone() {
        assert_eq!(repairs("Bản tin Khuryn công"), vec![("Khuryn công".to_string(), "Khuyến công".to_string())]);
        assert_eq!(repaired("Tống cộng (I+II+III)"), "Tổng cộng (I+II+III)");
        assert_eq!(repaired("Phát triến sản phãm CNNT tiêu biếu"), "Phát triển sản phẩm CNNT tiêu biểu");
        assert_eq!(repaired("UBND tinh Cao Bằng"), "UBND tỉnh Cao Bằng");
        assert!(repairs("Kế hoạch khuyến công tỉnh Cao Bằng giai đoạn 2016 - 2020").is_empty());
        assert!(repairs("tình hình sản xuất kinh doanh").is_empty());
        for real in ["theo quy định", "thuê chuyên gia", "dự toán kinh phí", "nguồn KC tỉnh", "chương trình đề án"] {
            assert!(repairs(real).is_empty(), "{real}: {:?}", repairs(real));
        }
        assert_eq!(repaired("TỐNG CỘNG"), "TỔNG CỘNG");
    }
}
