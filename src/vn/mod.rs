//! Vietnamese words and writing every stage matches, in one place: the
//! legacy font encodings (TCVN3, VNI) of `legacy.rs`, the shape of a
//! syllable (`syllable.rs`), row numbers (`tt.rs`) and the words of totals
//! and funding sources (`words.rs`).

pub(crate) mod legacy;
mod syllable;
pub(crate) mod tt;
pub(crate) mod words;

pub use syllable::is_syllable;
