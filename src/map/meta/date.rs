//! The header's "Place, ngày … tháng … năm …" line.
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
