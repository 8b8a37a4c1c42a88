"""The AR rules on the real reports (findings verified by hand, arithmetic in the comments), and a
failing and a passing case for every rule, made by changing one published figure of a real report.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.rules.engine.registry import all_rules
from gongkai.rules.reports.checks import ReportContext, admin_level, check_report, report_rules
from gongkai.rules.reports.structured import to_dict
from gongkai.rules.reports.tables import T2, T3
from gongkai.rules.reports.reading import load_report

DATA = Path(__file__).resolve().parents[1] / "data" / "reports"


def run(report, **ctx):
    context = ReportContext(**ctx)
    return check_report(report, context), context.passed


def failing(findings):
    return [(f.rule, f.severity, f.item) for f in findings if f.assessable and f.severity != "info"]


def not_assessable(findings):
    return sorted((f.rule, f.item) for f in findings if not f.assessable)


def variant(tmp_path, name: str, *subs: tuple[str, str]):
    """A real report with published figures changed; each old text must occur exactly once."""
    text = (DATA / name).read_text("utf-8")
    for old, new in subs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return load_report(path)


# ---------------------------------------------------------------- the real reports

def test_source_case_passes_every_rule_it_can_assess():
    """上街区 2020 (2019 format). Verified by hand:
    AR101 自然人 61+2 = 63 = 63+0; 商业企业 2+0 = 2 = 2+0; 法律服务机构 6+0 = 6 = 6+0; 总计 69+2 = 71 = 71+0;
          科研机构, 社会公益组织, 其他 all 0.
    AR102 新收 61+2+0+0+6+0 = 69; 予以公开 32+2+0+0+6+0 = 40; （七）总计 63+2+0+0+6+0 = 71; the other rows
          have 自然人 = 总计 (2, 12, 1, 6, 6, 6, 0 …).
    AR103 自然人 32+12+1+6+6+6 = 63; 商业企业 2; 法律服务机构 6; 总计 40+12+1+6+6+6 = 71.
    AR301 line 54: 受理 28 (区政府及办公室) and 41 (政府组成部门); neither is 新收 69 nor 新收+结转 71, but
          28+41 = 69 = 新收; 上年结转 2 = 2.
    AR401/AR402 郑州市上街区 is county level; 规章 本年新制作数量 0, 对外公开总数量 0.
    Not assessable: 表四 (13 numbers for 15 cells) and with it line 58's 复议 0 and 诉讼 2.
    """
    findings, passed = run(load_report(DATA / "shangjie-2020.txt"))
    assert failing(findings) == []
    assert not_assessable(findings) == [
        ("AR104", "表四 行政复议 / 总计"), ("AR104", "表四 行政诉讼（复议后起诉） / 总计"),
        ("AR104", "表四 行政诉讼（未经复议直接起诉） / 总计"), ("AR301", "正文 行政复议"), ("AR301", "正文 行政诉讼")]
    assert [f.rule for f in findings if f.assessable] == ["AR001"]          # the note on 表四
    assert (passed["AR101"], passed["AR102"], passed["AR103"], passed["AR301"]) == (7, 23, 7, 3)
    assert passed["AR401"] == passed["AR402"] == passed["AR002"] == 1


def test_shanghai_2025_is_consistent():
    """上海市政府办公厅 2025 (2021 format). Verified by hand:
    AR101 自然人 1259+170 = 1429 = 1139+290; 商业企业 36+15 = 51 = 48+3; 法律服务机构 0+4 = 4 = 4+0;
          总计 1295+189 = 1484 = 1191+293.
    AR103 总计 206+2+20+564+80+319 = 1191 (不予公开 4+0+1+0+9+1+0+5 = 20, 无法提供 513+48+3 = 564,
          不予处理 62+16+1+1+0 = 80, 其他处理 43+0+276 = 319); 自然人 201+2+19+534+79+304 = 1139;
          商业企业 5+0+0+29+1+13 = 48; 法律服务机构 1+1+2 = 4.
    AR104 40+0+10+5 = 55; 2+0+4+6 = 12; 6+0+9+7 = 22.
    AR301 受理 1295 = 新收 1295 (新收 only); 办结 1191 = （七）总计; 上年结转 189 = 189; the results
          予以公开及部分公开 208 = 206+2, 不予公开 20, 无法提供 564, 不予处理 80, 其他处理 319 and their
          percentages of 办结 1191 (208/1191 = 17.46%, 20/1191 = 1.68%, 564/1191 = 47.36%, 80/1191 = 6.72%,
          319/1191 = 26.78%): 3 + 5 + 5 checks.
    AR401 上海市 is province level: 规章 制发 22 is plausible.
    """
    findings, passed = run(load_report(DATA / "shanghai-office-2025.md"))
    assert findings == []
    assert (passed["AR101"], passed["AR102"], passed["AR103"], passed["AR104"], passed["AR301"]) == (7, 25, 7, 3, 13)


def test_large_city_fixture_is_consistent_and_its_level_unknown():
    """测试市 2025: AR101 总计 14069+560 = 14629 = 13810+819, 自然人 13612+535 = 14147 = 13364+783 …;
    AR103 总计 5548+2168+730+3421+457+1486 = 13810; AR104 376+97+196+121 = 790 … A bare "测试市" may be a
    prefecture or a county-level city, so AR401/AR402 are not assessable until --level says."""
    report = load_report(DATA / "fixture-large-city-2025.md")
    findings, passed = run(report)
    assert failing(findings) == []
    assert not_assessable(findings) == [("AR401", "表二 规章 / 本年制发件数、本年废止件数"),
                                        ("AR402", "表二 规章 / 现行有效件数")]
    assert run(report, level="city")[0] == []
    assert "the level of the body is unknown (not told by the unit name '测试市')" in findings[-1].message
    untitled = load_report(DATA / "fixture-large-city-2025.txt")        # its first line is no title: no unit
    assert untitled.unit is None
    assert "the level of the body is unknown (no unit name found in the title)" in run(untitled)[0][-1].message


def test_shuyang_page_is_consistent_and_its_text_is_read_narrowly():
    """沭阳发改局 2023 page: 自然人 = 总计 in every row, the five legal-person columns blank (0);
    AR101 26+0 = 26+0; AR104 行政复议 0+0+0+1 = 1; AR301 “共收到依申请信息公开26件” = 新收 26, while
    “全年受理网络问政182件” is no application figure (its sentence does not say 申请)."""
    findings, passed = run(load_report(DATA / "shuyang-fgj-2023.html"))
    assert findings == []
    assert passed["AR301"] == 1 and passed["AR104"] == 3 and passed["AR401"] == 2


def test_shuyang_partial_result_sum_not_assessable():
    """The shared file did not read 9 result rows and 表四: AR103 cannot be decided in any column
    (the known rows already add to 26 = （七）总计, so no value of the missing ones is excluded)."""
    findings, passed = run(load_report(DATA / "shuyang-fgj-2023-partial.md"))
    assert failing(findings) == []
    na = not_assessable(findings)
    assert [i for r, i in na if r == "AR103"] == sorted(f"表三 （七）总计 / {c}" for c in
                                                         ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"))
    assert ("AR104", "表四") in na and passed["AR101"] == 7


def test_xinjiang_township_reports_regulations_in_force():
    """新疆某镇 2023: a township reports 规章 现行有效件数 6 although it cannot make 规章 (立法法)."""
    findings, _ = run(load_report(DATA / "xinjiang-township-2023-excerpt.md"))
    assert failing(findings) == [("AR402", "warning", "表二 规章 / 现行有效件数")]
    f = next(f for f in findings if f.rule == "AR402")
    assert f.data == {"value": 6, "expected": 0, "level": "township"} and f.line == 11


# ---------------------------------------------------------------- each rule: a failing and a passing case

SJ, SH, CITY, SY = "shangjie-2020.txt", "shanghai-office-2025.md", "fixture-large-city-2025.md", "shuyang-fgj-2023.html"

CASES = [
    # AR001: the source case's 表四 lost 2 of 15 cells; the Shanghai table has all 15
    ("AR001", "fail", SJ, [], {}),
    ("AR001", "pass", SH, [], {}),
    # AR002: the 上街区 report retitled 2022 still uses the 2019 layout
    ("AR002", "fail", SJ, [("郑州市上街区人民政府2020年政府信息公开工作年度报告", "郑州市上街区人民政府2022年政府信息公开工作年度报告")], {}),
    ("AR002", "pass", SJ, [], {}),
    # AR101: （七）总计 自然人 1139 → 1140: 1259+170 = 1429 ≠ 1140+290 = 1430
    ("AR101", "fail", SH, [("| （七）总计 | 1139 |", "| （七）总计 | 1140 |")], {}),
    ("AR101", "pass", SH, [], {}),
    # AR102: 新收 商业企业 36 → 35: 1259+35 = 1294 ≠ 总计 1295 (and AR101 商业企业 fails too)
    ("AR102", "fail", SH, [("| 一、本年新收 | 1259 | 36 |", "| 一、本年新收 | 1259 | 35 |")], {}),
    ("AR102", "pass", SH, [], {}),
    # AR103: （四）1 总计 513 → 512: 206+2+20+563+80+319 = 1190 ≠ 1191 (and AR102 on that row)
    ("AR103", "fail", SH, [("| 0 | 1 | 0 | 513 |", "| 0 | 1 | 0 | 512 |")], {}),
    ("AR103", "pass", SH, [], {}),
    # AR104: 行政复议 总计 55 → 54: 40+0+10+5 = 55 ≠ 54
    ("AR104", "fail", SH, [("| 40 | 0 | 10 | 5 | 55 |", "| 40 | 0 | 10 | 5 | 54 |")], {}),
    ("AR104", "pass", SH, [], {}),
    # AR105: a negative count
    ("AR105", "fail", SH, [("| （三）2.其他法律行政法规禁止公开 | 0 |", "| （三）2.其他法律行政法规禁止公开 | -1 |")], {}),
    ("AR105", "pass", SH, [], {}),
    # AR301: 受理 1296 is neither 新收 1295 nor 新收+上年结转 1484
    ("AR301", "fail", SH, [("受理政府信息公开申请 1295 件", "受理政府信息公开申请 1296 件")], {}),
    ("AR301", "pass", SH, [("受理政府信息公开申请 1295 件", "受理政府信息公开申请 1484 件")], {}),
    # AR401/AR402: the city's 3 规章 made, 5 repealed, 74 in force are implausible for a county
    ("AR401", "fail", CITY, [], {"level": "county"}),
    ("AR401", "pass", CITY, [], {"level": "city"}),
    ("AR402", "fail", CITY, [], {"level": "county"}),
    ("AR402", "pass", SY, [], {}),
]


@pytest.mark.parametrize("code, kind, name, subs, ctx", CASES, ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_rule_case(tmp_path, code, kind, name, subs, ctx):
    report = variant(tmp_path, name, *subs)
    findings, _ = run(report, **ctx)
    mine = [f for f in findings if f.rule == code and f.assessable]
    if kind == "fail":
        assert mine, f"{code} should flag"
        assert all(f.message and f.item for f in mine)
    else:       # an info note (an accepted usage said) is no failure, except for the info rule AR001
        assert not [f for f in mine if f.severity != "info" or code == "AR001"], [f.message for f in mine]


def test_fail_case_findings_name_cell_values_and_expected_sum(tmp_path):
    report = variant(tmp_path, SH, ("| （七）总计 | 1139 |", "| （七）总计 | 1140 |"))
    findings, _ = run(report)
    got = {(f.rule, f.item): f for f in findings}
    assert sorted(got) == [("AR101", "表三 自然人 列"), ("AR102", "表三 （七）总计 / 总计"),
                           ("AR103", "表三 （七）总计 / 自然人")]
    f = got[("AR101", "表三 自然人 列")]
    assert f.data == {"lhs": {"新收": 1259, "上年结转": 170}, "rhs": {"（七）总计": 1140, "结转下年度": 290},
                      "lhs_sum": 1429, "rhs_sum": 1430, "expected": 1429, "difference": 1}
    assert f.severity == "error" and f.line is not None
    assert f.message.endswith("新收 1259 + 上年结转 170 add up to 1429, （七）总计 1140 + 结转下年度 290 add up to 1430: "
                              "they differ by 1")
    f = got[("AR103", "表三 （七）总计 / 自然人")]
    assert (f.data["lhs_sum"], f.data["rhs_sum"]) == (1139, 1140)
    # the sum of the row 1140+48+0+0+4+0 = 1192 is what 总计 should say
    assert got[("AR102", "表三 （七）总计 / 总计")].data["expected"] == 1192
    assert got[("AR102", "表三 （七）总计 / 总计")].message.endswith(" + 其他 0 add up to 1192, 总计 is 1191: they differ by 1")
    assert got[("AR103", "表三 （七）总计 / 自然人")].message.endswith(" + （六）3 264 add up to 1139, （七）总计 is 1140: they differ by 1")


def test_missing_part_decides_only_when_known_parts_exceed_the_total(tmp_path):
    # 结果纠正 lost: 40 + ? + 10 + 5 ≥ 55 > 54 fails whatever it was; against 56 it might be 1
    over = variant(tmp_path, SH, ("| 40 | 0 | 10 | 5 | 55 |", "| 40 | ? | 10 | 5 | 54 |"))
    f = [f for f in run(over)[0] if f.rule == "AR104"]
    assert [(x.assessable, x.severity) for x in f] == [(True, "error")] and "whatever" in f[0].message
    assert "结果纠正 ? + 其他结果 10 + 尚未审结 5 add up to at least 55, 总计 is 54: " in f[0].message
    (tmp_path / "b").mkdir()
    under = variant(tmp_path / "b", SH, ("| 40 | 0 | 10 | 5 | 55 |", "| 40 | ? | 10 | 5 | 56 |"))
    f = [f for f in run(under)[0] if f.rule == "AR104"]
    assert [(x.assessable, x.severity) for x in f] == [(False, "info")]
    assert f[0].data["missing"] == ["结果纠正 (missing)"]


def test_text_parts_must_add_up(tmp_path):
    """上街区 line 54: 28 + 41 = 69 = 新收. With 40 instead of 41 the parts add to 68: both quotes fail."""
    report = variant(tmp_path, SJ, ("公开41件", "公开40件"))
    fs = [f for f in run(report)[0] if f.rule == "AR301" and f.assessable]
    assert [(f.data["quoted"], f.data["sum_of_parts"]) for f in fs] == [(28, 68), (40, 68)]
    assert fs[0].data["tables"] == {"表三 一、本年新收 / 总计": 69, "新收 + 上年结转": 71}


# ---------------------------------------------------------------- across years (--previous)

def previous_of(report, year: int, changes: dict | None = None):
    """Last year's tables as a structured file would give them, derived from this year's report:
    its 结转下年度 is this year's 上年结转, its 现行有效 = this year's 现行有效 − 制发 + 废止."""
    data = to_dict(report)
    data["year"] = year
    t3 = data["tables"][T3]
    t3["四、结转下年度继续办理"] = json.loads(json.dumps(t3["二、上年结转"]))
    gz = data["tables"][T2]["规章"]
    gz["现行有效件数"] = {"value": 235 - 22 + 55}
    for (table, row, col), value in (changes or {}).items():
        data["tables"][table][row][col] = {"value": value}
    from gongkai.rules.reports.structured import from_dict

    return from_dict(data, "previous.json")


def test_cross_year_rules(tmp_path):
    """Shanghai 2025 against a 2024 derived from it: 上年结转 189 = 结转下年度 189 in every column;
    规章 现行有效 268 + 制发 22 − 废止 55 = 235; 行政规范性文件 废止 is missing (lost in extraction)."""
    now = load_report(DATA / SH)
    findings, passed = run(now, previous=previous_of(now, 2024))
    assert failing(findings) == []
    assert passed["AR201"] == 7 and passed["AR202"] == 1
    assert not_assessable(findings) == [("AR202", "表二 规范性文件 / 现行有效件数")]

    prev = previous_of(now, 2024, {(T3, "四、结转下年度继续办理", "总计"): 188, (T2, "规章", "现行有效件数"): 260})
    findings, _ = run(now, previous=prev)
    assert failing(findings) == [("AR201", "error", "表三 二、上年结转 / 总计"),
                                 ("AR202", "warning", "表二 规章 / 现行有效件数")]
    ar202 = next(f for f in findings if f.rule == "AR202" and f.assessable)
    assert (ar202.data["lhs_sum"], ar202.data["rhs_sum"]) == (260 + 22, 55 + 235)

    gap, _ = run(now, previous=previous_of(now, 2022))
    assert [(f.rule, f.assessable) for f in gap if f.rule.startswith("AR2")] == [("AR201", False), ("AR202", False)]


def test_cross_year_needs_the_2021_format_for_in_force():
    now = load_report(DATA / SH)
    old = load_report(DATA / SJ)
    old.year = 2024
    findings, _ = run(now, previous=old)
    assert [f.message for f in findings if f.rule == "AR202"][0].startswith("not assessable: needs both reports in the 2021")


def test_no_previous_no_cross_year_findings():
    findings, passed = run(load_report(DATA / SH))
    assert not [f for f in findings if f.rule.startswith("AR2")] and "AR201" not in passed


# ---------------------------------------------------------------- levels and documentation

@pytest.mark.parametrize("unit, level", [
    ("郑州市上街区人民政府", "county"), ("沭阳县发展和改革局", "county"), ("上海市宝山区绿化和市容管理局", "county"),
    ("上街区中心路街道办事处", "township"), ("新疆某镇", "township"), ("上海市人民政府办公厅", "province"),
    ("新疆维吾尔自治区人民政府", "province"), ("阿克苏地区行政公署", "city"), ("测试市", None),
    ("郑州市住房和城乡建设局", None), (None, None),
])
def test_admin_level(unit, level):
    assert admin_level(unit) == level


def test_every_ar_rule_is_registered_documented_and_has_cases():
    codes = {r.code for r in report_rules()}
    assert codes == {r.code for r in all_rules() if r.code.startswith("AR")}
    assert codes == {"AR001", "AR002", "AR101", "AR102", "AR103", "AR104", "AR105", "AR201", "AR202", "AR301",
                     "AR401", "AR402"}
    for r in report_rules():
        assert "Why:" in r.doc and "Fails:" in r.doc and "Passes:" in r.doc, r.code
        assert r.scope == "report"
    cased = {(c[0], c[1]) for c in CASES}
    for code in codes - {"AR201", "AR202"}:          # the cross-year rules have their own tests above
        assert (code, "fail") in cased and (code, "pass") in cased, code
