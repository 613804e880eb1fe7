//! Requirement coverage: which cases check each requirement, and which requirements none does.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::result::Level;
use crate::spec::Catalogue;

/// `{"requirements": N, "covered": N, "uncovered": [ids], "levels": {...}}` as
/// `coverage --json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageSummary {
    pub requirements: usize,
    pub covered: usize,
    pub uncovered: Vec<String>,
    /// The same figures for each level. A core requirement counts as covered only by a core
    /// case: a case that also relies on an extended fact does not decide a core verdict.
    pub levels: BTreeMap<Level, LevelCoverage>,
}

/// The coverage of one level's requirements.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LevelCoverage {
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
    // Which requirements a case of each level cites.
    let mut cited: BTreeMap<Level, std::collections::BTreeSet<&str>> = BTreeMap::new();
    for case in &catalogue.cases {
        let set = cited.entry(case.level).or_default();
        set.extend(case.spec.requirements.iter().map(String::as_str));
    }
    let mut levels: BTreeMap<Level, LevelCoverage> = [Level::Core, Level::Extended]
        .into_iter()
        .map(|l| (l, LevelCoverage::default()))
        .collect();
    for requirement in &catalogue.requirements {
        let entry = levels.entry(requirement.level).or_default();
        entry.requirements += 1;
        if cited
            .get(&requirement.level)
            .is_some_and(|set| set.contains(requirement.id.as_str()))
        {
            entry.covered += 1;
        } else {
            entry.uncovered.push(requirement.id.clone());
        }
    }
    CoverageSummary {
        requirements: catalogue.requirements.len(),
        covered: catalogue.requirements.len() - uncovered.len(),
        uncovered,
        levels,
    }
}
