//! What the batch writer keeps of each document as it writes it, so that
//! [`finish`](super::BatchWriter::finish) assembles the combined tables
//! without parsing every JSON file again.
//!
//! Per document, the spool holds its rows already flattened: the documents
//! row (completed with the batch's context at the end), the CSV bytes of its
//! rows of each fact table, and its fact rows in the SQLite stage (a
//! document written twice leaves its first rows there, unused). The one
//! thing the batch as a whole can still change in them is a duplicate copy's
//! `counted` ([`CLEARED_FOR_DUPLICATES`]): the CSV cells that would change are
//! located as the rows are rendered, the stage's are cleared by the copy.
//! A document of the folder that this run did not write (`--resume`, `merge`,
//! an earlier run's leftovers) is read from its JSON and spooled at the end,
//! so every document takes the same road to the combined tables.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::atomic::AtomicPath;
use super::csv::CsvChunk;
use super::decisions::decision_key;
use super::error::OutputError;
use super::json::DocJson;
use super::rows::{self, DocContext, Field, TableSpec, CLEARED_FOR_DUPLICATES, FACT_TABLES};
use super::sqlite::StageDb;
use crate::model::{CheckStatus, SourceKind};

/// A spooled document, as kept in memory: where its record is and what
/// deciding the copies of its decision needs (a few hundred bytes, so a
/// batch of 100,000 documents keeps memory flat).
#[derive(Debug)]
pub struct Spooled {
    /// Offset of the document's record in the spool file.
    at: u64,
    pub sha256: String,
    pub decision_key: Option<String>,
    pub kind: SourceKind,
    pub file: String,
    /// Per fact table, the first and last rowid of its rows in the stage.
    pub staged: [Option<(i64, i64)>; 6],
}

/// The head of a document's record in the spool file; its CSV chunks follow.
#[derive(Serialize, Deserialize)]
struct RecordHead {
    /// The documents row, without the batch's context.
    document: Vec<Value>,
    /// Rows per fact table ([`FACT_TABLES`] order) and checks that mismatch.
    counts: [usize; 7],
    /// Byte length of the CSV chunk of each fact table.
    chunks: Vec<usize>,
    /// Offsets in the chunk of [`CLEARED_FOR_DUPLICATES`]'s table where that
    /// column's cell reads `,true`.
    cleared_if_duplicate: Vec<usize>,
}

/// One spooled document read back: its counts, its documents row and, per
/// fact table, its CSV chunk.
pub struct Record {
    head: RecordHead,
    bytes: Vec<u8>,
}

impl Record {
    /// Rows of each fact table ([`FACT_TABLES`] order).
    pub fn rows(&self, table: usize) -> usize {
        self.head.counts.get(table).copied().unwrap_or(0)
    }

    /// Checks with status mismatch.
    pub fn mismatches(&self) -> usize {
        self.head.counts[6]
    }

    /// The documents row completed with the batch's context.
    pub fn document_row<'a>(&'a self, ctx: &'a DocContext) -> Vec<Field<'a>> {
        let mut row: Vec<Field<'a>> = self.head.document.iter().map(field_of).collect();
        rows::set_context(&mut row, ctx);
        row
    }

    /// Hands the document's CSV rows to `write` as (fact table, bytes), in
    /// [`FACT_TABLES`] order, with `counted` cleared for a duplicate copy.
    pub fn write_csv(
        &self,
        duplicate: bool,
        mut write: impl FnMut(&'static TableSpec, &[u8]) -> Result<(), OutputError>,
    ) -> Result<(), OutputError> {
        let mut start = 0;
        for (spec, len) in FACT_TABLES.iter().zip(&self.head.chunks) {
            let chunk = self.bytes.get(start..start + len).unwrap_or_default();
            start += len;
            if !duplicate || spec.name != CLEARED_FOR_DUPLICATES.0 {
                write(spec, chunk)?;
                continue;
            }
            let mut from = 0;
            for &at in &self.head.cleared_if_duplicate {
                write(spec, chunk.get(from..at).unwrap_or_default())?;
                write(spec, b",false")?;
                from = at + ",true".len();
            }
            write(spec, chunk.get(from..).unwrap_or_default())?;
        }
        Ok(())
    }
}

/// A JSON value of a stored documents row as the field it was.
fn field_of(v: &Value) -> Field<'_> {
    match v {
        Value::Null => Field::Null,
        Value::Bool(b) => Field::Bool(*b),
        Value::Number(n) => Field::Num(n.clone()),
        Value::String(s) => Field::Text(s.as_str().into()),
        other => Field::Text(other.to_string().into()),
    }
}

