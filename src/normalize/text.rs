//! Text clean-up: Unicode NFC, markdown/HTML markup removal, ASCII folding for
//! matching words, slugs for document ids, whitespace collapsing.
use unicode_normalization::UnicodeNormalization;

/// Unicode NFC. Inputs may come decomposed (NFD, as some PDF text layers and
/// macOS tools produce); every later stage compares NFC strings.
pub fn nfc(s: &str) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    if plainly_nfc(s) || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        return s.to_string();
    }
    s.nfc().collect()
}

/// Whether a string is NFC without the table lookups of the full quick check.
/// Vietnamese text is ASCII, Latin-1/Extended-A letters and the precomposed
/// letters of U+1E00–U+1EFF: none combines or decomposes under NFC, and they
/// are recognised on their UTF-8 bytes (lead bytes below 0xCC; E1 B8–BB).
/// Any other character is looked up alone: a string of characters that are
/// each NFC and do not combine (class 0) is NFC.
fn plainly_nfc(s: &str) -> bool {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0..=0x7F => i += 1,
            0xC2..=0xCB => i += 2,
            0xE1 if matches!(b.get(i + 1), Some(0xB8..=0xBB)) => i += 3,
            _ => {
                let Some(c) = s.get(i..).and_then(|t| t.chars().next()) else { return false };
                if unicode_normalization::char::canonical_combining_class(c) != 0 || is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes {
                    return false;
                }
                i += c.len_utf8();
            }
        }
    }
    true
}

/// Removes markdown emphasis (`**bold**`, `*italic*`) and HTML tags (`<i>`,
/// `<b>`, `<br>`, any `<tag …>`), keeping their text, so that cells and prose
/// compare as printed. A lone `*` (a bullet at line start, a footnote mark after
/// a figure) and `-` are kept. `<br>` becomes a space; `&amp;`, `&lt;`, `&gt;`,
/// `&nbsp;`, `&quot;` are decoded.
pub fn strip_markup(s: &str) -> String {
    if !s.bytes().any(|b| matches!(b, b'*' | b'<' | b'&')) {
        return s.to_string();
    }
    // Each step only where its mark is (a line of bold text has no tag, no
    // lone star): the same result, without rebuilding the line three times.
    let no_tags = if s.contains('<') { strip_tags(s) } else { decode_entities(s) };
    let no_bold = if no_tags.contains("**") { remove_double_stars(&no_tags) } else { no_tags };
    if no_bold.contains('*') {
        remove_italic_stars(&no_bold)
    } else {
        no_bold
    }
}

/// Removes HTML tags; `<br>` → space. A `<` that does not open a tag is kept.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('<') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos..];
        match tag_len(after) {
            Some((len, name)) => {
                if name.eq_ignore_ascii_case("br") || name.eq_ignore_ascii_case("p") {
                    out.push(' ');
                }
                rest = &after[len..];
            }
            None => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    decode_entities(&out)
}

