//! Text encodings of Vietnamese inputs: UTF-8 (with or without BOM), UTF-16
//! with BOM, Windows-1258, and the legacy 8-bit font encodings TCVN3 (ABC,
//! ".VnTime" fonts) and VNI (VNI-Times: base letter followed by separate accent
//! bytes), detected by content and converted to Unicode NFC. The legacy
//! converters also serve the PDF extractor, whose text layer in a legacy font
//! comes out as Latin-1/cp1252 characters carrying the legacy byte values.
use crate::vn::legacy;
pub use crate::vn::legacy::{detect_text as detect_legacy, Legacy};
use unicode_normalization::UnicodeNormalization;

const BINARY: &str = "looks like binary data, not text";

/// Decodes input bytes to an NFC String. UTF-8 (BOM or not) and UTF-16 LE/BE
/// with a BOM are decoded as such; other bytes are TCVN3 or VNI when their
/// characters say so, else Windows-1258. The second value names the encoding
/// converted from ("utf-16le", "utf-16be", "windows-1258", "tcvn3", "vni",
/// or "utf-8-lossy" for UTF-8 with a few invalid bytes replaced by U+FFFD),
/// `None` for UTF-8. A UTF-8 text that is really TCVN3/VNI mojibake (legacy
/// bytes once read as Latin-1) is converted too. NUL bytes or many control
/// bytes → `Err("looks like binary data, not text")`.
pub fn decode_text(bytes: &[u8]) -> Result<(String, Option<&'static str>), String> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let (s, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(rest);
        check_chars(&s)?;
        return Ok((super::nfc(&s), Some("utf-16le")));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let (s, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(rest);
        check_chars(&s)?;
        return Ok((super::nfc(&s), Some("utf-16be")));
    }
    if let Some(le) = utf16_without_bom(bytes) {
        let enc = if le { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
        let (s, _) = enc.decode_without_bom_handling(bytes);
        check_chars(&s)?;
        return Ok((super::nfc(&s), Some(if le { "utf-16le" } else { "utf-16be" })));
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    check_bytes(body)?;
    if let Ok(s) = std::str::from_utf8(body) {
        // Real Vietnamese Unicode (precomposed letters U+1EA0–U+1EF9) is not legacy mojibake.
        let unicode_vietnamese = s.chars().any(|c| ('\u{1ea0}'..='\u{1ef9}').contains(&c));
        if unicode_vietnamese {
            return Ok((super::nfc(s), None));
        }
        if let Some(l) = detect_legacy(s) {
            let text = match l {
                Legacy::Tcvn3 => tcvn3_to_unicode(s),
                Legacy::Vni => vni_to_unicode(s),
            };
            return Ok((text, Some(l.name())));
        }
        return Ok((super::nfc(s), None));
    }
    // UTF-8 with a few broken bytes (a file edited in two editors) stays UTF-8.
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in body.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += chunk.invalid().len();
    }
    if good >= 8 && good >= bad * 4 {
        let s = super::nfc(&String::from_utf8_lossy(body));
        // Unless whole lines of another encoding read better line by line.
        let (mixed, enc) = decode_eight_bit(body);
        if vietnamese_score(&mixed) > vietnamese_score(&s) {
            return Ok((mixed, enc));
        }
        return Ok((s, Some("utf-8-lossy")));
    }
    // 8-bit, whole or in part: each candidate is scored against Vietnamese
    // syllable structure, line by line where UTF-8 lines are mixed in.
    Ok(decode_eight_bit(body))
}

/// The 8-bit encodings Vietnamese text files come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EightBit {
    /// Windows-1258: base letters with combining tone bytes (as `iconv -t
    /// CP1258` writes) or the few precomposed letters it has.
    Cp1258,
    /// TCVN3 / ABC (.VnTime fonts).
    Tcvn3,
    /// VNI Windows.
    Vni,
    /// VISCII (RFC 1456).
    Viscii,
    /// TCVN 5712:1993 VN1, glibc's `TCVN`.
    Tcvn5712,
}

/// Candidates in order of preference when they score the same.
const CANDIDATES: [EightBit; 5] = [EightBit::Cp1258, EightBit::Tcvn3, EightBit::Vni, EightBit::Viscii, EightBit::Tcvn5712];

