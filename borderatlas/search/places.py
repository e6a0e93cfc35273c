"""Basemap places search finds besides the data features: the town labels and the two border rivers.

A town or river hit moves the map (it selects nothing: neither has a side panel).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from shapely.ops import unary_union

TOWNS, RIVERS = "towns", "rivers"
"""The layer ids of place hits (the town labels layer, and the rivers of the boundary layer)."""
COUNTRIES = {"CHN": "China", "PRK": "DPRK"}


@dataclass(frozen=True)
class RiverNames:
    """A border river's names, from one cited source, matched to its line in basemap/rivers.geojson by `basemap`."""

    basemap: str
    name_en: str
    name_zh: str
    name_ko: str
    alt_names: tuple[str, ...]
    source_url: str
    evidence: str
    """What the source gives, summarised (names as it spells them)."""


RIVER_NAMES: tuple[RiverNames, ...] = (
    RiverNames(
        "Yalu",
        "Yalu River",
        "鸭绿江",
        "압록강",
        ("Yalu", "Amnok River", "Amnok", "Amnokkang", "Amnokgang", "鴨綠江", "Yālù Jiāng"),
        "https://en.wikipedia.org/wiki/Yalu_River",
        "English Wikipedia, Yalu River (lead and infobox): Chinese 鸭绿江 (traditional 鴨綠江), Korean 압록강; "
        "romanized Yālù Jiāng, Amnok, Amnokkang (McCune–Reischauer), Amnokgang (Revised Romanization)",
    ),
    RiverNames(
        "Tumen",
        "Tumen River",
        "图们江",
        "두만강",
        ("Tumen", "Tuman River", "Tuman", "Duman River", "圖們江", "豆滿江", "Túmén Jiāng"),
        "https://en.wikipedia.org/wiki/Tumen_River",
        "English Wikipedia, Tumen River (lead and infobox): Chinese 图们江 (traditional 圖們江), Korean 두만강 "
        "(hancha 豆滿江); also known as the Tuman River or Duman River; pinyin Túmén Jiāng",
    ),
)
"""The Yalu and the Tumen in each script; the basemap rivers file has only Natural Earth's English name."""


def town_records(towns) -> Iterable[tuple[str, dict]]:
    """(TOWNS, record) for each basemap town label with a name (its English, Chinese, Korean and Natural Earth names)."""
    if towns is None or not len(towns):
        return
    for row in towns.to_dict("records"):
        name_en = row.get("name_en") or row.get("name") or row.get("name_ne")
        if not isinstance(name_en, str) or not name_en:
            continue
        aliases = [row.get(field) for field in ("name", "name_ne")]
        yield (
            TOWNS,
            {
                "id": f"town:{row.get('name') or name_en}",
                "name_en": name_en,
                "name_zh": row.get("name_zh") if isinstance(row.get("name_zh"), str) else "",
                "name_ko": row.get("name_ko") if isinstance(row.get("name_ko"), str) else "",
                "alt_names": [a for a in dict.fromkeys(aliases) if isinstance(a, str) and a and a != name_en],
                "country": COUNTRIES.get(row.get("adm0_a3"), ""),
                "geometry": row.get("geometry"),
            },
        )


def river_records(rivers) -> Iterable[tuple[str, dict]]:
    """(RIVERS, record) for each river of RIVER_NAMES, its geometry the union of its basemap lines (none if absent)."""
    for river in RIVER_NAMES:
        lines = [] if rivers is None or not len(rivers) else list(rivers.geometry[rivers["name"] == river.basemap])
        yield (
            RIVERS,
            {
                "id": f"river:{river.basemap}",
                "name_en": river.name_en,
                "name_zh": river.name_zh,
                "name_ko": river.name_ko,
                "alt_names": list(river.alt_names),
                "geometry": unary_union(lines) if lines else None,
            },
        )


def place_records(basemap: dict) -> list[tuple[str, dict]]:
    """The searchable basemap places: the rivers, then the towns."""
    return [*river_records(basemap.get("rivers")), *town_records(basemap.get("towns"))]
