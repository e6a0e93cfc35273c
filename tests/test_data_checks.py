"""Checks across records (issue 10): one object one history, the right bank, event-caused status changes, and the
counts written in README files. Each check has table-driven cases, including ones that must fail."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sample_data import mutated_layers, write_sample_dataset

from borderatlas.__main__ import main
from borderatlas.paths import GEODATA_DIR
from borderatlas.validation import china_dprk_line, read_dataset, side_of_line

REPO = Path(__file__).resolve().parents[1]


def props(layers: dict, layer: str, fid: str) -> dict:
    """The properties of one sample feature."""
    return next(f for f in layers[layer]["features"] if f["id"] == fid)["properties"]


def edit(*changes):
    """A layer mutation applying (layer, feature id, {property: value}) changes; 'geometry' sets the point."""

    def mutate(layers):
        for layer, fid, values in changes:
            feature = next(f for f in layers[layer]["features"] if f["id"] == fid)
            for key, value in values.items():
                if key == "geometry":
                    feature["geometry"] = {"type": "Point", "coordinates": value}
                else:
                    feature["properties"][key] = value

    return mutate


def lines_for(capsys, root: Path) -> list[str]:
    """The validator's output lines for a folder."""
    main(["validate", str(root)])
    return capsys.readouterr().out.splitlines()


CX, IX = "crossings.geojson", "infrastructure.geojson"
ALIGNED = [(CX, "crossing-a", {"same_structure_as": "infra-a", "status_history": [{"from": "2012", "status": "open"}]})]

LINK_CASES = [
    # (case, mutation, expected line prefix or None when clean, words)
    ("twins-agree", edit(*ALIGNED), None, ""),
    ("open-equals-operating-both-ways", edit(*ALIGNED, (IX, "infra-a", {"same_structure_as": "crossing-a"})), None, ""),
    (
        "statuses-disagree",
        edit((CX, "crossing-a", {"same_structure_as": "infra-a"})),
        "geodata/crossings.geojson: feature 'crossing-a': status_history: ",
        "on 2010-01-01 this record is 'open' but its twin 'infra-a' is 'not yet begun'",
    ),
    (
        "later-status-disagrees",
        edit(
            *ALIGNED,
            (
                IX,
                "infra-a",
                {
                    "status": "restricted",
                    "status_history": [
                        {"from": "2012", "status": "operating"},
                        {"from": "2016-09-30", "status": "restricted"},
                    ],
                },
            ),
        ),
        "geodata/crossings.geojson: feature 'crossing-a': status_history: ",
        "on 2016-09-30",
    ),
    (
        "completion-differs",
        edit(*ALIGNED, (CX, "crossing-a", {"date_completed": "2013"}), (IX, "infra-a", {"date_completed": "2016"})),
        "geodata/crossings.geojson: feature 'crossing-a': date_completed: ",
        "no completion_conflict is recorded",
    ),
    (
        "completion-conflict-recorded",
        edit(
            *ALIGNED,
            (CX, "crossing-a", {"date_completed": "2013"}),
            (IX, "infra-a", {"date_completed": "2016", "completion_conflict": "Source A says 2013, B 2016."}),
        ),
        None,
        "",
    ),
    (
        "unknown-twin",
        edit((CX, "crossing-a", {"same_structure_as": "no-such-bridge"})),
        "geodata/crossings.geojson: feature 'crossing-a': same_structure_as: ",
        "unknown feature 'no-such-bridge'",
    ),
    (
        "twin-links-elsewhere",
        edit(*ALIGNED, (IX, "infra-a", {"same_structure_as": "crossing-b"})),
        "geodata/crossings.geojson: feature 'crossing-a': same_structure_as: ",
        "which links to 'crossing-b'",
    ),
]


@pytest.mark.parametrize("case, mutate, prefix, words", LINK_CASES, ids=[c[0] for c in LINK_CASES])
def test_one_object_one_history(tmp_path, capsys, case, mutate, prefix, words):
    """Records linked by same_structure_as agree on status at every date and on completion, or say why not."""
    out = lines_for(capsys, write_sample_dataset(tmp_path / "geodata", layers=mutated_layers(mutate)))
    if prefix is None:
        assert out == []
    else:
        assert any(line.startswith(prefix) and words in line for line in out), out


