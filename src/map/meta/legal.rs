//! Legal bases: every document cited in the preamble's "Căn cứ …" clauses.
use super::*;

/// The "Căn cứ …" clauses of the preamble, with wrapped lines joined (a
/// line may break anywhere, even inside a number: "63/2010/" / "NĐ-CP;").
/// After a clause that ends with ";" or ":" the list may go on without its
/// own "Căn cứ": "- Nghị định số …;" items, or "Luật …;" / "Nghị định số …"
/// lines. Page numbers between clauses are skipped. The preamble ends at the
/// first other paragraph: "Xét …", "Theo đề nghị …", "Thực hiện …", a heading
/// in capitals ("QUYẾT ĐỊNH:"), "Điều 1.", the body's prose (but a line that
/// another "Căn cứ" soon follows is a wrap: OCR closes clauses with specks).
pub(super) fn can_cu_clauses(segs: &[Seg]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for (i, s) in segs.iter().enumerate() {
        if s.text.is_empty() || is_page_number(&s.text) {
            continue;
        }
        if is_can_cu(&s.fold) {
            out.push(s.text.clone());
            open = !ends_clause(&s.text);
            continue;
        }
        let f = s.fold.trim_start_matches(['-', '+', '*', '•', ' ']);
        let listed = out.last().is_some_and(|l| l.trim_end().ends_with([';', ':']));
        if !out.is_empty() && !open && garbled_can_cu(f) && !find_docnos(&s.text).is_empty() {
            out.push(s.text.clone());
            open = !ends_clause(&s.text);
            continue;
        }
        let heading = is_upper_heading(&s.text) && s.text.split_whitespace().count() >= 2;
        let ends_preamble = f.starts_with("xet ") || f.starts_with("theo de nghi") || heading || starts_numbered(f);
        if open && !ends_preamble {
            if let Some(last) = out.last_mut() {
                last.push(' ');
                last.push_str(&s.text);
            }
            open = !ends_clause(&s.text);
            continue;
        }
        if listed && !ends_preamble && (s.fold.trim_start().starts_with(['-', '+', '*', '•']) || starts_with_citation(f)) {
            out.push(s.text.clone());
            open = !ends_clause(&s.text);
            continue;
        }
        // a clause closed too early by a stray mark ("… của UBND tỉnh bạn ."):
        // where another "Căn cứ" follows within a few lines, this line wraps it
        let more = || segs.get(i + 1..).unwrap_or_default().iter().take(3).any(|n| is_can_cu(&n.fold));
        if !out.is_empty() && !ends_preamble && more() {
            if let Some(last) = out.last_mut() {
                last.push(' ');
                last.push_str(&s.text);
            }
            open = !ends_clause(&s.text);
            continue;
        }
        if !out.is_empty() {
            break;
        }
    }
    out
}

/// A "Căn cứ" that OCR garbled into a word or two of debris ("\"9. tử Quyết
/// định số 59/2015/QĐ-UBND …"), then a citation: the list goes on, where the
/// debris alone would read as a numbered paragraph that ends the preamble.
fn garbled_can_cu(f: &str) -> bool {
    let (mut rest, mut debris) = (f, 0);
    for _ in 0..2 {
        let Some((word, tail)) = rest.split_once(' ') else { return false };
        debris += word.chars().count();
        if debris > 6 {
            return false;
        }
        rest = tail.trim_start();
        if starts_with_citation(rest) {
            return true;
        }
    }
    false
}

/// A page number printed between two clauses: "2", "- 2 -", "Trang 2".
fn is_page_number(t: &str) -> bool {
    let t = t.trim().trim_start_matches("Trang").trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit())
}

/// A line that opens with the name of a kind of legal document ("Luật …",
/// "Nghị định số …", "Thông tư liên tịch số …").
fn starts_with_citation(f: &str) -> bool {
    const KINDS: &[&str] = &[
        "luat ",
        "bo luat ",
        "phap lenh ",
        "nghi dinh ",
        "thong tu ",
        "quyet dinh ",
        "nghi quyet ",
        "chi thi ",
        "van ban ",
        "cong van ",
        "ke hoach so ",
    ];
    KINDS.iter().any(|k| f.starts_with(k))
}

