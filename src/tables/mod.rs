//! Stage 3: table recovery — find every table, its title and unit, read its
//! (possibly repeated, garbled) headers into column roles, and turn each data
//! line into a [`TableRow`] with its TT, hierarchy, kind and values.
//!
//! Public surface: [`recover_tables`]; the pieces (`header`, `tt`,
//! `assign`) are public to the crate for `inspect` and tests.

pub(crate) mod assign;
pub(crate) mod header;
pub(crate) mod transposed;

use crate::model::{
    Column, ColumnRole, Document, FundingSource, Line, Provenance, RowKind, Stage, Table, TableCell, TableKind, TableRow, ValueCell,
};
use crate::normalize::{fold, parse_number, parse_unit};
use crate::vn::tt;
use header::{classify, compose, has_header_word, is_bare_year};
use std::collections::{HashMap, HashSet};

/// One header + its data lines, as printed on one page.
#[derive(Debug, Default)]
struct Group {
    header: Vec<usize>,
    data: Vec<usize>,
}

/// Finds and reads every table of the document into `doc.tables`.
pub fn recover_tables(doc: &mut Document) {
    let lines: Vec<Line> = doc.lines().cloned().collect();
    let mut tables = Vec::new();
    let mut warnings = Vec::new();
    for (groups, gap) in assemble(&lines) {
        let id = format!("t{}", tables.len() + 1);
        if let Some(t) = build_table(id, &groups, &gap, &lines, &mut warnings) {
            tables.push(t);
        }
    }
    inherit_units(&mut tables, &mut warnings);
    doc.tables = tables;
    for w in warnings {
        doc.warn(Stage::Tables, w);
    }
}

/// A money table that goes on after a break the assembler could not bridge
/// (lines of prose between two pages of it; on a scan often debris read off
/// the margin) takes the unit of the table it continues: it has no unit and
/// no title of its own, comes later in the document, is of the same kind and
/// its header names the same kinds of column. Said in the warnings.
fn inherit_units(tables: &mut [Table], warnings: &mut Vec<String>) {
    for i in 1..tables.len() {
        let (before, rest) = tables.split_at_mut(i);
        let (prev, t) = (&before[i - 1], &mut rest[0]);
        let untitled = t.title.as_deref().is_none_or(|x| !is_title_line(x));
        let later = t.pages.first() >= prev.pages.last();
        let same_columns = || compatible(&column_kinds(prev.columns.iter().map(|c| &c.role)), t.columns.iter().map(|c| &c.role));
        if t.unit_vnd.is_none() && t.kind != TableKind::Targets && t.kind == prev.kind && untitled && later && same_columns() {
            if let (Some(unit), Some(vnd)) = (prev.unit.clone(), prev.unit_vnd) {
                warnings.push(format!("{}: no unit line of its own; it continues {}, whose unit ({unit}) it takes", t.id, prev.id));
                t.unit = Some(unit);
                t.unit_vnd = Some(vnd);
            }
        }
    }
}

fn is_blank(l: &Line) -> bool {
    l.text.trim().is_empty()
}

fn is_table_line(l: &Line) -> bool {
    l.tabular && l.cells.len() >= 2 && l.cells.iter().any(|c| !c.text.trim().is_empty())
}

/// A line that is a header row: header words, and no figures but years. The
/// first cell may be a TT header misread as a figure ("TT" → "4").
fn is_header_line(l: &Line) -> bool {
    let cells: Vec<&str> = l.cells.iter().map(|c| c.text.trim()).filter(|t| !t.is_empty()).collect();
    let Some(first) = cells.first() else { return false };
    let rest = &cells[1..];
    let words = |cs: &[&str]| cs.iter().filter(|c| has_header_word(c) || is_bare_year(c)).count();
    let figures = |cs: &[&str]| cs.iter().filter(|c| parse_number(c).is_some() && !is_bare_year(c)).count();
    let first_is_tt = (tt::shape(first).is_some() && fold(first) != "tt") || tt::split_fused(first).is_some();
    if first_is_tt || parse_number(first).is_some() {
        // Only a clear header survives a TT-like first cell.
        return figures(rest) == 0 && words(rest) >= 3 && words(rest) * 3 >= rest.len() * 2;
    }
    if figures(&cells) > 0 {
        return false;
    }
    // A table the other way round names its row axis first ("Nguồn kinh phí",
    // "Năm") and its columns after it are activities or indicators, not header words.
    let axis = fold(first);
    let axis = axis.trim().trim_end_matches(':');
    if (cells.len() >= 3 && matches!(axis, "nguon kinh phi" | "nguon von" | "nguon" | "nam" | "nam thuc hien" | "cac nguon von"))
        // "Nội dung | <activity> | … | Tổng": a label corner over free words.
        || transposed::is_corner_header(&cells)
    {
        return true;
    }
    // A lone "Trong đó:" between data rows introduces sub-rows; it is not a header.
    if cells.len() == 1 && fold(cells[0]).trim_start().starts_with("trong do") {
        return false;
    }
    // A section row ("IL | Nội dung 2: …") has one header-like word; a header line two or more.
    let w = words(&cells);
    (w >= 2 || cells.len() == 1) && w >= 1 && (w * 2 >= cells.len() || w >= 3)
}

fn is_unit_line(text: &str) -> bool {
    let f = fold(text);
    (f.contains("dvt") || f.contains("don vi tinh") || f.contains("don vi:")) && parse_unit(text).is_some()
}

fn is_title_line(text: &str) -> bool {
    let f = fold(text);
    let t = f.trim_start_matches(|c: char| !c.is_alphanumeric());
    t.starts_with("bieu") || t.starts_with("bang") || t.starts_with("phu luc") || f.contains("bieu tong hop")
}

/// Groups table lines into tables: a run of table lines (blank lines allowed)
/// is a page of a table; a later run continues it when it repeats a compatible
/// header (or has none) and no title or unit line stands between.
fn assemble(lines: &[Line]) -> Vec<(Vec<Group>, Vec<usize>)> {
    let mut out: Vec<(Vec<Group>, Vec<usize>)> = Vec::new();
    let mut gap: Vec<usize> = Vec::new(); // non-blank prose lines since the last table line
    let mut i = 0;
    // kinds of column the current table's headers have named so far
    let mut table_kinds: Option<HashSet<u8>> = None;
    while i < lines.len() {
        if !is_table_line(&lines[i]) {
            if !is_blank(&lines[i]) {
                gap.push(i);
            }
            i += 1;
            continue;
        }
        // A run of table lines.
        let mut groups: Vec<Group> = Vec::new();
        let mut cur = Group::default();
        while i < lines.len() && (is_table_line(&lines[i]) || is_blank(&lines[i])) {
            if is_blank(&lines[i]) {
                i += 1;
                continue;
            }
            if is_header_line(&lines[i]) {
                if !cur.data.is_empty() {
                    groups.push(std::mem::take(&mut cur));
                }
                cur.header.push(i);
            } else {
                cur.data.push(i);
            }
            i += 1;
        }
        if !cur.header.is_empty() || !cur.data.is_empty() {
            groups.push(cur);
        }
        let mut new_title =
            gap.iter().any(|&g| is_title_line(&lines[g].text) || is_unit_line(&lines[g].text) || header::is_heading(&lines[g].text));
        let mut long_gap = gap.len() > 3;
        for mut g in groups {
            // A page repeating only the lower level of the table's header
            // ("Tổng | KCĐP | KCQG" under each year): the table goes on, read
            // through its full header.
            let shortened = match out.last() {
                Some(last) if !new_title && !long_gap => lower_level_of(&g, &last.0, lines),
                _ => None,
            };
            if let Some(full) = shortened {
                g.header = full;
            }
            let roles = group_roles(&g, lines);
            let continues = match (&table_kinds, out.last()) {
                (Some(prev), Some(_)) if !new_title && !long_gap => g.header.is_empty() || compatible(prev, &roles),
                _ => false,
            };
            if continues {
                if let Some(last) = out.last_mut() {
                    last.0.push(g);
                }
            } else if !g.header.is_empty() {
                out.push((vec![g], std::mem::take(&mut gap)));
            } else {
                // Data without any header: not a table we can read.
                continue;
            }
            if !roles.is_empty() {
                let kinds = column_kinds(&roles);
                match &mut table_kinds {
                    Some(k) if continues => k.extend(kinds),
                    _ => table_kinds = Some(kinds),
                }
            }
            // Only the first group of a run has prose before it.
            new_title = false;
            long_gap = false;
        }
        gap.clear();
    }
    out
}

