//! Puts a data row's printed cells into the table's columns.
//!
//! Two ways, chosen per row: *positional* when every printed cell sits under a
//! header that fits its value type (a money figure under a money column, a
//! month under a month column, text under a text column); otherwise *typed*:
//! the row is read as the sequence the table's columns describe (TT, label,
//! text columns, months, money columns in header order, notes) and each value
//! goes to the next column of its type. Headers repeated badly on a later page
//! (shifted, fused, missing a column) thus cannot move a figure into the wrong
//! column.

use crate::model::{ColumnRole, Decimal};
use crate::normalize::{parse_months, parse_number};

/// A row's cells resolved to column indices of the table.
#[derive(Debug, Default, Clone)]
pub struct Assigned {
    pub tt: Option<String>,
    pub label: String,
    /// (column index, raw, value)
    pub values: Vec<(usize, String, Decimal)>,
    pub texts: Vec<(usize, String)>,
    pub start_month: Option<u32>,
    pub end_month: Option<u32>,
    /// Cells that fit no column (reported as warnings).
    pub leftovers: Vec<String>,
}

/// A value cell: a number, or "-" (printed nothing).
pub fn is_dash(s: &str) -> bool {
    let t = s.trim();
    // A lone mark where a figure belongs is a printed dash (OCR reads "-" as ":", "=", "E" …).
    matches!(t, "-" | "–" | "—" | "x" | "X") || (t.chars().count() == 1 && !t.chars().all(|c| c.is_ascii_digit()))
}

fn month_value(s: &str) -> Option<u32> {
    let t = s.trim();
    // "05/2021", "5/2021" in a Bắt đầu / Kết thúc column: the month of that year.
    if let Some((m, y)) = t.split_once('/') {
        let year_ok = y.trim().len() == 4 && y.trim().chars().all(|c| c.is_ascii_digit());
        return if year_ok { month_value(m) } else { None };
    }
    // "Tháng 5", "T5": one month.
    if t.chars().any(|c| c.is_alphabetic()) {
        return parse_months(t).filter(|(a, b)| a == b).map(|(a, _)| a);
    }
    if t.is_empty() || t.len() > 2 || !t.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let v: u32 = t.parse().ok()?;
    (1..=12).contains(&v).then_some(v)
}

/// A duration printed where the months belong ("6 tháng", "03 tháng"): no months.
pub fn is_duration(s: &str) -> bool {
    let f = crate::normalize::fold(s);
    let mut w = f.split_whitespace();
    matches!((w.next(), w.next()), (Some(n), Some(u)) if n.len() <= 2 && n.chars().all(|c| c.is_ascii_digit()) && (u.starts_with("thang") || u == "th"))
}

/// Months printed in one cell: "5", "5 12" (two fused), "Tháng 5 - 11", "Quý II".
pub fn months_in(s: &str) -> Option<(u32, Option<u32>)> {
    if let Some(m) = month_value(s) {
        return Some((m, None));
    }
    let parts: Vec<&str> = s.split_whitespace().collect();
    if parts.len() == 2 {
        if let (Some(a), Some(b)) = (month_value(parts[0]), month_value(parts[1])) {
            return Some((a, Some(b)));
        }
    }
    if s.chars().any(|c| c.is_alphabetic()) {
        return parse_months(s).map(|(a, b)| (a, Some(b)));
    }
    // A month with its year ("04/2024", "4/2024"): one month, so the next
    // cell (an end-month column) is still read as the end.
    if s.contains('/') {
        return parse_months(s).map(|(a, b)| (a, (a != b).then_some(b)));
    }
    None
}

fn is_text_role(r: &ColumnRole) -> bool {
    matches!(
        r,
        ColumnRole::Label
            | ColumnRole::Implementer
            | ColumnRole::Objective
            | ColumnRole::ExpectedResult
            | ColumnRole::Notes
            | ColumnRole::Unit
    )
}

/// A few marks where a figure was read badly (a speck read as ":" or "E:", a
/// figure misread as "°2" or "50-"): at most four characters, too short to
/// be a note or a decision number printed in the cell.
fn is_speck_reading(c: &str) -> bool {
    c.chars().filter(|ch| !ch.is_whitespace()).count() <= 4
}

