//! The one document model every stage reads and enriches.
//!
//! `extract` fills [`Document::pages`]; `tables` fills [`Document::tables`];
//! `map` fills [`Document::meta`] and the facts (targets, amounts, projects);
//! `check` adds [`Document::checks`]; `output` only reads. Every fact carries a
//! [`Provenance`] so a data team can find the figure again on paper.

use serde::{Deserialize, Serialize};

/// An exact decimal as printed (`2.963,455` = 2963455 / 10^3), so sums and unit
/// conversions never pick up floating-point error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Decimal {
    /// All digits, sign included.
    pub units: i128,
    /// Number of digits after the decimal mark.
    pub scale: u32,
}

impl Decimal {
    /// A whole number.
    pub fn int(v: i128) -> Self {
        Decimal { units: v, scale: 0 }
    }
    /// The same value at a larger scale (no-op when `scale` is not larger).
    pub fn rescale(self, scale: u32) -> Self {
        if scale <= self.scale {
            return self;
        }
        let f = 10i128.checked_pow(scale - self.scale).unwrap_or(i128::MAX);
        Decimal { units: self.units.saturating_mul(f), scale }
    }
    /// Drops trailing zero decimals so equal values compare equal.
    pub fn normalized(self) -> Self {
        let mut d = self;
        while d.scale > 0 && d.units % 10 == 0 {
            d.units /= 10;
            d.scale -= 1;
        }
        d
    }
    /// Exact sum (saturating, unlike an operator would be).
    #[allow(clippy::should_implement_trait)]
    pub fn add(self, other: Decimal) -> Decimal {
        let s = self.scale.max(other.scale);
        let a = self.rescale(s);
        let b = other.rescale(s);
        Decimal { units: a.units.saturating_add(b.units), scale: s }.normalized()
    }
    /// Exact difference.
    #[allow(clippy::should_implement_trait)]
    pub fn sub(self, other: Decimal) -> Decimal {
        self.add(Decimal { units: -other.units, scale: other.scale })
    }
    /// Value equality regardless of scale.
    pub fn same(self, other: Decimal) -> bool {
        self.normalized() == other.normalized()
    }
    /// Whole đồng for a figure printed in a unit worth `multiplier` đồng;
    /// `None` when the result is not a whole number.
    pub fn times_int(self, multiplier: i128) -> Option<i128> {
        let num = self.units.checked_mul(multiplier)?;
        let den = 10i128.checked_pow(self.scale)?;
        if num % den == 0 {
            Some(num / den)
        } else {
            None
        }
    }
    /// Approximate value for display and JSON.
    pub fn to_f64(self) -> f64 {
        self.units as f64 / 10f64.powi(self.scale as i32)
    }
    /// True when zero.
    pub fn is_zero(self) -> bool {
        self.units == 0
    }
}

impl std::fmt::Display for Decimal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = self.normalized();
        if d.scale == 0 {
            write!(f, "{}", d.units)
        } else {
            let den = 10i128.pow(d.scale);
            let sign = if d.units < 0 { "-" } else { "" };
            let a = d.units.abs();
            write!(f, "{}{}.{:0width$}", sign, a / den, a % den, width = d.scale as usize)
        }
    }
}

/// How the input reached us; decides which extractor ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// Plain text (UTF-8 or converted legacy encoding).
    Text,
    /// A PDF whose pages were mostly read from the text layer.
    PdfText,
    /// A PDF whose pages were mostly OCRed.
    PdfScan,
}

/// Where one page's text came from, reported per page in the JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageRoute {
    /// A plain-text input (pages split on form feeds, or one page).
    Text,
    /// The PDF text layer.
    TextLayer,
    /// Tesseract OCR of the page image.
    Ocr,
}

/// The input file as given.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Source {
    /// Path as given on the command line.
    pub file: String,
    /// SHA-256 of the input bytes, hex.
    pub sha256: String,
    /// Text, text-layer PDF or scanned PDF.
    pub kind: SourceKind,
    /// Page count; `None` for plain text.
    pub pages: Option<u32>,
}

impl Source {
    /// Hex SHA-256 of `bytes`: the input's identity for `--resume`, `merge`
    /// and SQLite keys, whatever its path.
    pub fn sha256_hex(bytes: &[u8]) -> String {
        use sha2::{Digest, Sha256};
        Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// A box on a page, `[x0, y0, x1, y1]` in PDF points from the top-left corner
/// of the page as displayed (x right, y down): the frame `pdftotext -bbox` and
/// pdfplumber use, so a reviewer's tool can crop or outline a figure without
/// knowing whether the page was read from its text layer or by OCR.
pub type BBox = [f32; 4];

/// The smallest box holding both (either may be unknown).
pub fn bbox_union(a: Option<BBox>, b: Option<BBox>) -> Option<BBox> {
    match (a, b) {
        (Some(a), Some(b)) => Some([a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])]),
        (a, None) => a,
        (None, b) => b,
    }
}

