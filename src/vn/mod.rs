//! Vietnamese words and writing every stage matches, in one place: today the
//! legacy font encodings (TCVN3, VNI) of `legacy.rs`.

pub(crate) mod legacy;
