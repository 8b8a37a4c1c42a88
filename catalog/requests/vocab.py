"""The words of the 依申请公开 register: channels, applicant types, outcomes, review results.

Outcomes are the result rows of 表三 in the 2021 format (国办公开办函〔2021〕30号), written as the
report tables write them (``gongkai.rules.reports.tables.T3_RESULT_ROWS["2021"]``, kept equal by a
test); applicant types are 表三's columns. Registers write outcomes many ways — the full row
label, its short name (国家秘密), the group and number (不予公开 1, （三）1), or the template's long
wording (申请人无正当理由逾期不补正、行政机关不再处理…) — and ``outcome_name`` reads them all.
"""
from __future__ import annotations

import re
import unicodedata

# 第三十一条: the day an application counts as received depends on how it came
CHANNELS = ("当面", "邮寄", "网络", "传真", "其他")
CHANNEL_SYNONYMS = {
    "当面": ("当面提交", "现场", "窗口", "面交", "当面申请"),
    "邮寄": ("信函", "邮政", "快递", "挂号信", "邮寄申请"),
    "网络": ("在线", "网上", "互联网", "网上申请", "在线申请", "电子邮件", "邮箱", "网站"),
    "传真": ("传真申请",),
}
RECEIPT_RULE = {   # what received_on means, per channel (条例 第三十一条)
    "当面": "the day the applicant submitted it in person",
    "邮寄": "the day the agency signed for the letter",
    "网络": "the day both sides confirmed it (online)",
    "传真": "the day both sides confirmed it (fax)",
    "其他": "the day it was received",
}

APPLICANT_TYPES = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
APPLICANT_SYNONYMS = {
    "自然人": ("个人", "公民", "群众"),
    "商业企业": ("企业", "公司"),
    "科研机构": ("科研单位", "研究机构", "高校"),
    "社会公益组织": ("公益组织", "社会组织"),
    "法律服务机构": ("律师事务所", "律所", "律师"),
    "其他": ("其他组织", "法人或其他组织-其他"),
}

OUTCOMES = (
    "（一）予以公开", "（二）部分公开",
    "（三）1.属于国家秘密", "（三）2.其他法律行政法规禁止公开", "（三）3.危及“三安全一稳定”",
    "（三）4.保护第三方合法权益", "（三）5.属于三类内部事务信息", "（三）6.属于四类过程性信息",
    "（三）7.属于行政执法案卷", "（三）8.属于行政查询事项",
    "（四）1.本机关不掌握相关政府信息", "（四）2.没有现成信息需要另行制作", "（四）3.补正后申请内容仍不明确",
    "（五）1.信访举报投诉类申请", "（五）2.重复申请", "（五）3.要求提供公开出版物",
    "（五）4.无正当理由大量反复申请", "（五）5.要求行政机关确认或重新出具已获取信息",
    "（六）1.申请人逾期不补正", "（六）2.申请人逾期未缴纳费用", "（六）3.其他",
)
# the six groups the annual report's text quotes (予以公开 … 其他处理)
GROUPS = {"一": "予以公开", "二": "部分公开", "三": "不予公开", "四": "无法提供", "五": "不予处理", "六": "其他处理"}
_GROUP_OF_WORD = {v: k for k, v in GROUPS.items()}
_NUMERALS = "一二三四五六"

REVIEW_RESULTS = ("维持", "纠正", "其他", "尚未审结")
REVIEW_SYNONYMS = {"维持": ("结果维持", "驳回", "驳回诉讼请求"), "纠正": ("结果纠正", "撤销", "确认违法", "责令履行"),
                   "其他": ("其他结果", "撤回", "终止", "调解"), "尚未审结": ("未审结", "审理中")}


def norm(text: object) -> str:
    """NFKC, no spaces, quotes or punctuation that registers vary in; full-width brackets."""
    t = unicodedata.normalize("NFKC", str(text or ""))
    t = re.sub(r"[\s\u200b\ufeff\"'“”‘’「」]+", "", t)
    return t.replace("(", "（").replace(")", "）")


