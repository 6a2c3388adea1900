#!/usr/bin/env python3
"""Extracts, from Kubernetes' own OpenAPI v3 documents, the field descriptions of the Kubernetes
types the CRDs embed (a pool template's resources, securityContext, tolerations, affinity, and the
status conditions), into the resource the api build fills the CRD schemas from.

Usage: scripts/kubernetes-descriptions.py [KUBERNETES_SOURCE_DIR]
(default: k8s.io/kubernetes@v1.34.2 in the Go module cache, as scripts/ensure-kubernetes.sh fetches).
"""
import json
import os
import subprocess
import sys

VERSION = "v1.34.2"
ROOTS = [
    "io.k8s.api.core.v1.ResourceRequirements",
    "io.k8s.api.core.v1.PodSecurityContext",
    "io.k8s.api.core.v1.Toleration",
    "io.k8s.api.core.v1.Affinity",
    "io.k8s.apimachinery.pkg.apis.meta.v1.Condition",
]
DOCUMENTS = ["api__v1_openapi.json", "apis__admissionregistration.k8s.io__v1_openapi.json"]
OUT = os.path.join(
    os.path.dirname(__file__),
    "..", "api", "src", "main", "resources", "dev", "featherman", "api", "build",
    "kubernetes-descriptions.json")


def source_dir():
    if len(sys.argv) > 1:
        return sys.argv[1]
    cache = subprocess.run(["go", "env", "GOMODCACHE"], capture_output=True, text=True).stdout.strip()
    return os.path.join(cache or os.path.expanduser("~/go/pkg/mod"), "k8s.io", "kubernetes@" + VERSION)


def ref_of(schema):
    """The definition a property refers to (directly, through allOf, or as array items)."""
    for candidate in [schema] + schema.get("allOf", []) + [schema.get("items") or {}]:
        ref = candidate.get("$ref") or next(
            (c.get("$ref") for c in candidate.get("allOf", []) if c.get("$ref")), None)
        if ref:
            return ref.rsplit("/", 1)[-1]
    return None


def main():
    specs = os.path.join(source_dir(), "api", "openapi-spec", "v3")
    schemas = {}
    for name in DOCUMENTS:
        with open(os.path.join(specs, name)) as f:
            schemas.update(json.load(f)["components"]["schemas"])
    out, todo = {}, list(ROOTS)
    while todo:
        name = todo.pop()
        if name in out:
            continue
        definition = schemas[name]
        fields = {}
        for field, schema in sorted(definition.get("properties", {}).items()):
            ref = ref_of(schema)
            fields[field] = {"description": schema.get("description", "")}
            if ref and ref in schemas and schemas[ref].get("properties"):
                fields[field]["type"] = ref
                todo.append(ref)
        out[name] = {"description": definition.get("description", ""), "fields": fields}
    with open(OUT, "w") as f:
        json.dump({"source": "k8s.io/kubernetes@" + VERSION + " api/openapi-spec/v3",
                   "roots": ROOTS, "types": out}, f, indent=1, sort_keys=True)
        f.write("\n")
    print(OUT, len(out), "types")


if __name__ == "__main__":
    main()
