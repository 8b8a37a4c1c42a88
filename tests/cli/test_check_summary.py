"""A large check starts with its summary; --verbose and --domain give the details (issue 15)."""
from __future__ import annotations

import json
import re



FINDING_LINE = re.compile(r"^\s+\d+\s+[A-Z]{3}\d{3}\s+(错误|警告|提示)")


def test_the_default_is_the_summary_with_counts_that_add_up(gk, ws):
    code, out, _ = gk("check", "-w", ws, "--no-cache", "--no-baseline")
    findings = json.loads(gk("check", "-w", ws, "--no-cache", "--no-baseline", "--format", "json")[1])["findings"]
    assert code == 1 and len(findings) > 60
    assert not any(FINDING_LINE.match(line) for line in out.splitlines())
    rows = [line for line in out.splitlines() if re.match(r"^  \d\d \S", line)]
    per_domain = {r.split()[0]: list(map(int, r.split()[-3:])) for r in rows}
    errors = sum(1 for f in findings if f["severity"] == "error")
    assert sum(v[0] for v in per_domain.values()) == errors
    assert sum(v[1] for v in per_domain.values()) == sum(1 for f in findings if f["severity"] == "warning")
    assert "错误按要素 errors by attribute:" in out and "先改这些 fix these first" in out
    assert f"(all {len(findings)} findings)" in out


def test_verbose_lists_every_finding(gk, ws):
    _, out, _ = gk("check", "-w", ws, "--no-cache", "--no-baseline", "--verbose")
    findings = json.loads(gk("check", "-w", ws, "--no-cache", "--no-baseline", "--format", "json")[1])["findings"]
    assert sum(1 for line in out.splitlines() if FINDING_LINE.match(line)) == len(findings)


def test_one_domain_in_full(gk, ws):
    _, out, _ = gk("check", "-w", ws, "--no-cache", "--no-baseline", "--domain", "社会救助")
    files = [line for line in out.splitlines() if line.startswith("domains/") or line.endswith(".toml")]
    assert files and all("19-social-assistance" in f for f in files)
    assert any(FINDING_LINE.match(line) for line in out.splitlines())
    assert gk("check", "-w", ws, "--domain", "99")[0] == 2


def test_errors_by_department_when_departments_are_configured(gk, ws):
    config = ws / "gongkai.toml"
    config.write_text(config.read_text("utf-8") + '\n[[departments]]\nname = "上街区卫生健康委员会"\n'
                      'aliases = ["县级卫生健康部门"]\n', encoding="utf-8")
    _, out, _ = gk("check", "-w", ws, "--no-cache", "--no-baseline")
    assert "错误按部门 errors by department:" in out and "上街区卫生健康委员会" in out


def test_the_cached_replay_is_the_same_summary(gk, ws):
    first = gk("check", "-w", ws, "--no-baseline")[1]
    again = gk("check", "-w", ws, "--no-baseline")[1]
    assert first == again and "按领域 by domain" in again


def test_write_baseline_names_the_baseline_in_gongkai_toml_so_the_next_check_passes(gk, ws):
    config = ws / "gongkai.toml"
    config.write_text(config.read_text("utf-8") + "# 本单位的说明\n", encoding="utf-8")
    assert gk("check", "-w", ws, "--no-cache")[0] == 1
    code, out, _ = gk("check", "-w", ws, "--write-baseline")
    assert code == 0 and 'set baseline = "gongkai-baseline.json" in [rules]' in out
    text = config.read_text("utf-8")
    assert 'baseline = "gongkai-baseline.json"' in text and "# 本单位的说明" in text    # comments kept
    assert gk("check", "-w", ws)[0] == 0
    code, out, _ = gk("check", "-w", ws, "--write-baseline")                     # already set: said once
    assert code == 0 and "set baseline" not in out and text == config.read_text("utf-8")