/// True when every printed cell fits the type of the column above it.
///
/// `ruled`: the row's cells were cut by a table's ruling lines (a PDF's or a
/// scan's grid), so each stands under its column by geometry. A few marks
/// there that are not a figure, under a figures column, are a bad reading of
/// that cell, not a sign that the row is shifted: the row keeps its positions
/// and the marks are reported. (Text under a figures column still is: the
/// page's header may map its columns wrongly.)
pub fn fits_positionally(cells: &[String], roles: &[Option<ColumnRole>], ruled: bool) -> bool {
    for (i, c) in cells.iter().enumerate() {
        let c = c.trim();
        if c.is_empty() {
            continue;
        }
        let Some(Some(role)) = roles.get(i) else {
            return false;
        };
        let numeric = parse_number(c).is_some();
        let ok = match role {
            ColumnRole::Value { .. } | ColumnRole::Activity { .. } => numeric || is_dash(c) || (ruled && is_speck_reading(c)),
            ColumnRole::StartMonth | ColumnRole::EndMonth => months_in(c).is_some(),
            ColumnRole::Period => months_in(c).is_some() || is_duration(c),
            // An OCR-damaged TT is still a TT ("IL", "vj").
            ColumnRole::Tt => {
                crate::vn::tt::shape(c).is_some() || crate::vn::tt::split_fused(c).is_some() || (c.chars().count() <= 5 && !numeric)
            }
            ColumnRole::Label | ColumnRole::Unit | ColumnRole::Other => true,
            _ => !numeric || is_text_role(role),
        };
        // A bare number in a text column means the row is shifted; a year in
        // the label column is the row's label (rows that are years: "2026").
        let year_label = *role == ColumnRole::Label && super::header::is_bare_year(c);
        let shifted = numeric
            && !year_label
            && matches!(
                role,
                ColumnRole::Label
                    | ColumnRole::Implementer
                    | ColumnRole::Objective
                    | ColumnRole::ExpectedResult
                    | ColumnRole::Notes
                    | ColumnRole::Unit
            );
        if !ok || shifted {
            return false;
        }
    }
    true
}

/// Splits TT and label from the leading cells (TT in its own cell or fused).
fn lead(cells: &[String], tt_col: Option<usize>, label_col: Option<usize>) -> (Option<String>, String, usize) {
    // Returns (tt, label, index of the first cell after the label).
    let mut i = 0;
    // Skip leading empties up to the label column.
    while i < cells.len() && cells[i].trim().is_empty() && Some(i) < label_col.map(|l| l + 1) {
        i += 1;
    }
    let Some(first) = cells.get(i) else { return (None, String::new(), i) };
    let first = first.trim();
    if crate::vn::tt::shape(first).is_some() && parse_number(first).is_none_or(|_| first.len() <= 4) && tt_col.is_none_or(|t| i <= t + 1) {
        let tt = Some(first.to_string());
        i += 1;
        while i < cells.len() && cells[i].trim().is_empty() && Some(i) <= label_col {
            i += 1;
        }
        let label = cells.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
        if parse_number(&label).is_some() {
            return (tt, String::new(), i);
        }
        return (tt, label, i + 1);
    }
    if let Some((t, l)) = crate::vn::tt::split_fused(first) {
        return (Some(t), l, i + 1);
    }
    // A sub-row's dash printed in the TT column ("- | Tổ chức tại …"): the label
    // follows and keeps its dash, so the row stays a "- " sub-row.
    if matches!(first, "-" | "–" | "+") && tt_col == Some(i) {
        let next = cells.get(i + 1).map(|s| s.trim()).unwrap_or("");
        if !next.is_empty() && parse_number(next).is_none() {
            return (None, format!("{first} {next}"), i + 2);
        }
    }
    if parse_number(first).is_some() {
        return (None, String::new(), i);
    }
    // A short unreadable cell in the TT column followed by the label: an OCR-damaged TT.
    let next = cells.get(i + 1).map(|s| s.trim()).unwrap_or("");
    if tt_col == Some(i) && !first.is_empty() && first.chars().count() <= 5 && !next.is_empty() && parse_number(next).is_none() {
        let tt = crate::vn::tt::repair(first).unwrap_or_else(|| GARBLED_TT.to_string());
        return (Some(tt), next.to_string(), i + 2);
    }
    (None, first.to_string(), i + 1)
}

