//! Money units: the unit line or header a table is printed in ("Đơn vị tính:
//! Triệu đồng", "ĐVT: ngàn đồng", "(Đơn vị: triệu đồng)", "Đvt: 1.000 đồng") and
//! money figures in prose ("7.763,445 triệu đồng", "4,3 tỷ đồng").
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// A money unit a table or phrase is printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyUnit {
    /// đồng (VNĐ), ×1.
    Dong,
    /// nghìn / ngàn đồng, ×1,000.
    Nghin,
    /// triệu đồng, ×1,000,000.
    Trieu,
    /// tỷ đồng, ×1,000,000,000.
    Ty,
}

impl MoneyUnit {
    /// Đồng per unit.
    pub fn vnd(self) -> i128 {
        match self {
            MoneyUnit::Dong => 1,
            MoneyUnit::Nghin => 1_000,
            MoneyUnit::Trieu => 1_000_000,
            MoneyUnit::Ty => 1_000_000_000,
        }
    }
    /// The unit worth `vnd` đồng, if it is one of the four.
    pub fn from_vnd(vnd: i128) -> Option<MoneyUnit> {
        match vnd {
            1 => Some(MoneyUnit::Dong),
            1_000 => Some(MoneyUnit::Nghin),
            1_000_000 => Some(MoneyUnit::Trieu),
            1_000_000_000 => Some(MoneyUnit::Ty),
            _ => None,
        }
    }
}

/// The unit phrase, on folded (ASCII, lower-case) text:
/// optional multiplier "1.000", optional scale word, currency word.
const UNIT_PHRASE: &str = r"(?:(?P<mult>1(?:[.\s]?000)+)\s*)?(?P<scale>trieu|tr|ngan|nghin|ngh|ty|ti)?\s*\.?\s*(?P<cur>dong|vnd|d)?";

fn labelled_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(&format!(r"(?:^|[^a-z])(?:don vi tinh|don vi|dvt|d\.v\.t)\s*[:;,.]?\s*{UNIT_PHRASE}(?:[^a-z]|$)")).ok())
        .as_ref()
}

fn bare_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(&format!(r"^{UNIT_PHRASE}$")).ok()).as_ref()
}

fn paren_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(&format!(r"\(\s*{UNIT_PHRASE}\s*\)")).ok()).as_ref()
}

/// Finds a unit line or header ("Đơn vị tính: Triệu đồng", "DVT: Triệu đồng",
/// "ĐVT: ngàn đồng", "Đvt: 1.000 đồng", "(Đơn vị: triệu đồng)", "Đơn vị tính:
/// tr.đồng", "Đơn vị tính; Triệu đồng" (OCR's colon), a bare "nghìn đồng" / "tỷ đồng" / "đồng" / "VNĐ" line, or a header
/// cell "Kinh phí (triệu đồng)") and returns the unit and its printed name,
/// lower-cased and canonical: "triệu đồng", "ngàn đồng" or "nghìn đồng" as
/// printed ("nghìn đồng" for "1.000 đồng"), "tỷ đồng", "đồng". Prose that
/// merely contains "đồng" ("Đồng Nai", "10.000 đồng") is not a unit line.
pub fn parse_unit(s: &str) -> Option<(MoneyUnit, String)> {
    let f = super::fold(&super::strip_markup(s));
    let full = super::collapse_spaces(&f);
    let f = full.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | ':' | ';' | ',' | '*') || c.is_whitespace());
    if f.is_empty() {
        return None;
    }
    let try_caps = |caps: regex::Captures<'_>, labelled: bool| -> Option<(MoneyUnit, String)> {
        let mult = caps.name("mult").map(|m| m.as_str());
        let scale = caps.name("scale").map(|m| m.as_str());
        let cur = caps.name("cur").map(|m| m.as_str());
        unit_from_parts(mult, scale, cur, labelled)
    };
    if let Some(c) = labelled_re().and_then(|re| re.captures(f)) {
        if let Some(u) = try_caps(c, true) {
            return Some(u);
        }
    }
    if let Some(c) = bare_re().and_then(|re| re.captures(f)) {
        if let Some(u) = try_caps(c, false) {
            return Some(u);
        }
    }
    if let Some(re) = paren_re() {
        for c in re.captures_iter(&full) {
            if let Some(u) = try_caps(c, false) {
                return Some(u);
            }
        }
    }
    None
}

