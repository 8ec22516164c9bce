//! Arithmetic checks inside one table: row totals (across), section totals
//! (a section row against its children), grand totals (a total row against
//! its sections, or their items where a section prints nothing), and the
//! recovery of a missing cell that both the row and the column arithmetic pin
//! down exactly (emitted as `derived` with an `inferred` check).

use crate::model::{Check, CheckCell, CheckKind, CheckStatus, ColumnRole, Decimal, FundingSource, RowKind, Table, TableKind, ValueCell};

/// Figures of one row by column (printed or derived).
fn value_at(table: &Table, row: usize, col: usize) -> Option<Decimal> {
    table.rows.get(row)?.values.iter().find(|v| v.column == col).map(|v| v.value)
}

/// A row's figure in a column, or the sum of its descendants' where it prints none.
fn effective(table: &Table, row: usize, col: usize, depth: u32) -> Option<Decimal> {
    if let Some(v) = value_at(table, row, col) {
        return Some(v);
    }
    if depth > 16 {
        return None;
    }
    sum_of(table, &table.children(row), col, depth + 1)
}

fn sum_of(table: &Table, rows: &[usize], col: usize, depth: u32) -> Option<Decimal> {
    let mut sum = Decimal::int(0);
    let mut any = false;
    for &r in rows {
        if let Some(v) = effective(table, r, col, depth) {
            sum = sum.add(v);
            any = true;
        }
    }
    any.then_some(sum)
}

/// Scale for check figures: đồng for money tables, the printed unit otherwise.
fn to_check_units(table: &Table, v: Decimal) -> f64 {
    match (table.kind, table.unit_vnd) {
        (TableKind::Targets, _) | (_, None) => v.to_f64(),
        (_, Some(m)) => v.times_int(m).map(|x| x as f64).unwrap_or_else(|| v.to_f64() * m as f64),
    }
}

/// The cell at (row, column) as a check names it, when the row prints (or
/// was given) a figure there.
fn cell_ref(table: &Table, row: usize, col: usize, total: bool) -> Option<CheckCell> {
    let r = table.rows.get(row)?;
    let v = r.values.iter().find(|v| v.column == col)?;
    Some(CheckCell {
        row: r.id.clone(),
        column: table.columns.get(col).map(|c| c.header.clone()).unwrap_or_default(),
        page: r.provenance.page,
        line: r.provenance.line,
        col: v.cell,
        raw: v.raw.clone(),
        bbox: v.bbox,
        total,
    })
}

/// The cells a check compares: the total at (`row`, `col`) and its parts.
fn compared(table: &Table, row: usize, col: usize, parts: &[(usize, usize)]) -> Vec<CheckCell> {
    let mut out: Vec<CheckCell> = cell_ref(table, row, col, true).into_iter().collect();
    out.extend(parts.iter().filter_map(|&(r, c)| cell_ref(table, r, c, false)));
    out
}

#[allow(clippy::too_many_arguments)]
fn push(
    checks: &mut Vec<Check>,
    table: &Table,
    row: usize,
    kind: CheckKind,
    expected: Decimal,
    found: Decimal,
    what: &str,
    cells: Vec<CheckCell>,
) {
    let ok = expected.same(found);
    let id = table.rows[row].id.clone();
    let label = &table.rows[row].label;
    checks.push(Check {
        table: Some(table.id.clone()),
        row: id.clone(),
        kind,
        expected: Some(to_check_units(table, expected)),
        found: Some(to_check_units(table, found)),
        status: if ok { CheckStatus::Ok } else { CheckStatus::Mismatch },
        message: format!(
            "{} {}: printed {} {} {} {}",
            id.as_deref().unwrap_or(label.as_str()),
            what_kind(kind),
            expected,
            if ok { "=" } else { "≠" },
            what,
            found
        ),
        cells,
    });
}

fn what_kind(k: CheckKind) -> &'static str {
    match k {
        CheckKind::RowTotal => "row total",
        CheckKind::ColumnTotal => "column total",
        CheckKind::SectionTotal => "section total",
        CheckKind::GrandTotal => "grand total",
        CheckKind::WordsVsFigures => "total in words",
        CheckKind::TextVsTable => "figure in the text",
    }
}