impl EightBit {
    fn name(self) -> &'static str {
        match self {
            EightBit::Cp1258 => "windows-1258",
            EightBit::Tcvn3 => "tcvn3",
            EightBit::Vni => "vni",
            EightBit::Viscii => "viscii",
            EightBit::Tcvn5712 => "tcvn5712-1",
        }
    }

    /// The name when UTF-8 lines were mixed in.
    fn mixed_name(self) -> &'static str {
        match self {
            EightBit::Cp1258 => "utf-8 and windows-1258 (line by line)",
            EightBit::Tcvn3 => "utf-8 and tcvn3 (line by line)",
            EightBit::Vni => "utf-8 and vni (line by line)",
            EightBit::Viscii => "utf-8 and viscii (line by line)",
            EightBit::Tcvn5712 => "utf-8 and tcvn5712-1 (line by line)",
        }
    }

    fn decode(self, bytes: &[u8]) -> String {
        let table = |t: &[u16; 256]| -> String {
            let s: String = bytes.iter().map(|&b| char::from_u32(t[b as usize] as u32).unwrap_or('\u{fffd}')).collect();
            super::nfc(&s)
        };
        match self {
            EightBit::Cp1258 => super::nfc(&encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes).0),
            EightBit::Tcvn3 => tcvn3_to_unicode(&encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0),
            EightBit::Vni => vni_to_unicode(&encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0),
            // VISCII keeps six capitals (Ẳ Ẵ Ẫ Ỷ Ỹ Ỵ) at control-code places
            // that converters such as UniKey avoid, writing the small letter:
            // in a word of capitals that letter was a capital too.
            EightBit::Viscii => legacy::capital_words(&table(&VISCII)),
            EightBit::Tcvn5712 => table(&TCVN5712),
        }
    }
}

/// VISCII byte → Unicode, as glibc iconv reads it.
const VISCII: [u16; 256] = [
    0x0000, 0x0001, 0x1EB2, 0x0003, 0x0004, 0x1EB4, 0x1EAA, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F, 0x0010,
    0x0011, 0x0012, 0x0013, 0x1EF6, 0x0015, 0x0016, 0x0017, 0x0018, 0x1EF8, 0x001A, 0x001B, 0x001C, 0x001D, 0x1EF4, 0x001F, 0x0020, 0x0021,
    0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F, 0x0030, 0x0031, 0x0032,
    0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F, 0x0040, 0x0041, 0x0042, 0x0043,
    0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F, 0x0050, 0x0051, 0x0052, 0x0053, 0x0054,
    0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F, 0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065,
    0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F, 0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076,
    0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F, 0x1EA0, 0x1EAE, 0x1EB0, 0x1EB6, 0x1EA4, 0x1EA6, 0x1EA8, 0x1EAC,
    0x1EBC, 0x1EB8, 0x1EBE, 0x1EC0, 0x1EC2, 0x1EC4, 0x1EC6, 0x1ED0, 0x1ED2, 0x1ED4, 0x1ED6, 0x1ED8, 0x1EE2, 0x1EDA, 0x1EDC, 0x1EDE, 0x1ECA,
    0x1ECE, 0x1ECC, 0x1EC8, 0x1EE6, 0x0168, 0x1EE4, 0x1EF2, 0x00D5, 0x1EAF, 0x1EB1, 0x1EB7, 0x1EA5, 0x1EA7, 0x1EA9, 0x1EAD, 0x1EBD, 0x1EB9,
    0x1EBF, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EC7, 0x1ED1, 0x1ED3, 0x1ED5, 0x1ED7, 0x1EE0, 0x01A0, 0x1ED9, 0x1EDD, 0x1EDF, 0x1ECB, 0x1EF0, 0x1EE8,
    0x1EEA, 0x1EEC, 0x01A1, 0x1EDB, 0x01AF, 0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x1EA2, 0x0102, 0x1EB3, 0x1EB5, 0x00C8, 0x00C9, 0x00CA, 0x1EBA,
    0x00CC, 0x00CD, 0x0128, 0x1EF3, 0x0110, 0x1EE9, 0x00D2, 0x00D3, 0x00D4, 0x1EA1, 0x1EF7, 0x1EEB, 0x1EED, 0x00D9, 0x00DA, 0x1EF9, 0x1EF5,
    0x00DD, 0x1EE1, 0x01B0, 0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x1EA3, 0x0103, 0x1EEF, 0x1EAB, 0x00E8, 0x00E9, 0x00EA, 0x1EBB, 0x00EC, 0x00ED,
    0x0129, 0x1EC9, 0x0111, 0x1EF1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x1ECF, 0x1ECD, 0x1EE5, 0x00F9, 0x00FA, 0x0169, 0x1EE7, 0x00FD, 0x1EE3,
    0x1EEE,
];
/// TCVN5712-1 byte → Unicode, as glibc iconv reads it.
const TCVN5712: [u16; 256] = [
    0x0000, 0x00DA, 0x1EE4, 0x0003, 0x1EEA, 0x1EEC, 0x1EEE, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F, 0x0010,
    0x1EE8, 0x1EF0, 0x1EF2, 0x1EF6, 0x1EF8, 0x00DD, 0x1EF4, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F, 0x0020, 0x0021,
    0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F, 0x0030, 0x0031, 0x0032,
    0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F, 0x0040, 0x0041, 0x0042, 0x0043,
    0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F, 0x0050, 0x0051, 0x0052, 0x0053, 0x0054,
    0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F, 0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065,
    0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F, 0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076,
    0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F, 0x00C0, 0x1EA2, 0x00C3, 0x00C1, 0x1EA0, 0x1EB6, 0x1EAC, 0x00C8,
    0x1EBA, 0x1EBC, 0x00C9, 0x1EB8, 0x1EC6, 0x00CC, 0x1EC8, 0x0128, 0x00CD, 0x1ECA, 0x00D2, 0x1ECE, 0x00D5, 0x00D3, 0x1ECC, 0x1ED8, 0x1EDC,
    0x1EDE, 0x1EE0, 0x1EDA, 0x1EE2, 0x00D9, 0x1EE6, 0x0168, 0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110, 0x0103, 0x00E2,
    0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0, 0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3, 0x00E1, 0x1EA1, 0x1EB2,
    0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4, 0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7, 0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD,
    0x00E8, 0x1EC2, 0x1EBB, 0x1EBD, 0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC, 0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129,
    0x00ED, 0x1ECB, 0x00F2, 0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7, 0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB,
    0x1EE3, 0x00F9, 0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF, 0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5,
    0x1ED0,
];

