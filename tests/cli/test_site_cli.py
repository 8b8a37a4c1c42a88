"""gongkai site and gongkai laws from the command line: output, the poster, refusals (exit 2)."""
from __future__ import annotations

import pytest

from conftest import BASE_ITEM, merged
from site_helpers import small_workspace

NOW = "2026-11-26T10:00:00+08:00"


@pytest.fixture
def ws(make_workspace, gk, monkeypatch):
    from gongkai import domains as registry
    from gongkai.catalog.workspace import Workspace

    monkeypatch.setenv("GONGKAI_NOW", NOW)
    root = small_workspace(make_workspace, gk, [
        BASE_ITEM, merged(BASE_ITEM, {"name": "政策法规文件", "basis": [
            {"title": "《中华人民共和国政府信息公开条例》", "article": "第二十条"}]})], [
        merged(BASE_ITEM, {"category": "社会保险", "name": "参保办事指南",
                           "basis": [{"title": "《社会保险法》", "article": "第八十六条"}]})])
    with Workspace.transaction(root) as w:      # one more, left as a draft
        w.add_item(w.ensure_domain(registry.BY_CODE["23"]), merged(BASE_ITEM, {
            "name": "草稿事项", "basis": [{"title": "《草稿里的办法》"}]}))
    return root


def test_site_reports_what_it_wrote_then_nothing(ws, tmp_path, gk):
    code, out, err = gk("site", "-o", tmp_path / "site", "-w", ws)
    assert code == 0, err
    assert "site" in out and "3 items in force in 2 domains" in out and "note: no QR codes" in out
    code, out, _ = gk("site", "-o", tmp_path / "site", "-w", ws)
    assert code == 0 and "0 file(s) written" in out


def test_qr_sheet_as_svg_names_every_domain(ws, tmp_path, gk):
    poster = tmp_path / "专区二维码.svg"
    code, out, err = gk("site", "-o", tmp_path / "site", "-w", ws, "--base-url", "https://example.gov.cn/gk",
                        "--qr-sheet", poster)
    assert code == 0, err
    svg = poster.read_text("utf-8")
    assert "19 社会救助" in svg and "23 社会保障" in svg and "上街区基层政务公开二维码" in svg
    assert 'width="210mm" height="297mm"' in svg
    assert (tmp_path / "site" / "qr" / "domains" / "19-social-assistance.svg").is_file()


@pytest.mark.parametrize("args, message", [
    (["--qr-sheet", "p.svg"], "needs --base-url"),
    (["--base-url", "example.gov.cn"], "--base-url"),
    (["--base-url", "https://x.gov.cn/", "--qr-sheet", "p.txt"], ".svg, .png or .pdf"),
])
def test_bad_options_exit_2_without_traceback(ws, tmp_path, gk, args, message):
    code, _, err = gk("site", "-o", tmp_path / "site", "-w", ws, *args)
    assert code == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "site").exists()


def test_site_refuses_the_workspace_files(ws, gk):
    code, _, err = gk("site", "-o", ws / "domains", "-w", ws)
    assert code == 2 and "workspace's own files" in err
    assert sorted(p.name for p in (ws / "domains").iterdir()) == ["19-social-assistance.toml", "23-social-insurance.toml"]


def test_laws_markdown_by_tier_with_items_and_articles(ws, gk):
    code, out, _ = gk("laws", "-w", ws)
    assert code == 0
    assert out.index("## 法律") < out.index("## 行政法规") < out.index("## 规范性文件")
    assert "第八十六条" in out and "参保办事指南" in out and "《草稿里的办法》" in out
    code, out, _ = gk("laws", "--published", "-w", ws)
    assert code == 0 and "《草稿里的办法》" not in out
    code, out, _ = gk("laws", "--domain", "23", "-w", ws)
    assert "社会保险法" in out and "政府信息公开条例" not in out and "23 社会保障领域" in out


def test_laws_html_and_xlsx(ws, tmp_path, gk):
    from openpyxl import load_workbook

    code, out, _ = gk("laws", "--format", "html", "-o", tmp_path / "laws.html", "-w", ws)
    assert code == 0 and "wrote" in out
    page = (tmp_path / "laws.html").read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<h2>法律（1）</h2>" in page
    code, out, _ = gk("laws", "--format", "xlsx", "-o", tmp_path / "laws.xlsx", "-w", ws)
    assert code == 0
    book = load_workbook(tmp_path / "laws.xlsx")
    assert book.sheetnames == ["政策汇编", "引用明细"]
    detail = [[c.value for c in row] for row in book["引用明细"].iter_rows()]
    assert detail[0] == ["依据层级", "法律法规和文件", "引用条款", "事项编码", "事项", "领域"]
    assert ["法律", "《社会保险法》", "第八十六条"] == detail[1][:3]
    code, _, err = gk("laws", "--format", "xlsx", "-w", ws)
    assert code == 2 and "needs -o" in err


def test_laws_and_the_poster_refuse_the_workspace_files(ws, gk):
    code, _, err = gk("laws", "--format", "md", "-o", ws / "domains" / "laws.md", "-w", ws)
    assert code == 2 and "workspace's own files" in err and not (ws / "domains" / "laws.md").exists()
    code, _, err = gk("site", "-o", ws / "site2", "-w", ws, "--base-url", "https://x.gov.cn/",
                      "--qr-sheet", ws / "rules" / "p.svg")
    assert code == 2 and "workspace" in err and not (ws / "site2").exists()


def test_qr_sheet_as_pdf_is_the_same_bytes_each_time(ws, tmp_path, gk):
    for n in (1, 2):
        code, out, err = gk("site", "-o", tmp_path / "site", "-w", ws, "--base-url", "https://example.gov.cn/gk/",
                            "--qr-sheet", tmp_path / f"poster{n}.pdf")
        assert code == 0, err
    first = (tmp_path / "poster1.pdf").read_bytes()
    assert first.startswith(b"%PDF-") and first == (tmp_path / "poster2.pdf").read_bytes()
