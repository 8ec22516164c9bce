//! stage map (placeholder)
pub mod category;
