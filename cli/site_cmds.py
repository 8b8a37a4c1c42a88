"""gongkai site / laws: the public catalogue site (一网N端), its QR poster, and the 政策汇编."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from gongkai.cli.common import WorkspaceOption, check_format, emit_json, open_workspace

PANEL_PUBLIC = "公开 Public site"
LAW_FORMATS = ("md", "html", "xlsx")


def register(app: typer.Typer) -> None:
    app.command("site", rich_help_panel=PANEL_PUBLIC)(site)
    app.command("laws", rich_help_panel=PANEL_PUBLIC)(laws)


def site(
    output: Path = typer.Option(..., "-o", "--output", help="Folder of the site (created; rebuilt in place).",
                                show_default=False),
    workspace: Optional[Path] = WorkspaceOption,
    base_url: Optional[str] = typer.Option(None, "--base-url", help="The site's public address, e.g. "
                                           "https://www.example.gov.cn/gongkai/ (needed for QR codes and the feed's links)."),
    qr_sheet: Optional[Path] = typer.Option(None, "--qr-sheet", help="Also write the A4 poster of the domain QR codes "
                                            "(专区二维码): FILE.svg, FILE.png or FILE.pdf."),
    fmt: str = typer.Option("human", "--format", help="Output: human or json."),
) -> None:
    """Build the public catalogue site 公开目录网站: approved items in force only, with search, JSON and a feed.

    Drafts, revisions in progress and internal fields (责任单位/科室/岗位, notes) never appear.
    A rebuild writes only the files that changed and removes pages of items no longer in force.
    """
    from gongkai.catalog.site.build import build_site

    check_format(fmt, ("human", "json"))
    ws = open_workspace(workspace)
    result = build_site(ws, output, base_url, qr_sheet)
    st = result.stats
    if fmt == "json":
        emit_json({"out": str(output), "items": result.items, "domains": result.domains, "laws": result.laws,
                   "qr_codes": result.qr_codes, "written": st.written, "unchanged": st.unchanged,
                   "removed": st.removed, "poster": str(result.poster) if result.poster else None,
                   "notes": result.notes})
        return
    typer.echo(f"wrote site {output}: {result.items} items in force in {result.domains} domains, {result.laws} laws"
               + (f", {result.qr_codes} QR codes" if result.qr_codes else ""))
    typer.echo(f"  {len(st.written)} file(s) written, {st.unchanged} unchanged, {len(st.removed)} removed")
    for rel in st.written[:10]:
        typer.echo(f"  wrote {rel}")
    if len(st.written) > 10:
        typer.echo(f"  … and {len(st.written) - 10} more")
    for rel in st.removed[:10]:
        typer.echo(f"  removed {rel}")
    if result.poster:
        typer.echo(f"wrote {result.poster}: QR poster of {result.domains} domains (A4)")
    for note in result.notes:
        typer.echo(f"note: {note}")


def laws(
    fmt: str = typer.Option("md", "--format", help="md, html or xlsx."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default: standard output; "
                                          "xlsx needs a file)."),
    domain: Optional[str] = typer.Option(None, "--domain", "-d", help="One domain (code, slug or name); default all."),
    published: bool = typer.Option(False, "--published", help="Only items in force (what the public site shows); "
                                   "default: every item that is not withdrawn, as it stands in force."),
    workspace: Optional[Path] = WorkspaceOption,
) -> None:
    """The 政策汇编: every law and document the catalogue cites, by tier, with the items citing each."""
    from gongkai import domains as registry
    from gongkai.catalog.errors import UsageError
    from gongkai.catalog.laws import compile_laws, summary, to_html, to_markdown
    from gongkai.catalog.site.public import is_public
    from gongkai.cli.common import check_output

    check_format(fmt, LAW_FORMATS)
    ws = open_workspace(workspace)
    check_output(fmt, output, ws.root)
    chosen = ws.domains
    if domain is not None:
        target = registry.lookup(domain)
        if target is None:
            raise UsageError(f"unknown domain {domain!r}; use a code 01–26, a slug or a name (see `gongkai domains`)")
        chosen = [d for d in ws.domains if d.code == target.code]
        if not chosen:
            raise UsageError(f"the workspace has no domain {target.code} {target.name}")
    entries = [(d.code, d.model.domain.name, item.in_force()) for d in chosen for item in d.model.items
               if item.status != "withdrawn" and (is_public(item) or not published)]
    found = compile_laws(entries)
    scope = f"{chosen[0].code} {chosen[0].model.domain.name}领域" if domain is not None else ""
    title = f"{ws.config.unit.name}{scope}基层政务公开政策汇编"
    if fmt == "xlsx":
        from gongkai.rules.formats.laws_xlsx import write_laws_xlsx

        write_laws_xlsx(found, output)
        typer.echo(f"wrote {output}: {summary(found)}")
        return
    text = to_markdown(found, title) if fmt == "md" else to_html(found, title)
    if output is None:
        typer.echo(text, nl=False)
        return
    from gongkai.catalog.toml_store import atomic_write

    atomic_write(output, text)
    typer.echo(f"wrote {output}: {summary(found)}")