/// Length in bytes of an HTML tag at the start of `s` and its name.
fn tag_len(s: &str) -> Option<(usize, &str)> {
    let b = s.as_bytes();
    let mut i = 1;
    if b.get(i) == Some(&b'/') {
        i += 1;
    }
    let name_start = i;
    while b.get(i).is_some_and(|c| c.is_ascii_alphanumeric()) {
        i += 1;
    }
    if i == name_start || !b.get(name_start).is_some_and(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let name = s.get(name_start..i)?;
    // Attributes, then '>' (no '<' or newline inside a tag).
    let close = s[i..].find(['>', '<', '\n'])?;
    if s.as_bytes().get(i + close) != Some(&b'>') {
        return None;
    }
    let between = &s[i..i + close];
    if !between.is_empty() && !between.starts_with([' ', '/', '\t']) {
        return None;
    }
    Some((i + close + 1, name))
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// Removes every run of two or more `*` (bold markers; a bold span often
/// crosses lines, so each line may hold only one of the pair).
fn remove_double_stars(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('*') {
        out.push_str(&rest[..at]);
        let run = rest[at..].bytes().take_while(|&b| b == b'*').count();
        if run == 1 {
            out.push('*');
        }
        rest = &rest[at + run..];
    }
    out.push_str(rest);
    out
}

/// Removes single `*` that open and close an italic span on the same line:
/// an opener is followed by a non-space and not preceded by a letter or digit;
/// a closer is preceded by a non-space and not followed by a letter or digit.
fn remove_italic_stars(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let is_opener = |i: usize| {
        let next_ok = i + 1 < n && !chars[i + 1].is_whitespace() && chars[i + 1] != '*';
        let prev_ok = i == 0 || !chars[i - 1].is_alphanumeric();
        next_ok && prev_ok
    };
    let is_closer = |i: usize| {
        let prev_ok = i > 0 && !chars[i - 1].is_whitespace();
        let next_ok = i + 1 >= n || !chars[i + 1].is_alphanumeric();
        prev_ok && next_ok
    };
    let mut drop = vec![false; n];
    let mut open: Option<usize> = None;
    for i in 0..n {
        if chars[i] != '*' {
            if chars[i] == '\n' {
                open = None;
            }
            continue;
        }
        match open {
            Some(o) if is_closer(i) => {
                drop[o] = true;
                drop[i] = true;
                open = None;
            }
            _ => {
                if is_opener(i) {
                    open = Some(i);
                }
            }
        }
    }
    chars.iter().zip(drop).filter(|(_, d)| !d).map(|(c, _)| *c).collect()
}

/// Lower-case ASCII fold: diacritics removed, đ → d; for matching words
/// whatever their accents (and OCR that dropped them). Other characters are
/// kept as they are (lower-cased).
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let table = vietnamese_fold_table();
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        // A run of ASCII is copied and lower-cased at once.
        let ascii = rest.bytes().take_while(u8::is_ascii).count();
        if ascii > 0 {
            let from = out.len();
            out.push_str(&rest[..ascii]);
            if let Some(run) = out.get_mut(from..) {
                run.make_ascii_lowercase();
            }
            rest = &rest[ascii..];
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            push_folded(table, c, &mut out);
            rest = chars.as_str();
        }
    }
    out
}

/// Appends the fold of one character: ASCII lower-cased directly, others
/// decomposed (canonical), combining marks dropped, đ → d, lower-cased.
/// `table` is [`vietnamese_fold_table`], fetched once by the caller's loop.
fn push_folded(table: &[u8], c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if ('\u{300}'..='\u{36f}').contains(&c) {
        return;
    }
    if let Some(f) = table_fold(table, c) {
        out.push(f);
        return;
    }
    push_folded_slow(c, out);
}

/// The fold of a Latin letter Vietnamese uses (U+00C0–U+024F, U+1E00–U+1EFF)
/// when it is one ASCII letter, from a table built once: `fold` runs on
/// every cell and line many times over, and decomposing each letter afresh
/// was a tenth of a whole run.
fn table_fold(table: &[u8], c: char) -> Option<char> {
    let index = match c as u32 {
        n @ 0xC0..=0x24F => n - 0xC0,
        n @ 0x1E00..=0x1EFF => n - 0x1E00 + (0x250 - 0xC0),
        _ => return None,
    };
    match table.get(index as usize) {
        Some(&b) if b != 0 => Some(b as char),
        _ => None,
    }
}

/// The table of [`table_fold`]: the ASCII fold of each letter of
/// U+00C0–U+024F then U+1E00–U+1EFF, 0 where it is not one ASCII letter.
fn vietnamese_fold_table() -> &'static [u8] {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0xC0..=0x24Fu32)
            .chain(0x1E00..=0x1EFF)
            .map(|n| {
                let mut s = String::new();
                if let Some(ch) = char::from_u32(n) {
                    push_folded_slow(ch, &mut s);
                }
                match s.as_bytes() {
                    [b] if b.is_ascii() => *b,
                    _ => 0,
                }
            })
            .collect()
    })
}

