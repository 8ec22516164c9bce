//! The shape of a Vietnamese syllable.

use unicode_normalization::UnicodeNormalization;

/// Whether a word is one Vietnamese syllable (any case, NFC): an initial
/// consonant, one to three vowels, a final, at most one tone mark. Every
/// Vietnamese word is one, so it tells a text's words from encoding damage
/// and a word broken across lines from two words.
pub fn is_syllable(word: &str) -> bool {
    let mut tones = 0;
    let mut base = String::new();
    for c in word.chars().flat_map(char::to_lowercase) {
        for d in std::iter::once(c).nfd() {
            match d {
                '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}' => tones += 1,
                _ => base.push(d),
            }
        }
    }
    if tones > 1 {
        return false;
    }
    let base: String = base.nfc().collect();
    const INITIALS: [&str; 29] = [
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s",
        "t", "v", "x", "", "",
    ];
    const FINALS: [&str; 9] = ["ch", "ng", "nh", "c", "m", "n", "p", "t", ""];
    // "gì" is g + ì, "giá" is gi + á: every split is tried.
    INITIALS.iter().filter_map(|i| base.strip_prefix(i)).any(|rest| {
        FINALS.iter().filter_map(|f| rest.strip_suffix(f)).any(|nucleus| {
            let vowels = nucleus.chars().count();
            (1..=3).contains(&vowels) && nucleus.chars().all(|c| "aăâeêioôơuưy".contains(c))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_and_pieces_of_them() {
        for w in ["Tổng", "phương", "nghiêng", "gì", "giá", "ở", "KHUYẾN", "Tổn"] {
            assert!(is_syllable(w), "{w}");
        }
        for w in ["nghiệp", "khuyến", "Quyết", "ĐỊNH", "tỉnh", "người", "hoạch", "ưu"] {
            assert!(is_syllable(w), "{w}");
        }
        // legacy-encoding damage is not
        for w in ["Th¸ng", "thaø", "đàá", "xyzâ", "ñoàng", "g", "s", "KCQG", "tổngg", "ấá", "xyz"] {
            assert!(!is_syllable(w), "{w}");
        }
    }
}