/// The full header of a table when `g` repeats only its lower levels (its
/// header lines equal the last lines of the table's first header).
fn lower_level_of(g: &Group, table: &[Group], lines: &[Line]) -> Option<Vec<usize>> {
    let full = &table.first()?.header;
    if g.header.is_empty() || g.header.len() >= full.len() {
        return None;
    }
    let words =
        |i: usize| -> Vec<String> { lines[i].cells.iter().map(|c| fold(&c.text).trim().to_string()).filter(|t| !t.is_empty()).collect() };
    let tail = &full[full.len() - g.header.len()..];
    g.header.iter().zip(tail).all(|(&a, &b)| words(a) == words(b) && !words(a).is_empty()).then(|| full.clone())
}

fn group_roles(g: &Group, lines: &[Line]) -> Vec<ColumnRole> {
    let header: Vec<Vec<String>> = g.header.iter().map(|&h| cells_of(&lines[h])).collect();
    let width = header.iter().map(|h| h.len()).max().unwrap_or(0);
    compose(&header, width).iter().flat_map(|levels| classify(levels)).collect()
}

fn kind_key(r: &ColumnRole) -> u8 {
    match r {
        ColumnRole::Tt => 1,
        ColumnRole::Label => 2,
        ColumnRole::Unit => 3,
        ColumnRole::Value { .. } | ColumnRole::Activity { .. } => 4,
        ColumnRole::StartMonth | ColumnRole::EndMonth | ColumnRole::Period => 5,
        ColumnRole::Implementer | ColumnRole::Objective | ColumnRole::ExpectedResult => 6,
        ColumnRole::Notes => 7,
        ColumnRole::Other => 0,
    }
}

/// The kinds of column a header names (unknown columns left out).
fn column_kinds<'a>(roles: impl IntoIterator<Item = &'a ColumnRole>) -> HashSet<u8> {
    roles.into_iter().map(kind_key).filter(|k| *k != 0).collect()
}

/// A header repeats the table's when most kinds of column it names are kinds
/// the table's headers named before. Measured against all of the table's
/// headers, not the last one alone: a scanned page's repeat loses a word here
/// and there ("TT" read "3 hè", "Ghi chú" lost), never the same one twice.
fn compatible<'a>(table: &HashSet<u8>, roles: impl IntoIterator<Item = &'a ColumnRole>) -> bool {
    let kinds = column_kinds(roles);
    let shared = kinds.intersection(table).count();
    shared * 3 >= kinds.len().max(1) * 2
}

fn cells_of(l: &Line) -> Vec<String> {
    l.cells.iter().map(|c| c.text.trim().to_string()).collect()
}

/// Per-group column layout: role of each printed position and the table column it maps to.
struct Layout {
    roles: Vec<Option<ColumnRole>>,
    map: Vec<Option<usize>>,
    fused: bool,
    /// The group's header names the same columns in the same order as the
    /// table's best header: its positions can be trusted.
    trusted: bool,
}

