//! `trichxuat.sqlite`: the combined tables in one SQLite file for SQL across
//! provinces. Written into a temporary file inside one transaction and renamed
//! into place, so readers never see a half-built database.

use std::path::{Path, PathBuf};

use rusqlite::types::{ToSql, ToSqlOutput, Value as SqlValue};
use rusqlite::Connection;

use super::atomic::AtomicPath;
use super::error::OutputError;
use super::rows::{Field, TableSpec, CLEARED_FOR_DUPLICATES, DOCUMENTS, ERRORS, FACT_TABLES};

/// File name of the combined database.
pub const SQLITE_FILE: &str = "trichxuat.sqlite";

impl ToSql for Field<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Field::Null => ToSqlOutput::Owned(SqlValue::Null),
            Field::Text(s) => ToSqlOutput::Borrowed(rusqlite::types::ValueRef::Text(s.as_bytes())),
            Field::Int(i) => ToSqlOutput::Owned(SqlValue::Integer(*i)),
            Field::Bool(b) => ToSqlOutput::Owned(SqlValue::Integer(i64::from(*b))),
            // An integer beyond i64 (an amount over 2^63 đồng) is kept exact as
            // its decimal digits in a BLOB: text would be turned into a float
            // by the INTEGER column's affinity.
            Field::Num(n) => match (n.as_i64(), n.as_f64()) {
                (Some(i), _) => ToSqlOutput::Owned(SqlValue::Integer(i)),
                (None, Some(f)) if n.is_f64() => ToSqlOutput::Owned(SqlValue::Real(f)),
                _ => ToSqlOutput::Owned(SqlValue::Blob(n.to_string().into_bytes())),
            },
        })
    }
}

fn quote(id: &str) -> String {
    format!("\"{}\"", id.replace('"', "\"\""))
}

fn create_sql(spec: &TableSpec) -> String {
    let cols: Vec<String> =
        spec.columns.iter().map(|c| format!("{} {} {}", quote(c.name), c.ty.sql(), c.constraint).trim_end().to_string()).collect();
    format!("CREATE TABLE {} ({});", quote(spec.name), cols.join(", "))
}

fn insert_sql(spec: &TableSpec) -> String {
    let marks: Vec<String> = (1..=spec.columns.len()).map(|i| format!("?{i}")).collect();
    format!("INSERT INTO {} VALUES ({})", quote(spec.name), marks.join(", "))
}

/// Copies rowids `?1..=?2` of `spec`'s table from the attached stage, with
/// [`CLEARED_FOR_DUPLICATES`] cleared when `?3` (a duplicate copy) holds.
fn copy_sql(spec: &TableSpec) -> String {
    let cols: Vec<String> = spec
        .columns
        .iter()
        .map(|c| if (spec.name, c.name) == CLEARED_FOR_DUPLICATES { format!("({} AND NOT ?3)", quote(c.name)) } else { quote(c.name) })
        .collect();
    let t = quote(spec.name);
    format!("INSERT INTO main.{t} SELECT {} FROM stage.{t} WHERE rowid BETWEEN ?1 AND ?2", cols.join(", "))
}