/// One cell of a line: a tab-separated field of a text input, or a table cell
/// rebuilt from a PDF's ruling lines / word positions.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Cell {
    /// Cell text, NFC, markup removed.
    pub text: String,
    /// Left edge in page points (PDF) or pixels (OCR); `None` for text input.
    pub x0: Option<f32>,
    /// Right edge.
    pub x1: Option<f32>,
    /// Mean OCR word confidence (0–100) when the cell was OCRed.
    pub confidence: Option<f32>,
    /// Box of the printed text itself (the ink, not the ruled cell) in page
    /// points: what `provenance.bbox` of a fact read from this cell is.
    /// `None` for plain text and for an empty cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
    /// Box of the ruled cell (a merged cell's whole region) in page points,
    /// when the cell came from a grid: the table's geometry for `tables[].cells`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame: Option<BBox>,
    /// How OCR read the cell a second time, when its text comes from that
    /// reading: a reviewer looks twice at such a cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reread: Option<Reread>,
}

/// A second OCR reading that gave a cell its text. Recorded, never hidden: a
/// figure the first reading did not see is one a reviewer should confirm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reread {
    /// Read again as a figure (digits and separators only): the first
    /// reading was not a clean figure, or was less sure of itself.
    Digits,
    /// Thousands or decimal marks the first reading dropped, put back where
    /// the image shows them between digits.
    Separators,
    /// Read again because a total it takes part in broke; the new reading
    /// was kept because every total it takes part in then holds (the first
    /// reading is in the document's warnings).
    Total,
}

/// A physical line of the input; table rows are lines with several cells.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Line {
    /// 1-based page number.
    pub page: u32,
    /// 1-based line number within the whole document (text input: the file's line).
    pub number: u32,
    /// The line as read (cells joined by tabs), for provenance.
    pub text: String,
    /// The cells; a prose line has exactly one.
    pub cells: Vec<Cell>,
    /// True when the line came from a ruled table grid (PDF) or has tabs (text).
    pub tabular: bool,
    /// Top of the line on the page, when known.
    pub y: Option<f32>,
}

/// One page with its lines in reading order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Page {
    /// 1-based.
    pub number: u32,
    /// Where the text came from.
    pub route: PageRoute,
    /// Lines in reading order.
    pub lines: Vec<Line>,
    /// True for landscape pages (wide tables).
    pub landscape: bool,
    /// Clockwise quarter turns that made a scanned page upright, so that a
    /// cell can be found again on the page image (boxes are of the image as
    /// stored) and read once more.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub turns: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Where a fact was read: enough to find it on paper.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// 1-based page, when the input has pages.
    pub page: Option<u32>,
    /// 1-based line within the document.
    pub line: Option<u32>,
    /// The source line as read.
    pub text: String,
    /// OCR confidence of the cell, when OCRed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
    /// Where the figure (for a row: its label) is printed on the page, so a
    /// reviewer sees it without searching; `None` for plain text and for
    /// figures that were derived, not read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
    /// The figure was read again because a total broke, and the new reading
    /// makes every total it takes part in hold ([`Reread::Total`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reread: bool,
}

/// Type of a legal document, from its number suffix or its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocType {
    QuyetDinh,
    KeHoach,
    ChuongTrinh,
    DeAn,
    NghiQuyet,
    CongVan,
    NghiDinh,
    ThongTu,
    ThongTuLienTich,
    Luat,
    ChiThi,
    /// Thông báo (a notice, e.g. the conclusions of a meeting).
    ThongBao,
    /// Tờ trình (a submission asking a superior body to decide).
    ToTrinh,
    /// Báo cáo (a report).
    BaoCao,
    Other,
}

/// An ISO date without time zone.
pub type IsoDate = String;

/// The signing official.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Signer {
    pub name: Option<String>,
    pub position: Option<String>,
    pub authority: Option<String>,
}

/// Years a plan covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: i32,
    pub to: i32,
}

