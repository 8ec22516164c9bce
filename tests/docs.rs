//! The shipped documentation stays true: the column dictionary is what the
//! generator makes from the code and the schema, every schema field is
//! described, and `docs/contract.md` is the contract the project implements.

mod common;
use common::root;

fn bless() -> bool {
    std::env::var_os("TRICHXUAT_BLESS").is_some()
}

#[test]
fn column_dictionary_is_up_to_date() {
    let schema = std::fs::read_to_string(root().join("schemas/document.schema.json")).unwrap();
    let want = trichxuat::output::columns_markdown(&schema);
    let path = root().join("docs/columns.md");
    if bless() {
        std::fs::write(&path, &want).unwrap();
    }
    let got = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(got == want, "docs/columns.md is stale: regenerate with TRICHXUAT_BLESS=1 cargo test --release --test docs");
    for col in ["`counted`", "`decision_key`", "`duplicate_of`", "`table_id`", "`column_header`", "`warnings`"] {
        assert!(want.contains(col), "{col} missing");
    }
}

#[test]
fn every_schema_field_has_a_description() {
    let schema: serde_json::Value = serde_json::from_slice(&std::fs::read(root().join("schemas/document.schema.json")).unwrap()).unwrap();
    let missing = trichxuat::output::undescribed_fields(&schema);
    assert!(missing.is_empty(), "fields without a description: {missing:?}");
}

#[test]
fn shipped_contract_is_the_shared_one() {
    let shipped = std::fs::read_to_string(root().join("docs/contract.md")).unwrap();
    assert!(shipped.contains("Adding up without counting twice"));
    // A clone on its own has no ../shared; where it exists the two are identical.
    let shared = root().join("../shared/CONTRACT.md");
    if let Ok(text) = std::fs::read_to_string(&shared) {
        assert!(text == shipped, "docs/contract.md differs from {}: copy it over", shared.display());
    }
}
