//! `--format parquet`: one `<table>.parquet` per combined table, typed the
//! way the column dictionary says (int64 đồng, nullable int64 years, booleans,
//! UTF-8 text), for DuckDB `read_parquet`, pandas, polars and Spark without a
//! dtype map. Rows are buffered a batch at a time, so memory stays flat in the
//! number of documents; each file is written under a temporary name and
//! renamed into place like every other output.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{ArrayBuilder, BooleanBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field as ArrowField, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;

use super::atomic::AtomicFile;
use super::error::OutputError;
use super::rows::{ColumnSpec, ColumnType, Field, TableSpec};

/// Rows buffered before a record batch is written.
const BATCH_ROWS: usize = 8192;

/// The Arrow type of a combined column.
fn arrow_type(ty: ColumnType) -> DataType {
    match ty {
        ColumnType::Text => DataType::Utf8,
        ColumnType::Int => DataType::Int64,
        ColumnType::Real => DataType::Float64,
        ColumnType::Bool => DataType::Boolean,
    }
}

fn nullable(c: &ColumnSpec) -> bool {
    !(c.constraint.contains("NOT NULL") || c.constraint.contains("PRIMARY KEY"))
}

/// The Arrow schema of a combined table.
pub fn arrow_schema(spec: &TableSpec) -> SchemaRef {
    Arc::new(Schema::new(spec.columns.iter().map(|c| ArrowField::new(c.name, arrow_type(c.ty), nullable(c))).collect::<Vec<_>>()))
}

/// One column being filled.
enum Builder {
    Text(StringBuilder),
    Int(Int64Builder),
    Real(Float64Builder),
    Bool(BooleanBuilder),
}

impl Builder {
    fn new(ty: ColumnType) -> Builder {
        match ty {
            ColumnType::Text => Builder::Text(StringBuilder::new()),
            ColumnType::Int => Builder::Int(Int64Builder::new()),
            ColumnType::Real => Builder::Real(Float64Builder::new()),
            ColumnType::Bool => Builder::Bool(BooleanBuilder::new()),
        }
    }

    /// Appends a cell converted to the column's type (a value that does not
    /// convert is null, never a guess).
    fn push(&mut self, f: &Field<'_>) {
        match self {
            Builder::Text(b) => match f {
                Field::Null => b.append_null(),
                Field::Text(s) => b.append_value(s),
                Field::Int(i) => b.append_value(i.to_string()),
                Field::Num(n) => b.append_value(n.to_string()),
                Field::Bool(v) => b.append_value(if *v { "true" } else { "false" }),
            },
            Builder::Int(b) => b.append_option(match f {
                Field::Int(i) => Some(*i),
                Field::Num(n) => n.as_i64(),
                Field::Bool(v) => Some(i64::from(*v)),
                Field::Text(s) => s.parse().ok(),
                Field::Null => None,
            }),
            Builder::Real(b) => b.append_option(match f {
                Field::Int(i) => Some(*i as f64),
                Field::Num(n) => n.as_f64(),
                Field::Text(s) => s.parse().ok(),
                Field::Bool(_) | Field::Null => None,
            }),
            Builder::Bool(b) => b.append_option(match f {
                Field::Bool(v) => Some(*v),
                Field::Int(i) => Some(*i != 0),
                _ => None,
            }),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Text(b) => Arc::new(b.finish()),
            Builder::Int(b) => Arc::new(b.finish()),
            Builder::Real(b) => Arc::new(b.finish()),
            Builder::Bool(b) => Arc::new(b.finish()),
        }
    }

    fn len(&self) -> usize {
        match self {
            Builder::Text(b) => b.len(),
            Builder::Int(b) => b.len(),
            Builder::Real(b) => b.len(),
            Builder::Bool(b) => b.len(),
        }
    }
}

/// One `<table>.parquet` being written to a temporary file.
pub struct ParquetTable {
    writer: ArrowWriter<AtomicFile>,
    schema: SchemaRef,
    builders: Vec<Builder>,
    path: PathBuf,
}

fn parquet_err(path: &Path, e: impl std::fmt::Display) -> OutputError {
    OutputError::io("write Parquet", path, std::io::Error::other(e.to_string()))
}

impl ParquetTable {
    /// Starts `dir/<spec.name>.parquet`.
    pub fn create(dir: &Path, spec: &TableSpec) -> Result<ParquetTable, OutputError> {
        let path = dir.join(format!("{}.parquet", spec.name));
        let file = AtomicFile::create(&path)?;
        let schema = arrow_schema(spec);
        let writer = ArrowWriter::try_new(file, schema.clone(), None).map_err(|e| parquet_err(&path, e))?;
        let builders = spec.columns.iter().map(|c| Builder::new(c.ty)).collect();
        Ok(ParquetTable { writer, schema, builders, path })
    }

    /// Appends one row (as many fields as the table has columns).
    pub fn write(&mut self, row: &[Field<'_>]) -> Result<(), OutputError> {
        if row.len() != self.builders.len() {
            return Err(parquet_err(&self.path, format!("row of {} fields for {} columns", row.len(), self.builders.len())));
        }
        for (b, f) in self.builders.iter_mut().zip(row) {
            b.push(f);
        }
        if self.builders.first().map_or(0, Builder::len) >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), OutputError> {
        if self.builders.first().map_or(0, Builder::len) == 0 {
            return Ok(());
        }
        let columns: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), columns).map_err(|e| parquet_err(&self.path, e))?;
        self.writer.write(&batch).map_err(|e| parquet_err(&self.path, e))
    }

    /// Writes the last rows and the footer, then renames the file into place.
    pub fn commit(mut self) -> Result<(), OutputError> {
        self.flush()?;
        let file = self.writer.into_inner().map_err(|e| parquet_err(&self.path, e))?;
        file.commit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::rows::{AMOUNTS, ERRORS};
    use parquet::file::reader::{FileReader, SerializedFileReader};

    #[test]
    fn typed_columns_and_every_row_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = ParquetTable::create(dir.path(), &ERRORS).unwrap();
        for i in 0..(BATCH_ROWS + 5) {
            t.write(&[Field::Text(format!("f{i}").into()), Field::Text("read".into()), Field::Text("e".into())]).unwrap();
        }
        assert!(t.write(&[Field::Null]).is_err(), "a short row is refused");
        t.commit().unwrap();
        let f = std::fs::File::open(dir.path().join("errors.parquet")).unwrap();
        let r = SerializedFileReader::new(f).unwrap();
        assert_eq!(r.metadata().file_metadata().num_rows(), (BATCH_ROWS + 5) as i64);
        let schema = arrow_schema(&AMOUNTS);
        let ty = |n: &str| schema.field_with_name(n).unwrap().data_type().clone();
        assert_eq!(ty("amount_vnd"), DataType::Int64);
        assert_eq!(ty("year"), DataType::Int64);
        assert!(schema.field_with_name("year").unwrap().is_nullable());
        assert_eq!(ty("counted"), DataType::Boolean);
        assert_eq!(ty("program"), DataType::Utf8);
        assert_eq!(ty("confidence"), DataType::Float64);
    }
}
