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

/// How the coverage matrix names the stateful phase (its cases are generated per seed).
pub const STATEFUL_ROW: &str = "stateful/* (the stateful phase)";

/// Requirement id → the scenarios (`family/case id`) citing it, in catalogue order, then the
/// stateful phase for the requirements its checks judge.
pub fn coverage(catalogue: &Catalogue) -> BTreeMap<String, Vec<String>> {
    let mut map = scenario_coverage(catalogue);
    for requirement in crate::stateful::check::CHECKED {
        if let Some(cases) = map.get_mut(*requirement) {
            cases.push(STATEFUL_ROW.to_string());
        }
    }
    map
}

/// Requirement id → the scenarios citing it: what `coverage --check` counts (the stateful
/// phase judges requirements that scenarios cover too; it does not stand in for them).
fn scenario_coverage(catalogue: &Catalogue) -> BTreeMap<String, Vec<String>> {
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
    let map = scenario_coverage(catalogue);
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

/// What a run with one profile could exercise, worked out before anything is sent
/// (`coverage --profile`): which cases the gate ([`crate::exec::gate`]) would let run against a
/// target that shows every object the profile names ([`crate::offline::promised_world`]), and so
/// which requirements those cases exercise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileCoverage {
    /// The profile's `name`.
    pub profile: String,
    /// Expanded cases in the catalogue.
    pub cases: usize,
    /// Cases the gate would let run.
    pub runnable: usize,
    pub levels: BTreeMap<Level, LevelExercise>,
    /// Settings that would each, added alone, make requirements exercisable, most first.
    pub unlocks: Vec<Unlock>,
}

/// One level's requirements under a profile. As for coverage, a requirement counts only through
/// a case of its own level.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LevelExercise {
    pub requirements: usize,
    pub exercisable: usize,
    /// `exercisable` out of `requirements`, in percent, one decimal.
    pub percent: f64,
    /// The requirements no runnable case exercises, with what would run one of their cases.
    pub blocked: Vec<BlockedRequirement>,
}

/// A requirement the profile cannot exercise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlockedRequirement {
    pub id: String,
    /// Alternatives, each the fewest profile settings that would let one of its cases run
    /// (none: no case of its level cites it).
    pub unlock: Vec<Vec<String>>,
}

/// A profile setting and the requirements it would make exercisable on its own, per level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unlock {
    pub setting: String,
    pub core: usize,
    pub extended: usize,
}

/// The requirements `profile` lets `catalogue` exercise, and what would unlock the rest.
pub fn profile_coverage(
    catalogue: &Catalogue,
    profile: &crate::profile::Profile,
) -> ProfileCoverage {
    let worlds: BTreeMap<Level, crate::discovery::World> = [Level::Core, Level::Extended]
        .into_iter()
        .map(|level| (level, crate::offline::promised_world(profile, level)))
        .collect();
    // Requirement id → the blocker sets of the cases of its level that cite it.
    let mut citing: BTreeMap<&str, Vec<Vec<String>>> = BTreeMap::new();
    let level_of: BTreeMap<&str, Level> = catalogue
        .requirements
        .iter()
        .map(|r| (r.id.as_str(), r.level))
        .collect();
    let mut runnable = 0;
    for case in &catalogue.cases {
        let blockers: Vec<String> =
            crate::exec::gate::blockers(profile, &worlds[&case.level], case)
                .iter()
                .map(|b| b.unlock())
                .collect();
        if blockers.is_empty() {
            runnable += 1;
        }
        for requirement in &case.spec.requirements {
            if level_of.get(requirement.as_str()) == Some(&case.level) {
                citing
                    .entry(requirement.as_str())
                    .or_default()
                    .push(blockers.clone());
            }
        }
    }
    let mut levels: BTreeMap<Level, LevelExercise> = [Level::Core, Level::Extended]
        .into_iter()
        .map(|l| (l, LevelExercise::default()))
        .collect();
    let mut unlocks: BTreeMap<String, Unlock> = BTreeMap::new();
    for requirement in &catalogue.requirements {
        let level = levels.entry(requirement.level).or_default();
        level.requirements += 1;
        let sets = citing
            .get(requirement.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        if sets.iter().any(Vec::is_empty) {
            level.exercisable += 1;
            continue;
        }
        let fewest = sets.iter().map(Vec::len).min().unwrap_or(0);
        let mut unlock: Vec<Vec<String>> = Vec::new();
        for set in sets.iter().filter(|set| set.len() == fewest) {
            let mut set = set.clone();
            set.sort();
            if !unlock.contains(&set) {
                unlock.push(set);
            }
        }
        level.blocked.push(BlockedRequirement {
            id: requirement.id.clone(),
            unlock,
        });
        let alone: std::collections::BTreeSet<&String> = sets
            .iter()
            .filter(|set| set.len() == 1)
            .map(|set| &set[0])
            .collect();
        for setting in alone {
            let entry = unlocks.entry(setting.clone()).or_insert_with(|| Unlock {
                setting: setting.clone(),
                core: 0,
                extended: 0,
            });
            match requirement.level {
                Level::Core => entry.core += 1,
                Level::Extended => entry.extended += 1,
            }
        }
    }
    for level in levels.values_mut() {
        level.percent = percent(level.exercisable, level.requirements);
    }
    let mut unlocks: Vec<Unlock> = unlocks.into_values().collect();
    unlocks.sort_by(|a, b| {
        (b.core, b.extended)
            .cmp(&(a.core, a.extended))
            .then_with(|| a.setting.cmp(&b.setting))
    });
    ProfileCoverage {
        profile: profile.name.clone(),
        cases: catalogue.cases.len(),
        runnable,
        levels,
        unlocks,
    }
}

/// `part` of `whole` in percent, rounded to one decimal (0 of 0 is 0).
fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    (part as f64 * 1000.0 / whole as f64).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_matrix_shows_the_stateful_phase_under_requirements_of_the_catalogue() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        let catalogue = crate::spec::load_catalogue(&root).expect("the catalogue loads");
        let map = coverage(&catalogue);
        for requirement in crate::stateful::check::CHECKED {
            let rows = map
                .get(*requirement)
                .unwrap_or_else(|| panic!("{requirement} is not in requirements.yaml"));
            assert_eq!(rows.last().map(String::as_str), Some(STATEFUL_ROW));
        }
        // The phase counts for no requirement that no scenario covers.
        assert_eq!(summary(&catalogue).uncovered, Vec::<String>::new());
        assert!(!map["EXT-FIELD-ID"].contains(&STATEFUL_ROW.to_string()));
    }
}
