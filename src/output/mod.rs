//! stage output (placeholder)
