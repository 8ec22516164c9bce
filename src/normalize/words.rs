//! Amounts written in words ("Mười tỷ, chín trăm tám mươi bảy triệu hai trăm
//! năm mươi ngàn đồng chẵn"), read so the total in words can be checked
//! against the printed figure, and the inverse reading for round-trip tests.
use std::ops::Range;

/// What one (folded) word means in a Vietnamese numeral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum W {
    Digit(i128),
    /// mươi / mười (context decides: after a digit ×10, else 10).
    Muoi,
    Tram,
    /// linh / lẻ: the tens are zero.
    Linh,
    /// nghìn / ngàn, triệu, tỷ / tỉ.
    Big(i128),
    /// đồng, chẵn, VNĐ … (ignored).
    Skip,
}

fn classify(folded: &str) -> Option<W> {
    Some(match folded {
        "khong" => W::Digit(0),
        "mot" => W::Digit(1),
        "hai" => W::Digit(2),
        "ba" => W::Digit(3),
        "bon" | "tu" => W::Digit(4),
        "nam" | "lam" | "nham" => W::Digit(5),
        "sau" => W::Digit(6),
        "bay" => W::Digit(7),
        "tam" => W::Digit(8),
        "chin" => W::Digit(9),
        "muoi" | "chuc" => W::Muoi,
        "tram" => W::Tram,
        "linh" | "le" => W::Linh,
        "nghin" | "ngan" => W::Big(1_000),
        "trieu" => W::Big(1_000_000),
        "ty" | "ti" => W::Big(1_000_000_000),
        "dong" | "chan" | "vnd" | "d" => W::Skip,
        _ => return None,
    })
}

/// Reads a Vietnamese numeral: "Mười tỷ, chín trăm tám mươi bảy triệu hai
/// trăm năm mươi ngàn đồng chẵn" → 10_987_250_000. Knows lẻ/linh, mốt,
/// lăm/nhăm, tư, nghìn/ngàn, mươi/mười, trăm, triệu, tỷ/tỉ, "không trăm";
/// case and accents are ignored (OCR may drop them), punctuation, "đồng",
/// "chẵn", "VNĐ" and "./." too; a leading "Bằng chữ:" / "Số tiền" is skipped.
/// Any other word, or digits in a wrong order ("hai ba"), gives `None`.
pub fn words_to_number(s: &str) -> Option<i128> {
    let folded = super::fold(s);
    let mut toks: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).collect();
    // Leading labels.
    while let Some(first) = toks.first() {
        if matches!(*first, "bang" | "chu" | "so" | "tien" | "viet") {
            toks.remove(0);
        } else {
            break;
        }
    }
    let ws: Vec<W> = toks.iter().map(|t| classify(t)).collect::<Option<Vec<_>>>()?;
    read(&ws)
}

/// The value of a sequence of classified words.
fn read(ws: &[W]) -> Option<i128> {
    let ws: Vec<W> = ws.iter().copied().filter(|w| *w != W::Skip).collect();
    let mut parts: Vec<i128> = Vec::new();
    let mut small: i128 = 0;
    // Place reached inside the group below a thousand: 0 nothing yet,
    // 1 hundreds read, 2 tens read (or linh), 3 units read.
    let mut stage = 0;
    let mut any = false;
    let mut i = 0;
    while i < ws.len() {
        match ws[i] {
            W::Skip => {}
            W::Digit(d) => {
                match ws.get(i + 1) {
                    Some(W::Tram) => {
                        if stage != 0 {
                            return None;
                        }
                        small += d * 100;
                        stage = 1;
                        i += 1;
                    }
                    Some(W::Muoi) => {
                        if stage >= 2 || d < 2 {
                            return None;
                        }
                        small += d * 10;
                        stage = 2;
                        i += 1;
                    }
                    _ => {
                        if stage >= 3 {
                            return None;
                        }
                        small += d;
                        stage = 3;
                    }
                }
                any = true;
            }
            W::Tram => {
                if stage != 0 {
                    return None;
                }
                small += 100;
                stage = 1;
                any = true;
            }
            W::Muoi => {
                if stage >= 2 {
                    return None;
                }
                small += 10;
                stage = 2;
                any = true;
            }
            W::Linh => {
                if i + 1 == ws.len() {
                    // "… đồng lẻ": no value.
                } else if stage == 1 {
                    stage = 2;
                } else {
                    return None;
                }
            }
            W::Big(m) => {
                let mut x = small;
                let empty = stage == 0;
                let mut popped = false;
                while let Some(last) = parts.last() {
                    if *last < m {
                        x = x.checked_add(parts.pop()?)?;
                        popped = true;
                    } else {
                        break;
                    }
                }
                if empty && !popped {
                    // "… tỷ tỷ": the multiplier applies to what came before.
                    x = parts.pop()?;
                }
                if x == 0 {
                    return None;
                }
                parts.push(x.checked_mul(m)?);
                small = 0;
                stage = 0;
                any = true;
            }
        }
        i += 1;
    }
    if !any {
        return None;
    }
    let mut total = small;
    for p in parts {
        total = total.checked_add(p)?;
    }
    Some(total)
}