/// Placeholder TT for an unreadable one; the hierarchy infers it from its neighbours.
pub const GARBLED_TT: &str = "?";

/// Positional assignment through a group's column map (`map[i]` = table column
/// of the group's i-th cell).
pub fn positional(cells: &[String], roles: &[Option<ColumnRole>], map: &[Option<usize>]) -> Assigned {
    let tt_col = roles.iter().position(|r| r == &Some(ColumnRole::Tt));
    let label_col = roles.iter().position(|r| r == &Some(ColumnRole::Label));
    let mut a = Assigned::default();
    let (tt, mut label, mut after) = lead(cells, tt_col, label_col);
    // A text column printed before the label (ĐVT, Đơn vị thực hiện): the lead
    // took its cell for the label; read from it on by position instead.
    if let (Some(l), Some(p)) = (label_col, after.checked_sub(1)) {
        let before_label = matches!(roles.get(p), Some(Some(r)) if p < l && is_text_role(r) && *r != ColumnRole::Label);
        let label_printed = cells.get(l).is_some_and(|c| !c.trim().is_empty() && parse_number(c).is_none());
        if before_label && label_printed && !label.is_empty() {
            label = String::new();
            after = p;
        }
    }
    a.tt = tt;
    a.label = label;
    for (i, c) in cells.iter().enumerate().skip(after) {
        let c = c.trim();
        if c.is_empty() || is_dash(c) {
            continue;
        }
        let (Some(Some(role)), Some(Some(col))) = (roles.get(i), map.get(i)) else {
            a.leftovers.push(c.to_string());
            continue;
        };
        match role {
            ColumnRole::Value { .. } | ColumnRole::Activity { .. } => match parse_number(c) {
                Some(v) => a.values.push((*col, c.to_string(), v)),
                None => a.leftovers.push(c.to_string()),
            },
            // "04/2024" or "Tháng 4" under Bắt đầu / Kết thúc: the month of the
            // cell, the first of a range for the start, the last for the end.
            ColumnRole::StartMonth => a.start_month = months_in(c).map(|(s, _)| s),
            ColumnRole::EndMonth => a.end_month = months_in(c).map(|(s, e)| e.unwrap_or(s)),
            ColumnRole::Period => {
                if let Some((s, e)) = months_in(c) {
                    a.start_month = Some(s);
                    a.end_month = Some(e.unwrap_or(s));
                }
            }
            ColumnRole::Tt | ColumnRole::Label if a.label.is_empty() => a.label = c.to_string(),
            _ => a.texts.push((*col, c.to_string())),
        }
    }
    a
}

/// Two months fused into one figure by OCR or typing ("512" for 5 and 12).
fn fused_months(s: &str) -> Option<(u32, u32)> {
    let t = s.trim();
    if !(2..=4).contains(&t.len()) || !t.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    (1..t.len()).find_map(|k| {
        let (a, b) = (month_value(&t[..k])?, month_value(&t[k..])?);
        (a <= b && !t[k..].starts_with('0')).then_some((a, b))
    })
}

/// Whether a table prints when its rows run (start and end month, or a period).
fn has_month_columns(columns: &[ColumnRole]) -> bool {
    columns.iter().any(|r| matches!(r, ColumnRole::StartMonth | ColumnRole::EndMonth | ColumnRole::Period))
}

/// Typed assignment against the table's column roles (in header order).
pub fn typed(cells: &[String], columns: &[ColumnRole]) -> Assigned {
    typed_with(cells, columns, false)
}