EVENT_CASES = [
    (
        "change-on-event-day",
        [{"from": "2010", "status": "open"}, {"from": "2016-11-30", "status": "damaged", "caused_by": "event-a"}],
        None,
        "",
    ),
    (
        "change-after-event",
        [{"from": "2010", "status": "open"}, {"from": "2016-12", "status": "damaged", "caused_by": "event-a"}],
        None,
        "",
    ),
    (
        "year-only-change-before-event",
        [{"from": "2010", "status": "open"}, {"from": "2016", "status": "damaged", "caused_by": "event-a"}],
        "geodata/crossings.geojson: feature 'crossing-a': status_history: ",
        "'damaged' from 2016 comes before its cause, event 'event-a' of 2016-11-30",
    ),
    (
        "month-before-event-day",
        [{"from": "2010", "status": "open"}, {"from": "2016-11", "status": "damaged", "caused_by": "event-a"}],
        "geodata/crossings.geojson: feature 'crossing-a': status_history: ",
        "comes before its cause",
    ),
    (
        "unknown-event",
        [{"from": "2010", "status": "open"}, {"from": "2017", "status": "damaged", "caused_by": "no-such-event"}],
        "geodata/crossings.geojson: feature 'crossing-a': status_history: ",
        "unknown event 'no-such-event'",
    ),
]


@pytest.mark.parametrize("case, history, prefix, words", EVENT_CASES, ids=[c[0] for c in EVENT_CASES])
def test_event_caused_change_not_before_the_event(tmp_path, capsys, case, history, prefix, words):
    """A status change that names its cause (caused_by) cannot start before that event's date."""
    mutate = edit((CX, "crossing-a", {"status_history": history, "status": history[-1]["status"]}))
    out = lines_for(capsys, write_sample_dataset(tmp_path / "geodata", layers=mutated_layers(mutate)))
    if prefix is None:
        assert out == []
    else:
        assert any(line.startswith(prefix) and words in line for line in out), out


WONJONG = [130.523456, 42.568379]  # the Quanhe–Wonjong crossing point: 0.08 km on the NE line's Chinese side
TUMEN_CITY = [129.8201, 42.97]  # Natural Earth's Tumen (China): 2.7 km on the Chinese side
HYESAN = [128.1927, 41.3927]  # Natural Earth's Hyesan (DPRK): 1.4 km on the DPRK side
RAJIN = [130.38972, 42.34]  # far (> 20 km) from the China–DPRK line

SIDE_CASES = [
    # (case, coordinates, countries, precision_km, reason, fails)
    ("dprk-point-on-dprk-side", HYESAN, ["PRK"], 0.1, None, False),
    ("china-point-on-china-side", TUMEN_CITY, ["CHN"], 0.1, None, False),
    ("dprk-point-on-china-side", TUMEN_CITY, ["PRK"], 1.0, None, True),
    ("china-point-on-dprk-side", HYESAN, ["CHN"], 0.5, None, True),
    ("just-across-not-covered", WONJONG, ["PRK"], 0.05, None, True),
    ("just-across-precision-covers", WONJONG, ["PRK"], 0.5, None, False),
    ("just-across-with-reason", WONJONG, ["PRK"], 0.05, "Placed on the bridge; the post is on the DPRK bank.", False),
    ("blank-reason-is-no-reason", TUMEN_CITY, ["PRK"], 1.0, "  ", True),
    ("two-country-point-not-checked", TUMEN_CITY, ["CHN", "PRK"], 0.1, None, False),
    ("far-from-the-line", RAJIN, ["CHN"], 0.1, None, False),
]


