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

/// The one type a combined column has in every output (CSV, SQLite,
/// Parquet, the Python DataFrames), so a column never reads as text in one
/// tool and a number in another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// UTF-8 text.
    Text,
    /// A whole number (64-bit), nullable unless the column says NOT NULL.
    Int,
    /// A decimal figure (64-bit float).
    Real,
    /// `true`/`false` (1/0 in SQLite).
    Bool,
}

impl ColumnType {
    /// The SQLite declaration (SQLite has no boolean: 0/1 INTEGER).
    pub fn sql(self) -> &'static str {
        match self {
            ColumnType::Text => "TEXT",
            ColumnType::Int | ColumnType::Bool => "INTEGER",
            ColumnType::Real => "REAL",
        }
    }
    /// The name used in the column dictionary.
    pub fn name(self) -> &'static str {
        match self {
            ColumnType::Text => "text",
            ColumnType::Int => "integer",
            ColumnType::Real => "decimal",
            ColumnType::Bool => "boolean",
        }
    }
}

/// One column of a combined table: its name, type, SQLite constraint and the
/// sentence the column dictionary (`docs/columns.md`) gives it.
#[derive(Debug)]
pub struct ColumnSpec {
    /// Column name: never an SQL reserved word, so queries need no quotes.
    pub name: &'static str,
    pub ty: ColumnType,
    /// SQLite constraint after the type ("NOT NULL", "PRIMARY KEY" …).
    pub constraint: &'static str,
    /// What the column holds.
    pub about: &'static str,
}

const fn c(name: &'static str, ty: ColumnType, constraint: &'static str, about: &'static str) -> ColumnSpec {
    ColumnSpec { name, ty, constraint, about }
}

use ColumnType::{Bool, Int, Real, Text};

/// A combined table: its name, what one row is, and its columns.
#[derive(Debug)]
pub struct TableSpec {
    /// File stem and SQL table name.
    pub name: &'static str,
    /// What one row stands for (for the column dictionary).
    pub row: &'static str,
    pub columns: &'static [ColumnSpec],
}

impl TableSpec {
    /// Column names in order (the CSV header).
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.columns.iter().map(|c| c.name)
    }
}

const FACT_DOC_ID: &str = "NOT NULL REFERENCES documents(doc_id)";
const DOC_ID: &str = "The document (`<doc_id>.json`), a slug of the input's file name.";
const PROVINCE: &str = "Canonical province name of the document (\"Cao Bằng\", \"Hồ Chí Minh\"), repeated for filtering.";
const TABLE_ID: &str = "The table the fact was read from (\"t1\", \"t2\" … in reading order; see `tables`). The JSON calls it `table`.";
const ROW_ID: &str = "Printed TT composed with its section (\"III.2\"); null for a total row without a TT. The JSON calls it `row`.";
const PROGRAM: &str = "Printed content-area (Nội dung) number the row belongs to, as text (\"3\").";
const CATEGORY: &str = "Content area of Nghị định 45/2012/NĐ-CP Điều 4 (training, management, demonstration, products, consulting, information, linkage, clusters, international, capacity, cleaner_production, other); null for totals and rows over several areas.";
const ROW_KIND: &str = "item (leaf row), subtotal (section row summing its children) or total (Cộng / Tổng cộng).";
const DERIVED: &str = "True when the value was not printed but pinned down exactly by the table's arithmetic.";
const CORRECTED: &str = "True when a reviewer's correction (--corrections) replaced a value of this row.";
const CORRECTED_FROM: &str = "The printed value the correction replaced, as JSON (a number or a quoted text); null when not corrected.";
const COLUMN_HEADER: &str =
    "Printed header of the figure's column, levels joined by \" / \" (\"Năm 2016 / KCQG\"). The JSON calls it `column`.";
const PAGE: &str = "1-based page the value was read from; null for plain text without page breaks.";
const LINE: &str = "1-based line of the document the value was read from.";
const TEXT: &str = "The source line as read (cells joined by tabs).";
const CONFIDENCE: &str = "Tesseract confidence (0–100) of an OCRed cell; null when the value was not OCRed.";
const BBOX: &str = "The figure's box on the page as a JSON array [x0, y0, x1, y1] in PDF points from the top-left of the page as displayed (text layer and OCR alike); null for plain text and derived figures.";