/// How much a text reads as Vietnamese: each word holding a non-ASCII
/// letter counts +1 when it is a well-formed syllable (initial consonant,
/// vowel nucleus, final, at most one tone mark) and −2 when not; characters
/// no Vietnamese text holds (Latin-1 symbols, C1 controls, replacement
/// characters, letters of other alphabets) count −2 each. ASCII words are
/// the same under every candidate and count nothing.
pub fn vietnamese_score(s: &str) -> i64 {
    let mut score = 0i64;
    let mut word = String::new();
    let flush = |word: &mut String| {
        let s = if word.is_ascii() {
            0
        } else if crate::vn::is_syllable(word) {
            1
        } else {
            -2
        };
        word.clear();
        s
    };
    for c in s.chars() {
        if c.is_alphabetic() {
            word.push(c);
            continue;
        }
        score += flush(&mut word);
        let u = c as u32;
        let foreign = (0x80..=0x9F).contains(&u)
            || c == '\u{fffd}'
            || ((0xA0..=0xBF).contains(&u) && !matches!(c, '\u{a0}' | '°' | '§' | '«' | '»' | '·'))
            || matches!(c, '×' | '÷')
            || (0x300..=0x36F).contains(&u);
        if foreign {
            score -= 2;
        }
    }
    score += flush(&mut word);
    score
}

/// Decodes bytes that are not all UTF-8: the best-scoring 8-bit candidate
/// over the lines that are not UTF-8, and UTF-8 kept for the lines that are
/// (when they read better so), for files edited in two editors.
fn decode_eight_bit(body: &[u8]) -> (String, Option<&'static str>) {
    let lines: Vec<&[u8]> = body.split_inclusive(|&b| b == b'\n').collect();
    let utf8_line = |l: &[u8]| !l.is_ascii() && std::str::from_utf8(l).is_ok();
    let legacy: Vec<u8> = lines.iter().filter(|l| !utf8_line(l)).flat_map(|l| l.iter().copied()).collect();
    let best = CANDIDATES
        .iter()
        .map(|&c| (c, vietnamese_score(&c.decode(&legacy))))
        .fold(None::<(EightBit, i64)>, |acc, (c, sc)| match acc {
            Some((_, best)) if best >= sc => acc,
            _ => Some((c, sc)),
        })
        .map(|(c, _)| c)
        .unwrap_or(EightBit::Cp1258);
    let mut mixed = false;
    let mut out = String::with_capacity(body.len() + body.len() / 4);
    for l in &lines {
        match std::str::from_utf8(l) {
            Ok(u) if !l.is_ascii() && vietnamese_score(u) >= vietnamese_score(&best.decode(l)) => {
                mixed = true;
                out.push_str(&super::nfc(u));
            }
            _ => out.push_str(&best.decode(l)),
        }
    }
    (out, Some(if mixed { best.mixed_name() } else { best.name() }))
}

