//! Reviewers' corrections (`--corrections corrections.csv`, contract
//! "Corrections"): a person who checked a figure against the page overrides
//! it; the fact keeps the printed value in `corrected_from`, is marked
//! `corrected`, and every check is run again over the corrected tables, so
//! that a fixed misread no longer shows as a mismatch and the edit is never
//! lost the way a hand-edited JSON file loses it on the next run.
//!
//! A row that matches no fact (or several) is reported, never ignored: the
//! batch turns it into a row of `errors.csv`.

use crate::model::{Decimal, Document, FundingSource, TableKind};
use crate::normalize::parse_number;
use std::path::Path;

/// One line of `corrections.csv`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Correction {
    /// 1-based line in the file (the header is line 1), for error messages.
    pub line: usize,
    pub doc_id: String,
    /// `amount`, `target` or `project`.
    pub kind: String,
    pub table: String,
    /// Row id as in the facts; empty for a total row without a TT.
    pub row: String,
    /// Year as in the facts; empty for null (a multi-year total), or when the
    /// fact is a project.
    pub year: String,
    /// Source as in the facts (`national` …); empty for null; amounts only.
    pub source: String,
    /// The field replaced: `amount_vnd` or `raw` (amounts), `value` (targets),
    /// a project's `name`, `implementer`, `objective`, `expected_result`,
    /// `notes`, `start_month`, `end_month`.
    pub field: String,
    /// The value a person read on the page.
    pub value: String,
    pub note: String,
}

impl Correction {
    /// A short description for error rows.
    pub fn describe(&self) -> String {
        format!(
            "correction on line {} ({}, {} {} row {:?} year {:?} source {:?} {} = {:?})",
            self.line, self.doc_id, self.kind, self.table, self.row, self.year, self.source, self.field, self.value
        )
    }
}

/// Reads `corrections.csv` (UTF-8, header row with the contract's columns,
/// in any order). Errors name the file and line.
pub fn load(path: &Path) -> Result<Vec<Correction>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Parses the bytes of a corrections file.
pub fn parse(bytes: &[u8]) -> Result<Vec<Correction>, String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(bytes);
    let mut r = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(bytes);
    let headers = r.headers().map_err(|e| e.to_string())?.clone();
    let at = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    for need in ["doc_id", "kind", "table", "row", "field", "value"] {
        if at(need).is_none() {
            return Err(format!("no column \"{need}\" (need doc_id, kind, table, row, year, source, field, value, note)"));
        }
    }
    let mut out = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| format!("line {}: {e}", i + 2))?;
        let get = |name: &str| at(name).and_then(|k| rec.get(k)).unwrap_or("").to_string();
        if rec.iter().all(|f| f.is_empty()) {
            continue;
        }
        out.push(Correction {
            line: i + 2,
            doc_id: get("doc_id"),
            kind: get("kind").to_ascii_lowercase(),
            table: get("table"),
            row: get("row"),
            year: get("year"),
            source: get("source").to_ascii_lowercase(),
            field: get("field").to_ascii_lowercase(),
            value: get("value"),
            note: get("note"),
        });
    }
    Ok(out)
}

