//! Stage 2: Vietnamese normalisation (placeholder).
