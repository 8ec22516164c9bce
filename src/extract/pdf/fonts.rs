//! PDF fonts as far as text extraction needs them: splitting a string into
//! character codes, code → Unicode (ToUnicode CMap, encodings, glyph names,
//! legacy Vietnamese encodings) and code → advance width.

use super::stream::{stream_bytes, Limits};
use crate::error::DocError;
use crate::vn::legacy::{self, Legacy};
use lopdf::{Dictionary, Document, Object};
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// One font of a page's resources, resolved once per page.
#[derive(Debug, Clone)]
pub struct Font {
    /// BaseFont without the subset prefix.
    pub name: String,
    /// Code space ranges (byte length, low, high); empty = one byte per code.
    codespace: Vec<(usize, u32, u32)>,
    /// Type0 fonts: code → CID when the Encoding CMap is not Identity.
    cid_map: Option<HashMap<u32, u32>>,
    /// ToUnicode CMap.
    to_unicode: HashMap<u32, String>,
    /// Simple fonts: code → Unicode from /Encoding (base + Differences).
    encoding: Vec<Option<String>>,
    /// True when /Encoding gave a table (vs. guessing from the code).
    has_encoding: bool,
    /// Widths in text space units per 1000 (already multiplied for Type3).
    widths: HashMap<u32, f32>,
    default_width: f32,
    /// Legacy Vietnamese encoding implied by the font name.
    pub legacy: Option<Legacy>,
    /// Capitals-only legacy font (".VnTimeH"): converted text is upper-cased.
    legacy_upper: bool,
    /// Type0 (multi-byte codes): word spacing never applies.
    pub composite: bool,
}

/// One decoded character code of a shown string.
#[derive(Debug, Clone)]
pub struct CodeChar {
    /// The raw code.
    pub code: u32,
    /// Number of bytes of the code.
    pub len: usize,
    /// Unicode text (NFC), `None` when the font gives no mapping.
    pub text: Option<String>,
    /// Advance width in thousandths of text space.
    pub width: f32,
}

impl Font {
    /// A stand-in when a Tf names a font that is missing: one byte per code,
    /// Latin-1 meaning, width 500.
    pub fn fallback() -> Font {
        Font {
            name: String::new(),
            codespace: Vec::new(),
            cid_map: None,
            to_unicode: HashMap::new(),
            encoding: Vec::new(),
            has_encoding: false,
            widths: HashMap::new(),
            default_width: 500.0,
            legacy: None,
            legacy_upper: false,
            composite: false,
        }
    }