def _key(text: str) -> str:
    return re.sub(r"[（）.、．:：\-—_]", "", norm(text))


# short names (the row label without its group and number), then telling keywords
_SHORT = {}
for _label in OUTCOMES:
    _m = re.match(r"（(.)）(?:(\d)\.)?(.*)", _label)
    _SHORT[_key(_m[3])] = _label
_KEYWORDS = (
    ("国家秘密", OUTCOMES[2]), ("禁止公开", OUTCOMES[3]), ("三安全一稳定", OUTCOMES[4]),
    ("第三方合法权益", OUTCOMES[5]), ("内部事务", OUTCOMES[6]), ("过程性信息", OUTCOMES[7]),
    ("执法案卷", OUTCOMES[8]), ("行政查询", OUTCOMES[9]), ("不掌握", OUTCOMES[10]), ("另行制作", OUTCOMES[11]),
    ("仍不明确", OUTCOMES[12]), ("信访", OUTCOMES[13]), ("重复申请", OUTCOMES[14]), ("公开出版物", OUTCOMES[15]),
    ("大量反复", OUTCOMES[16]), ("重新出具", OUTCOMES[17]), ("逾期不补正", OUTCOMES[18]),
    ("缴纳费用", OUTCOMES[19]), ("收费通知", OUTCOMES[19]),
)
_NUMBERED = re.compile(r"^(?:（?([一二三四五六])）?|(予以公开|部分公开|不予公开|无法提供|不予处理|其他处理))(\d)?$")
OUTCOME_EXPECTED = ("a 表三 result of the 2021 format: 予以公开, 部分公开, 不予公开 1–8 (e.g. 属于国家秘密), "
                    "无法提供 1–3, 不予处理 1–5, 其他处理 1–3, written as the row label (（三）1.属于国家秘密), "
                    "its name (属于国家秘密) or group and number (不予公开1)")


def outcome_name(text: object) -> str | None:
    """The 表三 row an outcome cell names, or None when it names none."""
    k = _key(str(text or ""))
    if not k:
        return None
    if k in _SHORT:
        return _SHORT[k]
    for label in OUTCOMES:
        if _key(label) == k:
            return label
    m = _NUMBERED.match(k)
    if m:
        group = m[1] or _GROUP_OF_WORD[m[2]]
        number = m[3]
        rows = [o for o in OUTCOMES if o.startswith(f"（{group}）")]
        if group in "一二" and number in (None, "1"):
            return rows[0]
        if number and group in "三四五六" and 1 <= int(number) <= len(rows):
            return rows[int(number) - 1]
        return None
    for word, label in _KEYWORDS:
        if word in k:
            return label
    if k in ("予以公开", "全部公开", "同意公开", "公开"):
        return OUTCOMES[0]
    return None


def outcome_group(label: str) -> str:
    """The group word of an outcome row: （三）1.属于国家秘密 → 不予公开."""
    return GROUPS[label[1]]


def _index(names: tuple[str, ...], synonyms: dict[str, tuple[str, ...]]) -> dict[str, str]:
    out = {norm(n): n for n in names}
    out.update({norm(s): n for n, syns in synonyms.items() for s in syns})
    return out


_CHANNEL_INDEX = _index(CHANNELS, CHANNEL_SYNONYMS)
_TYPE_INDEX = _index(APPLICANT_TYPES, APPLICANT_SYNONYMS)
_RESULT_INDEX = _index(REVIEW_RESULTS, REVIEW_SYNONYMS)


def _lookup(text: object, index: dict[str, str]) -> str | None:
    found = index.get(text) if isinstance(text, str) else None     # already a canonical name: no normalising
    return found if found == text else index.get(norm(text))


def channel_name(text: object) -> str | None:
    return _lookup(text, _CHANNEL_INDEX)


def applicant_type(text: object) -> str | None:
    return _lookup(text, _TYPE_INDEX)


def review_result(text: object) -> str | None:
    return _lookup(text, _RESULT_INDEX)
