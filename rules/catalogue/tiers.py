"""COV — coverage of a derived (township / village) catalogue against its parent's.

The parent is read once per check (from gongkai.toml ``[parent]``); a missing or moved parent
is itself a finding (COV008), never skipped in silence.
"""
from __future__ import annotations

from gongkai.catalog.errors import GongkaiError, display_path
from gongkai.rules.engine.finding import Flag
from gongkai.rules.engine.registry import rule

_PARENT = "_tiers_parent"


def _parent(ctx):
    """(parent workspace or None, why it could not be read) — loaded once per check."""
    if _PARENT not in ctx.__dict__:
        from gongkai.catalog.tiers.parent import open_parent

        try:
            ctx.__dict__[_PARENT] = (open_parent(ctx.ws), None)
        except GongkaiError as exc:
            ctx.__dict__[_PARENT] = (None, exc.render().removeprefix("error: "))
    return ctx.__dict__[_PARENT]


def _config_place(ctx, field: str) -> dict:
    from gongkai.catalog.toml_store import LineMap
    from gongkai.catalog.workspace import CONFIG_NAME

    return {"file": display_path(ctx.ws.root / CONFIG_NAME), "line": LineMap(ctx.ws.config_text).top_line(field),
            "field": field}


@rule("COV006", "parent-item-unclaimed", severity="warning", scope="workspace")
def parent_item_unclaimed(ctx):
    """A parent item for this unit's level is neither claimed nor declined.

    Why: 逐级认领 — a township or village catalogue is drawn from the county's: every county item
    disclosed at 乡级 / 村级 is claimed (认领) or left out with a reason on record, so that no duty
    falls between the levels (国办发〔2019〕54号, 公开分责).
    Fails: the district publishes 19-02-002 with `levels = ["县级", "乡级"]` and the township has no
    item claiming it and no `[[parent.declined]]` entry for it.
    Passes: `gongkai claim 19-02-002`, or `gongkai decline 19-02-002 --reason "本镇无此职能"`.
    """
    if ctx.ws.config.parent is None:
        return
    parent, _ = _parent(ctx)
    if parent is None:
        return   # COV008 says why
    from gongkai.catalog.tiers.claim import undecided

    for u in undecided(ctx.ws, parent):
        clash = f"; its code {u.conflict} is used here by another item" if u.conflict else ""
        yield Flag(f"parent item {u.parent_code} {u.label} ({parent.config.unit.name}) is neither claimed nor "
                   f"declined{clash}", item=u.code, **_config_place(ctx, "parent"),
                   hint=f"gongkai claim {u.parent_code}  or  gongkai decline {u.parent_code} --reason \"…\"")


@rule("COV007", "tailored-mode-contradicts-parent", severity="warning", scope="item")
def tailored_mode_contradicts_parent(item, ctx, domain):
    """A claimed item tailors its 公开方式 against the parent's: 主动 here for an item the parent
    discloses only 依申请, or no longer 主动 for an item the parent discloses proactively.

    Why: the parent's mode follows from the law (条例 第十九至二十条 主动公开; 依申请 items may touch
    personal or business information, 第十五条); a township may add channels and bodies, not
    change whether an item is disclosed proactively.
    Fails: parent `mode = ["依申请"]` (kept in `parent.base`), tailored here `mode = ["主动"]`.
    Passes: the mode inherited, or tailored to `["主动", "依申请"]` for a proactive parent item.
    """
    link = item.parent
    if link is None or "method.mode" not in link.tailored:
        return
    upstream = set(link.base.get("method.mode") or [])
    here = item.method.mode
    if not upstream:
        return
    if "主动" in here and "主动" not in upstream:
        yield Flag(f"tailored to 主动 here, but the parent ({link.code} v{link.version}) discloses it only "
                   f"{'、'.join(sorted(upstream))}", field="method.mode",
                   hint="inherit the parent's mode, or ask the parent to change it")
    elif "主动" in upstream and "主动" not in here:
        yield Flag(f"the parent ({link.code} v{link.version}) discloses it 主动, but it is tailored to "
                   f"{'、'.join(sorted(here)) or 'no mode'} here", field="method.mode",
                   hint="keep 主动: a township may add 依申请, not drop proactive disclosure")


@rule("COV008", "parent-missing", severity="error", scope="workspace")
def parent_missing(ctx):
    """The parent workspace named in gongkai.toml ``[parent]`` cannot be read.

    Why: a derived catalogue is kept in step with its parent; if the parent's folder moved or another
    unit's workspace took its place, upstream changes would go unnoticed — so it is an error, not a
    silent fallback to the last claimed versions.
    Fails: `[parent] path = "../shangjie"` and that folder is gone.
    Passes: the path names the parent's folder (with the region given in `[parent] region`).
    """
    if ctx.ws.config.parent is None:
        return
    _, why = _parent(ctx)
    if why:
        yield Flag(why, **_config_place(ctx, "parent.path"),
                   hint="set [parent] path in gongkai.toml to the parent workspace's folder")


@rule("COV009", "parent-change-not-followed", severity="warning", scope="workspace")
def parent_change_not_followed(ctx):
    """The parent approved a new version of a claimed item, withdrew it or no longer has it, and the
    change is not yet recorded here.

    Why: 动态调整 — a change upstream must reach the levels below within 20 working days of the
    parent's decision (滨江: 20个工作日); until `gongkai sync` records it, nobody here is reminded.
    Fails: the township's item follows 410106-19-05-002 v1 and the district approved v2.
    Passes: `gongkai sync --apply` (or `gongkai adjust parent`) recorded it: the item is in review
    with its due date (LIF rules watch that date).
    """
    if ctx.ws.config.parent is None:
        return
    parent, _ = _parent(ctx)
    if parent is None:
        return   # COV008 says why
    from gongkai.catalog.adjust import ADJUST_WORKDAYS
    from gongkai.catalog.tiers.follow import upstream

    shown = {id(d): display_path(d.path) for d in ctx.ws.domains}
    files = {i.code: shown[id(d)] for d, i in ctx.ws.items()}
    for u in upstream(ctx.ws, parent):
        if u.recorded:
            continue
        what = {"new_version": f"approved v{u.to_version}", "withdrawn": "withdrew it",
                "missing": "no longer has it"}[u.kind]
        due = ""
        if u.changed_on is not None and ctx.calendar.covers(u.changed_on):
            due = f"; review due {ctx.calendar.add(u.changed_on, ADJUST_WORKDAYS)}"
        yield Flag(f"the parent {what} ({u.parent_code}{f', on {u.changed_on}' if u.changed_on else ''}){due}",
                   item=u.code, file=files[u.code], field="parent",
                   hint="gongkai diff --upstream CODE, then gongkai sync --apply")
