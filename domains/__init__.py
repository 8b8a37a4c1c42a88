"""The 26 standard domains (领域) and the bundled standard catalogue files ``NN-slug.toml``.

The registry order, codes, slugs and the 上街区 item counts come from DESIGN.md (the
seed: 上街区 2020 annual report, 1,475 items). The bundled files hold only items found
in real published catalogues (``shared/data/catalogues``), each with its source.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

BUNDLED_DIR = Path(__file__).parent


@dataclass(frozen=True)
class Domain:
    code: str            # two digits, "01".."26"
    slug: str
    name: str            # Chinese name
    reported_count: int  # items in the 上街区 catalogue (the seed)

    @property
    def filename(self) -> str:
        return f"{self.code}-{self.slug}.toml"


REGISTRY: tuple[Domain, ...] = tuple(
    Domain(f"{i:02d}", slug, name, count)
    for i, (slug, name, count) in enumerate(
        [
            ("urban-rural-planning", "城乡规划", 13),
            ("land-expropriation", "征地补偿", 11),
            ("major-projects", "重大建设项目", 26),
            ("public-resource-trading", "公共资源交易", 40),
            ("budgets", "财政预决算", 4),
            ("work-safety", "安全生产", 28),
            ("disaster-relief", "救灾", 19),
            ("taxation", "税收管理", 16),
            ("housing-expropriation", "国有土地上房屋征收", 12),
            ("affordable-housing", "保障性住房", 43),
            ("rural-housing-renovation", "农村危房改造", 16),
            ("urban-enforcement", "城市综合执法", 769),
            ("municipal-services", "市政服务", 10),
            ("environmental-protection", "环境保护", 25),
            ("public-culture", "公共文化服务", 45),
            ("public-legal-services", "公共法律服务", 18),
            ("poverty-alleviation", "扶贫", 13),
            ("agricultural-subsidies", "涉农补贴", 6),
            ("social-assistance", "社会救助", 13),
            ("elderly-care", "养老服务", 11),
            ("food-drug-safety", "食品药品监管", 19),
            ("employment", "就业", 25),
            ("social-insurance", "社会保障", 78),
            ("household-registration", "户籍管理", 22),
            ("compulsory-education", "义务教育", 35),
            ("health", "医疗卫生", 158),
        ],
        start=1,
    )
)
BY_CODE = {d.code: d for d in REGISTRY}
BY_SLUG = {d.slug: d for d in REGISTRY}


def lookup(key: str) -> Domain | None:
    """A domain by code ("1", "01"), slug or Chinese name."""
    key = key.strip()
    if key.isdigit():
        return BY_CODE.get(f"{int(key):02d}")
    return BY_SLUG.get(key) or next((d for d in REGISTRY if d.name == key), None)


def bundled_path(code: str) -> Path:
    return BUNDLED_DIR / BY_CODE[code].filename


def load_bundled(code: str):
    """The bundled standard catalogue of a domain (a ``gongkai.catalog.domain_file.LoadedDomain``)."""
    from gongkai.catalog.domain_file import load_domain

    return load_domain(bundled_path(code))
