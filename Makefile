# Huaxiang (画像) — every target is listed by `make help`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Demo data: industry profile, number of true persons, random seed, file format.
INDUSTRY ?= retail
CUSTOMERS ?= 10000
TEST_CUSTOMERS ?= 3000
SEED ?= 42
FORMAT ?= csv
# Industries with their own staging/intermediate folders (linted one by one).
LINT_INDUSTRIES := finance manufacturing healthcare internet education b2b

export DBT_PROFILES_DIR := $(CURDIR)
export HUAXIANG_INDUSTRY ?= $(INDUSTRY)
export HUAXIANG_RAW_DIR ?= data/raw/$(INDUSTRY)
export HUAXIANG_RAW_FORMAT ?= $(FORMAT)
export HUAXIANG_TRUTH_DIR ?= data/truth/$(INDUSTRY)
export HUAXIANG_DUCKDB_PATH ?= target/huaxiang.duckdb
export PYTHONPATH := $(CURDIR)/src
DBT := $(BIN)/dbt

.PHONY: help setup browser data tags build site demo test test-python lint evaluate clean
.PHONY: engines-deps test-engines export-params
.PHONY: check-input quality docs export-marts

help: ## List every target with one line each
	@grep -E '^[a-z][a-zA-Z_-]*:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  %-14s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.0.1"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	@touch $@

setup: $(STAMP) ## Create .venv and install the pinned dependencies (once)

browser: ## Install headless Chromium and a CJK font for the site tests (apt, once)
	@if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=; \
	elif command -v sudo >/dev/null; then SUDO=sudo; \
	else echo "browser: not root and no sudo; install chromium and fonts-noto-cjk" \
		"yourself (the browser tests are skipped until then)"; exit 0; fi; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
		chromium fonts-noto-cjk

data: setup ## Generate the sample data (INDUSTRY, CUSTOMERS, SEED, FORMAT)
	$(BIN)/python -m huaxiang.generator --industry $(INDUSTRY) \
		--customers $(CUSTOMERS) --seed $(SEED) --format $(FORMAT) --out data

tags: setup ## Regenerate the tag marts' YAML from seeds/tag_catalog.csv
	$(BIN)/python -m huaxiang.tags

build: tags check-input ## Run dbt build (seeds, models, snapshots, tests) on the raw folder
	$(DBT) build --fail-fast

site: setup ## Build the offline report site into target/site/
	$(BIN)/python -m huaxiang.site --db $(HUAXIANG_DUCKDB_PATH) --out target/site

demo: data build quality docs site export-marts export-audiences ## Set up, generate data, build the warehouse and the site
	@echo "Report site: file://$(CURDIR)/target/site/index.html"

docs: setup ## dbt docs as one offline file (target/dbt-docs/index.html), linked by the site
	$(DBT) docs generate --static
	@mkdir -p target/dbt-docs
	cp target/static_index.html target/dbt-docs/index.html

export-marts: setup ## Write the public marts (schemas marts, reports) as Parquet to target/marts/
	$(BIN)/python -m huaxiang.export_marts --db $(HUAXIANG_DUCKDB_PATH) --out target/marts

evaluate: setup ## Identity resolution and tag quality against the ground truth
	$(BIN)/python -m huaxiang.evaluate --db $(HUAXIANG_DUCKDB_PATH) \
		--truth $(HUAXIANG_TRUTH_DIR)
	$(BIN)/python -m huaxiang.evaluate_tags --db $(HUAXIANG_DUCKDB_PATH) \
		--truth $(HUAXIANG_TRUTH_DIR) --industry $(INDUSTRY)

test: ## Set up, build at test scale, then run every test and linter
	$(MAKE) data CUSTOMERS=$(TEST_CUSTOMERS)
	$(MAKE) build quality docs site export-marts test-python lint

test-python: setup browser ## pytest (unit tests of Python code and checks on the built warehouse)
	$(BIN)/python -m pytest -q

lint: setup ## sqlfluff on models and macros, ruff on Python
	$(BIN)/sqlfluff lint models --processes 2
	@# Industry folders are disabled for other industries: lint each with its own setting.
	for ind in $(LINT_INDUSTRIES); do HUAXIANG_INDUSTRY=$$ind $(BIN)/sqlfluff lint \
		$$(ls -d models/staging/$$ind models/intermediate/$$ind \
			models/marts/customer_tags/$$ind models/marts/$$ind 2>/dev/null) \
			--processes 2 || exit 1; done
	$(BIN)/ruff check src tests python_models
	$(BIN)/ruff format --check src tests python_models

clean: ## Remove the built warehouse, site and generated data (keeps .venv)
	rm -rf target data logs

