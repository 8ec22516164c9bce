//! A recovered table as an aligned text grid, for `trichxuat inspect`: a
//! person holds it against the paper to see whether rows, columns and values
//! were read right, and which totals failed.

use crate::model::{Check, ColumnRole, Table, TableRow};

use super::json::enum_name;

/// Longest label shown before it is cut with "…".
const LABEL_WIDTH: usize = 50;
/// Longest text of other columns (implementer, notes, …).
const TEXT_WIDTH: usize = 24;

fn truncate(s: &str, max: usize) -> String {
    let s = s.replace(['\t', '\n', '\r'], " ");
    if s.chars().count() <= max {
        s
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn width(s: &str) -> usize {
    s.chars().count()
}

/// What the grid shows in a column for one row.
fn cell(row: &TableRow, col: usize, role: &ColumnRole) -> String {
    let text = |v: &Option<String>| v.as_deref().map(|s| truncate(s, TEXT_WIDTH)).unwrap_or_default();
    let month = |v: Option<u32>| v.map(|m| m.to_string()).unwrap_or_default();
    match role {
        ColumnRole::Value { .. } | ColumnRole::Activity { .. } | ColumnRole::Other => row
            .values
            .iter()
            .find(|v| v.column == col)
            .map(|v| {
                if v.derived {
                    format!("{}*", v.value)
                } else if v.raw.trim().is_empty() {
                    v.value.to_string()
                } else {
                    v.raw.clone()
                }
            })
            .unwrap_or_default(),
        ColumnRole::Unit => text(&row.unit),
        ColumnRole::Implementer => text(&row.implementer),
        ColumnRole::Objective => text(&row.objective),
        ColumnRole::ExpectedResult => text(&row.expected_result),
        ColumnRole::Notes => text(&row.notes),
        ColumnRole::StartMonth => month(row.start_month),
        ColumnRole::EndMonth => month(row.end_month),
        ColumnRole::Period => match (row.start_month, row.end_month) {
            (Some(a), Some(b)) => format!("{a}-{b}"),
            (Some(a), None) => a.to_string(),
            _ => String::new(),
        },
        ColumnRole::Tt | ColumnRole::Label => String::new(),
    }
}

/// Renders `table` as an aligned grid (widths by characters, not bytes):
/// a title line, the column headers, one line per row (id, label, values;
/// derived values end in `*`), then the checks made on this table.
pub fn render_table(table: &Table, checks: &[Check]) -> String {
    // Columns shown besides id and label: every column that is not TT or label.
    let shown: Vec<(usize, &ColumnRole, String)> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| !matches!(c.role, ColumnRole::Tt | ColumnRole::Label))
        .map(|(i, c)| (i, &c.role, truncate(&c.header, TEXT_WIDTH)))
        .collect();
    let label_header = table
        .columns
        .iter()
        .find(|c| c.role == ColumnRole::Label)
        .map(|c| truncate(&c.header, LABEL_WIDTH))
        .unwrap_or_else(|| "Nội dung".to_string());

    let mut grid: Vec<Vec<String>> = Vec::with_capacity(table.rows.len() + 1);
    let mut header = vec!["TT".to_string(), label_header];
    header.extend(shown.iter().map(|(_, _, h)| h.clone()));
    grid.push(header);
    for row in &table.rows {
        let mut line = vec![row.id.clone().or_else(|| row.tt.clone()).unwrap_or_default(), truncate(&row.label, LABEL_WIDTH)];
        line.extend(shown.iter().map(|(i, role, _)| cell(row, *i, role)));
        grid.push(line);
    }
    let ncols = grid.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..ncols).map(|c| grid.iter().filter_map(|r| r.get(c)).map(|s| width(s)).max().unwrap_or(0)).collect();

    // Figures are right-aligned, text left-aligned.
    let mut right = vec![false, false];
    right.extend(shown.iter().map(|(_, role, _)| matches!(role, ColumnRole::Value { .. } | ColumnRole::StartMonth | ColumnRole::EndMonth)));

    let mut out = String::new();
    out.push_str(&format!(
        "{} [{}] {}{}\n",
        table.id,
        enum_name(&table.kind),
        table.title.as_deref().unwrap_or(""),
        table.unit.as_deref().map(|u| format!(" (ĐVT: {u})")).unwrap_or_default()
    ));
    for (r, line) in grid.iter().enumerate() {
        let mut text = String::new();
        for (c, s) in line.iter().enumerate() {
            let w = widths.get(c).copied().unwrap_or(0);
            let pad = " ".repeat(w.saturating_sub(width(s)));
            if c > 0 {
                text.push_str(" | ");
            }
            if r > 0 && right.get(c).copied().unwrap_or(false) {
                text.push_str(&pad);
                text.push_str(s);
            } else {
                text.push_str(s);
                text.push_str(&pad);
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
        if r == 0 {
            let total = widths.iter().sum::<usize>() + 3 * widths.len().saturating_sub(1);
            out.push_str(&"-".repeat(total));
            out.push('\n');
        }
    }
    let mine: Vec<&Check> = checks.iter().filter(|c| c.table.as_deref() == Some(table.id.as_str())).collect();
    if !mine.is_empty() {
        out.push_str("checks:\n");
        for c in mine {
            out.push_str(&format!(
                "  [{}] {} {}: {}\n",
                enum_name(&c.status),
                enum_name(&c.kind),
                c.row.as_deref().unwrap_or("-"),
                c.message
            ));
        }
    }
    out
}
