#!/usr/bin/env bash
# The install guide's steps after `helm install` (docs/install.md, "Check" and "First query") as
# one script, so they are known to work: the system test runs it against a real API server with
# the webhook registered and the services running. Every value comes from the environment; the
# defaults are the guide's.
#
#   NAMESPACE=analytics S3_ENDPOINT=https://s3.example.com S3_BUCKET=my-data-lake \
#   S3_ACCESS_KEY=... S3_SECRET_KEY=... GATEWAY_URL=http://localhost:8080 TOKEN=... docs/install.sh
set -euo pipefail

NAMESPACE="${NAMESPACE:-analytics}"
CATALOG="${CATALOG:-example}"
STORAGE_CLASS="${STORAGE_CLASS:-standard}"
S3_ENDPOINT="${S3_ENDPOINT:-https://s3.example.com}"
S3_BUCKET="${S3_BUCKET:-my-data-lake}"
S3_PREFIX="${S3_PREFIX:-$CATALOG}"
GATEWAY_URL="${GATEWAY_URL:-http://localhost:8080}"
: "${S3_ACCESS_KEY:?set S3_ACCESS_KEY and S3_SECRET_KEY to the keys of the bucket}"
: "${S3_SECRET_KEY:?set S3_SECRET_KEY}"
: "${TOKEN:?set TOKEN to a gateway token (docs/install.md, First query)}"
KUBECTL="${KUBECTL:-kubectl}"

step() { printf '==> %s\n' "$*"; }

step "namespace $NAMESPACE"
"$KUBECTL" create namespace "$NAMESPACE" --dry-run=client -o yaml | "$KUBECTL" apply -f -

step "the bucket's keys, labelled so catalogs may use them"
"$KUBECTL" -n "$NAMESPACE" create secret generic s3-credentials \
  --from-literal=access-key="$S3_ACCESS_KEY" --from-literal=secret-key="$S3_SECRET_KEY" \
  --dry-run=client -o yaml | "$KUBECTL" apply -f -
"$KUBECTL" -n "$NAMESPACE" label secret s3-credentials \
  ducklake.featherman.dev/credentials=true --overwrite

step "catalog $CATALOG"
"$KUBECTL" apply -f - <<YAML
apiVersion: ducklake.featherman.dev/v1alpha1
kind: DuckLakeCatalog
metadata: {name: $CATALOG, namespace: $NAMESPACE}
spec:
  storageClass: $STORAGE_CLASS
  size: 1Gi
  objectStore:
    endpoint: $S3_ENDPOINT
    bucket: $S3_BUCKET
    prefix: $S3_PREFIX
    credentialsSecret: {name: s3-credentials}
YAML
"$KUBECTL" -n "$NAMESPACE" wait "ducklakecatalog/$CATALOG" --for=condition=Ready --timeout=180s

step "first query through the gateway"
curl -sS --fail-with-body "$GATEWAY_URL/v1/queries" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"catalog\": \"$CATALOG\", \"sql\": \"SELECT 42 AS answer\", \"format\": \"csv\"}"