/// UTF-16 without a byte-order mark, told by its NUL bytes: text with ASCII
/// spaces, digits and punctuation has a NUL in most high bytes and none in
/// the low ones. `Some(true)` for little-endian, `Some(false)` for big-endian.
fn utf16_without_bom(b: &[u8]) -> Option<bool> {
    if b.len() < 8 || !b.len().is_multiple_of(2) {
        return None;
    }
    let pairs = b.len() / 2;
    let even = b.iter().step_by(2).filter(|&&x| x == 0).count();
    let odd = b.iter().skip(1).step_by(2).filter(|&&x| x == 0).count();
    if odd * 10 >= pairs * 3 && even * 50 <= pairs {
        Some(true)
    } else if even * 10 >= pairs * 3 && odd * 50 <= pairs {
        Some(false)
    } else {
        None
    }
}

fn is_bad_control(b: u32) -> bool {
    b < 0x20 && !matches!(b, 0x09 | 0x0A | 0x0C | 0x0D | 0x1A) || b == 0x7F
}

fn check_bytes(b: &[u8]) -> Result<(), String> {
    if b.contains(&0) {
        return Err(BINARY.into());
    }
    let ctrl = b.iter().filter(|c| is_bad_control(**c as u32)).count();
    if ctrl > 0 && ctrl * 50 > b.len() {
        return Err(BINARY.into());
    }
    Ok(())
}

fn check_chars(s: &str) -> Result<(), String> {
    let n = s.chars().count();
    let ctrl = s.chars().filter(|c| *c == '\0' || is_bad_control(*c as u32)).count();
    if s.contains('\0') || (ctrl > 0 && ctrl * 50 > n) {
        return Err(BINARY.into());
    }
    Ok(())
}

/// Converts TCVN3 text whose characters are the legacy byte values (as
/// Latin-1/cp1252 code points) to Unicode NFC. VN3 has no upper-case toned
/// letters: a heading set in an upper-case font (.VnTimeH) carries lower-case
/// codes, so capital words are upper-cased whole ("QUYÕT §ÞNH" → "QUYẾT ĐỊNH").
pub fn tcvn3_to_unicode(s: &str) -> String {
    super::nfc(&legacy::capital_words(&legacy::text_to_unicode(Legacy::Tcvn3, s)))
}

/// Converts VNI text whose characters are the legacy byte values (as
/// Latin-1/cp1252 code points) to Unicode NFC: "Quyeát ñònh" → "Quyết định".
pub fn vni_to_unicode(s: &str) -> String {
    legacy::text_to_unicode(Legacy::Vni, s)
}

/// Unicode → TCVN3 string (legacy byte values as Latin-1 chars); for tests
/// and for a caller that must write such a font. Characters TCVN3 lacks
/// (upper-case toned letters) are lower-cased first; others pass through.
pub fn unicode_to_tcvn3(s: &str) -> String {
    let mut rev = std::collections::HashMap::new();
    // every TCVN3 letter's code (ý at 0xFD is the one it shares with Latin-1)
    for b in 0xA1u8..=0xFE {
        if let Some(c) = legacy::tcvn3_char(b).or((b == 0xFD).then_some('ý')) {
            rev.insert(c, b as char);
        }
    }
    s.nfc()
        .map(|c| {
            if let Some(x) = rev.get(&c) {
                *x
            } else {
                let lc = c.to_lowercase().next().unwrap_or(c);
                rev.get(&lc).copied().unwrap_or(c)
            }
        })
        .collect()
}

