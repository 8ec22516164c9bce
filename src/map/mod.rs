//! Stage 4: schema mapping — document metadata from the prose, and facts
//! (targets, amounts, projects) from the recovered tables, each with its
//! category, programme, unit and provenance.

pub mod category;
pub mod facts;

use crate::model::Document;

/// Fills `doc.meta` from the prose.
pub fn map_meta(_doc: &mut Document) {}
