//! The column dictionary (`docs/columns.md`): every column of the combined
//! tables and every field of the per-document JSON, with its type and
//! meaning, generated from the one place each is defined (the table specs in
//! [`super::rows`], the JSON Schema's `description`s), so the documentation
//! cannot drift from what is written. A test keeps the committed file current.

use std::fmt::Write;

use serde_json::Value;

use super::rows::ALL_TABLES;

/// A Markdown table cell: pipes escaped, on one line.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The JSON Schema type of a property, as a reader would say it.
fn json_type(node: &Value) -> String {
    if let Some(r) = node.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_string();
    }
    if node.get("enum").is_some() || node.get("const").is_some() {
        let values: Vec<String> = node
            .get("enum")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)).collect())
            .unwrap_or_default();
        if !values.is_empty() {
            return format!("one of {}", values.join(", "));
        }
    }
    match node.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(" or "),
        _ => ["oneOf", "anyOf"]
            .iter()
            .find_map(|k| node.get(*k).and_then(Value::as_array))
            .map(|alts| alts.iter().map(json_type).collect::<Vec<_>>().join(" or "))
            .unwrap_or_else(|| "any".to_string()),
    }
}

/// Appends one row per property under `node` (depth first), paths dotted.
fn json_fields(node: &Value, path: &str, out: &mut Vec<(String, String, String)>) {
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        for (name, prop) in props {
            let p = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
            let about = prop.get("description").and_then(Value::as_str).unwrap_or("").to_string();
            out.push((p.clone(), json_type(prop), about));
            json_fields(prop, &p, out);
        }
    }
    if let Some(items) = node.get("items") {
        json_fields(items, &format!("{path}[]"), out);
    }
}

/// Every property of the schema (dotted path) that has no `description`.
pub fn undescribed_fields(schema: &Value) -> Vec<String> {
    let mut rows = Vec::new();
    json_fields(schema, "", &mut rows);
    if let Some(defs) = schema.get("$defs").and_then(Value::as_object) {
        for (name, def) in defs {
            rows.push((format!("$defs.{name}"), String::new(), def.get("description").and_then(Value::as_str).unwrap_or("").to_string()));
            json_fields(def, &format!("$defs.{name}"), &mut rows);
        }
    }
    rows.into_iter().filter(|(_, _, about)| about.trim().is_empty()).map(|(p, _, _)| p).collect()
}

/// `docs/columns.md` for the given `schemas/document.schema.json` text.
pub fn columns_markdown(schema_text: &str) -> String {
    let schema: Value = serde_json::from_str(schema_text).unwrap_or(Value::Null);
    let mut md = String::new();
    let _ = writeln!(md, "# Column dictionary\n");
    let _ = writeln!(
        md,
        "Generated from `src/output/rows.rs` and `schemas/document.schema.json` \
         (`TRICHXUAT_BLESS=1 cargo test --release --test docs` rewrites it); do not edit by hand. \
         The contract these outputs implement is [`contract.md`](contract.md).\n"
    );
    let _ = writeln!(
        md,
        "To add money up without counting anything twice: `SELECT province, year, source, SUM(amount_vnd) \
         FROM amounts WHERE counted GROUP BY 1, 2, 3`. Within one table the item rows \
         (`row_kind = 'item'`, `source <> 'total'`, `year IS NOT NULL`) add up too, but across a document's \
         tables, and across copies of one decision, only `counted` does.\n"
    );
    let _ = writeln!(
        md,
        "Every table is written as `<name>.csv` (UTF-8, RFC 4180, header first; `--excel` adds a BOM and \
         a `'` before text Excel would run as a formula), as a table of `trichxuat.sqlite`, and with \
         `--format parquet` as `<name>.parquet`. Types are the same everywhere: integers are nullable \
         64-bit integers, booleans are `true`/`false` in CSV, 1/0 in SQLite, booleans in Parquet.\n"
    );
    let _ = writeln!(md, "## Combined tables\n");
    for spec in ALL_TABLES {
        let _ = writeln!(md, "### `{}`\n\nOne row per {}.\n", spec.name, spec.row);
        let _ = writeln!(md, "| column | type | meaning |\n| --- | --- | --- |");
        for c in spec.columns {
            let null = if c.constraint.contains("NOT NULL") || c.constraint.contains("PRIMARY KEY") { "" } else { ", nullable" };
            let _ = writeln!(md, "| `{}` | {}{} | {} |", c.name, c.ty.name(), null, cell(c.about));
        }
        let _ = writeln!(md);
    }
    let _ = writeln!(md, "## Per-document JSON (`<doc_id>.json`)\n");
    let _ = writeln!(md, "| field | type | meaning |\n| --- | --- | --- |");
    let mut rows = Vec::new();
    json_fields(&schema, "", &mut rows);
    for (path, ty, about) in &rows {
        let _ = writeln!(md, "| `{}` | {} | {} |", path, cell(ty), cell(about));
    }
    if let Some(defs) = schema.get("$defs").and_then(Value::as_object) {
        let _ = writeln!(md, "\nShared definitions:\n\n| name | type | meaning |\n| --- | --- | --- |");
        for (name, def) in defs {
            let about = def.get("description").and_then(Value::as_str).unwrap_or("");
            let _ = writeln!(md, "| `{}` | {} | {} |", name, cell(&json_type(def)), cell(about));
            let mut sub = Vec::new();
            json_fields(def, name, &mut sub);
            for (path, ty, about) in &sub {
                let _ = writeln!(md, "| `{}` | {} | {} |", path, cell(ty), cell(about));
            }
        }
    }
    md
}
