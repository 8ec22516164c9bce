//! Vietnamese numbers (placeholder implementation).
use crate::model::Decimal;

/// Parses a figure as printed in Vietnam: `.` groups thousands, `,` marks decimals.
pub fn parse_number(s: &str) -> Option<Decimal> {
    let t = s.trim();
    if t.is_empty() || !t.chars().next()?.is_ascii_digit() {
        return None;
    }
    let (int, frac) = match t.split_once(',') {
        Some((a, b)) => (a, b),
        None => (t, ""),
    };
    let int: String = int.chars().filter(|c| *c != '.').collect();
    if !int.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let digits = format!("{int}{frac}");
    Some(Decimal { units: digits.parse().ok()?, scale: frac.len() as u32 })
}

/// Every number in a prose text with its byte range.
pub fn find_numbers(_s: &str) -> Vec<(std::ops::Range<usize>, Decimal)> {
    Vec::new()
}
