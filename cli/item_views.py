"""What `gongkai item show` prints, shared by the command and its fast path (``cli.fast_show``)."""
from __future__ import annotations


def item_show_text(item, domain, root, fmt: str) -> str:
    """What `gongkai item show` prints (text or json), for the command and for its fast path."""
    if fmt == "json":
        import json

        data = item.model_dump(mode="json", by_alias=True, exclude_none=True)
        if item.parent is not None:
            from gongkai.catalog.tiers.tailor import provenance

            data["provenance"] = provenance(item)    # which fields are inherited from the parent, which tailored
        return json.dumps({"domain": domain.code, "file": str(domain.path.relative_to(root)), **data},
                          ensure_ascii=False, indent=2, default=str)
    from gongkai.cli.output import item_text

    text = item_text(item, domain)
    if item.parent is not None:
        from gongkai.cli.tier_views import provenance_text

        text += "\n" + provenance_text(item)
    return text
