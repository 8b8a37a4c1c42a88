"""SARIF 2.1.0 for code-scanning tools: rules with their docs, results with file and line."""
from __future__ import annotations

import json
from urllib.parse import quote

from gongkai.rules.engine.runner import CheckResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render_sarif(result: CheckResult, version: str) -> str:
    rules = sorted(result.rules, key=lambda r: r.code)
    index = {r.code: i for i, r in enumerate(rules)}
    results = []
    for f in result.findings:
        entry = {
            "ruleId": f.rule,
            "level": LEVEL[f.severity],
            "message": {"text": f.message + (f" ({f.hint})" if f.hint else "")},
            "locations": [{"physicalLocation": {
                # a URI reference: a folder named 上街区 目录 is written percent-encoded
                "artifactLocation": {"uri": quote((f.file or "gongkai.toml").replace("\\", "/"), safe="/")},
                **({"region": {"startLine": f.line}} if f.line else {}),
            }}],
            "partialFingerprints": {"gongkai/v1": f.fingerprint()},
            "properties": {k: v for k, v in (("item", f.item), ("field", f.field), ("provisional", bool(f.provisional)),
                                             ("provisional_note", f.provisional)) if v},
        }
        if f.rule in index:
            entry["ruleIndex"] = index[f.rule]
        if f.waived:
            entry["suppressions"] = [{"kind": "external", "justification": f.waived}]
        if f.baselined:
            entry["baselineState"] = "unchanged"
        results.append(entry)
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "gongkai", "version": version, 
                "rules": [{
                    "id": r.code, "name": r.name,
                    "shortDescription": {"text": r.summary},
                    "fullDescription": {"text": r.doc or r.summary},
                    "help": {"text": r.doc or r.summary},
                    "defaultConfiguration": {"level": LEVEL[r.severity]},
                    "properties": {"scope": r.scope, "family": r.family},
                } for r in rules],
            }},
            "results": results,
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)
