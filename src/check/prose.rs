//! Consistency between the prose and the tables: totals written in words
//! against their figures, money figures quoted in the text against the table
//! totals they name, and counts quoted in a plan's sections ("05 hội nghị")
//! against the indicator rows of the matching Biểu 01 section.
//!
//! To avoid false alarms a prose figure is only compared where the text says
//! what it is about: a funding source or a total for money, a unit and shared
//! words for counts; rates ("mỗi năm", "/người"), approximations ("khoảng"),
//! figures in parentheses and figures about another period are skipped.

use crate::model::{Check, CheckKind, CheckStatus, ColumnRole, Decimal, Document, FundingSource, Line, RowKind, Table, TableKind};
use crate::normalize::{find_amounts_in_words, find_money_phrases, find_numbers, fold, money_phrases};
use regex::Regex;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Adds words-vs-figures and text-vs-table checks.
pub fn prose_checks(doc: &Document, checks: &mut Vec<Check>) {
    let lines: Vec<&Line> = doc.lines().filter(|l| !l.tabular).collect();
    words_vs_figures(doc, &lines, checks);
    money_vs_tables(doc, &lines, checks);
    for t in doc.tables.iter().filter(|t| t.kind == TableKind::Targets) {
        counts_vs_targets(t, &lines, checks);
    }
}

/// Cheap pre-filter: money in words or figures always ends in "đồng".
fn mentions_dong(text: &str) -> bool {
    text.contains("đồng") || text.contains("ĐỒNG") || text.contains("Đồng") || text.contains("dong") || text.contains("DONG")
}

fn grand_total(table: &Table) -> Option<Decimal> {
    table.rows.iter().filter(|r| r.kind == RowKind::Total).find_map(|r| {
        r.values.iter().find_map(|v| match &table.columns.get(v.column)?.role {
            ColumnRole::Value { source: Some(FundingSource::Total), year: None, .. } => Some(v.value),
            ColumnRole::Value { source: None, total_years: true, .. } => Some(v.value),
            ColumnRole::Activity { total: true, .. } => Some(v.value),
            _ => None,
        })
    })
}

fn words_vs_figures(doc: &Document, lines: &[&Line], checks: &mut Vec<Check>) {
    for l in lines.iter().filter(|l| mentions_dong(&l.text)) {
        for (range, words_value) in find_amounts_in_words(&l.text) {
            let before = &l.text[..range.start.min(l.text.len())];
            let figure = find_money_phrases(before).last().map(|(_, v)| *v);
            let (table, expected) = match figure {
                Some(v) => (None, v),
                None => {
                    // The words close a table: compare with its grand total.
                    let Some(t) =
                        doc.tables.iter().rfind(|t| t.unit_vnd.is_some() && t.last_line < l.number && l.number <= t.last_line + 4)
                    else {
                        continue;
                    };
                    let Some(gt) = grand_total(t).and_then(|g| g.times_int(t.unit_vnd.unwrap_or(1))) else { continue };
                    (Some(t.id.clone()), gt)
                }
            };
            let ok = expected == words_value;
            checks.push(Check {
                table,
                row: None,
                kind: CheckKind::WordsVsFigures,
                expected: Some(expected as f64),
                found: Some(words_value as f64),
                status: if ok { CheckStatus::Ok } else { CheckStatus::Mismatch },
                message: format!(
                    "line {}: total in words {} đồng {} figure {} đồng",
                    l.number,
                    words_value,
                    if ok { "=" } else { "≠" },
                    expected
                ),
                cells: Vec::new(),
            });
        }
    }
}

/// The clause before a position: back to the previous sentence or clause end.
fn clause_before(text: &str, at: usize) -> &str {
    let head = &text[..at.min(text.len())];
    let cut = head.rfind(['.', ';', '!', '?']).map(|p| p + 1).unwrap_or(0);
    // A "." inside a number ("7.763") is not a sentence end.
    let cut = if head[cut..].starts_with(|c: char| c.is_ascii_digit()) { 0 } else { cut };
    &head[cut..]
}

/// Inside parentheses, also when the "(" sits on an earlier line (OCR and PDF
/// lines break paragraphs): a ")" after the figure with no "(" before it.
fn in_parentheses(text: &str, at: usize) -> bool {
    let at = at.min(text.len());
    let head = &text[..at];
    if head.matches('(').count() > head.matches(')').count() {
        return true;
    }
    let tail = &text[at..];
    match (tail.find(')'), tail.find('(')) {
        (Some(c), Some(o)) => c < o,
        (Some(_), None) => true,
        _ => false,
    }
}

