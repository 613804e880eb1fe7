//! Requirement coverage: which cases check each requirement, and which requirements none does.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::spec::Catalogue;

/// `{"requirements": N, "covered": N, "uncovered": [ids]}` as `coverage --json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageSummary {
    pub requirements: usize,
    pub covered: usize,
    pub uncovered: Vec<String>,
}

/// Requirement id → the scenarios (`family/case id`) citing it, in catalogue order.
pub fn coverage(catalogue: &Catalogue) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = catalogue
        .requirements
        .iter()
        .map(|r| (r.id.clone(), Vec::new()))
        .collect();
    for case in &catalogue.cases {
        let scenario = format!("{}/{}", case.family, case.spec.id);
        for requirement in &case.spec.requirements {
            let cases = map.entry(requirement.clone()).or_default();
            if !cases.contains(&scenario) {
                cases.push(scenario.clone());
            }
        }
    }
    map
}

pub fn summary(catalogue: &Catalogue) -> CoverageSummary {
    let map = coverage(catalogue);
    let uncovered: Vec<String> = catalogue
        .requirements
        .iter()
        .filter(|r| map.get(&r.id).is_none_or(Vec::is_empty))
        .map(|r| r.id.clone())
        .collect();
    CoverageSummary {
        requirements: catalogue.requirements.len(),
        covered: catalogue.requirements.len() - uncovered.len(),
        uncovered,
    }
}
