# Tremplin — build, run and test. Every target installs what it needs, idempotently.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
CARGO ?= cargo
# Must equal the wasm-bindgen crate pinned in Cargo.toml / Cargo.lock.
WASM_BINDGEN_VERSION := 0.2.130
SITE := target/site
PKG := $(SITE)/pkg
# $(PKG) is made here, then swapped in whole: a running server never sees it half-built.
PKG_BUILD := target/site-pkg.tmp
WASM_OPT := e2e/node_modules/.bin/wasm-opt
# Release builds (site and server) erase Leptos component types: a smaller WASM bundle. Both
# sides must agree (the hydration markers differ), so the server is built with the same flag.
RELEASE_RUSTFLAGS := --cfg erase_components
# PostgreSQL server used by the tests (each test creates and drops its own database).
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: test check fmt-check clippy unit bench sim load soak load-generator observatory-bench \
        build run site server tools wasm-target wasm-bindgen-cli node-deps chromium sqlite3 brotli postgres \
        unit-sqlite unit-postgres e2e

## make test: everything CI runs (formatting, lints, all tests on SQLite and PostgreSQL, browser
## tests, the API contract test).
test: fmt-check clippy unit e2e contract
# e2e has just built the release server: the contract test runs that binary.
test: CONTRACT_BIN := target/release/tremplin

fmt-check:
	rustup component add rustfmt clippy >/dev/null 2>&1 || true
	$(CARGO) fmt --all -- --check

# The app's `ssr` and `hydrate` features cannot be combined: lint each set on its own.
clippy: wasm-target
	$(CARGO) clippy -p tremplin-engine -p tremplin-bank --all-targets --all-features -- -D warnings
	$(CARGO) clippy -p app --all-targets --features ssr -- -D warnings
	$(CARGO) clippy -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate -- -D warnings

unit: unit-sqlite unit-postgres

# Engine, bank and app (unit and black-box tests) on SQLite.
unit-sqlite:
	$(CARGO) test -p tremplin-engine -p tremplin-bank --all-features
	TREMPLIN_TEST_DATABASE=sqlite $(CARGO) test -p app --features ssr

# The app's database tests again on PostgreSQL.
unit-postgres: postgres
	TREMPLIN_TEST_DATABASE=postgres TREMPLIN_TEST_POSTGRES_URL=$(TEST_POSTGRES_URL) \
	  $(CARGO) test -p app --features ssr --test api

## make bench: criterion benchmarks of the engine (figures go in README.md).
bench:
	$(CARGO) bench -p tremplin-engine

## make load: answer throughput and latency of the release server, 8 and 32 clients, on SQLite
## and PostgreSQL (app/examples/load.sh; figures in target/load/load.jsonl and README.md).
LOAD_BACKENDS ?= sqlite postgres
LOAD_CLIENTS ?= 8 32
load: build load-generator postgres
	for backend in $(LOAD_BACKENDS); do TEST_POSTGRES_URL=$(TEST_POSTGRES_URL) app/examples/load.sh load $$backend $(LOAD_CLIENTS); done

## make observatory-bench: each public table's answer time and the refresh after 1,000 new
## records, on OBSERVATORY_RECORDS (1,000,000) synthetic records, SQLite and PostgreSQL
## (app/examples/observatory.sh; figures in target/observatory/bench.jsonl and README.md).
OBSERVATORY_RECORDS ?= 1000000
observatory-bench: server postgres
	for backend in $(LOAD_BACKENDS); do TEST_POSTGRES_URL=$(TEST_POSTGRES_URL) app/examples/observatory.sh $$backend $(OBSERVATORY_RECORDS); done

## make soak: 10 min at 200 answers/s with page views and result reads (SOAK_SECONDS, SOAK_RATE),
## then the long crash test (CRASH_KILLS SIGKILLs under load) on SQLite and PostgreSQL.
SOAK_BACKENDS ?= sqlite
CRASH_KILLS ?= 30
soak: build load-generator postgres
	for backend in $(SOAK_BACKENDS); do TEST_POSTGRES_URL=$(TEST_POSTGRES_URL) app/examples/load.sh soak $$backend; done
	for backend in sqlite postgres; do \
	  TREMPLIN_CRASH_KILLS=$(CRASH_KILLS) TREMPLIN_TEST_DATABASE=$$backend TREMPLIN_TEST_POSTGRES_URL=$(TEST_POSTGRES_URL) \
	    $(CARGO) test -p app --features ssr --test api resilience::answers_acknowledged -- --nocapture; \
	done

load-generator:
	RUSTFLAGS="$(RELEASE_RUSTFLAGS)" $(CARGO) build -p app --example load --no-default-features --features ssr --release

## make sim: the reference simulations on the benchmark banks (see README.md).
sim:
	./engine/bench/run_sim.sh