/// Spans of amounts in words that end in "đồng" (often in parentheses,
/// possibly italic), with their value: "(Mười tỷ, chín trăm … ngàn đồng
/// chẵn)". The span covers the number words, "đồng" and a following "chẵn".
/// A run must name nghìn/triệu/tỷ, so "năm đồng" in prose is not an amount;
/// when leading words do not fit ("trong năm hai tỷ đồng") they are dropped.
pub fn find_amounts_in_words(s: &str) -> Vec<(Range<usize>, i128)> {
    // Words with byte ranges.
    let mut words: Vec<(Range<usize>, String)> = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if c.is_alphabetic() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(st) = start.take() {
            words.push((st..i, super::fold(&s[st..i])));
        }
    }
    if let Some(st) = start {
        words.push((st..s.len(), super::fold(&s[st..])));
    }
    let gap_ok =
        |a: usize, b: usize| s.get(a..b).is_some_and(|g| g.chars().all(|c| c.is_whitespace() || matches!(c, ',' | '-' | '–' | '*')));
    let mut out = Vec::new();
    for (k, (r, w)) in words.iter().enumerate() {
        if w != "dong" {
            continue;
        }
        // Walk back over number words joined by spaces/commas.
        let mut first = k;
        while first > 0 {
            let (pr, pw) = &words[first - 1];
            let Some(cls) = classify(pw) else { break };
            if cls == W::Skip || !gap_ok(pr.end, words[first].0.start) {
                break;
            }
            first -= 1;
        }
        if first == k {
            continue;
        }
        let mut end = r.end;
        if let Some((nr, nw)) = words.get(k + 1) {
            if nw == "chan" && gap_ok(end, nr.start) {
                end = nr.end;
            }
        }
        for f in first..k {
            let ws: Vec<W> = words[f..k].iter().filter_map(|(_, w)| classify(w)).collect();
            if !ws.iter().any(|w| matches!(w, W::Big(_))) {
                break;
            }
            if let Some(v) = read(&ws) {
                out.push((words[f].0.start..end, v));
                break;
            }
        }
    }
    out
}

const DIGITS: [&str; 10] = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];

/// Standard Vietnamese reading of a whole number (the inverse of
/// [`words_to_number`]): 10_987_250_000 → "mười tỷ chín trăm tám mươi bảy
/// triệu hai trăm năm mươi nghìn"; 105 → "một trăm linh năm"; 21 → "hai mươi
/// mốt"; 1_000_000_005 → "một tỷ không trăm linh năm".
pub fn number_to_words(n: i128) -> String {
    if n == 0 {
        return DIGITS[0].to_string();
    }
    let mut out: Vec<&'static str> = Vec::new();
    if n < 0 {
        out.push("âm");
    }
    read_unsigned(n.unsigned_abs(), false, &mut out);
    out.join(" ")
}

fn read_unsigned(n: u128, full: bool, out: &mut Vec<&'static str>) {
    const TY: u128 = 1_000_000_000;
    if n >= TY {
        read_unsigned(n / TY, full, out);
        out.push("tỷ");
        let lo = n % TY;
        if lo > 0 {
            read_below_ty(lo, true, out);
        }
    } else {
        read_below_ty(n, full, out);
    }
}

fn read_below_ty(n: u128, full: bool, out: &mut Vec<&'static str>) {
    let groups = [(n / 1_000_000, Some("triệu")), ((n / 1_000) % 1_000, Some("nghìn")), (n % 1_000, None)];
    let mut seen = full;
    for (g, name) in groups {
        if g == 0 {
            continue;
        }
        read_group(g as usize, seen, out);
        if let Some(nm) = name {
            out.push(nm);
        }
        seen = true;
    }
}