/// Typed assignment; with `split_fused`, a figure like "512" where the months
/// belong is read as two months (chosen only when it makes the row add up).
fn typed_with(cells: &[String], columns: &[ColumnRole], split_fused: bool) -> Assigned {
    let mut a = Assigned::default();
    let tt_col = columns.iter().position(|r| r == &ColumnRole::Tt);
    let label_col = columns.iter().position(|r| r == &ColumnRole::Label);
    let (tt, label, after) = lead(cells, tt_col, label_col);
    a.tt = tt;
    a.label = label;
    let rest: Vec<&str> = cells.iter().skip(after).map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
    let mut text_cols: Vec<usize> = columns
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r, ColumnRole::Implementer | ColumnRole::Objective | ColumnRole::ExpectedResult | ColumnRole::Unit))
        .map(|(i, _)| i)
        .collect();
    let money_cols: Vec<usize> = columns
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r, ColumnRole::Value { .. } | ColumnRole::Activity { .. }))
        .map(|(i, _)| i)
        .collect();
    let notes_col = columns.iter().position(|r| r == &ColumnRole::Notes);
    let has_months = has_month_columns(columns);
    let mut k = 0;
    // A text column printed before the label (ĐVT, Đơn vị thực hiện): the lead's
    // "label" is that column's cell and the label follows it.
    if let (Some(&first_text), Some(l)) = (text_cols.first(), label_col) {
        let is_text = |t: &str| parse_number(t).is_none() && !is_dash(t) && months_in(t).is_none();
        if first_text < l && !a.label.is_empty() && rest.first().is_some_and(|t| is_text(t)) {
            a.texts.push((first_text, std::mem::take(&mut a.label)));
            a.label = rest[0].to_string();
            k = 1;
            text_cols.remove(0);
        }
    }
    // Text columns.
    let mut ti = 0;
    while k < rest.len()
        && parse_number(rest[k]).is_none()
        && !is_dash(rest[k])
        && !(has_months
            && (is_duration(rest[k]) || months_in(rest[k]).is_some() && !rest[k].chars().any(|c| c.is_alphabetic() && c != 'T')))
    {
        match text_cols.get(ti) {
            Some(col) => a.texts.push((*col, rest[k].to_string())),
            None => {
                if let Some(last) = a.texts.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(rest[k]);
                } else {
                    a.leftovers.push(rest[k].to_string());
                }
            }
        }
        ti += 1;
        k += 1;
    }
    // Months.
    if has_months {
        if k < rest.len() && is_duration(rest[k]) {
            k += 1;
        }
        let mut got: Vec<u32> = Vec::new();
        while k < rest.len() && got.len() < 2 {
            match months_in(rest[k]) {
                Some((s, e)) => {
                    got.push(s);
                    if let Some(e) = e {
                        got.push(e);
                    }
                    k += 1;
                }
                None if split_fused && got.is_empty() && fused_months(rest[k]).is_some() => {
                    if let Some((s, e)) = fused_months(rest[k]) {
                        got.extend([s, e]);
                    }
                    k += 1;
                }
                // An end month OCR could not read ("đệ."): skip it, keep the start.
                None if got.len() == 1 && rest[k].chars().count() <= 3 && parse_number(rest[k]).is_none() => k += 1,
                None => break,
            }
        }
        if let Some(s) = got.first() {
            a.start_month = Some(*s);
            a.end_month = Some(*got.get(1).unwrap_or(s));
        }
    }
    // Money, in header order.
    let mut mi = 0;
    while k < rest.len() {
        if is_dash(rest[k]) {
            mi += 1;
            k += 1;
            continue;
        }
        let Some(v) = parse_number(rest[k]) else { break };
        match money_cols.get(mi) {
            Some(col) => a.values.push((*col, rest[k].to_string(), v)),
            None => a.leftovers.push(rest[k].to_string()),
        }
        mi += 1;
        k += 1;
    }
    // Notes and anything after them.
    while k < rest.len() {
        if parse_number(rest[k]).is_some() {
            a.leftovers.push(rest[k].to_string());
        } else if let Some(col) = notes_col {
            match a.texts.iter_mut().find(|(c, _)| *c == col) {
                Some(t) => {
                    t.1.push(' ');
                    t.1.push_str(rest[k]);
                }
                None => a.texts.push((col, rest[k].to_string())),
            }
        } else {
            a.leftovers.push(rest[k].to_string());
        }
        k += 1;
    }
    a
}

