"""ATT — completeness of the eight attributes (八定) and three divisions (三分).

A draft may lack attributes (the model accepts it); these rules say what is missing.
"""
from __future__ import annotations

import re

from gongkai.rules.engine.finding import Flag
from gongkai.rules.engine.registry import family, rule

family("ATT", "八定三分 completeness")

MASKED = re.compile(r"\*{2,}|＊{2,}")
PLACEHOLDERS = ("(truncated)", "(not stored)", "(merged)", "（略）", "（暂无）")


@rule("ATT001", "elements-missing", severity="error", scope="item")
def elements_missing(item, ctx, domain):
    """定要素: the item lists no elements (公开内容) to disclose.

    Why: the standard guidelines fix for every item what must be disclosed; without
    elements, neither a department nor an assessor can tell whether it was.
    Fails: an item with `elements = []`.
    Passes: `elements = ["办理条件", "所需材料"]`.
    """
    if not item.elements:
        yield Flag("no 公开内容(要素): say what this item discloses", zh="未填公开内容(要素)：写明本事项公开哪些内容", hint_zh='例如 gongkai item edit CODE --set "elements=办理条件、所需材料"', field="elements",
                   hint='e.g. gongkai item edit CODE --set "elements=办理条件、所需材料"')


@rule("ATT002", "basis-missing", severity="error", scope="item")
def basis_missing(item, ctx, domain):
    """依据分级: the item cites no basis (公开依据).

    Why: every disclosure duty rests on a law, regulation or document (三分: 依据分级);
    the basis also tells 动态调整 which items a law change affects.
    Fails: `basis = []`.
    Passes: `basis = [{title = "《中华人民共和国政府信息公开条例》"}]`.
    """
    if not item.basis:
        yield Flag("no 公开依据 (basis)", zh="未填公开依据", field="basis",
                   hint='gongkai item edit CODE --set "basis=《中华人民共和国政府信息公开条例》"')


@rule("ATT003", "body-missing", severity="error", scope="item")
def body_missing(item, ctx, domain):
    """定实施主体: the item names no disclosing body (公开主体).

    Why: 公开分责 — someone must be responsible for disclosing; 条例 第十条 assigns the duty
    to the body that made or holds the information.
    Fails: no `body`.
    Passes: `body = "县级人民政府民政部门"`.
    """
    if not item.body:
        yield Flag("no 公开主体 (disclosing body)", zh="未填公开主体", field="body")


@rule("ATT004", "responsibility-missing", severity="warning", scope="item")
def responsibility_missing(item, ctx, domain):
    """定责任: no responsible unit, office or post is recorded.

    Why: 三分八定 fixes a responsible post for each item; it is often kept internally, so this
    is a warning, not an error.
    Fails: no `responsibility`.
    Passes: `responsibility = {unit = "区民政局", office = "社会救助股"}`.
    """
    r = item.responsibility
    if r is None or not (r.unit or r.office or r.post):
        yield Flag("no 责任 (responsible unit, office or post)", zh="未填责任单位、科室或岗位", field="responsibility")


@rule("ATT005", "deadline-missing", severity="error", scope="item")
def deadline_missing(item, ctx, domain):
    """定时限: the item has no deadline (公开时限).

    Why: 条例 第二十六条 — proactive information within 20 working days of its formation or
    change; without a deadline, lateness cannot be judged.
    Fails: no `deadline`.
    Passes: `deadline = "信息形成或者变更之日起20个工作日内"`.
    """
    if not item.deadline:
        yield Flag("no 公开时限 (deadline)", zh="未填公开时限", hint_zh='例如 --set "deadline=信息形成或者变更之日起20个工作日内"', field="deadline",
                   hint='e.g. --set "deadline=信息形成或者变更之日起20个工作日内"')


@rule("ATT006", "process-missing", severity="warning", scope="item")
def process_missing(item, ctx, domain):
    """定流程: the item has no disclosure process (采集 → 审核 → 发布 …).

    Why: 三分八定 fixes the steps, including the 保密审查 required by 条例 第十七条.
    Fails: `process = []`.
    Passes: `process = ["采集", "审核", "保密审查", "发布", "归档"]`.
    """
    if not item.process:
        yield Flag("no 公开流程 (process steps)", zh="未填公开流程", field="process")


@rule("ATT007", "mode-missing", severity="error", scope="item")
def mode_missing(item, ctx, domain):
    """定方式: no 公开方式 (主动 / 依申请).

    Why: whether an item is disclosed proactively decides which deadline and channel rules
    apply (条例 第十九条, 第二十七条).
    Fails: `method.mode = []`.
    Passes: `method.mode = ["主动"]`.
    """
    if not item.method.mode:
        yield Flag("no 公开方式 (主动 / 依申请)", zh="未填公开方式（主动 / 依申请）", field="method.mode")


