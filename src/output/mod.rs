//! stage output (temporary placeholder until the output stage lands)
use crate::model::Document;
use serde_json::json;

/// Temporary contract JSON.
pub fn document_json(doc: &Document) -> serde_json::Value {
    json!({
        "schema_version": "1",
        "doc_id": doc.doc_id,
        "source": doc.source,
        "document": {
            "province": doc.meta.province, "number": doc.meta.number, "type": doc.meta.doc_type,
            "date": doc.meta.date, "period": doc.meta.period, "signer": doc.meta.signer,
            "legal_bases": doc.meta.legal_bases, "title": doc.meta.title, "issuer": doc.meta.issuer, "place": doc.meta.place,
        },
        "tables": doc.tables.iter().map(|t| json!({"id": t.id, "kind": t.kind, "title": t.title, "unit": t.unit, "pages": t.pages,
            "columns": t.columns.iter().map(|c| c.header.clone()).collect::<Vec<_>>(), "rows": t.rows.len()})).collect::<Vec<_>>(),
        "targets": doc.targets, "amounts": doc.amounts, "projects": doc.projects, "checks": doc.checks, "warnings": doc.warnings,
    })
}
