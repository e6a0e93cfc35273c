"""Build geodata/flood_areas.geojson: areas hit by the August–September 2016 Tumen River floods."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, mapping
from shapely.ops import nearest_points, unary_union

repo = Path(__file__).resolve().parents[1]
shared = repo.parent / "shared"
WOF_COUNTIES = shared / "reference" / "admin" / "wof_prk_adm2_border_counties.geojson"
NE_COUNTRIES = shared / "reference" / "natural_earth" / "ne_50m_admin_0_countries_clip.geojson"
NE_RIVERS = shared / "reference" / "natural_earth" / "ne_10m_rivers_lake_centerlines_clip.geojson"
OUT = repo / "geodata" / "flood_areas.geojson"

EVENT = "2016-tumen-floods"
METRIC_CRS = 32652  # UTM zone 52N: metres, covers the Tumen valley
SIMPLIFY_DEG = 0.003
DECIMALS = 5
RIVER_STRIP_KM = 5  # width of the Chinese-bank strip drawn along the Tumen

# Source ids (rows in geodata/staging/sources-floods.csv).
ERP = "unct-dprk-2016-09-flood-emergency-response-plan"
AAR = "ocha-2017-05-north-hamgyong-floods-after-action-review"
SNAPSHOT = "un-dprk-2016-09-11-flooding-humanitarian-snapshot"
JAM = "dprk-hct-2016-09-11-joint-assessment-north-hamgyong"
KCNA_AFP = "wionews-2016-09-03-15-missing-thousands-homeless"
KCNA_BLOG = "unikoreablog-2016-09-north-korea-flood-44000-displaced"
IFRC_IB1 = "ifrc-2016-09-03-dprk-floods-information-bulletin-1"
JILIN_LOSSES = "jilin-sinmun-2016-09-06-yanbian-flood-losses"
JILIN_PEAK = "jilin-sinmun-2016-09-01-tumen-hundred-year-flood"
CNS_YANBIAN = "chinanews-2016-09-02-yanbian-91300-affected"
XINHUA_JILIN = "xinhua-2016-08-31-heavy-rain-displaces-thousands-ne-china"
WATER_MIN = "chinawater-2016-08-31-tumen-record-flood-nanping"
NE = "natural-earth-4-0-0"
WOF = "whosonfirst-admin-kp"

STATUS_NOTE = (
    "Status: 'flooded' from 31 August 2016, the IFRC's date of the disaster (heavy rain fell on 29-31 August "
    "and flooded the Tumen); from 1 September 2016 the area is labelled '2016 flood extent', because no "
    "source read dates the water's retreat area by area. Before: 'flooded' from 31 August 2016 with no "
    "end, so a 2017 map still read 'flooded'."
)

DPRK_NOTE = (
    "Outline is the Who's On First county polygon (Mesoshapes), simplified with shapely "
    "(tolerance 0.003 degrees) and rounded to 5 decimals."
)

# DPRK counties: wof_id, id slug, names, severity, sources, verified, note.
COUNTIES = [
    dict(
        wof_id=1108747013,
        slug="musan",
        province="North Hamgyong",
        name_en="Musan County",
        name_ko="무산군",
        name_zh="茂山郡",
        alt_names=["Musan", "Musan-gun", "무산", "茂山"],
        severity="severe",
        source_ids=[SNAPSHOT, ERP, AAR, JAM],
        verified=True,
        note="OCHA names Musan among the three most severely affected areas; parts were still inaccessible "
        "to the 6-9 September joint assessment.",
    ),
    dict(
        wof_id=1108748113,
        slug="yonsa",
        province="North Hamgyong",
        name_en="Yonsa County",
        name_ko="연사군",
        name_zh="延社郡",
        alt_names=["Yŏnsa", "Yŏnsa-gun", "Yonsa", "Yeonsa", "Yeonsa-gun", "Yonsan", "연사"],
        severity="severe",
        source_ids=[SNAPSHOT, ERP, AAR, JAM],
        verified=True,
        note="OCHA names Yonsa among the three most severely affected areas (the GLIDE record spells it "
        "'Yonsan'); it was not reached by the joint assessment.",
    ),
    dict(
        wof_id=1108746885,
        slug="hoeryong",
        province="North Hamgyong",
        name_en="Hoeryong City",
        name_ko="회령시",
        name_zh="会宁市",
        alt_names=["Hoeryŏng", "Hoeryŏng-si", "Hoeryong", "Hoeryeong", "Hoeryeong-si", "會寧市", "회령"],
        severity="severe",
        source_ids=[SNAPSHOT, ERP, AAR, JAM, IFRC_IB1],
        verified=True,
        note="OCHA names Hoeryong City among the three most severely affected areas; the joint assessment visited it.",
    ),
    dict(
        wof_id=1108747901,
        slug="onsong",
        province="North Hamgyong",
        name_en="Onsong County",
        name_ko="온성군",
        name_zh="稳城郡",
        alt_names=["Onsŏng", "Onsŏng-gun", "Onsong", "Onseong", "Onseong-gun", "穩城郡", "온성"],
        severity="affected",
        source_ids=[ERP, AAR, KCNA_AFP],
        verified=True,
        note="One of the six counties covered by the UN flood Emergency Response Plan.",
    ),
    dict(
        wof_id=1108747003,
        slug="kyongwon",
        province="North Hamgyong",
        name_en="Kyongwon County",
        name_ko="경원군",
        name_zh="庆源郡",
        alt_names=[
            "Kyŏngwŏn",
            "Kyŏngwŏn-gun",
            "Kyongwon",
            "Gyeongwon",
            "Gyeongwon-gun",
            "慶源郡",
            "Saebyŏl",
            "Saebyol",
            "경원",
        ],
        severity="affected",
        source_ids=[ERP, AAR],
        verified=True,
        note="One of the six counties covered by the UN flood Emergency Response Plan.",
    ),
    dict(
        wof_id=1108746997,
        slug="kyonghung",
        province="North Hamgyong",
        name_en="Kyonghung County",
        name_ko="경흥군",
        name_zh="庆兴郡",
        alt_names=[
            "Kyŏnghŭng",
            "Kyŏnghŭng-gun",
            "Kyonghung",
            "Gyeongheung",
            "Gyeongheung-gun",
            "慶興郡",
            "Ŭndŏk",
            "Undok",
            "은덕군",
            "경흥",
        ],
        severity="affected",
        source_ids=[ERP, AAR],
        verified=True,
        note="One of the six counties covered by the UN flood Emergency Response Plan. Called Ŭndŏk "
        "County from 1977 to 2010.",
    ),
    dict(
        wof_id=1108747091,
        slug="rason",
        province="Rason",
        name_en="Rason",
        name_ko="라선시",
        name_zh="罗先市",
        alt_names=[
            "Rasŏn",
            "Rasŏn-si",
            "Rason City",
            "Raseon",
            "Nasŏn",
            "Naseon",
            "나선시",
            "羅先市",
            "Rajin-Sŏnbong",
            "Rajin-Sonbong",
            "Расон",
        ],
        severity="reported",
        source_ids=[KCNA_AFP, IFRC_IB1, "wikipedia-rason-kiwix"],
        verified=False,
        note="Named only in early or partial reports: KCNA (as reported by AFP) said part of the Rason zone "
        "suffered serious damage, and the first IFRC bulletin (3 Sep 2016), on 'initial unconfirmed "
        "reports', lists 'Kilju County, and Rason City area' among the affected cities and counties. The UN "
        "response plan's six counties and OCHA's worst-hit areas do not include it. Only part of Rason was "
        "hit, so the whole city outline is an approximate extent. Before: severity 'affected' (filled like "
        "the response-plan counties), verified true, extent not marked approximate. 'Naseon' is the South "
        "Korean reading (Wikipedia: 'pronounced as \"N\", (나선, Naseon)').",
    ),
    dict(
        wof_id=1108748045,
        slug="taehongdan",
        province="Ryanggang",
        name_en="Taehongdan County",
        name_ko="대홍단군",
        name_zh="大红湍郡",
        alt_names=["Taehongdan", "Taehongdan-gun", "Daehongdan", "Daehongdan-gun", "大紅湍郡", "대홍단"],
        severity="reported",
        source_ids=[KCNA_BLOG, JAM, SNAPSHOT],
        verified=False,
        note="Named only in early or partial reports: named as hit by KCNA (read only through a blog's summary) "
        "and marked 'likely to be affected, but no information' on the joint assessment map; OCHA says "
        "Ryanggang counties bordering Yonsa 'may also be affected'. Not confirmed. Before: severity "
        "'affected', drawn like the response-plan counties.",
    ),
    dict(
        wof_id=1108747907,
        slug="paegam",
        province="Ryanggang",
        name_en="Paegam County",
        name_ko="백암군",
        name_zh="白岩郡",
        alt_names=["Paegam", "Paegam-gun", "Paekam", "Baegam", "Baekam", "Baegam-gun", "백암"],
        severity="reported",
        source_ids=[JAM, SNAPSHOT],
        verified=False,
        note="Named only in a partial report: marked 'likely to be affected' (as 'Baekam') on the joint "
        "assessment map; OCHA says Ryanggang counties bordering Yonsa 'may also be affected'. Not confirmed. "
        "Before: severity 'affected', drawn like the response-plan counties.",
    ),
]

# Chinese areas: no county polygons exist in the reference data, so each is drawn around a town point.
CN_AREAS = [
    dict(
        slug="tumen",
        name_en="Tumen City",
        name_ko="도문시",
        name_zh="图们市",
        alt_names=["Tumen", "Túmén", "圖們市", "Tomun", "투먼시"],
        town=(129.820076, 42.969999),
        town_src="Natural Earth 10m populated places",
        town_km=6,
        river_km=12,
        source_ids=[XINHUA_JILIN, JILIN_LOSSES, CNS_YANBIAN, NE],
        note="Xinhua reports flood alarms in Tumen City on 31 August; Jilin Sinmun lists 4 affected townships.",
    ),
    dict(
        slug="hunchun",
        name_en="Hunchun",
        name_ko="훈춘시",
        name_zh="珲春市",
        alt_names=["Hunchun City", "Húnchūn", "Hun-ch'un", "琿春市", "Хуньчунь"],
        town=(130.366, 42.863),
        town_src="Wikipedia infobox (42.863 N, 130.366 E)",
        town_km=6,
        river_km=25,
        source_ids=[JILIN_LOSSES, CNS_YANBIAN, "wikipedia-hunchun"],
        note="Jilin Sinmun lists 9 affected townships in Hunchun; China News Service names it among the "
        "counties hit by the rain.",
    ),
    dict(
        slug="longjing",
        name_en="Longjing",
        name_ko="룡정시",
        name_zh="龙井市",
        alt_names=["Longjing City", "Lóngjǐng", "Ryongjŏng", "Ryongjeong", "龍井市", "룽징시"],
        town=(129.433, 42.767),
        town_src="Wikipedia infobox (42°46′N 129°26′E)",
        town_km=6,
        river_km=30,
        source_ids=[CNS_YANBIAN, JILIN_LOSSES, "wikipedia-longjing-jilin"],
        note="China News Service calls Longjing's Baijin township one of the worst-hit places and reports "
        "the city's water supply cut; Jilin Sinmun lists 7 affected townships.",
    ),
    dict(
        slug="helong",
        name_en="Helong",
        name_ko="화룡시",
        name_zh="和龙市",
        alt_names=["Helong City", "Hélóng", "Hwaryong", "Hwaryŏng", "和龍市"],
        town=(129.004363, 42.534754),
        town_src="Natural Earth 10m populated places",
        town_km=6,
        river_km=20,
        source_ids=[WATER_MIN, JILIN_PEAK, JILIN_LOSSES, NE],
        note="The Tumen at Nanping station (Helong) peaked at a record 4,460 m³/s on 31 August, above the "
        "100-year flood; Jilin Sinmun lists 8 affected townships. Nanping's exact position was not "
        "confirmed from a source, so the strip is drawn along the river stretch nearest Helong town.",
    ),
    dict(
        slug="yanji",
        name_en="Yanji",
        name_ko="연길시",
        name_zh="延吉市",
        alt_names=["Yanji City", "Yánjí", "Yŏn'gil", "Yeongil", "延吉", "연길", "Яньцзи"],
        town=(129.512756, 42.882304),
        town_src="Natural Earth 10m populated places",
        town_km=6,
        river_km=0,
        source_ids=[CNS_YANBIAN, JILIN_LOSSES, NE],
        note="China News Service (Yanji, 2 Sep 2016) names Yanji first among the Yanbian counties and cities "
        "hit: '受台风“狮子山”影响,连日来吉林省延边州的延吉、图们、和龙、珲春、龙井等县市普降暴雨,河水暴涨,造成道路受阻,"
        "农田、村屯被淹。' (Under Typhoon Lionrock, heavy rain fell for days over Yanji, Tumen, Helong, Hunchun, "
        "Longjing and other counties and cities of Yanbian; rivers swelled, roads were cut and farmland and "
        "villages flooded.) Jilin Sinmun lists 3 affected townships in Yanji. Yanji is not on the Tumen, so "
        "only a circle around the city is drawn. Before: not drawn (added for issue 10).",
    ),
    dict(
        slug="wangqing",
        name_en="Wangqing County",
        name_ko="왕청현",
        name_zh="汪清县",
        alt_names=["Wangqing", "Wāngqīng", "汪清縣"],
        town=(129.734344, 43.324783),
        town_src="Natural Earth 10m populated places",
        town_km=8,
        river_km=0,
        source_ids=[JILIN_LOSSES, NE],
        note="Jilin Sinmun lists 9 affected townships in Wangqing. Wangqing is not on the Tumen main stem, "
        "so only a circle around the county town is drawn.",
    ),
]


def read_layer(path: Path) -> gpd.GeoDataFrame:
    """Read a reference GeoJSON layer in lon/lat."""
    return gpd.read_file(path).to_crs(4326)


def polygonal(geom, min_area: float = 0.0):
    """Keep the polygon parts of geom larger than min_area (square degrees) as a Polygon or MultiPolygon."""
    polys = [g for g in getattr(geom, "geoms", [geom]) if isinstance(g, Polygon) and g.area > min_area]
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def tidy(geom):
    """Simplify and snap to a 5-decimal grid, keeping the geometry valid."""
    return polygonal(shapely.set_precision(geom.simplify(SIMPLIFY_DEG, preserve_topology=True), 10**-DECIMALS))


def rounded_coords(geom) -> dict:
    """GeoJSON geometry with every coordinate rounded to DECIMALS."""

    def walk(value):
        if isinstance(value, (list, tuple)):
            return [walk(v) for v in value]
        return round(value, DECIMALS)

    geo = mapping(geom)
    return {"type": geo["type"], "coordinates": walk(geo["coordinates"])}


def base_properties(slug: str, country: str, item: dict) -> dict:
    """Properties shared by every flood area feature."""
    return {
        "id": f"flood-{country}-{slug}",
        "name_en": item["name_en"],
        "name_zh": item["name_zh"],
        "name_ko": item["name_ko"],
        "alt_names": item["alt_names"],
        "countries": ["PRK"] if country == "kp" else ["CHN"],
        "status": "2016_flood_extent",
        "status_date": "2016-09-01",
        "status_history": [
            {"from": "2016-08-31", "status": "flooded"},
            {"from": "2016-09-01", "status": "2016_flood_extent"},
        ],
        "date_started": "2016-08-29",
        "date_completed": None,
        "date_opened": None,
        "date_closed": None,
        "source_ids": item["source_ids"],
        "event": EVENT,
    }


def county_features(counties: gpd.GeoDataFrame) -> list[dict]:
    """One feature per affected DPRK county, using the WOF outline."""
    features = []
    for item in COUNTIES:
        row = counties[counties["wof_id"] == item["wof_id"]]
        if len(row) != 1:
            raise SystemExit(f"WOF id {item['wof_id']} ({item['slug']}) not found exactly once")
        props = base_properties(item["slug"], "kp", item)
        extent = (
            "was among the worst hit"
            if item["severity"] == "severe"
            else "was reported affected"
            if item["verified"]
            else "was named only in early or partial reports (unconfirmed)"
        )
        props.update(
            {
                "kind": "county",
                "severity": item["severity"],
                "approximate": item["severity"] == "reported",
                "admin_wof_id": item["wof_id"],
                "summary": (
                    f"{item['name_en']} ({item['province']}, DPRK) {extent} when heavy rain from Typhoon "
                    f"Lionrock's remnants flooded the Tumen River and its tributaries in late August 2016."
                ),
                "precision_km": 2,
                "verified": item["verified"],
                "verification_note": f"{item['note']} {DPRK_NOTE} {STATUS_NOTE}",
            }
        )
        props["source_ids"] = item["source_ids"] + [WOF]
        features.append((props, tidy(row.geometry.iloc[0])))
    return features


def chinese_area(item: dict, river, china, not_china):
    """Town circle plus a Chinese-bank strip of the Tumen near the town, in metres (UTM 52N)."""
    town = gpd.GeoSeries([Point(item["town"])], crs=4326).to_crs(METRIC_CRS).iloc[0]
    area = town.buffer(item["town_km"] * 1000)
    if item["river_km"]:
        anchor = nearest_points(river, town)[0]
        strip = river.buffer(RIVER_STRIP_KM * 1000).intersection(anchor.buffer(item["river_km"] * 1000))
        area = area.union(strip)
    return area.intersection(china).difference(not_china)


def china_features(counties: gpd.GeoDataFrame, dprk_drawn) -> list[dict]:
    """One approximate feature per affected Chinese city/county, kept out of the DPRK and of each other."""
    countries = read_layer(NE_COUNTRIES).to_crs(METRIC_CRS)
    china = countries[countries["adm0_a3"] == "CHN"].geometry.iloc[0]
    prk = countries[countries["adm0_a3"] == "PRK"].geometry.iloc[0]
    not_china = unary_union([prk, *counties.to_crs(METRIC_CRS).geometry])
    rivers = read_layer(NE_RIVERS)
    river = rivers[rivers["name"] == "Tumen"].to_crs(METRIC_CRS).geometry.iloc[0]
    taken = None
    features = []
    for item in CN_AREAS:
        area = chinese_area(item, river, china, not_china)
        if taken is not None:
            area = area.difference(taken)
        taken = area if taken is None else taken.union(area)
        geom = gpd.GeoSeries([area], crs=METRIC_CRS).to_crs(4326).iloc[0]
        props = base_properties(item["slug"], "cn", item)
        river_part = (
            (
                f" plus a {RIVER_STRIP_KM} km strip along the Chinese bank of the Tumen within "
                f"{item['river_km']} km of the river point nearest the town"
            )
            if item["river_km"]
            else ""
        )
        props.update(
            {
                "kind": "area",
                "severity": "affected",
                "approximate": True,
                "admin_wof_id": None,
                "summary": (
                    f"{item['name_en']} (Yanbian, Jilin) is named in Chinese reports among the areas hit by "
                    f"Typhoon Lionrock's rains and the record Tumen flood of 29-31 August 2016."
                ),
                "precision_km": 15,
                "verified": True,
                "verification_note": (
                    f"{item['note']} APPROXIMATE EXTENT: there is no Chinese county polygon in the reference data, so "
                    f"this is a {item['town_km']} km circle around the town point ({item['town_src']}){river_part}, "
                    f"clipped to the Natural Earth 50m China polygon, with the DPRK (NE 50m and WOF counties) and the "
                    f"other Chinese flood areas removed. It does not show the administrative boundary or the "
                    f"actual flooded land. {STATUS_NOTE}"
                ),
            }
        )
        clipped = shapely.set_precision(tidy(geom).difference(dprk_drawn), 10**-DECIMALS)
        features.append((props, polygonal(clipped, min_area=1e-4)))
    return features


def main() -> None:
    """Build and write the flood areas layer."""
    counties = read_layer(WOF_COUNTIES)
    dprk = county_features(counties)
    prk = read_layer(NE_COUNTRIES).query("adm0_a3 == 'PRK'").geometry.iloc[0]
    dprk_drawn = unary_union([prk, *counties.geometry, *(geom for _, geom in dprk)])
    out = []
    for props, geom in dprk + china_features(counties, dprk_drawn):
        if geom.is_empty or not geom.is_valid:
            raise SystemExit(f"{props['id']}: empty or invalid geometry")
        out.append({"type": "Feature", "id": props["id"], "properties": props, "geometry": rounded_coords(geom)})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps({"type": "FeatureCollection", "features": out}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {len(out)} features to {OUT}")


if __name__ == "__main__":
    main()
