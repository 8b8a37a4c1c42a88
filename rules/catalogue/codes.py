"""COD — 定编码: code format, region, domain and category consistency, no reuse."""
from __future__ import annotations

from gongkai.catalog.codes import CODE_FORMAT, parse_code
from gongkai.rules.engine.finding import Flag
from gongkai.rules.engine.registry import family, rule

family("COD", "定编码 codes")


@rule("COD001", "code-format", severity="error", scope="item")
def code_format(item, ctx, domain):
    """The code is not of the form ``RRRRRR-DD-CC-NNN`` (region, domain, category, item).

    Why: 定编码 — a code that follows the item's place in the hierarchy lets anyone find the
    item from its code; the tool assigns such codes (`gongkai item add`).
    Fails: `code = "A-17"`.
    Passes: `code = "410106-19-02-003"`.
    """
    if parse_code(item.code) is None:
        yield Flag(f"code {item.code!r} is not {CODE_FORMAT}", zh=f"事项编码“{item.code}”格式不对，应为 DD-CC-NNN 或 区划代码-DD-CC-NNN", field="code")


@rule("COD002", "code-region", severity="error", scope="item")
def code_region(item, ctx, domain):
    """The code's region part is missing or is not the workspace's region code.

    Why: codes are unique across districts only with the region (GB/T 2260) in front; an item
    copied from another district keeps that district's region by mistake.
    Fails: `code = "410105-19-01-001"` in the 410106 workspace.
    Passes: `code = "410106-19-01-001"`.
    """
    parsed = parse_code(item.code)
    if parsed is not None and parsed.region != ctx.ws.region:
        yield Flag(f"code {item.code} does not start with the workspace region {ctx.ws.region}", zh=f"事项编码 {item.code} 不以本单位区划代码 {ctx.ws.region} 开头", field="code")


@rule("COD003", "code-domain", severity="error", scope="item")
def code_domain(item, ctx, domain):
    """The code's domain part (DD) is not the domain of the file it is in.

    Why: the code must follow the item's place in the hierarchy; an item moved between
    domain files keeps a wrong code.
    Fails: `code = "410106-01-01-001"` in `domains/19-social-assistance.toml`.
    Passes: `code = "410106-19-01-001"` there.
    """
    parsed = parse_code(item.code)
    if parsed is not None and parsed.domain != domain.code:
        yield Flag(f"code {item.code} has domain {parsed.domain} but is in domain file {domain.code}", zh=f"事项编码 {item.code} 属于领域 {parsed.domain}，却在领域 {domain.code} 的文件中", field="code")


@rule("COD004", "code-category", severity="error", scope="file")
def code_category(domain, ctx):
    """Items of one category (一级事项) carry different CC parts, or two categories share one.

    Why: CC numbers the category inside the domain; if it does not match, the code no longer
    tells where the item belongs.
    Fails: 最低生活保障 items coded 19-02-… and 19-03-….
    Passes: every 最低生活保障 item coded 19-02-…, and no other category uses 02.
    """
    first_cc: dict[str, tuple[str, str]] = {}
    owner: dict[str, str] = {}
    for item in domain.model.items:
        parsed = parse_code(item.code)
        if parsed is None:
            continue
        known = first_cc.get(item.category)
        if known is None:
            first_cc[item.category] = (parsed.category, item.code)
        elif known[0] != parsed.category:
            yield Flag(f"category {item.category} uses CC {known[0]} (e.g. {known[1]}) but this item has "
                       f"{parsed.category}", zh=f"一级事项“{item.category}”的编码为 {known[0]}（如 {known[1]}），本事项却用 {parsed.category}", item=item.code, field="code")
            continue
        other = owner.setdefault(parsed.category, item.category)
        if other != item.category:
            yield Flag(f"CC {parsed.category} is used by categories {other} and {item.category}", zh=f"一级事项编码 {parsed.category} 同时用于“{other}”和“{item.category}”",
                       item=item.code, field="code")


@rule("COD005", "code-reused", severity="error", scope="file")
def code_reused(domain, ctx):
    """An item uses a code that was retired when an earlier item was removed.

    Why: codes are never reused after withdrawal or removal — the audit trail and
    disclosure records refer to the old item by its code.
    Fails: an item `410106-19-03-003` while `retired_codes` holds `410106-19-03-003`.
    Passes: the item gets the next free code `410106-19-03-004` (what `gongkai item add` does).
    """
    retired = set(domain.model.domain.retired_codes)
    for item in domain.model.items:
        if item.code in retired:
            yield Flag(f"code {item.code} was retired and must not be reused", zh=f"事项编码 {item.code} 已注销，不得再用", hint_zh="用 `gongkai item add` 给事项新的编码", item=item.code, field="code",
                       hint="give the item a new code with `gongkai item add`")