/// One group below a thousand; `full` when a higher group was read, so that
/// hundreds and tens are spelled out ("không trăm linh năm").
fn read_group(n: usize, full: bool, out: &mut Vec<&'static str>) {
    let (h, t, u) = (n / 100, (n / 10) % 10, n % 10);
    if full || h > 0 {
        out.push(DIGITS[h]);
        out.push("trăm");
    }
    match t {
        0 => {
            if u > 0 {
                if full || h > 0 {
                    out.push("linh");
                }
                out.push(DIGITS[u]);
            }
        }
        1 => {
            out.push("mười");
            match u {
                0 => {}
                5 => out.push("lăm"),
                _ => out.push(DIGITS[u]),
            }
        }
        _ => {
            out.push(DIGITS[t]);
            out.push("mươi");
            match u {
                0 => {}
                1 => out.push("mốt"),
                4 => out.push("tư"),
                5 => out.push("lăm"),
                _ => out.push(DIGITS[u]),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixture_totals_in_words() {
        assert_eq!(words_to_number("Mười tỷ, chín trăm tám mươi bảy triệu hai trăm năm mươi ngàn đồng chẵn"), Some(10_987_250_000));
        assert_eq!(words_to_number("(Mười tỷ, chín trăm tám mươi bảy triệu, hai trăm năm mươi ngàn đồng)"), Some(10_987_250_000));
    }

    #[test]
    fn reading_rules() {
        let cases: [(&str, i128); 18] = [
            ("không", 0),
            ("mười", 10),
            ("mười lăm", 15),
            ("mười một", 11),
            ("hai mươi mốt", 21),
            ("hai mươi tư", 24),
            ("ba mươi nhăm", 35),
            ("một trăm linh năm", 105),
            ("một trăm lẻ năm", 105),
            ("hai trăm", 200),
            ("một nghìn không trăm linh một", 1001),
            ("một triệu không trăm năm mươi nghìn", 1_050_000),
            ("một nghìn tỷ", 1_000_000_000_000),
            ("Một Tỉ Hai Trăm Triệu Đồng./.", 1_200_000_000),
            ("mot ty hai tram trieu dong", 1_200_000_000),
            ("Bằng chữ: năm triệu đồng chẵn", 5_000_000),
            ("trăm nghìn", 100_000),
            ("hai chục", 20),
        ];
        for (s, v) in cases {
            assert_eq!(words_to_number(s), Some(v), "{s}");
        }
    }

    #[test]
    fn refused() {
        for s in ["", "đồng", "hai ba", "mười hai mươi", "năm 2020", "Đồng Nai", "một mươi", "trăm trăm"] {
            assert_eq!(words_to_number(s), None, "{s:?}");
        }
    }

    #[test]
    fn inverse_reading() {
        assert_eq!(number_to_words(10_987_250_000), "mười tỷ chín trăm tám mươi bảy triệu hai trăm năm mươi nghìn");
        assert_eq!(number_to_words(105), "một trăm linh năm");
        assert_eq!(number_to_words(21), "hai mươi mốt");
        assert_eq!(number_to_words(15), "mười lăm");
        assert_eq!(number_to_words(1_000_000_005), "một tỷ không trăm linh năm");
        assert_eq!(number_to_words(0), "không");
        assert_eq!(number_to_words(1_001_000_000_000), "một nghìn không trăm linh một tỷ");
    }

    #[test]
    fn round_trip_property() {
        // Deterministic pseudo-random values of every magnitude, plus edges.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut vals: Vec<i128> = (0..1100).collect();
        for _ in 0..3000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = (x % 16) as u32 + 1;
            vals.push((x as i128) % 10i128.pow(digits));
        }
        vals.extend([1_000, 1_000_000, 1_000_000_000, 1_000_000_000_000, 10_000_000_010, 999_999_999_999_999]);
        for v in vals {
            let w = number_to_words(v);
            assert_eq!(words_to_number(&w), Some(v), "{v} → {w}");
        }
    }

    #[test]
    fn amounts_in_prose() {
        let dn = crate::normalize::test_fixture("dong_nai_2020.txt");
        let text = crate::normalize::strip_markup(&dn);
        let found = find_amounts_in_words(&text);
        assert_eq!(found.len(), 2, "{found:?}");
        for (r, v) in &found {
            assert_eq!(*v, 10_987_250_000);
            assert!(text[r.clone()].starts_with("Mười tỷ"), "{}", &text[r.clone()]);
        }
        assert!(text[found[0].0.clone()].ends_with("đồng chẵn"));
        // Markup left in place (italic stars) does not break a span either.
        let raw = dn.lines().find(|l| l.contains("(*Mười")).unwrap_or_default();
        let f = find_amounts_in_words(raw);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].1, 10_987_250_000);
        // Tesseract's reading of the same sentence in the scan: "trắm", "chằn",
        // a line break inside the words.
        let ocr = "Tống kinh phí thực hiện nhiệm vụ khuyến công địa phương năm 2020 là\n10.987.250.000 đồng (*Mười tỷ, chín trăm tám mươi bảy triệu hai trắm năm mươi ngàn\nđồng chằn*), trong đó: :";
        let f = find_amounts_in_words(ocr);
        assert_eq!(f.iter().map(|(_, v)| *v).collect::<Vec<_>>(), vec![10_987_250_000]);
        assert!(ocr[f[0].0.clone()].ends_with("đồng chằn"));
        assert_eq!(crate::normalize::find_money_phrases(ocr).into_iter().map(|(_, v)| v).collect::<Vec<_>>(), vec![10_987_250_000]);
        // Prose words that are not amounts.
        assert!(find_amounts_in_words("trong năm đồng thời hỗ trợ").is_empty());
        assert_eq!(find_amounts_in_words("trong năm hai tỷ đồng").into_iter().map(|(_, v)| v).collect::<Vec<_>>(), vec![2_000_000_000]);
    }
}