/// Row arithmetic of an assignment: `Some(true)` when a printed total equals
/// its printed parts, `Some(false)` when it does not, `None` when untestable.
pub fn consistent(a: &Assigned, columns: &[ColumnRole]) -> Option<bool> {
    use crate::model::FundingSource;
    let mut verdict = None;
    for (col, _, total) in &a.values {
        let Some(ColumnRole::Value { year, source: Some(FundingSource::Total), .. }) = columns.get(*col) else { continue };
        let parts: Vec<Decimal> = a
            .values
            .iter()
            .filter(|(c, _, _)| match columns.get(*c) {
                Some(ColumnRole::Value { year: y, source: s, total_years: false }) => y == year && *s != Some(FundingSource::Total),
                _ => false,
            })
            .map(|(_, _, v)| *v)
            .collect();
        if parts.is_empty() {
            // A lone "total" with nothing beside it: implausible when it looks like a month.
            if total.scale == 0 && (1..=12).contains(&total.units) {
                return Some(false);
            }
            continue;
        }
        let sum = parts.iter().fold(Decimal::int(0), |s, v| s.add(*v));
        if !sum.same(*total) {
            return Some(false);
        }
        verdict = Some(true);
    }
    verdict
}

fn score(a: &Assigned, columns: &[ColumnRole]) -> i32 {
    let mut s = shape_score(a, columns);
    match consistent(a, columns) {
        Some(true) => s += 2,
        Some(false) => s -= 2,
        None => {}
    }
    s
}

/// How well a reading fits the table's types alone (months complete, no
/// figure left over), without its arithmetic.
fn shape_score(a: &Assigned, columns: &[ColumnRole]) -> i32 {
    let mut s = 0;
    let wants_months = has_month_columns(columns);
    if wants_months && a.start_month.is_some() && a.end_month.is_some() {
        s += 1;
    }
    s -= a.leftovers.iter().filter(|l| parse_number(l).is_some()).count() as i32;
    s
}

/// Chooses between positional and typed reading of a row: positional when the
/// row fits its page's header and reads at least as well (months complete,
/// totals adding up) as the typed reading. When both read equally well but put
/// figures in different columns, the other reading is returned too, for the
/// section arithmetic to settle.
pub fn choose(
    cells: &[String],
    roles: &[Option<ColumnRole>],
    map: &[Option<usize>],
    fused: bool,
    trusted: bool,
    ruled: bool,
    columns: &[ColumnRole],
) -> (Assigned, Option<Assigned>) {
    let mut typed_a = typed(cells, columns);
    // Splitting fused months can only change a reading that has month columns
    // and a cell such as "512"; elsewhere it reads the same.
    if has_month_columns(columns) && cells.iter().any(|c| fused_months(c).is_some()) {
        let split = typed_with(cells, columns, true);
        if score(&split, columns) > score(&typed_a, columns) {
            typed_a = split;
        }
    }
    // geometry holds only under the table's own header, as wide as the row
    // (a page's shortened copy maps its positions wrongly)
    let geometric = ruled && trusted && cells.len() == roles.len();
    let fits = fits_positionally(cells, roles, false);
    if fused || !(fits || (geometric && fits_positionally(cells, roles, true))) {
        return (typed_a, None);
    }
    let pos_a = positional(cells, roles, map);
    // A row printing exactly its header's number of cells, each fitting the
    // column above it, is read by position when that header is the table's own
    // (`trusted`: not a page's shortened or shifted copy): an empty cell keeps
    // its column even where the figures would add up in another arrangement (a
    // wrong total is then reported, not hidden by sliding a figure into the
    // empty column). Position still yields to a reading that finds the row's
    // months where the header put figures.
    // (a row holding a misread cell is weighed by its arithmetic below)
    if trusted
        && fits
        && cells.len() == roles.len()
        && !month_spill(cells, roles)
        && !pos_a.values.is_empty()
        && (months_taken_from_figures(roles, &typed_a, &pos_a) || shape_score(&pos_a, columns) >= shape_score(&typed_a, columns))
    {
        return (pos_a, None);
    }
    let (st, sp) = (score(&typed_a, columns), score(&pos_a, columns));
    if st > sp {
        (typed_a, None)
    } else if st == sp && same_columns(&typed_a, &pos_a) {
        (pos_a, None)
    } else if st == sp {
        (pos_a, Some(typed_a))
    } else {
        (pos_a, None)
    }
}