/// A line in capitals (a heading such as "QUYẾT ĐỊNH:"), with at least two letters.
pub(super) fn is_upper_heading(t: &str) -> bool {
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| !c.is_lowercase())
}

pub(super) fn ends_clause(t: &str) -> bool {
    t.trim_end().ends_with([';', '.', ':'])
}

/// Every document cited in the Căn cứ clauses, in order, each number once.
pub(super) fn legal_bases(segs: &[Seg]) -> Vec<LegalBasis> {
    let mut out: Vec<LegalBasis> = Vec::new();
    for clause in can_cu_clauses(segs) {
        for lb in clause_bases(&clause) {
            let dup = out.iter().any(|o| match (&o.number, &lb.number) {
                (Some(a), Some(b)) => a == b,
                // Two laws by title are one only where the same date says so.
                (None, None) => o.doc_type == lb.doc_type && o.date.is_some() && o.date == lb.date,
                _ => false,
            });
            if !dup {
                out.push(lb);
            }
        }
    }
    out
}

/// Citations in one clause: every document number, and every "Luật …" cited
/// by title at the start of a clause part.
pub(super) fn clause_bases(clause: &str) -> Vec<LegalBasis> {
    let mut out: Vec<(usize, LegalBasis)> = Vec::new();
    let nos = find_docnos(clause);
    let mut prev_end = 0;
    for (r, number) in &nos {
        let before = &clause[prev_end..r.start];
        let doc_type = type_before(before).or_else(|| type_from_number(number)).unwrap_or(DocType::Other);
        let (date, after_date) = date_after(clause, r.end);
        let issuer = issuer_after(clause, after_date);
        out.push((r.start, LegalBasis { number: Some(number.clone()), doc_type, date, issuer }));
        prev_end = r.end;
    }
    // Laws cited by title: "Luật Tổ chức … ngày 26 tháng 11 năm 2003".
    for part in clause_parts(clause) {
        let f = fold(part.1);
        let head = f.trim_start_matches(['-', '+', '*', '•', ' ']).trim_start_matches("can cu").trim_start_matches([':', ' ']);
        if !(head.starts_with("luat ") || head.starts_with("bo luat ")) {
            continue;
        }
        let part_range = part.0..part.0 + part.1.len();
        if nos.iter().any(|(r, _)| part_range.start <= r.start && r.end <= part_range.end) {
            continue;
        }
        let (date, _) = first_date_in(clause, part_range.clone());
        out.push((part.0, LegalBasis { number: None, doc_type: DocType::Luat, date, issuer: None }));
    }
    out.sort_by_key(|(pos, _)| *pos);
    out.into_iter().map(|(_, b)| b).collect()
}

/// The clause split at ";" into (byte offset, text) parts.
pub(super) fn clause_parts(clause: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in clause.char_indices() {
        if c == ';' {
            out.push((start, &clause[start..i]));
            start = i + 1;
        }
    }
    out.push((start, &clause[start..]));
    out.into_iter()
        .map(|(s, t)| {
            let trimmed = t.trim_start();
            (s + (t.len() - trimmed.len()), trimmed)
        })
        .collect()
}

/// The type named by the last type word before a number ("Nghị định số").
pub(super) fn type_before(before: &str) -> Option<DocType> {
    let w = words_only(&fold(before));
    let mut best: Option<(usize, DocType)> = None;
    for (k, t) in TYPE_WORDS {
        let key = format!(" {k} ");
        if let Some(pos) = w.rfind(&key) {
            let end = pos + key.len();
            if best.is_none_or(|(e, _)| end > e) {
                best = Some((end, *t));
            }
        }
    }
    best.map(|(_, t)| t)
}

