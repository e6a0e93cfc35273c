"""What changed between two dates: hand-checked change lists (read off geodata/*.geojson status_history), the
events between, the compare date in the link, the Map page's changes section and badges, the two-panel export and
the CLI's --since."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from conftest import APP
from PIL import Image
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from borderatlas import changes, export, mapview, styles, urlstate, views
from borderatlas.__main__ import main
from borderatlas.briefing.render import SINCE_METADATA
from borderatlas.data import load_basemap
from borderatlas.dates import date_start
from borderatlas.layers import DEFAULT_LAYERS, MAP_LAYERS

D = dt.date.fromisoformat
ALL = DEFAULT_LAYERS
SINCE, UNTIL = D("2012-06-01"), D("2016-11-30")

CROSSINGS_2012_2016 = [
    # feature, old status, new status, date (status_history `from`), kind — newest first
    ("quanhe-wonjong-new-bridge", None, "open", "2016-10-28", "opened"),
    ("kaishantun-sambong-bridge", "open", "damaged", "2016-08-31", "damaged"),
    ("jian-manpo-road-bridge", "planned", "completed_not_open", "2016", "completed"),
    ("new-yalu-river-bridge", "under_construction", "completed_not_open", "2014-10", "completed"),
    ("tumen-namyang-new-road-bridge", None, "planned", "2014-05", "planned"),
]
"""Every crossing whose status differs on 2012-06-01 and 2016-11-30, checked by hand against crossings.geojson."""

INFRASTRUCTURE_2012_2016 = [
    ("quanhe-wonjong-new-bridge-project", None, "operating", "2016-10-28", "opened"),
    ("eastern-jilin-infrastructure-programme", None, "planned", "2016-09", "planned"),
    ("wonjong-customs-upgrade", None, "operating", "2016-09", "opened"),
    ("jian-manpo-bridge-project", "planned", "completed_not_open", "2016", "completed"),
    ("hunchun-seafood-industrial-park", None, "active", "2015-06", "became active"),
    ("new-yalu-river-bridge-project", "under_construction", "completed_not_open", "2014-10", "completed"),
    ("tumen-namyang-new-bridge-project", None, "planned", "2014-05", "planned"),
    ("hwanggumpyong-wihwa-islands-economic-zone", "under_construction", "stalled", "2013-12", "stalled"),
    ("khasan-rajin-railway", "under_construction", "operating", "2013-09-22", "opened"),
    ("rajin-wonjong-road", "under_construction", "operating", "2012-09", "opened"),
]
"""Every project whose status differs on the two dates (quanhe-port-joint-inspection-complex starts only in 2017)."""


def rows(found: list[changes.Change]) -> list[tuple]:
    """Changes as (feature, old, new, date, kind) rows."""
    return [(c.feature_id, c.old_status, c.new_status, c.date, c.kind) for c in found]


@pytest.mark.parametrize(
    "layers, expected",
    [(("crossings",), CROSSINGS_2012_2016), (("infrastructure",), INFRASTRUCTURE_2012_2016)],
    ids=["crossings", "infrastructure"],
)
def test_hand_checked_changes_2012_to_2016(atlas, layers, expected):
    """2012-06-01 → 2016-11-30: exactly the hand-checked net changes of the layer, newest first."""
    assert rows(changes.changes_between(atlas, SINCE, UNTIL, layers)) == expected


def test_all_layers_2012_to_2016_include_the_floods_and_keep_newest_first(atlas):
    """With every layer: the crossings and projects above plus the 15 flood areas that appeared (2016-09-01, after
    being flooded from 2016-08-31), ordered newest first by the first day of each date."""
    found = changes.changes_between(atlas, SINCE, UNTIL, ALL)
    floods = [c for c in found if c.layer == "flood_areas"]
    assert len(found) == len(CROSSINGS_2012_2016) + len(INFRASTRUCTURE_2012_2016) + 15
    assert {(c.old_status, c.new_status, c.date, c.kind, c.steps) for c in floods} == {
        (None, "2016_flood_extent", "2016-09-01", "appeared", (("2016-08-31", "flooded"),))
    }
    starts = [date_start(c.date) for c in found]
    assert starts == sorted(starts, reverse=True)


@pytest.mark.parametrize(
    "feature_id, since, until, expected",
    [
        # must appear
        ("new-yalu-river-bridge", "2012-06-01", "2016-11-30", ("under_construction", "completed_not_open", "2014-10")),
        ("quanhe-wonjong-new-bridge", "2012-06-01", "2016-11-30", (None, "open", "2016-10-28")),
        ("quanhe-wonjong-new-bridge", "2016-10-01", "2016-11-30", ("restricted", "open", "2016-10-28")),
        ("quanhe-wonjong-new-bridge", "2016-09-15", "2016-10-15", ("under_construction", "restricted", "2016-09-30")),
        ("kaishantun-sambong-bridge", "2016-08-30", "2016-08-31", ("open", "damaged", "2016-08-31")),
        ("jian-manpo-road-bridge", "2015-12-31", "2016-01-01", ("planned", "completed_not_open", "2016")),
        ("flood-kp-musan", "2016-08-31", "2016-09-15", ("flooded", "2016_flood_extent", "2016-09-01")),
        # must NOT appear
        ("kaishantun-sambong-bridge", "2016-08-31", "2016-09-30", None),  # changed on since itself: (since, until]
        ("dandong-sinuiju-friendship-bridge", "2017-12-01", "2017-12-31", None),  # restricted and back: no net change
        ("changbai-hyesan-bridge", "1984-01-01", "1986-01-01", None),  # "open" again in 1985 is no change
        ("quanhe-port-joint-inspection-complex", "2012-06-01", "2016-11-30", None),  # not begun on either date
        ("new-yalu-river-bridge", "2016-11-30", "2016-11-30", None),  # since == until gives nothing
        ("new-yalu-river-bridge", "2016-11-30", "2012-06-01", None),  # since after until gives nothing
    ],
)
def test_hand_checked_cases(atlas, feature_id, since, until, expected):
    """One feature's change between two dates, or none."""
    found = {c.feature_id: c for c in changes.changes_between(atlas, D(since), D(until), ALL)}
    change = found.get(feature_id)
    assert (None if change is None else (change.old_status, change.new_status, change.date)) == expected


