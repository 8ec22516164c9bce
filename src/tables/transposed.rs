//! Tables the other way round: funding sources or years as rows, activities or
//! indicators as columns. `mod.rs` finds and reads them like any table; this
//! module holds the rules that only they need — their header (a label corner
//! over free-worded columns), their ĐVT row (a unit per column) and their
//! total rows ("Tổng giai đoạn").

use super::header::{classify, has_header_word, header_year, is_bare_year, total_words};
use super::{cells_of, Group};
use crate::model::{Column, ColumnRole, Line, RowKind, TableRow};
use crate::normalize::{fold, parse_number, parse_unit};

/// A header line whose first cell is a label corner ("Nguồn kinh phí",
/// "Nguồn vốn", "Nội dung", "Năm") and whose other cells are free words
/// naming activities or indicators, with no figure anywhere: such a line has
/// too few header words to pass the general test, yet it heads a table.
pub(super) fn is_corner_header(cells: &[&str]) -> bool {
    let Some(first) = cells.first() else { return false };
    if cells.len() < 3 || first.split_whitespace().count() > 3 {
        return false;
    }
    if classify(&[first.to_string()]) != [ColumnRole::Label] {
        return false;
    }
    // Free words: no figure, no TT, no month or year.
    cells[1..].iter().all(|c| parse_number(c).is_none() && !is_bare_year(c) && c.chars().any(|ch| ch.is_alphabetic()))
        && cells[1..].iter().filter(|c| !has_header_word(c) || total_words(c)).count() * 2 >= cells.len() - 1
}

/// "ĐVT", "Đơn vị tính", "Đơn vị": the first cell of a row of units.
fn is_unit_word(s: &str) -> bool {
    let f = fold(s);
    matches!(f.trim().trim_end_matches(':').trim(), "dvt" | "don vi tinh" | "don vi")
}

/// Takes the unit rows ("ĐVT | Cuốn | Cơ sở | Người") out of the groups' data:
/// returns the groups without them and, per unit row, (group index, line index).
pub(super) fn split_unit_rows(groups: &[Group], lines: &[Line]) -> (Vec<Group>, Vec<(usize, usize)>) {
    let mut out = Vec::with_capacity(groups.len());
    let mut units = Vec::new();
    for (gi, g) in groups.iter().enumerate() {
        let mut data = Vec::with_capacity(g.data.len());
        for (k, &d) in g.data.iter().enumerate() {
            let cells = cells_of(&lines[d]);
            let filled: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
            let is_unit_row = k == 0
                && !g.header.is_empty()
                && filled.len() >= 2
                && filled.first().is_some_and(|c| is_unit_word(c))
                && filled.iter().all(|c| parse_number(c).is_none());
            if is_unit_row {
                units.push((gi, d));
            } else {
                data.push(d);
            }
        }
        out.push(Group { header: g.header.clone(), data });
    }
    (out, units)
}

/// Gives each column the unit its unit row prints above it (`maps`: per group,
/// printed position → table column). Returns the money unit when every unit
/// cell names the same one (a money table with its unit in a row), so the
/// table takes it as its unit.
pub(super) fn apply_unit_rows(
    unit_rows: &[(usize, usize)],
    lines: &[Line],
    maps: &[Vec<Option<usize>>],
    columns: &mut [Column],
) -> Option<String> {
    let mut money: Option<String> = None;
    let mut all_money = !unit_rows.is_empty();
    for &(gi, d) in unit_rows {
        let cells = cells_of(&lines[d]);
        let first = cells.iter().position(|c| !c.is_empty()).unwrap_or(0);
        for (pos, text) in cells.iter().enumerate().skip(first + 1) {
            if text.is_empty() {
                continue;
            }
            if let Some(Some(ci)) = maps.get(gi).and_then(|m| m.get(pos)) {
                if let Some(c) = columns.get_mut(*ci) {
                    c.unit = Some(text.clone());
                }
            }
            match parse_unit(text) {
                Some((_, name)) if money.as_ref().is_none_or(|m| *m == name) => money = Some(name),
                _ => all_money = false,
            }
        }
    }
    if all_money {
        money
    } else {
        None
    }
}

/// A row label that is one year ("Năm 2018", "2018", "KH năm 2019").
pub(super) fn is_year_label(label: &str) -> bool {
    let f = fold(label);
    let rest: Vec<&str> = f.split_whitespace().filter(|w| !matches!(*w, "nam" | "kh" | "ke" | "hoach")).collect();
    rest.len() == 1 && is_bare_year(rest[0]) && header_year(rest[0]).is_some()
}

/// A row that totals the years above or below it ("Tổng giai đoạn", "Cả giai
/// đoạn", "Tổng", "Tổng cộng").
pub(super) fn is_period_total_label(label: &str) -> bool {
    let f = fold(label);
    let f = f.trim();
    total_words(label) || f.starts_with("tong") || f.starts_with("ca giai doan") || f.starts_with("giai doan")
}

/// In a table the other way round a row that totals the others is a total row
/// whatever words it uses ("Tổng giai đoạn" as well as "Tổng cộng").
pub(super) fn mark_total_rows(rows: &mut [TableRow]) {
    for r in rows.iter_mut() {
        if r.kind != RowKind::Total && is_period_total_label(&r.label) {
            r.kind = RowKind::Total;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corner_headers_are_headers_and_data_rows_are_not() {
        assert!(is_corner_header(&[
            "Nguồn kinh phí",
            "Xây dựng phòng trưng bày giới thiệu sản phẩm",
            "Hỗ trợ đầu tư hạ tầng cụm công nghiệp",
            "Tổng"
        ]));
        assert!(is_corner_header(&["Năm", "Số bản tin, ấn phẩm phát hành", "Số lao động được đào tạo nghề"]));
        assert!(!is_corner_header(&["KCQG", "735", "682"]));
        assert!(!is_corner_header(&["Nội dung 1: Hỗ trợ đào tạo nghề", "Trung tâm Khuyến công", "Sở Công Thương"]));
    }

    #[test]
    fn year_and_period_total_labels() {
        assert!(is_year_label("Năm 2018"));
        assert!(is_year_label("2019"));
        assert!(!is_year_label("Giai đoạn 2018 - 2020"));
        assert!(is_period_total_label("Tổng giai đoạn"));
        assert!(is_period_total_label("Cả giai đoạn"));
        assert!(!is_period_total_label("Năm 2018"));
    }
}