/// documents.csv / documents.
pub const DOCUMENTS: TableSpec = TableSpec {
    name: "documents",
    row: "input document written (byte-identical inputs at two paths are each a document)",
    columns: &[
        c("doc_id", Text, "PRIMARY KEY", DOC_ID),
        c("province", Text, "", "Canonical province name, without \"tỉnh\"/\"thành phố\"."),
        c("number", Text, "", "Document number as printed, spaces removed (\"270/QĐ-UBND\")."),
        c("type", Text, "", "quyet_dinh, ke_hoach, chuong_trinh, de_an, nghi_quyet, cong_van or other."),
        c("date", Text, "", "Date of issue, ISO 8601 (\"2015-02-26\")."),
        c("title", Text, "", "Title (trích yếu) as printed."),
        c("period_from", Int, "", "First year the plan covers."),
        c("period_to", Int, "", "Last year the plan covers (equal to period_from for a one-year plan)."),
        c("signer", Text, "", "Name of the signing official."),
        c("source_kind", Text, "NOT NULL", "How the input was read: text, pdf_text (text layer) or pdf_scan (OCR)."),
        c("pages", Int, "", "Page count; null for plain text."),
        c("n_tables", Int, "NOT NULL", "Number of tables recovered."),
        c("n_targets", Int, "NOT NULL", "Rows in targets for this document."),
        c("n_amounts", Int, "NOT NULL", "Rows in amounts for this document."),
        c("n_projects", Int, "NOT NULL", "Rows in projects for this document."),
        c("n_checks", Int, "NOT NULL", "Checks made."),
        c("n_mismatches", Int, "NOT NULL", "Checks with status mismatch: printed totals that do not add up."),
        c("file", Text, "NOT NULL", "Input path as given on the command line."),
        c("sha256", Text, "NOT NULL", "SHA-256 of the input bytes, hex."),
        c("issuer", Text, "", "Issuing body as printed (\"Ủy ban nhân dân tỉnh Cao Bằng\")."),
        c("decision_key", Text, "", "The decision this document states: province (else issuer) slug | number lower-cased | date, e.g. \"cao-bang|270/qđ-ubnd|2015-02-26\". Copies of one decision (its text, PDF, scan) share it. Null when the number, the date or both province and issuer are unknown."),
        c("duplicate_of", Text, "", "For a copy of a decision already in the batch, the doc_id of the copy kept (text before text-layer PDF before scan, then the first by path); null for the kept copy. Every amount of a duplicate has counted = false."),
        c("legal_bases", Text, "", "Numbers of the documents cited in the \"Căn cứ …\" clauses, joined by \"; \" (a law cited by title only is left out)."),
    ],
};

/// tables.csv / tables.
pub const TABLES: TableSpec = TableSpec {
    name: "tables",
    row: "table recovered from a document",
    columns: &[
        c("doc_id", Text, FACT_DOC_ID, DOC_ID),
        c("province", Text, "", PROVINCE),
        c(
            "table_id",
            Text,
            "NOT NULL",
            "Table id within the document (\"t1\", \"t2\" … in reading order): the table_id of the facts read from it.",
        ),
        c(
            "kind",
            Text,
            "NOT NULL",
            "targets (Biểu 01), budget (Biểu 02, summaries), history (money already spent), projects (đề án lists) or other.",
        ),
        c("title", Text, "", "Title as printed (\"Biểu 02 …\")."),
        c("unit", Text, "", "Unit line as printed, lower-cased (\"triệu đồng\")."),
        c("pages", Text, "", "Pages the table spans, comma-separated (\"12,13\")."),
        c("columns", Text, "", "Printed column headers as a JSON array of strings."),
        c("n_rows", Int, "NOT NULL", "Number of data rows recovered."),
    ],
};

/// targets.csv / targets.
pub const TARGETS: TableSpec = TableSpec {
    name: "targets",
    row: "non-empty numeric target cell (Biểu 01: trainees, models, fairs per year)",
    columns: &[
        c("doc_id", Text, FACT_DOC_ID, DOC_ID),
        c("province", Text, "", PROVINCE),
        c("table_id", Text, "NOT NULL", TABLE_ID),
        c("row_id", Text, "", ROW_ID),
        c("program", Text, "", PROGRAM),
        c("category", Text, "", CATEGORY),
        c("indicator", Text, "NOT NULL", "The indicator as printed (the row's text)."),
        c("unit", Text, "", "The ĐVT cell as printed (\"Lao động\", \"Cơ sở\")."),
        c("year", Int, "", "Target year; null for a Tổng column over several years."),
        c("value", Real, "", "The target figure, in `unit`."),
        c("row_kind", Text, "NOT NULL", ROW_KIND),
        c("derived", Bool, "NOT NULL", DERIVED),
        c("corrected", Bool, "NOT NULL", CORRECTED),
        c("corrected_from", Text, "", CORRECTED_FROM),
        c("column_header", Text, "", COLUMN_HEADER),
        c("page", Int, "", PAGE),
        c("line", Int, "", LINE),
        c("text", Text, "", TEXT),
        c("confidence", Real, "", CONFIDENCE),
        c("bbox", Text, "", BBOX),
    ],
};