# ---------------------------------------------------------------------------------------------
# Tools, installed only when missing.

wasm-target:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown

# Without --locked: the CLI's own lock file wants a crate version the registry here lacks.
wasm-bindgen-cli:
	@if [ "$$(wasm-bindgen --version 2>/dev/null | awk '{print $$2}')" != "$(WASM_BINDGEN_VERSION)" ]; then \
	  $(CARGO) install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi

# binaryen@132 (wasm-opt), playwright-core and axe-core, from e2e/package-lock.json.
node-deps:
	@if [ ! -x $(WASM_OPT) ] || [ ! -d e2e/node_modules/playwright-core ] || [ ! -d e2e/node_modules/axe-core ] \
	   || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then \
	  cd e2e && npm ci --no-audit --no-fund; \
	fi

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	fi

# Debian's sqlite3 command: the browser tests read back what the server stored.
sqlite3:
	@if ! command -v sqlite3 >/dev/null; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y sqlite3; \
	fi

# Debian's brotli command, for the precompressed copies of the site's files.
brotli:
	@if ! command -v brotli >/dev/null; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y brotli; \
	fi

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 \
	  || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -n1) main start
	@for i in $$(seq 1 20); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 0.5; done; \
	  echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1

tools: wasm-target wasm-bindgen-cli node-deps

# ---------------------------------------------------------------------------------------------
# Build and run (the manual build recipe of the team's BUILD.md: same output as cargo-leptos).

## make build: the release site (hydration bundle, stylesheet) and the release server binary.
build: site server

# $(PKG) ends up with app.<first 16 hex digits of its SHA-256>.js, .wasm and .css (a new name
# whenever the bytes change, so the server lets browsers cache them for a year), a brotli (.br,
# quality 11) and a gzip (.gz, -9) copy beside each (served as they are to clients that accept
# them), and assets.json naming the three files for the server. It replaces the previous
# $(PKG) whole, so no file of an earlier build stays.
site: tools brotli
	RUSTFLAGS="$(RELEASE_RUSTFLAGS)" $(CARGO) build -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate --profile wasm-release
	rm -rf $(PKG_BUILD)
	mkdir -p $(PKG_BUILD)
	wasm-bindgen --target web --no-typescript --out-dir $(PKG_BUILD) --out-name app target/wasm32-unknown-unknown/wasm-release/app.wasm
	mv $(PKG_BUILD)/app_bg.wasm $(PKG_BUILD)/app.wasm
	$(WASM_OPT) -Oz --enable-bulk-memory --enable-nontrapping-float-to-int $(PKG_BUILD)/app.wasm -o $(PKG_BUILD)/app.wasm
	cp app/style/main.css $(PKG_BUILD)/app.css
	cd $(PKG_BUILD) && for ext in js wasm css; do \
	  hashed=app.$$(sha256sum app.$$ext | cut -c1-16).$$ext; \
	  mv app.$$ext $$hashed; \
	  brotli -q 11 -k -f $$hashed; \
	  gzip -9 -k -f -n $$hashed; \
	done
	cd $(PKG_BUILD) && printf '{"js": "%s", "wasm": "%s", "css": "%s"}\n' app.*.js app.*.wasm app.*.css > assets.json
	mkdir -p $(SITE)
	rm -rf $(PKG) && mv $(PKG_BUILD) $(PKG)
	cp -r app/public/. $(SITE)/

server:
	RUSTFLAGS="$(RELEASE_RUSTFLAGS)" $(CARGO) build -p app --bin tremplin --no-default-features --features ssr --release

## make run: build, create/migrate tremplin.db, serve http://127.0.0.1:3000 (TREMPLIN_ADDR, DATABASE_URL).
run: build
	./target/release/tremplin serve

# Browser tests: the release build served on a free port with a fresh SQLite file.
e2e: build chromium sqlite3 node-deps
	cd e2e && npm test

# ---------------------------------------------------------------------------------------------
# API contract test: schemathesis (PyPI, pinned with everything it pulls in, in
# api-contract/requirements.txt) from a venv in .venv, against the real server; see
# api-contract/run.sh and api-contract/schemathesis.toml.

.PHONY: contract venv
VENV := .venv
# Alone, `make contract` tests the debug build; in `make test`, the release build.
CONTRACT_BIN ?= target/debug/tremplin

venv: $(VENV)/.installed

$(VENV)/.installed: api-contract/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -r api-contract/requirements.txt
	$(VENV)/bin/pip check
	touch $@

contract: venv
	@if [ "$(CONTRACT_BIN)" = target/debug/tremplin ]; then \
	  $(CARGO) build -p app --bin tremplin --features ssr; \
	fi
	CONTRACT_BIN=$(CONTRACT_BIN) VENV=$(VENV) api-contract/run.sh
