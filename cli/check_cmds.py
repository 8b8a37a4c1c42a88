"""Check commands: `gongkai check` and `gongkai rules`."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Iterable, List, Optional

import typer

from gongkai.cli.common import (PANEL_CHECKS, LangOption, WorkspaceOption, check_format, check_output, emit_json,
                                workspace_root)
from gongkai.catalog import clock

FORMATS = ("human", "json", "sarif", "junit", "xlsx")


def register(app: typer.Typer) -> None:
    app.command("check", rich_help_panel=PANEL_CHECKS)(check)
    app.command("rules", rich_help_panel=PANEL_CHECKS)(rules_cmd)


def _split(values: List[str]) -> list[str]:
    return [v.strip() for x in values for v in x.split(",") if v.strip()]


def check(
    path: Optional[Path] = typer.Argument(None, help="Workspace folder (same as -w)."),
    workspace: Optional[Path] = WorkspaceOption,
    select: List[str] = typer.Option([], "--select", help="Rule codes, prefixes (DDL) or names to run; replaces the configured selection."),
    ignore: List[str] = typer.Option([], "--ignore", help="Rule codes, prefixes or names to skip."),
    fmt_: str = typer.Option("human", "--format", help="human | json | sarif | junit | xlsx"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the report to a file (required for xlsx)."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="error | warning (default: gongkai.toml [rules] fail_on, else error)."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Baseline file: findings recorded there do not fail."),
    no_baseline: bool = typer.Option(False, "--no-baseline", help="Ignore the baseline configured in gongkai.toml: show every finding."),
    write_baseline: bool = typer.Option(False, "--write-baseline", help="Record the current findings as the baseline and exit 0."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Check as of this date (YYYY-MM-DD), e.g. for review due dates."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="Human format: hide info-level findings."),
    verbose: bool = typer.Option(False, "-v", "--verbose", help="Human format: every finding, even when there "
                                 "are many (by default a large check shows its summary first)."),
    domain: Optional[str] = typer.Option(None, "--domain", "-d", help="Human format: the findings of one domain "
                                         "(NN, slug or name), in full."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not use or store cached results of unchanged files."),
    lang: str = LangOption,
) -> None:
    """Check the catalogue 检查目录 against the built-in and the workspace's own rules.

    Exit 0 when clean, 1 when findings at or above --fail-on remain (not waived, not baselined),
    2 on usage or input errors.
    """
    from gongkai.catalog.errors import UsageError
    from gongkai.catalog.workspace import load_config
    from gongkai.rules.engine.baseline import DEFAULT_NAME, apply_baseline, read_baseline, write_baseline as write_bl
    from gongkai.rules.engine.declarative import load_workspace_rules
    from gongkai.rules.engine.registry import all_rules
    from gongkai.rules.engine.selection import check_config_selectors, unknown_selectors

    check_format(fmt_, FORMATS)
    check_format(lang, ("zh", "en"), "--lang")
    if path is not None and workspace is not None and path != workspace:
        raise UsageError("give the workspace either as an argument or with -w, not both")
    root = workspace_root(path or workspace)
    select, ignore = _split(select), _split(ignore)
    if domain is not None:
        from gongkai import domains as registry

        found = registry.lookup(domain)
        if found is None:
            raise UsageError(f"unknown domain {domain!r}; see `gongkai domains` (codes 01–26, slugs or names)")
        domain = found.code
    options = report_options(fmt_, output, quiet, fail_on, select, ignore, baseline, no_baseline, verbose, domain,
                             lang)
    config = load_config(root)
    own = load_workspace_rules(root)
    known = [*all_rules(), *own]
    check_config_selectors(root, config, known)
    unknown = unknown_selectors([*select, *ignore], known)
    if unknown:
        raise UsageError(f"no rule matches {', '.join(unknown)}; see `gongkai rules`")
    fail_on = fail_on or config.rules.fail_on
    check_format(fail_on, ("error", "warning"), "--fail-on")
    today = _parse_date(as_of) if as_of else clock.today()
    rules, key, digest = _rules_and_key(root, config, select, ignore, own, today, use_cache=not no_cache)
    baseline_path = baseline or (root / config.rules.baseline if config.rules.baseline and not no_baseline else None)
    check_output(fmt_, output, root)

    color = output is None and sys.stdout.isatty() and fmt_ == "human"   # JSON, SARIF, JUnit: as they are
    # A repeated check of unchanged files with the same options prints what it printed before
    # (gongkai.cli.fast_check answers it before the application even loads; this is the same lookup).
    out_key = None
    if key and fmt_ != "xlsx" and not write_baseline and not color:
        from gongkai.rules.engine import cache as check_cache

        out_key = check_cache.report_key(digest, root, options)
        hit = check_cache.load_output(out_key)
        if hit is not None:
            _emit([hit["data"].decode("utf-8")], output, hit["summary"])
            raise typer.Exit(hit["exit"])

    result = _result(root, rules, key, today)
    if write_baseline:
        target = baseline_path or root / DEFAULT_NAME
        n = write_bl(target, result.findings, root)
        typer.echo(f"wrote baseline {target} with {n} findings")
        if baseline is None and not config.rules.baseline:
            # Only a baseline that gongkai.toml names is applied by the next plain `gongkai check`.
            from gongkai.catalog.config_edit import set_config_value

            set_config_value(root, "rules", "baseline", target.name)
            typer.echo(f'set baseline = "{target.name}" in [rules] of gongkai.toml: from now on `gongkai check` '
                       "fails only on new findings")
        elif baseline is not None and config.rules.baseline != str(baseline):
            typer.echo(f'to apply it to every check, add baseline = "{baseline}" to [rules] of gongkai.toml, '
                       f"or pass --baseline {baseline}")
        else:
            typer.echo("from now on only new findings fail")
        return
    if baseline_path is not None:
        apply_baseline(result.findings, read_baseline(baseline_path), root)
    code = 1 if result.failing(fail_on) else 0

    if fmt_ == "xlsx":
        from gongkai.rules.formats.xlsx import write_xlsx

        write_xlsx(result, output)
        typer.echo(f"wrote {output} ({len(result.findings)} findings)")
        raise typer.Exit(code)
    from gongkai.rules.formats.text import summary_line

    text = _render(result, fmt_, fail_on, color=color, quiet=quiet, verbose=verbose, domain=domain,
                   owners=lambda: _owners(root), lang=lang)
    if color:
        from rich.console import Console

        Console(highlight=False, soft_wrap=True).print(text, markup=True)
    else:
        pieces = [text] if isinstance(text, str) else text
        if out_key:
            from gongkai.rules.engine import cache as check_cache

            with check_cache.ReportRecorder(out_key, summary_line(result), code) as recorder:
                _emit(recorder.tee(pieces), output, summary_line(result))
                recorder.commit()           # only once the report is where it was going
        else:
            _emit(pieces, output, summary_line(result))
    raise typer.Exit(code)


def report_options(fmt_: str, output: Optional[Path], quiet: bool, fail_on: Optional[str], select: list[str],
                   ignore: list[str], baseline: Optional[Path], no_baseline: bool, verbose: bool = False,
                   domain: Optional[str] = None, lang: str = "zh") -> dict:
    """The options that shape a printed report, as given (gongkai.cli.fast_check builds the same from argv)."""
    import os

    return {"format": fmt_, "output": os.path.abspath(output) if output else None, "quiet": quiet,
            "fail_on": fail_on, "select": select, "ignore": ignore,
            "baseline": os.path.abspath(baseline) if baseline else None, "no_baseline": no_baseline,
            "verbose": verbose, "domain": domain, "lang": lang}


def _emit(pieces: Iterable[str], output: Optional[Path], summary: str) -> None:
    """The report to the file (written whole, atomically) or to stdout as it comes."""
    if output is not None:
        from gongkai.catalog.toml_store import atomic_write_bytes

        atomic_write_bytes(output, b"".join(p.encode("utf-8") for p in [*pieces, "\n"]))
        typer.echo(summary)
    else:
        for piece in pieces:
            sys.stdout.write(piece)
        sys.stdout.write("\n")


def _rules_and_key(root, config, select, ignore, own, today, use_cache: bool):
    """The selected rules, the cache key of their result, and the digest of the files read (None, None without cache)."""
    from gongkai.rules.engine.runner import select_rules
    from gongkai.rules.engine.workspace_check import cache_key

    rules = select_rules(config, select, ignore, extra=own)
    if not rules:
        from gongkai.catalog.errors import UsageError

        raise UsageError("no catalogue rule is selected; record rules (REC) run with `gongkai records check`, "
                         "annual-report rules (AR) with `gongkai report check`")
    # Workspace rules are defined in files that are part of the key, so their code is covered too.
    if not use_cache:
        return rules, None, None
    key, digest = cache_key(root, config, rules, today)
    return rules, key, digest


def _result(root, rules, key, today):
    """The check result: from the cache when nothing it depends on changed, else computed and stored."""
    from gongkai.rules.engine.workspace_check import cached_result

    return cached_result(root, rules, key, today)


def _owners(root: Path) -> tuple[dict, list]:
    """Each item's 公开主体 and the configured departments, for the summary's per-department lines."""
    from gongkai.catalog.workspace import Workspace
    from gongkai.rules.assessment.departments import configured_scopes

    ws = Workspace.load(root)
    return {item.code: item.body or "" for _, item in ws.items()}, configured_scopes(ws)


def _render(result, fmt_: str, fail_on: str, color: bool, quiet: bool, verbose: bool = True,
            domain: Optional[str] = None, owners=None, lang: str = "zh") -> str:
    if fmt_ == "json":
        from gongkai.rules.formats.text import render_json

        return render_json(result)
    if fmt_ == "sarif":
        from importlib.metadata import PackageNotFoundError, version

        from gongkai.rules.formats.sarif import render_sarif

        try:
            v = version("gongkai")
        except PackageNotFoundError:
            v = "0"
        return render_sarif(result, v)
    if fmt_ == "junit":
        from gongkai.rules.formats.junit import render_junit

        return render_junit(result, fail_on)
    from gongkai.rules.formats.text import render_human

    return render_human(result, color=color, show_info=not quiet, verbose=verbose, domain=domain, owners=owners,
                        lang=lang)


def _parse_date(text: str) -> date:
    from gongkai.catalog.errors import UsageError

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--as-of {text!r} is not a date (YYYY-MM-DD)") from None


def rules_cmd(
    code: Optional[str] = typer.Argument(None, help="A rule code or name to show in full."),
    workspace: Optional[Path] = WorkspaceOption,
    fmt_: str = typer.Option("text", "--format", help="text | json"),
) -> None:
    """List the rules 规则 (built-in, and the workspace's own when in one), or show one."""
    from gongkai.catalog.errors import UsageError
    from gongkai.rules.engine.registry import FAMILIES, all_rules

    check_format(fmt_, ("text", "json"))
    from gongkai.cli.common import optional_root
    from gongkai.rules.engine.declarative import load_workspace_rules

    rules = list(all_rules())
    root = optional_root(workspace)
    if root is not None:
        rules += load_workspace_rules(root)
    if code:
        found = [r for r in rules if r.code == code.upper() or r.name == code]
        if not found:
            raise UsageError(f"no rule {code!r}; `gongkai rules` lists them")
        r = found[0]
        if fmt_ == "json":
            emit_json({"code": r.code, "name": r.name, "severity": r.severity, "scope": r.scope,
                       "family": r.family, "doc": r.doc})
        else:
            typer.echo(f"{r.code} {r.name}  [{r.severity}, scope {r.scope}, family {r.family} "
                       f"{FAMILIES.get(r.family, '')}]\n\n{r.doc}")
        return
    if fmt_ == "json":
        emit_json([{"code": r.code, "name": r.name, "severity": r.severity, "scope": r.scope,
                    "summary": r.summary} for r in rules])
        return
    from gongkai.cli.output import print_table

    print_table(["code", "name", "severity", "scope", "summary"],
                [[r.code, r.name, r.severity, r.scope, r.summary] for r in rules])
    typer.echo(f"{len(rules)} rules; `gongkai rules CODE` shows one in full")
