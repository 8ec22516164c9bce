//! Amounts written in words (placeholder).

/// "Mười tỷ, chín trăm …" → 10_987_250_000.
pub fn words_to_number(_s: &str) -> Option<i128> {
    None
}

/// Spans of amounts in words ending in "đồng", with their value.
pub fn find_amounts_in_words(_s: &str) -> Vec<(std::ops::Range<usize>, i128)> {
    Vec::new()
}
