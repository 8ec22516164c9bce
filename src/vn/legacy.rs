//! Legacy Vietnamese font encodings (TCVN3 / ABC ".VnTime", VNI "VNI-Times"),
//! one table each for every stage that meets them: text files typed in those
//! fonts (read by `normalize::encoding`) and PDF text layers (old Word
//! documents printed to PDF keep the font's one-byte codes and usually no
//! usable ToUnicode map, so the text layer reads as "Céng hoµ x· héi").
//! Detection by font name and by content, and the conversion to Unicode.

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

    /// Name of the encoding a text file was converted from ("tcvn3", "vni").
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "tcvn3",
            Legacy::Vni => "vni",
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
pub(crate) fn tcvn3_char(b: u8) -> Option<char> {
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

/// VNI mark byte → combining marks it adds to the preceding letter.
pub(crate) fn vni_marks(b: u8) -> Option<&'static str> {
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

/// VNI letters that stand alone: ô/ö are ơ/ư, ñ/Ñ are đ/Đ, í ì æ ó ò the
/// marked i's, î ỵ.
fn vni_letter(b: u8) -> Option<char> {
    Some(match b {
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
        _ => return None,
    })
}

/// Converts text whose characters carry legacy codes as a Windows-1252
/// reading shows them ("Céng hoµ", "Quyeát ñònh") to Unicode NFC; other
/// characters pass through. In VNI an accent code counts as an accent only
/// right after a vowel. TCVN3 capitals need [`capital_words`] as well.
pub fn text_to_unicode(enc: Legacy, s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    match enc {
        Legacy::Tcvn3 => out.extend(s.chars().map(|c| cp1252_byte(c).and_then(tcvn3_char).unwrap_or(c))),
        Legacy::Vni => {
            let mut prev_vowel = false;
            for c in s.chars() {
                let b = cp1252_byte(c);
                if prev_vowel {
                    if let Some(m) = b.and_then(vni_marks) {
                        out.push_str(m);
                        // a second accent code (tone after circumflex) is not VNI
                        prev_vowel = false;
                        continue;
                    }
                }
                if let Some(l) = b.and_then(vni_letter) {
                    out.push(l);
                    prev_vowel = matches!(l, 'ơ' | 'Ơ' | 'ư' | 'Ư');
                    continue;
                }
                out.push(c);
                prev_vowel = matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
            }
        }
    }
    out.nfc().collect()
}

/// Converts a legacy font's byte codes to Unicode NFC text.
pub fn convert(enc: Legacy, bytes: &[u8]) -> String {
    text_to_unicode(enc, &bytes.iter().map(|&b| cp1252_char(b)).collect::<String>())
}

/// Upper-cases words whose ASCII letters are all capitals: two or more of
/// them ("QUỸ"), or one ("KỲ") when a word beside it on the line is a
/// capital word that held such a small toned letter too ("KỲ HỌP"): a
/// heading in capitals. "Kỳ họp" and "Sở KHĐT" stay as they are. TCVN3 has
/// no toned capitals (a capitals font draws them from small-letter codes),
/// and VISCII as UniKey writes it lacks six.
pub fn capital_words(s: &str) -> String {
    // words (runs of letters) and what lies between them
    let mut parts: Vec<(bool, String)> = Vec::new();
    for c in s.chars() {
        let letter = c.is_alphabetic();
        match parts.last_mut() {
            Some((w, text)) if *w == letter => text.push(c),
            _ => parts.push((letter, c.to_string())),
        }
    }
    let capitals = |w: &str| -> usize {
        if w.chars().any(|c| c.is_ascii_lowercase()) {
            0
        } else {
            w.chars().filter(|c| c.is_ascii_uppercase()).count()
        }
    };
    let caps: Vec<usize> = parts.iter().map(|(w, t)| if *w { capitals(t) } else { 0 }).collect();
    // capital words that held a small letter: what a capitals font leaves
    let mut heading: Vec<bool> =
        parts.iter().zip(&caps).map(|((_, t), &n)| n >= 2 && t.chars().any(|c| !c.is_ascii() && c.is_lowercase())).collect();
    // the word before and after part i, skipping one separator (not a line end)
    let beside = |heading: &[bool], i: usize, step: isize| -> bool {
        let sep = i as isize + step;
        let word = i as isize + 2 * step;
        if sep < 0 || word < 0 || word as usize >= parts.len() || parts[sep as usize].1.contains('\n') {
            return false;
        }
        heading[word as usize]
    };
    let mut upper: Vec<bool> = caps.iter().map(|&n| n >= 2).collect();
    // "VỀ KỲ HỌP": a word made a capital one counts for the word beside it
    loop {
        let more: Vec<usize> =
            (0..parts.len()).filter(|&i| !upper[i] && caps[i] == 1 && (beside(&heading, i, -1) || beside(&heading, i, 1))).collect();
        if more.is_empty() {
            break;
        }
        for i in more {
            upper[i] = true;
            heading[i] = true;
        }
    }
    let mut out = String::with_capacity(s.len());
    for (i, (_, text)) in parts.iter().enumerate() {
        if upper[i] {
            out.extend(text.chars().flat_map(|c| c.to_uppercase()));
        } else {
            out.push_str(text);
        }
    }
    out
}

/// Converts one character code of a legacy font on its own (a glyph of the text
/// layer). VNI mark bytes become bare combining marks that NFC composes with the
/// preceding letter once the line's glyphs are joined.
pub fn convert_code(enc: Legacy, code: u8) -> String {
    match (enc, vni_marks(code)) {
        (Legacy::Vni, Some(m)) => m.to_string(),
        _ => convert(enc, &[code]),
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

/// Vietnamese letters of Unicode (those no Western encoding has).
fn is_vietnamese_letter(c: char) -> bool {
    matches!(c as u32, 0x102 | 0x103 | 0x110 | 0x111 | 0x128 | 0x129 | 0x168 | 0x169 | 0x1A0 | 0x1A1 | 0x1AF | 0x1B0 | 0x1EA0..=0x1EF9)
}

/// True for a vowel + VNI accent byte pair that no Vietnamese (or usual
/// Western) word spells: "aâ", "eá", "oâ", "uï", "ôù"… while "hoà", "hoá",
/// "quân", "tiên", "khoẻ", "thuý" are left out.
fn vni_pair(prev: char, mark: char) -> bool {
    let m = mark.to_lowercase().next().unwrap_or(mark);
    let strong = matches!(m, 'ù' | 'ø' | 'û' | 'õ' | 'ï' | 'ë' | 'ü' | 'å' | 'ä' | 'ú');
    match prev.to_lowercase().next().unwrap_or(prev) {
        'a' | 'e' | 'ô' | 'ö' => true,
        'o' => !matches!(m, 'à' | 'á' | 'ã' | 'è' | 'é'),
        'u' | 'i' | 'y' => strong,
        _ => false,
    }
}

/// Says whether a text file's decoded string looks like TCVN3 or VNI mojibake, by the
/// characters each leaves: TCVN3 puts letters on Latin-1 symbols inside words
/// ("Th¸ng", "§Þnh", "Nh©n"); VNI puts accent letters after vowels that no
/// Vietnamese or Western word has ("thaùng", "Vieät", "ñoàng"). A string
/// with more real Vietnamese letters than such marks is left alone.
pub fn detect_text(s: &str) -> Option<Legacy> {
    let chars: Vec<char> = s.chars().collect();
    let mut tcvn = 0usize;
    let mut vni = 0usize;
    let mut viet = 0usize;
    for (i, &c) in chars.iter().enumerate() {
        if is_vietnamese_letter(c) {
            viet += 1;
            continue;
        }
        let prev = if i > 0 { chars.get(i - 1).copied() } else { None };
        let next = chars.get(i + 1).copied();
        let letter_near = prev.is_some_and(|p| p.is_alphabetic()) || next.is_some_and(|n| n.is_alphabetic());
        let code = c as u32;
        // TCVN3 codes that neither VNI nor Vietnamese Windows-1258 text uses.
        let tcvn_only =
            ((0xA1..=0xBE).contains(&code) && u8::try_from(code).ok().and_then(tcvn3_char).is_some()) || matches!(c, '×' | '÷' | 'þ');
        // VN3 letters that show as an upper-case Latin-1 letter inside a
        // lower-case word ("tiÕt", "BiÓu", "tØnh"), or a lower-case one inside
        // an upper-case word set in .VnTimeH ("NéI", "THùC"). Ì Ò Þ are left
        // out: Windows-1258 writes its combining tones with those bytes.
        let inside_lower =
            (0xC0..=0xDE).contains(&code) && !matches!(c, 'Ì' | 'Ò' | 'Þ' | '×') && prev.is_some_and(|p| p.is_ascii_lowercase());
        let inside_upper =
            (0xDF..=0xFE).contains(&code) && prev.is_some_and(|p| p.is_ascii_uppercase()) && next.is_some_and(|n| n.is_ascii_uppercase());
        if (tcvn_only && letter_near) || inside_lower || inside_upper {
            tcvn += 1;
        }
        if matches!(c, 'ö' | 'Ö' | 'ñ' | 'Ñ' | 'æ' | 'Æ') && letter_near {
            vni += 1;
        } else if let Some(p) = prev {
            if cp1252_byte(c).and_then(vni_marks).is_some() && vni_pair(p, c) {
                vni += 1;
            }
        }
    }
    let words = s.split_whitespace().count();
    let need = if words <= 8 { 1 } else { 2 };
    if tcvn >= need && tcvn > viet && tcvn * 2 >= vni {
        return Some(Legacy::Tcvn3);
    }
    if vni >= need && vni > viet && tcvn * 4 <= vni {
        return Some(Legacy::Vni);
    }
    None
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
