//! The per-document JSON of the contract (`schema_version: "1"`).
//!
//! [`DocJson`] is both what we write and what `finish`/`merge` read back to
//! build the combined tables, so the JSON files are the single source of truth.
//! Field order follows the contract; whole numbers are JSON integers; every
//! string is NFC; internal fields of the model (unit multipliers, line spans,
//! row details) are left out. Field names and meanings are those of
//! CONTRACT.md and `schemas/document.schema.json`.

use serde::{Deserialize, Serialize};
use serde_json::{Number, Value};

// The model promises NFC; the exit keeps the promise with the normalize stage's routine.
use crate::normalize::text::nfc;

use crate::model::{
    Category, CheckKind, CheckStatus, DocType, Document, FundingSource, LegalBasis, PageRoute, Period, Provenance, Reread, RowKind, Signer,
    SourceKind, Stage, TableKind,
};

/// Version of the per-document JSON layout.
pub const SCHEMA_VERSION: &str = "1";

/// One document as written to `OUT/<doc_id>.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocJson {
    pub schema_version: String,
    pub doc_id: String,
    pub source: SourceJson,
    pub document: MetaJson,
    #[serde(default)]
    pub tables: Vec<TableJson>,
    #[serde(default)]
    pub targets: Vec<TargetJson>,
    #[serde(default)]
    pub amounts: Vec<AmountJson>,
    #[serde(default)]
    pub projects: Vec<ProjectJson>,
    #[serde(default)]
    pub checks: Vec<CheckJson>,
    #[serde(default)]
    pub warnings: Vec<WarningJson>,
}

/// The input file, with the route each page's text took.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SourceJson {
    pub file: String,
    pub sha256: String,
    pub kind: SourceKind,
    pub pages: Option<u32>,
    #[serde(default)]
    pub page_routes: Vec<PageRouteJson>,
}

/// Where one page's text came from (text layer or OCR), so a reader knows how
/// far to trust it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageRouteJson {
    pub page: u32,
    pub route: PageRoute,
}

/// Header, title and signature metadata.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MetaJson {
    pub issuer: Option<String>,
    pub province: Option<String>,
    pub number: Option<String>,
    #[serde(rename = "type")]
    pub doc_type: Option<DocType>,
    pub date: Option<String>,
    pub place: Option<String>,
    pub title: Option<String>,
    pub period: Option<Period>,
    pub signer: Option<Signer>,
    #[serde(default)]
    pub legal_bases: Vec<LegalBasis>,
}

/// A recovered table, summarised.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TableJson {
    pub id: String,
    pub kind: TableKind,
    pub title: Option<String>,
    pub unit: Option<String>,
    pub pages: Vec<u32>,
    /// Column headers.
    pub columns: Vec<String>,
    /// Number of data rows.
    pub rows: usize,
    /// The printed grid, header cells included: each cell's text and box.
    #[serde(default)]
    pub cells: Vec<TableCellJson>,
}

/// One printed cell of a table's grid.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TableCellJson {
    pub page: u32,
    /// Document line of its grid row (as `provenance.line` of the facts).
    pub line: u32,
    /// Index of the cell on its line.
    pub col: usize,
    pub text: String,
    /// `[x0, y0, x1, y1]` in PDF points from the page's top-left; `null` for plain text.
    pub bbox: Option<Vec<f64>>,
    pub header: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Number>,
    /// `digits` or `separators`: the text comes from OCR's second reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reread: Option<Reread>,
}

/// A cell a check compares.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckCellJson {
    pub row: Option<String>,
    pub column: String,
    pub page: Option<u32>,
    pub line: Option<u32>,
    /// Index of the cell on its line (`tables[].cells[].col`); `null` when derived.
    pub col: Option<usize>,
    pub raw: String,
    pub bbox: Option<Vec<f64>>,
    /// The total under test (true) or one of its parts.
    pub total: bool,
}

/// Where a fact was read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ProvenanceJson {
    pub page: Option<u32>,
    pub line: Option<u32>,
    pub text: String,
    /// OCR confidence (0–100, one decimal), only for OCRed cells.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Number>,
    /// The figure's box on the page `[x0, y0, x1, y1]` (PDF points from the
    /// top-left); `null` for plain text and derived figures.
    #[serde(default)]
    pub bbox: Option<Vec<f64>>,
    /// Read again because a total broke; kept because every total then holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reread: Option<bool>,
}