/// The part columns a total column sums, within one row.
fn part_columns(table: &Table, total_col: usize) -> Vec<usize> {
    let Some(ColumnRole::Value { year, source, total_years }) = table.columns.get(total_col).map(|c| &c.role) else {
        return Vec::new();
    };
    // Years printed in groups with a Tổng of their own ("Năm 2022: Tổng | KCQG | KCĐP"):
    // the period's Tổng sums those year totals, not every cell of the years.
    let year_totals = table
        .columns
        .iter()
        .any(|c| matches!(c.role, ColumnRole::Value { year: Some(_), source: Some(FundingSource::Total), total_years: false }));
    let mut parts = Vec::new();
    for (i, c) in table.columns.iter().enumerate() {
        if i == total_col {
            continue;
        }
        let ColumnRole::Value { year: y, source: s, total_years: t } = &c.role else { continue };
        let is_part = if *total_years {
            // A Tổng over the years: the year columns of the same source (any source for an unsourced total).
            let same_source = match source {
                None | Some(FundingSource::Total) => !year_totals || *s == Some(FundingSource::Total),
                Some(_) => s == source,
            };
            y.is_some() && !*t && same_source
        } else if *source == Some(FundingSource::Total) {
            // A Tổng over the sources of one year (a support-money column without a
            // source of its own is one of them: it holds its section's source).
            !*t && y == year && *s != Some(FundingSource::Total)
        } else {
            false
        };
        if is_part {
            parts.push(i);
        }
    }
    parts
}

/// Adds a derived cell to a row and the `inferred` check that reports it.
fn add_derived(table: &mut Table, r: usize, col: usize, value: Decimal, message: String, checks: &mut Vec<Check>) {
    let row = &mut table.rows[r];
    row.values.push(ValueCell {
        column: col,
        raw: value.to_string(),
        value,
        derived: true,
        bbox: None,
        cell: None,
        confidence: None,
        corrected_from: None,
        reread: false,
    });
    row.values.sort_by_key(|v| v.column);
    let id = row.id.clone();
    checks.push(Check {
        table: Some(table.id.clone()),
        row: id,
        kind: CheckKind::RowTotal,
        expected: Some(to_check_units(table, value)),
        found: None,
        status: CheckStatus::Inferred,
        message,
        cells: cell_ref(table, r, col, false).into_iter().collect(),
    });
}

/// Recovers missing part cells pinned by row and column arithmetic.
fn derive_missing(table: &mut Table, checks: &mut Vec<Check>) {
    if table.kind == TableKind::Targets {
        return;
    }
    for r in 0..table.rows.len() {
        let totals: Vec<usize> = table.rows[r].values.iter().map(|v| v.column).collect();
        for t in totals {
            let parts = part_columns(table, t);
            if parts.len() < 2 {
                continue;
            }
            let Some(total) = value_at(table, r, t) else { continue };
            let printed: Vec<Decimal> = parts.iter().filter_map(|&p| value_at(table, r, p)).collect();
            if printed.is_empty() {
                continue;
            }
            let missing: Vec<usize> = parts.iter().copied().filter(|&p| value_at(table, r, p).is_none()).collect();
            let gap = printed.iter().fold(total, |g, v| g.sub(*v));
            if missing.is_empty() || gap.is_zero() || gap.units < 0 {
                continue;
            }
            // Column arithmetic: the parent's figure (or, for a top-level row, the
            // total row's) less the other rows' printed figures must leave the same gap.
            let parent = table.rows[r].parent;
            let total_row = (0..table.rows.len()).find(|&t| table.rows[t].kind == RowKind::Total && table.rows[t].parent.is_none());
            let mut pinned: Vec<usize> = Vec::new();
            for &m in &missing {
                let col_gap = match parent {
                    Some(p) => value_at(table, p, m).map(|pv| {
                        let sib: Vec<usize> = table.children(p).into_iter().filter(|&s| s != r).collect();
                        pv.sub(sib.iter().filter_map(|&s| value_at(table, s, m)).fold(Decimal::int(0), |a, v| a.add(v)))
                    }),
                    None => total_row.and_then(|t| value_at(table, t, m)).map(|tv| {
                        let others: Vec<usize> = (0..table.rows.len())
                            .filter(|&o| {
                                o != r && table.rows[o].parent.is_none() && table.rows[o].kind != RowKind::Total && !table.rows[o].dash
                            })
                            .collect();
                        tv.sub(others.iter().filter_map(|&o| effective(table, o, m, 0)).fold(Decimal::int(0), |a, v| a.add(v)))
                    }),
                };
                if col_gap.is_some_and(|g| g.same(gap)) {
                    pinned.push(m);
                }
            }
            if pinned.len() != 1 {
                continue;
            }
            let col = pinned[0];
            let header = table.columns.get(col).map(|c| c.header.clone()).unwrap_or_default();
            let message = format!(
                "{}: \"{}\" not printed; total {} less the printed parts = {}, confirmed by the column arithmetic",
                table.rows[r].id.as_deref().unwrap_or("row"),
                header,
                total,
                gap
            );
            add_derived(table, r, col, gap, message, checks);
        }
    }
}