@pytest.mark.parametrize(
    "case, coords, countries, precision, reason, fails", SIDE_CASES, ids=[c[0] for c in SIDE_CASES]
)
def test_right_bank(tmp_path, capsys, case, coords, countries, precision, reason, fails):
    """A one-country point within a few km of the China–DPRK line is on its side, within its precision, or says why."""
    values = {"geometry": coords, "countries": countries, "precision_km": precision}
    if reason is not None:
        values["boundary_side_reason"] = reason
    out = lines_for(
        capsys, write_sample_dataset(tmp_path / "geodata", layers=mutated_layers(edit((IX, "infra-a", values))))
    )
    prefix = "geodata/infrastructure.geojson: feature 'infra-a': geometry.coordinates: "
    named = [line for line in out if line.startswith(prefix) and "across the boundary line" in line]
    assert bool(named) == fails, out
    assert [line for line in out if line not in named] == []


@pytest.mark.parametrize(
    "name, coords, side",
    [
        ("Hyesan", HYESAN, "PRK"),
        ("Tumen", TUMEN_CITY, "CHN"),
        ("Manpo", [126.2958, 41.1454], "PRK"),
        ("Linjiang", [126.936, 41.8363], "CHN"),
        ("Musan", [129.2304, 42.2304], "PRK"),
    ],
)
def test_side_of_line_knows_the_towns(name, coords, side):
    """The committed boundary line is oriented with North Korea on its left: known towns fall on their own side."""
    assert side_of_line(china_dprk_line(), *coords)[0] == side


# ---------------------------------------------------------------------------------------------------------------
# Counts in README files and on pages are the data's.


def real():
    """The committed data set."""
    return read_dataset(GEODATA_DIR)


def layer_props(report, layer):
    return report.layers[layer].properties


def china_dprk_crossings(report):
    return sum(1 for p in layer_props(report, "crossings") if set(p.countries) == {"CHN", "PRK"})


def unverified(report, layer):
    return sum(1 for p in layer_props(report, layer) if not p.verified)


COUNT_CASES = [
    # (file, pattern with one group per number, functions giving each number from the data)
    (
        "geodata/README.md",
        r"`crossings\.geojson` \| (\d+) crossings on the Yalu and the Tumen, plus the DPRK–Russia",
        [china_dprk_crossings],
    ),
    (
        "geodata/README.md",
        r"`infrastructure\.geojson` \| (\d+) projects",
        [lambda r: len(layer_props(r, "infrastructure"))],
    ),
    (
        "geodata/README.md",
        r"floods: (\d+) DPRK counties and (\d+) Chinese areas",
        [
            lambda r: sum(1 for p in layer_props(r, "flood_areas") if "PRK" in p.countries),
            lambda r: sum(1 for p in layer_props(r, "flood_areas") if p.countries == ["CHN"]),
        ],
    ),
    ("geodata/README.md", r"`facts\.csv` \| (\d+) facts", [lambda r: len(r.tables["facts"].rows)]),
    ("geodata/README.md", r"`events\.csv` \| (\d+) dated events", [lambda r: len(r.tables["events"].rows)]),
    (
        "geodata/README.md",
        r"`flood_figures\.csv` \| (\d+) reported flood figures",
        [lambda r: len(r.tables["flood_figures"].rows)],
    ),
    (
        "geodata/README.md",
        r"\| crossings \| (\d+) \| (\d+) \|",
        [lambda r: len(layer_props(r, "crossings")), lambda r: unverified(r, "crossings")],
    ),
    (
        "geodata/README.md",
        r"\| infrastructure \| (\d+) \| (\d+) \|",
        [lambda r: len(layer_props(r, "infrastructure")), lambda r: unverified(r, "infrastructure")],
    ),
    (
        "geodata/README.md",
        r"\| flood_areas \| (\d+) \| (\d+) \|",
        [lambda r: len(layer_props(r, "flood_areas")), lambda r: unverified(r, "flood_areas")],
    ),
    (
        "geodata/README.md",
        r"\| events \| (\d+) \| (\d+) \|",
        [lambda r: len(r.tables["events"].rows), lambda r: sum(1 for e in r.tables["events"].rows if not e.verified)],
    ),
    (
        "geodata/README.md",
        r"\| designations \| (\d+) \| (\d+) \|",
        [
            lambda r: len(r.tables["designations"].rows),
            lambda r: sum(1 for d in r.tables["designations"].rows if not d.verified),
        ],
    ),
]