/// A document cited in a "Căn cứ …" clause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegalBasis {
    /// As printed, spaces removed; `None` for a law cited by title only.
    pub number: Option<String>,
    #[serde(rename = "type")]
    pub doc_type: DocType,
    pub date: Option<IsoDate>,
    pub issuer: Option<String>,
}

/// Document metadata from the header, title and signature block.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentMeta {
    pub issuer: Option<String>,
    pub province: Option<String>,
    pub number: Option<String>,
    #[serde(rename = "type")]
    pub doc_type: Option<DocType>,
    pub date: Option<IsoDate>,
    pub place: Option<String>,
    pub title: Option<String>,
    pub period: Option<Period>,
    pub signer: Option<Signer>,
    pub legal_bases: Vec<LegalBasis>,
}

/// What a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// Biểu 01: indicators per year.
    Targets,
    /// Biểu 02 / summary: money per year and source.
    Budget,
    /// Money already spent in past years.
    History,
    /// Project (đề án) rows with implementer, months, money.
    Projects,
    Other,
}

/// Funding source of a money figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FundingSource {
    /// Khuyến công quốc gia (KCQG).
    National,
    /// Khuyến công địa phương (KCĐP, ngân sách tỉnh).
    Local,
    /// Đóng góp của đơn vị thụ hưởng, đối ứng.
    Beneficiary,
    /// Nguồn khác.
    Other,
    /// Tổng / Tổng cộng / Cộng.
    Total,
}

/// A row's place in the arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    Item,
    Subtotal,
    Total,
}

/// Content areas of Nghị định 45/2012/NĐ-CP Điều 4, for cross-province comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Training,
    Management,
    Demonstration,
    Products,
    Consulting,
    Information,
    Linkage,
    Clusters,
    International,
    Capacity,
    CleanerProduction,
    Other,
}

/// The role a column plays, decided from header words and value types.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnRole {
    /// Số thứ tự.
    Tt,
    /// Row text (Nội dung, Tên đề án, Nguồn kinh phí).
    Label,
    /// ĐVT cell of a targets table.
    Unit,
    Implementer,
    Objective,
    ExpectedResult,
    StartMonth,
    EndMonth,
    /// A combined "Thời gian" column (e.g. "Tháng 5 - 11", "Quý II").
    Period,
    /// A figure column: year and/or funding source; `total_years` for a
    /// Tổng column over several years.
    Value {
        year: Option<i32>,
        source: Option<FundingSource>,
        total_years: bool,
    },
    Notes,
    /// An activity column of a table the other way round (rows are funding
    /// sources): it plays the part of a row. `number` is its printed number.
    /// `name` is the activity's header text (folded): it tells activity columns apart.
    Activity {
        number: Option<String>,
        name: String,
        total: bool,
    },
    Other,
}

/// One column of a recovered table.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Column {
    /// Header text, levels joined by " / " ("Năm 2016 / KCQG").
    pub header: String,
    pub role: ColumnRole,
    /// The unit printed for this column alone: the ĐVT row under the header of
    /// a table the other way round (each indicator column has its own unit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// One value cell of a table row after column assignment.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ValueCell {
    /// Index into [`Table::columns`].
    pub column: usize,
    /// As printed.
    pub raw: String,
    /// Parsed figure.
    pub value: Decimal,
    /// True when not printed but pinned down by the arithmetic.
    pub derived: bool,
    /// Where the figure is printed (PDF inputs); `None` for text and derived cells.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
    /// Index of the line's cell it was read from (`None` when derived), so
    /// the grid cell of `tables[].cells` holding it can be found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<usize>,
    /// OCR confidence of this cell alone (the row's provenance holds the mean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
    /// The value as printed when a reviewer's correction replaced it
    /// (`--corrections`): the fact keeps both, and the checks use the new one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected_from: Option<String>,
    /// Read again because a total broke, and kept because every total holds with it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reread: bool,
}

/// One data row of a recovered table.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TableRow {
    /// Composed row id ("III.2"); `None` for total rows without a TT.
    pub id: Option<String>,
    /// TT as printed.
    pub tt: Option<String>,
    /// Row text as printed, fused TT and "- " removed.
    pub label: String,
    pub kind: RowKind,
    /// Index of the parent row (section or item a "- " row hangs from).
    pub parent: Option<usize>,
    /// Depth in the hierarchy (0 = top).
    pub depth: u32,
    /// True for a "- " sub-row.
    pub dash: bool,
    /// True for a "- " sub-row that is one of the parts its parent row is split
    /// into (by funding source, or in a money table by part): the parent prints
    /// their sum. Set once by `tables/` while it builds the hierarchy.
    #[serde(default)]
    pub split_part: bool,
    /// Funding source named by the row itself or inherited from its section.
    pub source: Option<FundingSource>,
    /// ĐVT cell (targets tables).
    pub unit: Option<String>,
    pub implementer: Option<String>,
    pub objective: Option<String>,
    pub expected_result: Option<String>,
    pub notes: Option<String>,
    pub start_month: Option<u32>,
    pub end_month: Option<u32>,
    /// Figures by column.
    pub values: Vec<ValueCell>,
    pub provenance: Provenance,
}

