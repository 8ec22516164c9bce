//! `trichxuat.sqlite`: the combined tables in one SQLite file for SQL across
//! provinces. Written into a temporary file inside one transaction and renamed
//! into place, so readers never see a half-built database.

use std::path::{Path, PathBuf};

use rusqlite::types::{ToSql, ToSqlOutput, Value as SqlValue};
use rusqlite::Connection;

use super::atomic::AtomicPath;
use super::error::OutputError;
use super::rows::{Field, TableSpec, DOCUMENTS, ERRORS, FACT_TABLES};

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

/// The database being built in a temporary file.
pub struct SqliteSink {
    conn: Connection,
    path: AtomicPath,
    target: PathBuf,
    /// INSERT statement text per table name.
    inserts: Vec<(&'static str, String)>,
    /// CREATE INDEX statements, run just before the commit.
    indexes: String,
}

impl SqliteSink {
    /// Creates the schema in a fresh temporary database beside `dir/trichxuat.sqlite`
    /// and opens the one transaction all rows go into.
    pub fn create(dir: &Path) -> Result<SqliteSink, OutputError> {
        let target = dir.join(SQLITE_FILE);
        let (path, file) = AtomicPath::reserve(&target)?;
        drop(file);
        let err = |e| OutputError::Sqlite { path: target.clone(), source: e };
        let conn = Connection::open(path.temp_path()).map_err(err)?;
        let mut ddl = String::from("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = ON;\n");
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
        Ok(SqliteSink { conn, path, target, inserts, indexes })
    }

    /// Inserts one row into `spec`'s table.
    pub fn insert(&self, spec: &TableSpec, row: &[Field<'_>]) -> Result<(), OutputError> {
        let err = |e| OutputError::Sqlite { path: self.target.clone(), source: e };
        let built;
        let sql = match self.inserts.iter().find(|(n, _)| *n == spec.name) {
            Some((_, sql)) => sql,
            None => {
                built = insert_sql(spec);
                &built
            }
        };
        let mut stmt = self.conn.prepare_cached(sql).map_err(err)?;
        stmt.execute(rusqlite::params_from_iter(row.iter())).map_err(err)?;
        Ok(())
    }

    /// Commits the transaction, closes the database and renames it into place.
    pub fn commit(self) -> Result<(), OutputError> {
        let SqliteSink { conn, path, target, indexes, .. } = self;
        let err = |e| OutputError::Sqlite { path: target.clone(), source: e };
        conn.execute_batch(&indexes).map_err(err)?;
        conn.execute_batch("COMMIT;").map_err(err)?;
        conn.close().map_err(|(_, e)| err(e))?;
        path.commit()
    }
}
