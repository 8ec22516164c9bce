//! Which amounts a sum may count, within one document.
//!
//! A plan often states the same money twice: a summary table and its Biểu 02,
//! a five-year budget by content area and one year's project list. Summing
//! every item row then overstates the plan. For each year and funding source
//! exactly one table's item rows are counted (CONTRACT.md, "Adding up without
//! counting twice"): among the tables that hold all of that year's money from
//! that source, the one that breaks it down most finely by content area; on a
//! tie the one covering more years, then the first printed. Totals,
//! subtotals, multi-year columns and the other tables' rows are not counted.
//!
//! Copies of one decision across documents are decided later, when the
//! combined tables are built (`output::decisions`).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::model::{Amount, Category, FundingSource, RowKind};

/// Whether an amount is a candidate to be counted at all: an item row of one
/// year and one named source (not a total, not a mix of sources).
fn addable(a: &Amount) -> bool {
    a.row_kind == RowKind::Item && a.year.is_some() && matches!(a.source, Some(s) if s != FundingSource::Total)
}

/// What one table says about one (year, source).
#[derive(Default)]
struct TableShare<'a> {
    /// Sum of its addable amounts for that year and source, in đồng.
    sum: i128,
    /// Content areas its rows name (category, else printed programme number).
    areas: HashSet<(Option<Category>, Option<&'a str>)>,
}

