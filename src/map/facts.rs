//! Facts from tables: one target per numeric target cell, one amount per money
//! cell (in whole đồng), one project per coded leaf row of a project table.

use super::category::{categorize, common_category, is_source_or_total};
use crate::model::{Amount, Category, ColumnRole, Document, FundingSource, Project, RowKind, Stage, Table, TableKind, Target};
use crate::normalize::fold;
use crate::vn::tt::{self, TtShape};
use regex::Regex;
use std::sync::OnceLock;

/// Maps every table of `doc` into facts.
pub fn map_facts(doc: &mut Document) {
    let plan_year = doc.meta.period.filter(|p| p.from == p.to).map(|p| p.from);
    let mut targets = Vec::new();
    let mut amounts = Vec::new();
    let mut projects = Vec::new();
    let mut warnings = Vec::new();
    for table in &doc.tables {
        let cats = row_categories(table);
        let programs: Vec<Option<String>> = (0..table.rows.len()).map(|i| program_of(table, i)).collect();
        let table_year = plan_year.or_else(|| single_year(table.title.as_deref().unwrap_or("")));
        // A table the other way round whose rows are years: each row gives its
        // figures' year, and its total row (Tổng giai đoạn) none.
        let year_rows = table.transposed && table.rows.iter().any(|r| printed_year(r).is_some());
        let has_total_column = table.columns.iter().any(|c| matches!(c.role, ColumnRole::Value { source: Some(FundingSource::Total), .. }));
        if table.kind != TableKind::Targets && table.unit_vnd.is_none() {
            warnings.push(format!("{}: no unit line found; figures taken as đồng", table.id));
        }
        for (i, row) in table.rows.iter().enumerate() {
            for v in &row.values {
                let Some(col) = table.columns.get(v.column) else { continue };
                // What the cell is about: normally its row; in a table the other way
                // round its column is the activity and its row the funding source.
                let cell = match &col.role {
                    ColumnRole::Activity { number, total, .. } => {
                        let label = activity_label(&col.header);
                        CellFact {
                            row: number.clone(),
                            program: number.as_ref().and_then(|n| n.split('.').next()).map(str::to_string),
                            category: if *total { None } else { categorize(&label, &[]) },
                            label,
                            source: row.source,
                            year: if year_rows { printed_year(row) } else { table_year },
                            row_kind: if *total { RowKind::Total } else { RowKind::Item },
                        }
                    }
                    ColumnRole::Value { year, source, total_years } => CellFact {
                        row: row.id.clone(),
                        program: programs[i].clone(),
                        category: cats[i],
                        label: row.label.clone(),
                        // A column that takes its section's source (Ngân sách hỗ trợ) beside a
                        // Tổng column: in a total row its money mixes the sections' sources.
                        source: source.or(row.source.filter(|s| *s != FundingSource::Total || !has_total_column)),
                        year: if *total_years { None } else { year.or_else(|| printed_year(row)).or(table_year) },
                        row_kind: row.kind,
                    },
                    _ => continue,
                };
                // The figure's own box; the row's line, text and confidence.
                let provenance = crate::model::Provenance { bbox: v.bbox, reread: v.reread, ..row.provenance.clone() };
                // A reviewer's correction: the printed figure, as the field it fed.
                let printed = v.corrected_from.as_deref().and_then(crate::normalize::parse_number);
                if table.kind == TableKind::Targets {
                    targets.push(Target {
                        table: table.id.clone(),
                        row: cell.row,
                        program: cell.program,
                        category: cell.category,
                        indicator: cell.label,
                        unit: row.unit.clone().or_else(|| col.unit.clone()),
                        year: cell.year,
                        value: v.value.to_f64(),
                        row_kind: cell.row_kind,
                        derived: v.derived,
                        column: Some(col.header.clone()),
                        corrected: v.corrected_from.is_some(),
                        corrected_from: printed.and_then(|p| crate::output::json::number_f64(p.to_f64())).map(serde_json::Value::Number),
                        provenance,
                    });
                    continue;
                }
                let Some(vnd) = v.value.times_int(table.unit_vnd.unwrap_or(1)) else {
                    warnings.push(format!("{} row {:?}: {} is not a whole number of đồng", table.id, row.id, v.raw));
                    continue;
                };
                amounts.push(Amount {
                    table: table.id.clone(),
                    row: cell.row,
                    program: cell.program,
                    category: cell.category,
                    label: cell.label,
                    source: cell.source,
                    year: cell.year,
                    amount_vnd: vnd,
                    raw: v.raw.clone(),
                    unit: table.unit.clone(),
                    row_kind: cell.row_kind,
                    derived: v.derived,
                    column: Some(col.header.clone()),
                    counted: false,
                    corrected: v.corrected_from.is_some(),
                    corrected_from: printed
                        .and_then(|p| p.times_int(table.unit_vnd.unwrap_or(1)))
                        .map(|p| serde_json::Value::Number(crate::output::json::number_i128(p))),
                    provenance,
                });
            }
            if table.kind == TableKind::Projects && is_project_row(table, i) {
                projects.push(Project {
                    table: table.id.clone(),
                    code: row.id.clone(),
                    program: programs[i].clone(),
                    category: cats[i],
                    name: row.label.clone(),
                    implementer: row.implementer.clone(),
                    objective: row.objective.clone(),
                    expected_result: row.expected_result.clone(),
                    start_month: row.start_month,
                    end_month: row.end_month,
                    year: table_year,
                    notes: row.notes.clone(),
                    corrected: false,
                    corrected_from: None,
                    provenance: row.provenance.clone(),
                });
            }
        }
    }
    doc.targets = targets;
    super::counted::mark_counted(&mut amounts);
    doc.amounts = amounts;
    doc.projects = projects;
    for w in warnings {
        doc.warn(Stage::Map, w);
    }
}