/// Whether the typed reading found its months only by taking a figure out of a money
/// column while the row's own time cells give none: a section row printing no time, or a
/// duration ("3 tháng"). A small total such as "1" (tỷ đồng) is then money, not January,
/// and "67" is sixty-seven, not months 6 to 7.
fn months_taken_from_figures(roles: &[Option<ColumnRole>], typed: &Assigned, pos: &Assigned) -> bool {
    let has_time = roles.iter().any(|r| matches!(r, Some(ColumnRole::StartMonth | ColumnRole::EndMonth | ColumnRole::Period)));
    has_time && pos.start_month.is_none() && typed.start_month.is_some() && typed.values.len() < pos.values.len()
}

/// A month-like figure (1–12) under a money column right after a filled month
/// column: the header above is shifted by one (a "Thời gian" printed over the
/// two month columns as one), so its positions cannot be trusted.
fn month_spill(cells: &[String], roles: &[Option<ColumnRole>]) -> bool {
    (1..cells.len().min(roles.len())).any(|i| {
        let money = matches!(roles[i], Some(ColumnRole::Value { .. }));
        let after_month = matches!(roles[i - 1], Some(ColumnRole::StartMonth | ColumnRole::EndMonth | ColumnRole::Period))
            && !cells[i - 1].trim().is_empty();
        money && after_month && month_value(&cells[i]).is_some()
    })
}

