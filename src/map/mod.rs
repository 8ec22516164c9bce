//! Stage 4: schema mapping — document metadata from the prose, and facts
//! (targets, amounts, projects) from the recovered tables, each with its
//! category, programme, unit and provenance.

pub(crate) mod category;
pub(crate) mod counted;
pub(crate) mod facts;
pub(crate) mod meta;

use crate::model::Document;

pub use facts::map_facts;

/// Fills `doc.meta` from the document's lines (header, title, Căn cứ, signature).
pub fn map_meta(doc: &mut Document) {
    // Metadata lives in the prose and in the two-column blocks of the header
    // and the signature ("ỦY BAN NHÂN DÂN\tCỘNG HÒA …", "Nơi nhận:\tKT. CHỦ
    // TỊCH"), which come as lines of two cells; wider table rows only cost time.
    let lines: Vec<&crate::model::Line> =
        doc.lines().filter(|l| !l.tabular || l.cells.iter().filter(|c| !c.text.trim().is_empty()).count() <= 2).collect();
    let (meta, warnings) = meta::document_meta(&lines);
    doc.meta = meta;
    doc.warnings.extend(warnings);
}