.PHONY: metrics
MF := $(BIN)/python -m huaxiang.metrics
# First day of the as-of month (HUAXIANG_AS_OF_DATE, default the demo's last day).
AS_OF_MONTH = $(shell d=$${HUAXIANG_AS_OF_DATE:-2026-06-30}; echo $${d:0:7}-01)
metrics: setup ## Metric center: validate the semantic layer and print example mf queries
	$(MF) validate-configs --skip-dw
	$(MF) query --metrics revenue,orders,average_order_value,buying_customers \
		--group-by metric_time__year,order__channel --order metric_time__year,order__channel
	$(MF) query --metrics active_customers,new_customers,churn_rate,repurchase_rate,arpu \
		--group-by metric_time__month --order -metric_time__month --limit 6
	$(MF) query --metrics active_customers,arpu --group-by customer__segment_code \
		--where "{{ TimeDimension('metric_time', 'month') }} = '$(AS_OF_MONTH)'" \
		--order customer__segment_code
	$(MF) query --metrics active_customers,churned_customers,revenue \
		--group-by metric_time__year,customer__lifecycle_stage \
		--order metric_time__year,customer__lifecycle_stage
	@# Campaign conversion: only where campaigns exist (var campaign_industries).
	@if grep -q '"campaign_conversion_rate"' target/semantic_manifest.json; then \
		set -x; $(MF) query \
		--metrics campaign_targeted_customers,campaign_converted_customers,campaign_conversion_rate \
		--group-by campaign_response__campaign_id,campaign_response__arm \
		--order campaign_response__campaign_id,campaign_response__arm && \
		$(MF) query --metrics campaign_conversion_uplift \
		--group-by metric_time__quarter,campaign_response__channel \
		--order metric_time__quarter,campaign_response__channel; \
	else echo "metrics: no campaign metrics for industry $(HUAXIANG_INDUSTRY)" \
		"(var campaign_industries)"; fi
	@echo "More: $(MF) list metrics | list dimensions --metrics <name> | query --help"
# Other engines (README "PostgreSQL and Spark"): small data, both engines.
ENGINES ?= postgres spark
ENGINE_CUSTOMERS ?= 1000
PARAMS_DIR ?= target/params

engines-deps: ## Install PostgreSQL and a Java runtime for test-engines (apt, once)
	@missing=; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || \
		missing="$$missing postgresql"; \
	command -v java >/dev/null || missing="$$missing openjdk-17-jre-headless"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=; \
	elif command -v sudo >/dev/null; then SUDO=sudo; \
	else echo "engines-deps: not root and no sudo; install$$missing yourself"; exit 1; fi; \
	echo "engines-deps: installing$$missing"; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
		$$missing

test-engines: setup engines-deps ## dbt build + tests on PostgreSQL and Spark (ENGINES, ENGINE_CUSTOMERS)
	$(BIN)/python -m huaxiang.engines test $(ENGINES) --customers $(ENGINE_CUSTOMERS) \
		--work-dir target/engines

export-params: setup ## Export the Python models' fitted parameters (CSV) for other engines
	$(BIN)/python -m huaxiang.engines export-params --db $(HUAXIANG_DUCKDB_PATH) \
		--out $(PARAMS_DIR)
.PHONY: check-input quality

check-input: setup ## Check the raw folder's files against the input contract (run by build)
	$(BIN)/python -m huaxiang.preflight --raw-dir $(HUAXIANG_RAW_DIR) \
		--format $(HUAXIANG_RAW_FORMAT)

quality: setup ## Publish gate: stop when a critical Great Expectations check of the build failed
	$(BIN)/python -m huaxiang.quality --db $(HUAXIANG_DUCKDB_PATH)
.PHONY: export-audiences
export-audiences: setup ## Audience files per channel (CSV + Parquet) and a manifest in target/exports/
	$(BIN)/python -m huaxiang.audiences export --db $(HUAXIANG_DUCKDB_PATH) --out target/exports
.PHONY: refresh
# Incremental refresh (README "Incremental refresh"): the raw folder's business date
# lives in as_of_date.txt once `make refresh` has appended a day (absent = 2026-06-30).
# Expanded when each command runs, so `make data` (which removes the file) takes effect.
export HUAXIANG_AS_OF_DATE ?= $(shell cat $(HUAXIANG_RAW_DIR)/as_of_date.txt 2>/dev/null \
	|| echo 2026-06-30)
FRACTION ?= 0.01
# The generator's --out folder holding raw/<industry> (derived from HUAXIANG_RAW_DIR).
REFRESH_OUT ?= $(patsubst %/raw/$(INDUSTRY),%,$(HUAXIANG_RAW_DIR))
# Extra dbt arguments, e.g. REFRESH_ARGS="--selector daily_refresh" (no refits).
REFRESH_ARGS ?=
refresh: setup ## Append the next day of data (FRACTION of rows, late rows) and build incrementally
	$(BIN)/python -m huaxiang.generator --next-day --industry $(INDUSTRY) --seed $(SEED) \
		--format $(FORMAT) --out $(REFRESH_OUT) --fraction $(FRACTION)
	HUAXIANG_AS_OF_DATE=$$(cat $(HUAXIANG_RAW_DIR)/as_of_date.txt) $(MAKE) check-input
	HUAXIANG_AS_OF_DATE=$$(cat $(HUAXIANG_RAW_DIR)/as_of_date.txt) $(DBT) build --fail-fast \
		$(REFRESH_ARGS)
# Benchmark (issue 9): not part of `make test`. Scale from BENCH_CUSTOMERS, or
# CUSTOMERS when given on the command line (`make bench CUSTOMERS=100000`).
BENCH_CUSTOMERS ?= $(if $(filter command line,$(origin CUSTOMERS)),$(CUSTOMERS),1000000)
BENCH_FORMAT ?= parquet
.PHONY: bench
bench: setup ## Benchmark at scale (BENCH_CUSTOMERS=1000000): target/bench/results.json, .md
	$(BIN)/python -m huaxiang.bench --customers $(BENCH_CUSTOMERS) --seed $(SEED) \
		--format $(BENCH_FORMAT) --work-dir target/bench
# Identity resolvers alone (README "Benchmark"): both resolvers, scipy and the
# stress graph on the warehouse an earlier bench run left in target/bench.
.PHONY: bench-identity
bench-identity: setup ## Identity part of the bench only, on target/bench/warehouse.duckdb
	$(BIN)/python -m huaxiang.bench --only identity --customers $(BENCH_CUSTOMERS) \
		--seed $(SEED) --work-dir target/bench
