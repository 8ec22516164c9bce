//! Dates (placeholder).

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// ISO 8601.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Parses one date ("ngày 26 tháng 02 năm 2015", "26/02/2015").
pub fn parse_date(_s: &str) -> Option<Date> {
    None
}

/// Every date in a text with its byte offset.
pub fn find_dates(_s: &str) -> Vec<(std::ops::Range<usize>, Date)> {
    Vec::new()
}