def test_hidden_layers_list_no_changes(atlas):
    """Only the visible layers' features are changes."""
    found = changes.changes_between(atlas, SINCE, UNTIL, ("crossings",))
    assert {c.layer for c in found} == {"crossings"}
    assert changes.changes_between(atlas, SINCE, UNTIL, ("boundaries", "towns")) == []


@pytest.mark.parametrize(
    "feature_id, event_id",
    [
        ("kaishantun-sambong-bridge", "floods-2016-08-31-record-peak-nanping"),
        ("quanhe-wonjong-new-bridge", "infra-2016-11-quanhe-bridge-all-lanes"),
        ("new-yalu-river-bridge", None),
    ],
)
def test_sources_are_the_causing_events_else_the_features(atlas, feature_id, event_id):
    """A change whose history entry names its cause cites that event's sources; otherwise the feature's."""
    change = next(c for c in changes.changes_between(atlas, SINCE, UNTIL, ALL) if c.feature_id == feature_id)
    assert change.event_id == event_id
    if event_id:
        assert change.source_ids == tuple(next(e for e in atlas.events if e.id == event_id).source_ids)
    else:
        assert change.source_ids == tuple(atlas.feature(feature_id)["source_ids"])
    assert all(source_id in atlas.sources for source_id in change.source_ids)


@pytest.mark.parametrize("layer", [layer for layer in MAP_LAYERS if layer.data is not None], ids=lambda layer: layer.id)
def test_every_status_has_a_change_word_from_the_registry(layer):
    """Each status of the vocabulary gives a change kind from the registry: its `became` word, else "changed"."""
    for style in layer.statuses:
        assert changes.change_kind(layer, "x", style.status) == (style.became or changes.CHANGED)
    assert changes.change_kind(layer, None, layer.statuses[0].status) == (
        layer.appears or layer.statuses[0].became or changes.CHANGED
    )


