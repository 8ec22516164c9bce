//! Vietnamese words and writing every stage matches, in one place: the
//! legacy font encodings (TCVN3, VNI) of `legacy.rs` and the shape of a
//! syllable (`syllable.rs`).

pub(crate) mod legacy;
mod syllable;

pub use syllable::is_syllable;
