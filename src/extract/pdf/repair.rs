//! Checks and repairs made on a PDF's bytes before and after the PDF library
//! parses them: hostile structure is refused before it can overflow the
//! parser's stack or inflate an object stream past the cap, and the damage
//! archives do to good files (junk before `%PDF-` or after `%%EOF`, line ends
//! converted to CRLF, shifted or missing cross-reference tables) is undone,
//! each repair named so that it becomes a warning.

use crate::error::DocError;
use std::io::Read;

/// Deepest nesting of arrays and dictionaries accepted (real files stay
/// under ten; the parser recurses once per level).
pub const MAX_NESTING: usize = 256;

/// Largest inflated object stream or cross-reference stream accepted; the PDF
/// library inflates these itself while loading, without a cap.
const MAX_STRUCTURE_STREAM: u64 = 64 << 20;

/// Refuses bytes the PDF library must not be given: nesting deeper than
/// [`MAX_NESTING`], or an object/xref stream that inflates past the cap.
pub fn prescan(bytes: &[u8], max_stream_bytes: u64) -> Result<(), DocError> {
    let depth = max_nesting(bytes);
    if depth > MAX_NESTING {
        return Err(DocError::BrokenPdf(format!("objects nested {depth} levels deep (limit {MAX_NESTING}): a hostile or damaged PDF")));
    }
    let cap = max_stream_bytes.min(MAX_STRUCTURE_STREAM);
    for start in structure_streams(bytes) {
        let data = bytes.get(start..).unwrap_or_default();
        let mut dec = flate2::read::ZlibDecoder::new(data).take(cap.saturating_add(1));
        let n = std::io::copy(&mut dec, &mut std::io::sink()).unwrap_or(0);
        if n > cap {
            return Err(DocError::BrokenPdf(format!("an object stream decompresses to more than {cap} bytes (decompression bomb?)")));
        }
    }
    Ok(())
}