fn build_table(id: String, groups: &[Group], gap: &[usize], lines: &[Line], warnings: &mut Vec<String>) -> Option<Table> {
    // A "ĐVT | Cuốn | Cơ sở …" row under the header gives each column its unit;
    // it is no data row.
    let (groups, unit_rows) = transposed::split_unit_rows(groups, lines);
    let groups = &groups[..];
    // Column headers per group.
    let mut per_group: Vec<Vec<(String, Vec<ColumnRole>)>> = Vec::new();
    for g in groups {
        let header: Vec<Vec<String>> = g.header.iter().map(|&h| cells_of(&lines[h])).collect();
        let width = header.iter().map(|h| h.len()).max().unwrap_or(0);
        let cols = compose(&header, width);
        let mut roles: Vec<(String, Vec<ColumnRole>)> = cols.iter().map(|lv| (lv.join(" / "), classify(lv))).collect();
        tt_column_by_its_cells(&mut roles, g, lines);
        per_group.push(roles);
    }
    normalize_totals(&mut per_group);
    let transposed = detect_transposed(&mut per_group, groups, lines);
    // Canonical columns: union of the groups' role sequences, best header first.
    let order: Vec<usize> = {
        let mut idx: Vec<usize> = (0..per_group.len()).collect();
        idx.sort_by_key(|&g| std::cmp::Reverse(distinct_roles(&per_group[g])));
        idx
    };
    let mut columns: Vec<Column> = Vec::new();
    for &g in &order {
        let mut prev: Option<usize> = None;
        for (header, roles) in &per_group[g] {
            for r in roles {
                if *r == ColumnRole::Other {
                    continue;
                }
                match columns.iter().position(|c| &c.role == r) {
                    Some(p) => prev = Some(p),
                    None => {
                        let at = prev.map(|p| p + 1).unwrap_or(0);
                        columns.insert(at, Column { header: header.clone(), role: r.clone(), unit: None });
                        prev = Some(at);
                    }
                }
            }
        }
    }
    if !columns.iter().any(|c| matches!(c.role, ColumnRole::Value { .. } | ColumnRole::Activity { .. })) {
        return None;
    }
    // Layouts: printed position → table column.
    let role_seq = |cols: &[(String, Vec<ColumnRole>)]| -> Vec<ColumnRole> {
        cols.iter().filter_map(|(_, rs)| rs.first().cloned()).filter(|r| *r != ColumnRole::Other).collect()
    };
    let seqs: Vec<Vec<ColumnRole>> = per_group.iter().map(|g| role_seq(g)).collect();
    let layouts: Vec<Layout> = per_group
        .iter()
        .enumerate()
        .map(|(gi, cols)| {
            // A header is the table's own when it is the only one, or when
            // another page repeats it with the same columns in the same order;
            // headers that differ from page to page may be shifted copies.
            let trusted = seqs.len() == 1 || seqs.iter().enumerate().any(|(o, s)| o != gi && *s == seqs[gi]);
            let mut roles = Vec::new();
            let mut map = Vec::new();
            let mut fused = false;
            let mut used = vec![false; columns.len()];
            for (_, rs) in cols {
                if rs.len() > 1 {
                    fused = true;
                }
                let r = rs.first().cloned();
                let m = r.as_ref().and_then(|r| {
                    let p = columns.iter().enumerate().position(|(i, c)| &c.role == r && !used[i])?;
                    used[p] = true;
                    Some(p)
                });
                roles.push(r);
                map.push(m);
            }
            Layout { roles, map, fused, trusted }
        })
        .collect();

    let row_unit = transposed::apply_unit_rows(&unit_rows, lines, &layouts.iter().map(|l| l.map.clone()).collect::<Vec<_>>(), &mut columns);
    let mut kind = table_kind(&columns, gap, lines);
    let (title, unit_line) = title_and_unit(gap, lines);
    let mut unit_text = unit_line.or(row_unit);
    if unit_text.is_none() {
        // A unit printed in a header cell ("ĐVT: ngàn đồng", "Kinh phí (triệu đồng)").
        for g in groups {
            for &h in &g.header {
                for c in &lines[h].cells {
                    let f = fold(&c.text);
                    if unit_text.is_none() && (is_unit_line(&c.text) || f.contains("dong)")) && parse_unit(&c.text).is_some() {
                        unit_text = Some(c.text.clone());
                    }
                }
            }
        }
    }
    // No money unit, no funding source, no money words: a table of counts.
    if matches!(kind, TableKind::Budget | TableKind::History) && unit_text.is_none() && !money_words(&columns, title.as_deref()) {
        kind = TableKind::Targets;
    }
    let (unit, unit_vnd) = match unit_text.as_deref().and_then(parse_unit) {
        Some((u, name)) if kind != TableKind::Targets => (Some(name), Some(u.vnd())),
        _ => (None, None),
    };

    let all_roles: Vec<ColumnRole> = columns.iter().map(|c| c.role.clone()).collect();
    let mut rows: Vec<TableRow> = Vec::new();
    let mut pages: Vec<u32> = Vec::new();
    let mut alternatives: Vec<Option<Vec<ValueCell>>> = Vec::new();
    let mut first_line = u32::MAX;
    let mut last_line = 0;
    for (gi, g) in groups.iter().enumerate() {
        let layout = &layouts[gi];
        for &h in &g.header {
            first_line = first_line.min(lines[h].number);
        }
        for &d in &g.data {
            let line = &lines[d];
            if !pages.contains(&line.page) {
                pages.push(line.page);
            }
            first_line = first_line.min(line.number);
            last_line = last_line.max(line.number);
            let cells = cells_of(line);
            // cells cut by ruling lines stand under their columns by geometry
            let ruled = line.cells.iter().any(|c| c.frame.is_some());
            let (mut a, alt) = assign::choose(&cells, &layout.roles, &layout.map, layout.fused, layout.trusted, ruled, &all_roles);
            let leftovers = std::mem::take(&mut a.leftovers);
            let row = make_row(a, line, &columns);
            // A numbered row printed again at the top of the next page (a row
            // repeated like a header): read once, and said so.
            let new_page = rows.last().is_some_and(|r| r.provenance.page != Some(line.page));
            if let Some(earlier) = rows.iter().find(|r| new_page && repeats(r, &row)) {
                warnings.push(format!(
                    "{id} line {}: row {} repeats line {} at the top of page {}; read once",
                    line.number,
                    row.tt.as_deref().unwrap_or_default(),
                    earlier.provenance.line.unwrap_or_default(),
                    line.page
                ));
                continue;
            }
            alternatives.push(alt.map(|alt| value_cells(alt.values, line)));
            if !leftovers.is_empty() {
                warnings.push(format!("{id} line {}: cells not assigned to any column: {}", line.number, leftovers.join(" | ")));
            }
            rows.push(row);
        }
    }
    if transposed {
        take_unit_row(&mut rows, groups, &layouts, lines, &mut columns);
    }
    if rows.is_empty() {
        return None;
    }
    if transposed {
        transposed::mark_total_rows(&mut rows);
    }
    let (mut kind, mut unit, mut unit_vnd) = (kind, unit, unit_vnd);
    // A ĐVT row printing a money unit under every activity ("nghìn đồng"): the table's unit.
    let row_units: Vec<Option<(crate::normalize::MoneyUnit, String)>> =
        columns.iter().filter_map(|c| c.unit.as_deref()).map(parse_unit).collect();
    if let Some(Some((u, name))) = row_units.first() {
        if row_units.iter().all(|x| x.as_ref().is_some_and(|(v, _)| v.vnd() == u.vnd())) {
            kind = TableKind::Budget;
            unit = Some(name.clone());
            unit_vnd = Some(u.vnd());
        }
    }
    // A ĐVT column that prints a money unit on every row ("Ngàn đồng") makes a
    // money table in that unit, not a table of counts. A scan loses a cell
    // here and there: rows whose ĐVT cell is empty do not count against it,
    // as long as most rows print the unit and no row prints another.
    if kind == TableKind::Targets {
        let with_values: Vec<&TableRow> = rows.iter().filter(|r| !r.values.is_empty()).collect();
        let printed: Vec<Option<(crate::normalize::MoneyUnit, String)>> =
            with_values.iter().filter_map(|r| r.unit.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(parse_unit)).collect();
        if let Some(Some((u, name))) = printed.first() {
            if printed.len() * 2 > with_values.len() && printed.iter().all(|x| x.as_ref().is_some_and(|(v, _)| v.vnd() == u.vnd())) {
                kind = TableKind::Budget;
                unit = Some(name.clone());
                unit_vnd = Some(u.vnd());
            }
        }
    }
    build_hierarchy(&mut rows, kind != TableKind::Targets);
    settle_by_children(&mut rows, alternatives);
    let mut grid_lines: Vec<(usize, bool)> = Vec::new();
    for g in groups {
        grid_lines.extend(g.header.iter().map(|&h| (h, true)));
        grid_lines.extend(g.data.iter().map(|&d| (d, false)));
    }
    grid_lines.extend(unit_rows.iter().map(|&(_, u)| (u, true)));
    grid_lines.sort_unstable();
    grid_lines.dedup_by_key(|(i, _)| *i);
    let cells = grid_lines.iter().flat_map(|&(i, header)| grid_cells(&lines[i], header)).collect();
    Some(Table {
        id,
        kind,
        title,
        unit,
        unit_vnd,
        pages,
        columns,
        rows,
        transposed,
        first_line: if first_line == u32::MAX { 0 } else { first_line },
        last_line,
        cells,
    })
}

/// The printed cells of one grid line with their boxes (the ruled cell where
/// there is one, else the text's): `tables[].cells` of the JSON.
fn grid_cells(line: &Line, header: bool) -> Vec<TableCell> {
    line.cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.text.trim().is_empty() || c.frame.is_some())
        .map(|(col, c)| TableCell {
            page: line.page,
            line: line.number,
            col,
            text: c.text.trim().to_string(),
            bbox: c.frame.or(c.bbox),
            header,
            confidence: c.confidence,
            reread: c.reread,
        })
        .collect()
}

