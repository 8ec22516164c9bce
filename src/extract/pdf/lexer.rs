//! A forgiving content-stream tokenizer. lopdf's parser stops silently at the
//! first thing it does not understand (an inline image, a stray delimiter) and
//! drops the rest of the page; this one skips the bad byte and carries on, and
//! steps over inline image data.

use lopdf::content::Operation;
use lopdf::{Dictionary, Object, StringFormat};

const MAX_OPERANDS: usize = 10_000;
const MAX_DEPTH: usize = 32;

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

struct Lexer<'a> {
    b: &'a [u8],
    i: usize,
}

/// What one token is.
enum Tok {
    Obj(Object),
    Keyword(Vec<u8>),
    ArrayOpen,
    ArrayClose,
    DictOpen,
    DictClose,
    /// A byte that starts nothing valid; skipped.
    Junk,
}

impl<'a> Lexer<'a> {
    fn skip_ws(&mut self) {
        while self.i < self.b.len() {
            let c = self.b[self.i];
            if is_ws(c) {
                self.i += 1;
            } else if c == b'%' {
                while self.i < self.b.len() && self.b[self.i] != b'\n' && self.b[self.i] != b'\r' {
                    self.i += 1;
                }
            } else {
                break;
            }
        }
    }

    fn next(&mut self) -> Option<Tok> {
        self.skip_ws();
        let c = *self.b.get(self.i)?;
        match c {
            b'(' => Some(Tok::Obj(Object::String(self.literal(), StringFormat::Literal))),
            b'<' if self.b.get(self.i + 1) == Some(&b'<') => {
                self.i += 2;
                Some(Tok::DictOpen)
            }
            b'>' if self.b.get(self.i + 1) == Some(&b'>') => {
                self.i += 2;
                Some(Tok::DictClose)
            }
            b'<' => Some(Tok::Obj(Object::String(self.hex(), StringFormat::Hexadecimal))),
            b'[' => {
                self.i += 1;
                Some(Tok::ArrayOpen)
            }
            b']' => {
                self.i += 1;
                Some(Tok::ArrayClose)
            }
            b'/' => {
                self.i += 1;
                Some(Tok::Obj(Object::Name(self.name())))
            }
            b')' | b'>' | b'{' | b'}' => {
                self.i += 1;
                Some(Tok::Junk)
            }
            _ => {
                let start = self.i;
                while self.i < self.b.len() && !is_ws(self.b[self.i]) && !is_delim(self.b[self.i]) {
                    self.i += 1;
                }
                let word = &self.b[start..self.i];
                if word.is_empty() {
                    self.i += 1;
                    return Some(Tok::Junk);
                }
                Some(number(word).map(Tok::Obj).unwrap_or_else(|| match word {
                    b"true" => Tok::Obj(Object::Boolean(true)),
                    b"false" => Tok::Obj(Object::Boolean(false)),
                    b"null" => Tok::Obj(Object::Null),
                    _ => Tok::Keyword(word.to_vec()),
                }))
            }
        }
    }