/// A date right after a number ("…/NĐ-CP ngày 21 tháng 5 năm 2012",
/// "…-CP, ngày 21/5/2012"): ISO date and the byte offset after it.
pub(super) fn date_after(clause: &str, from: usize) -> (Option<String>, usize) {
    let rest = &clause[from..];
    if let Some((r, d)) = find_dates(rest).into_iter().next() {
        let gap = fold(&rest[..r.start]);
        let gap = gap.trim_matches(|c: char| c.is_whitespace() || c == ',');
        if gap.is_empty() || gap == "ngay" || gap == "ban hanh ngay" {
            return (Some(d.iso()), from + r.end);
        }
    }
    (None, from)
}

/// The first date inside a byte range of the clause.
pub(super) fn first_date_in(clause: &str, range: std::ops::Range<usize>) -> (Option<String>, usize) {
    let part = &clause[range.clone()];
    match find_dates(part).into_iter().next() {
        Some((r, d)) => (Some(d.iso()), range.start + r.end),
        None => (None, range.start),
    }
}

/// "… của Bộ Công Thương Quy định chi tiết …" → "Bộ Công Thương": the words
/// after "của" up to the subject matter ("về", "ban hành", "hướng dẫn",
/// "quy định", "phê duyệt" …) or punctuation.
pub(super) fn issuer_after(clause: &str, from: usize) -> Option<String> {
    let rest = clause.get(from..)?;
    let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
    let mut words = trimmed.split_whitespace();
    let first = words.next()?;
    if fold(first.trim_matches(|c: char| !c.is_alphanumeric())) != "cua" {
        return None;
    }
    // Words that open the subject matter: pairs stop in any case ("Bộ Công
    // Thương Quy định …"), single words only in lower case.
    const PAIR_STOPS: &[&str] = &[
        "ban hanh",
        "huong dan",
        "quy dinh",
        "phe duyet",
        "sua doi",
        "bo sung",
        "thanh lap",
        "thuc hien",
        "trien khai",
        "dieu chinh",
        "quyet dinh",
        "ve viec",
        "phan bo",
        "giao chi",
        "giao nhiem",
        "ke hoach",
        "chuong trinh",
        // "… của Bộ trưởng Bộ Công Thương và Thông tư số …": the next citation.
        "va thong",
        "va nghi",
        "va quyet",
        "va luat",
        "va chi",
        "va van",
        "va cong",
    ];
    const WORD_STOPS: &[&str] = &["ve", "tai", "v/v", "theo", "ngay", "cho", "kem", "voi", "nham", "tren", "trong", "so", "nam"];
    let ws: Vec<&str> = words.collect();
    let mut out: Vec<&str> = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let core = w.trim_end_matches([',', ';', '.', ')', ':']);
        let f = fold(core);
        let next = ws.get(i + 1).map(|n| fold(n.trim_end_matches([',', ';', '.', ')', ':']))).unwrap_or_default();
        let pair = format!("{f} {next}");
        let lower_start = core.chars().next().is_some_and(|c| c.is_lowercase());
        let is_stop = PAIR_STOPS.contains(&pair.as_str()) || (lower_start && WORD_STOPS.contains(&f.as_str()));
        if is_stop && !out.is_empty() {
            break;
        }
        // "của Bộ Chính trị, Ban Bí thư": a comma may join two issuers, but
        // not a next citation ("…, Quyết định số …") or the subject.
        let joins_issuer = core.len() + 1 == w.len()
            && w.ends_with(',')
            && ws.get(i + 1).is_some_and(|n| n.chars().next().is_some_and(|c| c.is_uppercase()))
            && !starts_with_citation(&format!("{} ", fold(&ws[i + 1..].join(" "))));
        out.push(if joins_issuer { w } else { core });
        if (core.len() != w.len() && !joins_issuer) || out.len() >= 14 {
            break;
        }
    }
    while out.last().is_some_and(|w| matches!(*w, "-" | "–" | "và")) {
        out.pop();
    }
    let s = out.join(" ");
    let s = s.trim_end_matches([',', ' ']);
    (!s.is_empty()).then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cell;

    fn segs_of(text: &str) -> Vec<Seg> {
        let lines: Vec<Line> = text
            .lines()
            .enumerate()
            .map(|(i, l)| Line {
                page: 1,
                number: i as u32 + 1,
                text: l.to_string(),
                cells: vec![Cell { text: l.to_string(), ..Default::default() }],
                tabular: false,
                y: None,
            })
            .collect();
        let refs: Vec<&Line> = lines.iter().collect();
        segments(&refs)
    }

    fn numbers(text: &str) -> Vec<String> {
        legal_bases(&segs_of(text)).into_iter().filter_map(|b| b.number).collect()
    }

    #[test]
    fn several_per_clause_amendments_and_wraps() {
        let t = "Căn cứ Nghị định số 63/2010/\nNĐ-CP ngày 08 tháng 6 năm 2010 của Chính phủ về kiểm soát thủ tục hành chính; Nghị định số 48/2013/NĐ-CP ngày 14 tháng 5 năm 2013 của Chính phủ; Nghị định số 92/2017/NĐ-\nCP;\nCăn cứ Luật Quản lý, sử dụng tài sản công số 15/2017/QH14 đã được sửa đổi, bổ sung một số điều theo Luật số 64/2020/QH14, Luật số 07/2022/QH15;\n3\nCăn cứ Quyết định số\n1288/QĐ-TTg ngày 01/8/2014 của Thủ tướng Chính phủ;\nLuật Đầu tư công số 58/2024/QH15 được sửa đổi, bổ sung bởi Luật số 90/2025/QH15;\nTheo đề nghị của Sở Công Thương tại Tờ trình số 99/TTr-SCT.\nQUYẾT ĐỊNH:\nĐiều 1. Theo Quyết định số 777/QĐ-UBND.";
        assert_eq!(
            numbers(t),
            vec![
                "63/2010/NĐ-CP",
                "48/2013/NĐ-CP",
                "92/2017/NĐ-CP",
                "15/2017/QH14",
                "64/2020/QH14",
                "07/2022/QH15",
                "1288/QĐ-TTg",
                "58/2024/QH15",
                "90/2025/QH15"
            ]
        );
        // A list under "Căn cứ:", a Luật by title in it.
        let t = "Căn cứ:\n- Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n- Nghị định số 235/2025/NĐ-CP;\nỦy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n1. Thực hiện Quyết định số 5/QĐ-UBND.";
        let b = legal_bases(&segs_of(t));
        assert_eq!(
            b.iter().map(|b| (b.number.as_deref(), b.date.as_deref())).collect::<Vec<_>>(),
            vec![(None, Some("2025-06-16")), (Some("235/2025/NĐ-CP"), None)]
        );
    }

    #[test]
    fn a_can_cu_garbled_by_ocr_does_not_end_the_list() {
        // "Căn cứ" read as debris: without the rule, "9. …" is a numbered paragraph
        let t = "Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ;\n\"9. tử Quyết định số 59/2015/QĐ-UBND ngày 30/12/2015 của UBND tỉnh;\nCăn cứ Quyết định số 841/QĐ-UBND ngày 22/3/2016;\nUBND tỉnh ban hành Kế hoạch như sau:\n1. Quyết định số 5/QĐ-UBND được thực hiện.";
        assert_eq!(numbers(t), vec!["45/2012/NĐ-CP", "59/2015/QĐ-UBND", "841/QĐ-UBND"]);
        // debris must be short, and the clause before must have ended as a list item
        assert!(!garbled_can_cu("muc dich quyet dinh so 5/qd-ubnd"));
        assert!(garbled_can_cu("ca cu quyet dinh so 5/qd-ubnd"));
        let t = "Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ về khuyến\n\"9. tử Quyết định số 59/2015/QĐ-UBND ngày 30/12/2015;";
        assert_eq!(numbers(t), vec!["45/2012/NĐ-CP", "59/2015/QĐ-UBND"], "an open clause takes the line as its continuation");
        // a speck read as a full stop closes a clause mid-sentence
        let t = "Căn cứ Quyết định số 59/2015/QĐ-UBND ngày 30/12/2015 của UBND tỉnh ban .\nhành Quy định về việc xây dựng chương trình,\nkế hoạch khuyến công,\nCăn cứ Quyết định số 41/2015/QĐ-UBND ngày 16/11/2015;\nUBND tỉnh ban hành Kế hoạch như sau:\nThực hiện Quyết định số 5/QĐ-UBND.";
        assert_eq!(numbers(t), vec!["59/2015/QĐ-UBND", "41/2015/QĐ-UBND"]);
    }

    #[test]
    fn issuers_joined_by_a_comma() {
        let b = clause_bases("Căn cứ Kết luận số 126-KL/TW ngày 14/02/2025 của Bộ Chính trị, Ban Bí thư; Quyết định số 5/QĐ-TTg ngày 1/2/2025 của Thủ tướng Chính phủ, Quyết định số 6/QĐ-BCT của Bộ Công Thương, Quy định chi tiết;");
        let got: Vec<Option<&str>> = b.iter().map(|b| b.issuer.as_deref()).collect();
        assert_eq!(got, vec![Some("Bộ Chính trị, Ban Bí thư"), Some("Thủ tướng Chính phủ"), Some("Bộ Công Thương")]);
    }

    #[test]
    fn a_clause_wrapped_onto_a_word_of_the_next_article_still_ends() {
        // "… một số\nđiều của Luật …" is a wrap, "Điều 1." the body.
        let t = "Căn cứ Luật số 56/2024/QH15 sửa đổi, bổ sung một số\nđiều của Luật Chứng khoán;\nĐiều 1. Theo Luật số 1/2000/QH10.";
        assert_eq!(numbers(t), vec!["56/2024/QH15"]);
    }

    /// A small deterministic generator (xorshift) of preambles: random kinds
    /// of citation, several per clause joined by ";", "," or "và",
    /// amendments, date forms, "- " lists, lines wrapped at any space or
    /// right after a "/" or "-" inside a number, page numbers between
    /// clauses, and numbers quoted after the preamble that are no bases.
    #[test]
    fn generated_preambles() {
        struct Rng(u64);
        impl Rng {
            fn next(&mut self) -> u64 {
                self.0 ^= self.0 << 13;
                self.0 ^= self.0 >> 7;
                self.0 ^= self.0 << 17;
                self.0
            }
            fn below(&mut self, n: usize) -> usize {
                (self.next() % n as u64) as usize
            }
        }
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        // (type words, number form, issuer); {n} number, {y} year.
        let kinds: &[(&str, &str, &str)] = &[
            ("Luật Ngân sách nhà nước số", "{n}/{y}/QH13", ""),
            ("Nghị định số", "{n}/{y}/NĐ-CP", "Chính phủ"),
            ("Thông tư số", "{n}/{y}/TT-BCT", "Bộ trưởng Bộ Công Thương"),
            ("Thông tư liên tịch số", "{n}/{y}/TTLT-BTC-BCT", "Bộ Tài chính - Bộ Công Thương"),
            ("Quyết định số", "{n}/QĐ-TTg", "Thủ tướng Chính phủ"),
            ("Quyết định số", "{n} /QĐ-UBND", "Ủy ban nhân dân tỉnh"),
            ("Nghị quyết số", "{n}/{y}/NQ-HĐND", "Hội đồng nhân dân tỉnh"),
            ("Nghị quyết số", "{n}-NQ/TW", "Bộ Chính trị"),
            ("Chỉ thị số", "{n}/CT-TTg", "Thủ tướng Chính phủ"),
            ("Văn bản hợp nhất số", "{n}/VBHN-BCT", "Bộ Công Thương"),
        ];
        for doc in 0..400 {
            let mut want: Vec<String> = Vec::new();
            let mut clauses: Vec<String> = Vec::new();
            let mut serial = 10 + doc * 37;
            let mut law_serial = 1 + doc * 5;
            let mut cite = |rng: &mut Rng, want: &mut Vec<String>| -> String {
                let (words, form, issuer) = kinds[rng.below(kinds.len())];
                serial += 1 + rng.below(50);
                let y = 2000 + rng.below(26);
                let printed = form.replace("{n}", &serial.to_string()).replace("{y}", &y.to_string());
                want.push(printed.replace(' ', ""));
                let mut s = format!("{words} {printed}");
                match rng.below(3) {
                    0 => s.push_str(&format!(" ngày {} tháng {} năm {y}", 1 + rng.below(28), 1 + rng.below(12))),
                    1 => s.push_str(&format!(" ngày {}/{}/{y}", 1 + rng.below(28), 1 + rng.below(12))),
                    _ => {}
                }
                if !issuer.is_empty() && rng.below(2) == 0 {
                    s.push_str(&format!(" của {issuer}"));
                }
                if rng.below(2) == 0 {
                    s.push_str(" về khuyến công");
                }
                s
            };
            for _ in 0..1 + rng.below(5) {
                let kind = rng.below(4);
                let clause = match kind {
                    // Several citations in one clause.
                    0 | 1 => {
                        let sep = ["; ", ", ", " và "][rng.below(3)];
                        let n = 1 + rng.below(3);
                        let parts: Vec<String> = (0..n).map(|_| cite(&mut rng, &mut want)).collect();
                        format!("Căn cứ {};", parts.join(sep))
                    }
                    // A law with its amendments.
                    2 => {
                        let base = cite(&mut rng, &mut want);
                        let mut amend = Vec::new();
                        for _ in 0..1 + rng.below(3) {
                            law_serial += 1;
                            let no = format!("{law_serial}/{}/QH{}", 2015 + rng.below(10), 13 + rng.below(3));
                            want.push(no.clone());
                            amend.push(format!("Luật số {no}"));
                        }
                        let how = ["đã được sửa đổi, bổ sung một số điều theo", "được sửa đổi, bổ sung bởi"][rng.below(2)];
                        format!("Căn cứ {base} {how} {};", amend.join(", "))
                    }
                    // A list under "Căn cứ:".
                    _ => {
                        let items: Vec<String> = (0..1 + rng.below(3)).map(|_| format!("- {};", cite(&mut rng, &mut want))).collect();
                        format!("Căn cứ các văn bản sau:\n{}", items.join("\n"))
                    }
                };
                clauses.push(clause);
            }
            // Wrap each clause at random points.
            let mut text = String::new();
            for c in &clauses {
                for line in c.split('\n') {
                    let mut col = 0;
                    let width = 30 + rng.below(60);
                    for (i, ch) in line.char_indices() {
                        text.push(ch);
                        col += 1;
                        let next_is_space = line[i + ch.len_utf8()..].starts_with(' ');
                        let in_number = matches!(ch, '/' | '-') && line[..i].ends_with(|c: char| c.is_alphanumeric());
                        if col >= width && (next_is_space || (in_number && rng.below(2) == 0)) {
                            text.push('\n');
                            col = 0;
                        }
                    }
                    text.push('\n');
                }
                if rng.below(6) == 0 {
                    text.push_str(&format!("{}\n", 2 + rng.below(3)));
                }
            }
            text.push_str("Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số 99/TTr-SCT.\nQUYẾT ĐỊNH:\nĐiều 1. Thực hiện theo Quyết định số 7777/QĐ-UBND.\n");
            let mut dedup: Vec<String> = Vec::new();
            for w in want {
                if !dedup.contains(&w) {
                    dedup.push(w);
                }
            }
            assert_eq!(numbers(&text), dedup, "document {doc}:\n{text}");
        }
    }
}
