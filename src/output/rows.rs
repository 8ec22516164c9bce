//! The combined tables' columns and the flattening of one [`DocJson`] into
//! their rows, shared by the CSV and SQLite writers so both always agree.

use std::borrow::Cow;

use serde_json::Number;

use super::json::{enum_name, DocJson, ProvenanceJson};
use crate::model::CheckStatus;

/// One cell of a combined table, typed so CSV can escape text and SQLite can
/// store integers as INTEGER.
#[derive(Debug, Clone, PartialEq)]
pub enum Field<'a> {
    /// No value: an empty CSV cell, SQL NULL.
    Null,
    /// Text (escaped against formulas in CSV).
    Text(Cow<'a, str>),
    /// A whole number.
    Int(i64),
    /// A JSON number (integer or decimal) as stored in the document JSON.
    Num(Number),
    /// `true`/`false` in CSV, 1/0 in SQLite.
    Bool(bool),
}

/// A combined table: its name and its columns with their SQLite declarations.
#[derive(Debug)]
pub struct TableSpec {
    /// File stem and SQL table name.
    pub name: &'static str,
    /// (column name, SQLite type and constraints).
    pub columns: &'static [(&'static str, &'static str)],
}

const FACT_DOC_ID: &str = "TEXT NOT NULL REFERENCES documents(doc_id)";

/// documents.csv / documents.
pub const DOCUMENTS: TableSpec = TableSpec {
    name: "documents",
    columns: &[
        ("doc_id", "TEXT PRIMARY KEY"),
        ("province", "TEXT"),
        ("number", "TEXT"),
        ("type", "TEXT"),
        ("date", "TEXT"),
        ("title", "TEXT"),
        ("period_from", "INTEGER"),
        ("period_to", "INTEGER"),
        ("signer", "TEXT"),
        ("source_kind", "TEXT NOT NULL"),
        ("pages", "INTEGER"),
        ("n_tables", "INTEGER NOT NULL"),
        ("n_targets", "INTEGER NOT NULL"),
        ("n_amounts", "INTEGER NOT NULL"),
        ("n_projects", "INTEGER NOT NULL"),
        ("n_checks", "INTEGER NOT NULL"),
        ("n_mismatches", "INTEGER NOT NULL"),
        ("file", "TEXT NOT NULL"),
        ("sha256", "TEXT NOT NULL"),
    ],
};

/// targets.csv / targets.
pub const TARGETS: TableSpec = TableSpec {
    name: "targets",
    columns: &[
        ("doc_id", FACT_DOC_ID),
        ("province", "TEXT"),
        ("table", "TEXT NOT NULL"),
        ("row", "TEXT"),
        ("program", "TEXT"),
        ("category", "TEXT"),
        ("indicator", "TEXT NOT NULL"),
        ("unit", "TEXT"),
        ("year", "INTEGER"),
        ("value", "NUMERIC"),
        ("row_kind", "TEXT NOT NULL"),
        ("derived", "INTEGER NOT NULL"),
        ("page", "INTEGER"),
        ("line", "INTEGER"),
        ("text", "TEXT"),
    ],
};

/// amounts.csv / amounts.
pub const AMOUNTS: TableSpec = TableSpec {
    name: "amounts",
    columns: &[
        ("doc_id", FACT_DOC_ID),
        ("province", "TEXT"),
        ("table", "TEXT NOT NULL"),
        ("row", "TEXT"),
        ("program", "TEXT"),
        ("category", "TEXT"),
        ("label", "TEXT NOT NULL"),
        ("source", "TEXT"),
        ("year", "INTEGER"),
        ("amount_vnd", "INTEGER NOT NULL"),
        ("raw", "TEXT"),
        ("unit", "TEXT"),
        ("row_kind", "TEXT NOT NULL"),
        ("derived", "INTEGER NOT NULL"),
        ("page", "INTEGER"),
        ("line", "INTEGER"),
        ("text", "TEXT"),
    ],
};

/// projects.csv / projects.
pub const PROJECTS: TableSpec = TableSpec {
    name: "projects",
    columns: &[
        ("doc_id", FACT_DOC_ID),
        ("province", "TEXT"),
        ("table", "TEXT NOT NULL"),
        ("code", "TEXT"),
        ("program", "TEXT"),
        ("category", "TEXT"),
        ("name", "TEXT NOT NULL"),
        ("implementer", "TEXT"),
        ("objective", "TEXT"),
        ("expected_result", "TEXT"),
        ("start_month", "INTEGER"),
        ("end_month", "INTEGER"),
        ("year", "INTEGER"),
        ("notes", "TEXT"),
        ("page", "INTEGER"),
        ("line", "INTEGER"),
        ("text", "TEXT"),
    ],
};

/// checks.csv / checks.
pub const CHECKS: TableSpec = TableSpec {
    name: "checks",
    columns: &[
        ("doc_id", FACT_DOC_ID),
        ("province", "TEXT"),
        ("table", "TEXT"),
        ("row", "TEXT"),
        ("kind", "TEXT NOT NULL"),
        ("expected", "NUMERIC"),
        ("found", "NUMERIC"),
        ("status", "TEXT NOT NULL"),
        ("message", "TEXT"),
    ],
};

