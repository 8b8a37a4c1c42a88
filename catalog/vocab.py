"""The controlled vocabularies of the standard catalogues (DESIGN.md "Vocabulary").

Sets are written in the order given here, so canonical output is stable and reads
the way the ministries' tables do.
"""
from __future__ import annotations

from gongkai.catalog import basis_tiers as _tiers

# 依据分级: highest first. Tier inference looks at the title's wording.
TIERS = ("法律", "行政法规", "地方性法规", "部门规章", "地方政府规章", "规范性文件", "其他")

# 公开渠道和载体: the standard list of 13.
CHANNELS = (
    "政府网站", "政府公报", "两微一端", "发布会/听证会", "广播电视", "纸质媒体", "公开查阅点",
    "政务服务中心", "便民服务站", "入户/现场", "社区/企事业单位/村公示栏(电子屏)", "精准推送", "其他",
)
MODES = ("主动", "依申请")                 # 公开方式
AUDIENCES = ("全社会", "特定群体")          # 公开对象
LEVELS = ("市级", "县级", "乡级", "村级")    # 公开层级
STAGES = ("决策", "执行", "管理", "服务", "结果")  # 五公开
STATUSES = ("draft", "in_review", "published", "revising", "reviewing", "withdrawn")
STATUS_LABELS = {
    "draft": "草拟", "in_review": "审核中", "published": "已发布", "revising": "修订中",
    "reviewing": "复核中", "withdrawn": "已撤销",
}
ORIGINS = ("standard", "local")
UNIT_LEVELS = ("county", "township", "village")

# Chinese labels of the item fields, for help texts, tables and exports.
FIELD_LABELS = {
    "code": "事项编码", "category": "一级事项", "name": "二级事项", "subitem": "三级事项",
    "elements": "公开内容(要素)", "basis": "公开依据", "body": "公开主体", "responsibility": "责任",
    "deadline": "公开时限", "process": "公开流程", "method": "公开方式", "mode": "公开方式",
    "audience": "公开对象", "channels": "公开渠道和载体", "levels": "公开层级", "stages": "五公开",
    "origin": "来源", "source": "出处", "note": "备注", "status": "状态", "version": "版本",
    "history": "历史",
}

# 【…】 rank prefixes seen in real tables (锡林浩特, 巩留) mapped to tiers.
TIER_PREFIXES = {
    "法律": "法律", "行政法规": "行政法规", "条例": "行政法规", "法规": "行政法规",
    "地方性法规": "地方性法规", "部门规章": "部门规章", "规章": "部门规章",
    "地方政府规章": "地方政府规章", "规范性文件": "规范性文件", "部门规章及规范性文件": "部门规章",
    "其他": "其他",
}


def infer_tier(title: str) -> str:
    """依据分级 of a basis title; 其他 when the wording does not say (rules in ``catalog/basis_tiers.py``)."""
    return _tiers.infer_tier(title)


def vocab_order(values, vocabulary: tuple[str, ...]) -> list[str]:
    """Known values in vocabulary order, then unknown ones alphabetically."""
    rank = {v: i for i, v in enumerate(vocabulary)}
    return sorted(set(values), key=lambda v: (rank.get(v, len(rank)), v))
