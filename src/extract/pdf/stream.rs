//! Stream decoding with a size cap, so a decompression bomb stops one document
//! instead of filling memory.

use crate::error::DocError;
use lopdf::{Object, Stream};
use std::io::Read;

/// Caps that apply while reading one document.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest decoded stream, in bytes.
    pub max_stream_bytes: u64,
}

fn too_big(limit: u64) -> DocError {
    DocError::BrokenPdf(format!(
        "a stream decompresses to more than {limit} bytes (decompression bomb?); raise the stream limit to read it"
    ))
}

fn filters(stream: &Stream) -> Vec<String> {
    match stream.dict.get(b"Filter") {
        Ok(Object::Name(n)) => vec![String::from_utf8_lossy(n).to_string()],
        Ok(Object::Array(a)) => {
            a.iter().filter_map(|o| o.as_name().ok()).map(|n| String::from_utf8_lossy(n).to_string()).collect()
        }
        _ => Vec::new(),
    }
}

fn has_predictor(stream: &Stream) -> bool {
    let p = |d: &lopdf::Dictionary| d.get(b"Predictor").and_then(|o| o.as_i64()).unwrap_or(1) > 1;
    match stream.dict.get(b"DecodeParms") {
        Ok(Object::Dictionary(d)) => p(d),
        Ok(Object::Array(a)) => a.iter().any(|o| o.as_dict().map(p).unwrap_or(false)),
        _ => false,
    }
}

/// Decoded bytes of a stream (Flate, ASCII85, ASCIIHex natively with the cap;
/// other filters through lopdf, checked against the cap afterwards).
pub fn stream_bytes(stream: &Stream, limits: &Limits) -> Result<Vec<u8>, DocError> {
    let limit = limits.max_stream_bytes;
    let fs = filters(stream);
    let native = fs
        .iter()
        .all(|f| matches!(f.as_str(), "FlateDecode" | "Fl" | "ASCII85Decode" | "A85" | "ASCIIHexDecode" | "AHx"));
    if !native || has_predictor(stream) {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| stream.decompressed_content()));
        let data = match r {
            Ok(Ok(d)) => d,
            Ok(Err(e)) => return Err(DocError::BrokenPdf(format!("cannot decode a stream ({fs:?}): {e}"))),
            Err(_) => return Err(DocError::BrokenPdf(format!("decoder crashed on a stream ({fs:?})"))),
        };
        if data.len() as u64 > limit {
            return Err(too_big(limit));
        }
        return Ok(data);
    }
    let mut data = stream.content.clone();
    for f in &fs {
        data = match f.as_str() {
            "FlateDecode" | "Fl" => inflate(&data, limit)?,
            "ASCII85Decode" | "A85" => ascii85(&data),
            _ => ascii_hex(&data),
        };
        if data.len() as u64 > limit {
            return Err(too_big(limit));
        }
    }
    Ok(data)
}

/// zlib inflate of at most `limit` bytes; a corrupt tail keeps what was decoded.
fn inflate(input: &[u8], limit: u64) -> Result<Vec<u8>, DocError> {
    let mut out = Vec::with_capacity(input.len().saturating_mul(3).min(limit as usize));
    let mut dec = flate2::read::ZlibDecoder::new(input).take(limit.saturating_add(1));
    let mut buf = [0u8; 16384];
    loop {
        match dec.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                out.extend_from_slice(&buf[..n]);
                if out.len() as u64 > limit {
                    return Err(too_big(limit));
                }
            }
            Err(_) => break,
        }
    }
    if out.is_empty() && !input.is_empty() {
        // some writers omit the zlib header: try raw deflate
        let mut dec = flate2::read::DeflateDecoder::new(input).take(limit.saturating_add(1));
        loop {
            match dec.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    out.extend_from_slice(&buf[..n]);
                    if out.len() as u64 > limit {
                        return Err(too_big(limit));
                    }
                }
                Err(_) => break,
            }
        }
    }
    Ok(out)
}

fn ascii85(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut group: u64 = 0;
    let mut n = 0usize;
    let mut i = 0usize;
    if input.starts_with(b"<~") {
        i = 2;
    }
    while i < input.len() {
        let c = input[i];
        i += 1;
        if c == b'~' {
            break;
        }
        if c.is_ascii_whitespace() {
            continue;
        }
        if c == b'z' && n == 0 {
            out.extend_from_slice(&[0, 0, 0, 0]);
            continue;
        }
        if !(b'!'..=b'u').contains(&c) {
            break;
        }
        group = group * 85 + (c - b'!') as u64;
        n += 1;
        if n == 5 {
            out.extend_from_slice(&(group as u32).to_be_bytes());
            group = 0;
            n = 0;
        }
    }
    if n > 1 {
        for _ in n..5 {
            group = group * 85 + 84;
        }
        let bytes = (group as u32).to_be_bytes();
        out.extend_from_slice(&bytes[..n - 1]);
    }
    out
}

fn ascii_hex(input: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> =
        input.iter().take_while(|&&c| c != b'>').filter_map(|&c| (c as char).to_digit(16).map(|d| d as u8)).collect();
    digits.chunks(2).map(|p| (p[0] << 4) | p.get(1).copied().unwrap_or(0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::Dictionary;
    use std::io::Write;

    fn flate(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let _ = e.write_all(data);
        e.finish().unwrap_or_default()
    }

    #[test]
    fn bomb_is_refused() {
        let big = vec![b'0'; 2_000_000];
        let mut d = Dictionary::new();
        d.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let s = Stream::new(d, flate(&big));
        let small = Limits { max_stream_bytes: 100_000 };
        assert!(matches!(stream_bytes(&s, &small), Err(DocError::BrokenPdf(m)) if m.contains("bomb")));
        let ok = Limits { max_stream_bytes: 4_000_000 };
        assert_eq!(stream_bytes(&s, &ok).map(|v| v.len()).unwrap_or(0), 2_000_000);
    }

    #[test]
    fn ascii_filters() {
        assert_eq!(ascii85(b"87cURD]i,\"Ebo80~>"), b"Hello World!".to_vec());
        assert_eq!(ascii_hex(b"48 65 6C6C6F>"), b"Hello".to_vec());
    }
}
