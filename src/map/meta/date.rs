//! The document's date: the header's "Place, ngày … tháng … năm …" line,
//! the same line printed at the end, or a resolution's "thông qua ngày …";
//! date words printed without their spaces ("tháng12", "năm2025").
use super::*;

/// "Cao Bằng, ngày 26 tháng 02 năm 2015" → (2015-02-26, Some("Cao Bằng")).
/// The line may also carry the number ("Số: 270/QĐ-UBND Cao Bằng, ngày …").
pub(super) fn date_line(text: &str) -> Option<(String, Option<String>)> {
    let f = fold(text);
    if is_can_cu(&f) || f.contains("kem theo") {
        return None;
    }
    let (r, d) = find_dates(text).into_iter().next()?;
    let before = text[..r.start].trim_end();
    let before = before.strip_suffix("ngày").or_else(|| before.strip_suffix("Ngày")).unwrap_or(before).trim_end();
    let before = before.trim_end_matches([',', ' ']);
    // Drop a number printed on the same line.
    let before = match find_docnos(before).last() {
        Some((nr, _)) => before[nr.end..].trim(),
        None => before.trim(),
    };
    let place = before.trim_matches([',', ' ', '.']);
    let words = place.split_whitespace().count();
    if words > 6 || (words == 0 && !fold(&text[..r.start]).trim().is_empty() && !fold(text).trim_start().starts_with("ngay")) {
        // A date inside prose, not the header's date line.
        return None;
    }
    let place = (words > 0 && place.chars().next().is_some_and(|c| c.is_uppercase())).then(|| place.to_string());
    Some((d.iso(), place))
}

/// "ngày 01 tháng12 năm2025" → "ngày 01 tháng 12 năm 2025": the date words
/// and their figures run together in many printed headers.
pub(super) fn space_date_words(t: &str) -> String {
    // Most lines hold no figure touching a date word's last or first letter
    // (ngày, tháng, năm): skip the two Unicode-aware regexes for them.
    let b = t.as_bytes();
    let touching = (0..b.len()).any(|i| {
        b[i].is_ascii_digit()
            && ((i > 0 && matches!(b[i - 1], b'y' | b'Y' | b'g' | b'G' | b'm' | b'M'))
                || matches!(b.get(i + 1), Some(b't' | b'T' | b'n' | b'N')))
    });
    if !touching {
        return t.to_string();
    }
    static AFTER: OnceLock<Option<Regex>> = OnceLock::new();
    static BEFORE: OnceLock<Option<Regex>> = OnceLock::new();
    let (Some(after), Some(before)) = (re(&AFTER, r"(?i)\b(ng[àa]y|th[áa]ng|n[ăa]m)(\d)"), re(&BEFORE, r"(?i)(\d)(th[áa]ng|n[ăa]m)\b"))
    else {
        return t.to_string();
    };
    let t = after.replace_all(t, "$1 $2");
    before.replace_all(&t, "$1 $2").into_owned()
}

/// The date a council adopted a resolution: "… Kỳ họp thứ 32 thông qua ngày
/// 09 tháng 12 năm 2025 …" (the header of a resolution may print none).
pub(super) fn adoption_date(segs: &[Seg]) -> Option<String> {
    for s in segs {
        let Some(pos) = s.fold.find("thong qua ngay") else { continue };
        // Folding keeps byte offsets only for ASCII; find the phrase's end in the text.
        let tail_words = s.fold[pos..].split_whitespace().count();
        let words: Vec<&str> = s.text.split_whitespace().collect();
        let tail = words[words.len().saturating_sub(tail_words)..].join(" ");
        if let Some((r, d)) = find_dates(&tail).into_iter().next() {
            if fold(&tail[..r.start]).trim_end().ends_with("thong qua") || fold(&tail[..r.start]).trim() == "thong qua ngay" {
                return Some(d.iso());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_words_run_together() {
        assert_eq!(space_date_words("ngày 01 tháng12 năm 2025"), "ngày 01 tháng 12 năm 2025");
        assert_eq!(space_date_words("ngày  5 tháng 3 năm2025"), "ngày  5 tháng 3 năm 2025");
        assert_eq!(space_date_words("ngày 5 tháng 3năm 2025"), "ngày 5 tháng 3 năm 2025");
        assert_eq!(space_date_words("NGÀY 5 THÁNG12 NĂM 2025"), "NGÀY 5 THÁNG 12 NĂM 2025");
        assert_eq!(space_date_words("45/2012/NĐ-CP"), "45/2012/NĐ-CP");
        assert_eq!(date_line(&space_date_words("Huế, ngày 01 tháng12 năm 2025")), Some(("2025-12-01".into(), Some("Huế".into()))));
        assert_eq!(date_line("Cần Thơ, ngày 01/12/2025"), Some(("2025-12-01".into(), Some("Cần Thơ".into()))));
    }

    #[test]
    fn a_date_in_prose_is_no_date_line() {
        assert_eq!(date_line("1. Đã hỗ trợ 35 cơ sở của các xã trước ngày 20/02/2025."), None);
        assert_eq!(date_line("Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21/5/2012"), None);
    }

    #[test]
    fn resolution_adopted_on() {
        let seg = |t: &str| Seg { text: t.to_string(), fold: fold(t) };
        let segs = vec![
            seg("Điều 2. Hiệu lực"),
            seg("Nghị quyết này đã được Hội đồng nhân dân tỉnh Hà Tĩnh khóa XVIII, Kỳ họp thứ 32 thông qua ngày 09 tháng 12 năm 2025 và có hiệu lực từ ngày 01 tháng 01 năm 2026./."),
        ];
        assert_eq!(adoption_date(&segs).as_deref(), Some("2025-12-09"));
        assert_eq!(adoption_date(&segs[..1]), None);
    }
}
