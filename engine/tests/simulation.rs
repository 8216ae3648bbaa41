//! Black-box tests of the engine through its simulation harness: every selector × estimator ×
//! stopping rule runs to completion, and a statistical recovery test that can genuinely fail.

use tremplin_engine::bank::ItemBank;
use tremplin_engine::estimation::EstimatorConfig;
use tremplin_engine::selection::SelectorConfig;
use tremplin_engine::session::{AdaptiveSession, SessionConfig};
use tremplin_engine::simulation::{self, ProfileSimOptions};
use tremplin_engine::stopping::StopConfig;
use tremplin_engine::{Scored, StopRule};

fn bench_bank(name: &str) -> ItemBank {
    let path = format!("{}/bench/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("benchmark bank");
    let (_, params) = simulation::parse_bank_csv(&text, &path).expect("valid bank");
    ItemBank::new(params).unwrap()
}

fn bench_population() -> Vec<f64> {
    let path = format!(
        "{}/bench/data/population_normal_1000.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    simulation::parse_population_csv(&std::fs::read_to_string(&path).unwrap(), &path).unwrap()
}

#[test]
fn every_selector_estimator_and_stop_rule_combination_runs_a_valid_test() {
    let bank = bench_bank("bank_3pl_500.csv");
    let pop = simulation::normal_population(40, 0.0, 1.0, 11).unwrap();
    let exposure = simulation::calibrate_sympson_hetter(
        &bank,
        &pop,
        &SessionConfig::new(StopConfig::Length(10)),
        0.3,
        3,
        2,
    )
    .unwrap();
    let selectors = [
        SelectorConfig::Mfi,
        SelectorConfig::Randomesque { k: 5 },
        SelectorConfig::SympsonHetter { exposure },
        SelectorConfig::Progressive,
        SelectorConfig::Random,
    ];
    let estimators = [
        EstimatorConfig::Eap,
        EstimatorConfig::Map,
        EstimatorConfig::Mle,
        EstimatorConfig::Wle,
    ];
    let stops = [
        StopConfig::Length(12),
        StopConfig::Any(vec![StopConfig::Se(0.4), StopConfig::MaxItems(25)]),
        StopConfig::precision(0.5, 5, 15),
    ];
    for selection in &selectors {
        for &estimation in &estimators {
            for stop in &stops {
                let mut config = SessionConfig::new(stop.clone());
                config.selection = selection.clone();
                config.estimation = estimation;
                let report = simulation::simulate(&bank, &pop, &config, 7, 0.4, |_| {}).unwrap();
                let label = format!("{selection:?} {estimation:?} {stop:?}")
                    .chars()
                    .take(120)
                    .collect::<String>();
                assert!(
                    report.rmse.is_finite() && report.rmse < 1.5,
                    "{label}: rmse {}",
                    report.rmse
                );
                assert!(
                    report.mean_length >= 1.0
                        && report.mean_length <= stop.max_length().unwrap() as f64,
                    "{label}"
                );
                if let StopConfig::Length(l) = stop {
                    assert_eq!(report.mean_length, *l as f64, "{label}");
                }
                assert!(
                    report.max_exposure <= 1.0 && report.unused_share < 1.0,
                    "{label}"
                );
            }
        }
    }
}

#[test]
fn eap_with_maximum_information_recovers_abilities() {
    // 1000 examinees, 30 items: the oracle floor here is about 0.26 (2PL), a broken estimator
    // or selector lands far above 0.35.
    let bank = bench_bank("bank_2pl_500.csv");
    let pop = bench_population();
    let report = simulation::simulate(
        &bank,
        &pop,
        &SessionConfig::new(StopConfig::Length(30)),
        1,
        0.3,
        |_| {},
    )
    .unwrap();
    assert!(report.rmse < 0.35, "rmse {}", report.rmse);
    assert!(report.bias.abs() < 0.05, "bias {}", report.bias);
    // The reported posterior SD must be an honest account of the error.
    assert!(
        (0.85..1.15).contains(&report.se_rmse_ratio),
        "SE/RMSE {}",
        report.se_rmse_ratio
    );
}

#[test]
fn adaptive_selection_beats_random_selection() {
    let bank = bench_bank("bank_3pl_500.csv");
    let pop = bench_population();
    let adaptive = simulation::simulate(
        &bank,
        &pop,
        &SessionConfig::new(StopConfig::Length(15)),
        3,
        0.3,
        |_| {},
    )
    .unwrap();
    let mut random = SessionConfig::new(StopConfig::Length(15));
    random.selection = SelectorConfig::Random;
    let random = simulation::simulate(&bank, &pop, &random, 3, 0.3, |_| {}).unwrap();
    assert!(
        adaptive.rmse < 0.85 * random.rmse,
        "adaptive {} vs random {}",
        adaptive.rmse,
        random.rmse
    );
}

#[test]
fn the_hierarchical_profile_beats_independent_estimates() {
    let opts = ProfileSimOptions {
        competences: 8,
        items_per_competence: 20,
        correlation: 0.7,
        length: 24,
        examinees: 300,
        seed: 5,
        guessing: false,
    };
    let r = simulation::simulate_profile(&opts, |_| {}).unwrap();
    assert!(
        r.mean_rmse_hierarchical < 0.85 * r.mean_rmse_independent,
        "{} vs {}",
        r.mean_rmse_hierarchical,
        r.mean_rmse_independent
    );
    assert!(
        (0.8..1.2).contains(&(r.rms_se_hierarchical / r.mean_rmse_hierarchical)),
        "reported SE {} vs RMSE {}",
        r.rms_se_hierarchical,
        r.mean_rmse_hierarchical
    );
}

#[test]
fn a_session_driven_by_hand_matches_the_simulator_contract() {
    let bank = bench_bank("bank_2pl_500.csv");
    let config = SessionConfig::new(StopConfig::precision(0.3, 5, 50));
    let mut s = AdaptiveSession::new(&bank, config.clone(), 42).unwrap();
    let truth = 0.8;
    let mut k = 0u64;
    while let Some(item) = s.next_item() {
        k += 1;
        // A deterministic "examinee": correct when the item is easier than their ability.
        let correct = bank.params(item).b() < truth || k.is_multiple_of(7);
        s.record(Scored { item, correct }).unwrap();
    }
    assert!(s.estimate().se < 0.3 || s.responses().len() == 50);
    assert!(
        (s.estimate().theta - truth).abs() < 0.6,
        "{:?}",
        s.estimate()
    );
    let again = AdaptiveSession::rebuild(&bank, config, 42, s.responses()).unwrap();
    assert_eq!(again.estimate(), s.estimate());
    assert!(again.is_done());
}