@pytest.mark.parametrize("file, pattern, counts", COUNT_CASES, ids=[f"{c[0]}:{c[1][:30]}" for c in COUNT_CASES])
def test_counts_in_readme_equal_the_data(file, pattern, counts):
    """Every count the README states is the count in the data (update the README when the data changes)."""
    text = (REPO / file).read_text(encoding="utf-8")
    match = re.search(pattern, text)
    assert match, f"{file}: no text matching {pattern!r}"
    report = real()
    assert [int(n) for n in match.groups()] == [count(report) for count in counts], file


@pytest.mark.parametrize(
    "text, fails",
    [
        ("| `crossings.geojson` | 16 crossings on the Yalu and the Tumen, plus the DPRK–Russia bridge |", True),
        ("| `crossings.geojson` | 15 crossings on the Yalu and the Tumen, plus the DPRK–Russia bridge |", False),
    ],
)
def test_count_check_catches_a_stale_number(text, fails):
    """The count check fails on a number that no longer matches the data (15 China–DPRK crossings here)."""
    pattern, counts = COUNT_CASES[0][1], COUNT_CASES[0][2]
    stated = [int(n) for n in re.search(pattern, text).groups()]
    assert (stated != [count(real()) for count in counts]) == fails


HARD_CODED_COUNT = re.compile(r"\b\d+\s+(crossings|projects|facts|events|sources|flood areas|counties|bridges)\b")


PAGE_SCRIPTS = sorted(p for folder in ("pages", "app_pages") for p in (REPO / folder).glob("*.py")) + [
    REPO / "dashboard.py"
]


@pytest.mark.parametrize("page", PAGE_SCRIPTS, ids=lambda p: p.name)
def test_pages_count_from_the_data(page):
    """Pages never write a count into their text: they compute it from the data (so it cannot go stale)."""
    assert not HARD_CODED_COUNT.search(page.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text, found", [("There are 17 crossings.", True), ('f"{len(rows)} crossings"', False)])
def test_hard_coded_count_pattern(text, found):
    assert bool(HARD_CODED_COUNT.search(text)) == found


# ---------------------------------------------------------------------------------------------------------------
# The corrections of issue 10 stay corrected.


def feature(layer_file: str, fid: str):
    data = json.loads((GEODATA_DIR / layer_file).read_text(encoding="utf-8"))
    return next((f for f in data["features"] if f["id"] == fid), None)


@pytest.mark.parametrize(
    "crossing, project",
    [
        ("new-yalu-river-bridge", "new-yalu-river-bridge-project"),
        ("jian-manpo-road-bridge", "jian-manpo-bridge-project"),
        ("quanhe-wonjong-new-bridge", "quanhe-wonjong-new-bridge-project"),
        ("tumen-namyang-new-road-bridge", "tumen-namyang-new-bridge-project"),
    ],
)
def test_same_bridges_are_linked(crossing, project):
    """The bridges that are in both layers carry the explicit link, so the validator compares their histories."""
    assert feature("crossings.geojson", crossing)["properties"]["same_structure_as"] == project


def test_broken_bridge_is_a_ruin_not_a_crossing():
    assert feature("crossings.geojson", "yalu-river-broken-bridge") is None
    assert feature("infrastructure.geojson", "yalu-river-broken-bridge")["properties"]["status"] == "ruin"


@pytest.mark.parametrize("fid", ["flood-kp-rason", "flood-kp-taehongdan", "flood-kp-paegam"])
def test_early_report_areas_are_their_own_tier(fid):
    p = feature("flood_areas.geojson", fid)["properties"]
    assert (p["severity"], p["verified"], p["approximate"]) == ("reported", False, True)


def test_floods_do_not_stay_flooded():
    for f in json.loads((GEODATA_DIR / "flood_areas.geojson").read_text(encoding="utf-8"))["features"]:
        assert f["properties"]["status_history"][-1]["status"] == "2016_flood_extent", f["id"]