/// Deepest `[`/`<<` nesting outside strings, comments and stream data.
fn max_nesting(b: &[u8]) -> usize {
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'%' => {
                while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
            }
            b'(' => {
                let mut level = 0usize;
                while i < b.len() {
                    match b[i] {
                        b'\\' => i += 1,
                        b'(' => level += 1,
                        b')' => {
                            level -= 1;
                            if level == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b'<' if b.get(i + 1) == Some(&b'<') => {
                depth += 1;
                max = max.max(depth);
                i += 1;
            }
            b'<' => {
                while i < b.len() && b[i] != b'>' {
                    i += 1;
                }
            }
            b']' => depth = depth.saturating_sub(1),
            b'>' if b.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b's' if b[i..].starts_with(b"stream") && !b[..i].ends_with(b"end") => {
                // Stream data is binary: skip to its end.
                match find(&b[i..], b"endstream") {
                    Some(k) => i += k + 8,
                    None => return max,
                }
                depth = 0;
            }
            b'e' if b[i..].starts_with(b"endobj") => depth = 0,
            _ => {}
        }
        i += 1;
    }
    max
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Where the data of each Flate object stream or xref stream starts.
fn structure_streams(b: &[u8]) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut from = 0usize;
    while let Some(k) = b.get(from..).and_then(|r| find(r, b"stream")) {
        let at = from + k;
        from = at + 6;
        if b[..at].ends_with(b"end") {
            continue;
        }
        let head = &b[at.saturating_sub(600)..at];
        let dict = match rfind(head, b"obj") {
            Some(o) => &head[o..],
            None => head,
        };
        let structural = find(dict, b"/ObjStm").is_some() || find(dict, b"/XRef").is_some();
        if !structural || find(dict, b"Fl").is_none() {
            continue;
        }
        let mut s = at + 6;
        if b.get(s) == Some(&b'\r') {
            s += 1;
        }
        if b.get(s) == Some(&b'\n') {
            s += 1;
        }
        starts.push(s);
    }
    starts
}

/// Repaired versions of damaged bytes to try, in order, each with the repairs
/// it holds (the warnings to give if it reads). Empty when nothing applies.
pub fn repairs(bytes: &[u8]) -> Vec<(Vec<u8>, Vec<String>)> {
    let mut fixed = bytes.to_vec();
    let mut done = Vec::new();
    if let Some(start) = find(&fixed[..fixed.len().min(4096)], b"%PDF-").filter(|&s| s > 0) {
        fixed.drain(..start);
        done.push(format!("{start} bytes before %PDF- skipped (e.g. an HTTP header saved with the file)"));
    }
    let crlf = fixed.windows(2).filter(|w| w == b"\r\n").count();
    let lone_lf = fixed.iter().enumerate().filter(|&(i, &c)| c == b'\n' && (i == 0 || fixed[i - 1] != b'\r')).count();
    if crlf > 10 && lone_lf == 0 {
        let mut out = Vec::with_capacity(fixed.len());
        let mut i = 0;
        while i < fixed.len() {
            if fixed[i] == b'\r' && fixed.get(i + 1) == Some(&b'\n') {
                i += 1;
                continue;
            }
            out.push(fixed[i]);
            i += 1;
        }
        fixed = out;
        done.push("line ends converted to CRLF (a text-mode transfer) turned back to LF".to_string());
    }
    if let Some(eof) = rfind(&fixed, b"%%EOF") {
        let mut end = eof + 5;
        while matches!(fixed.get(end), Some(b'\r' | b'\n')) {
            end += 1;
        }
        if end < fixed.len() {
            done.push(format!("{} bytes after the last %%EOF ignored", fixed.len() - end));
            fixed.truncate(end);
        }
    }
    let mut out = Vec::new();
    if !done.is_empty() {
        out.push((fixed.clone(), done.clone()));
    }
    if let Some(rebuilt) = rebuild_xref(&fixed) {
        let mut why = done;
        why.push("cross-reference table rebuilt by scanning for objects".to_string());
        out.push((rebuilt, why));
    }
    out
}

/// The bytes with a fresh cross-reference table appended, built from every
/// `N G obj` found at the start of a line (a later definition wins), and a
/// trailer taken from the old one (or pointing at the catalog found).
fn rebuild_xref(b: &[u8]) -> Option<Vec<u8>> {
    let mut objects: std::collections::BTreeMap<u32, (u16, usize)> = std::collections::BTreeMap::new();
    let mut i = 0usize;
    while i < b.len() {
        let line_start = i == 0 || matches!(b[i - 1], b'\n' | b'\r');
        if line_start && b[i].is_ascii_digit() {
            if let Some((num, gen, len)) = object_header(&b[i..]) {
                objects.insert(num, (gen, i));
                i += len;
                continue;
            }
        }
        i += 1;
    }
    if objects.is_empty() {
        return None;
    }
    let trailer = old_trailer(b).or_else(|| {
        let catalog = objects.iter().find(|(_, &(_, at))| {
            let end = b.get(at..).and_then(|r| find(r, b"endobj")).map(|e| at + e).unwrap_or(b.len());
            let body = &b[at..end];
            find(body, b"/Catalog").is_some()
        })?;
        Some(format!("<< /Root {} {} R >>", catalog.0, catalog.1 .0))
    })?;
    let size = objects.keys().next_back().copied().unwrap_or(0) + 1;
    // The library insists on /Size, which the new table decides.
    let trailer = match regex::Regex::new(r"/Size\s+\d+") {
        Ok(re) => re.replace_all(&trailer, "").to_string(),
        Err(_) => trailer,
    };
    let trailer = trailer.replacen("<<", &format!("<< /Size {size}"), 1);
    let mut out = b.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let xref_at = out.len();
    let mut table = format!("xref\n0 {size}\n0000000000 65535 f \n");
    for n in 1..size {
        match objects.get(&n) {
            Some((gen, at)) => table.push_str(&format!("{at:010} {gen:05} n \n")),
            None => table.push_str("0000000000 65535 f \n"),
        }
    }
    out.extend_from_slice(table.as_bytes());
    out.extend_from_slice(format!("trailer\n{trailer}\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    Some(out)
}

/// `N G obj` at the start of `b`: (N, G, bytes taken).
fn object_header(b: &[u8]) -> Option<(u32, u16, usize)> {
    let mut i = 0;
    let num_end = b.iter().position(|c| !c.is_ascii_digit())?;
    let num: u32 = std::str::from_utf8(&b[..num_end]).ok()?.parse().ok()?;
    i += num_end;
    let ws = b[i..].iter().take_while(|c| **c == b' ').count();
    if ws == 0 {
        return None;
    }
    i += ws;
    let gen_len = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    if gen_len == 0 || gen_len > 5 {
        return None;
    }
    let gen: u16 = std::str::from_utf8(&b[i..i + gen_len]).ok()?.parse().ok()?;
    i += gen_len;
    let ws = b[i..].iter().take_while(|c| c.is_ascii_whitespace()).count();
    if ws == 0 || !b[i + ws..].starts_with(b"obj") {
        return None;
    }
    Some((num, gen, i + ws + 3))
}

/// The last trailer dictionary's text, without the keys that point at the old
/// cross-reference data (`/Prev`, `/XRefStm`).
fn old_trailer(b: &[u8]) -> Option<String> {
    let t = rfind(b, b"trailer")?;
    let open = t + find(&b[t..], b"<<")?;
    let mut depth = 0usize;
    let mut i = open;
    while i + 1 < b.len() {
        if &b[i..i + 2] == b"<<" {
            depth += 1;
            i += 2;
            continue;
        }
        if &b[i..i + 2] == b">>" {
            depth -= 1;
            i += 2;
            if depth == 0 {
                break;
            }
            continue;
        }
        i += 1;
    }
    let text = String::from_utf8_lossy(&b[open..i]).to_string();
    let cleaned = regex::Regex::new(r"/(Prev|XRefStm)\s+\d+").ok()?.replace_all(&text, "").to_string();
    cleaned.contains("/Root").then_some(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_measured_outside_strings_and_streams() {
        assert_eq!(max_nesting(b"1 0 obj << /A [[1] (((( [[[[ )))) ] >> endobj"), 3);
        let deep = format!("1 0 obj {} endobj", "[".repeat(5000));
        assert!(prescan(deep.as_bytes(), 1 << 20).is_err());
        assert_eq!(max_nesting(b"<< /Length 4 >> stream\n[[[[\nendstream"), 1);
    }

    #[test]
    fn object_headers() {
        assert_eq!(object_header(b"12 0 obj\n<<"), Some((12, 0, 8)));
        assert_eq!(object_header(b"12 0 R"), None);
        assert_eq!(object_header(b"2019 nam"), None);
    }
}