/// Part of a range ("01-02 cơ sở", "từ 5 đến 7"): neither end is a quantity.
fn in_range(text: &str, range: &std::ops::Range<usize>) -> bool {
    let before = text[..range.start.min(text.len())].trim_end();
    let after = text[range.end.min(text.len())..].trim_start();
    let dash = |c: char| matches!(c, '-' | '–' | '—');
    before.ends_with(dash) && before.trim_end_matches(dash).trim_end().ends_with(|c: char| c.is_ascii_digit())
        || after.starts_with(dash) && after.trim_start_matches(dash).trim_start().starts_with(|c: char| c.is_ascii_digit())
        || fold(before).ends_with(" tu")
        || fold(after).starts_with("den ")
}

/// Words that make a figure approximate, a bound or a rate (folded, whole words).
const APPROX: &[&str] = &[
    "khoang",
    "tren",
    "gan",
    "hon",
    "uoc tinh",
    "uoc dat",
    "uoc",
    "toi thieu",
    "toi da",
    "moi",
    "hang nam",
    "binh quan",
    "khong qua",
    "den",
];

fn has_any_word(folded: &str, words: &[&str]) -> bool {
    words.iter().any(|w| crate::vn::words::contains_word(folded, w))
}

fn is_rate_after(text: &str, end: usize) -> bool {
    let tail = fold(&text[end.min(text.len())..]);
    let tail = tail.trim_start();
    tail.starts_with("/nguoi")
        || tail.starts_with("/thang")
        || tail.starts_with("/nam")
        || tail.starts_with("/ nguoi")
        || tail.starts_with("%")
}

fn sources_named(clause: &str) -> Vec<FundingSource> {
    let f = fold(clause);
    let mut out = Vec::new();
    if f.contains("quoc gia") || f.contains("kcqg") || f.contains("trung uong") {
        out.push(FundingSource::National);
    }
    if f.contains("dia phuong") || f.contains("ngan sach tinh") || f.contains("kcdp") {
        out.push(FundingSource::Local);
    }
    if f.contains("thu huong") || f.contains("dong gop") || f.contains("doi ung") {
        out.push(FundingSource::Beneficiary);
    }
    if f.contains("nguon khac") {
        out.push(FundingSource::Other);
    }
    out
}

/// A table's whole figure for one source: its total row's cell in that
/// source's column, else the Tổng of the top-level rows of that source (in a
/// table the other way round, the source's row under the Tổng activity column).
fn table_figure(table: &Table, source: FundingSource) -> Option<Decimal> {
    let col_ok = |c: usize| match table.columns.get(c).map(|c| &c.role) {
        Some(ColumnRole::Value { source: Some(s), year: None, .. }) => *s == source,
        _ => false,
    };
    for r in table.rows.iter().filter(|r| r.kind == RowKind::Total) {
        if let Some(v) = r.values.iter().find(|v| col_ok(v.column)) {
            return Some(v.value);
        }
    }
    if source == FundingSource::Total {
        return grand_total(table);
    }
    let mut sum = Decimal::int(0);
    let mut any = false;
    for r in table.rows.iter().filter(|r| r.parent.is_none() && r.source == Some(source) && r.kind != RowKind::Total) {
        let tot = r.values.iter().find(|v| {
            matches!(
                table.columns.get(v.column).map(|c| &c.role),
                Some(ColumnRole::Value { total_years: true, .. })
                    | Some(ColumnRole::Value { year: None, source: None, .. })
                    | Some(ColumnRole::Activity { total: true, .. })
            )
        });
        if let Some(v) = tot {
            sum = sum.add(v.value);
            any = true;
        }
    }
    any.then_some(sum)
}

fn money_vs_tables(doc: &Document, lines: &[&Line], checks: &mut Vec<Check>) {
    let money_tables: Vec<&Table> = doc.tables.iter().filter(|t| t.unit_vnd.is_some() && t.kind != TableKind::Targets).collect();
    if money_tables.is_empty() {
        return;
    }
    for l in lines.iter().filter(|l| mentions_dong(&l.text)) {
        for phrase in money_phrases(&l.text) {
            let (range, vnd) = (phrase.range, phrase.vnd);
            if in_parentheses(&l.text, range.start) || is_rate_after(&l.text, range.end) {
                continue;
            }
            let clause = clause_before(&l.text, range.start);
            let fc = fold(clause);
            if has_any_word(&fc, APPROX) {
                continue;
            }
            let total = fc.trim_start_matches(|c: char| !c.is_alphanumeric()).starts_with("tong");
            let sources = if total { vec![FundingSource::Total] } else { sources_named(clause) };
            if sources.is_empty() {
                continue;
            }
            // Every table's figure for the sources named; equal anywhere = consistent.
            let mut best: Option<(&Table, i128)> = None;
            for t in &money_tables {
                let mut sum = Decimal::int(0);
                let mut all = true;
                for s in &sources {
                    match table_figure(t, *s) {
                        Some(v) => sum = sum.add(v),
                        None => all = false,
                    }
                }
                let Some(fig) = all.then(|| sum.times_int(t.unit_vnd.unwrap_or(1))).flatten() else { continue };
                let better = match best {
                    None => true,
                    Some((_, b)) => (fig - vnd).abs() < (b - vnd).abs(),
                };
                if better {
                    best = Some((t, fig));
                }
            }
            let Some((t, fig)) = best else { continue };
            // "2,345 tỷ đồng" for a table's 2.345.051.000 rounds it; it does not contradict it.
            let ok = (fig - vnd).abs() * 2 <= phrase.step;
            // Only a near miss is the same figure misprinted; anything else speaks of something else.
            let near = (fig - vnd).abs() * 100 <= fig.abs();
            if !ok && !near {
                continue;
            }
            checks.push(Check {
                table: Some(t.id.clone()),
                row: None,
                kind: CheckKind::TextVsTable,
                expected: Some(fig as f64),
                found: Some(vnd as f64),
                status: if ok { CheckStatus::Ok } else { CheckStatus::Mismatch },
                message: format!("line {}: text says {} đồng, table {} gives {} đồng", l.number, vnd, t.id, fig),
                cells: Vec::new(),
            });
        }
    }
}