/// Recovers a missing total cell of a row whose parts are printed, where the
/// other rows print that total (so its absence is a gap, not a convention).
fn derive_missing_totals(table: &mut Table, checks: &mut Vec<Check>) {
    if table.kind == TableKind::Targets {
        return;
    }
    let total_cols: Vec<usize> = (0..table.columns.len()).filter(|&c| part_columns(table, c).len() >= 2).collect();
    for t in total_cols {
        let filled = table.rows.iter().filter(|r| r.values.iter().any(|v| v.column == t)).count();
        if filled * 2 < table.rows.len() {
            continue;
        }
        let parts = part_columns(table, t);
        for r in 0..table.rows.len() {
            if value_at(table, r, t).is_some() {
                continue;
            }
            let vals: Vec<Decimal> = parts.iter().filter_map(|&p| value_at(table, r, p)).collect();
            // Every part printed: the total is pinned exactly.
            if vals.len() != parts.len() {
                continue;
            }
            let sum = vals.iter().fold(Decimal::int(0), |a, b| a.add(*b));
            if sum.is_zero() {
                continue;
            }
            let header = table.columns[t].header.clone();
            let who = table.rows[r].id.clone().unwrap_or_else(|| table.rows[r].label.clone());
            add_derived(table, r, t, sum, format!("{who}: \"{header}\" not printed; the sum of its parts is {sum}"), checks);
        }
    }
}

/// Part columns whose share of row `r` is not known: the row prints a
/// (non-zero) total over them and none of them. A blank there is not a zero,
/// so a column total counting this row cannot be checked in those columns.
fn unknown_parts(table: &Table, r: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for v in &table.rows[r].values {
        let parts = part_columns(table, v.column);
        if !parts.is_empty() && !v.value.same(Decimal::int(0)) && parts.iter().all(|&p| value_at(table, r, p).is_none()) {
            out.extend(parts);
        }
    }
    out
}

/// Why a printed total was not checked, as a warning: "t2 row II (line
/// 57): not checked: …". A total whose parts cannot be told is said so,
/// never passed over in silence and never made a mismatch.
fn not_checked(table: &Table, row: usize, why: &str) -> String {
    let name = row_name(table, row);
    match table.rows[row].provenance.line {
        Some(line) => format!("{} row {name} (line {line}): not checked: {why}", table.id),
        None => format!("{} row {name}: not checked: {why}", table.id),
    }
}

/// "in "KCQG", row 2 prints its total but not its share".
fn parts_unknown(table: &Table, row: usize, col: usize) -> String {
    format!("in \"{}\", row {} prints its total but not its share", table.columns[col].header, row_name(table, row))
}

/// A row as a warning names it: its id, else its label in quotes.
fn row_name(table: &Table, row: usize) -> String {
    let r = &table.rows[row];
    r.id.clone().unwrap_or_else(|| format!("\"{}\"", r.label))
}