/// The ĐVT row of a table the other way round gives each activity column its
/// unit; it is no data row.
fn take_unit_row(rows: &mut Vec<TableRow>, groups: &[Group], layouts: &[Layout], lines: &[Line], columns: &mut [Column]) {
    let Some(at) = rows.iter().position(|r| is_unit_row(&r.label)) else { return };
    let line_no = rows[at].provenance.line;
    for (g, layout) in groups.iter().zip(layouts) {
        for &d in &g.data {
            if Some(lines[d].number) != line_no {
                continue;
            }
            for (i, c) in lines[d].cells.iter().enumerate() {
                let text = c.text.trim();
                if let (Some(Some(col)), false) = (layout.map.get(i), text.is_empty()) {
                    if matches!(columns[*col].role, ColumnRole::Activity { total: false, .. }) {
                        columns[*col].unit = Some(text.to_string());
                    }
                }
            }
        }
    }
    rows.remove(at);
}

/// A table the other way round: its rows name funding sources (and totals)
/// while its columns name activities. The activity columns become
/// [`ColumnRole::Activity`]; a Tổng column over them becomes the total activity.
fn detect_transposed(per_group: &mut [Vec<(String, Vec<ColumnRole>)>], groups: &[Group], lines: &[Line]) -> bool {
    let mut labels = 0;
    let mut sources = 0;
    let mut years = 0;
    let mut period_totals = 0;
    for g in groups {
        for &d in &g.data {
            let label =
                lines[d].cells.iter().map(|c| c.text.trim()).find(|t| !t.is_empty() && tt::shape(t).is_none() && parse_number(t).is_none());
            let first = lines[d].cells.iter().map(|c| c.text.trim()).find(|t| !t.is_empty());
            let label = match first {
                Some(f) if header::is_bare_year(f) => Some(f),
                _ => label,
            };
            if let Some(l) = label {
                labels += 1;
                let l = tt::split_fused(l).map(|(_, rest)| rest).unwrap_or_else(|| l.to_string());
                // Years as rows ("Năm 2021", "Tổng giai đoạn") and a ĐVT row
                // count like source rows: the columns are then indicators.
                if row_source(&l).is_some() || is_year_row(&l) || is_unit_row(&l) {
                    sources += 1;
                }
                if transposed::is_year_label(&l) {
                    years += 1;
                } else if transposed::is_period_total_label(&l) {
                    period_totals += 1;
                }
            }
        }
    }
    // Rows that are years ("Năm 2018", "2019", "Tổng giai đoạn") under a label
    // corner ("Năm"), with indicator columns: the table is the other way round too.
    let corner_is_label = per_group.iter().any(|g| g.first().is_some_and(|(_, rs)| rs.as_slice() == [ColumnRole::Label]));
    let year_rows = corner_is_label && years >= 2 && (years + period_totals) * 3 >= labels * 2;
    if labels < 2 || (sources * 3 < labels * 2 && !year_rows) {
        return false;
    }
    let activity = |h: &str, rs: &[ColumnRole]| rs == [ColumnRole::Other] && !h.trim().is_empty() && !fold(h).contains("dvt");
    let candidates = per_group.iter().flatten().filter(|(h, rs)| activity(h, rs)).count();
    if candidates < 2 {
        return false;
    }
    for (h, rs) in per_group.iter_mut().flatten() {
        if activity(h, rs) {
            let number = h.split_whitespace().next().filter(|t| tt::shape(t).is_some()).map(tt::bare);
            *rs = vec![ColumnRole::Activity { number, name: fold(h).trim().to_string(), total: false }];
        } else if let [ColumnRole::Value { year: None, source, .. }] = rs.as_slice() {
            if source.is_none() || *source == Some(FundingSource::Total) {
                *rs = vec![ColumnRole::Activity { number: None, name: String::new(), total: true }];
            }
        }
    }
    true
}

/// A row that is a year ("Năm 2021", "2022", "KH năm 2023").
pub fn is_year_row(label: &str) -> bool {
    let f = fold(label);
    let rest: Vec<&str> = f.split_whitespace().filter(|w| !matches!(*w, "nam" | "kh" | "ke" | "hoach")).collect();
    matches!(rest.as_slice(), [y] if is_bare_year(y))
}

/// The ĐVT row of a table the other way round ("ĐVT | Mô hình | Lượt cơ sở").
fn is_unit_row(label: &str) -> bool {
    matches!(fold(label).trim().trim_end_matches(':'), "dvt" | "don vi tinh" | "don vi")
}

/// In a table without year columns a "Tổng" column totals the sources of the
/// row, not several years: it becomes the `Total` source.
fn normalize_totals(per_group: &mut [Vec<(String, Vec<ColumnRole>)>]) {
    let any_year = per_group.iter().flatten().flat_map(|(_, rs)| rs.iter()).any(|r| matches!(r, ColumnRole::Value { year: Some(_), .. }));
    if any_year {
        // Year columns split by source: an unsourced Tổng then sums the sources too.
        let sourced = per_group
            .iter()
            .flatten()
            .flat_map(|(_, rs)| rs.iter())
            .any(|r| matches!(r, ColumnRole::Value { year: Some(_), source: Some(s), .. } if *s != FundingSource::Total));
        if sourced {
            fill_sources_by_pattern(per_group);
            for (_, rs) in per_group.iter_mut().flatten() {
                for r in rs.iter_mut() {
                    if let ColumnRole::Value { year: None, source: source @ None, total_years: true } = r {
                        *source = Some(FundingSource::Total);
                    }
                }
            }
        }
        return;
    }
    for (_, rs) in per_group.iter_mut().flatten() {
        for r in rs.iter_mut() {
            if let ColumnRole::Value { year: None, source, total_years } = r {
                if *total_years || *source == Some(FundingSource::Total) {
                    *r = ColumnRole::Value { year: None, source: Some(FundingSource::Total), total_years: false };
                } else {
                    *total_years = false;
                }
            }
        }
    }
    // "Kinh phí | Trong đó: KCQG | KCĐP | Đối ứng": beside columns that name
    // sources (or the section's support money), a plain money column is the
    // row's total over them.
    let parts_named = per_group.iter().flatten().any(|(h, rs)| {
        rs.iter().any(|r| matches!(r, ColumnRole::Value { source: Some(s), .. } if *s != FundingSource::Total))
            || (matches!(rs.as_slice(), [ColumnRole::Value { source: None, .. }]) && header::is_support_money(&fold(leaf(h))))
    });
    if !parts_named {
        return;
    }
    for group in per_group.iter_mut() {
        let has_total =
            group.iter().flat_map(|(_, rs)| rs.iter()).any(|r| matches!(r, ColumnRole::Value { source: Some(FundingSource::Total), .. }));
        let plain: Vec<usize> = (0..group.len())
            .filter(|&i| {
                matches!(group[i].1.as_slice(), [ColumnRole::Value { source: None, .. }])
                    && !header::is_support_money(&fold(leaf(&group[i].0)))
            })
            .collect();
        if has_total || plain.len() != 1 {
            continue;
        }
        group[plain[0]].1 = vec![ColumnRole::Value { year: None, source: Some(FundingSource::Total), total_years: false }];
    }
}

/// The lowest level of a composed header ("Kinh phí / Trong đó: KCQG" → "Trong đó: KCQG").
fn leaf(header: &str) -> &str {
    header.rsplit(" / ").next().unwrap_or(header)
}