@pytest.mark.parametrize(
    "since, until, count, newest, oldest",
    [
        ("2012-06-01", "2016-11-30", 50, "2016-11-30", "infra-2012-09-hwanggumpyong-office-groundbreaking"),
        ("2016-08-30", "2016-08-31", 4, "2016-08-31", None),
        ("2016-11-30", "2016-11-30", 0, None, None),
    ],
)
def test_events_between(atlas, since, until, count, newest, oldest):
    """The events in (since, until], newest first; an event on `since` itself, or after `until`, is not listed."""
    found = changes.events_between(atlas, D(since), D(until))
    assert len(found) == count
    ids = [event.id for event in found]
    assert "infra-2012-05-jian-manpo-bridge-agreed" not in ids  # 2012-05 began before 2012-06-01
    assert "crossings-2016-12-new-tumen-namyang-bridge-begins" not in ids  # 2016-12: after
    if newest:
        assert found[0].date == newest
    if oldest:
        assert found[-1].id == oldest


@pytest.mark.parametrize(
    "params, since, notice",
    [
        ({"since": "2012-06-01"}, D("2012-06-01"), None),
        ({"since": "2012-06-01", "date": "2013-01-01"}, D("2012-06-01"), None),
        ({"since": "2016-11-30"}, None, "is not before the map date"),  # since == date
        ({"since": "2017-01-01"}, None, "is not before the map date"),  # since after date: refused
        ({"since": "2014-01-01", "date": "2013-01-01"}, None, "is not before the map date"),
        ({"since": "2012-13-01"}, None, "is not a date between"),
        ({"since": "1999-01-01"}, None, "is not a date between"),
        ({"since": "<b>x</b>"}, None, "is not a date between"),
        ({"since": ""}, None, None),
    ],
)
def test_since_in_the_link(params, since, notice):
    """since= is read like date=: a bad value or one not before the map date is ignored with a notice."""
    parsed = urlstate.parse_view(params, set())
    assert parsed.state.since == since
    assert [n for n in parsed.notices if notice and notice in n] if notice else parsed.notices == []
    assert urlstate.view_params(parsed.state).get("since") == (since.isoformat() if since else None)


def test_file_name_title_and_source_line_carry_both_dates(atlas):
    """A compared view's file name, title, subtitle and source line name both dates."""
    view = views.ExportView(area=views.area_by_id("tumen"), since=SINCE)
    assert view.file_name(".png") == "border-atlas_tumen_since-2012-06-01_2016-11-30.png"
    assert views.export_title(atlas, view).endswith("1 June 2012 → 30 November 2016")
    assert "from 1 June 2012 to 30 November 2016" in views.export_subtitle(view)
    assert "map as of 2012-06-01 and 2016-11-30" in views.source_line(atlas, views.view_frame(atlas.layers, view), view)


def test_web_map_badges_only_the_changed_symbols(atlas):
    """The web map marks a changed symbol with the badge class and its kind, and leaves unchanged ones alone."""
    basemap = {}
    request = mapview.MapRequest(since=SINCE, as_of=UNTIL)
    page = mapview.build_map(atlas.layers, basemap, request, lambda p, n: n).assembled().get_root().render()
    page = page.replace('\\"', '"')  # the icons' HTML sits in JSON strings
    assert 'ba-changed" data-change="completed" data-layer="crossings" data-id="new-yalu-river-bridge"' in page
    assert 'data-change="opened" data-layer="crossings" data-id="quanhe-wonjong-new-bridge"' in page
    unchanged = page.index('data-id="dandong-sinuiju-friendship-bridge"')
    assert page[unchanged - 60 : unchanged].endswith('class="ba-symbol ba-crossings" data-layer="crossings" ')
    plain = mapview.build_map(atlas.layers, basemap, mapview.MapRequest(), lambda p, n: n).assembled()
    assert "data-change=" not in plain.get_root().render()


def app(params: dict) -> AppTest:
    """The Map page with these link parameters, run once."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_map_page_with_since_lists_the_changes_newest_first(fake_map, atlas):
    """?since= shows the "Changes since" section with each change's statuses, date and source, then the events
    between, and the legend's changes row; the link keeps since."""
    at = app({"since": "2012-06-01", "date": "2016-11-30"})
    assert not at.exception
    assert "Changes since 2012-06-01" in [s.value for s in at.subheader]
    block = next(m.value for m in at.markdown if "New Yalu River Bridge" in m.value and "→" in m.value)
    assert block.index("New Tumen River Bridge") < block.index("New Yalu River Bridge"), "newest first"
    assert "Under construction → **Built, not open** · completed 2014\\-10" in block
    assert "not yet begun → **Open** · opened 2016\\-10\\-28" in block
    assert "Chosun Ilbo" in block
    assert "Events between 2012-06-01 and 2016-11-30 (50)" in [e.label for e in at.expander]
    assert any("Changes since 2012-06-01" in str(h.proto) for h in at.get("html"))
    assert at.query_params["since"] in ("2012-06-01", ["2012-06-01"])
    assert any("before 2012-06-01 | after, changes marked" in c.value for c in at.caption), "the export says so"


