"""Terminal output shared by commands: tables (CJK-aware widths) and item text."""
from __future__ import annotations

from typing import Any, Sequence



def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A table on stdout; rich measures Chinese characters as two columns."""
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for h in headers:
        table.add_column(str(h), overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    Console(soft_wrap=False, width=max(160, Console().width)).print(table)


def item_text(item, domain) -> str:
    """An item as an officer reads it: Chinese labels, one attribute a line."""
    from gongkai.catalog.vocab import FIELD_LABELS as L, STATUS_LABELS

    data = item.model_dump(mode="json", by_alias=True, exclude_none=True)
    out = [f"{L['code']} {item.code}  [{STATUS_LABELS[item.status]} {item.status}, v{item.version}]  "
           f"领域 {domain.code} {domain.model.domain.name}"]

    def line(key: str, value: Any) -> None:
        if value in (None, "", [], {}):
            value = "—"
        out.append(f"  {L.get(key, key)} {key}: {value}")

    line("category", item.category)
    line("name", item.name)
    if item.subitem:
        line("subitem", item.subitem)
    line("elements", "、".join(e.name + ("" if e.required else "(可选)") for e in item.elements))
    line("basis", "；".join(f"{b.title}{b.article or ''}〔{b.tier}〕" for b in item.basis))
    line("body", item.body)
    r = item.responsibility
    line("responsibility", " / ".join(x for x in (r.unit, r.office, r.post) if x) if r else None)
    line("deadline", item.deadline)
    line("process", " → ".join(item.process))
    line("mode", "、".join(data["method"]["mode"]))
    line("audience", "、".join(data["method"]["audience"]))
    line("channels", "、".join(data["method"]["channels"]))
    line("levels", "、".join(data["levels"]))
    line("stages", "、".join(data["stages"]))
    line("origin", item.origin.kind + (f"（{item.origin.reason}）" if item.origin.reason else ""))
    if item.source:
        line("source", " ".join(x for x in (item.source.locality, item.source.url, item.source.file) if x))
    if item.note:
        line("note", item.note)
    if item.review_due:
        out.append(f"  复核期限 review due: {item.review_due}")
    if item.history:
        last = item.history[-1]
        out.append(f"  历史 history: {len(item.history)} events, last {last.event} at {last.at:%Y-%m-%d %H:%M} UTC"
                   f" by {last.actor or '—'}")
    return "\n".join(out)


def cell_text(value) -> str:
    """A field value as the tables show it: lists joined with 、, optional elements marked 〇."""
    if value in (None, [], ""):
        return "(空)"
    if isinstance(value, list):
        return "、".join(("" if v.get("required", True) else "〇") + str(v.get("name") or v.get("title"))
                        if isinstance(v, dict) else str(v) for v in value)
    return str(value)