/// One printed cell of a table's grid (header cells included), with its box:
/// the table as it stands on the page, for reviewers and for tools that
/// want to redraw it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TableCell {
    /// 1-based page.
    pub page: u32,
    /// Document line of the grid row (as in `provenance.line`).
    pub line: u32,
    /// Index of the cell on its line (0 = leftmost printed column).
    pub col: usize,
    /// Text as read.
    pub text: String,
    /// The cell's box (the ruled region when ruled, else the text's box).
    pub bbox: Option<BBox>,
    /// True for a cell of the header lines.
    pub header: bool,
    /// OCR confidence, when OCRed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
    /// The second OCR reading its text comes from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reread: Option<Reread>,
}

/// A recovered table.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Table {
    /// "t1", "t2" … in reading order.
    pub id: String,
    pub kind: TableKind,
    pub title: Option<String>,
    /// Unit line as printed, lower-cased ("triệu đồng").
    pub unit: Option<String>,
    /// Đồng per printed unit (1_000_000 for triệu đồng); `None` for non-money tables.
    pub unit_vnd: Option<i128>,
    pub pages: Vec<u32>,
    pub columns: Vec<Column>,
    pub rows: Vec<TableRow>,
    /// True when rows are funding sources and columns activities.
    pub transposed: bool,
    /// Lines (document line numbers) the table spans, for prose/table separation.
    pub first_line: u32,
    pub last_line: u32,
    /// The printed grid, header cells included (PDF inputs carry boxes).
    #[serde(default)]
    pub cells: Vec<TableCell>,
}

/// The table's own questions, answered from the hierarchy `tables/` built:
/// later stages read them here instead of recomputing them.
impl Table {
    /// The "- " sub-rows a row is split into (its parts by source or by part).
    pub fn split_parts(&self, i: usize) -> Vec<usize> {
        (0..self.rows.len()).filter(|&j| j != i && self.rows[j].parent == Some(i) && self.rows[j].split_part).collect()
    }

    /// The rows a section row sums: its numbered children, else the parts it
    /// is split into; "- " sub-rows that only detail an item are not among them.
    pub fn children(&self, i: usize) -> Vec<usize> {
        let kids: Vec<usize> = (0..self.rows.len()).filter(|&j| self.rows[j].parent == Some(i) && !self.rows[j].dash).collect();
        if kids.is_empty() {
            return self.split_parts(i);
        }
        kids
    }

    /// A row's ancestors, nearest first (the item a "- " row hangs from, its
    /// section, its programme heading).
    pub fn ancestors(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = self.rows.get(i).and_then(|r| r.parent);
        while let Some(p) = cur {
            if out.contains(&p) {
                break;
            }
            out.push(p);
            cur = self.rows.get(p).and_then(|r| r.parent);
        }
        out
    }
}

/// A numeric target (Biểu 01 cell).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Target {
    pub table: String,
    pub row: Option<String>,
    pub program: Option<String>,
    pub category: Option<Category>,
    pub indicator: String,
    pub unit: Option<String>,
    pub year: Option<i32>,
    pub value: f64,
    pub row_kind: RowKind,
    pub derived: bool,
    /// Header of the column the figure was printed in ("Năm 2018"), so a
    /// reader of the flat tables can tell the columns apart without the JSON.
    pub column: Option<String>,
    /// True when a reviewer's correction (`--corrections`) replaced a value.
    #[serde(default)]
    pub corrected: bool,
    /// The printed value the correction replaced (same type as the field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected_from: Option<serde_json::Value>,
    pub provenance: Provenance,
}

