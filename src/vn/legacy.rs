//! Legacy Vietnamese font encodings (TCVN3 / ABC ".VnTime", VNI "VNI-Times")
//! in PDF text layers: detection by font name and by content, and the
//! byte → Unicode conversion.
//!
//! Old Word documents printed to PDF keep the legacy font's one-byte codes and
//! usually no usable ToUnicode map, so the text layer reads as "Céng hoµ x· héi".
//! TODO(normalize merge): once `crate::normalize::encoding::{tcvn3_to_unicode,
//! vni_to_unicode, detect_legacy}` lands, [`convert`] should call those and the
//! minimal tables below can go. Keep the call sites going through [`convert`].

use unicode_normalization::UnicodeNormalization;

/// Which legacy encoding a font's byte codes are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    /// TCVN 5712:1993 VN3 (ABC): one byte per precomposed lower-case letter.
    Tcvn3,
    /// VNI Windows: base letter followed by a mark byte.
    Vni,
}

impl Legacy {
    /// Name used in warnings.
    pub fn label(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3",
            Legacy::Vni => "VNI",
        }
    }
}

/// Legacy encoding implied by a font's BaseFont name (subset prefix ignored):
/// ".VnTime", ".VnArialH", "VnTime" → TCVN3; "VNI-Times", "VNI Helve" → VNI.
pub fn from_font_name(base_font: &str) -> Option<Legacy> {
    let name = match base_font.find('+') {
        Some(i) if i == 6 => &base_font[i + 1..],
        _ => base_font,
    };
    let lower = name.to_ascii_lowercase();
    if lower.starts_with(".vn")
        || lower.starts_with("vn") && !lower.starts_with("vni") && name.len() > 3 && name[2..].starts_with(|c: char| c.is_ascii_uppercase())
    {
        return Some(Legacy::Tcvn3);
    }
    if lower.starts_with("vni-") || lower.starts_with("vni ") || lower.starts_with("vni_") {
        return Some(Legacy::Vni);
    }
    None
}

/// True for the capitals-only variants of TCVN3 fonts (".VnTimeH", ".VnArialH,Bold"):
/// their lower-case codes print as capitals, so converted text must be upper-cased.
pub fn upper_variant(base_font: &str) -> bool {
    let name = match base_font.find('+') {
        Some(6) => &base_font[7..],
        _ => base_font,
    };
    if from_font_name(name) != Some(Legacy::Tcvn3) {
        return false;
    }
    let mut core = name.split([',', '-']).next().unwrap_or(name).trim_end();
    for suffix in ["BoldItalic", "Bold", "Italic", "Oblique", "Regular"] {
        core = core.strip_suffix(suffix).unwrap_or(core);
    }
    core.ends_with('H')
}

/// TCVN3 (TCVN 5712:1993 VN3) meaning of codes 0xA1..=0xFE, in code order; a
/// code that keeps its Latin-1 meaning is written as that Latin-1 character.
const TCVN3_A1: &str = "ĂÂÊÔƠƯĐăâêôơưđ¯°±²³´àảãáạºằẳẵắ¿ÀÁÂÃÄÅặầẩẫấậèÍẻẽéẹềểễếệìỉÙÚÛĩíịòàỏõóọồổỗốộờởỡớợùðủũúụừửữứựỳỷỹýỵ";

/// TCVN3 code → Unicode letter; `None` for codes that keep their Latin-1 meaning.
fn tcvn3_char(b: u8) -> Option<char> {
    let c = TCVN3_A1.chars().nth(b.checked_sub(0xA1)? as usize)?;
    if c == b as char {
        None
    } else {
        Some(c)
    }
}

/// Windows-1252 meaning of a byte (what a viewer shows for a legacy font's code).
pub fn cp1252_char(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•',
        '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    if (0x80..0xA0).contains(&b) {
        HIGH[(b - 0x80) as usize]
    } else {
        b as char
    }
}

/// Byte a Windows-1252 viewer would show as `c`; `None` outside the code page.
pub fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x80 || (0xA0..=0xFF).contains(&u) {
        return Some(u as u8);
    }
    (0x80u8..0xA0).find(|&b| cp1252_char(b) == c)
}