/// A numeric target.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TargetJson {
    pub table: String,
    pub row: Option<String>,
    pub program: Option<String>,
    pub category: Option<Category>,
    pub indicator: String,
    pub unit: Option<String>,
    pub year: Option<i32>,
    /// Integer when whole; `null` only for a non-finite value (a bug upstream).
    pub value: Option<Number>,
    pub row_kind: RowKind,
    #[serde(default)]
    pub derived: bool,
    /// Printed header of the figure's column.
    #[serde(default)]
    pub column: Option<String>,
    /// A reviewer's correction replaced the value (`--corrections`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub corrected: bool,
    /// The value as printed, before the correction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected_from: Option<Value>,
    pub provenance: ProvenanceJson,
}

/// A money figure in integer đồng.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AmountJson {
    pub table: String,
    pub row: Option<String>,
    pub program: Option<String>,
    pub category: Option<Category>,
    pub label: String,
    pub source: Option<FundingSource>,
    pub year: Option<i32>,
    pub amount_vnd: Number,
    pub raw: String,
    pub unit: Option<String>,
    pub row_kind: RowKind,
    #[serde(default)]
    pub derived: bool,
    /// The one statement of this money a sum counts (within the document;
    /// copies of a decision are settled in the combined tables).
    #[serde(default)]
    pub counted: bool,
    /// Printed header of the figure's column.
    #[serde(default)]
    pub column: Option<String>,
    /// A reviewer's correction replaced the value (`--corrections`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub corrected: bool,
    /// The value as printed, before the correction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected_from: Option<Value>,
    pub provenance: ProvenanceJson,
}

/// A project (đề án) row.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProjectJson {
    pub table: String,
    pub code: Option<String>,
    pub program: Option<String>,
    pub category: Option<Category>,
    pub name: String,
    pub implementer: Option<String>,
    pub objective: Option<String>,
    pub expected_result: Option<String>,
    pub start_month: Option<u32>,
    pub end_month: Option<u32>,
    pub year: Option<i32>,
    pub notes: Option<String>,
    /// A reviewer's correction replaced a field (`--corrections`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub corrected: bool,
    /// The field's value as printed, before the correction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected_from: Option<Value>,
    pub provenance: ProvenanceJson,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// An arithmetic or consistency check.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckJson {
    pub table: Option<String>,
    pub row: Option<String>,
    pub kind: CheckKind,
    pub expected: Option<Number>,
    pub found: Option<Number>,
    pub status: CheckStatus,
    pub message: String,
    /// The cells compared: the total under test first, then its parts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<CheckCellJson>,
}

/// A warning raised by a stage.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WarningJson {
    pub stage: Stage,
    pub message: String,
}

/// The contract's per-document JSON as a value (for tests).
#[cfg(test)]
pub fn document_json(doc: &Document) -> Value {
    serde_json::to_value(DocJson::from_document(doc)).unwrap_or(Value::Null)
}

/// The bytes written to `<doc_id>.json`: JSON in contract order with one
/// line per top-level field and one line per fact (see [`FactPerLine`]),
/// newline-terminated.
pub fn document_json_bytes(doc: &DocJson) -> Result<Vec<u8>, serde_json::Error> {
    let mut v = Vec::with_capacity(64 * 1024);
    let mut ser = serde_json::Serializer::with_formatter(&mut v, FactPerLine::default());
    serde::Serialize::serialize(doc, &mut ser)?;
    v.push(b'\n');
    Ok(v)
}

/// JSON laid out for people and line tools alike: the two outer levels are
/// indented (the document's fields, and the items of `targets`, `amounts` …),
/// every deeper value is compact, so each fact is one line that `grep` finds
/// whole. Fully pretty JSON was 40% spaces and newlines, and on 10,000
/// documents its writing and re-reading made the disk set the pace.
#[derive(Debug, Default)]
pub struct FactPerLine {
    depth: usize,
    has_value: bool,
}