/// Decides the unit from the phrase's parts. A lone "d" needs a scale or a
/// multiplier ("tr.đ", "1000đ"); a scale word without currency only counts
/// after a label ("Đơn vị: triệu").
fn unit_from_parts(mult: Option<&str>, scale: Option<&str>, cur: Option<&str>, labelled: bool) -> Option<(MoneyUnit, String)> {
    if cur.is_none() && !(labelled && scale.is_some()) {
        return None;
    }
    if cur == Some("d") && scale.is_none() && mult.is_none() {
        return None;
    }
    let mut vnd: i128 = 1;
    if let Some(m) = mult {
        let zeros = m.chars().filter(|c| *c == '0').count() as u32;
        vnd = 10i128.checked_pow(zeros)?;
    }
    let mut name_nghin = "nghìn đồng";
    if let Some(sc) = scale {
        let k: i128 = match sc {
            "trieu" | "tr" => 1_000_000,
            "ngan" => {
                name_nghin = "ngàn đồng";
                1_000
            }
            "nghin" | "ngh" => 1_000,
            _ => 1_000_000_000,
        };
        vnd = vnd.checked_mul(k)?;
    }
    let unit = MoneyUnit::from_vnd(vnd)?;
    let name = match unit {
        MoneyUnit::Dong => "đồng",
        MoneyUnit::Nghin => name_nghin,
        MoneyUnit::Trieu => "triệu đồng",
        MoneyUnit::Ty => "tỷ đồng",
    };
    Some((unit, name.to_string()))
}

fn money_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            // No `\b` after the unit: a Unicode word boundary keeps the regex
            // engine off its fast DFA on Vietnamese text; a letter glued to
            // the unit is refused below instead.
            r"(?i)([0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?)\s*(triệu|tr\.|tỷ|tỉ|ngàn|nghìn)?\s*(đồng|vnđ|vnd|đ)",
        )
        .ok()
    })
    .as_ref()
}

/// A money phrase of prose: where it stands, its value in whole đồng, and its
/// last printed place in đồng ("2,345 tỷ đồng" → 1,000,000; "7.050.000 đồng" → 1):
/// a text quoting a table's figure to fewer digits rounds it, and a figure within
/// half a step of the table's is the same figure, not a misprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyPhrase {
    pub range: Range<usize>,
    pub vnd: i128,
    pub step: i128,
}

/// Money phrases in prose with their value in whole đồng:
/// "7.763,445 triệu đồng" → 7_763_445_000, "10.987.250.000 đồng",
/// "4,3 tỷ đồng" → 4_300_000_000. A phrase whose value is not a whole number
/// of đồng, or whose figure is glued to a letter, a date or another number, is
/// skipped. Expects NFC text.
pub fn find_money_phrases(s: &str) -> Vec<(Range<usize>, i128)> {
    money_phrases(s).into_iter().map(|p| (p.range, p.vnd)).collect()
}

