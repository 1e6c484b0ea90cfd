# FundLedger: the two commands are `make demo` and `make test`; both do all set-up on a fresh Debian
# machine with Swift (missing packages, build, private PostgreSQL cluster, migrations).
SWIFT ?= swift
BIN := .build/debug/fundledger

.PHONY: all deps build db demo test bench bench-replay bench-proofs bench-commands bench-server bench-sizing compose-check db-stop clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	python3 scripts/embed-migrations.py
	$(SWIFT) build

# Starts (creating if needed) the private cluster for this checkout and applies migrations.
db: build
	$(BIN) db start
	$(BIN) migrate

demo: db
	$(BIN) demo
	$(BIN) project
	$(BIN) report fund-statement --fund tomelilla
	$(BIN) report savings-flows --fund tomelilla

test: db
	FUNDLEDGER_TEST_DATABASE_URL="$$($(BIN) db url --name postgres)" $(SWIFT) test
	python3 tools/run-docs.py --self-test
	python3 tools/run-docs.py --all --fundledger $(BIN)
	python3 tools/browser-check.py --fundledger $(BIN)
	python3 tools/api-check.py --fundledger $(BIN)
	@bash scripts/compose-check.sh

# Builds the benchmark product $(1) for release and runs it with the arguments $(2).
define benchmark
	$(SWIFT) build -c release --product $(1)
	.build/release/$(1) $(2)
endef

# Append throughput against plain INSERT and COPY baselines, measured in the same run (release build).
bench: db
	$(call benchmark,AppendBenchmark,$(BENCH_ARGS))

# Replay and read-model rebuild throughput against the raw COPY read rate, with peak memory (release build).
bench-replay: db
	$(call benchmark,ReplayBenchmark,$(REPLAY_ARGS))

# One command's cost at 1k…1M events on its fund (snapshots against whole-stream folds) and one fold step's
# cost at growing initiative histories (release build).
bench-commands: db
	$(call benchmark,CommandBenchmark,$(COMMAND_ARGS))

# Single events over HTTP with group commit from 1, 4, 16 and 64 clients, next to the direct path and plain
# INSERT in the same run (release build).
bench-server: db
	$(call benchmark,ServerBenchmark,$(SERVER_BENCH_ARGS))

# Merkle inclusion and consistency proof times at 10k, 100k and 1M events against a one-row lookup (release build).
bench-proofs: db
	$(call benchmark,ProofBenchmark,$(PROOF_ARGS))

# Bytes per event and per organisation-year of a region's network recorded through the Recorder, then append
# rates as the log grows and the fold against the raw read (release build; docs/scaling.md).
# SIZING_ARGS="--events 1000000,10000000" for the figures in docs/scaling.md (about 25 minutes).
bench-sizing: db
	$(call benchmark,SizingBenchmark,$(SIZING_ARGS))

db-stop:
	$(BIN) db stop

clean:
	-$(BIN) db stop
	rm -rf .build
