"""What a department clerk reads for each record finding: the problem in Chinese, the next step in
their terms (which record, which CMS field, whom to ask), and where the record is — the row of the
CMS export they imported, not the TOML file gongkai keeps. The English message stays for machines.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from gongkai.rules.engine.finding import Finding

UNIT_ZH = {"workdays": "个工作日", "days": "日"}
KIND_ZH = {
    "REC001": "超期公开", "REC002": "超期未公开", "REC003": "缺期", "REC004": "渠道不符",
    "REC005": "要素不全", "REC006": "编码不在目录", "REC007": "无公开记录",
}
OFFICE = "区政务公开办"          # who changes the catalogue itself (channels, mode, codes)


@dataclass(frozen=True)
class Explained:
    kind: str           # 超期未公开 …
    problem: str        # what is wrong, in Chinese
    action: str         # what to do next
    where: str          # the CMS export and row, or the catalogue item

    def line(self) -> str:
        return f"【{self.kind}】{self.problem} → {self.action}" + (f"（{self.where}）" if self.where else "")


def explain(f: Finding, sources: Optional[dict[str, str]] = None) -> Explained:
    """``sources`` maps a records file (as findings name it) to the CMS export it was imported from."""
    d = f.data or {}
    days = f"{d.get('days_overdue') or d.get('days_late') or 0}{UNIT_ZH.get(d.get('unit', 'workdays'), '个工作日')}"
    title = f"《{d['title']}》" if d.get("title") else "该条信息"
    where = _where(f, sources or {})
    kind = KIND_ZH.get(f.rule, f.rule)
    if f.rule == "REC002":
        return Explained(kind, f"{title}应于 {d.get('due')} 前公开（信息形成于 {d.get('formed_on')}），至今未发布，已超期 {days}",
                         "请立即发布，并在 CMS 导出中填写“发布日期”后重新导入", where)
    if f.rule == "REC001":
        return Explained(kind, f"{title}于 {d.get('published_on')} 发布，晚于期限 {d.get('due')} 共 {days}",
                         "核对 CMS 中的“形成日期”“发布日期”是否填写正确；无误则记为超期公开，今后按时限发布", where)
    if f.rule == "REC003":
        return Explained(kind, f"{d.get('period')} 这一期没有公开记录（应于 {d.get('due')} 前公开）",
                         "发布这一期的信息，再导入含该条记录的 CMS 导出", where)
    if f.rule == "REC004":
        return Explained(kind, f"{title}发布在“{d.get('channel')}”，目录未列该渠道",
                         f"在目录列出的渠道发布；若该渠道确应使用，请{OFFICE}在目录中增加（动态调整）", where)
    if f.rule == "REC005":
        missing = "、".join(d.get("missing") or [])
        return Explained(kind, f"{title}缺少必须公开的要素：{missing}",
                         "在已发布页面补全这些内容，并在 CMS 导出的“公开要素”中写明", where)
    if f.rule == "REC006":
        return Explained(kind, f"{title}的事项编码不在本单位目录中",
                         f"在 CMS 中改正该条信息的“事项编码”（见 gongkai items）；编码无误时请{OFFICE}核对目录", where)
    if f.rule == "REC007":
        return Explained(kind, "这一主动公开事项没有任何公开记录",
                         f"发布该事项的信息并导入记录；若 CMS 用了别的编码，改正编码；不应主动公开时请{OFFICE}修改公开方式",
                         where)
    return Explained(kind, f.message, f.hint or "", where)


def _where(f: Finding, sources: dict[str, str]) -> str:
    row = (f.data or {}).get("row")
    source = sources.get(f.file or "")
    if source and row:
        return f"{source} 第 {row} 行"
    return source or ""          # REC003 / REC007 concern the catalogue item itself, named on the line


def sources_of(files) -> dict[str, str]:
    """Records file (its display name) → the CMS export it came from (the [source] file)."""
    return {rf.name: rf.source.file for rf in files if rf.source and rf.source.file}
