# Tremplin — build, run and test. Every target installs what it needs, idempotently.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
CARGO ?= cargo

.PHONY: test check fmt-check clippy unit bench sim

## make test: everything CI runs (formatting, lints, all tests).
test: fmt-check clippy unit

fmt-check:
	rustup component add rustfmt clippy >/dev/null 2>&1 || true
	$(CARGO) fmt --all -- --check

clippy:
	$(CARGO) clippy --workspace --all-targets --all-features -- -D warnings

unit:
	$(CARGO) test --workspace --all-features

## make bench: criterion benchmarks of the engine (figures go in README.md).
bench:
	$(CARGO) bench -p tremplin-engine

## make sim: the reference simulations on the benchmark banks (see README.md).
sim:
	./engine/bench/run_sim.sh