/// [`find_money_phrases`] with each phrase's last printed place.
pub fn money_phrases(s: &str) -> Vec<MoneyPhrase> {
    let Some(re) = money_re() else { return Vec::new() };
    let runs = super::number::number_runs(s);
    let mut out = Vec::new();
    for c in re.captures_iter(s) {
        let (Some(all), Some(num)) = (c.get(0), c.get(1)) else { continue };
        // The figure must be a whole number run of its own (not the tail of
        // "1.202,433" cut short, a date or "T5").
        if !runs.iter().any(|r| *r == num.range()) {
            continue;
        }
        // "đồng" followed by a letter is another word ("đồng bào", "Đồng Nai").
        let after = s[all.end()..].chars().next();
        if after.is_some_and(|ch| ch.is_alphabetic()) {
            continue;
        }
        let next_word: String = s[all.end()..].trim_start().chars().take_while(|ch| ch.is_alphabetic()).collect();
        let nw = super::fold(&next_word);
        if matches!(
            nw.as_str(),
            "nai" | "thap" | "bao" | "chi" | "thoi" | "bo" | "nghiep" | "hoi" | "ho" | "dao" | "xuan" | "van" | "phu" | "hy"
        ) {
            continue;
        }
        let Some(value) = super::parse_number(num.as_str()) else { continue };
        let scale = c.get(2).map(|m| super::fold(m.as_str()));
        let mult: i128 = match scale.as_deref() {
            Some("trieu") | Some("tr.") => 1_000_000,
            Some("ty") | Some("ti") => 1_000_000_000,
            Some("ngan") | Some("nghin") => 1_000,
            _ => 1,
        };
        if let Some(vnd) = value.times_int(mult) {
            let step = (mult / 10i128.pow(value.scale.min(9))).max(1);
            out.push(MoneyPhrase { range: num.start()..all.end(), vnd, step });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Option<(MoneyUnit, String)> {
        parse_unit(s)
    }

    #[test]
    fn a_money_phrase_knows_its_last_printed_place() {
        let s = "Kinh phí khuyến công quốc gia: 2,345 tỷ đồng; địa phương 7.050.000 đồng; 12 triệu đồng";
        let steps: Vec<i128> = money_phrases(s).iter().map(|p| p.step).collect();
        assert_eq!(steps, vec![1_000_000, 1, 1_000_000]);
    }

    #[test]
    fn unit_lines() {
        use MoneyUnit::*;
        assert_eq!(u("Đơn vị tính: Triệu đồng"), Some((Trieu, "triệu đồng".into())));
        assert_eq!(u("DVT: Triệu đồng"), Some((Trieu, "triệu đồng".into())));
        assert_eq!(u("ĐVT: ngàn đồng"), Some((Nghin, "ngàn đồng".into())));
        assert_eq!(u("<i>DVT: ngàn đồng</i>"), Some((Nghin, "ngàn đồng".into())));
        assert_eq!(u("Đvt: 1.000 đồng"), Some((Nghin, "nghìn đồng".into())));
        assert_eq!(u("(Đơn vị: triệu đồng)"), Some((Trieu, "triệu đồng".into())));
        assert_eq!(u("Đơn vị tính: tr.đồng"), Some((Trieu, "triệu đồng".into())));
        assert_eq!(u("Đơn vị tính: tr.đ"), Some((Trieu, "triệu đồng".into())));
        assert_eq!(u("nghìn đồng"), Some((Nghin, "nghìn đồng".into())));
        assert_eq!(u("tỷ đồng"), Some((Ty, "tỷ đồng".into())));
        assert_eq!(u("Tỉ đồng"), Some((Ty, "tỷ đồng".into())));
        assert_eq!(u("đồng"), Some((Dong, "đồng".into())));
        assert_eq!(u("VNĐ"), Some((Dong, "đồng".into())));
        assert_eq!(u("Đơn vị tính: đồng"), Some((Dong, "đồng".into())));
        assert_eq!(u("Đơn vị: triệu"), Some((Trieu, "triệu đồng".into())));
        assert_eq!(u("Đvt: 1.000.000 đồng"), Some((Trieu, "triệu đồng".into())));
        assert_eq!(u("Kinh phí (triệu đồng)"), Some((Trieu, "triệu đồng".into())));
        // OCR reads the colon as a semicolon or a comma
        assert_eq!(u("Đơn vị tính; Triệu đồng"), Some((Trieu, "triệu đồng".into())));
        assert_eq!(u("ĐVT, ngàn đồng"), Some((Nghin, "ngàn đồng".into())));
    }

    #[test]
    fn not_unit_lines() {
        for s in [
            "Đồng Nai, ngày 06 tháng 3 năm 2020",
            "TỈNH ĐỒNG NAI",
            "là 10.987.250.000 đồng",
            "Kinh phí của đơn vị thụ hưởng là 4.316.250.000 đồng.",
            "Đơn vị thực hiện",
            "Đơn vị tính: Cơ sở",
            "ĐVT",
            "",
            "đ",
            "(Đồng Nai)",
        ] {
            assert_eq!(u(s), None, "{s:?}");
        }
    }

    #[test]
    fn fixture_unit_lines() {
        let cb = crate::normalize::test_fixture("cao_bang_2015.txt");
        let dn = crate::normalize::test_fixture("dong_nai_2020.txt");
        let units = |t: &str| t.lines().filter_map(|l| parse_unit(l).map(|(_, n)| n)).collect::<Vec<_>>();
        let cbu = units(&cb);
        assert!(cbu.len() >= 3 && cbu.iter().all(|n| n == "triệu đồng"), "{cbu:?}");
        // Line 224 "DVT: ngàn đồng"; line 281 is a stray "ĐỒNG" (a bare unit
        // word, which the tables stage judges by position).
        assert_eq!(units(&dn), vec!["ngàn đồng", "đồng"]);
    }

    #[test]
    fn money_in_prose() {
        let s = "Kinh phí khuyến công Quốc gia và địa phương: 7.763,445 triệu đồng; tổng 10.987.250.000 đồng (Mười tỷ); khoảng 4,3 tỷ đồng, ngân sách tỉnh là 6.671.000.000 đồng. Đồng Nai 2020 đồng bào.";
        let got: Vec<(String, i128)> = find_money_phrases(s).into_iter().map(|(r, v)| (s[r].to_string(), v)).collect();
        assert_eq!(
            got,
            vec![
                ("7.763,445 triệu đồng".to_string(), 7_763_445_000),
                ("10.987.250.000 đồng".to_string(), 10_987_250_000),
                ("4,3 tỷ đồng".to_string(), 4_300_000_000),
                ("6.671.000.000 đồng".to_string(), 6_671_000_000),
            ]
        );
    }

    #[test]
    fn fixture_money_phrases() {
        let cb = crate::normalize::test_fixture("cao_bang_2015.txt");
        let all: Vec<i128> = find_money_phrases(&cb).into_iter().map(|(_, v)| v).collect();
        assert!(all.contains(&7_763_445_000), "{all:?}");
        assert!(all.contains(&1_202_433_000_000), "{all:?}");
        let dn = crate::normalize::test_fixture("dong_nai_2020.txt");
        let all: Vec<i128> = find_money_phrases(&dn).into_iter().map(|(_, v)| v).collect();
        for v in [10_987_250_000, 6_671_000_000, 4_316_250_000, 4_300_000_000] {
            assert!(all.contains(&v), "{v} not in {all:?}");
        }
    }
}