@rule("ATT008", "channels-missing", severity="error", scope="item")
def channels_missing(item, ctx, domain):
    """定方式: no 公开渠道和载体.

    Why: the standard catalogues tick at least one of 13 channels; an assessor needs to know
    where to look.
    Fails: `method.channels = []`.
    Passes: `method.channels = ["政府网站"]`.
    """
    if not item.method.channels:
        yield Flag("no 公开渠道和载体 (channels)", zh="未填公开渠道和载体", field="method.channels")


@rule("ATT009", "audience-missing", severity="warning", scope="item")
def audience_missing(item, ctx, domain):
    """定方式: no 公开对象 (全社会 / 特定群体).

    Why: the standard tables tick the audience for every item; it decides e.g. whether a name
    list may go on the website.
    Fails: `method.audience = []`.
    Passes: `method.audience = ["全社会"]`.
    """
    if not item.method.audience:
        yield Flag("no 公开对象 (audience)", zh="未填公开对象（全社会 / 特定群体）", field="method.audience")


@rule("ATT010", "levels-missing", severity="error", scope="item")
def levels_missing(item, ctx, domain):
    """公开分责: no 公开层级 (县级 / 乡级 …).

    Why: the split of duties between county, township and village is one of the three
    divisions; 国办发〔2019〕54号 asks each level to compile its own catalogue.
    Fails: `levels = []`.
    Passes: `levels = ["县级", "乡级"]`.
    """
    if not item.levels:
        yield Flag("no 公开层级 (levels)", zh="未填公开层级", field="levels")


@rule("ATT011", "stages-missing", severity="info", scope="item")
def stages_missing(item, ctx, domain):
    """事项分类: no 五公开 stage (决策 / 执行 / 管理 / 服务 / 结果).

    Why: classification by 五公开 is part of 事项分类; few published tables carry it, so this
    is information only.
    Fails: `stages = []`.
    Passes: `stages = ["服务"]`.
    """
    if not item.stages:
        yield Flag("no 五公开 stage", zh="未标五公开环节（决策、执行、管理、服务、结果）", field="stages")


@rule("ATT012", "no-required-element", severity="warning", scope="item")
def no_required_element(item, ctx, domain):
    """定要素: every element is optional (〇), none required (●).

    Why: the guidelines mark the core of an item ● 必选; an item of only optional elements
    can be "complied with" by disclosing nothing.
    Fails: `elements = [{name = "联系方式", required = false}]`.
    Passes: `elements = ["办理条件", {name = "联系方式", required = false}]`.
    """
    if item.elements and not any(e.required for e in item.elements):
        yield Flag("all elements are optional (〇); mark the core ones required (●)", zh="要素全部为选填（〇）：请把核心要素标为必填（●）", field="elements")


@rule("ATT013", "masked-value", severity="error", scope="item")
def masked_value(item, ctx, domain):
    """A field holds a masked value such as "******局".

    Why: scraped or anonymised tables replace names with asterisks; such text is not data and
    must be filled in from the real catalogue.
    Fails: `body = "******局"`.
    Passes: `body = "区民政局"`.
    """
    for name in ("category", "name", "subitem", "body", "deadline"):
        value = getattr(item, name)
        if value and ("*" in value or "＊" in value) and MASKED.search(value):
            yield Flag(f"masked value {value!r}", zh=f"内容被遮挡：{value}", hint_zh="按原始目录填写真实内容", field=name, hint="fill in the real value from the source catalogue")


@rule("ATT014", "placeholder-text", severity="error", scope="item")
def placeholder_text(item, ctx, domain):
    """A field holds transcription placeholder text such as "(truncated)" or "(not stored)".

    Why: these marks come from partial copies of published tables; they are not content.
    Fails: `deadline = "制定或 (truncated)"`.
    Passes: `deadline = "制定或获取信息之日起10个工作日内"`.
    """
    elements = [e.name for e in item.elements]
    titles = [b.title for b in item.basis]
    scalars = (item.category, item.name, item.subitem or "", item.body or "", item.deadline or "")
    # One pass over all texts joined by newlines (no placeholder spans a line) rules out most items.
    joined = "\n".join((*scalars, *elements, *titles))
    if not any(p in joined for p in PLACEHOLDERS):
        return
    texts = [*zip(("category", "name", "subitem", "body", "deadline"), scalars),
             *(("elements", e) for e in elements), *(("basis", t) for t in titles)]
    for name, value in texts:
        if value and any(p in value for p in PLACEHOLDERS):
            yield Flag(f"placeholder text in {value!r}", zh=f"内容是占位文字：{value}", field=name)
