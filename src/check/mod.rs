//! stage check (placeholder)
