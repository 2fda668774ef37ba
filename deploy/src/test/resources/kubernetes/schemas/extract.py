#!/usr/bin/python3
"""Writes one served version's openAPIV3Schema of a CustomResourceDefinition as compact JSON, without the
`description` texts (only the structure, types, enums, patterns and required fields are needed to validate).

usage: extract.py CRD.yaml VERSION OUT.json [POINTER=MODEL ...]

Each POINTER=MODEL (e.g. /spec/rayClusterSpec/workerGroupSpecs/*/template/spec=PodSpec, `*` for every item of a list)
trims a core Kubernetes type out of the schema: the schema there becomes an open object, and the output's `embedded`
maps the pointer to the model, so that the test reads that part strictly into fabric8's model of it (CrdSchema).
"""
import json
import sys

import yaml


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k != "description" or not isinstance(v, str)}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def trim(schema, pointer):
    parent, key = None, None
    node = schema
    for segment in pointer.strip("/").split("/"):
        parent, key = (node, "items") if segment == "*" else (node["properties"], segment)
        node = parent[key]
    parent[key] = {"type": "object", "x-kubernetes-preserve-unknown-fields": True}


crd_file, version, out, *embedded = sys.argv[1:]
with open(crd_file) as f:
    crd = next(d for d in yaml.safe_load_all(f) if d and d.get("kind") == "CustomResourceDefinition")
served = [v for v in crd["spec"]["versions"] if v["name"] == version]
if not served:
    sys.exit(f"{crd_file}: no version {version}")
schema = strip(served[0]["schema"]["openAPIV3Schema"])
doc = {"group": crd["spec"]["group"], "kind": crd["spec"]["names"]["kind"], "version": version, "schema": schema}
if embedded:
    doc["embedded"] = dict(e.split("=", 1) for e in embedded)
    for pointer in doc["embedded"]:
        trim(schema, pointer)
with open(out, "w") as f:
    json.dump(doc, f, separators=(",", ":"), sort_keys=True)
    f.write("\n")