/// The row-side facts of one cell.
struct CellFact {
    row: Option<String>,
    program: Option<String>,
    category: Option<Category>,
    label: String,
    source: Option<crate::model::FundingSource>,
    year: Option<i32>,
    row_kind: RowKind,
}

/// An activity column's header without its printed number ("2. Hội chợ" → "Hội chợ");
/// a Tổng column is labelled "Tổng".
fn activity_label(header: &str) -> String {
    let h = header.trim();
    if let Some((tt, rest)) = tt::split_fused(h) {
        if !tt.is_empty() {
            return rest;
        }
    }
    if crate::vn::words::total_words(h) {
        return "Tổng".to_string();
    }
    h.to_string()
}

/// A coded leaf row that is not a total.
fn is_project_row(table: &Table, i: usize) -> bool {
    let row = &table.rows[i];
    row.kind != RowKind::Total && row.tt.is_some() && !row.dash && table.children(i).is_empty()
}

/// Category per row: own words, else the nearest ancestor's; a section row the
/// category its parts share; totals and funding-source rows none.
pub fn row_categories(table: &Table) -> Vec<Option<Category>> {
    let n = table.rows.len();
    let mut cats: Vec<Option<Category>> = vec![None; n];
    for i in (0..n).rev() {
        let row = &table.rows[i];
        if row.kind == RowKind::Total || is_source_or_total(&row.label) {
            cats[i] = None;
            continue;
        }
        // A row split into "- KCQG" / "- KCĐP" parts keeps its own words' category.
        let kids: Vec<usize> = table.children(i).into_iter().filter(|&k| !table.rows[k].dash).collect();
        if !kids.is_empty() {
            let parts: Vec<Option<Category>> = kids.iter().map(|&k| cats[k]).collect();
            cats[i] = common_category(&parts);
            continue;
        }
        // OCRed rows are matched through their lexicon repairs ("Khuryn công").
        let text = |r: &crate::model::TableRow| {
            if r.provenance.confidence.is_some() {
                crate::normalize::lexicon::repaired(&r.label)
            } else {
                r.label.clone()
            }
        };
        let anc: Vec<String> = table.ancestors(i).iter().map(|&a| text(&table.rows[a])).collect();
        let anc: Vec<&str> = anc.iter().map(String::as_str).collect();
        cats[i] = categorize(&text(row), &anc);
    }
    // The source parts of a row are money of the same activity.
    for i in 0..n {
        if let Some(p) = table.rows[i].parent {
            if table.rows[i].kind != RowKind::Total && table.split_parts(p).contains(&i) {
                cats[i] = cats[p];
            }
        }
    }
    cats
}