/// amounts.csv / amounts.
pub const AMOUNTS: TableSpec = TableSpec {
    name: "amounts",
    row: "non-empty money cell",
    columns: &[
        c("doc_id", Text, FACT_DOC_ID, DOC_ID),
        c("province", Text, "", PROVINCE),
        c("table_id", Text, "NOT NULL", TABLE_ID),
        c("row_id", Text, "", ROW_ID),
        c("program", Text, "", PROGRAM),
        c("category", Text, "", CATEGORY),
        c("label", Text, "NOT NULL", "The row's text as printed (in a table the other way round, the activity column's header)."),
        c("source", Text, "", "Funding source: national (KCQG), local (KCĐP, ngân sách tỉnh), beneficiary (đối ứng), other, or total (Tổng / Cộng); null when the cell mixes sources no row or column names."),
        c("year", Int, "", "Budget year; null when the figure totals several years."),
        c("amount_vnd", Int, "NOT NULL", "The figure in whole đồng, after applying the table's unit."),
        c("raw", Text, "", "The cell as printed (\"541,125\")."),
        c("unit", Text, "", "The table's unit as printed (\"triệu đồng\")."),
        c("row_kind", Text, "NOT NULL", ROW_KIND),
        c("derived", Bool, "NOT NULL", DERIVED),
        c("counted", Bool, "NOT NULL", "True for the one statement of this money a sum may count: SUM(amount_vnd) WHERE counted, by province, year and source, gives each planned figure once. Within a document, for each year and source, the item rows of the one table that breaks that year's money down most finely by content area (among those holding all of it); every amount of a duplicate copy (documents.duplicate_of) is false."),
        c("corrected", Bool, "NOT NULL", CORRECTED),
        c("corrected_from", Text, "", CORRECTED_FROM),
        c("column_header", Text, "", COLUMN_HEADER),
        c("page", Int, "", PAGE),
        c("line", Int, "", LINE),
        c("text", Text, "", TEXT),
        c("confidence", Real, "", CONFIDENCE),
        c("bbox", Text, "", BBOX),
    ],
};

/// projects.csv / projects.
pub const PROJECTS: TableSpec = TableSpec {
    name: "projects",
    row: "project (đề án) row of a project table",
    columns: &[
        c("doc_id", Text, FACT_DOC_ID, DOC_ID),
        c("province", Text, "", PROVINCE),
        c("table_id", Text, "NOT NULL", TABLE_ID),
        c("code", Text, "", "The project's printed number (\"2.1\")."),
        c("program", Text, "", PROGRAM),
        c("category", Text, "", CATEGORY),
        c("name", Text, "NOT NULL", "Tên đề án as printed."),
        c("implementer", Text, "", "Đơn vị thực hiện as printed."),
        c("objective", Text, "", "Mục tiêu as printed."),
        c("expected_result", Text, "", "Dự kiến kết quả as printed."),
        c("start_month", Int, "", "First month (1–12) of the time span (\"Quý II\" → 4)."),
        c("end_month", Int, "", "Last month (1–12) of the time span (\"Quý II\" → 6)."),
        c("year", Int, "", "The plan year the project belongs to."),
        c("notes", Text, "", "Ghi chú as printed."),
        c("corrected", Bool, "NOT NULL", CORRECTED),
        c("corrected_from", Text, "", CORRECTED_FROM),
        c("page", Int, "", PAGE),
        c("line", Int, "", LINE),
        c("text", Text, "", TEXT),
        c("confidence", Real, "", CONFIDENCE),
        c("bbox", Text, "", BBOX),
    ],
};

/// checks.csv / checks.
pub const CHECKS: TableSpec = TableSpec {
    name: "checks",
    row: "arithmetic or consistency check made (ok ones included)",
    columns: &[
        c("doc_id", Text, FACT_DOC_ID, DOC_ID),
        c("province", Text, "", PROVINCE),
        c("table_id", Text, "", "The table checked; null for a check of the prose alone. The JSON calls it `table`."),
        c("row_id", Text, "", "The row checked (as in amounts.row_id); null for a total row or a column check. The JSON calls it `row`."),
        c("kind", Text, "NOT NULL", "row_total, column_total, section_total, grand_total, words_vs_figures or text_vs_table."),
        c("expected", Real, "", "The printed figure under test (đồng for money, the target's unit otherwise)."),
        c("found", Real, "", "What its parts, the words or the prose give."),
        c(
            "status",
            Text,
            "NOT NULL",
            "ok, mismatch (reported, never corrected) or inferred (a missing cell pinned by the arithmetic, emitted as derived).",
        ),
        c("message", Text, "", "The check in words."),
    ],
};