/// A field of a documents row as JSON, to be stored in the spool.
fn value_of(f: &Field<'_>) -> Value {
    match f {
        Field::Null => Value::Null,
        Field::Text(s) => Value::String(s.to_string()),
        Field::Int(i) => Value::from(*i),
        Field::Num(n) => Value::Number(n.clone()),
        Field::Bool(b) => Value::Bool(*b),
    }
}

/// The spool of one batch.
pub struct Spool {
    excel: bool,
    csv: bool,
    file: AtomicPath,
    out: BufWriter<File>,
    len: u64,
    stage: Option<StageDb>,
    docs: HashMap<Box<str>, Spooled>,
}

impl Spool {
    /// A fresh spool in the work folder `work_dir`: CSV chunks when `csv`
    /// (rendered for Excel when `excel`), a SQLite stage when `sqlite`.
    pub fn create(work_dir: &Path, csv: bool, sqlite: bool, excel: bool) -> Result<Spool, OutputError> {
        let (file, f) = AtomicPath::reserve(&work_dir.join("spool"))?;
        let stage = if sqlite { Some(StageDb::create(work_dir)?) } else { None };
        Ok(Spool { excel, csv, file, out: BufWriter::new(f), len: 0, stage, docs: HashMap::new() })
    }

    fn path(&self) -> PathBuf {
        self.file.temp_path().to_path_buf()
    }

    /// Whether `doc_id` has been spooled.
    pub fn contains(&self, doc_id: &str) -> bool {
        self.docs.contains_key(doc_id)
    }

    /// The spooled document `doc_id`.
    pub fn get(&self, doc_id: &str) -> Option<&Spooled> {
        self.docs.get(doc_id)
    }

