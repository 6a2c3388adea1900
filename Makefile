# Featherman: the two commands a new machine needs are `make run` and `make test`.
MVN ?= mvn -B -ntp

.PHONY: help deps extensions postgres kubernetes python-clients build test run bench clean crds images

help:
	@echo "make test   - install what tests need (DuckDB extensions, PostgreSQL, Kubernetes binaries, Python clients) and run every test"
	@echo "make run    - start the query gateway embedded on :8080 with a demo DuckLake"
	@echo "make build  - compile and package all modules without tests"
	@echo "make bench  - gateway latency, streaming and concurrency benchmarks into docs/benchmarks.md"

deps: extensions postgres kubernetes python-clients

extensions:
	@scripts/install-duckdb-extensions.sh

postgres:
	@scripts/ensure-postgres.sh

# ADBC's Flight SQL driver and pyarrow, for the client tests (a cached virtualenv).
python-clients:
	@scripts/ensure-python-clients.sh

# etcd, kube-apiserver, kubectl and helm for the real-API-server tests (built once per machine).
kubernetes:
	@scripts/ensure-kubernetes.sh

build: extensions
	$(MVN) -DskipTests install

test: deps
	$(MVN) verify

run: build
	@scripts/run-gateway.sh

# Container images (needs a Docker engine; not used by the tests). REGISTRY and TAG as in the chart.
REGISTRY ?= ghcr.io/featherman
TAG ?= 0.1.0
SERVICES := controller-service backup-service pool-service query-gateway webhook-service
images:
	for s in $(SERVICES); do docker build -f docker/service.Dockerfile --build-arg SERVICE=$$s -t $(REGISTRY)/$$s:$(TAG) . || exit 1; done
	docker build -f docker/worker.Dockerfile -t $(REGISTRY)/worker:$(TAG) .

# Refresh the chart's copy of the CRDs after an api/ change (ChartsTest fails while they differ).
crds:
	$(MVN) -q -pl api -DskipTests package
	cp api/target/classes/META-INF/fabric8/*-v1.yml charts/featherman/files/crds/

clean:
	$(MVN) clean

bench: build postgres kubernetes
	$(MVN) -q -pl benchmarks exec:exec