fn noi_dung_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(?:noi dung|chuong trinh)\s+([0-9]+)").expect("valid regex"))
}

/// The content-area number a row belongs to ("Nội dung 3" → "3"; project 2.4 → "2").
fn program_of(table: &Table, i: usize) -> Option<String> {
    let mut chain = vec![i];
    chain.extend(table.ancestors(i));
    for &j in &chain {
        let f = fold(&table.rows[j].label);
        if let Some(c) = noi_dung_re().captures(&f) {
            return c.get(1).map(|m| m.as_str().to_string());
        }
    }
    let row = &table.rows[i];
    if row.kind == RowKind::Total {
        return None;
    }
    // Numbers under a funding-source section ("I Khuyến công quốc gia / 1 …") are not programmes.
    // (A "- KCQG" part of an activity row is not such a section.)
    if chain
        .iter()
        .any(|&j| !table.rows[j].dash && table.rows[j].source.is_some() && super::category::is_source_or_total(&table.rows[j].label))
    {
        return None;
    }
    let is_roman = |t: &str| tt::shape(&tt::bare(t)) == Some(TtShape::Roman);
    let number = |j: usize| -> Option<String> {
        let t = table.rows[j].tt.as_deref()?;
        tt::leading_number(t).or_else(|| if is_roman(t) { tt::roman_value(&tt::bare(t)).map(|n| n.to_string()) } else { None })
    };
    // The nearest heading over items is the content area: "II" over "1" → "2"
    // (a heading over other headings, "I Chương trình đề án", is not one).
    let dotted = row.tt.as_deref().is_some_and(tt::is_dotted);
    if !dotted {
        for &j in &chain {
            let kids = table.children(j);
            if !kids.is_empty() && kids.iter().all(|&k| table.children(k).is_empty()) {
                if let Some(n) = number(j) {
                    return Some(n);
                }
            }
        }
    }
    if let Some(n) = chain.iter().find_map(|&j| table.rows[j].tt.as_deref().and_then(tt::leading_number)) {
        return Some(n);
    }
    // A Roman section printed without items ("III Tuyên truyền … | 80.000.000"),
    // where the Roman sections are the content areas (none is over other headings).
    // The cheap tests first: the whole-table walk runs for top-level leaves only.
    if row.parent.is_none() && table.children(i).is_empty() {
        let roman_areas = (0..table.rows.len())
            .all(|j| !table.rows[j].tt.as_deref().is_some_and(is_roman) || table.children(j).iter().all(|&k| table.children(k).is_empty()));
        if roman_areas {
            return number(i);
        }
    }
    None
}

/// A row that is a year ("Năm 2024", "KH năm 2025", "2023"): the year of its figures.
/// The year a row of a table the other way round stands for, printed as its
/// label ("Năm 2018") or alone where a TT would be ("2018").
fn printed_year(row: &crate::model::TableRow) -> Option<i32> {
    row_year(&row.label).or_else(|| row.tt.as_deref().and_then(row_year))
}

fn row_year(label: &str) -> Option<i32> {
    let f = fold(label);
    let rest: String = f.split_whitespace().filter(|w| !matches!(*w, "nam" | "kh" | "ke" | "hoach")).collect::<Vec<_>>().join(" ");
    let t = rest.trim_matches(|c: char| !c.is_alphanumeric());
    (t.len() == 4 && t.chars().all(|c| c.is_ascii_digit())).then(|| t.parse().ok()).flatten().filter(|y| (1990..=2100).contains(y))
}

fn single_year(text: &str) -> Option<i32> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"(?:19|20)[0-9]{2}").expect("valid regex"));
    let years: Vec<i32> = re.find_iter(text).filter_map(|m| m.as_str().parse().ok()).collect();
    match years.as_slice() {
        [y] => Some(*y),
        _ => None,
    }
}
