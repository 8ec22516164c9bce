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
        Ok(Object::Array(a)) => a.iter().filter_map(|o| o.as_name().ok()).map(|n| String::from_utf8_lossy(n).to_string()).collect(),
        _ => Vec::new(),
    }
}

/// A Flate predictor's parameters (`/DecodeParms`).
#[derive(Debug, Clone, Copy)]
struct Predictor {
    kind: i64,
    colors: usize,
    bits: usize,
    columns: usize,
}

/// The predictor of a stream's first filter that has one (PDF writers put it
/// on the Flate filter).
fn predictor(stream: &Stream) -> Option<Predictor> {
    let read = |d: &lopdf::Dictionary| {
        let get = |k: &[u8], def: i64| d.get(k).and_then(|o| o.as_i64()).unwrap_or(def);
        let kind = get(b"Predictor", 1);
        (kind > 1).then(|| Predictor {
            kind,
            colors: get(b"Colors", 1).clamp(1, 32) as usize,
            bits: get(b"BitsPerComponent", 8).clamp(1, 16) as usize,
            columns: get(b"Columns", 1).clamp(1, 1 << 20) as usize,
        })
    };
    match stream.dict.get(b"DecodeParms") {
        Ok(Object::Dictionary(d)) => read(d),
        Ok(Object::Array(a)) => a.iter().filter_map(|o| o.as_dict().ok()).find_map(read),
        _ => None,
    }
}

/// Undoes a PNG (10–15, a filter byte per row) or TIFF 2 predictor. The output
/// is never longer than the input, so the cap applied while inflating holds.
fn unpredict(data: &[u8], p: Predictor) -> Vec<u8> {
    let bpp = (p.colors * p.bits).div_ceil(8).max(1);
    let row = (p.colors * p.bits * p.columns).div_ceil(8);
    if p.kind == 2 {
        if p.bits != 8 {
            return data.to_vec();
        }
        let mut out = data.to_vec();
        for r in out.chunks_mut(row.max(1)) {
            for i in bpp..r.len() {
                r[i] = r[i].wrapping_add(r[i - bpp]);
            }
        }
        return out;
    }
    let mut out = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; row];
    for chunk in data.chunks(row + 1) {
        let (filter, cur) = match chunk.split_first() {
            Some((f, c)) => (*f, c),
            None => break,
        };
        let mut line = cur.to_vec();
        line.resize(row, 0);
        for i in 0..row {
            let a = if i >= bpp { line[i - bpp] } else { 0 };
            let b = prev[i];
            let c = if i >= bpp { prev[i - bpp] } else { 0 };
            line[i] = match filter {
                1 => line[i].wrapping_add(a),
                2 => line[i].wrapping_add(b),
                3 => line[i].wrapping_add(((a as u16 + b as u16) / 2) as u8),
                4 => {
                    let (pa, pb, pc) = {
                        let p = a as i16 + b as i16 - c as i16;
                        ((p - a as i16).abs(), (p - b as i16).abs(), (p - c as i16).abs())
                    };
                    let pred = if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    };
                    line[i].wrapping_add(pred)
                }
                _ => line[i],
            };
        }
        out.extend_from_slice(&line[..cur.len().min(row)]);
        prev = line;
    }
    out
}

/// Decoded bytes of a stream (Flate, ASCII85, ASCIIHex natively with the cap;
/// other filters through lopdf, checked against the cap afterwards).
pub fn stream_bytes(stream: &Stream, limits: &Limits) -> Result<Vec<u8>, DocError> {
    let limit = limits.max_stream_bytes;
    let fs = filters(stream);
    let native = fs.iter().all(|f| matches!(f.as_str(), "FlateDecode" | "Fl" | "ASCII85Decode" | "A85" | "ASCIIHexDecode" | "AHx"));
    let predicted = predictor(stream);
    if !native {
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
    // The predictor is undone after inflating under the cap: lopdf's own
    // decoder would inflate a 1.5 GB predictor bomb whole first.
    if let Some(p) = predicted {
        data = unpredict(&data, p);
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
    let digits: Vec<u8> = input.iter().take_while(|&&c| c != b'>').filter_map(|&c| (c as char).to_digit(16).map(|d| d as u8)).collect();
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
    fn predictor_bomb_is_refused_and_png_rows_are_undone() {
        let mut d = Dictionary::new();
        d.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let mut parms = Dictionary::new();
        parms.set("Predictor", Object::Integer(12));
        parms.set("Columns", Object::Integer(3));
        d.set("DecodeParms", Object::Dictionary(parms));
        let bomb = Stream::new(d.clone(), flate(&vec![0u8; 2_000_000]));
        let small = Limits { max_stream_bytes: 100_000 };
        assert!(matches!(stream_bytes(&bomb, &small), Err(DocError::BrokenPdf(m)) if m.contains("bomb")));
        // Two rows of 3 bytes with the Up filter (2): the second adds the first.
        let rows = Stream::new(d, flate(&[2, 1, 2, 3, 2, 1, 1, 1]));
        let ok = Limits { max_stream_bytes: 1000 };
        assert_eq!(stream_bytes(&rows, &ok).unwrap_or_default(), vec![1, 2, 3, 2, 3, 4]);
    }

    #[test]
    fn ascii_filters() {
        assert_eq!(ascii85(b"87cURD]i,\"Ebo80~>"), b"Hello World!".to_vec());
        assert_eq!(ascii_hex(b"48 65 6C6C6F>"), b"Hello".to_vec());
    }
}
