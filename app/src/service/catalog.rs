//! The item bank as the engine sees it: live items numbered 0..n, each loading on one of the
//! 16 competences, plus the framework (names, cut scores) and the stopping configuration.

use std::{collections::HashMap, path::Path};

use anyhow::{Context, anyhow};
use tremplin_bank::Bank;
use tremplin_engine::{
    irt::ItemParams,
    levels::CutScores,
    profile::{ProfileBank, ProfileConfig, ProfileItem},
};

/// The stopping rule of the citizen path: the engine's profile defaults (every competence's SE
/// under the target, at least `min_per_competence` items each, at most 48 items). The mean
/// length measured with the simulator is in README.md.
pub fn citizen_config() -> ProfileConfig {
    ProfileConfig {
        max_items: 48,
        ..ProfileConfig::default()
    }
}

/// Everything the assessment service needs from the bank, built once at start-up.
pub struct Catalog {
    pub bank: Bank,
    /// Live item ids; the position is the engine's item index.
    pub items: Vec<String>,
    index: HashMap<String, usize>,
    pub profile_bank: ProfileBank,
    pub config: ProfileConfig,
    pub cuts: CutScores,
}

impl Catalog {
    /// Loads and validates the bank in `dir`.
    pub fn load(dir: &Path) -> anyhow::Result<Self> {
        let bank = Bank::load(dir)
            .map_err(|e| anyhow!("the item bank in {} is invalid:\n{e}", dir.display()))?;
        Self::from_bank(bank, citizen_config())
    }

    /// Numbers the live items and builds the engine's view of them.
    pub fn from_bank(bank: Bank, config: ProfileConfig) -> anyhow::Result<Self> {
        let framework = bank.framework();
        let competence_index: HashMap<&str, usize> = framework
            .competences
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.as_str(), i))
            .collect();
        let mut items = Vec::new();
        let mut profile_items = Vec::new();
        for item in bank.live() {
            let competence = *competence_index
                .get(item.competence().as_str())
                .with_context(|| format!("item {} names an unknown competence", item.id()))?;
            let p = item.params();
            let params = ItemParams::new(p.a, p.b, p.c, p.d)
                .map_err(|e| anyhow!("item {}: invalid IRT parameters: {e}", item.id()))?;
            items.push(item.id().to_owned());
            profile_items.push(ProfileItem { params, competence });
        }
        let profile_bank = ProfileBank::new(profile_items, framework.competences.len())
            .map_err(|e| anyhow!("cannot build the engine's bank: {e}"))?;
        let cuts = CutScores::new(framework.cut_scores())
            .map_err(|e| anyhow!("invalid cut scores: {e}"))?;
        let index = items
            .iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i))
            .collect();
        Ok(Self {
            bank,
            items,
            index,
            profile_bank,
            config,
            cuts,
        })
    }

    /// Engine index of a live item.
    pub fn index_of(&self, item_id: &str) -> Option<usize> {
        self.index.get(item_id).copied()
    }
}
