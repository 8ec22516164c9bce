//! Stage 5: checks — every printed total against its parts, totals in words
//! against figures, figures quoted in the prose against the tables.
//! Mismatches are reported, never corrected.

pub(crate) mod arith;
pub(crate) mod prose;

use crate::model::Document;

/// Adds arithmetic and consistency checks (and derived cells) to `doc`, then
/// re-maps facts so that derived cells appear as amounts.
pub fn check_document(doc: &mut Document) {
    let mut checks = Vec::new();
    for t in doc.tables.iter_mut() {
        arith::table_checks(t, &mut checks);
    }
    prose::prose_checks(doc, &mut checks);
    doc.checks.extend(checks);
}