/// A money figure in integer đồng.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Amount {
    pub table: String,
    pub row: Option<String>,
    pub program: Option<String>,
    pub category: Option<Category>,
    pub label: String,
    pub source: Option<FundingSource>,
    pub year: Option<i32>,
    pub amount_vnd: i128,
    pub raw: String,
    pub unit: Option<String>,
    pub row_kind: RowKind,
    pub derived: bool,
    /// Header of the column the figure was printed in ("Năm 2016 / KCQG").
    pub column: Option<String>,
    /// True for the one statement of this money that sums may count (see
    /// `map::counted`): a document states the same money in several
    /// tables, and summing all of them overstates it.
    pub counted: bool,
    /// True when a reviewer's correction (`--corrections`) replaced a value.
    #[serde(default)]
    pub corrected: bool,
    /// The printed value the correction replaced (same type as the field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected_from: Option<serde_json::Value>,
    pub provenance: Provenance,
}

/// A row of a project (đề án) table.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Project {
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
    /// True when a reviewer's correction (`--corrections`) replaced a value.
    #[serde(default)]
    pub corrected: bool,
    /// The printed value the correction replaced (same type as the field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected_from: Option<serde_json::Value>,
    pub provenance: Provenance,
}

/// Which arithmetic or consistency rule a check applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    RowTotal,
    ColumnTotal,
    SectionTotal,
    GrandTotal,
    WordsVsFigures,
    TextVsTable,
}

/// Outcome of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Ok,
    Mismatch,
    /// A missing cell was pinned by the arithmetic and emitted as derived.
    Inferred,
}

/// A cell a check compares: the total under test or one of its parts, so a
/// reviewer can be shown exactly which printed figures disagree.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckCell {
    /// Row id of the cell (as in the facts).
    pub row: Option<String>,
    /// Header of its column.
    pub column: String,
    /// Page and document line of its row.
    pub page: Option<u32>,
    pub line: Option<u32>,
    /// Index of the cell on its line (`tables[].cells[].col`); `None` when derived.
    pub col: Option<usize>,
    /// The figure as printed (or derived).
    pub raw: String,
    /// Its box on the page (PDF inputs).
    pub bbox: Option<BBox>,
    /// True for the total under test, false for a part.
    pub total: bool,
}

/// One arithmetic or consistency check.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Check {
    pub table: Option<String>,
    pub row: Option<String>,
    pub kind: CheckKind,
    /// The printed figure under test (đồng for money, the target's unit otherwise).
    pub expected: Option<f64>,
    /// What the parts, the words or the prose give.
    pub found: Option<f64>,
    pub status: CheckStatus,
    pub message: String,
    /// The cells compared (arithmetic checks within a table; empty otherwise).
    #[serde(default)]
    pub cells: Vec<CheckCell>,
}

/// Stage that raised a warning or error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Read,
    Extract,
    Normalize,
    Tables,
    Map,
    Check,
    Output,
}

/// Something a person should know about how a value was read (OCR repair,
/// ambiguous column, …).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Warning {
    pub stage: Stage,
    pub message: String,
}

/// The document as it flows through the stages.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    pub doc_id: String,
    pub source: Source,
    pub pages: Vec<Page>,
    pub meta: DocumentMeta,
    pub tables: Vec<Table>,
    pub targets: Vec<Target>,
    pub amounts: Vec<Amount>,
    pub projects: Vec<Project>,
    pub checks: Vec<Check>,
    pub warnings: Vec<Warning>,
}

impl Document {
    /// A document fresh from extraction, before any later stage ran.
    pub fn new(doc_id: String, source: Source, pages: Vec<Page>) -> Self {
        Document {
            doc_id,
            source,
            pages,
            meta: DocumentMeta::default(),
            tables: Vec::new(),
            targets: Vec::new(),
            amounts: Vec::new(),
            projects: Vec::new(),
            checks: Vec::new(),
            warnings: Vec::new(),
        }
    }
    /// All lines in reading order.
    pub fn lines(&self) -> impl Iterator<Item = &Line> {
        self.pages.iter().flat_map(|p| p.lines.iter())
    }
    /// Records a warning.
    pub fn warn(&mut self, stage: Stage, message: impl Into<String>) {
        self.warnings.push(Warning { stage, message: message.into() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn decimal_arithmetic_is_exact() {
        let a = Decimal { units: 2963455, scale: 3 };
        let b = Decimal::int(4800);
        assert_eq!(a.add(b), Decimal { units: 7763455, scale: 3 });
        assert_eq!(Decimal { units: 541125, scale: 3 }.times_int(1_000_000), Some(541_125_000));
        assert_eq!(Decimal { units: 5, scale: 1 }.times_int(1), None);
        assert!(Decimal { units: 1200, scale: 2 }.same(Decimal::int(12)));
        assert_eq!(Decimal { units: 188330, scale: 3 }.to_string(), "188.33");
    }
}