fn heading_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(?:[0-9]{1,2}|[IVX]{1,4})[\.\)]\s+\S").expect("valid regex"))
}

fn year_range_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"((?:19|20)[0-9]{2})\s*[-–—]\s*((?:19|20)[0-9]{2})").expect("valid regex"))
}

const STOP_BIGRAMS: &[&str] =
    &["khuyen cong", "cong nghiep", "nong thon", "co so", "ho tro", "noi dung", "so luong", "du kien", "thuc hien"];

fn bigrams(text: &str) -> HashSet<String> {
    let f = fold(text);
    let mut out = HashSet::new();
    for chunk in f.split(|c: char| !(c.is_alphabetic() || c == ' ')) {
        let words: Vec<&str> = chunk.split_whitespace().collect();
        for w in words.windows(2) {
            let b = format!("{} {}", w[0], w[1]);
            if !STOP_BIGRAMS.contains(&b.as_str()) {
                out.insert(b);
            }
        }
    }
    out
}

fn years_of(table: &Table) -> Option<(i32, i32)> {
    let ys: Vec<i32> = table
        .columns
        .iter()
        .filter_map(|c| match c.role {
            ColumnRole::Value { year: Some(y), .. } => Some(y),
            _ => None,
        })
        .collect();
    Some((*ys.iter().min()?, *ys.iter().max()?))
}

fn label_core(label: &str) -> String {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"(?i)^\s*(nội dung|chương trình)\s*[0-9]*\s*:?").expect("valid regex"));
    re.replace(label, "").to_string()
}

fn tokens(a: &str) -> HashSet<String> {
    fold(a).split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 1).map(String::from).collect()
}

/// Share of a section label's words found in a prose heading.
fn coverage(label: &HashSet<String>, heading: &HashSet<String>) -> f64 {
    if label.is_empty() {
        return 0.0;
    }
    label.intersection(heading).count() as f64 / label.len() as f64
}

fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let inter = a.intersection(b).count() as f64;
    let union = a.union(b).count().max(1) as f64;
    inter / union
}

/// Total of an indicator row (its Tổng column, else the sum of its years).
fn row_total(table: &Table, r: usize) -> Option<Decimal> {
    let row = table.rows.get(r)?;
    if let Some(v) = row
        .values
        .iter()
        .find(|v| matches!(table.columns.get(v.column).map(|c| &c.role), Some(ColumnRole::Value { total_years: true, .. })))
    {
        return Some(v.value);
    }
    let vals: Vec<Decimal> = row.values.iter().map(|v| v.value).collect();
    (!vals.is_empty()).then(|| vals.iter().fold(Decimal::int(0), |a, b| a.add(*b)))
}