    /// Reads a font dictionary.
    pub fn load(doc: &Document, dict: &Dictionary, limits: &Limits) -> Result<Font, DocError> {
        let subtype = name_of(doc, dict.get(b"Subtype").ok()).unwrap_or_default();
        let base = name_of(doc, dict.get(b"BaseFont").ok()).unwrap_or_default();
        let name = match base.find('+') {
            Some(6) => base[7..].to_string(),
            _ => base.clone(),
        };
        let mut font = Font::fallback();
        font.name = name;
        font.legacy = legacy::from_font_name(&base);
        font.legacy_upper = legacy::upper_variant(&base);
        if let Some(tu) = deref(doc, dict.get(b"ToUnicode").ok()).and_then(|o| o.as_stream().ok()) {
            let bytes = stream_bytes(tu, limits)?;
            let cmap = parse_cmap(&bytes);
            font.to_unicode = cmap.bf;
        }
        if subtype == "Type0" {
            // legacy encodings are one-byte; a CID font's codes are glyph ids
            font.legacy = None;
            font.legacy_upper = false;
            font.composite = true;
            font.default_width = 1000.0;
            font.codespace = vec![(2, 0, 0xFFFF)];
            match deref(doc, dict.get(b"Encoding").ok()) {
                // named CMaps: Identity-H/V; predefined CJK CMaps are treated as 2-byte identity too
                Some(Object::Name(_)) => {}
                Some(Object::Stream(s)) => {
                    let bytes = stream_bytes(s, limits)?;
                    let cmap = parse_cmap(&bytes);
                    if !cmap.codespace.is_empty() {
                        font.codespace = cmap.codespace;
                    }
                    if !cmap.cid.is_empty() {
                        font.cid_map = Some(cmap.cid);
                    }
                }
                _ => {}
            }
            let desc = deref(doc, dict.get(b"DescendantFonts").ok())
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(|o| deref(doc, Some(o)))
                .and_then(|o| o.as_dict().ok());
            if let Some(desc) = desc {
                if let Some(dw) = deref(doc, desc.get(b"DW").ok()).and_then(num) {
                    font.default_width = dw;
                }
                if let Some(w) = deref(doc, desc.get(b"W").ok()).and_then(|o| o.as_array().ok()) {
                    read_cid_widths(doc, w, &mut font.widths);
                }
            }
            return Ok(font);
        }
        // simple font
        let scale = if subtype == "Type3" {
            deref(doc, dict.get(b"FontMatrix").ok())
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(num)
                .map(|a| a * 1000.0)
                .unwrap_or(1.0)
        } else {
            1.0
        };
        let first = deref(doc, dict.get(b"FirstChar").ok()).and_then(num).unwrap_or(0.0).max(0.0) as u32;
        if let Some(ws) = deref(doc, dict.get(b"Widths").ok()).and_then(|o| o.as_array().ok()) {
            for (i, w) in ws.iter().enumerate() {
                if let Some(w) = deref(doc, Some(w)).and_then(num) {
                    font.widths.insert(first.saturating_add(i as u32), w * scale);
                }
            }
        }
        let descriptor = deref(doc, dict.get(b"FontDescriptor").ok()).and_then(|o| o.as_dict().ok());
        let missing = descriptor.and_then(|d| deref(doc, d.get(b"MissingWidth").ok())).and_then(num);
        font.default_width = match missing {
            Some(m) if m > 0.0 => m * scale,
            _ if font.name.starts_with("Courier") => 600.0,
            _ => 500.0,
        };
        let mut table: Vec<Option<String>> = (0u32..256).map(|c| win_ansi(c as u8).map(|ch| ch.to_string())).collect();
        match deref(doc, dict.get(b"Encoding").ok()) {
            // WinAnsi table; MacRoman and Standard agree with it on the ASCII range
            Some(Object::Name(_)) => font.has_encoding = true,
            Some(Object::Dictionary(d)) => {
                font.has_encoding = true;
                if let Some(diffs) = deref(doc, d.get(b"Differences").ok()).and_then(|o| o.as_array().ok()) {
                    let mut code: u32 = 0;
                    for item in diffs {
                        match deref(doc, Some(item)) {
                            Some(Object::Integer(i)) => code = (*i).clamp(0, 255) as u32,
                            Some(Object::Real(r)) => code = (*r).clamp(0.0, 255.0) as u32,
                            Some(Object::Name(g)) => {
                                if let Some(slot) = table.get_mut(code as usize) {
                                    *slot = glyph_name_to_unicode(&String::from_utf8_lossy(g));
                                }
                                code = code.saturating_add(1);
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
        font.encoding = table;
        Ok(font)
    }

    /// Splits a shown string into codes with their Unicode text and widths.
    /// Legacy fonts return their raw bytes decoded by the legacy table.
    pub fn decode(&self, bytes: &[u8]) -> Vec<CodeChar> {
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0usize;
        while i < bytes.len() {
            let (code, len) = self.next_code(&bytes[i..]);
            i += len.max(1);
            let text = self.unicode(code);
            let cid = match &self.cid_map {
                Some(m) => m.get(&code).copied().unwrap_or(code),
                None => code,
            };
            let width = self.widths.get(&cid).copied().unwrap_or(self.default_width);
            out.push(CodeChar { code, len, text, width });
        }
        out
    }

    fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        if self.codespace.is_empty() {
            return (bytes.first().copied().unwrap_or(0) as u32, 1);
        }
        for n in 1..=4usize {
            if bytes.len() < n {
                break;
            }
            let code = bytes[..n].iter().fold(0u32, |a, &b| (a << 8) | b as u32);
            if self.codespace.iter().any(|&(len, lo, hi)| len == n && code >= lo && code <= hi) {
                return (code, n);
            }
        }
        // no range matched: take the shortest declared length
        let n = self.codespace.iter().map(|c| c.0).min().unwrap_or(1).clamp(1, 4).min(bytes.len().max(1));
        let code = bytes.iter().take(n).fold(0u32, |a, &b| (a << 8) | b as u32);
        (code, n)
    }

    /// Unicode for one code.
    fn unicode(&self, code: u32) -> Option<String> {
        if let Some(enc) = self.legacy {
            if code < 256 {
                let t = legacy::convert_code(enc, code as u8);
                return Some(if self.legacy_upper { t.to_uppercase() } else { t });
            }
        }
        if let Some(s) = self.to_unicode.get(&code) {
            return Some(s.clone());
        }
        if self.composite {
            return None;
        }
        if let Some(Some(s)) = self.encoding.get(code as usize) {
            return Some(s.clone());
        }
        if !self.has_encoding && (0x20..0x7F).contains(&code) {
            return Some((code as u8 as char).to_string());
        }
        None
    }
}

fn deref<'a>(doc: &'a Document, o: Option<&'a Object>) -> Option<&'a Object> {
    let mut o = o?;
    for _ in 0..8 {
        match o {
            Object::Reference(id) => o = doc.get_object(*id).ok()?,
            _ => return Some(o),
        }
    }
    None
}

fn name_of(doc: &Document, o: Option<&Object>) -> Option<String> {
    match deref(doc, o)? {
        Object::Name(n) => Some(String::from_utf8_lossy(n).to_string()),
        _ => None,
    }
}

/// Number from an Integer or Real object.
pub fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn read_cid_widths(doc: &Document, w: &[Object], out: &mut HashMap<u32, f32>) {
    let mut i = 0usize;
    while i < w.len() {
        let first = match deref(doc, w.get(i)).and_then(num) {
            Some(f) if f >= 0.0 => f as u32,
            _ => return,
        };
        match deref(doc, w.get(i + 1)) {
            Some(Object::Array(arr)) => {
                for (k, v) in arr.iter().enumerate() {
                    if let Some(v) = deref(doc, Some(v)).and_then(num) {
                        out.insert(first.saturating_add(k as u32), v);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = num(o).unwrap_or(first as f32).max(0.0) as u32;
                let width = deref(doc, w.get(i + 2)).and_then(num).unwrap_or(1000.0);
                // guard against absurd ranges
                if out.len() > 200_000 {
                    return;
                }
                for c in first..=last.min(first.saturating_add(65535)) {
                    out.insert(c, width);
                }
                i += 3;
            }
            None => return,
        }
    }
}

/// WinAnsiEncoding (Windows-1252 for the printable range).
fn win_ansi(b: u8) -> Option<char> {
    match b {
        0x20..=0x7E => Some(b as char),
        0x80..=0x9F => {
            let c = legacy::cp1252_char(b);
            if (c as u32) < 0xA0 {
                None
            } else {
                Some(c)
            }
        }
        0xA0..=0xFF => Some(b as char),
        _ => None,
    }
}

/// Adobe glyph name → Unicode: `uniXXXX`, `uXXXX[XX]`, single letters, common
/// punctuation names and accented letters spelled as base + accent names
/// ("ecircumflexacute", "uhorndotbelow", "dcroat").
pub fn glyph_name_to_unicode(name: &str) -> Option<String> {
    let name = name.split('.').next().unwrap_or(name);
    if let Some(hex) = name.strip_prefix("uni") {
        if hex.len() >= 4 && hex.len() % 4 == 0 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            let s: String = (0..hex.len() / 4)
                .filter_map(|k| u32::from_str_radix(&hex[k * 4..k * 4 + 4], 16).ok())
                .filter_map(char::from_u32)
                .collect();
            return if s.is_empty() { None } else { Some(s) };
        }
    }
    if let Some(hex) = name.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32).map(|c| c.to_string());
        }
    }
    if name.len() == 1 && name.is_ascii() {
        return Some(name.to_string());
    }
    let simple = match name {
        "space" | "nbspace" => " ",
        "exclam" => "!",
        "quotedbl" => "\"",
        "numbersign" => "#",
        "dollar" => "$",
        "percent" => "%",
        "ampersand" => "&",
        "quotesingle" | "quoteright" => "'",
        "parenleft" => "(",
        "parenright" => ")",
        "asterisk" => "*",
        "plus" => "+",
        "comma" => ",",
        "hyphen" | "minus" | "sfthyphen" => "-",
        "period" => ".",
        "slash" => "/",
        "zero" => "0",
        "one" => "1",
        "two" => "2",
        "three" => "3",
        "four" => "4",
        "five" => "5",
        "six" => "6",
        "seven" => "7",
        "eight" => "8",
        "nine" => "9",
        "colon" => ":",
        "semicolon" => ";",
        "less" => "<",
        "equal" => "=",
        "greater" => ">",
        "question" => "?",
        "at" => "@",
        "bracketleft" => "[",
        "backslash" => "\\",
        "bracketright" => "]",
        "underscore" => "_",
        "quoteleft" | "grave" => "`",
        "braceleft" => "{",
        "bar" => "|",
        "braceright" => "}",
        "asciitilde" => "~",
        "endash" => "–",
        "emdash" => "—",
        "quotedblleft" => "“",
        "quotedblright" => "”",
        "bullet" => "•",
        "ellipsis" => "…",
        "degree" => "°",
        "section" => "§",
        "Euro" => "€",
        "fi" => "fi",
        "fl" => "fl",
        "dcroat" | "dmacron" | "dstroke" => "đ",
        "Dcroat" | "Dmacron" | "Dstroke" => "Đ",
        _ => "",
    };
    if !simple.is_empty() {
        return Some(simple.to_string());
    }
    // base letter + accent words
    let mut chars = name.chars();
    let base = chars.next()?;
    if !base.is_ascii_alphabetic() {
        return None;
    }
    let mut rest = chars.as_str();
    let mut out = String::new();
    out.push(base);
    const ACCENTS: &[(&str, char)] = &[
        ("circumflex", '\u{302}'),
        ("breve", '\u{306}'),
        ("horn", '\u{31b}'),
        ("acute", '\u{301}'),
        ("grave", '\u{300}'),
        ("hookabove", '\u{309}'),
        ("tilde", '\u{303}'),
        ("dotbelow", '\u{323}'),
        ("dieresis", '\u{308}'),
        ("cedilla", '\u{327}'),
        ("ring", '\u{30a}'),
        ("caron", '\u{30c}'),
        ("macron", '\u{304}'),
    ];
    let mut any = false;
    while !rest.is_empty() {
        let hit = ACCENTS.iter().find(|(w, _)| rest.starts_with(w));
        match hit {
            Some((w, c)) => {
                out.push(*c);
                rest = &rest[w.len()..];
                any = true;
            }
            None => return None,
        }
    }
    if any {
        Some(out.nfc().collect())
    } else {
        None
    }
}

/// What a CMap stream declares.
#[derive(Debug, Default)]
pub struct CMap {
    /// (byte length, low, high).
    pub codespace: Vec<(usize, u32, u32)>,
    /// bfchar / bfrange: code → Unicode text.
    pub bf: HashMap<u32, String>,
    /// cidchar / cidrange: code → CID.
    pub cid: HashMap<u32, u32>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Hex(Vec<u8>),
    Num(i64),
    Word(String),
    Open,
    Close,
}

fn cmap_tokens(b: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0usize;
    while i < b.len() {
        let c = b[i];
        match c {
            b'%' => {
                while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if b.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if b.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j] != b'>' {
                    j += 1;
                }
                let digits: Vec<u8> = b[start..j.min(b.len())].iter().copied().filter(|d| d.is_ascii_hexdigit()).collect();
                let mut bytes = Vec::with_capacity(digits.len() / 2 + 1);
                for pair in digits.chunks(2) {
                    let hi = (pair[0] as char).to_digit(16).unwrap_or(0);
                    let lo = pair.get(1).and_then(|d| (*d as char).to_digit(16)).unwrap_or(0);
                    bytes.push((hi * 16 + lo) as u8);
                }
                out.push(Tok::Hex(bytes));
                i = j + 1;
            }
            b'[' => {
                out.push(Tok::Open);
                i += 1;
            }
            b']' => {
                out.push(Tok::Close);
                i += 1;
            }
            b'(' => {
                // literal strings in CMaps are names/registry info: skip them
                let mut depth = 0i32;
                while i < b.len() {
                    match b[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && !b"<>[]()%".contains(&b[i]) {
                    i += 1;
                }
                if i == start {
                    i += 1;
                    continue;
                }
                let w = String::from_utf8_lossy(&b[start..i]).to_string();
                match w.parse::<i64>() {
                    Ok(n) => out.push(Tok::Num(n)),
                    Err(_) => out.push(Tok::Word(w)),
                }
            }
        }
    }
    out
}

fn be(bytes: &[u8]) -> u32 {
    bytes.iter().take(4).fold(0u32, |a, &b| (a << 8) | b as u32)
}

fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes.chunks(2).map(|c| ((c[0] as u16) << 8) | c.get(1).copied().unwrap_or(0) as u16).collect();
    String::from_utf16_lossy(&units)
}

/// Parses a ToUnicode or encoding CMap (codespacerange, bfchar, bfrange, cidchar, cidrange).
pub fn parse_cmap(bytes: &[u8]) -> CMap {
    let toks = cmap_tokens(bytes);
    let mut cmap = CMap::default();
    let mut i = 0usize;
    let mut section = "";
    // Codes mapped so far, overwrites included: 200 overlapping ranges of
    // 65,536 codes each keep the map small but would cost 13 M inserts.
    let mut work = 0usize;
    const MAX_WORK: usize = 1_000_000;
    while i < toks.len() {
        if cmap.bf.len() > 500_000 || cmap.cid.len() > 500_000 || work > MAX_WORK {
            break; // hostile CMap
        }
        match &toks[i] {
            Tok::Word(w) => {
                match w.as_str() {
                    "begincodespacerange" | "beginbfchar" | "beginbfrange" | "begincidchar" | "begincidrange" => {
                        section = match w.as_str() {
                            "begincodespacerange" => "cs",
                            "beginbfchar" => "bfchar",
                            "beginbfrange" => "bfrange",
                            "begincidchar" => "cidchar",
                            _ => "cidrange",
                        }
                    }
                    s if s.starts_with("end") => section = "",
                    _ => {}
                }
                i += 1;
            }
            _ if section == "cs" => {
                if let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) = (toks.get(i), toks.get(i + 1)) {
                    if !lo.is_empty() && lo.len() <= 4 {
                        cmap.codespace.push((lo.len(), be(lo), be(hi)));
                    }
                    i += 2;
                } else {
                    i += 1;
                }
            }
            _ if section == "bfchar" => {
                if let (Some(Tok::Hex(src)), Some(dst)) = (toks.get(i), toks.get(i + 1)) {
                    match dst {
                        Tok::Hex(d) => {
                            cmap.bf.insert(be(src), utf16(d));
                        }
                        Tok::Word(name) => {
                            if let Some(u) = glyph_name_to_unicode(name.trim_start_matches('/')) {
                                cmap.bf.insert(be(src), u);
                            }
                        }
                        _ => {}
                    }
                    i += 2;
                } else {
                    i += 1;
                }
            }
            _ if section == "bfrange" => {
                if let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) = (toks.get(i), toks.get(i + 1)) {
                    let (lo, hi) = (be(lo), be(hi));
                    let hi = hi.min(lo.saturating_add(65535));
                    work = work.saturating_add(hi.saturating_sub(lo) as usize + 1);
                    if work > MAX_WORK {
                        break;
                    }
                    match toks.get(i + 2) {
                        Some(Tok::Hex(d)) if !d.is_empty() => {
                            let mut dst = d.clone();
                            for code in lo..=hi {
                                cmap.bf.insert(code, utf16(&dst));
                                // increment the last byte (spec: last byte only)
                                if let Some(last) = dst.last_mut() {
                                    *last = last.wrapping_add(1);
                                }
                            }
                            i += 3;
                        }
                        Some(Tok::Open) => {
                            let mut k = i + 3;
                            let mut code = lo;
                            while let Some(t) = toks.get(k) {
                                match t {
                                    Tok::Close => break,
                                    Tok::Hex(d) => {
                                        if code <= hi {
                                            cmap.bf.insert(code, utf16(d));
                                        }
                                        code = code.saturating_add(1);
                                    }
                                    _ => {}
                                }
                                k += 1;
                            }
                            i = k + 1;
                        }
                        _ => i += 3,
                    }
                } else {
                    i += 1;
                }
            }
            _ if section == "cidchar" => {
                if let (Some(Tok::Hex(src)), Some(Tok::Num(cid))) = (toks.get(i), toks.get(i + 1)) {
                    cmap.cid.insert(be(src), (*cid).max(0) as u32);
                    i += 2;
                } else {
                    i += 1;
                }
            }
            _ if section == "cidrange" => {
                if let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi)), Some(Tok::Num(cid))) = (toks.get(i), toks.get(i + 1), toks.get(i + 2)) {
                    let (lo, hi) = (be(lo), be(hi));
                    work = work.saturating_add(hi.min(lo.saturating_add(65535)).saturating_sub(lo) as usize + 1);
                    for (k, code) in (lo..=hi.min(lo.saturating_add(65535))).enumerate() {
                        cmap.cid.insert(code, ((*cid).max(0) as u32).saturating_add(k as u32));
                    }
                    i += 3;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    // NFC the mapped strings (ToUnicode may give decomposed sequences)
    for v in cmap.bf.values_mut() {
        if !v.is_ascii() {
            *v = v.nfc().collect();
        }
    }
    cmap
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmap_ranges_and_chars() {
        let src = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
            1 begincodespacerange <00> <FF> endcodespacerange\n\
            2 beginbfchar <01> <1EA1> <02> <00640301> endbfchar\n\
            2 beginbfrange <10> <12> <0041> <20> <21> [<0110> <01A1>] endbfrange\n\
            endcmap";
        let c = parse_cmap(src);
        assert_eq!(c.codespace, vec![(1, 0, 255)]);
        assert_eq!(c.bf.get(&1).map(String::as_str), Some("ạ"));
        assert_eq!(c.bf.get(&0x12).map(String::as_str), Some("C"));
        assert_eq!(c.bf.get(&0x21).map(String::as_str), Some("ơ"));
        assert_eq!(c.bf.get(&2).map(String::as_str), Some("d\u{301}"));
    }

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_name_to_unicode("ecircumflexacute").as_deref(), Some("ế"));
        assert_eq!(glyph_name_to_unicode("uhorndotbelow").as_deref(), Some("ự"));
        assert_eq!(glyph_name_to_unicode("uni1EA1").as_deref(), Some("ạ"));
        assert_eq!(glyph_name_to_unicode("Dcroat").as_deref(), Some("Đ"));
        assert_eq!(glyph_name_to_unicode("seven").as_deref(), Some("7"));
        assert_eq!(glyph_name_to_unicode("g123"), None);
    }
}
