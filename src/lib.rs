//! trichxuat: Vietnamese khuyến công decisions and plans → structured data.
//!
//! Stages, each a module with a narrow surface, all reading and enriching one
//! [`model::Document`]:
//! [`extract`] (text, PDF text layer, OCR) → [`normalize`] (NFC, numbers, dates,
//! units, words) → [`tables`] (table and row recovery) → [`map`] (metadata and
//! facts) → [`check`] (arithmetic and consistency) → [`output`] (JSON, CSV, SQLite).
//! [`pipeline`] runs them for one file or a batch.

pub mod check;
pub mod corrections;
pub mod error;
pub mod extract;
pub mod map;
pub mod model;
pub mod normalize;
pub mod output;
pub mod pipeline;
pub mod report;
pub mod reread;
pub mod tables;
mod vn;
pub mod worker;
