"""REC — disclosure records (公开记录) checked against the catalogue: late, missing, incomplete, wrong channel.

Record rules look at one item together with its records (``gongkai.rules.records.check.ItemRecords``):
``check(group, ctx)`` where ``ctx`` is a ``RecordContext`` (``as_of``, ``since``, ``calendar``).
Timeliness comes from ``gongkai.rules.records.obligations``, so ``gongkai comply`` counts what these rules report.
"""
from __future__ import annotations

from gongkai.catalog import vocab
from gongkai.catalog.records.cells import channel_name, element_key
from gongkai.rules.engine.finding import Flag
from gongkai.rules.engine.registry import family, rule

family("REC", "公开记录 disclosure records")

_UNITS = {"workdays": "working days", "days": "days"}


def _at(ref, message: str, field: str, hint: str | None = None, provisional=None, **data) -> Flag:
    """A flag placed on the record's line in its records file (``provisional``: the obligation's span)."""
    r = ref.record
    extra = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items() if v is not None}
    extra.update({"title": r.title, "url": r.url, "dept": r.dept, "row": r.row})
    return Flag(message, field=field, hint=hint, file=ref.file.name, line=ref.line,
                data={k: v for k, v in extra.items() if v is not None},
                provisional=provisional.note if provisional else None)


@rule("REC001", "record-late", severity="error", scope="record")
def record_late(group, ctx):
    """A record was published after the item's deadline, counted from the date its information was formed.

    Why: 条例 第二十六条 — proactive information is disclosed within 20 working days of its
    formation or change (or the item's own 公开时限, e.g. 制定或获取信息之日起10个工作日内); the
    count leaves out the start day (民法典 第二百零一条) and follows the holiday notices. 鲤城's
    table deducts 5 points for each 超期公开 document. A count through a year with no holiday
    notice yet is provisional: the finding keeps its severity and is marked 暂定 with the holidays counted.
    Fails: deadline 制定或获取信息之日起10个工作日内, formed 2026-03-02, published 2026-03-20
    (the 10th working day is 2026-03-16).
    Passes: the same record published on 2026-03-16.
    """
    for ob in group.obligations:
        if ob.kind == "record" and ob.status == "late":
            r = ob.ref.record
            yield _at(ob.ref, f"published {r.published_on}, {ob.days} {_UNITS[ob.unit]} after the due date {ob.due} "
                      f"(formed {r.formed_on}; {group.deadline_text})", "published_on", provisional=ob.provisional,
                      due=ob.due, formed_on=r.formed_on, published_on=r.published_on, days_late=ob.days, unit=ob.unit)


@rule("REC002", "record-overdue", severity="error", scope="record")
def record_overdue(group, ctx):
    """A record is not published yet (as of the date checked) and its deadline has passed.

    Why: information formed is due by the item's 公开时限 (条例 第二十六条); once the date has
    passed, every day adds to the delay, so it is listed first among what to fix. A count through a
    year with no holiday notice yet is provisional: same severity, marked 暂定 with the holidays counted.
    Fails: formed 2026-03-02 under 10个工作日, no publication date, checked as of 2026-03-20.
    Passes: checked as of 2026-03-16 (still due), or published on time.
    """
    for ob in group.obligations:
        if ob.kind == "record" and ob.status == "missing":
            r = ob.ref.record
            yield _at(ob.ref, f"not published as of {ctx.as_of}; due {ob.due}, overdue by {ob.days} {_UNITS[ob.unit]} "
                      f"(formed {r.formed_on}; {group.deadline_text})", "published_on",
                      hint="publish it now and record the date", provisional=ob.provisional, due=ob.due,
                      formed_on=r.formed_on, days_overdue=ob.days, unit=ob.unit)


