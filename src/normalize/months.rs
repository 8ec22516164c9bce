//! Months and quarters of a project's timing column: "Tháng 5 - 11/2023",
//! "Quý II/2023", "Quý I - IV", "5", "T5-T11", "tháng 3", "Cả năm".

/// Start and end month. "Tháng 5 - 11/2023" → (5, 11); "Quý II/2023" → (4, 6);
/// "Quý I - IV" → (1, 12); "5" → (5, 5); "T5-T11" → (5, 11); "Cả năm" → (1, 12).
/// Years are ignored. A start after the end (a span across a new year) is
/// returned as printed. Anything that is not a month or quarter → `None`.
pub fn parse_months(s: &str) -> Option<(u32, u32)> {
    let f = super::fold(&super::strip_markup(s));
    let f = f.trim();
    if f.is_empty() {
        return None;
    }
    if !only_month_words(f) {
        return None;
    }
    let toks = tokens(f);
    if toks.is_empty() {
        return None;
    }
    let words: Vec<&str> = toks.iter().filter_map(|t| if let Tok::Word(w) = t { Some(w.as_str()) } else { None }).collect();
    if words.windows(2).any(|w| w == ["ca", "nam"]) || words == ["ca", "nam"] {
        // "Cả năm", "Cả năm 2023".
        let others_ok = toks.iter().all(|t| match t {
            Tok::Word(w) => matches!(w.as_str(), "ca" | "nam" | "trong"),
            Tok::Num(n) => (1900..=2100).contains(n),
        });
        return others_ok.then_some((1, 12));
    }
    if words.contains(&"quy") {
        let mut qs = Vec::new();
        for t in &toks {
            match t {
                Tok::Word(w) => match w.as_str() {
                    "quy" | "den" | "tu" | "va" | "nam" => {}
                    w => qs.push(roman(w)?),
                },
                Tok::Num(n) if (1..=4).contains(n) => qs.push(*n),
                Tok::Num(n) if (1900..=2100).contains(n) => {}
                Tok::Num(_) => return None,
            }
        }
        let (a, b) = (*qs.first()?, *qs.last()?);
        return Some(((a - 1) * 3 + 1, b * 3));
    }
    // "6 tháng", "3 tháng/lớp": a duration, not a month.
    if toks.windows(2).any(|w| matches!((&w[0], &w[1]), (Tok::Num(n), Tok::Word(x)) if *n <= 12 && (x == "thang" || x == "th"))) {
        return None;
    }
    let mut ms = Vec::new();
    for t in &toks {
        match t {
            Tok::Word(w) => {
                if !matches!(w.as_str(), "thang" | "t" | "tu" | "den" | "va" | "nam" | "th") {
                    return None;
                }
            }
            Tok::Num(n) if (1..=12).contains(n) => ms.push(*n),
            Tok::Num(n) if (1900..=2100).contains(n) => {}
            Tok::Num(_) => return None,
        }
    }
    match ms.as_slice() {
        [] => None,
        [m] => Some((*m, *m)),
        [a, .., b] => Some((*a, *b)),
    }
}

/// Whether every word of a folded cell is one a month, quarter or "cả năm"
/// phrase can hold — what every reading below requires, checked without
/// building tokens: most cells asked (labels, implementers) fail at once.
fn only_month_words(f: &str) -> bool {
    let mut word = String::new();
    let mut ok = true;
    let mut end_word = |w: &mut String| {
        if !w.is_empty() {
            ok &= matches!(
                w.as_str(),
                "thang" | "t" | "tu" | "den" | "va" | "nam" | "th" | "quy" | "i" | "ii" | "iii" | "iv" | "ca" | "trong"
            );
            w.clear();
        }
    };
    for c in f.chars() {
        if c.is_alphanumeric() && !c.is_ascii_digit() {
            if word.len() >= 5 {
                return false;
            }
            word.push(c);
        } else {
            end_word(&mut word);
            if !(c.is_ascii_digit() || is_separator(c)) {
                return false;
            }
        }
    }
    end_word(&mut word);
    ok
}

/// What splits the words and numbers of a months cell ("5 - 11/2023",
/// "Quý III, IV"): dashes, slashes, commas and the like, and white space.
fn is_separator(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '/' | ',' | '+' | '(' | ')' | ':' | ';' | '~') || c.is_whitespace()
}

enum Tok {
    Word(String),
    Num(u32),
}

/// Words (ASCII letters) and numbers; separators (`-`, `/`, `,`, spaces,
/// `đến`, `+`) only split.
fn tokens(f: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<Tok>| {
        if cur.is_empty() {
            return;
        }
        if cur.chars().all(|c| c.is_ascii_digit()) {
            out.push(cur.parse().map(Tok::Num).unwrap_or(Tok::Word(String::from("?"))));
        } else {
            out.push(Tok::Word(std::mem::take(cur)));
        }
        cur.clear();
    };
    for c in f.chars() {
        let kind_changes = cur.chars().next_back().is_some_and(|p| p.is_ascii_digit() != c.is_ascii_digit());
        if c.is_alphanumeric() {
            if kind_changes {
                flush(&mut cur, &mut out);
            }
            cur.push(c);
        } else if is_separator(c) {
            flush(&mut cur, &mut out);
        } else {
            flush(&mut cur, &mut out);
            out.push(Tok::Word(c.to_string()));
        }
    }
    flush(&mut cur, &mut out);
    out
}

fn roman(w: &str) -> Option<u32> {
    match w {
        "i" => Some(1),
        "ii" => Some(2),
        "iii" => Some(3),
        "iv" => Some(4),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_examples() {
        assert_eq!(parse_months("Tháng 5 - 11/2023"), Some((5, 11)));
        assert_eq!(parse_months("Quý II/2023"), Some((4, 6)));
        assert_eq!(parse_months("Quý I - IV"), Some((1, 12)));
        assert_eq!(parse_months("5"), Some((5, 5)));
        assert_eq!(parse_months("T5-T11"), Some((5, 11)));
        assert_eq!(parse_months("tháng 3"), Some((3, 3)));
        assert_eq!(parse_months("Cả năm"), Some((1, 12)));
    }

    #[test]
    fn more_forms() {
        assert_eq!(parse_months("Từ tháng 4 đến tháng 12"), Some((4, 12)));
        assert_eq!(parse_months("5/2023 - 11/2023"), Some((5, 11)));
        assert_eq!(parse_months("Quý 3"), Some((7, 9)));
        assert_eq!(parse_months("QUÝ III, IV năm 2020"), Some((7, 12)));
        assert_eq!(parse_months("Cả năm 2023"), Some((1, 12)));
        assert_eq!(parse_months(" 12 "), Some((12, 12)));
        assert_eq!(parse_months("Tháng 10/2023 - 3/2024"), Some((10, 3)));
    }

    #[test]
    fn not_months() {
        for s in ["", "-", "13", "0", "Trung tâm KC&TVP TCN", "680.000", "Quý V", "Tháng 5 nhé", "2.1", "Quý 5"] {
            assert_eq!(parse_months(s), None, "{s:?}");
        }
    }

    #[test]
    fn fixture_month_cells() {
        // Đồng Nai project rows: the two cells before the money are months.
        let dn = crate::normalize::test_fixture("dong_nai_2020.txt");
        let row = dn.lines().find(|l| l.starts_with("1.1\t")).unwrap_or_default();
        let cells: Vec<&str> = row.split('\t').collect();
        assert_eq!(cells.get(5).and_then(|c| parse_months(c)), Some((4, 4)));
        assert_eq!(cells.get(6).and_then(|c| parse_months(c)), Some((12, 12)));
    }
}
