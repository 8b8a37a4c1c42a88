"""依据分级 from a basis title: which tier a law, regulation or document belongs to.

What makes a 地方性法规 (or a 地方政府规章) is the place that made it, named at the start of the
title: 《四川省国有土地上房屋征收与补偿条例》, 《重庆市就业促进条例》. 市 inside a word is no place:
《城市绿化条例》 and 《人力资源市场暂行条例》 are State Council 行政法规, and so are a few titles that
read like rules of a ministry (《社会救助暂行办法》); those are listed by name. A decision of the
NPC Standing Committee (《全国人民代表大会常务委员会关于…的决定》) has the force of law. A title
written without 《》 is tiered only when it still names a document: 中华人民共和国…, a place's
regulation, a listed title or a document number.
"""
from __future__ import annotations

import re

_TRIAL = r"(?:[（(][^）)]*[)）])?"                 # （试行）, (暂行), (2019年修订)
# State Council 行政法规 whose titles the patterns below would read as another tier (国务院令 number).
STATE_COUNCIL_TITLES = frozenset({
    "城市绿化条例",                    # 国务院令第100号
    "城市市容和环境卫生管理条例",      # 第101号
    "城市供水条例",                    # 第158号
    "城市道路管理条例",                # 第198号
    "城市房地产开发经营管理条例",      # 第248号
    "城市居民最低生活保障条例",        # 第271号
    "城市生活无着的流浪乞讨人员救助管理办法",  # 第381号
    "社会救助暂行办法",                # 第649号
    "人力资源市场暂行条例",            # 第700号
    "市场主体登记管理条例",            # 第746号
    "居住证暂行条例",                  # 第663号
    "国务院居住证暂行条例",
})
# A place at the start of a title: two or more characters ending in an administrative suffix, not
# a word that merely holds 市 (城市, 市场, 市容, 上市) and not a phrase (关于…, …和…).
_PLACE = re.compile(r"^(?!中华人民共和国|国务院|全国|关于|国家)[^的关于和与及之、《》\s“”]{2,10}?"
                    r"(?:省|自治区|特别行政区|市(?![场容])|自治州|州|盟|自治县|县|旗)")
_NPC = re.compile(r"^全国人民代表大会(常务委员会)?关于.*决定$")
_LAW = re.compile(r"(?<!办)法" + _TRIAL + "$")
_REGULATION = re.compile(r"条例" + _TRIAL + "$|.法实施(办法|细则)" + _TRIAL + "$")
_RULES = re.compile(r"(办法|规定|细则)" + _TRIAL + "$")
_NORMATIVE = re.compile(r"通知|意见|决定|方案|指引|规划|标准|目录|公告|规范|规程|指南|指导")
_DOC_NUMBER = re.compile(r"〔\d{4}〕|\[\d{4}\]|令第?\s*\d|第\s*\d+\s*号")


def document_name(title: str) -> tuple[str, bool]:
    """(the name of the document a basis cites, whether it was written in 《》)."""
    m = re.search(r"《([^》]+)》", title)
    if m:
        return re.sub(r"\s+", "", m.group(1)), True
    bare = re.sub(r"\s+", "", title).strip("《》")
    bare = re.sub(r"[(（][^()（）]*[)）]$", "", bare)      # a trailing （国令第711号）
    return bare, False


def infer_tier(title: str) -> str:
    """依据分级 of a basis title; 其他 when the wording does not say."""
    name, bracketed = document_name(title)
    plain = re.sub(_TRIAL + "$", "", name)
    if name in STATE_COUNCIL_TITLES or plain in STATE_COUNCIL_TITLES:
        return "行政法规"
    if _NPC.match(plain):
        return "法律"
    place = bool(_PLACE.match(name))
    if not bracketed and not (place or name.startswith("中华人民共和国") or _DOC_NUMBER.search(title)):
        return "其他"                   # "信息公开规定", "各地相关政策法规文件": no document named
    if place and _REGULATION.search(name) and "人民政府" not in name:
        return "地方性法规"
    if place and _RULES.search(name) or re.search(r"(省|自治区|市|州)人民政府令", title):
        return "地方政府规章"
    if _LAW.search(name):
        return "法律"
    if _REGULATION.search(name) or "国务院令" in title:
        return "行政法规"
    if re.search(r"(部|委|总局|署|局)令", title) or _RULES.search(name):
        return "部门规章"
    if _DOC_NUMBER.search(title) or _NORMATIVE.search(name):
        return "规范性文件"
    return "其他"
