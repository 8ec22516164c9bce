//! Legal bases: every document cited in the preamble's "Căn cứ …" clauses.
use super::*;

/// The "Căn cứ …" clauses of the preamble, with wrapped lines joined (a
/// line may break anywhere, even inside a number: "63/2010/" / "NĐ-CP;").
/// After a clause that ends with ";" or ":" the list may go on without its
/// own "Căn cứ": "- Nghị định số …;" items, or "Luật …;" / "Nghị định số …"
/// lines. Page numbers between clauses are skipped. The preamble ends at the
/// first other paragraph: "Xét …", "Theo đề nghị …", "Thực hiện …", a heading
/// in capitals ("QUYẾT ĐỊNH:"), "Điều 1.", the body's prose.
pub(super) fn can_cu_clauses(segs: &[Seg]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for s in segs {
        if s.text.is_empty() || is_page_number(&s.text) {
            continue;
        }
        if is_can_cu(&s.fold) {
            out.push(s.text.clone());
            open = !ends_clause(&s.text);
            continue;
        }
        let f = s.fold.trim_start_matches(['-', '+', '*', '•', ' ']);
        let heading = is_upper_heading(&s.text) && s.text.split_whitespace().count() >= 2;
        let ends_preamble = f.starts_with("xet ") || f.starts_with("theo de nghi") || f.starts_with("dieu ") || heading;
        if open && !ends_preamble {
            if let Some(last) = out.last_mut() {
                last.push(' ');
                last.push_str(&s.text);
            }
            open = !ends_clause(&s.text);
            continue;
        }
        let listed = out.last().is_some_and(|l| l.trim_end().ends_with([';', ':']));
        if listed && !ends_preamble && (s.fold.trim_start().starts_with(['-', '+', '*', '•']) || starts_with_citation(f)) {
            out.push(s.text.clone());
            open = !ends_clause(&s.text);
            continue;
        }
        if !out.is_empty() {
            break;
        }
    }
    out
}

/// A page number printed between two clauses: "2", "- 2 -", "Trang 2".
fn is_page_number(t: &str) -> bool {
    let t = t.trim().trim_start_matches("Trang").trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit())
}

/// A line that opens with the name of a kind of legal document ("Luật …",
/// "Nghị định số …", "Thông tư liên tịch số …").
fn starts_with_citation(f: &str) -> bool {
    const KINDS: &[&str] =
        &["luat ", "bo luat ", "phap lenh ", "nghi dinh ", "thong tu ", "quyet dinh ", "nghi quyet ", "chi thi ", "van ban ", "cong van ", "ke hoach so "];
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
                (None, None) => o.doc_type == lb.doc_type && o.date == lb.date,
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
        let head = f.trim_start_matches("can cu").trim_start();
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
        "ban hanh", "huong dan", "quy dinh", "phe duyet", "sua doi", "bo sung", "thanh lap", "thuc hien", "trien khai", "dieu chinh",
        "quyet dinh", "ve viec", "phan bo", "giao chi", "giao nhiem", "ke hoach", "chuong trinh",
        // "… của Bộ trưởng Bộ Công Thương và Thông tư số …": the next citation.
        "va thong", "va nghi", "va quyet", "va luat", "va chi", "va van", "va cong",
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
        out.push(core);
        if core.len() != w.len() || out.len() >= 14 {
            break;
        }
    }
    while out.last().is_some_and(|w| matches!(*w, "-" | "–" | "và")) {
        out.pop();
    }
    let s = out.join(" ");
    (!s.is_empty()).then_some(s)
}
