//! Row numbers (TT): their shapes, fused TTs, and the hierarchy they imply.

use regex::Regex;
use std::sync::OnceLock;

/// The printed shape of a TT; shapes nest in the order a table first uses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TtShape {
    /// I, II., XIV
    Roman,
    /// 1, 2., 1.1 (the count of inner dots)
    Arabic(u32),
    /// a), b., a (a bare lower-case letter)
    Letter,
    /// i, ii., iv: Roman numerals in lower case.
    LowerRoman,
    /// A, B, C: top-level parts above roman sections.
    Capital,
}

fn roman_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(?:X{0,3})(?:IX|IV|V?I{0,3})\.?$").expect("valid regex"))
}
fn arabic_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^[0-9]{1,3}(?:\.[0-9]{1,3})*\.?$").expect("valid regex"))
}
fn letter_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^[a-zđ][\.\)]?$").expect("valid regex"))
}
fn lower_roman_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(?:x{0,3})(?:ix|iv|v?i{0,3})\.?$").expect("valid regex"))
}
/// A hierarchical TT whose head is a section's letter or Roman numeral ("A.1", "II.3", "i.2", "b.1").
fn headed_dotted_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(?:[A-Z]|[IVX]{1,4}|[a-z]|[ivx]{1,4})(?:\.[0-9]{1,3})+\.?$").expect("valid regex"))
}
fn fused_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^((?:X{0,3}(?:IX|IV|V?I{0,3}))\.?|[0-9]{1,3}(?:\.[0-9]{1,3})*\.?|[a-zđ]\))\s+(\p{Lu}.*)$").expect("valid regex")
    })
}

/// Shape of a cell that holds only a TT.
pub fn shape(tt: &str) -> Option<TtShape> {
    let t = tt.trim();
    if t.is_empty() {
        return None;
    }
    if roman_re().is_match(t) && !t.trim_end_matches('.').is_empty() {
        return Some(TtShape::Roman);
    }
    if arabic_re().is_match(t) {
        let core = t.trim_end_matches('.');
        return Some(TtShape::Arabic(core.matches('.').count() as u32));
    }
    if headed_dotted_re().is_match(t) {
        let core = t.trim_end_matches('.');
        return Some(TtShape::Arabic(core.matches('.').count() as u32));
    }
    if lower_roman_re().is_match(t) && !t.trim_end_matches('.').is_empty() {
        return Some(TtShape::LowerRoman);
    }
    if letter_re().is_match(t) {
        return Some(TtShape::Letter);
    }
    if capital_re().is_match(t) {
        return Some(TtShape::Capital);
    }
    None
}

fn capital_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^[A-HJ-UW-Z]\.?$").expect("valid regex"))
}

/// Reads a TT through common OCR look-alikes ("IL" → "II", "IH" → "III",
/// "|" → "I", "VỊ." → "VI."); `None` when it is not a TT even so.
pub fn repair(cell: &str) -> Option<String> {
    let t = cell.trim().trim_end_matches([':', ';', ',']);
    if t.is_empty() || t.chars().count() > 6 {
        return None;
    }
    if shape(t).is_some() {
        return Some(t.to_string());
    }
    let mut out = String::new();
    for c in crate::normalize::fold(t).to_uppercase().chars() {
        match c {
            '|' | '!' | 'L' | '1' => out.push('I'),
            'H' => out.push_str("II"),
            c => out.push(c),
        }
    }
    (matches!(shape(&out), Some(TtShape::Roman))).then_some(out)
}

/// Splits "2 Chương trình …" into ("2", "Chương trình …") when a TT is fused into the label.
pub fn split_fused(text: &str) -> Option<(String, String)> {
    let caps = fused_re().captures(text.trim())?;
    let tt = caps.get(1)?.as_str();
    if tt.is_empty() || shape(tt).is_none() {
        return None;
    }
    Some((tt.to_string(), caps.get(2)?.as_str().trim().to_string()))
}

/// The TT without trailing dots ("III." → "III").
pub fn bare(tt: &str) -> String {
    tt.trim().trim_end_matches('.').trim_end_matches(')').to_string()
}

/// True when the TT is already hierarchical ("2.1").
pub fn is_dotted(tt: &str) -> bool {
    bare(tt).contains('.')
}

/// The leading Arabic number of a TT ("2.4" → "2", "3" → "3").
pub fn leading_number(tt: &str) -> Option<String> {
    let b = bare(tt);
    let first = b.split('.').next().unwrap_or("");
    (!first.is_empty() && first.chars().all(|c| c.is_ascii_digit())).then(|| first.to_string())
}

/// The value of a Roman TT ("IV" → 4), for content areas numbered in Roman.
pub fn roman_value(r: &str) -> Option<u32> {
    let val = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        _ => None,
    };
    let vs: Vec<u32> = r.chars().map(val).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, v) in vs.iter().enumerate() {
        if vs.get(i + 1).is_some_and(|n| n > v) {
            total -= *v as i32;
        } else {
            total += *v as i32;
        }
    }
    u32::try_from(total).ok().filter(|n| *n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(shape("III."), Some(TtShape::Roman));
        assert_eq!(shape("VII"), Some(TtShape::Roman));
        assert_eq!(shape("12"), Some(TtShape::Arabic(0)));
        assert_eq!(shape("2.1"), Some(TtShape::Arabic(1)));
        assert_eq!(shape("1."), Some(TtShape::Arabic(0)));
        assert_eq!(shape("b)"), Some(TtShape::Letter));
        assert_eq!(shape("b"), Some(TtShape::Letter));
        assert_eq!(shape("ii."), Some(TtShape::LowerRoman));
        assert_eq!(shape("iv"), Some(TtShape::LowerRoman));
        assert_eq!(shape("A.1"), Some(TtShape::Arabic(1)));
        assert_eq!(shape("ii.3"), Some(TtShape::Arabic(1)));
        assert_eq!(shape("b.2"), Some(TtShape::Arabic(1)));
        assert_eq!(shape("Cộng"), None);
        assert_eq!(shape("A"), Some(TtShape::Capital));
        assert_eq!(shape("B."), Some(TtShape::Capital));
        assert_eq!(shape("1.200"), Some(TtShape::Arabic(1))); // a TT cell only; values are parsed elsewhere
    }

    #[test]
    fn fused() {
        assert_eq!(split_fused("2 Chương trình phát triển"), Some(("2".into(), "Chương trình phát triển".into())));
        assert_eq!(split_fused("I Chuong trình"), Some(("I".into(), "Chuong trình".into())));
        assert_eq!(split_fused("05 hội nghị"), None);
        assert_eq!(split_fused("Đào tạo"), None);
        assert_eq!(bare("III."), "III");
        assert!(is_dotted("4.2"));
        assert!(!is_dotted("4."));
        assert_eq!(repair("IL").as_deref(), Some("II"));
        assert_eq!(repair("IH").as_deref(), Some("III"));
        assert_eq!(repair("|").as_deref(), Some("I"));
        assert_eq!(repair("VỊ.").as_deref(), Some("VI."));
        assert_eq!(repair("vj"), None);
        assert_eq!(repair("Nội dung"), None);
    }
}