    fn literal(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 0usize;
        self.i += 1; // (
        while self.i < self.b.len() {
            let c = self.b[self.i];
            self.i += 1;
            match c {
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    if depth == 0 {
                        return out;
                    }
                    depth -= 1;
                    out.push(c);
                }
                b'\\' => {
                    let Some(&e) = self.b.get(self.i) else { break };
                    self.i += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.b.get(self.i) == Some(&b'\n') {
                                self.i += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = (e - b'0') as u32;
                            for _ in 0..2 {
                                match self.b.get(self.i) {
                                    Some(&d) if (b'0'..=b'7').contains(&d) => {
                                        v = v * 8 + (d - b'0') as u32;
                                        self.i += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xFF) as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(c),
            }
        }
        out
    }

    fn hex(&mut self) -> Vec<u8> {
        self.i += 1; // <
        let mut digits = Vec::new();
        while self.i < self.b.len() {
            let c = self.b[self.i];
            self.i += 1;
            if c == b'>' {
                break;
            }
            if let Some(d) = (c as char).to_digit(16) {
                digits.push(d as u8);
            }
        }
        digits.chunks(2).map(|p| (p[0] << 4) | p.get(1).copied().unwrap_or(0)).collect()
    }

    fn name(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while self.i < self.b.len() && !is_ws(self.b[self.i]) && !is_delim(self.b[self.i]) {
            let c = self.b[self.i];
            if c == b'#' {
                let h = self.b.get(self.i + 1..self.i + 3).and_then(|h| std::str::from_utf8(h).ok());
                if let Some(v) = h.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    out.push(v);
                    self.i += 3;
                    continue;
                }
            }
            out.push(c);
            self.i += 1;
        }
        out
    }

    /// Reads an object after its first token (arrays and dictionaries nest).
    fn object(&mut self, first: Tok, depth: usize) -> Option<Object> {
        match first {
            Tok::Obj(o) => Some(o),
            Tok::ArrayOpen if depth < MAX_DEPTH => {
                let mut items = Vec::new();
                while let Some(t) = self.next() {
                    match t {
                        Tok::ArrayClose => break,
                        Tok::Keyword(_) | Tok::Junk | Tok::DictClose => {}
                        other => {
                            if let Some(o) = self.object(other, depth + 1) {
                                if items.len() < MAX_OPERANDS {
                                    items.push(o);
                                }
                            }
                        }
                    }
                }
                Some(Object::Array(items))
            }
            Tok::DictOpen if depth < MAX_DEPTH => {
                let mut d = Dictionary::new();
                let mut key: Option<Vec<u8>> = None;
                while let Some(t) = self.next() {
                    match t {
                        Tok::DictClose => break,
                        Tok::Keyword(_) | Tok::Junk | Tok::ArrayClose => {}
                        other => {
                            let Some(o) = self.object(other, depth + 1) else { continue };
                            match (key.take(), o) {
                                (None, Object::Name(n)) => key = Some(n),
                                (Some(k), v) => d.set(k, v),
                                (None, _) => {}
                            }
                        }
                    }
                }
                Some(Object::Dictionary(d))
            }
            _ => None,
        }
    }

    /// After BI: skips the image dictionary and data up to EI.
    fn skip_inline_image(&mut self) {
        // dictionary part, up to the ID keyword
        while let Some(t) = self.next() {
            if let Tok::Keyword(k) = t {
                if k == b"ID" {
                    break;
                }
            }
        }
        // one white-space byte after ID, then binary data ending in <ws>EI<ws|eof>
        self.i += 1;
        while self.i + 1 < self.b.len() {
            let at_ei = self.b[self.i] == b'E'
                && self.b[self.i + 1] == b'I'
                && self.i > 0
                && is_ws(self.b[self.i - 1])
                && self.b.get(self.i + 2).map(|&c| is_ws(c) || is_delim(c)).unwrap_or(true);
            if at_ei {
                self.i += 2;
                return;
            }
            self.i += 1;
        }
        self.i = self.b.len();
    }
}

fn number(w: &[u8]) -> Option<Object> {
    let s = std::str::from_utf8(w).ok()?;
    let first = *w.first()?;
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return None;
    }
    if !s.contains('.') {
        if let Ok(i) = s.parse::<i64>() {
            return Some(Object::Integer(i));
        }
    }
    // PDF reals have no exponent; tolerate "--5" and "5." from sloppy writers
    let t = s.trim_start_matches(['+', '-']);
    let neg = s.starts_with('-');
    let t = t.strip_suffix('.').unwrap_or(t);
    let v: f32 = if t.is_empty() { 0.0 } else { t.parse().ok()? };
    Some(Object::Real(if neg { -v } else { v }))
}

/// Splits a content stream into operations; never fails.
#[cfg(test)]
pub fn operations(content: &[u8]) -> Vec<Operation> {
    Operations::new(content).collect()
}

/// The operations of a content stream, lexed one at a time as they are
/// asked for: a stream of ten million operators is never held as ten million
/// tokens, and the interpreter's operation budget stops the lexing too.
pub struct Operations<'a> {
    lx: Lexer<'a>,
    operands: Vec<Object>,
}

impl<'a> Operations<'a> {
    /// Operations of `content`, from its start.
    pub fn new(content: &'a [u8]) -> Self {
        Operations { lx: Lexer { b: content, i: 0 }, operands: Vec::new() }
    }
}

impl Iterator for Operations<'_> {
    type Item = Operation;

    fn next(&mut self) -> Option<Operation> {
        while let Some(t) = self.lx.next() {
            match t {
                Tok::Keyword(k) => {
                    let op = String::from_utf8_lossy(&k).to_string();
                    if op == "BI" {
                        self.lx.skip_inline_image();
                    }
                    return Some(Operation { operator: op, operands: std::mem::take(&mut self.operands) });
                }
                Tok::Junk | Tok::ArrayClose | Tok::DictClose => {}
                other => {
                    if let Some(o) = self.lx.object(other, 0) {
                        if self.operands.len() < MAX_OPERANDS {
                            self.operands.push(o);
                        }
                    }
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_strings_and_inline_images() {
        let src = b"q 1 0 0 1 72.5 -.5 cm BI /W 2 /H 1 ID \x00EI\xff EI Q\n\
            BT /F1 12 Tf [(a\\(b\\)c) -250 <4142>] TJ (x\\101y) Tj ET } /N#20x Do";
        let ops = operations(src);
        let names: Vec<&str> = ops.iter().map(|o| o.operator.as_str()).collect();
        assert_eq!(names, vec!["q", "cm", "BI", "Q", "BT", "Tf", "TJ", "Tj", "ET", "Do"]);
        assert!(matches!(ops[1].operands[5], Object::Real(v) if (v + 0.5).abs() < 1e-6));
        match &ops[6].operands[0] {
            Object::Array(a) => {
                assert!(matches!(&a[0], Object::String(s, _) if s == b"a(b)c"));
                assert!(matches!(&a[2], Object::String(s, _) if s == b"AB"));
            }
            _ => panic!("TJ operand"),
        }
        assert!(matches!(&ops[7].operands[0], Object::String(s, _) if s == b"xAy"));
        assert!(matches!(&ops[9].operands[0], Object::Name(n) if n == b"N x"));
    }
}
