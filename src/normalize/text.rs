//! Text clean-up (placeholder implementations).
use unicode_normalization::UnicodeNormalization;

/// Unicode NFC: inputs may come decomposed (NFD).
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Removes markdown `**`/`*` and HTML tags, keeping their text.
pub fn strip_markup(s: &str) -> String {
    s.replace("**", "").replace("<i>", "").replace("</i>", "")
}

/// Lower-case ASCII fold: diacritics removed, đ → d; for matching words.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// Lower-case ASCII slug of a file stem: `cao_bang_2015` → `cao-bang-2015`.
pub fn slug(s: &str) -> String {
    let f = fold(s);
    let mut out = String::new();
    for c in f.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}
