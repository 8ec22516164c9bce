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

/// One combined CSV being written to a temporary file.
pub struct CsvTable {
    writer: ::csv::Writer<AtomicFile>,
    path: std::path::PathBuf,
    excel: bool,
}

impl CsvTable {
    /// Starts `dir/<spec.name>.csv` (as a temporary file) with its header
    /// row; `excel` adds the BOM and the formula guard.
    pub fn create(dir: &Path, spec: &TableSpec, excel: bool) -> Result<CsvTable, OutputError> {
        let path = dir.join(format!("{}.csv", spec.name));
        let mut file = AtomicFile::create(&path)?;
        if excel {
            file.write_all("\u{feff}".as_bytes()).map_err(|e| OutputError::io("write", &path, e))?;
        }
        let writer = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(file);
        let mut t = CsvTable { writer, path, excel };
        let header: Vec<&str> = spec.names().collect();
        t.writer.write_record(&header).map_err(|e| OutputError::Csv { path: t.path.clone(), source: e })?;
        Ok(t)
    }

    /// Appends one row.
    pub fn write(&mut self, row: &[Field<'_>]) -> Result<(), OutputError> {
        self.writer
            .write_record(row.iter().map(|f| csv_cell(f, self.excel).into_owned()))
            .map_err(|e| OutputError::Csv { path: self.path.clone(), source: e })
    }

    /// Flushes and renames the file into place.
    pub fn commit(self) -> Result<(), OutputError> {
        let CsvTable { writer, path, .. } = self;
        let file = writer.into_inner().map_err(|e| OutputError::io("write", &path, std::io::Error::other(e.to_string())))?;
        file.commit()
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
