# Featherman: the two commands a new machine needs are `make run` and `make test`.
MVN ?= mvn -B -ntp

.PHONY: help deps extensions postgres kubernetes python-clients image-tools build test run bench clean crds images

help:
	@echo "make test   - install what tests need (DuckDB extensions, PostgreSQL, Kubernetes binaries, Python clients, image tools) and run every test"
	@echo "make run    - start the query gateway embedded on :8080 with a demo DuckLake"
	@echo "make build  - compile and package all modules without tests"
	@echo "make bench  - gateway latency, streaming, concurrency and memory benchmarks into docs/benchmarks.md"
	@echo "make images - the six container images (Docker, else buildah) as archives under target/images"

deps: extensions postgres kubernetes python-clients image-tools

extensions:
	@scripts/install-duckdb-extensions.sh

postgres:
	@scripts/ensure-postgres.sh

# ADBC's Flight SQL driver and pyarrow, for the client tests (a cached virtualenv).
python-clients:
	@scripts/ensure-python-clients.sh

# buildah, runc, umoci and the local Debian base image, for the image smoke test (skipped where
# they cannot be installed).
image-tools:
	@scripts/ensure-image-tools.sh

# etcd, kube-apiserver, kubectl and helm for the real-API-server tests (built once per machine).
kubernetes:
	@scripts/ensure-kubernetes.sh

build: extensions
	$(MVN) -DskipTests install

test: deps
	$(MVN) verify

run: build
	@scripts/run-gateway.sh

# Container images from the jars of `make build`: with a Docker engine when one answers, else with
# buildah; archives and sizes in target/images. REGISTRY, TAG, BASE_IMAGE: see the script's help.
images: build
	@scripts/build-images.sh

# Refresh the chart's copy of the CRDs after an api/ change (ChartsTest fails while they differ).
crds:
	$(MVN) -q -pl api -DskipTests package
	cp api/target/classes/META-INF/fabric8/*-v1.yml charts/featherman/files/crds/

clean:
	$(MVN) clean

bench: build postgres kubernetes
	$(MVN) -q -pl benchmarks exec:exec