/// TCVN3 bytes → Unicode (NFC).
fn tcvn3_to_unicode(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| tcvn3_char(b).unwrap_or_else(|| cp1252_char(b))).collect::<String>().nfc().collect()
}

/// VNI mark byte → combining marks it adds to the preceding letter.
fn vni_marks(b: u8) -> Option<&'static str> {
    // lower-case mark bytes; the upper-case forms are the same byte minus 0x20
    let m = match b | 0x20 {
        0xF9 => "\u{301}",        // ù  sắc
        0xF8 => "\u{300}",        // ø  huyền
        0xFB => "\u{309}",        // û  hỏi
        0xF5 => "\u{303}",        // õ  ngã
        0xEF => "\u{323}",        // ï  nặng
        0xE2 => "\u{302}",        // â  mũ (â ê ô)
        0xE1 => "\u{302}\u{301}", // á  mũ + sắc
        0xE0 => "\u{302}\u{300}", // à  mũ + huyền
        0xE5 => "\u{302}\u{309}", // å  mũ + hỏi
        0xE3 => "\u{302}\u{303}", // ã  mũ + ngã
        0xE4 => "\u{302}\u{323}", // ä  mũ + nặng
        0xEA => "\u{306}",        // ê  trăng (ă)
        0xE9 => "\u{306}\u{301}", // é  trăng + sắc
        0xE8 => "\u{306}\u{300}", // è  trăng + huyền
        0xFA => "\u{306}\u{309}", // ú  trăng + hỏi
        0xFC => "\u{306}\u{303}", // ü  trăng + ngã
        0xEB => "\u{306}\u{323}", // ë  trăng + nặng
        _ => return None,
    };
    Some(m)
}

/// VNI bytes → Unicode (NFC). Mark bytes combine with the preceding vowel;
/// ô/ö are the letters ơ/ư, ñ/Ñ are đ/Đ, í ì æ ó ò the marked i's, î ỵ.
fn vni_to_unicode(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut prev_vowel = false;
    for &b in bytes {
        if prev_vowel {
            if let Some(m) = vni_marks(b) {
                out.push_str(m);
                prev_vowel = false;
                continue;
            }
        }
        let c = match b {
            0xF4 => 'ơ',
            0xD4 => 'Ơ',
            0xF6 => 'ư',
            0xD6 => 'Ư',
            0xF1 => 'đ',
            0xD1 => 'Đ',
            0xED => 'í',
            0xCD => 'Í',
            0xEC => 'ì',
            0xCC => 'Ì',
            0xE6 => 'ỉ',
            0xC6 => 'Ỉ',
            0xF3 => 'ĩ',
            0xD3 => 'Ĩ',
            0xF2 => 'ị',
            0xD2 => 'Ị',
            0xEE => 'ỵ',
            0xCE => 'Ỵ',
            _ => cp1252_char(b),
        };
        prev_vowel = matches!(c.to_lowercase().next().unwrap_or(c), 'a' | 'e' | 'o' | 'u' | 'y' | 'ơ' | 'ư');
        out.push(c);
    }
    out.nfc().collect()
}

/// Converts a legacy font's byte codes to Unicode NFC text. The single call site
/// for conversion (see the module TODO).
#[cfg(test)]
pub fn convert(enc: Legacy, bytes: &[u8]) -> String {
    match enc {
        Legacy::Tcvn3 => tcvn3_to_unicode(bytes),
        Legacy::Vni => vni_to_unicode(bytes),
    }
}

/// Converts one character code of a legacy font on its own (a glyph of the text
/// layer). VNI mark bytes become bare combining marks that NFC composes with the
/// preceding letter once the line's glyphs are joined.
pub fn convert_code(enc: Legacy, code: u8) -> String {
    match enc {
        Legacy::Tcvn3 => tcvn3_to_unicode(&[code]),
        Legacy::Vni => match vni_marks(code) {
            Some(m) => m.to_string(),
            None => vni_to_unicode(&[code]),
        },
    }
}

