//! Text encodings (placeholder).

/// Decodes input bytes to a String (UTF-8 only for now).
pub fn decode_text(bytes: &[u8]) -> Result<(String, Option<&'static str>), String> {
    std::str::from_utf8(bytes).map(|s| (s.to_string(), None)).map_err(|e| e.to_string())
}