impl FactPerLine {
    /// Levels whose items go on lines of their own.
    const LEVELS: usize = 2;

    fn open<W: ?Sized + std::io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value && self.depth < Self::LEVELS {
            self.newline(w, self.depth)?;
        }
        w.write_all(bracket)
    }

    /// Before an array item or an object key.
    fn item<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self.depth <= Self::LEVELS {
            self.newline(w, self.depth)?;
        }
        Ok(())
    }

    fn newline<W: ?Sized + std::io::Write>(&self, w: &mut W, depth: usize) -> std::io::Result<()> {
        w.write_all(b"\n")?;
        for _ in 0..depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for FactPerLine {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(if self.depth <= Self::LEVELS { b": " } else { b":" })
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

fn nfc_opt(s: &Option<String>) -> Option<String> {
    s.as_deref().map(nfc)
}

/// A JSON number: an integer when `v` is whole (and exactly representable),
/// else the shortest decimal; `None` for NaN or infinity.
pub fn number_f64(v: f64) -> Option<Number> {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
        Some(Number::from(v as i64))
    } else {
        Number::from_f64(v)
    }
}

/// A JSON integer for an i128 (approximated only beyond ±2^64, far above any budget).
pub fn number_i128(v: i128) -> Number {
    if let Ok(i) = i64::try_from(v) {
        Number::from(i)
    } else if let Ok(u) = u64::try_from(v) {
        Number::from(u)
    } else {
        Number::from_f64(v as f64).unwrap_or_else(|| Number::from(0))
    }
}

/// The contract lists eleven document types; types that only occur as legal
/// bases (nghị định, thông tư, luật) become `other` for the document itself.
fn main_doc_type(t: DocType) -> DocType {
    match t {
        DocType::QuyetDinh
        | DocType::KeHoach
        | DocType::ChuongTrinh
        | DocType::DeAn
        | DocType::NghiQuyet
        | DocType::CongVan
        | DocType::ChiThi
        | DocType::ThongBao
        | DocType::ToTrinh
        | DocType::BaoCao
        | DocType::Other => t,
        _ => DocType::Other,
    }
}

fn provenance(p: &Provenance) -> ProvenanceJson {
    ProvenanceJson {
        page: p.page,
        line: p.line,
        // A line exactly as the normalize stage left it (NFC already); checking
        // it again for every fact cost 8% of a whole run.
        text: p.text.clone(),
        confidence: p.confidence.and_then(|c| number_f64((f64::from(c) * 10.0).round() / 10.0)),
        bbox: p.bbox.map(bbox_json),
        reread: p.reread.then_some(true),
    }
}

/// A box as JSON numbers, to the hundredth of a point (finer than print).
pub fn bbox_json(b: crate::model::BBox) -> Vec<f64> {
    b.iter().map(|v| (f64::from(*v) * 100.0).round() / 100.0).collect()
}

impl DocJson {
    /// Builds the contract's view of a processed document.
    pub fn from_document(doc: &Document) -> DocJson {
        let m = &doc.meta;
        DocJson {
            schema_version: SCHEMA_VERSION.to_string(),
            doc_id: doc.doc_id.clone(),
            source: SourceJson {
                file: doc.source.file.clone(),
                sha256: doc.source.sha256.clone(),
                kind: doc.source.kind,
                pages: doc.source.pages,
                page_routes: doc.pages.iter().map(|p| PageRouteJson { page: p.number, route: p.route }).collect(),
            },
            document: MetaJson {
                issuer: nfc_opt(&m.issuer),
                province: nfc_opt(&m.province),
                number: nfc_opt(&m.number),
                doc_type: m.doc_type.map(main_doc_type),
                date: m.date.clone(),
                place: nfc_opt(&m.place),
                title: nfc_opt(&m.title),
                period: m.period,
                signer: m.signer.as_ref().map(|s| Signer {
                    name: nfc_opt(&s.name),
                    position: nfc_opt(&s.position),
                    authority: nfc_opt(&s.authority),
                }),
                legal_bases: m
                    .legal_bases
                    .iter()
                    .map(|b| LegalBasis {
                        number: nfc_opt(&b.number),
                        doc_type: b.doc_type,
                        date: b.date.clone(),
                        issuer: nfc_opt(&b.issuer),
                    })
                    .collect(),
            },
            tables: doc
                .tables
                .iter()
                .map(|t| TableJson {
                    id: t.id.clone(),
                    kind: t.kind,
                    title: nfc_opt(&t.title),
                    unit: nfc_opt(&t.unit),
                    pages: t.pages.clone(),
                    columns: t.columns.iter().map(|c| nfc(&c.header)).collect(),
                    rows: t.rows.len(),
                    cells: t
                        .cells
                        .iter()
                        .map(|c| TableCellJson {
                            page: c.page,
                            line: c.line,
                            col: c.col,
                            text: nfc(&c.text),
                            bbox: c.bbox.map(bbox_json),
                            header: c.header,
                            confidence: c.confidence.and_then(|v| number_f64((f64::from(v) * 10.0).round() / 10.0)),
                            reread: c.reread,
                        })
                        .collect(),
                })
                .collect(),
            targets: doc
                .targets
                .iter()
                .map(|t| TargetJson {
                    table: t.table.clone(),
                    row: nfc_opt(&t.row),
                    program: nfc_opt(&t.program),
                    category: t.category,
                    indicator: nfc(&t.indicator),
                    unit: nfc_opt(&t.unit),
                    year: t.year,
                    value: number_f64(t.value),
                    row_kind: t.row_kind,
                    derived: t.derived,
                    column: nfc_opt(&t.column),
                    corrected: t.corrected,
                    corrected_from: t.corrected_from.clone(),
                    provenance: provenance(&t.provenance),
                })
                .collect(),
            amounts: doc
                .amounts
                .iter()
                .map(|a| AmountJson {
                    table: a.table.clone(),
                    row: nfc_opt(&a.row),
                    program: nfc_opt(&a.program),
                    category: a.category,
                    label: nfc(&a.label),
                    source: a.source,
                    year: a.year,
                    amount_vnd: number_i128(a.amount_vnd),
                    raw: nfc(&a.raw),
                    unit: nfc_opt(&a.unit),
                    row_kind: a.row_kind,
                    derived: a.derived,
                    counted: a.counted,
                    column: nfc_opt(&a.column),
                    corrected: a.corrected,
                    corrected_from: a.corrected_from.clone(),
                    provenance: provenance(&a.provenance),
                })
                .collect(),
            projects: doc
                .projects
                .iter()
                .map(|p| ProjectJson {
                    table: p.table.clone(),
                    code: nfc_opt(&p.code),
                    program: nfc_opt(&p.program),
                    category: p.category,
                    name: nfc(&p.name),
                    implementer: nfc_opt(&p.implementer),
                    objective: nfc_opt(&p.objective),
                    expected_result: nfc_opt(&p.expected_result),
                    start_month: p.start_month,
                    end_month: p.end_month,
                    year: p.year,
                    notes: nfc_opt(&p.notes),
                    corrected: p.corrected,
                    corrected_from: p.corrected_from.clone(),
                    provenance: provenance(&p.provenance),
                })
                .collect(),
            checks: doc
                .checks
                .iter()
                .map(|c| CheckJson {
                    table: c.table.clone(),
                    row: nfc_opt(&c.row),
                    kind: c.kind,
                    expected: c.expected.and_then(number_f64),
                    found: c.found.and_then(number_f64),
                    status: c.status,
                    message: nfc(&c.message),
                    cells: c
                        .cells
                        .iter()
                        .map(|k| CheckCellJson {
                            row: nfc_opt(&k.row),
                            column: nfc(&k.column),
                            page: k.page,
                            line: k.line,
                            col: k.col,
                            raw: nfc(&k.raw),
                            bbox: k.bbox.map(bbox_json),
                            total: k.total,
                        })
                        .collect(),
                })
                .collect(),
            warnings: doc.warnings.iter().map(|w| WarningJson { stage: w.stage, message: nfc(&w.message) }).collect(),
        }
    }
}

/// The snake_case name serde gives an enum value ("pdf_text", "national").
pub fn enum_name<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}
