//! stage map (placeholder)
pub mod meta;