/// Sets `counted` on every amount of one document (all false, then true for
/// the chosen table's item rows of each year and source).
pub fn mark_counted(amounts: &mut [Amount]) {
    // Tables in printed order (first appearance among the amounts).
    let mut order: HashMap<&str, usize> = HashMap::new();
    // Years each table covers with addable figures.
    let mut years: HashMap<&str, BTreeSet<i32>> = HashMap::new();
    // (year, source) → table → its share.
    let mut shares: BTreeMap<(i32, u8), BTreeMap<&str, TableShare<'_>>> = BTreeMap::new();
    for a in amounts.iter() {
        let next = order.len();
        order.entry(a.table.as_str()).or_insert(next);
        if !addable(a) {
            continue;
        }
        let (Some(year), Some(source)) = (a.year, a.source) else { continue };
        years.entry(a.table.as_str()).or_default().insert(year);
        let share = shares.entry((year, source as u8)).or_default().entry(a.table.as_str()).or_default();
        share.sum = share.sum.saturating_add(a.amount_vnd);
        if a.category.is_some() || a.program.is_some() {
            share.areas.insert((a.category, a.program.as_deref()));
        }
    }
    let mut chosen: HashMap<(i32, u8), String> = HashMap::new();
    for (key, tables) in &shares {
        let Some(all) = tables.values().map(|s| s.sum).max() else { continue };
        let best = tables
            .iter()
            .filter(|(_, s)| s.sum == all)
            .max_by(|(ta, sa), (tb, sb)| {
                let cover = |t: &str| years.get(t).map_or(0, BTreeSet::len);
                let first = |t: &str| order.get(t).copied().unwrap_or(usize::MAX);
                (sa.areas.len(), cover(ta))
                    .cmp(&(sb.areas.len(), cover(tb)))
                    // On a full tie the first printed wins: reverse order.
                    .then(first(tb).cmp(&first(ta)))
            })
            .map(|(t, _)| t.to_string());
        if let Some(t) = best {
            chosen.insert(*key, t);
        }
    }
    for a in amounts.iter_mut() {
        a.counted = addable(a)
            && match (a.year, a.source) {
                (Some(y), Some(s)) => chosen.get(&(y, s as u8)).is_some_and(|t| *t == a.table),
                _ => false,
            };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Provenance;

    fn amount(table: &str, row: &str, cat: Option<Category>, source: FundingSource, year: Option<i32>, vnd: i128, kind: RowKind) -> Amount {
        Amount {
            table: table.into(),
            row: Some(row.into()),
            program: None,
            category: cat,
            label: row.into(),
            source: Some(source),
            year,
            amount_vnd: vnd,
            raw: vnd.to_string(),
            unit: None,
            row_kind: kind,
            derived: false,
            column: None,
            counted: false,
            corrected: false,
            corrected_from: None,
            provenance: Provenance::default(),
        }
    }

    fn counted_sum(amounts: &[Amount], year: i32, source: FundingSource) -> i128 {
        amounts.iter().filter(|a| a.counted && a.year == Some(year) && a.source == Some(source)).map(|a| a.amount_vnd).sum()
    }

    #[test]
    fn a_summary_and_its_breakdown_count_once_the_finer_one_wins() {
        use FundingSource::*;
        let mut v = vec![
            // Summary: one row per source, no content area.
            amount("t2", "I.1", None, Local, Some(2016), 600, RowKind::Item),
            amount("t2", "I", None, Local, Some(2016), 600, RowKind::Subtotal),
            amount("t2", "I.1", None, Local, None, 3000, RowKind::Item),
            // Biểu 02: the same 600 by content area.
            amount("t4", "1", Some(Category::Training), Local, Some(2016), 100, RowKind::Item),
            amount("t4", "2", Some(Category::Products), Local, Some(2016), 500, RowKind::Item),
            amount("t4", "", None, Local, Some(2016), 600, RowKind::Total),
        ];
        mark_counted(&mut v);
        assert_eq!(counted_sum(&v, 2016, Local), 600);
        let counted: Vec<&str> = v.iter().filter(|a| a.counted).map(|a| a.table.as_str()).collect();
        assert_eq!(counted, ["t4", "t4"]);
    }

    #[test]
    fn a_table_holding_only_part_of_the_year_is_not_chosen() {
        use FundingSource::*;
        let mut v = vec![
            // One year's project list: finer, but only part of the money.
            amount("t1", "1.1", Some(Category::Training), National, Some(2020), 100, RowKind::Item),
            amount("t1", "1.2", Some(Category::Management), National, Some(2020), 100, RowKind::Item),
            amount("t1", "1.3", Some(Category::Products), National, Some(2020), 100, RowKind::Item),
            // The five-year budget holds all of 2020.
            amount("t3", "1", Some(Category::Training), National, Some(2020), 500, RowKind::Item),
            amount("t3", "1", Some(Category::Training), National, Some(2021), 500, RowKind::Item),
        ];
        mark_counted(&mut v);
        assert_eq!(counted_sum(&v, 2020, National), 500);
        assert_eq!(counted_sum(&v, 2021, National), 500);
    }

    #[test]
    fn ties_go_to_more_years_then_the_first_printed() {
        use FundingSource::*;
        let mut v = vec![
            amount("t1", "1", None, Local, Some(2020), 7, RowKind::Item),
            amount("t2", "1", None, Local, Some(2020), 7, RowKind::Item),
            amount("t2", "1", None, Local, Some(2021), 9, RowKind::Item),
            amount("t3", "1", None, Other, Some(2020), 4, RowKind::Item),
            amount("t4", "1", None, Other, Some(2020), 4, RowKind::Item),
        ];
        mark_counted(&mut v);
        let counted: Vec<(&str, i32)> = v.iter().filter(|a| a.counted).map(|a| (a.table.as_str(), a.year.unwrap())).collect();
        assert_eq!(counted, [("t2", 2020), ("t2", 2021), ("t3", 2020)]);
    }

    #[test]
    fn totals_mixed_sources_and_multi_year_cells_are_never_counted() {
        let mut v = vec![
            amount("t1", "1", None, FundingSource::Total, Some(2020), 7, RowKind::Item),
            amount("t1", "1", None, FundingSource::Local, None, 7, RowKind::Item),
            amount("t1", "", None, FundingSource::Local, Some(2020), 7, RowKind::Total),
        ];
        v.push(Amount { source: None, ..amount("t1", "2", None, FundingSource::Local, Some(2020), 3, RowKind::Item) });
        mark_counted(&mut v);
        assert!(v.iter().all(|a| !a.counted));
    }
}
