//! Money units (placeholder implementation).

/// A money unit a table or phrase is printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyUnit {
    Dong,
    Nghin,
    Trieu,
    Ty,
}

impl MoneyUnit {
    /// Đồng per unit.
    pub fn vnd(self) -> i128 {
        match self {
            MoneyUnit::Dong => 1,
            MoneyUnit::Nghin => 1_000,
            MoneyUnit::Trieu => 1_000_000,
            MoneyUnit::Ty => 1_000_000_000,
        }
    }
}

/// Finds a unit line ("ĐVT: Triệu đồng") and returns the unit and its printed name.
pub fn parse_unit(s: &str) -> Option<(MoneyUnit, String)> {
    let f = super::fold(s);
    let u = if f.contains("trieu dong") {
        MoneyUnit::Trieu
    } else if f.contains("ngan dong") || f.contains("nghin dong") {
        MoneyUnit::Nghin
    } else if f.contains("ty dong") {
        MoneyUnit::Ty
    } else if f.contains("dong") {
        MoneyUnit::Dong
    } else {
        return None;
    };
    let name = match u {
        MoneyUnit::Trieu => "triệu đồng",
        MoneyUnit::Nghin => if f.contains("nghin") { "nghìn đồng" } else { "ngàn đồng" },
        MoneyUnit::Ty => "tỷ đồng",
        MoneyUnit::Dong => "đồng",
    };
    Some((u, name.to_string()))
}

/// Money phrases in prose ("7.763,445 triệu đồng") with their value in đồng.
pub fn find_money_phrases(_s: &str) -> Vec<(std::ops::Range<usize>, i128)> {
    Vec::new()
}
