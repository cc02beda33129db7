//! `leipzig bench --quick`: the performance report's command runs end to
//! end in seconds, so it cannot rot between the (manual) full runs. Only
//! the report's shape is checked; numbers are never asserted.

mod common;

use common::ok_json;
use serde_json::Value;

#[test]
fn the_quick_bench_reports_every_item_with_numbers() {
    let report = ok_json(&["bench", "--quick", "--json"]);
    assert_eq!(report["quick"], Value::Bool(true));
    assert!(report["machine"]["cpus"].as_u64().is_some_and(|n| n >= 1), "{report}");
    let rows = report["rows"].as_array().expect("rows");
    for item in [1, 2, 3, 4, 6] {
        assert!(rows.iter().any(|r| r["item"] == item), "item {item} missing: {report}");
    }
    for row in rows {
        let value = row["value"].as_f64().expect("value");
        assert!(value.is_finite() && value > 0.0, "{row}");
        // Targets are shown but never judged on small sizes.
        if let Some(target) = row.get("target") {
            assert_eq!(target["met"], Value::Null, "{row}");
        }
    }
    let compared: Vec<&Value> = rows.iter().filter(|r| r.get("compared").is_some()).collect();
    assert!(
        compared.iter().any(|r| r["compared"]["with"] == "whole-cache JSON"),
        "the home screen is compared with the whole-cache approach: {report}"
    );
}