/// Guesses from the bytes of a font without a name hint (decoded as Windows-1252)
/// whether they are legacy Vietnamese: TCVN3 text is full of µ ¶ · ¸ ¹ ¨ © ª « ¬ ®
/// and similar symbols that no Unicode Vietnamese text uses; VNI text is Latin
/// letters followed by ù ø û õ ï and ä ë ö ü å marks.
pub fn detect(bytes: &[u8]) -> Option<Legacy> {
    let letters = bytes.iter().filter(|b| b.is_ascii_alphabetic() || **b >= 0xA0).count();
    if letters < 20 {
        return None;
    }
    // Latin-1 letters that are also ordinary Vietnamese letters in Unicode text
    const VIET_LATIN1: &[u8] =
        b"\xC0\xC1\xC2\xC3\xC8\xC9\xCA\xCC\xCD\xD2\xD3\xD4\xD5\xD9\xDA\xDD\xE0\xE1\xE2\xE3\xE8\xE9\xEA\xEC\xED\xF2\xF3\xF4\xF5\xF9\xFA\xFD";
    let tcvn_sig = bytes.iter().filter(|&&b| (0xA1..=0xFE).contains(&b) && !VIET_LATIN1.contains(&b) && tcvn3_char(b).is_some()).count();
    let mut vni_sig = 0usize;
    for w in bytes.windows(2) {
        let vowel = matches!(w[0] | 0x20, b'a' | b'e' | b'o' | b'u' | b'y');
        if vowel && vni_marks(w[1]).is_some() {
            vni_sig += 1;
        }
    }
    let tcvn_share = tcvn_sig as f32 / letters as f32;
    let vni_share = vni_sig as f32 / letters as f32;
    if tcvn_share >= 0.04 && tcvn_sig >= 3 && tcvn_share >= vni_share {
        Some(Legacy::Tcvn3)
    } else if vni_share >= 0.06 && vni_sig >= 3 {
        Some(Legacy::Vni)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cp1252_bytes(s: &str) -> Vec<u8> {
        s.chars().map(|c| c as u32 as u8).collect()
    }

    #[test]
    fn tcvn3_national_motto() {
        let raw = cp1252_bytes("Céng hoµ x· héi chñ nghÜa ViÖt Nam");
        assert_eq!(convert(Legacy::Tcvn3, &raw), "Cộng hoà xã hội chủ nghĩa Việt Nam");
        let raw = cp1252_bytes("§éc lËp - Tù do - H¹nh phóc");
        assert_eq!(convert(Legacy::Tcvn3, &raw), "Độc lập - Tự do - Hạnh phúc");
    }

    #[test]
    fn vni_letters() {
        let raw = cp1252_bytes("Vieät Nam ñoäc laäp, Ñaø Naüng, thöôøng, Ñoàng Nai");
        assert_eq!(convert(Legacy::Vni, &raw), "Việt Nam độc lập, Đà Nẵng, thường, Đồng Nai");
        // ỵ is a letter of its own, as UniKey's engine writes it
        assert_eq!(convert(Legacy::Vni, &cp1252_bytes("Tî lôïi, TÎ")), "Tỵ lợi, TỴ");
    }

    #[test]
    fn font_names() {
        assert_eq!(from_font_name(".VnTime"), Some(Legacy::Tcvn3));
        assert_eq!(from_font_name("ABCDEF+.VnTimeH"), Some(Legacy::Tcvn3));
        assert_eq!(from_font_name("VNI-Times"), Some(Legacy::Vni));
        assert_eq!(from_font_name("TimesNewRomanPSMT"), None);
        assert_eq!(from_font_name("AAAAAA+LiberationSerif"), None);
        assert!(upper_variant(".VnTimeH"));
        assert!(upper_variant("ABCDEF+.VnArialH,Bold"));
        assert!(!upper_variant(".VnTime"));
        assert!(!upper_variant("Helvetica"));
    }

    #[test]
    fn detects_by_content() {
        let t = cp1252_bytes("Céng hoµ x· héi chñ nghÜa ViÖt Nam §éc lËp - Tù do - H¹nh phóc");
        assert_eq!(detect(&t), Some(Legacy::Tcvn3));
        let latin1 = cp1252_bytes("Cà phê Sài Gòn và bánh mì, Hà Tây, Bà Rịa".replace('ị', "i").as_str());
        assert_eq!(detect(&latin1), None);
        assert_eq!(detect(b"The quick brown fox jumps over the lazy dog again"), None);
    }
}