/// errors.csv / errors.
pub const ERRORS: TableSpec = TableSpec {
    name: "errors",
    columns: &[
        ("file", "TEXT NOT NULL"),
        ("stage", "TEXT NOT NULL"),
        ("error", "TEXT NOT NULL"),
    ],
};

/// The fact tables, in the order their rows are produced by [`fact_rows`].
pub const FACT_TABLES: [&TableSpec; 4] = [&TARGETS, &AMOUNTS, &PROJECTS, &CHECKS];

fn text(s: &str) -> Field<'_> {
    Field::Text(Cow::Borrowed(s))
}
fn opt_text(s: &Option<String>) -> Field<'_> {
    s.as_deref().map(text).unwrap_or(Field::Null)
}
fn opt_int<T: Into<i64> + Copy>(v: Option<T>) -> Field<'static> {
    v.map(|x| Field::Int(x.into())).unwrap_or(Field::Null)
}
fn opt_num(v: &Option<Number>) -> Field<'static> {
    v.clone().map(Field::Num).unwrap_or(Field::Null)
}
fn opt_enum<T: serde::Serialize>(v: &Option<T>) -> Field<'static> {
    v.as_ref()
        .map(|e| Field::Text(Cow::Owned(enum_name(e))))
        .unwrap_or(Field::Null)
}
fn name<T: serde::Serialize>(v: &T) -> Field<'static> {
    Field::Text(Cow::Owned(enum_name(v)))
}
fn prov(p: &ProvenanceJson) -> [Field<'_>; 3] {
    [opt_int(p.page), opt_int(p.line), text(&p.text)]
}

/// The documents row of one document.
pub fn document_row(d: &DocJson) -> Vec<Field<'_>> {
    let m = &d.document;
    let mismatches = d
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::Mismatch)
        .count();
    let count = |n: usize| Field::Int(i64::try_from(n).unwrap_or(i64::MAX));
    vec![
        text(&d.doc_id),
        opt_text(&m.province),
        opt_text(&m.number),
        opt_enum(&m.doc_type),
        opt_text(&m.date),
        opt_text(&m.title),
        opt_int(m.period.map(|p| p.from)),
        opt_int(m.period.map(|p| p.to)),
        m.signer
            .as_ref()
            .map(|s| opt_text(&s.name))
            .unwrap_or(Field::Null),
        name(&d.source.kind),
        opt_int(d.source.pages),
        count(d.tables.len()),
        count(d.targets.len()),
        count(d.amounts.len()),
        count(d.projects.len()),
        count(d.checks.len()),
        count(mismatches),
        text(&d.source.file),
        text(&d.source.sha256),
    ]
}

/// Rows of the four fact tables for one document, calling `emit(table, row)`
/// in a fixed order (targets, amounts, projects, checks; array order within).
pub fn fact_rows<E>(
    d: &DocJson,
    mut emit: impl FnMut(&'static TableSpec, Vec<Field<'_>>) -> Result<(), E>,
) -> Result<(), E> {
    let id = || text(&d.doc_id);
    let province = || opt_text(&d.document.province);
    for t in &d.targets {
        let mut r = vec![
            id(),
            province(),
            text(&t.table),
            opt_text(&t.row),
            opt_text(&t.program),
            opt_enum(&t.category),
            text(&t.indicator),
            opt_text(&t.unit),
            opt_int(t.year),
            opt_num(&t.value),
            name(&t.row_kind),
            Field::Bool(t.derived),
        ];
        r.extend(prov(&t.provenance));
        emit(&TARGETS, r)?;
    }
    for a in &d.amounts {
        let mut r = vec![
            id(),
            province(),
            text(&a.table),
            opt_text(&a.row),
            opt_text(&a.program),
            opt_enum(&a.category),
            text(&a.label),
            opt_enum(&a.source),
            opt_int(a.year),
            Field::Num(a.amount_vnd.clone()),
            text(&a.raw),
            opt_text(&a.unit),
            name(&a.row_kind),
            Field::Bool(a.derived),
        ];
        r.extend(prov(&a.provenance));
        emit(&AMOUNTS, r)?;
    }
    for p in &d.projects {
        let mut r = vec![
            id(),
            province(),
            text(&p.table),
            opt_text(&p.code),
            opt_text(&p.program),
            opt_enum(&p.category),
            text(&p.name),
            opt_text(&p.implementer),
            opt_text(&p.objective),
            opt_text(&p.expected_result),
            opt_int(p.start_month),
            opt_int(p.end_month),
            opt_int(p.year),
            opt_text(&p.notes),
        ];
        r.extend(prov(&p.provenance));
        emit(&PROJECTS, r)?;
    }
    for c in &d.checks {
        let r = vec![
            id(),
            province(),
            opt_text(&c.table),
            opt_text(&c.row),
            name(&c.kind),
            opt_num(&c.expected),
            opt_num(&c.found),
            name(&c.status),
            text(&c.message),
        ];
        emit(&CHECKS, r)?;
    }
    Ok(())
}