/// True when headers or title speak of money (a funding source, kinh phí, vốn, đồng).
fn money_words(columns: &[Column], title: Option<&str>) -> bool {
    let sourced = columns.iter().any(|c| matches!(c.role, ColumnRole::Value { source: Some(s), .. } if s != FundingSource::Total));
    let text = format!("{} {}", columns.iter().map(|c| c.header.as_str()).collect::<Vec<_>>().join(" "), title.unwrap_or(""));
    let f = fold(&text);
    // "đồng" only as a unit: "lao động" folds to the same letters.
    sourced
        || ["kinh phi", "von", "ngan sach", "du toan", "so tien", "trieu dong", "ty dong", "nghin dong", "ngan dong"]
            .iter()
            .any(|w| header::contains_word(&f, w))
        || f.contains("(dong)")
        || f.contains(": dong")
}

/// Under a two-level header (a year over KCQG | KCDP) every year repeats the
/// same sources in the same order; a sub-header damaged beyond reading
/// Whether `row` prints exactly what `earlier` does: the same row number
/// (a real one, not a dash), label and figures.
fn repeats(earlier: &TableRow, row: &TableRow) -> bool {
    let numbered = row.tt.as_deref().is_some_and(|t| t.chars().any(|c| c.is_alphanumeric()));
    let figures = |r: &TableRow| r.values.iter().map(|v| (v.column, v.raw.clone())).collect::<Vec<_>>();
    numbered && !row.values.is_empty() && earlier.tt == row.tt && earlier.label == row.label && figures(earlier) == figures(row)
}

/// ("K€QG") takes the source its position has under the other years.
fn fill_sources_by_pattern(per_group: &mut [Vec<(String, Vec<ColumnRole>)>]) {
    for group in per_group.iter_mut() {
        // Runs of columns sharing a year, and their sources in order.
        let mut runs: Vec<(i32, Vec<usize>)> = Vec::new();
        for (i, (_, rs)) in group.iter().enumerate() {
            if let [ColumnRole::Value { year: Some(y), total_years: false, .. }] = rs.as_slice() {
                match runs.last_mut() {
                    Some((ly, idx)) if *ly == *y => idx.push(i),
                    _ => runs.push((*y, vec![i])),
                }
            }
        }
        let source_at = |g: &Vec<(String, Vec<ColumnRole>)>, i: usize| match g[i].1.as_slice() {
            [ColumnRole::Value { source, .. }] => *source,
            _ => None,
        };
        let pattern: Option<Vec<FundingSource>> = runs
            .iter()
            .filter(|(_, idx)| idx.len() >= 2)
            .map(|(_, idx)| idx.iter().map(|&i| source_at(group, i)).collect::<Option<Vec<_>>>())
            .find_map(|p| p);
        let Some(pattern) = pattern else { continue };
        for (_, idx) in &runs {
            if idx.len() != pattern.len() {
                continue;
            }
            for (k, &i) in idx.iter().enumerate() {
                if let [ColumnRole::Value { source: s @ None, .. }] = group[i].1.as_mut_slice() {
                    *s = Some(pattern[k]);
                }
            }
        }
    }
}