/// Inserts one row with a cached statement.
fn insert_into(conn: &Connection, inserts: &[(&'static str, String)], spec: &TableSpec, row: &[Field<'_>]) -> rusqlite::Result<()> {
    let built;
    let sql = match inserts.iter().find(|(n, _)| *n == spec.name) {
        Some((_, sql)) => sql,
        None => {
            built = insert_sql(spec);
            &built
        }
    };
    conn.prepare_cached(sql)?.execute(rusqlite::params_from_iter(row.iter()))?;
    Ok(())
}

/// The fact rows of a batch as its documents are written, in the order they
/// come, in a database of their own in the work folder: the combined
/// database copies each document's rows, by their rowids, in doc_id order at
/// the end (in C, rather than the rows being bound one by one after the
/// run). The tables are the combined ones without constraints; amounts keep
/// each document's own `counted`, cleared for duplicate copies by the copy.
/// The file is removed when the stage is dropped.
pub struct StageDb {
    conn: Connection,
    path: AtomicPath,
    inserts: Vec<(&'static str, String)>,
}

impl StageDb {
    /// A fresh stage in `work_dir`, with its one transaction open.
    pub fn create(work_dir: &Path) -> Result<StageDb, OutputError> {
        let (path, file) = AtomicPath::reserve(&work_dir.join("stage.sqlite"))?;
        drop(file);
        let err = |e| OutputError::Sqlite { path: path.temp_path().to_path_buf(), source: e };
        let conn = Connection::open(path.temp_path()).map_err(err)?;
        let mut ddl = String::from("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;\n");
        for spec in FACT_TABLES {
            let cols: Vec<String> = spec.columns.iter().map(|c| format!("{} {}", quote(c.name), c.ty.sql())).collect();
            ddl.push_str(&format!("CREATE TABLE {} ({});", quote(spec.name), cols.join(", ")));
        }
        ddl.push_str("BEGIN;");
        conn.execute_batch(&ddl).map_err(err)?;
        let inserts = FACT_TABLES.iter().map(|spec| (spec.name, insert_sql(spec))).collect();
        Ok(StageDb { conn, path, inserts })
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> OutputError + '_ {
        |e| OutputError::Sqlite { path: self.path.temp_path().to_path_buf(), source: e }
    }

    /// Stages one fact row; returns its rowid in the stage.
    pub fn insert(&self, spec: &TableSpec, row: &[Field<'_>]) -> Result<i64, OutputError> {
        insert_into(&self.conn, &self.inserts, spec, row).map_err(self.err())?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Commits and closes the stage; the file stays until the returned path is dropped.
    pub fn close(self) -> Result<AtomicPath, OutputError> {
        let StageDb { conn, path, .. } = self;
        let err = |e| OutputError::Sqlite { path: path.temp_path().to_path_buf(), source: e };
        conn.execute_batch("COMMIT;").map_err(err)?;
        conn.close().map_err(|(_, e)| err(e))?;
        Ok(path)
    }
}

/// The database being built in a temporary file.
pub struct SqliteSink {
    conn: Connection,
    path: AtomicPath,
    target: PathBuf,
    /// INSERT statement text per table name.
    inserts: Vec<(&'static str, String)>,
    /// CREATE INDEX statements, run just before the commit.
    indexes: String,
    /// Stage-to-table copy statement text per fact table name.
    copies: Vec<(&'static str, String)>,
    /// The attached stage, removed once the database is sealed.
    stage: Option<AtomicPath>,
}

impl SqliteSink {
    /// Creates the schema in a fresh temporary database beside `dir/trichxuat.sqlite`
    /// and opens the one transaction all rows go into; `stage` (a closed
    /// [`StageDb`]) is attached for [`SqliteSink::copy_staged`].
    pub fn create(dir: &Path, stage: Option<AtomicPath>) -> Result<SqliteSink, OutputError> {
        let target = dir.join(SQLITE_FILE);
        let (path, file) = AtomicPath::reserve(&target)?;
        drop(file);
        let err = |e| OutputError::Sqlite { path: target.clone(), source: e };
        let conn = Connection::open(path.temp_path()).map_err(err)?;
        if let Some(stage) = &stage {
            // ATTACH is refused inside a transaction: before BEGIN.
            conn.execute("ATTACH DATABASE ?1 AS stage", [stage.temp_path().to_string_lossy()]).map_err(err)?;
        }
        // The REFERENCES are declared for readers; not enforced while building,
        // where every fact row is copied right after its document's row.
        let mut ddl = String::from("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;\n");
        ddl.push_str(&create_sql(&DOCUMENTS));
        for spec in FACT_TABLES {
            ddl.push_str(&create_sql(spec));
        }
        ddl.push_str(&create_sql(&ERRORS));
        // Indexes are built after the rows are in (one sort each rather than
        // a B-tree update per row).
        let mut indexes = String::from("CREATE INDEX documents_province ON documents(province);");
        indexes.push_str("CREATE INDEX documents_date ON documents(date);");
        for spec in FACT_TABLES {
            let t = spec.name;
            indexes.push_str(&format!("CREATE INDEX {t}_doc_id ON {t}(doc_id);"));
            indexes.push_str(&format!("CREATE INDEX {t}_province ON {t}(province);"));
            if spec.names().any(|n| n == "year") {
                indexes.push_str(&format!("CREATE INDEX {t}_year ON {t}(year);"));
            }
        }
        ddl.push_str("BEGIN;");
        conn.execute_batch(&ddl).map_err(err)?;
        let inserts = std::iter::once(&DOCUMENTS)
            .chain(FACT_TABLES)
            .chain(std::iter::once(&ERRORS))
            .map(|spec| (spec.name, insert_sql(spec)))
            .collect();
        let copies = FACT_TABLES.iter().map(|spec| (spec.name, copy_sql(spec))).collect();
        Ok(SqliteSink { conn, path, target, inserts, indexes, copies, stage })
    }

    /// Inserts one row into `spec`'s table.
    pub fn insert(&self, spec: &TableSpec, row: &[Field<'_>]) -> Result<(), OutputError> {
        insert_into(&self.conn, &self.inserts, spec, row).map_err(|e| OutputError::Sqlite { path: self.target.clone(), source: e })
    }

    /// Copies one document's rows of `spec`'s table from the attached stage
    /// (rowids `first..=last`, where [`StageDb::insert`] put them); for a
    /// duplicate copy, [`CLEARED_FOR_DUPLICATES`] is cleared on the way.
    pub fn copy_staged(&self, spec: &TableSpec, (first, last): (i64, i64), duplicate: bool) -> Result<(), OutputError> {
        let err = |e| OutputError::Sqlite { path: self.target.clone(), source: e };
        let built;
        let sql = match self.copies.iter().find(|(n, _)| *n == spec.name) {
            Some((_, sql)) => sql,
            None => {
                built = copy_sql(spec);
                &built
            }
        };
        let mut stmt = self.conn.prepare_cached(sql).map_err(err)?;
        let clears = spec.name == CLEARED_FOR_DUPLICATES.0;
        let done =
            if clears { stmt.execute(rusqlite::params![first, last, duplicate]) } else { stmt.execute(rusqlite::params![first, last]) };
        done.map_err(err)?;
        Ok(())
    }

    /// Builds the indexes, commits the transaction, closes the database and
    /// removes the stage; the returned path renames the database into place
    /// ([`AtomicPath::commit`]).
    pub fn seal(self) -> Result<AtomicPath, OutputError> {
        let SqliteSink { conn, path, target, indexes, stage, .. } = self;
        let err = |e| OutputError::Sqlite { path: target.clone(), source: e };
        conn.execute_batch(&indexes).map_err(err)?;
        conn.execute_batch("COMMIT;").map_err(err)?;
        conn.close().map_err(|(_, e)| err(e))?;
        drop(stage);
        Ok(path)
    }
}
