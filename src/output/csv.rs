//! The combined CSV files: UTF-8, RFC 4180 (CRLF, quotes where needed), header
//! first. Plain CSV holds the data exactly as read (pandas, DuckDB and R read
//! "- Quyết định …" as printed); only CSV meant for Excel (`--excel`) gets a
//! BOM and text cells that a spreadsheet would run as a formula defused with a
//! leading `'`.

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

use super::atomic::AtomicFile;
use super::error::OutputError;
use super::rows::{Field, TableSpec};

/// Characters that make a spreadsheet read a cell as a formula (or shift it).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell made safe to open in a spreadsheet: prefixed with `'` when it
/// starts like a formula ("=…", "+…", "-…", "@…", tab, CR). Numbers never pass
/// through here, so negative figures stay numbers.
pub fn escape_formula(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some(c) if FORMULA_STARTS.contains(&c) => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// How a typed field is written in CSV: empty for null, `true`/`false`,
/// numbers as JSON prints them, text as read (formula-guarded for Excel).
pub fn csv_cell<'a>(f: &'a Field<'a>, excel: bool) -> Cow<'a, str> {
    match f {
        Field::Null => Cow::Borrowed(""),
        Field::Text(s) if excel => escape_formula(s),
        Field::Text(s) => Cow::Borrowed(s),
        Field::Int(i) => Cow::Owned(i.to_string()),
        Field::Num(n) => Cow::Owned(n.to_string()),
        Field::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
    }
}

/// The CSV dialect of every combined table: comma, quotes where needed, CRLF.
fn dialect() -> ::csv::WriterBuilder {
    let mut b = ::csv::WriterBuilder::new();
    b.terminator(::csv::Terminator::CRLF);
    b
}

/// Rows rendered in memory exactly as [`CsvTable`] writes them, so that the
/// batch writer can render a document's rows as it writes the document and
/// `finish` only copies bytes.
pub struct CsvChunk {
    writer: ::csv::Writer<Vec<u8>>,
    excel: bool,
}

impl CsvChunk {
    /// An empty chunk; `excel` as for [`CsvTable::create`].
    pub fn new(excel: bool) -> CsvChunk {
        CsvChunk { writer: dialect().from_writer(Vec::new()), excel }
    }

    /// Appends one row. With `mark`, returns the byte offset in the chunk
    /// where that column's cell starts (its delimiter included), so the cell
    /// can be rewritten later without parsing the chunk.
    pub fn row(&mut self, row: &[Field<'_>], mark: Option<usize>) -> Result<Option<usize>, ::csv::Error> {
        let mut at = None;
        for (k, f) in row.iter().enumerate() {
            if Some(k) == mark {
                self.writer.flush()?;
                at = Some(self.writer.get_ref().len());
            }
            self.writer.write_field(csv_cell(f, self.excel).as_bytes())?;
        }
        self.writer.write_record(std::iter::empty::<&[u8]>())?;
        Ok(at)
    }

    /// Appends one record of plain text (a header).
    fn record(&mut self, fields: &[&str]) -> Result<(), ::csv::Error> {
        self.writer.write_record(fields)
    }

    /// The bytes rendered so far; the chunk starts empty again.
    pub fn take(&mut self) -> Result<Vec<u8>, ::csv::Error> {
        let full = std::mem::replace(&mut self.writer, dialect().from_writer(Vec::new()));
        full.into_inner().map_err(|e| ::csv::Error::from(e.into_error()))
    }
}

/// One combined CSV being written to a temporary file.
pub struct CsvTable {
    file: AtomicFile,
    chunk: CsvChunk,
    path: std::path::PathBuf,
}

impl CsvTable {
    /// Starts `dir/<spec.name>.csv` (as a temporary file) with its header
    /// row; `excel` adds the BOM and the formula guard.
    pub fn create(dir: &Path, spec: &TableSpec, excel: bool) -> Result<CsvTable, OutputError> {
        let path = dir.join(format!("{}.csv", spec.name));
        let file = AtomicFile::create(&path)?;
        let mut t = CsvTable { file, chunk: CsvChunk::new(excel), path };
        if excel {
            t.write_rendered("\u{feff}".as_bytes())?;
        }
        let header: Vec<&str> = spec.names().collect();
        t.chunk.record(&header).map_err(|e| OutputError::Csv { path: t.path.clone(), source: e })?;
        t.flush_chunk()?;
        Ok(t)
    }

    fn flush_chunk(&mut self) -> Result<(), OutputError> {
        let bytes = self.chunk.take().map_err(|e| OutputError::Csv { path: self.path.clone(), source: e })?;
        self.write_rendered(&bytes)
    }

    /// Appends one row.
    pub fn write(&mut self, row: &[Field<'_>]) -> Result<(), OutputError> {
        self.chunk.row(row, None).map_err(|e| OutputError::Csv { path: self.path.clone(), source: e })?;
        self.flush_chunk()
    }

    /// Appends rows rendered by a [`CsvChunk`] of the same `excel` setting.
    pub fn write_rendered(&mut self, bytes: &[u8]) -> Result<(), OutputError> {
        self.file.write_all(bytes).map_err(|e| OutputError::io("write", &self.path, e))
    }

    /// Hands every row written to the kernel (before a sync of the folder).
    pub fn flush(&mut self) -> Result<(), OutputError> {
        self.file.flush().map_err(|e| OutputError::io("write", &self.path, e))
    }

    /// Flushes and renames the file into place.
    pub fn commit(self) -> Result<(), OutputError> {
        self.file.commit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::rows::ERRORS;

    #[test]
    fn formula_like_text_is_escaped_numbers_are_not() {
        assert_eq!(escape_formula("=SUM(A1:A9)"), "'=SUM(A1:A9)");
        assert_eq!(escape_formula("+84 912"), "'+84 912");
        assert_eq!(escape_formula("- Số đại biểu"), "'- Số đại biểu");
        assert_eq!(escape_formula("@cmd"), "'@cmd");
        assert_eq!(escape_formula("\tx"), "'\tx");
        assert_eq!(escape_formula("Tổng cộng"), "Tổng cộng");
        assert_eq!(escape_formula(""), "");
        assert_eq!(csv_cell(&Field::Int(-5), true), "-5");
        assert_eq!(csv_cell(&Field::Num(serde_json::Number::from(-700)), true), "-700");
        assert_eq!(csv_cell(&Field::Text("-700".into()), true), "'-700");
        assert_eq!(csv_cell(&Field::Text("-700".into()), false), "-700");
        assert_eq!(csv_cell(&Field::Text("- Quyết định".into()), false), "- Quyết định");
        assert_eq!(csv_cell(&Field::Null, false), "");
    }

    #[test]
    fn bom_and_crlf_and_quoting() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = CsvTable::create(dir.path(), &ERRORS, true).unwrap();
        t.write(&[Field::Text("a,b.pdf".into()), Field::Text("read".into()), Field::Text("line1\n\"q\"".into())]).unwrap();
        t.commit().unwrap();
        let bytes = std::fs::read(dir.path().join("errors.csv")).unwrap();
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
        let s = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(s, "file,stage,error\r\n\"a,b.pdf\",read,\"line1\n\"\"q\"\"\"\r\n");

        let mut t = CsvTable::create(dir.path(), &ERRORS, false).unwrap();
        t.write(&[Field::Text("x".into()), Field::Text("read".into()), Field::Text("e".into())]).unwrap();
        t.commit().unwrap();
        let bytes = std::fs::read(dir.path().join("errors.csv")).unwrap();
        assert!(bytes.starts_with(b"file,stage,error\r\n"));
    }
}