/// Checks every total of the table against its parts (adding the cells the
/// arithmetic pins down first); returns a warning for each printed total
/// whose parts are not there to check it with.
pub fn table_checks(table: &mut Table, checks: &mut Vec<Check>) -> Vec<String> {
    derive_missing(table, checks);
    derive_missing_totals(table, checks);
    let table = &*table;
    let mut unchecked = Vec::new();
    // per row, the part columns whose share it leaves unknown (asked per total below)
    let unknown: Vec<Vec<usize>> = (0..table.rows.len()).map(|r| unknown_parts(table, r)).collect();
    // Row totals.
    for r in 0..table.rows.len() {
        let mut parts_missing = Vec::new();
        for v in &table.rows[r].values {
            let parts = part_columns(table, v.column);
            let vals: Vec<Decimal> = parts.iter().filter_map(|&p| value_at(table, r, p)).collect();
            if vals.is_empty() {
                // a total column with parts in the table, none printed on this row
                if !parts.is_empty() && !v.derived && !v.value.same(Decimal::int(0)) {
                    parts_missing.push(table.columns[v.column].header.clone());
                }
                continue;
            }
            let sum = vals.iter().fold(Decimal::int(0), |a, b| a.add(*b));
            let what = match &table.columns[v.column].role {
                ColumnRole::Value { total_years: true, .. } => "sum of the years",
                _ => "sum of the sources",
            };
            let cells = compared(table, r, v.column, &parts.iter().map(|&p| (r, p)).collect::<Vec<_>>());
            push(checks, table, r, CheckKind::RowTotal, v.value, sum, what, cells);
        }
        if !parts_missing.is_empty() {
            let why = format!("the row prints its total in \"{}\" but none of the parts", parts_missing.join("\", \""));
            unchecked.push(not_checked(table, r, &why));
        }
    }
    // A table the other way round: each source row's Tổng against its activities.
    if table.transposed {
        for r in 0..table.rows.len() {
            let total = table.rows[r]
                .values
                .iter()
                .find(|v| matches!(table.columns.get(v.column).map(|c| &c.role), Some(ColumnRole::Activity { total: true, .. })));
            let Some(total) = total else { continue };
            let part_cells: Vec<&ValueCell> = table.rows[r]
                .values
                .iter()
                .filter(|v| matches!(table.columns.get(v.column).map(|c| &c.role), Some(ColumnRole::Activity { total: false, .. })))
                .collect();
            let parts: Vec<Decimal> = part_cells.iter().map(|v| v.value).collect();
            if !parts.is_empty() {
                let sum = parts.iter().fold(Decimal::int(0), |a, b| a.add(*b));
                let cells = compared(table, r, total.column, &part_cells.iter().map(|v| (r, v.column)).collect::<Vec<_>>());
                push(checks, table, r, CheckKind::RowTotal, total.value, sum, "sum of the activities", cells);
            }
        }
    }
    // Section totals.
    for r in 0..table.rows.len() {
        // A section row, or a total row split into its sources ("- KCQG", "- KCĐP").
        let split_total = table.rows[r].kind == RowKind::Total && !table.split_parts(r).is_empty();
        if table.rows[r].kind != RowKind::Subtotal && !split_total {
            continue;
        }
        let kids = table.children(r);
        if kids.is_empty() && table.rows[r].values.iter().any(|v| !v.derived) {
            let why = if split_total { "its sources are not printed" } else { "no rows are printed under this section" };
            unchecked.push(not_checked(table, r, why));
        }
        for v in &table.rows[r].values {
            if let Some(k) = kids.iter().find(|&&k| unknown[k].contains(&v.column)) {
                unchecked.push(not_checked(table, r, &parts_unknown(table, *k, v.column)));
                continue;
            }
            if let Some(sum) = sum_of(table, &kids, v.column, 0) {
                let h = &table.columns[v.column].header;
                let cells = compared(table, r, v.column, &kids.iter().map(|&k| (k, v.column)).collect::<Vec<_>>());
                push(checks, table, r, CheckKind::SectionTotal, v.value, sum, &format!("sum of its items in \"{h}\""), cells);
            }
        }
    }
    // Grand totals: a total row against the top-level rows it closes.
    // (The source rows of a total hang from it and are checked with it above.)
    let totals: Vec<usize> =
        (0..table.rows.len()).filter(|&r| table.rows[r].kind == RowKind::Total && table.rows[r].parent.is_none()).collect();
    for (k, &t) in totals.iter().enumerate() {
        let prev = if k == 0 { None } else { Some(totals[k - 1]) };
        let top = |range: std::ops::Range<usize>| -> Vec<usize> {
            range.filter(|&r| table.rows[r].parent.is_none() && table.rows[r].kind != RowKind::Total && !table.rows[r].dash).collect()
        };
        let mut scope = top(prev.map(|p| p + 1).unwrap_or(0)..t);
        if scope.is_empty() {
            let next = totals.get(k + 1).copied().unwrap_or(table.rows.len());
            scope = top(t + 1..next);
        }
        if scope.is_empty() && table.rows[t].values.iter().any(|v| !v.derived) {
            unchecked.push(not_checked(table, t, "no rows of the table are its parts"));
        }
        for v in &table.rows[t].values {
            if let Some(k) = scope.iter().find(|&&k| unknown[k].contains(&v.column)) {
                unchecked.push(not_checked(table, t, &parts_unknown(table, *k, v.column)));
                continue;
            }
            if let Some(sum) = sum_of(table, &scope, v.column, 0) {
                let h = &table.columns[v.column].header;
                // In a table the other way round each column plays a row: its total
                // row sums the sources (a column total) or the years (a row total).
                let kind = match table.transposed {
                    true if table.kind == TableKind::Targets => CheckKind::RowTotal,
                    true => CheckKind::ColumnTotal,
                    false => CheckKind::GrandTotal,
                };
                let cells = compared(table, t, v.column, &scope.iter().map(|&k| (k, v.column)).collect::<Vec<_>>());
                push(checks, table, t, kind, v.value, sum, &format!("sum of the rows in \"{h}\""), cells);
            }
        }
    }
    unchecked
}