/// A first column left of the label whose header says nothing (a scan's
/// "TT" read as "4" or "ụ ME") is the TT column when most of its cells are
/// TTs, as printed or through OCR's look-alikes ("IL", "VỊ.").
fn tt_column_by_its_cells(cols: &mut [(String, Vec<ColumnRole>)], g: &Group, lines: &[Line]) {
    let named = |r: &ColumnRole| *r != ColumnRole::Other;
    if cols.iter().any(|(_, rs)| rs.contains(&ColumnRole::Tt)) || cols.first().is_none_or(|(_, rs)| rs.iter().any(named)) {
        return;
    }
    if cols.get(1).is_none_or(|(_, rs)| !rs.contains(&ColumnRole::Label)) {
        return;
    }
    let firsts: Vec<String> = g
        .data
        .iter()
        .filter_map(|&i| lines.get(i))
        .filter_map(|l| l.cells.first())
        .map(|c| c.text.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let tts = firsts.iter().filter(|t| tt::repair(t).is_some()).count();
    if firsts.len() >= 3 && tts * 5 >= firsts.len() * 4 {
        if let Some((_, rs)) = cols.first_mut() {
            *rs = vec![ColumnRole::Tt];
        }
    }
}

fn distinct_roles(cols: &[(String, Vec<ColumnRole>)]) -> usize {
    let mut seen: Vec<&ColumnRole> = Vec::new();
    for (_, rs) in cols {
        for r in rs {
            if *r != ColumnRole::Other && !seen.contains(&r) {
                seen.push(r);
            }
        }
    }
    seen.len()
}

fn table_kind(columns: &[Column], gap: &[usize], lines: &[Line]) -> TableKind {
    let has = |f: &dyn Fn(&ColumnRole) -> bool| columns.iter().any(|c| f(&c.role));
    if has(&|r| matches!(r, ColumnRole::StartMonth | ColumnRole::EndMonth | ColumnRole::Period | ColumnRole::Implementer)) {
        return TableKind::Projects;
    }
    if has(&|r| *r == ColumnRole::Unit) {
        return TableKind::Targets;
    }
    let context: String = gap.iter().rev().take(4).map(|&g| fold(&lines[g].text)).collect::<Vec<_>>().join(" ");
    let headers: String = columns.iter().map(|c| fold(&c.header)).collect::<Vec<_>>().join(" ");
    if context.contains("da thuc hien") || headers.contains("ket qua thuc hien") || headers.contains("thuc hien trong") {
        return TableKind::History;
    }
    TableKind::Budget
}

fn title_and_unit(gap: &[usize], lines: &[Line]) -> (Option<String>, Option<String>) {
    let window: Vec<usize> = gap.iter().rev().take(6).copied().collect();
    let unit = window.iter().map(|&g| &lines[g]).find(|l| is_unit_line(&l.text)).map(|l| l.text.trim().to_string());
    // A title line may carry the unit ("Biểu 02: … (Đơn vị tính: đồng)"): still the title.
    let candidates: Vec<usize> = window
        .iter()
        .copied()
        .filter(|&g| {
            let t = &lines[g].text;
            (!is_unit_line(t) || is_title_line(t) || header::is_heading(t)) && !t.trim_start().starts_with('(')
        })
        .collect();
    let clean = |t: &str| t.trim().trim_start_matches('*').trim().to_string();
    let title = candidates.iter().copied().find(|&g| is_title_line(&lines[g].text)).map(|g| {
        let mut t = clean(&lines[g].text);
        // A bare "Biểu 01" / "Phụ lục 2" heading: its words are on the next line.
        let next = gap.iter().position(|&x| x == g).and_then(|p| gap.get(p + 1)).copied();
        if t.split_whitespace().count() <= 3 {
            if let Some(n) = next.filter(|&n| !is_unit_line(&lines[n].text) && !lines[n].text.trim_start().starts_with('(')) {
                t = format!("{t} {}", clean(&lines[n].text));
            }
        }
        t
    });
    let title = title.or_else(|| candidates.first().map(|&g| clean(&lines[g].text)));
    (title, unit)
}

fn make_row(a: assign::Assigned, line: &Line, columns: &[Column]) -> TableRow {
    let mut label = a.label.trim().to_string();
    let mut dash = false;
    for p in ["- ", "– ", "+ "] {
        if let Some(rest) = label.strip_prefix(p) {
            label = rest.trim().to_string();
            dash = true;
        }
    }
    if label == "-" {
        label.clear();
        dash = true;
    }
    // "Trong đó: lao động nữ" details the row above it, like a "- " sub-row.
    if a.tt.is_none() && fold(&label).starts_with("trong do") {
        dash = true;
    }
    let text_of = |role: ColumnRole| -> Option<String> {
        let texts: Vec<&str> =
            a.texts.iter().filter(|(c, _)| columns.get(*c).map(|col| col.role == role).unwrap_or(false)).map(|(_, t)| t.as_str()).collect();
        (!texts.is_empty()).then(|| texts.join(" "))
    };
    let kind = if header::total_words(&label) { RowKind::Total } else { RowKind::Item };
    TableRow {
        id: None,
        tt: a.tt.clone(),
        label: label.clone(),
        kind,
        parent: None,
        depth: 0,
        dash,
        split_part: false,
        source: row_source(&label),
        // A unit is a word of the domain, not a label: an OCR slip in it is repaired.
        unit: text_of(ColumnRole::Unit).or_else(|| unit_in_label(&label)).map(|u| {
            if mean_confidence(line).is_some() {
                crate::normalize::lexicon::repaired(&u)
            } else {
                u
            }
        }),
        implementer: text_of(ColumnRole::Implementer),
        objective: text_of(ColumnRole::Objective),
        expected_result: text_of(ColumnRole::ExpectedResult),
        notes: text_of(ColumnRole::Notes),
        start_month: a.start_month,
        end_month: a.end_month,
        values: value_cells(a.values, line),
        provenance: Provenance {
            page: Some(line.page),
            line: Some(line.number),
            text: line.text.clone(),
            confidence: mean_confidence(line),
            bbox: label_box(&label, line),
            reread: false,
        },
    }
}

/// Mean OCR confidence of a line's cells (`None` for text and text-layer lines).
fn mean_confidence(line: &Line) -> Option<f32> {
    let cs: Vec<f32> = line.cells.iter().filter_map(|c| c.confidence).collect();
    (!cs.is_empty()).then(|| (cs.iter().sum::<f32>() / cs.len() as f32 * 10.0).round() / 10.0)
}

/// Value cells with the box and confidence of the printed cell each was read
/// from. Assignment takes values from the line's cells in order, each value a
/// whole cell's trimmed text, so the cells are found again by walking the
/// line left to right.
fn value_cells(v: Vec<(usize, String, crate::model::Decimal)>, line: &Line) -> Vec<ValueCell> {
    let mut next = 0usize;
    v.into_iter()
        .map(|(column, raw, value)| {
            let found = line.cells.iter().enumerate().skip(next).find(|(_, c)| c.text.trim() == raw.trim());
            let (bbox, cell, confidence, reread) = match found {
                Some((i, c)) => {
                    next = i + 1;
                    (c.bbox.or(c.frame), Some(i), c.confidence, c.reread == Some(crate::model::Reread::Total))
                }
                None => (None, None, None, false),
            };
            ValueCell { column, raw, value, derived: false, bbox, cell, confidence, corrected_from: None, reread }
        })
        .collect()
}

/// Box of a row's label: the cell holding it (for a project, its name), else
/// the row's text cells together.
fn label_box(label: &str, line: &Line) -> Option<crate::model::BBox> {
    let l = label.trim();
    let holder = (!l.is_empty()).then(|| line.cells.iter().find(|c| c.text.contains(l))).flatten();
    match holder {
        Some(c) => c.bbox.or(c.frame),
        None => line
            .cells
            .iter()
            .filter(|c| !c.text.trim().is_empty() && parse_number(&c.text).is_none())
            .fold(None, |acc, c| crate::model::bbox_union(acc, c.bbox)),
    }
}

/// Where a section row could be read two ways, keeps the reading whose figures
/// equal the sums of its children column by column.
fn settle_by_children(rows: &mut [TableRow], alternatives: Vec<Option<Vec<ValueCell>>>) {
    for (i, alt) in alternatives.into_iter().enumerate() {
        let Some(alt) = alt else { continue };
        let kids: Vec<usize> = (0..rows.len()).filter(|&j| rows[j].parent == Some(i) && !rows[j].dash).collect();
        if kids.is_empty() {
            continue;
        }
        let agree = |vals: &[ValueCell]| -> usize {
            vals.iter()
                .filter(|v| {
                    let mut sum = crate::model::Decimal::int(0);
                    let mut any = false;
                    for &k in &kids {
                        for c in rows[k].values.iter().filter(|c| c.column == v.column) {
                            sum = sum.add(c.value);
                            any = true;
                        }
                    }
                    any && sum.same(v.value)
                })
                .count()
        };
        if agree(&alt) > agree(&rows[i].values) {
            rows[i].values = alt;
        }
    }
}

/// A unit printed at the end of an indicator ("Số lao động được đào tạo (người)").
fn unit_in_label(label: &str) -> Option<String> {
    let t = label.trim_end();
    let inner = t.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let u = inner[open + 1..].trim();
    (!u.is_empty() && u.split_whitespace().count() <= 3 && !u.chars().any(|c| c.is_ascii_digit())).then(|| u.to_string())
}

/// Funding source named by a row label that is about a source ("Khuyến công
/// quốc gia", "Kinh phí khuyến công địa phương", "Nguồn khác"), not by any
/// label that merely mentions one.
pub fn row_source(label: &str) -> Option<FundingSource> {
    if header::total_words(label) {
        return Some(FundingSource::Total);
    }
    let f = fold(label);
    let mut t = f.trim();
    // A TT left in the label ("I. Khuyến công quốc gia", "A. Kinh phí …").
    if let Some((tt_part, rest)) = t.split_once(['.', ' ']) {
        if !tt_part.is_empty() && tt::shape(&tt_part.to_uppercase()).is_some() && tt_part.len() <= 4 {
            t = rest.trim();
        }
    }
    // Words that only say "the money / the projects of": "Đề án khuyến công quốc gia".
    let mut stripped = true;
    while stripped {
        stripped = false;
        for p in ["kinh phi", "nguon", "von", "chuong trinh", "cac de an", "de an", "cac du an", "du an", "thuc hien", "tu", "cua"] {
            if let Some(r) = t.strip_prefix(p).filter(|r| r.is_empty() || r.starts_with(' ')) {
                t = r.trim();
                stripped = true;
            }
        }
    }
    let starts = [
        "khuyen cong quoc gia",
        "khuyen cong dia phuong",
        "kcqg",
        "kcdp",
        "quoc gia",
        "dia phuong",
        "ngan sach",
        "khac",
        "dong gop",
        "doi ung",
        "khuyen cong tinh",
        "ns ",
        "trung uong",
        "doanh nghiep",
        "khuyen cong trung uong",
    ];
    if starts.iter().any(|s| t.starts_with(s)) || f.trim() == "nguon khac" {
        return header::source_words(label).or(if t.starts_with("khac") { Some(FundingSource::Other) } else { None });
    }
    None
}

/// Links rows into sections by the order in which TT shapes appear, composes
/// row ids, and marks section rows that print figures as subtotals.
fn build_hierarchy(rows: &mut [TableRow], money: bool) {
    let dotted = rows.iter().any(|r| r.tt.as_deref().is_some_and(tt::is_dotted));
    read_ocr_lowercase_l(rows);
    read_first_roman_heading(rows);
    // Letters heading sections ("a Kinh phí khuyến công quốc gia" over 1, 2, …)
    // rank above numbers; letters after the first number detail it ("a)" under "1").
    let first_of = |want: &dyn Fn(tt::TtShape) -> bool| rows.iter().position(|r| r.tt.as_deref().and_then(tt::shape).is_some_and(want));
    let first_letter = first_of(&|s| s == tt::TtShape::Letter);
    let first_number = first_of(&|s| matches!(s, tt::TtShape::Arabic(_)));
    let letters_head = match (first_letter, first_number) {
        (Some(l), Some(n)) => l < n,
        (Some(_), None) => true,
        _ => false,
    };
    let mut shape_level: HashMap<tt::TtShape, usize> = HashMap::new();
    // stack of (level, row index)
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut last_numbered: Option<usize> = None;
    for i in 0..rows.len() {
        if rows[i].kind == RowKind::Total && rows[i].tt.as_deref().is_none_or(|t| tt::shape(t).is_none()) {
            stack.clear();
            // "- KCQG", "- KCĐP" printed under a total row detail that total.
            last_numbered = Some(i);
            continue;
        }
        if rows[i].dash || rows[i].tt.is_none() {
            // "- " sub-row (or an unnumbered row): hangs from the last numbered row.
            let parent = if rows[i].dash { last_numbered } else { stack.last().map(|s| s.1).and_then(|p| rows[p].parent) };
            rows[i].parent = parent;
            rows[i].depth = parent.map(|p| rows[p].depth + 1).unwrap_or(0);
            rows[i].id = parent.and_then(|p| rows[p].id.clone());
            continue;
        }
        let mut t = rows[i].tt.clone().unwrap_or_default();
        if t == assign::GARBLED_TT {
            // Unreadable TT: the next number of the last numbered row's kind;
            // a heading (no figures) after Roman sections is the next section.
            let section = (rows[i].values.is_empty())
                .then(|| (0..i).rev().find(|&p| rows[p].tt.as_deref().and_then(tt::shape) == Some(tt::TtShape::Roman)))
                .flatten();
            let Some(prev) = section.or(last_numbered).and_then(|p| rows[p].tt.clone()) else { continue };
            t = next_tt(&prev);
            rows[i].tt = Some(t.clone());
        }
        let Some(shape) = tt::shape(&t) else { continue };
        let mut level = *shape_level.entry(shape).or_insert_with(|| shape_rank(shape, letters_head)) * 2;
        // A funding-source heading numbered like the items under it ("1 Kinh phí
        // khuyến công quốc gia" over "1 …", "2 …") stands one level above them.
        if rows[i].source.is_some_and(|s| s != FundingSource::Total) && rows[i].kind != RowKind::Total {
            let next = rows[i + 1..].iter().find(|r| !r.dash && r.tt.is_some());
            if next.is_some_and(|r| r.tt.as_deref().and_then(tt::shape) == Some(shape) && row_source(&r.label).is_none()) {
                level -= 1;
            }
        }
        while stack.last().is_some_and(|(l, _)| *l > level) {
            stack.pop();
        }
        // An OCR-read TT equal to its previous sibling's is a misread of the next one.
        if let Some(&(l, prev)) = stack.last() {
            if l == level && rows[i].provenance.confidence.is_some() && !tt::is_dotted(&t) {
                let prev_tt = rows[prev].tt.clone().unwrap_or_default();
                if tt::bare(&prev_tt) == tt::bare(&t) {
                    t = next_tt(&prev_tt);
                    rows[i].tt = Some(t.clone());
                }
            }
        }
        while stack.last().is_some_and(|(l, _)| *l >= level) {
            stack.pop();
        }
        let parent = stack.last().map(|s| s.1);
        rows[i].parent = parent;
        rows[i].depth = stack.len() as u32;
        let own = tt::bare(&t);
        rows[i].id = Some(match parent.and_then(|p| rows[p].id.clone()) {
            Some(pid) if !dotted && rows[i].kind != RowKind::Total => format!("{pid}.{own}"),
            _ => own,
        });
        // A total row with a TT (III "Tổng cộng 2 nguồn") stays top-level.
        if rows[i].kind == RowKind::Total {
            rows[i].parent = None;
            rows[i].depth = 0;
        }
        stack.push((level, i));
        last_numbered = Some(i);
    }
    recompose_continuing_numbering(rows);
    // Inherit sources; mark subtotals.
    for i in 0..rows.len() {
        if rows[i].source.is_none() {
            if let Some(p) = rows[i].parent {
                rows[i].source = rows[p].source.filter(|s| *s != FundingSource::Total);
            }
        }
    }
    mark_split_parts(rows, money);
    for i in 0..rows.len() {
        let has_children = rows.iter().any(|r| r.parent == Some(i) && !r.dash) || !source_parts(rows, i).is_empty();
        if has_children && rows[i].kind == RowKind::Item && !rows[i].values.is_empty() {
            rows[i].kind = RowKind::Subtotal;
        }
    }
    // The source rows of a total are totals themselves (Tổng cộng / - KCQG).
    for i in 0..rows.len() {
        if rows[i].kind == RowKind::Total {
            for k in source_parts(rows, i) {
                rows[k].kind = RowKind::Total;
            }
        }
    }
}

/// OCR reads a "1" or an "I" as "l" (the same stroke). A row lettered "l"
/// comes after one lettered "k", never without it: an OCR-read "l" that does
/// not follow a "k" is the "1" before a "2", or the "I" before a "II".
fn read_ocr_lowercase_l(rows: &mut [TableRow]) {
    let roman = has_roman_sections(rows);
    let numbered = numbered_rows(rows);
    reread_orphan_letter(rows, &numbered, tt::TtShape::Letter, ("l", "k"), |rows, k| {
        let next = numbered.get(k + 1).and_then(|&n| rows[n].tt.as_deref()).map(tt::bare);
        let read = match next.as_deref() {
            Some("2") => "1",
            Some("II") => "I",
            // over its own first item, in a table of Roman sections
            Some("1") if roman => "I",
            _ => return None,
        };
        rows[numbered[k]].tt.as_deref().map(|t| t.replacen('l', read, 1))
    });
}

/// Whether some row of the table is numbered in Roman (its sections are).
fn has_roman_sections(rows: &[TableRow]) -> bool {
    rows.iter().any(|r| r.tt.as_deref().and_then(tt::shape) == Some(tt::TtShape::Roman))
}

/// The rows that print a TT (dash rows aside), by index, in order.
fn numbered_rows(rows: &[TableRow]) -> Vec<usize> {
    (0..rows.len()).filter(|&i| !rows[i].dash && rows[i].tt.is_some()).collect()
}

/// A row lettered `letter` ("l", "L") comes after one lettered `after`
/// ("k", "K"), never first: where OCR read such a row with none before it,
/// the stroke is a "1" or an "I". `read` says what the row at place `k` of
/// `numbered` is (from the rows around it), `None` to leave it as read.
fn reread_orphan_letter(
    rows: &mut [TableRow],
    numbered: &[usize],
    shape: tt::TtShape,
    (letter, after): (&str, &str),
    read: impl Fn(&[TableRow], usize) -> Option<String>,
) {
    let mut last: Option<String> = None;
    for (k, &i) in numbered.iter().enumerate() {
        let Some(t) = rows[i].tt.as_deref() else { continue };
        if tt::shape(t) != Some(shape) {
            continue;
        }
        let bare = tt::bare(t);
        if bare == letter && last.as_deref() != Some(after) && rows[i].provenance.confidence.is_some() {
            if let Some(new) = read(rows, k) {
                rows[i].tt = Some(new);
                continue;
            }
        }
        last = Some(bare);
    }
}

/// OCR reads a section's "I" as "1" or "L" (the same strokes). In a table
/// whose sections are numbered in Roman, an OCR-read heading (no figures)
/// numbered "1" over a first item also numbered "1" is section I (read as
/// "1" it would be a sibling of its own items and push their numbers on by
/// one), and so is an OCR-read part "L" not preceded by a part "K".
fn read_first_roman_heading(rows: &mut [TableRow]) {
    if !has_roman_sections(rows) {
        return;
    }
    let numbered = numbered_rows(rows);
    // "I." read as "L."
    reread_orphan_letter(rows, &numbered, tt::TtShape::Capital, ("L", "K"), |_, _| Some("I".to_string()));
    for pair in numbered.windows(2) {
        let (h, first) = (pair[0], pair[1]);
        let one = |i: usize| rows[i].tt.as_deref().is_some_and(|t| tt::bare(t) == "1");
        let heading = rows[h].values.is_empty() && rows[h].kind == RowKind::Item && rows[h].provenance.confidence.is_some();
        if heading && one(h) && one(first) {
            rows[h].tt = Some("I".to_string());
        }
    }
}

/// Numbering that runs on across sections (1–6 under I, 7–20 under II) is the
/// table's own: such rows keep their printed TT as id (`7`, not `II.7`), and so
/// does everything that takes its id from them. Numbering that restarts under
/// each section (or a table with one section) keeps the composed ids.
// Rows are read and rewritten by index (a row's parent is found by index).
#[allow(clippy::needless_range_loop)]
fn recompose_continuing_numbering(rows: &mut [TableRow]) {
    let mut last: HashMap<(tt::TtShape, u32), (Option<usize>, u32)> = HashMap::new();
    let mut continuing: std::collections::HashSet<(tt::TtShape, u32)> = std::collections::HashSet::new();
    let mut restarting: std::collections::HashSet<(tt::TtShape, u32)> = std::collections::HashSet::new();
    for i in 0..rows.len() {
        if rows[i].dash || rows[i].kind == RowKind::Total {
            continue;
        }
        let Some(t) = rows[i].tt.as_deref() else { continue };
        let Some(shape @ tt::TtShape::Arabic(0)) = tt::shape(t) else { continue };
        let Ok(n) = tt::bare(t).parse::<u32>() else { continue };
        let parent = rows[i].parent;
        let shape = (shape, rows[i].depth);
        if let Some((lp, ln)) = last.get(&shape) {
            if *lp != parent && parent.is_some() {
                if n == 1 {
                    restarting.insert(shape);
                } else if n == ln + 1 {
                    continuing.insert(shape);
                }
            }
        }
        last.insert(shape, (parent, n));
    }
    let plain: Vec<(tt::TtShape, u32)> = continuing.difference(&restarting).copied().collect();
    if plain.is_empty() {
        return;
    }
    for i in 0..rows.len() {
        let depth = rows[i].depth;
        let printed = rows[i].tt.as_deref().filter(|t| !rows[i].dash && tt::shape(t).is_some_and(|s| plain.contains(&(s, depth))));
        if let Some(t) = printed {
            rows[i].id = Some(tt::bare(t));
            continue;
        }
        // Rows below a renumbered row compose with its new id.
        let Some(p) = rows[i].parent.filter(|&p| p < i) else { continue };
        let pid = rows[p].id.clone();
        rows[i].id = match (rows[i].dash || rows[i].tt.is_none(), rows[i].tt.as_deref()) {
            (true, _) => pid,
            (false, Some(t)) if !tt::is_dotted(t) => pid.map(|pid| format!("{pid}.{}", tt::bare(t))).or(rows[i].id.take()),
            _ => rows[i].id.take(),
        };
    }
}

/// The "- " sub-rows a row is split into (marked by `mark_split_parts`).
pub fn source_parts(rows: &[TableRow], i: usize) -> Vec<usize> {
    (0..rows.len()).filter(|&j| j != i && rows[j].parent == Some(i) && rows[j].split_part).collect()
}

/// Marks the "- " sub-rows that split their row: two or more sub-rows with
/// figures that each name a distinct funding source ("1 Đào tạo nghề" over
/// "- KCQG", "- KCĐP"), or, in a money table, any two or more sub-rows with
/// figures (money split by part: "- Tổ chức tại huyện …"). In a table of
/// counts, unsourced sub-rows count something else beside their row.
fn mark_split_parts(rows: &mut [TableRow], money: bool) {
    for i in 0..rows.len() {
        let dashes: Vec<usize> =
            (0..rows.len()).filter(|&j| j != i && rows[j].parent == Some(i) && rows[j].dash && !rows[j].values.is_empty()).collect();
        if dashes.len() < 2 {
            continue;
        }
        let mut seen = Vec::new();
        let by_source = dashes.iter().all(|&j| match rows[j].source {
            Some(s) if s != FundingSource::Total && !seen.contains(&s) && row_source(&rows[j].label).is_some() => {
                seen.push(s);
                true
            }
            _ => false,
        });
        if by_source || money {
            for j in dashes {
                rows[j].split_part = true;
            }
        }
    }
}

/// Nesting of TT shapes in Vietnamese administrative tables: A > I > 1 > 1.1 > a).
/// A fixed order (not the order of first appearance) survives a section row
/// lost to OCR.
fn shape_rank(shape: tt::TtShape, letters_head: bool) -> usize {
    match shape {
        tt::TtShape::Capital => 0,
        tt::TtShape::Roman => 1,
        tt::TtShape::LowerRoman => 2,
        tt::TtShape::Letter if letters_head => 3,
        tt::TtShape::Arabic(d) => 4 + d as usize,
        tt::TtShape::Letter => 20,
    }
}

/// The TT that follows `prev` in its own numbering ("1" → "2", "2.3" → "2.4", "II" → "III").
fn next_tt(prev: &str) -> String {
    let b = tt::bare(prev);
    if let Some((head, last)) = b.rsplit_once('.') {
        if let Ok(n) = last.parse::<u32>() {
            return format!("{head}.{}", n + 1);
        }
    }
    if let Ok(n) = b.parse::<u32>() {
        return (n + 1).to_string();
    }
    const ROMAN: [&str; 12] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];
    match ROMAN.iter().position(|r| *r == b) {
        Some(p) if p + 1 < ROMAN.len() => ROMAN[p + 1].to_string(),
        _ => b,
    }
}

/// The rows a section row sums (see [`Table::children`]).
pub fn children(table: &Table, i: usize) -> Vec<usize> {
    table.children(i)
}

/// A row's ancestors, nearest first (see [`Table::ancestors`]).
pub fn ancestors(table: &Table, i: usize) -> Vec<usize> {
    table.ancestors(i)
}

#[cfg(test)]
mod tests;