fn push_folded_slow(c: char, out: &mut String) {
    unicode_normalization::char::decompose_canonical(c, |d| {
        if ('\u{300}'..='\u{36f}').contains(&d) {
            return;
        }
        match d {
            'đ' | 'Đ' | 'Ð' | 'ð' => out.push('d'),
            d => out.extend(d.to_lowercase()),
        }
    });
}

/// Folds one character (as [`fold`] does) when it folds to exactly one char;
/// used where byte offsets into the original text must be kept.
#[cfg(test)]
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut buf = String::new();
    push_folded(vietnamese_fold_table(), c, &mut buf);
    let mut it = buf.chars();
    match (it.next(), it.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

/// Lower-case ASCII slug of a file stem for the document id:
/// `Cao_Bằng 2015` → `cao-bang-2015`.
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

/// Collapses every run of whitespace (tabs, newlines, no-break spaces) to one
/// space and trims the ends; for comparing and printing prose.
pub fn collapse_spaces(s: &str) -> String {
    let space = |c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}';
    // Most lines are collapsed already: single spaces between words, none at the ends.
    let mut prev_space = true;
    let collapsed = s.chars().all(|c| {
        let ok = if c == ' ' { !prev_space } else { !space(c) };
        prev_space = c == ' ';
        ok
    }) && !prev_space;
    if collapsed || s.is_empty() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split(space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strings of markup, spaces and Vietnamese in every order (a fixed
    /// pseudo-random walk over pieces), for the fast paths' equivalence tests.
    fn mixed_strings() -> Vec<String> {
        const PIECES: [&str; 16] =
            ["*", "**", " ", "  ", "\t", "\u{a0}", "<b>", "</i>", "<br>", "&amp;", "Đào", "tạo", "NGHỀ", "2.963,455", "a", "<"];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        (0..4000)
            .map(|_| {
                let mut s = String::new();
                for _ in 0..(state % 9) {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    s.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
                }
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                s
            })
            .collect()
    }

    /// The shortcuts of strip_markup, fold and collapse_spaces give what the
    /// whole computation gives.
    #[test]
    fn fast_paths_change_nothing() {
        for s in mixed_strings() {
            let whole = remove_italic_stars(&remove_double_stars(&strip_tags(&s)));
            assert_eq!(strip_markup(&s), whole, "{s:?}");
            let mut folded = String::new();
            for c in s.chars() {
                push_folded(vietnamese_fold_table(), c, &mut folded);
            }
            assert_eq!(fold(&s), folded, "{s:?}");
            let space = |c: char| c.is_whitespace();
            let words: Vec<&str> = s.split(space).filter(|w| !w.is_empty()).collect();
            assert_eq!(collapse_spaces(&s), words.join(" "), "{s:?}");
        }
    }

    /// The byte scan says "plainly NFC" exactly where the character-by-character
    /// definition does: below U+0300, U+1E00–U+1EFF, or NFC and not combining.
    #[test]
    fn the_byte_scan_matches_the_character_definition() {
        use unicode_normalization::{char::canonical_combining_class, is_nfc_quick, IsNormalized};
        for c in (0u32..0x3000).chain(0x1D00..=0x1FFF).chain(0xAC00..0xAC10).chain(0x1F600..0x1F610).filter_map(char::from_u32) {
            let plain = (c as u32) < 0x300
                || ('\u{1E00}'..='\u{1EFF}').contains(&c)
                || (canonical_combining_class(c) == 0 && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes);
            assert_eq!(plainly_nfc(&c.to_string()), plain, "{c:?}");
            assert_eq!(plainly_nfc(&format!("Đ{c}ệ")), plain, "{c:?}");
        }
    }

    /// The premise of `nfc`'s fast path: no character of those ranges changes,
    /// combines with a neighbour or decomposes under NFC.
    #[test]
    fn the_nfc_fast_path_ranges_are_stable_under_nfc() {
        for c in (0u32..0x300).chain(0x1E00..=0x1EFF).filter_map(char::from_u32) {
            for s in [c.to_string(), format!("a{c}"), format!("{c}a"), format!("{c}{c}")] {
                assert_eq!(s.nfc().collect::<String>(), s, "U+{:04X}", c as u32);
            }
        }
        assert_eq!(nfc("Khuye\u{302}\u{301}n co\u{302}ng"), "Khuyến công");
        assert_eq!(nfc("Kinh phí khuyến công"), "Kinh phí khuyến công");
    }

    #[test]
    fn the_fold_table_agrees_with_decomposition_for_every_letter() {
        for c in (0xC0..=0x24Fu32).chain(0x1E00..=0x1EFF).filter_map(char::from_u32) {
            let (mut fast, mut slow) = (String::new(), String::new());
            push_folded(vietnamese_fold_table(), c, &mut fast);
            push_folded_slow(c, &mut slow);
            assert_eq!(fast, slow, "U+{:04X}", c as u32);
        }
        assert_eq!(fold("Khuyến công ĐỊA PHƯƠNG Ưu tiên"), "khuyen cong dia phuong uu tien");
    }

    #[test]
    fn nfc_composes_decomposed_input() {
        let nfd: String = "Cao Bằng, ngày 26 tháng 02".nfd().collect();
        assert_ne!(nfd, "Cao Bằng, ngày 26 tháng 02");
        assert_eq!(nfc(&nfd), "Cao Bằng, ngày 26 tháng 02");
    }

    #[test]
    fn markup_is_removed_text_kept() {
        assert_eq!(strip_markup("**ỦY BAN NHÂN DÂN"), "ỦY BAN NHÂN DÂN");
        assert_eq!(strip_markup("TỈNH CAO BẰNG**"), "TỈNH CAO BẰNG");
        assert_eq!(
            strip_markup("là 10.987.250.000 đồng (*Mười tỷ, chín trăm ngàn đồng chẵn*), trong đó:"),
            "là 10.987.250.000 đồng (Mười tỷ, chín trăm ngàn đồng chẵn), trong đó:"
        );
        assert_eq!(strip_markup("<i>DVT: ngàn đồng</i>"), "DVT: ngàn đồng");
        assert_eq!(strip_markup("<b>Tổng</b> cộng<br>kinh phí"), "Tổng cộng kinh phí");
        assert_eq!(strip_markup("<span class=\"x\">a</span>"), "a");
        assert_eq!(strip_markup("*italic* and **bold**"), "italic and bold");
    }

    #[test]
    fn lone_stars_dashes_and_comparisons_survive() {
        assert_eq!(
            strip_markup("* Nguồn kinh phí khuyến công đã thực hiện trong 7 năm (2009-2015)"),
            "* Nguồn kinh phí khuyến công đã thực hiện trong 7 năm (2009-2015)"
        );
        assert_eq!(strip_markup("- Như điều 2;"), "- Như điều 2;");
        assert_eq!(strip_markup("1.200*"), "1.200*");
        assert_eq!(strip_markup("a < b > c"), "a < b > c");
        assert_eq!(strip_markup("2 * 3 = 6"), "2 * 3 = 6");
        assert_eq!(strip_markup("A &amp; B"), "A & B");
    }

    #[test]
    fn fold_and_slug() {
        assert_eq!(fold("Đồng Nai ỦY BAN"), "dong nai uy ban");
        assert_eq!(fold("Quý II"), "quy ii");
        assert_eq!(fold_char('Ằ'), 'a');
        assert_eq!(fold_char('đ'), 'd');
        assert_eq!(slug("Cao_Bằng 2015"), "cao-bang-2015");
        assert_eq!(slug("  Đồng Nai -- 2020 "), "dong-nai-2020");
        assert_eq!(slug(""), "");
    }

    #[test]
    fn collapse() {
        assert_eq!(collapse_spaces("  a \t b\u{a0}\n c "), "a b c");
    }

    #[test]
    fn fixture_lines_strip_cleanly() {
        let txt = crate::normalize::test_fixture("dong_nai_2020.txt");
        for line in txt.lines() {
            let s = strip_markup(line);
            assert!(!s.contains("**") && !s.contains("<i>") && !s.contains("</i>"), "{s}");
        }
    }
}
