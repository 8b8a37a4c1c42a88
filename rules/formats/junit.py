"""JUnit XML: one test case per rule, failing with its findings (for CI dashboards)."""
from __future__ import annotations

from collections import defaultdict
from xml.etree import ElementTree as ET

from gongkai.rules.engine.runner import CheckResult


def render_junit(result: CheckResult, fail_on: str) -> str:
    failing = {id(f) for f in result.failing(fail_on)}
    by_rule = defaultdict(list)
    for f in result.findings:
        by_rule[f.rule].append(f)
    suite = ET.Element("testsuite", name="gongkai check", tests=str(len(result.rules)))
    failures = 0
    for r in sorted(result.rules, key=lambda r: r.code):
        case = ET.SubElement(suite, "testcase", classname=f"gongkai.{r.family}", name=f"{r.code} {r.name}")
        bad = [f for f in by_rule.get(r.code, []) if id(f) in failing]
        if bad:
            failures += 1
            node = ET.SubElement(case, "failure", message=f"{len(bad)} finding(s)", type=r.severity)
            node.text = "\n".join(f"{f.file}:{f.line or ''} {f.item or ''} {f.field or ''}: {f.message}"
                                  + (f" [{f.provisional}]" if f.provisional else "") for f in bad)
    suite.set("failures", str(failures))
    return ET.tostring(suite, encoding="unicode", xml_declaration=True)