fn same_columns(a: &Assigned, b: &Assigned) -> bool {
    let ka: Vec<(usize, &str)> = a.values.iter().map(|(c, r, _)| (*c, r.as_str())).collect();
    let kb: Vec<(usize, &str)> = b.values.iter().map(|(c, r, _)| (*c, r.as_str())).collect();
    ka == kb
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FundingSource;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }
    fn money(src: FundingSource) -> ColumnRole {
        ColumnRole::Value { year: None, source: Some(src), total_years: false }
    }

    fn project_columns() -> Vec<ColumnRole> {
        vec![
            ColumnRole::Tt,
            ColumnRole::Label,
            ColumnRole::Implementer,
            ColumnRole::Objective,
            ColumnRole::ExpectedResult,
            ColumnRole::StartMonth,
            ColumnRole::EndMonth,
            money(FundingSource::Total),
            money(FundingSource::Local),
            money(FundingSource::Beneficiary),
            money(FundingSource::Other),
            ColumnRole::Notes,
        ]
    }

    #[test]
    fn typed_reads_fused_months_and_money_in_header_order() {
        let cells = s(&["3.2", "Khảo sát", "Trung tâm", "Tổ chức đoàn", "02 Đoàn", "5 12", "220.000", "220.000", "0", "- QĐ 53"]);
        let a = typed(&cells, &project_columns());
        assert_eq!(a.tt.as_deref(), Some("3.2"));
        assert_eq!(a.label, "Khảo sát");
        assert_eq!((a.start_month, a.end_month), (Some(5), Some(12)));
        let cols: Vec<usize> = a.values.iter().map(|v| v.0).collect();
        assert_eq!(cols, vec![7, 8, 9]);
        assert_eq!(a.texts.last().map(|t| t.0), Some(11));
    }

    #[test]
    fn typed_handles_fused_tt_and_surplus_values() {
        let cells = s(&["3 Hỗ trợ nâng cao năng lực quản lý", "", "", "", "470.000", "470.000", "0", "0", "0", "0"]);
        let a = typed(&cells, &project_columns());
        assert_eq!(a.tt.as_deref(), Some("3"));
        assert_eq!(a.values.len(), 4);
        assert_eq!(a.leftovers.len(), 2);
    }

    #[test]
    fn fused_months_are_split_only_when_the_row_then_adds_up() {
        let cols = project_columns();
        let a = choose(
            &s(&["3.2", "Khảo sát", "Trung tâm", "Tổ chức", "02 Đoàn", "512", "220.000", "220.000", "0"]),
            &[],
            &[],
            true,
            false,
            false,
            &cols,
        )
        .0;
        assert_eq!((a.start_month, a.end_month), (Some(5), Some(12)));
        assert_eq!(a.values.len(), 3);
        assert_eq!(fused_months("112"), Some((1, 12)));
        assert_eq!(fused_months("1.200"), None);
    }

    #[test]
    fn month_with_year_under_start_and_end_columns() {
        let roles = vec![Some(ColumnRole::Tt), Some(ColumnRole::Label), Some(ColumnRole::StartMonth), Some(ColumnRole::EndMonth)];
        let cells = s(&["1.1", "Đào tạo", "04/2024", "10/2024"]);
        assert!(fits_positionally(&cells, &roles, false));
        let a = positional(&cells, &roles, &[Some(0), Some(1), Some(2), Some(3)]);
        assert_eq!((a.start_month, a.end_month), (Some(4), Some(10)));
        let cols = vec![ColumnRole::Tt, ColumnRole::Label, ColumnRole::StartMonth, ColumnRole::EndMonth, money(FundingSource::Total)];
        let a = typed(&s(&["1.1", "Đào tạo", "04/2024", "10/2024", "300"]), &cols);
        assert_eq!((a.start_month, a.end_month), (Some(4), Some(10)));
    }

    #[test]
    fn a_year_in_the_label_column_is_the_rows_label() {
        let roles = vec![
            Some(ColumnRole::Label),
            Some(ColumnRole::Activity { number: None, name: "a".into(), total: false }),
            Some(ColumnRole::Activity { number: None, name: "b".into(), total: false }),
        ];
        let cells = s(&["2026", "40", "19"]);
        assert!(fits_positionally(&cells, &roles, false));
        let a = positional(&cells, &roles, &[Some(0), Some(1), Some(2)]);
        assert_eq!(a.values.iter().map(|v| v.0).collect::<Vec<_>>(), vec![1, 2]);
        assert!(a.tt.as_deref() == Some("2026") || a.label == "2026");
    }

    #[test]
    fn months_printed_with_their_year_or_as_words() {
        assert_eq!(month_value("05/2021"), Some(5));
        assert_eq!(month_value("11/2021"), Some(11));
        assert_eq!(month_value("Tháng 4"), Some(4));
        assert_eq!(month_value("13/2021"), None);
        assert_eq!(month_value("1.200"), None);
        assert_eq!(month_value("6 tháng"), None);
    }

    #[test]
    fn positional_fit_rejects_text_under_months() {
        let roles = vec![Some(ColumnRole::Tt), Some(ColumnRole::Label), Some(ColumnRole::StartMonth)];
        assert!(!fits_positionally(&s(&["1.1", "Đào tạo", "385 lao động"]), &roles, false));
        assert!(fits_positionally(&s(&["1.1", "Đào tạo", "4"]), &roles, false));
    }

    #[test]
    fn a_row_as_wide_as_a_trusted_header_is_read_by_position() {
        let roles = vec![
            Some(ColumnRole::Tt),
            Some(ColumnRole::Label),
            Some(money(FundingSource::National)),
            Some(money(FundingSource::Local)),
            Some(money(FundingSource::Beneficiary)),
            Some(money(FundingSource::Total)),
        ];
        let cols: Vec<ColumnRole> = roles.iter().flatten().cloned().collect();
        let map: Vec<Option<usize>> = (0..6).map(Some).collect();
        // 586 + 552 ≠ 863: the total is wrong, yet 863 stays in the Tổng column.
        let cells = s(&["", "- Tổ chức tại thành phố", "586.000", "552.000", "", "863.000"]);
        let (a, _) = choose(&cells, &roles, &map, false, true, false, &cols);
        assert_eq!(a.values.iter().map(|v| v.0).collect::<Vec<_>>(), vec![2, 3, 5]);
        // A header that may be a page's shifted copy: the arithmetic may still choose.
        let (a, _) = choose(&cells, &roles, &map, false, false, false, &cols);
        assert_eq!(a.values.iter().map(|v| v.0).collect::<Vec<_>>(), vec![2, 3, 4]);
    }

    #[test]
    fn a_section_row_without_time_keeps_a_month_like_total_in_its_column() {
        let roles = vec![
            Some(ColumnRole::Tt),
            Some(ColumnRole::Label),
            Some(ColumnRole::Implementer),
            Some(ColumnRole::Period),
            Some(money(FundingSource::Total)),
            Some(money(FundingSource::National)),
            Some(money(FundingSource::Local)),
            Some(money(FundingSource::Beneficiary)),
        ];
        let cols: Vec<ColumnRole> = roles.iter().flatten().cloned().collect();
        let map: Vec<Option<usize>> = (0..8).map(Some).collect();
        // "1" (tỷ đồng) is the section's total, not a month: the row prints no time.
        let cells = s(&["A", "Nâng cao năng lực", "", "", "1", "0,5", "0,15", "0,35"]);
        let (a, _) = choose(&cells, &roles, &map, false, true, false, &cols);
        assert_eq!(a.values.iter().map(|v| v.0).collect::<Vec<_>>(), vec![4, 5, 6, 7]);
        assert_eq!(a.start_month, None);
        // A duration is no month: "67" stays the row's total, not months 6 to 7.
        let cells = s(&["2", "Hỗ trợ lắp đặt", "Trung tâm Khuyến công", "3 tháng", "67", "60", "", ""]);
        let (a, _) = choose(&cells, &roles, &map, false, true, false, &cols);
        assert_eq!(a.values.iter().map(|v| v.0).collect::<Vec<_>>(), vec![4, 5]);
    }

    #[test]
    fn positional_keeps_empty_cells_in_place() {
        let roles = vec![
            Some(ColumnRole::Tt),
            Some(ColumnRole::Label),
            Some(ColumnRole::Value { year: Some(2016), source: None, total_years: false }),
            Some(ColumnRole::Value { year: Some(2017), source: None, total_years: false }),
        ];
        let map = vec![Some(0), Some(1), Some(2), Some(3)];
        let a = positional(&s(&["1", "Số lao động", "", "50"]), &roles, &map);
        assert_eq!(a.values.len(), 1);
        assert_eq!(a.values[0].0, 3);
    }

    #[test]
    fn a_ruled_row_keeps_its_columns_past_a_speck_read_in_an_empty_cell() {
        let year = |y: i32, src: FundingSource| ColumnRole::Value { year: Some(y), source: Some(src), total_years: false };
        let roles = vec![
            Some(ColumnRole::Tt),
            Some(ColumnRole::Label),
            Some(year(2016, FundingSource::National)),
            Some(year(2016, FundingSource::Local)),
            Some(year(2017, FundingSource::National)),
            Some(year(2017, FundingSource::Local)),
        ];
        let cols: Vec<ColumnRole> = roles.iter().flatten().cloned().collect();
        let map: Vec<Option<usize>> = (0..6).map(Some).collect();
        // the national cells are empty on paper; OCR read a speck in one as "°2"
        let cells = s(&["2", "Nâng cao năng lực quản lý", "°2", "100", "", "85"]);
        let (a, _) = choose(&cells, &roles, &map, false, true, true, &cols);
        assert_eq!(a.values.iter().map(|v| v.0).collect::<Vec<_>>(), vec![3, 5]);
        assert_eq!(a.leftovers, vec!["°2".to_string()]);
        // the same cells without ruling lines: nothing says where they stood
        let (a, _) = choose(&cells, &roles, &map, false, true, false, &cols);
        assert_eq!(a.values.iter().map(|v| v.0).collect::<Vec<_>>(), vec![2, 3]);
        // words under a figures column are no speck: the header's map is in doubt
        let worded = s(&["2", "Nâng cao năng lực quản lý", "Quyết định 38", "100", "", "85"]);
        let (a, _) = choose(&worded, &roles, &map, false, true, true, &cols);
        assert_eq!(a.values.iter().map(|v| v.0).collect::<Vec<_>>(), vec![2, 3]);
    }
}