def test_map_page_without_since_has_no_changes_section(fake_map):
    """Without since, the panel is the summary alone and the compare box is off."""
    at = app({})
    assert not any("Changes since" in s.value for s in at.subheader)
    assert at.checkbox(key="ba_since_on").value is False


def test_compare_box_turns_comparison_on_and_off(fake_map):
    """Ticking "Compare with an earlier date" compares with a year earlier; clearing it drops since from the link."""
    at = app({})
    at.checkbox(key="ba_since_on").check().run()
    assert "Changes since 2015-11-30" in [s.value for s in at.subheader]
    assert at.query_params["since"] in ("2015-11-30", ["2015-11-30"])
    at.checkbox(key="ba_since_on").uncheck().run()
    assert "since" not in at.query_params


@pytest.fixture(scope="module")
def basemap():
    """The offline vector basemap."""
    return load_basemap()


def near(pixel: tuple, colour: str, tolerance: int = 40) -> bool:
    """Whether a pixel is close to a #rrggbb colour."""
    target = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], target))


def test_two_panel_png_has_both_dates_and_the_badge(atlas, basemap):
    """The compared PNG is 1920×1080, its metadata has both dates and the compare date, and the right-hand map has
    the badge at the New Yalu River Bridge's lower left."""
    view = views.ExportView(area=views.area_by_id("dandong-sinuiju"), since=SINCE)
    fmt = views.format_by_id("png")
    rendered = export.render(atlas, basemap, view, fmt)
    image = Image.open(io.BytesIO(export.save(rendered, fmt)))
    assert image.size == (1920, 1080)
    assert image.info[SINCE_METADATA] == "2012-06-01"
    assert "1 June 2012" in image.info["Title"] and "30 November 2016" in image.info["Title"]
    point = atlas.feature("new-yalu-river-bridge")["geometry"]
    x, y = rendered.pixel_of(point.x, point.y)
    pixels = image.convert("RGB")
    window = [pixels.getpixel((x + dx, y + dy)) for dx in range(-25, 5) for dy in range(-5, 25)]
    assert any(near(p, styles.CHANGE_COLOUR) for p in window), "no change badge next to the bridge"


def test_two_panel_pdf_names_both_dates(atlas, basemap):
    """The compared PDF is one page whose text has both dates, both panel headings and the disclaimer."""
    view = views.ExportView(area=views.area_by_id("tumen"), since=SINCE)
    text = " ".join(
        PdfReader(io.BytesIO(export.export_bytes(atlas, basemap, view, "pdf"))).pages[0].extract_text().split()
    )
    for words in ("Before: 1 June 2012", "After: 30 November 2016", "map as of 2012-06-01 and 2016-11-30",
                  views.DISCLAIMER):  # fmt: skip
        assert words in text


@pytest.mark.parametrize(
    "args, code, words",
    [
        (["--since", "2012-06-01", "--area", "dandong-sinuiju"], 0, "since-2012-06-01_2016-11-30.png"),
        (["--since", "2017-01-01"], 2, "--since"),
        (["--since", "2012-06-01", "--date", "2012-06-01"], 2, "not before --date"),
        (["--since", "2012-02-30"], 2, "not a date"),
    ],
)
def test_cli_since(tmp_path, capsys, args, code, words):
    """`export --since` writes the two-panel graphic named with both dates, or exits 2 naming the argument."""
    try:
        result = main(["export", "--format", "png", "--output", str(tmp_path), *args])
    except SystemExit as stop:
        result = stop.code
    out = capsys.readouterr()
    assert result == code
    assert words in (out.out if code == 0 else out.err)
    if code == 0:
        written = tmp_path / "border-atlas_dandong-sinuiju_since-2012-06-01_2016-11-30.png"
        assert Image.open(written).info[SINCE_METADATA] == "2012-06-01"
