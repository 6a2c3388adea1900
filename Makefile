# Featherman: the two commands a new machine needs are `make run` and `make test`.
MVN ?= mvn -B -ntp

.PHONY: help deps extensions postgres build test run bench clean crds

help:
	@echo "make test   - install what tests need (DuckDB extensions, PostgreSQL) and run every test"
	@echo "make run    - start the query gateway embedded on :8080 with a demo DuckLake"
	@echo "make build  - compile and package all modules without tests"
	@echo "make bench  - gateway latency, streaming and concurrency benchmarks into docs/benchmarks.md"

deps: extensions postgres

extensions:
	@scripts/install-duckdb-extensions.sh

postgres:
	@scripts/ensure-postgres.sh

build: extensions
	$(MVN) -DskipTests install

test: deps
	$(MVN) verify

run: build
	@scripts/run-gateway.sh

# Refresh the chart's copy of the CRDs after an api/ change (ChartsTest fails while they differ).
crds:
	$(MVN) -q -pl api -DskipTests package
	cp api/target/classes/META-INF/fabric8/*-v1.yml charts/featherman/files/crds/

clean:
	$(MVN) clean

bench: build
	$(MVN) -q -pl benchmarks exec:exec
