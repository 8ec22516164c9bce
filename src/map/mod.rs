//! Stage 4: schema mapping — document metadata from the prose, and facts
//! (targets, amounts, projects) from the recovered tables, each with its
//! category, programme, unit and provenance.

pub mod category;
pub mod counted;
pub mod facts;
pub mod meta;

use crate::model::Document;

/// Fills `doc.meta` from the document's lines (header, title, Căn cứ, signature).
pub fn map_meta(doc: &mut Document) {
    // Metadata lives in the prose; table rows only cost time here.
    let lines: Vec<&crate::model::Line> = doc.lines().filter(|l| !l.tabular).collect();
    let (meta, warnings) = meta::document_meta(&lines);
    doc.meta = meta;
    doc.warnings.extend(warnings);
}
