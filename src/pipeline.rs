//! Runs the stages for one file and for a batch (placeholder).
