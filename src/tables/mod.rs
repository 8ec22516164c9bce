//! stage tables (placeholder)