/// A figure as a Vietnamese page prints it (`.` groups thousands, `,` marks
/// decimals), so a corrected `raw` reads like the others.
pub fn vietnamese(d: Decimal) -> String {
    let d = d.normalized();
    let neg = d.units < 0;
    let digits = d.units.unsigned_abs().to_string();
    let scale = d.scale as usize;
    let (int, frac) = if digits.len() > scale { digits.split_at(digits.len() - scale) } else { ("0", digits.as_str()) };
    let frac = format!("{frac:0>scale$}");
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if neg { "-" } else { "" };
    if scale == 0 {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

fn opt_eq(fact: Option<&str>, wanted: &str) -> bool {
    match fact {
        None => wanted.is_empty() || wanted.eq_ignore_ascii_case("null"),
        Some(v) => v == wanted,
    }
}

fn source_name(s: Option<FundingSource>) -> Option<String> {
    s.map(|s| crate::output::json::enum_name(&s))
}

/// A number as a person types it: Vietnamese print (`3.600`, `541,125`) or
/// plain digits with a decimal point when unambiguous (`541.125` is read the
/// Vietnamese way, as the page would print it).
fn figure(text: &str) -> Option<Decimal> {
    parse_number(text.trim())
}

/// The new figure of a value cell, in the table's printed unit.
fn new_figure(c: &Correction, unit_vnd: Option<i128>) -> Result<Decimal, String> {
    match c.field.as_str() {
        "amount_vnd" => {
            let v: i128 =
                c.value.trim().replace(['.', ' '], "").parse().map_err(|_| format!("amount_vnd {:?} is not whole đồng", c.value))?;
            let unit = unit_vnd.unwrap_or(1).max(1);
            // the printed unit is a power of ten đồng: the figure is v / unit exactly
            let scale = unit.to_string().len() as u32 - 1;
            if 10i128.checked_pow(scale) != Some(unit) {
                return Err(format!("the table's unit ({unit} đồng) is not a power of ten"));
            }
            Ok(Decimal { units: v, scale }.normalized())
        }
        "raw" | "value" => figure(&c.value).ok_or_else(|| format!("{:?} is not a figure", c.value)),
        other => Err(format!("field \"{other}\" cannot be corrected on a figure (use amount_vnd, raw or value)")),
    }
}

/// Applies the corrections meant for `doc` (matched by `doc_id`); returns, for
/// each of them, `Ok(())` when it replaced a value or the reason it did not.
/// When any figure changed, derived cells are dropped, every check is run
/// again and the facts are mapped again from the corrected tables.
pub fn apply(doc: &mut Document, corrections: &[&Correction]) -> Vec<Result<(), String>> {
    let mut results = vec![Err(String::new()); corrections.len()];
    let mut changed = false;
    // figures first (they rerun the checks and remap the facts) …
    for (k, c) in corrections.iter().enumerate() {
        if c.kind == "project" {
            continue;
        }
        results[k] = apply_figure(doc, c);
        changed |= results[k].is_ok();
    }
    if changed {
        for t in &mut doc.tables {
            for r in &mut t.rows {
                r.values.retain(|v| !v.derived);
            }
        }
        doc.checks.clear();
        crate::check::check_document(doc);
        crate::map::facts::map_facts(doc);
    }
    // … then project fields, on the final facts
    for (k, c) in corrections.iter().enumerate() {
        if c.kind == "project" {
            results[k] = apply_project(doc, c);
        }
    }
    results
}

fn apply_figure(doc: &mut Document, c: &Correction) -> Result<(), String> {
    let want_targets = match c.kind.as_str() {
        "amount" => false,
        "target" => true,
        other => return Err(format!("kind \"{other}\" is none of amount, target, project")),
    };
    // the facts this row names: (line, column header)
    let mut hits: Vec<(Option<u32>, Option<String>)> = Vec::new();
    if want_targets {
        for t in &doc.targets {
            let year = t.year.map(|y| y.to_string());
            if t.table == c.table && opt_eq(t.row.as_deref(), &c.row) && opt_eq(year.as_deref(), &c.year) {
                hits.push((t.provenance.line, t.column.clone()));
            }
        }
    } else {
        for a in &doc.amounts {
            let year = a.year.map(|y| y.to_string());
            let source = source_name(a.source);
            if a.table == c.table
                && opt_eq(a.row.as_deref(), &c.row)
                && opt_eq(year.as_deref(), &c.year)
                && opt_eq(source.as_deref(), &c.source)
            {
                hits.push((a.provenance.line, a.column.clone()));
            }
        }
    }
    let (line, column) = match hits.as_slice() {
        [] => return Err("matches no fact".into()),
        [one] => one.clone(),
        more => return Err(format!("matches {} facts; give year and source to pick one", more.len())),
    };
    let Some(table) = doc.tables.iter_mut().find(|t| t.id == c.table) else { return Err("no such table".into()) };
    if want_targets != (table.kind == TableKind::Targets) {
        return Err(format!("table {} holds no {}s", table.id, c.kind));
    }
    let figure = new_figure(c, table.unit_vnd)?;
    let col = table.columns.iter().enumerate().filter(|(_, col)| Some(&col.header) == column.as_ref()).map(|(i, _)| i).collect::<Vec<_>>();
    let cell =
        table.rows.iter_mut().filter(|r| r.provenance.line == line).flat_map(|r| r.values.iter_mut()).find(|v| col.contains(&v.column));
    let Some(cell) = cell else { return Err("the fact's cell was not found in its table".into()) };
    if cell.corrected_from.is_none() {
        cell.corrected_from = Some(cell.raw.clone());
    }
    cell.value = figure;
    cell.raw = vietnamese(figure);
    cell.derived = false;
    Ok(())
}

fn apply_project(doc: &mut Document, c: &Correction) -> Result<(), String> {
    let hits: Vec<usize> =
        (0..doc.projects.len()).filter(|&i| doc.projects[i].table == c.table && opt_eq(doc.projects[i].code.as_deref(), &c.row)).collect();
    let i = match hits.as_slice() {
        [] => return Err("matches no project".into()),
        [i] => *i,
        more => return Err(format!("matches {} projects", more.len())),
    };
    let p = &mut doc.projects[i];
    let text = |slot: &mut Option<String>| -> serde_json::Value {
        let old = slot.clone().map(serde_json::Value::String).unwrap_or(serde_json::Value::Null);
        *slot = Some(c.value.clone());
        old
    };
    let month = |slot: &mut Option<u32>| -> Result<serde_json::Value, String> {
        let m: u32 = c.value.trim().parse().ok().filter(|m| (1..=12).contains(m)).ok_or_else(|| format!("{:?} is not a month", c.value))?;
        let old = slot.map(serde_json::Value::from).unwrap_or(serde_json::Value::Null);
        *slot = Some(m);
        Ok(old)
    };
    let old = match c.field.as_str() {
        "name" => {
            let old = serde_json::Value::String(p.name.clone());
            p.name = c.value.clone();
            old
        }
        "implementer" => text(&mut p.implementer),
        "objective" => text(&mut p.objective),
        "expected_result" => text(&mut p.expected_result),
        "notes" => text(&mut p.notes),
        "start_month" => month(&mut p.start_month)?,
        "end_month" => month(&mut p.end_month)?,
        other => return Err(format!("field \"{other}\" of a project cannot be corrected")),
    };
    if p.corrected_from.is_none() {
        p.corrected_from = Some(old);
    }
    p.corrected = true;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_contract_columns() {
        let csv = "doc_id,kind,table,row,year,source,field,value,note\nx,amount,t2,,2016,total,amount_vnd,3600000000,\"misread 5\"\n";
        let c = parse(csv.as_bytes()).unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].row, "");
        assert_eq!(c[0].line, 2);
        assert_eq!(c[0].note, "misread 5");
        assert!(parse(b"doc_id,kind\n").is_err());
    }

    #[test]
    fn figures_print_the_vietnamese_way() {
        assert_eq!(vietnamese(Decimal::int(3600)), "3.600");
        assert_eq!(vietnamese(Decimal { units: 541125, scale: 3 }), "541,125");
        assert_eq!(vietnamese(Decimal::int(70)), "70");
        assert_eq!(vietnamese(Decimal { units: 5, scale: 2 }), "0,05");
    }

    #[test]
    fn amount_vnd_in_the_printed_unit() {
        let c = Correction { field: "amount_vnd".into(), value: "3600000000".into(), ..Correction::default() };
        assert_eq!(new_figure(&c, Some(1_000_000)).unwrap(), Decimal::int(3600));
        let c = Correction { field: "amount_vnd".into(), value: "541125000".into(), ..Correction::default() };
        assert!(new_figure(&c, Some(1_000_000)).unwrap().same(Decimal { units: 541125, scale: 3 }));
    }
}
