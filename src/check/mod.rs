//! Stage 5: checks — every printed total against its parts, totals in words
//! against figures, figures quoted in the prose against the tables.
//! Mismatches are reported, never corrected.

pub(crate) mod arith;
pub(crate) mod prose;

use crate::model::{Document, Stage};

/// Adds arithmetic and consistency checks (and derived cells) to `doc`, then
/// re-maps facts so that derived cells appear as amounts.
pub fn check_document(doc: &mut Document) {
    // run again (after corrections), its own warnings are said anew
    doc.warnings.retain(|w| w.stage != Stage::Check);
    let mut checks = Vec::new();
    let mut unchecked = Vec::new();
    for t in doc.tables.iter_mut() {
        unchecked.extend(arith::table_checks(t, &mut checks));
    }
    for w in unchecked {
        doc.warn(Stage::Check, w);
    }
    prose::prose_checks(doc, &mut checks);
    doc.checks.extend(checks);
}

#[cfg(test)]
mod tests;