fn counts_vs_targets(table: &Table, lines: &[&Line], checks: &mut Vec<Check>) {
    let Some((y0, y1)) = years_of(table) else { return };
    let sections: Vec<usize> =
        (0..table.rows.len()).filter(|&i| table.rows[i].parent.is_none() && table.rows.iter().any(|r| r.parent == Some(i))).collect();
    if sections.is_empty() {
        return;
    }
    let section_words: Vec<(usize, HashSet<String>)> = sections.iter().map(|&s| (s, tokens(&label_core(&table.rows[s].label)))).collect();
    let members_of: std::collections::HashMap<usize, Vec<usize>> =
        sections.iter().map(|&s| (s, (0..table.rows.len()).filter(|&r| table.ancestors(r).contains(&s)).collect())).collect();
    // Period context: the last year range seen in the prose so far.
    let mut period: Option<(i32, i32)> = None;
    let mut current: Option<usize> = None;
    for l in lines {
        if l.number >= table.first_line && l.number <= table.last_line {
            continue;
        }
        if let Some(c) = year_range_re().captures(&l.text) {
            if let (Some(a), Some(b)) = (c.get(1).and_then(|m| m.as_str().parse().ok()), c.get(2).and_then(|m| m.as_str().parse().ok())) {
                period = Some((a, b));
            }
        }
        let in_period = period.is_none_or(|(a, b)| a <= y1 && b >= y0);
        let text = l.text.trim();
        if heading_re().is_match(text) {
            current = None;
            if in_period {
                let th = tokens(text);
                let best = section_words
                    .iter()
                    .map(|(s, tl)| (*s, coverage(tl, &th), jaccard(tl, &th)))
                    .max_by(|a, b| (a.1, a.2).partial_cmp(&(b.1, b.2)).unwrap_or(std::cmp::Ordering::Equal));
                if let Some((s, cov, _)) = best {
                    if cov >= 0.6 {
                        current = Some(s);
                    }
                }
            }
            continue;
        }
        let (Some(section), true) = (current, in_period) else { continue };
        let Some(members) = members_of.get(&section) else { continue };
        for (range, value) in find_numbers(text) {
            if in_parentheses(text, range.start) || is_rate_after(text, range.end) || in_range(text, &range) {
                continue;
            }
            let clause = clause_before(text, range.start);
            let fc = fold(clause);
            if has_any_word(&fc, &["moi nam", "hang nam", "binh quan", "khoang", "tren", "toi thieu", "toi da"]) {
                continue;
            }
            let after_raw: String = text[range.end.min(text.len())..].split_whitespace().take(3).collect::<Vec<_>>().join(" ");
            let after_words = fold(&after_raw);
            if after_words.starts_with("nam") || after_words.starts_with('%') {
                continue;
            }
            let sentence = sentence_around(text, range.start);
            let sb = bigrams(&sentence);
            let unit_rows: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&r| table.rows[r].unit.as_deref().map(fold).is_some_and(|u| !u.is_empty() && unit_matches(&after_words, &u)))
                .collect();
            if unit_rows.is_empty() {
                continue;
            }
            let candidates: Vec<usize> = unit_rows
                .iter()
                .copied()
                .filter(|&r| {
                    let mut words = table.rows[r].label.clone();
                    if table.rows[r].dash {
                        if let Some(p) = table.rows[r].parent {
                            words.push_str(" / ");
                            words.push_str(&table.rows[p].label);
                        }
                    }
                    let unit = table.rows[r].unit.as_deref().map(fold).unwrap_or_default();
                    bigrams(&words).iter().any(|b| sb.contains(b) && *b != unit)
                })
                .collect();
            let totals: Vec<Decimal> = unit_rows.iter().filter_map(|&r| row_total(table, r)).collect();
            let sum_all = totals.iter().fold(Decimal::int(0), |a, b| a.add(*b));
            let hit = candidates.iter().find(|&&r| row_total(table, r).is_some_and(|t| t.same(value)));
            let (row, expected, ok) = if let Some(&r) = hit {
                (Some(r), row_total(table, r), true)
            } else if unit_rows.len() > 1 && sum_all.same(value) {
                (None, Some(sum_all), true)
            } else if candidates.len() == 1 {
                (Some(candidates[0]), row_total(table, candidates[0]), false)
            } else {
                continue;
            };
            let Some(expected) = expected else { continue };
            checks.push(Check {
                table: Some(table.id.clone()),
                row: row.and_then(|r| table.rows[r].id.clone()).or_else(|| table.rows[section].id.clone()),
                kind: CheckKind::TextVsTable,
                expected: Some(expected.to_f64()),
                found: Some(value.to_f64()),
                status: if ok { CheckStatus::Ok } else { CheckStatus::Mismatch },
                message: format!(
                    "line {}: text says {} {}, table {} gives {}",
                    l.number,
                    value,
                    after_raw.trim_end_matches(|c: char| !c.is_alphanumeric()),
                    table.id,
                    expected
                ),
                cells: Vec::new(),
            });
        }
    }
}

fn unit_matches(after_words: &str, unit: &str) -> bool {
    let u = unit.trim();
    if after_words.starts_with(u) {
        return true;
    }
    // "30 lượt cơ sở" against the unit "Cơ sở".
    after_words.strip_prefix("luot ").is_some_and(|rest| rest.starts_with(u))
}

fn sentence_around(text: &str, at: usize) -> String {
    let at = at.min(text.len());
    let start = text[..at].rfind(['.', ';']).map(|p| p + 1).unwrap_or(0);
    let end = text[at..].find(['.', ';']).map(|p| at + p).unwrap_or(text.len());
    text.get(start..end).unwrap_or("").to_string()
}
