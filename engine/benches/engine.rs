//! Criterion benchmarks of the engine's hot paths (`make bench`; figures in README.md).

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tremplin_engine::Scored;
use tremplin_engine::bank::ItemBank;
use tremplin_engine::estimation::EstimatorConfig;
use tremplin_engine::profile::{ProfileBank, ProfileConfig, ProfileItem, ProfileSession};
use tremplin_engine::session::{AdaptiveSession, SessionConfig};
use tremplin_engine::simulation;
use tremplin_engine::stopping::StopConfig;

fn bank(name: &str) -> ItemBank {
    let path = format!("{}/bench/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let (_, params) =
        simulation::parse_bank_csv(&std::fs::read_to_string(&path).unwrap(), &path).unwrap();
    ItemBank::new(params).unwrap()
}

/// A session estimating with `estimation` after `n` responses of a fixed (mixed) pattern, to bench
/// the step that follows.
fn warmed<'b>(bank: &'b ItemBank, estimation: EstimatorConfig, n: usize) -> AdaptiveSession<'b> {
    let config = SessionConfig {
        estimation,
        ..SessionConfig::new(StopConfig::Length(60))
    };
    let mut s = AdaptiveSession::new(bank, config, 1).unwrap();
    for k in 0..n {
        let item = s.next_item().unwrap();
        s.record(Scored {
            item,
            correct: k % 3 != 0,
        })
        .unwrap();
    }
    s
}

/// One adaptive step (select the next item, record a correct answer, re-estimate) from `base`.
fn bench_step(c: &mut Criterion, name: &str, base: &AdaptiveSession<'_>) {
    c.bench_function(name, |b| {
        b.iter_batched(
            || base.clone(),
            |mut s| {
                let item = s.next_item().unwrap();
                s.record(Scored {
                    item,
                    correct: true,
                })
                .unwrap();
                black_box(s.estimate())
            },
            BatchSize::SmallInput,
        )
    });
}

fn step(c: &mut Criterion) {
    for n in [500, 5000, 50000] {
        let bank = bank(&format!("bank_3pl_{n}.csv"));
        let base = warmed(&bank, EstimatorConfig::Eap, 10);
        bench_step(c, &format!("step select+update EAP/MFI 3PL N={n}"), &base);
        if n == 500 {
            for (name, estimation) in [("MLE", EstimatorConfig::Mle), ("WLE", EstimatorConfig::Wle)]
            {
                let base = warmed(&bank, estimation, 10);
                bench_step(
                    c,
                    &format!("step select+update {name}/MFI 3PL N={n}"),
                    &base,
                );
            }
        }
    }
}

fn whole_simulation(c: &mut Criterion) {
    let bank = bank("bank_3pl_500.csv");
    let pop = simulation::normal_population(1000, 0.0, 1.0, 7).unwrap();
    let config = SessionConfig::new(StopConfig::Length(20));
    let mut group = c.benchmark_group("simulation");
    group.sample_size(20);
    group.bench_function("1000 examinees x 20 items, 3PL N=500", |b| {
        b.iter(|| {
            black_box(
                simulation::simulate(&bank, &pop, &config, 1, 0.3, |_| {})
                    .unwrap()
                    .rmse,
            )
        })
    });
    group.finish();
}

fn profile_step(c: &mut Criterion) {
    let pop = simulation::normal_population(16 * 40 * 2, 0.0, 1.0, 3).unwrap();
    let items = (0..16 * 40)
        .map(|i| ProfileItem {
            params: tremplin_engine::irt::ItemParams::two_pl(
                1.0 + 0.3 * pop[2 * i].abs(),
                pop[2 * i + 1],
            )
            .unwrap(),
            competence: i % 16,
        })
        .collect();
    let bank = ProfileBank::new(items, 16).unwrap();
    let mut s = ProfileSession::new(&bank, ProfileConfig::default(), 1).unwrap();
    for k in 0..20 {
        let i = s.next_item().unwrap();
        s.record(Scored {
            item: i,
            correct: k % 2 == 0,
        })
        .unwrap();
    }
    c.bench_function(
        "profile step select+update, 16 competences x 40 items",
        |b| {
            b.iter_batched(
                || s.clone(),
                |mut s| {
                    let i = s.next_item().unwrap();
                    s.record(Scored {
                        item: i,
                        correct: true,
                    })
                    .unwrap();
                    black_box(s.estimates().general)
                },
                BatchSize::SmallInput,
            )
        },
    );
    let responses = s.responses().to_vec();
    c.bench_function("profile rebuild from 20 responses", |b| {
        b.iter(|| {
            black_box(
                ProfileSession::rebuild(&bank, ProfileConfig::default(), 1, &responses)
                    .unwrap()
                    .next_item(),
            )
        })
    });
}

criterion_group!(benches, step, whole_simulation, profile_step);
criterion_main!(benches);
