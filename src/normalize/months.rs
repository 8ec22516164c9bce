//! Months and quarters (placeholder).

/// Start and end month from "Tháng 5 - 11/2023", "Quý II/2023", "Quý I - IV", "5".
pub fn parse_months(_s: &str) -> Option<(u32, u32)> {
    None
}
