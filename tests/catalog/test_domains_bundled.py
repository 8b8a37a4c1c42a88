"""The 26 bundled standard catalogues: built from the real rows, loadable, sourced, honest counts."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from gongkai import domains
from gongkai.catalog.codes import parse_code
from gongkai.catalog.domain_file import load_domain, render_domain
from domains.build_standard import build_domain

DATA = Path(__file__).resolve().parents[1] / "data" / "catalogues"


@pytest.mark.parametrize("domain", domains.REGISTRY, ids=lambda d: d.filename)
def test_domain_file_loads_and_every_item_has_a_source(domain):
    loaded = load_domain(domains.bundled_path(domain.code))
    header = loaded.model.domain
    assert (header.code, header.slug, header.name, header.reported_count) == \
        (domain.code, domain.slug, domain.name, domain.reported_count)
    assert loaded.model.items
    for item in loaded.model.items:
        code = parse_code(item.code)
        assert code and code.region is None and code.domain == domain.code
        assert item.status == "draft"
        assert item.source and item.source.url and item.source.locality
        assert item.source.file == f"shared/data/catalogues/{domain.code}-{domain.slug}.md"
        assert not re.search(r"[\u4e00-\u9fff]\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+)\)", item.name)


@pytest.mark.parametrize("domain", domains.REGISTRY, ids=lambda d: d.filename)
def test_domain_file_is_what_the_builder_makes_from_the_real_rows(domain):
    model, _, _ = build_domain(domain, DATA / f"{domain.code}-{domain.slug}.md")
    assert render_domain(model) == domains.bundled_path(domain.code).read_text("utf-8")


@pytest.mark.parametrize("domain", domains.REGISTRY, ids=lambda d: d.filename)
def test_encoded_note_says_how_many_against_the_seed(domain):
    header = load_domain(domains.bundled_path(domain.code)).model
    count = len(header.items)
    note = header.domain.encoded_note
    assert note.startswith(f"{count} items encoded from the real rows of ")
    assert f"the seed (上街区 2020) reports {domain.reported_count}" in note
    if count < domain.reported_count:
        assert f"{domain.reported_count - count} not encoded" in note


def test_one_item_per_distinct_item_across_localities():
    items = load_domain(domains.bundled_path("19")).model.items
    keys = [(i.category, i.name, i.subitem) for i in items]
    assert len(keys) == len(set(keys))
    # 综合业务 / 监督检查 is published by several localities: one item, the fullest row
    (watch,) = [i for i in items if (i.category, i.name) == ("综合业务", "监督检查")]
    assert watch.method.audience == {"全社会"} and watch.levels          # the row with ticks was kept
    assert "other collected catalogues" in watch.source.note       # provenance, kept out of the published note


def test_category_cut_short_on_a_page_joins_its_item():
    items = load_domain(domains.bundled_path("13")).model.items        # fsxf.gov.cn prints "城镇燃" / "气管理"
    assert not [i for i in items if i.category in ("城镇燃", "气管理")]
    (licence,) = [i for i in items if i.name == "燃气经营许可证核发"]
    assert licence.category == "城镇燃气管理"


def test_mirror_sources_are_flagged():
    items = load_domain(domains.bundled_path("02")).model.items
    mirrors = [i for i in items if "mirror" in (i.source.note or "" if i.source else "")]
    assert mirrors and all(not i.source.url.split("/")[2].endswith("gov.cn") for i in mirrors)


def test_build_standard_without_its_source_folder_exits_2(tmp_path, capsys):
    from domains.build_standard import main

    assert main([str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "file not found" in err