/// warnings.csv / warnings.
pub const WARNINGS: TableSpec = TableSpec {
    name: "warnings",
    row: "warning raised while reading a document (OCR repairs, legacy encodings, missing units …)",
    columns: &[
        c("doc_id", Text, FACT_DOC_ID, DOC_ID),
        c("province", Text, "", PROVINCE),
        c("stage", Text, "NOT NULL", "Stage that raised it: read, extract, normalize, tables, map, check or output."),
        c("message", Text, "NOT NULL", "What a person should know about how values were read."),
    ],
};

/// errors.csv / errors.
pub const ERRORS: TableSpec = TableSpec {
    name: "errors",
    row: "input that could not be processed",
    columns: &[
        c("file", Text, "NOT NULL", "The input path (or the JSON file that could not be read back)."),
        c("stage", Text, "NOT NULL", "Stage that failed: read, extract, normalize, tables, map, check or output."),
        c("error", Text, "NOT NULL", "The error message."),
    ],
};

/// The per-document tables, in the order their rows are produced by [`fact_rows`].
pub const FACT_TABLES: [&TableSpec; 6] = [&TABLES, &TARGETS, &AMOUNTS, &PROJECTS, &CHECKS, &WARNINGS];

/// Every combined table, in the order the column dictionary lists them.
pub const ALL_TABLES: [&TableSpec; 8] = [&DOCUMENTS, &TABLES, &TARGETS, &AMOUNTS, &PROJECTS, &CHECKS, &WARNINGS, &ERRORS];

fn text(s: &str) -> Field<'_> {
    Field::Text(Cow::Borrowed(s))
}
fn opt_text(s: &Option<String>) -> Field<'_> {
    s.as_deref().map(text).unwrap_or(Field::Null)
}
/// The printed value a correction replaced, as its JSON text, so a number and a text stay told apart.
fn corrected_from(v: &Option<serde_json::Value>) -> Field<'static> {
    v.as_ref().map(|v| Field::Text(Cow::Owned(v.to_string()))).unwrap_or(Field::Null)
}
fn opt_int<T: Into<i64> + Copy>(v: Option<T>) -> Field<'static> {
    v.map(|x| Field::Int(x.into())).unwrap_or(Field::Null)
}
fn opt_num(v: &Option<Number>) -> Field<'static> {
    v.clone().map(Field::Num).unwrap_or(Field::Null)
}
fn opt_enum<T: serde::Serialize>(v: &Option<T>) -> Field<'static> {
    v.as_ref().map(|e| Field::Text(Cow::Owned(enum_name(e)))).unwrap_or(Field::Null)
}
fn name<T: serde::Serialize>(v: &T) -> Field<'static> {
    Field::Text(Cow::Owned(enum_name(v)))
}
fn count(n: usize) -> Field<'static> {
    Field::Int(i64::try_from(n).unwrap_or(i64::MAX))
}
/// page, line, text, confidence, bbox.
fn prov(p: &ProvenanceJson) -> [Field<'_>; 5] {
    let bbox = match &p.bbox {
        Some(b) => serde_json::to_string(b).map(|s| Field::Text(Cow::Owned(s))).unwrap_or(Field::Null),
        None => Field::Null,
    };
    [opt_int(p.page), opt_int(p.line), text(&p.text), opt_num(&p.confidence), bbox]
}

/// What the batch as a whole says about one document: the decision it states
/// and, for a copy of a decision kept elsewhere in the batch, which one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocContext {
    /// See [`DOCUMENTS`]' `decision_key`.
    pub decision_key: Option<String>,
    /// The doc_id of the copy kept, when this document is a duplicate.
    pub duplicate_of: Option<String>,
}

