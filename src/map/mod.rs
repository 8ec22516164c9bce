//! stage map (placeholder)
