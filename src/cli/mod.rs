//! The command line, the face of the tool for people.

pub mod progress;