/// The documents row of one document.
pub fn document_row<'a>(d: &'a DocJson, ctx: &'a DocContext) -> Vec<Field<'a>> {
    let m = &d.document;
    let mismatches = d.checks.iter().filter(|c| c.status == CheckStatus::Mismatch).count();
    let bases: Vec<&str> = m.legal_bases.iter().filter_map(|b| b.number.as_deref()).collect();
    let mut row = vec![
        text(&d.doc_id),
        opt_text(&m.province),
        opt_text(&m.number),
        opt_enum(&m.doc_type),
        opt_text(&m.date),
        opt_text(&m.title),
        opt_int(m.period.map(|p| p.from)),
        opt_int(m.period.map(|p| p.to)),
        m.signer.as_ref().map(|s| opt_text(&s.name)).unwrap_or(Field::Null),
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
        opt_text(&m.issuer),
        Field::Null, // decision_key and duplicate_of: set_context
        Field::Null,
        if bases.is_empty() { Field::Null } else { Field::Text(Cow::Owned(bases.join("; "))) },
    ];
    set_context(&mut row, ctx);
    row
}

/// Puts the batch's word on a document into its documents row (made by
/// [`document_row`], perhaps before the whole batch was known): a spooled row
/// is completed this way once every copy of every decision has been seen.
pub fn set_context<'a>(row: &mut [Field<'a>], ctx: &'a DocContext) {
    let at = |name: &str| DOCUMENTS.columns.iter().position(|c| c.name == name);
    for (name, value) in [("decision_key", &ctx.decision_key), ("duplicate_of", &ctx.duplicate_of)] {
        if let Some(slot) = at(name).and_then(|k| row.get_mut(k)) {
            *slot = opt_text(value);
        }
    }
}

/// The fact column a document's being a duplicate copy changes: every amount
/// of a duplicate has `counted` false ([`fact_rows`] with its context). Rows
/// flattened before the batch is known take the document's own value, and
/// whoever assembles them clears this column for duplicates.
pub const CLEARED_FOR_DUPLICATES: (&str, &str) = ("amounts", "counted");

/// Rows of the per-document tables for one document, calling
/// `emit(table, row)` in a fixed order (tables, targets, amounts, projects,
/// checks, warnings; array order within). The amounts of a duplicate copy
/// (`ctx.duplicate_of`) are never counted.
pub fn fact_rows<E>(
    d: &DocJson,
    ctx: &DocContext,
    mut emit: impl FnMut(&'static TableSpec, Vec<Field<'_>>) -> Result<(), E>,
) -> Result<(), E> {
    let id = || text(&d.doc_id);
    let province = || opt_text(&d.document.province);
    for t in &d.tables {
        let pages: Vec<String> = t.pages.iter().map(u32::to_string).collect();
        let columns = serde_json::to_string(&t.columns).unwrap_or_default();
        let r = vec![
            id(),
            province(),
            text(&t.id),
            name(&t.kind),
            opt_text(&t.title),
            opt_text(&t.unit),
            Field::Text(Cow::Owned(pages.join(","))),
            Field::Text(Cow::Owned(columns)),
            count(t.rows),
        ];
        emit(&TABLES, r)?;
    }
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
            Field::Bool(t.corrected),
            corrected_from(&t.corrected_from),
            opt_text(&t.column),
        ];
        r.extend(prov(&t.provenance));
        emit(&TARGETS, r)?;
    }
    let duplicate = ctx.duplicate_of.is_some();
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
            Field::Bool(a.counted && !duplicate),
            Field::Bool(a.corrected),
            corrected_from(&a.corrected_from),
            opt_text(&a.column),
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
            Field::Bool(p.corrected),
            corrected_from(&p.corrected_from),
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
    for w in &d.warnings {
        emit(&WARNINGS, vec![id(), province(), name(&w.stage), text(&w.message)])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_column_is_an_sql_reserved_word_and_every_one_is_described() {
        // Words that break an unquoted SELECT in SQLite or DuckDB.
        const RESERVED: [&str; 12] =
            ["table", "row", "column", "order", "group", "select", "from", "where", "index", "key", "values", "check"];
        for spec in ALL_TABLES {
            for col in spec.columns {
                assert!(!RESERVED.contains(&col.name), "{}.{}", spec.name, col.name);
                assert!(col.about.len() > 10, "{}.{} undescribed", spec.name, col.name);
            }
        }
    }

    #[test]
    fn rows_have_as_many_fields_as_their_table_has_columns() {
        let doc = crate::output::testdoc::sample("x", "x.pdf", "a");
        let d = crate::output::json::DocJson::from_document(&doc);
        let ctx = DocContext::default();
        assert_eq!(document_row(&d, &ctx).len(), DOCUMENTS.columns.len());
        let mut seen = 0;
        fact_rows::<()>(&d, &ctx, |spec, row| {
            assert_eq!(row.len(), spec.columns.len(), "{}", spec.name);
            seen += 1;
            Ok(())
        })
        .unwrap();
        assert!(seen > 10);
    }
}
