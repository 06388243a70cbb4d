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

export DBT_PROFILES_DIR := $(CURDIR)
export HUAXIANG_RAW_DIR ?= data/raw/$(INDUSTRY)
export HUAXIANG_RAW_FORMAT ?= $(FORMAT)
export HUAXIANG_TRUTH_DIR ?= data/truth/$(INDUSTRY)
export HUAXIANG_DUCKDB_PATH ?= target/huaxiang.duckdb
export PYTHONPATH := $(CURDIR)/src
DBT := $(BIN)/dbt

.PHONY: help setup browser data build site demo test test-python lint evaluate clean
.PHONY: check-input quality

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

build: setup check-input ## Run dbt build (seeds, models, snapshots, tests) on the raw folder
	$(DBT) build --fail-fast

site: setup ## Build the offline report site into target/site/
	$(BIN)/python -m huaxiang.site --db $(HUAXIANG_DUCKDB_PATH) --out target/site

demo: data build quality site ## Set up, generate data, build the warehouse and the site
	@echo "Report site: file://$(CURDIR)/target/site/index.html"

evaluate: setup ## Identity-resolution precision/recall against the ground truth
	$(BIN)/python -m huaxiang.evaluate --db $(HUAXIANG_DUCKDB_PATH) \
		--truth $(HUAXIANG_TRUTH_DIR)

test: ## Set up, build at test scale, then run every test and linter
	$(MAKE) data CUSTOMERS=$(TEST_CUSTOMERS)
	$(MAKE) build quality site test-python lint

test-python: setup browser ## pytest (unit tests of Python code and checks on the built warehouse)
	$(BIN)/python -m pytest -q

lint: setup ## sqlfluff on models and macros, ruff on Python
	$(BIN)/sqlfluff lint models --processes 2
	$(BIN)/ruff check src tests python_models
	$(BIN)/ruff format --check src tests python_models

clean: ## Remove the built warehouse, site and generated data (keeps .venv)
	rm -rf target data logs

check-input: setup ## Check the raw folder's files against the input contract (run by build)
	$(BIN)/python -m huaxiang.preflight --raw-dir $(HUAXIANG_RAW_DIR) \
		--format $(HUAXIANG_RAW_FORMAT)

quality: setup ## Publish gate: stop when a critical Great Expectations check of the build failed
	$(BIN)/python -m huaxiang.quality --db $(HUAXIANG_DUCKDB_PATH)