/// Unicode → VNI string (legacy byte values as Latin-1 chars); the inverse of
/// [`vni_to_unicode`], for tests.
#[cfg(test)]
pub fn unicode_to_vni(s: &str) -> String {
    let mut out = String::new();
    for c in s.nfc() {
        let d: Vec<char> = c.nfd().collect();
        let Some((&base, marks)) = d.split_first() else { continue };
        let upper = base.is_uppercase();
        let has = |m: char| marks.contains(&m);
        let tone = marks.iter().copied().find(|m| matches!(*m, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'));
        let case = |ch: char| if upper { ch.to_uppercase().next().unwrap_or(ch) } else { ch };
        if c == 'đ' || c == 'Đ' {
            out.push(case('ñ'));
            continue;
        }
        if marks.is_empty() {
            out.push(c);
            continue;
        }
        let lb = base.to_ascii_lowercase();
        // Letters that stand alone.
        if lb == 'i' && tone.is_some() {
            out.push(case(match tone {
                Some('\u{301}') => 'í',
                Some('\u{300}') => 'ì',
                Some('\u{309}') => 'æ',
                Some('\u{303}') => 'ó',
                _ => 'ò',
            }));
            continue;
        }
        if lb == 'y' && tone == Some('\u{323}') {
            out.push(case('î'));
            continue;
        }
        if has('\u{31B}') {
            out.push(case(if lb == 'o' { 'ô' } else { 'ö' }));
        } else {
            out.push(base);
        }
        let m = if has('\u{302}') {
            Some(match tone {
                None => 'â',
                Some('\u{301}') => 'á',
                Some('\u{300}') => 'à',
                Some('\u{309}') => 'å',
                Some('\u{303}') => 'ã',
                _ => 'ä',
            })
        } else if has('\u{306}') {
            Some(match tone {
                None => 'ê',
                Some('\u{301}') => 'é',
                Some('\u{300}') => 'è',
                Some('\u{309}') => 'ú',
                Some('\u{303}') => 'ü',
                _ => 'ë',
            })
        } else {
            tone.map(|t| match t {
                '\u{301}' => 'ù',
                '\u{300}' => 'ø',
                '\u{309}' => 'û',
                '\u{303}' => 'õ',
                _ => 'ï',
            })
        };
        if let Some(m) = m {
            out.push(case(m));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Prose lines of both fixtures (no tables), NFC, markup removed.
    fn fixture_sentences() -> Vec<String> {
        let mut out = Vec::new();
        for name in ["cao_bang_2015.txt", "dong_nai_2020.txt"] {
            let t = crate::normalize::test_fixture(name);
            out.extend(
                t.lines()
                    .filter(|l| !l.contains('\t') && l.chars().count() > 20)
                    .map(|l| crate::normalize::nfc(&crate::normalize::strip_markup(l))),
            );
        }
        out
    }

    fn latin1_bytes(s: &str) -> Vec<u8> {
        s.chars().map(|c| if (c as u32) < 256 { c as u32 as u8 } else { b'?' }).collect()
    }

    /// Windows-1258 bytes the way Vietnamese Windows writes them: a
    /// precomposed letter where the code page has one, else the letter
    /// without its tone followed by the combining tone.
    fn to_cp1258(s: &str) -> Vec<u8> {
        let mut out = Vec::new();
        for c in s.chars() {
            let one = c.to_string();
            let (b, _, bad) = encoding_rs::WINDOWS_1258.encode(&one);
            if !bad {
                out.extend_from_slice(&b);
                continue;
            }
            let d: Vec<char> = c.nfd().collect();
            let tone: Vec<char> =
                d.iter().copied().filter(|m| matches!(*m, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')).collect();
            let rest: String = d.iter().copied().filter(|m| !tone.contains(m)).collect::<String>().nfc().collect();
            let t: String = tone.iter().collect();
            let (b1, _, _) = encoding_rs::WINDOWS_1258.encode(&rest);
            let (b2, _, _) = encoding_rs::WINDOWS_1258.encode(&t);
            out.extend_from_slice(&b1);
            out.extend_from_slice(&b2);
        }
        out
    }

    #[test]
    fn known_tcvn3_words() {
        assert_eq!(tcvn3_to_unicode("Ninh B×nh"), "Ninh Bình");
        assert_eq!(tcvn3_to_unicode("B¶o Th¾ng"), "Bảo Thắng");
        assert_eq!(tcvn3_to_unicode("M\u{AD}êng Kh\u{AD}\u{AC}ng"), "Mường Khương");
        assert_eq!(tcvn3_to_unicode("Uû ban nh©n d©n tØnh Cao B»ng"), "Uỷ ban nhân dân tỉnh Cao Bằng");
        assert_eq!(tcvn3_to_unicode("QUYÕT §ÞNH"), "QUYẾT ĐỊNH");
        // one capital: a capital word only beside a heading's capital word
        assert_eq!(tcvn3_to_unicode("VÒ Kú HäP"), "VỀ KỲ HỌP");
        assert_eq!(tcvn3_to_unicode("Kú häp thø 10"), "Kỳ họp thứ 10");
        assert_eq!(tcvn3_to_unicode("Së KH§T tØnh"), "Sở KHĐT tỉnh");
        assert_eq!(tcvn3_to_unicode("Sè: 270/Q§-UBND"), "Số: 270/QĐ-UBND");
    }

    #[test]
    fn known_vni_words() {
        assert_eq!(vni_to_unicode("Quyeát ñònh"), "Quyết định");
        assert_eq!(vni_to_unicode("Uûy ban nhaân daân tænh Cao Baèng"), "Ủy ban nhân dân tỉnh Cao Bằng");
        assert_eq!(vni_to_unicode("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"), "Cộng hòa xã hội chủ nghĩa Việt Nam");
        assert_eq!(vni_to_unicode("Sôû Coâng Thöông"), "Sở Công Thương");
        assert_eq!(vni_to_unicode("QUYEÁT ÑÒNH"), "QUYẾT ĐỊNH");
        assert_eq!(vni_to_unicode("Phoù Chuû tòch"), "Phó Chủ tịch");
    }

    #[test]
    fn tcvn3_round_trip_on_fixture_sentences() {
        let sentences = fixture_sentences();
        assert!(sentences.len() > 100);
        let mut detected = 0;
        for s in &sentences {
            let enc = unicode_to_tcvn3(s);
            let back = tcvn3_to_unicode(&enc);
            // TCVN3 has no upper-case toned letters: compare case-folded.
            assert_eq!(back.to_lowercase(), s.to_lowercase(), "{enc}");
            detected += usize::from(detect_legacy(&enc) == Some(Legacy::Tcvn3));
            assert_eq!(detect_legacy(s), None, "{s}");
        }
        // Nearly every single sentence is recognised on its own …
        assert!(detected * 100 >= sentences.len() * 97, "{detected}/{}", sentences.len());
        // … and a whole document always.
        let all = sentences.join("\n");
        assert_eq!(detect_legacy(&unicode_to_tcvn3(&all)), Some(Legacy::Tcvn3));
        assert_eq!(detect_legacy(&all), None);
    }

    #[test]
    fn vni_round_trip_on_fixture_sentences() {
        let sentences = fixture_sentences();
        let mut detected = 0;
        for s in &sentences {
            let enc = unicode_to_vni(s);
            assert_eq!(&vni_to_unicode(&enc), s, "{enc}");
            detected += usize::from(detect_legacy(&enc) == Some(Legacy::Vni));
        }
        assert!(detected * 100 >= sentences.len() * 97, "{detected}/{}", sentences.len());
        let all = sentences.join("\n");
        assert_eq!(detect_legacy(&unicode_to_vni(&all)), Some(Legacy::Vni));
    }

    #[test]
    fn decode_all_encodings() {
        let text = "Cao Bằng, ngày 26 tháng 02 năm 2015\nQUYẾT ĐỊNH\nPhê duyệt Kế hoạch khuyến công tỉnh Cao Bằng giai đoạn 2016 - 2020\n";
        assert_eq!(decode_text(text.as_bytes()), Ok((text.to_string(), None)));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode_text(&bom), Ok((text.to_string(), None)));
        let nfd: String = text.nfd().collect();
        assert_eq!(decode_text(nfd.as_bytes()), Ok((text.to_string(), None)));

        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode_text(&le), Ok((text.to_string(), Some("utf-16le"))));
        assert_eq!(decode_text(&be), Ok((text.to_string(), Some("utf-16be"))));

        let cp = to_cp1258(text);
        assert_eq!(decode_text(&cp), Ok((text.to_string(), Some("windows-1258"))));

        let vni = latin1_bytes(&unicode_to_vni(text));
        assert_eq!(decode_text(&vni), Ok((text.to_string(), Some("vni"))));

        let tc = latin1_bytes(&unicode_to_tcvn3(text));
        let (got, enc) = decode_text(&tc).unwrap_or_default();
        assert_eq!(enc, Some("tcvn3"));
        assert_eq!(got.to_lowercase(), text.to_lowercase());
        assert!(got.contains("QUYẾT ĐỊNH"));
    }

    #[test]
    fn mostly_utf8_stays_utf8() {
        let text = "Cao Bằng, ngày 26 tháng 02 năm 2015 – Quyết định phê duyệt kế hoạch";
        let mut b = text.as_bytes().to_vec();
        b.push(0x96); // a stray cp1252 dash
        b.extend_from_slice(" khuyến công".as_bytes());
        let (got, enc) = decode_text(&b).unwrap_or_default();
        assert_eq!(enc, Some("utf-8-lossy"));
        assert_eq!(got, format!("{text}\u{FFFD} khuyến công"));
    }

    #[test]
    fn mojibake_in_utf8_is_converted() {
        let s = "Uû ban nh©n d©n tØnh Cao B»ng";
        let (got, enc) = decode_text(s.as_bytes()).unwrap_or_default();
        assert_eq!(enc, Some("tcvn3"));
        assert_eq!(got, "Uỷ ban nhân dân tỉnh Cao Bằng");
    }

    #[test]
    fn each_eight_bit_candidate_wins_on_its_own_text() {
        let text = "Kế hoạch khuyến công tỉnh Hà Giang năm 2021: đào tạo nghề cho người lao động ở nông thôn";
        let tcvn3: Vec<u8> = unicode_to_tcvn3(text).chars().map(|c| c as u32 as u8).collect();
        let vni: Vec<u8> = unicode_to_vni(text).chars().map(|c| c as u32 as u8).collect();
        let viscii: Vec<u8> =
            text.chars().map(|c| VISCII.iter().position(|&u| u as u32 == c as u32).map(|b| b as u8).unwrap_or(b'?')).collect();
        for (bytes, want) in [(tcvn3, "tcvn3"), (vni, "vni"), (viscii, "viscii")] {
            let (s, enc) = decode_eight_bit(&bytes);
            assert_eq!(enc, Some(want));
            assert_eq!(s, text, "{want}");
        }
    }

    #[test]
    fn viscii_capitals_written_as_small_letters_come_back_in_capital_words() {
        // UniKey writes ẳ for Ẳ, ỹ for Ỹ …: VISCII has those capitals only at control codes
        let small_capitals = |c: char| match c {
            'Ẳ' => 'ẳ',
            'Ỹ' => 'ỹ',
            c => c,
        };
        let text = "KẾ HOẠCH QUỸ TẲNG quỹ tỉnh Hà Giang năm 2021: đào tạo nghề cho người lao động";
        let bytes: Vec<u8> = text
            .chars()
            .map(|c| VISCII.iter().position(|&u| u as u32 == small_capitals(c) as u32).map(|b| b as u8).unwrap_or(b'?'))
            .collect();
        let (s, enc) = decode_eight_bit(&bytes);
        assert_eq!(enc, Some("viscii"));
        assert_eq!(s, text);
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let text = "Kế hoạch 2021, số 15";
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode_text(&le).unwrap(), (text.to_string(), Some("utf-16le")));
        assert_eq!(decode_text(&be).unwrap(), (text.to_string(), Some("utf-16be")));
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(decode_text(b"%PDF\x00\x01\x02binary"), Err(BINARY.to_string()));
        let junk: Vec<u8> = (0..400u32).map(|i| ((i * 37 + 11) % 32) as u8 + 1).collect();
        assert_eq!(decode_text(&junk), Err(BINARY.to_string()));
        assert!(decode_text(b"plain text with one \x1b escape in a long enough line of text here ok").is_ok());
        assert_eq!(decode_text(b""), Ok((String::new(), None)));
    }

    #[test]
    fn western_text_is_not_legacy() {
        for s in ["Café crème brûlée à la française", "© 2020 Société Générale", "Straße § 5 Abs. 2", "Ein Maß für Süßes"]
        {
            assert_eq!(detect_legacy(s), None, "{s}");
        }
    }
}