@rule("REC003", "period-missing", severity="error", scope="record")
def period_missing(group, ctx):
    """A periodic item (按月 / 按季度 / 按年 / 每年M月D日前) has no record for a period that has ended.

    Why: a periodic 公开时限 promises one disclosure per period — e.g. the annual report 每年1月31日前
    (条例 第四十九条) or 按季度 figures; a period with nothing published is a missing disclosure.
    Periods are looked for from ``--since`` (default: the twelve months before ``--as-of``). A record
    belongs to the period of its formation date (or, without one, of its publication date).
    Fails: deadline 每年1月31日前 and no record formed or published between 2025-02-01 and 2026-01-31,
    checked as of 2026-03-05.
    Passes: the 2025 report published on 2026-01-20.
    """
    for ob in group.obligations:
        if ob.kind == "period" and ob.status == "missing":
            yield Flag(f"no record for {ob.period} (due {ob.due}; {group.deadline_text})", field="deadline",
                       hint="publish the period's information and import the record",
                       data={"period": ob.period, "due": ob.due.isoformat(), "days_overdue": ob.days})


@rule("REC004", "record-channel-unlisted", severity="warning", scope="record")
def record_channel_unlisted(group, ctx):
    """A record was published on a channel the item does not list in its 公开渠道和载体.

    Why: 定方式 — the catalogue fixes where each item is disclosed so that the public and
    assessors know where to look; information on an unlisted channel is hard to find, and the
    listed channel may lack it. Local names (门户网站, 微信公众号) are read as the standard ones.
    Fails: item channels 政府网站、公开查阅点, record channel 广播电视.
    Passes: record channel 门户网站 (read as 政府网站).
    """
    if group.item is None or not group.item.method.channels:
        return
    listed = {channel_name(c) for c in group.item.method.channels}
    for ref in group.refs:
        for ch in ref.record.channels:
            if channel_name(ch) not in listed:
                yield _at(ref, f"published on {ch}, which the item does not list ({'、'.join(vocab.vocab_order(listed, vocab.CHANNELS))})",
                          "channels", hint="publish on a listed channel, or adjust the item's channels (动态调整)",
                          channel=ch)


@rule("REC005", "record-elements-missing", severity="warning", scope="record")
def record_elements_missing(group, ctx):
    """A record lists the elements it disclosed, and a required (●) element of the item is not among them.

    Why: 定要素 — each item fixes the content to disclose; real tables mark ● required elements,
    and assessors deduct per element missing (鲤城: 要素未规范录入 −1/条). Records that do not list
    their elements are not judged.
    Fails: item elements 办理事项、办理条件、申请材料; record elements 办理事项、办理条件.
    Passes: record elements 办理事项、办理条件、申请材料.
    """
    if group.item is None:
        return
    required = [e.name for e in group.item.elements if e.required]
    for ref in group.refs:
        if not ref.record.elements:
            continue
        given = element_key("".join(ref.record.elements))
        missing = [name for name in required if element_key(name) not in given]
        if missing:
            yield _at(ref, f"required element(s) missing: {'；'.join(missing)}", "elements",
                      hint="add them to the published page, then to the record", missing=missing)


@rule("REC006", "record-code-unknown", severity="error", scope="record")
def record_code_unknown(group, ctx):
    """A record names an item code that is not in the catalogue.

    Why: 定编码 — a record is checked against its item's deadline, channels and elements; with a
    wrong code none of that can happen and the item it belongs to looks undisclosed.
    Fails: code 410106-19-09-999 in a workspace without that item.
    Passes: code 410106-19-02-002, or 19-02-002 (the region may be left out). Records of a
    withdrawn item are history and are not checked.
    """
    if group.item is not None:
        return
    for ref in group.refs:
        yield _at(ref, f"code {ref.record.code} is not in the catalogue", "code",
                  hint="correct the code in the CMS export (gongkai items lists the codes)")


@rule("REC007", "item-undisclosed", severity="warning", scope="record")
def item_undisclosed(group, ctx):
    """A proactive (主动) item has no disclosure record at all.

    Why: the standard catalogue (国办发〔2019〕54号 has every 基层政府 compile one) lists what the
    unit publishes proactively; an item with no record is either undisclosed or recorded under the
    wrong code. Periodic items are checked per period instead (REC003). An item with no 公开方式
    counts as proactive (ATT007 flags the missing mode).
    Fails: item 19-02-002 (办事指南) and no record with its code.
    Passes: one record of 19-02-002.
    """
    for ob in group.obligations:
        if ob.kind == "undisclosed":
            yield Flag("no disclosure record of this proactive item", field="code",
                       hint="publish it, or check the code used in the CMS export")