    /// Flattens one document into the spool (a document spooled before
    /// under the same doc_id is replaced).
    pub fn add(&mut self, d: &DocJson) -> Result<(), OutputError> {
        let ctx = DocContext::default();
        let document: Vec<Value> = rows::document_row(d, &ctx).iter().map(value_of).collect();
        let mismatches = d.checks.iter().filter(|c| c.status == CheckStatus::Mismatch).count();
        let counts = [d.tables.len(), d.targets.len(), d.amounts.len(), d.projects.len(), d.checks.len(), d.warnings.len(), mismatches];
        let mut chunks = vec![0usize; FACT_TABLES.len()];
        let mut bytes = Vec::new();
        let mut cleared_if_duplicate = Vec::new();
        let mut chunk = CsvChunk::new(self.excel);
        let mut current = 0usize;
        let path = self.path();
        let csv_err = |e: ::csv::Error| OutputError::io("render CSV rows for", &path, std::io::Error::other(e.to_string()));
        let (csv, stage) = (self.csv, self.stage.as_ref());
        let mut staged = [None; 6];
        // where the cell a duplicate copy clears stands in its table's rows
        let cleared_col = FACT_TABLES
            .iter()
            .find(|t| t.name == CLEARED_FOR_DUPLICATES.0)
            .and_then(|t| t.columns.iter().position(|c| c.name == CLEARED_FOR_DUPLICATES.1));
        rows::fact_rows(d, &ctx, |spec, row| -> Result<(), OutputError> {
            let k = FACT_TABLES.iter().position(|t| t.name == spec.name).unwrap_or(0);
            if csv {
                if k != current {
                    let done = chunk.take().map_err(csv_err)?;
                    chunks[current] = done.len();
                    bytes.extend_from_slice(&done);
                    current = k;
                }
                let mark = if spec.name == CLEARED_FOR_DUPLICATES.0 { cleared_col } else { None };
                let at = chunk.row(&row, mark).map_err(csv_err)?;
                if let (Some(at), Some(k)) = (at, mark) {
                    if matches!(row.get(k), Some(Field::Bool(true))) {
                        cleared_if_duplicate.push(at);
                    }
                }
            }
            if let Some(stage) = stage {
                let rowid = stage.insert(spec, &row)?;
                let range = staged[k].get_or_insert((rowid, rowid));
                range.1 = rowid;
            }
            Ok(())
        })?;
        if csv {
            let done = chunk.take().map_err(csv_err)?;
            chunks[current] = done.len();
            bytes.extend_from_slice(&done);
        }
        let head = RecordHead { document, counts, chunks, cleared_if_duplicate };
        let head = serde_json::to_vec(&head).map_err(|e| OutputError::Json { path: self.path(), source: e })?;
        let at = self.len;
        let head_len = u32::try_from(head.len()).unwrap_or(u32::MAX).to_le_bytes();
        let body_len = (bytes.len() as u64).to_le_bytes();
        for part in [&head_len[..], &body_len[..], &head, &bytes] {
            self.out.write_all(part).map_err(|e| OutputError::io("write", self.file.temp_path(), e))?;
        }
        self.len += (head_len.len() + body_len.len() + head.len() + bytes.len()) as u64;
        let spooled = Spooled {
            at,
            sha256: d.source.sha256.clone(),
            decision_key: decision_key(&d.document),
            kind: d.source.kind,
            file: d.source.file.clone(),
            staged,
        };
        self.docs.insert(d.doc_id.as_str().into(), spooled);
        Ok(())
    }

    /// Ends the writing: the records can be read back with the returned
    /// reader, and the stage (if any) is closed for the combined database
    /// to attach.
    pub fn close(self) -> Result<(SpoolReader, Option<AtomicPath>), OutputError> {
        let Spool { file, out, stage, docs, .. } = self;
        let f = out.into_inner().map_err(|e| OutputError::io("write", file.temp_path(), e.into_error()))?;
        drop(f);
        let reader = File::open(file.temp_path()).map_err(|e| OutputError::io("read", file.temp_path(), e))?;
        let stage = match stage {
            Some(s) => Some(s.close()?),
            None => None,
        };
        Ok((SpoolReader { file, reader, docs }, stage))
    }
}

/// The spool once written, read back document by document in any order.
pub struct SpoolReader {
    file: AtomicPath,
    reader: File,
    docs: HashMap<Box<str>, Spooled>,
}

impl SpoolReader {
    /// The spooled document `doc_id` and its record, `None` when it was not spooled.
    pub fn record(&mut self, doc_id: &str) -> Result<Option<(&Spooled, Record)>, OutputError> {
        let Some(at) = self.docs.get(doc_id).map(|s| s.at) else { return Ok(None) };
        let path = self.file.temp_path().to_path_buf();
        let io = |e| OutputError::io("read", &path, e);
        self.reader.seek(SeekFrom::Start(at)).map_err(io)?;
        let mut lens = [0u8; 12];
        self.reader.read_exact(&mut lens).map_err(io)?;
        let head_len = u32::from_le_bytes([lens[0], lens[1], lens[2], lens[3]]) as usize;
        let body_len = u64::from_le_bytes([lens[4], lens[5], lens[6], lens[7], lens[8], lens[9], lens[10], lens[11]]) as usize;
        let mut head = vec![0u8; head_len];
        self.reader.read_exact(&mut head).map_err(io)?;
        let head: RecordHead = serde_json::from_slice(&head).map_err(|e| OutputError::Json { path: path.clone(), source: e })?;
        let mut bytes = vec![0u8; body_len];
        self.reader.read_exact(&mut bytes).map_err(io)?;
        Ok(self.docs.get(doc_id).map(|s| (s, Record { head, bytes })))
    }
}
