"""The editable slide's pure logic: its query parameters (round trip, bad values, limits), text cleaning, adding
notes, legend keys and the legend rows a slide shows."""

from __future__ import annotations

import pytest

from borderatlas import slide, slideview, views
from borderatlas.data import load_atlas
from borderatlas.slide import MAX_NOTE_CHARS, MAX_NOTES, MAX_SUBTITLE_CHARS, MAX_TITLE_CHARS, Note, SlideOverlay
from borderatlas.urlstate import ViewState, parse_view, view_params

FEATURE_IDS = {fid for frame in load_atlas().layers.values() for fid in frame["id"]}
BRIDGE, FRIENDSHIP = "new-yalu-river-bridge", "dandong-sinuiju-friendship-bridge"


@pytest.mark.parametrize(
    "params, changes",
    [
        ({"title": "Bridges on the Yalu"}, {"title": "Bridges on the Yalu"}),
        ({"subtitle": "Draft for the team"}, {"subtitle": "Draft for the team"}),
        ({"note1": f"{BRIDGE}~Check this"}, {"notes": (Note(BRIDGE, "Check this"),)}),
        (
            {"note1": f"{BRIDGE}~a ~ b", "note2": f"{FRIENDSHIP}~新义州 & <b>"},
            {"notes": (Note(BRIDGE, "a ~ b"), Note(FRIENDSHIP, "新义州 & <b>"))},
        ),
        ({"legend": "crossings-status.open,reference.river"}, {"legend": ("crossings-status.open", "reference.river")}),
        ({"legend": ""}, {"legend": ()}),
        ({"ovl": "1"}, {"overlay_in_export": True}),
        ({"title": "$x$ {{ 7*7 }} 100%"}, {"title": "$x$ {{ 7*7 }} 100%"}),
    ],
)
def test_slide_choices_round_trip_through_the_link(params, changes):
    """A link with slide choices restores them without a notice, and the view writes the same link back."""
    parsed = parse_view(params, FEATURE_IDS)
    assert parsed.notices == []
    assert parsed.state == ViewState(**changes)
    assert view_params(parsed.state) == params


@pytest.mark.parametrize(
    "params, words, field, expected",
    [
        ({"note1": "no-such-feature~text"}, "'no-such-feature~text' is not", "notes", ()),
        ({"note1": "just text"}, "'just text' is not '<feature id>~<text>'", "notes", ()),
        ({"note1": f"{BRIDGE}~   "}, "has no text", "notes", ()),
        (
            {"legend": "volcanoes"},
            "Unknown legend row(s) 'volcanoes'; showing the rows of what is in view",
            "legend",
            None,
        ),
        ({"legend": "volcanoes,reference.river"}, "'volcanoes' left out", "legend", ("reference.river",)),
        (
            {"title": "x" * 500},
            f"Title cut to {MAX_TITLE_CHARS} characters",
            "title",
            "x" * (MAX_TITLE_CHARS - 1) + "…",
        ),
        ({"subtitle": "y" * 500}, f"cut to {MAX_SUBTITLE_CHARS}", "subtitle", "y" * (MAX_SUBTITLE_CHARS - 1) + "…"),
        ({"note1": f"{BRIDGE}~" + "z" * 300}, f"cut to {MAX_NOTE_CHARS}", "notes", (Note(BRIDGE, "z" * 139 + "…"),)),
        (
            {f"note{n}": f"{BRIDGE}~n{n}" for n in range(1, MAX_NOTES + 3)},
            f"At most {MAX_NOTES} notes",
            "notes",
            tuple(Note(BRIDGE, f"n{n}") for n in range(1, MAX_NOTES + 1)),
        ),
    ],
)
def test_bad_or_long_values_fall_back_or_are_cut_with_a_notice(params, words, field, expected):
    """Each refused or cut slide value says so in one notice and leaves a value the view can draw and link."""
    parsed = parse_view(params, FEATURE_IDS)
    assert len(parsed.notices) == 1 and words in parsed.notices[0], parsed.notices
    assert getattr(parsed.state, field) == expected
    again = parse_view(view_params(parsed.state), FEATURE_IDS)
    assert again.state == parsed.state and again.notices == []


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("  Title\n\twith\r\nbreaks ", "Title with breaks"),
        ("nul\x00 bell\x07 esc\x1b[31m", "nul bell esc[31m"),
        ("‮evil‬ text", "evil text"),
        ("line\u2028sep\u2029para", "line sep para"),
        ("新义州 · 신의주", "新义州 · 신의주"),
        ("\u200b", "\u200b"),
        ("", ""),
    ],
)
def test_user_text_is_cleaned_to_one_line(raw, clean):
    """Control characters, bidi overrides and line breaks never reach a graphic or a link."""
    assert slide.clean_text(raw) == clean
    assert slide.clean_text(clean) == clean


@pytest.mark.parametrize(
    "notes, feature_id, text, count, message",
    [
        ((), BRIDGE, "A note", 1, None),
        ((), None, "A note", 0, "Choose the feature"),
        ((), BRIDGE, " \n ", 0, "Write the note's text"),
        ((Note(BRIDGE, "x"),) * MAX_NOTES, BRIDGE, "one more", MAX_NOTES, f"At most {MAX_NOTES} notes"),
        ((), BRIDGE, "w" * 400, 1, f"cut to {MAX_NOTE_CHARS}"),
    ],
)
def test_adding_a_note(notes, feature_id, text, count, message):
    """A note is added cleaned and cut, or refused with the reason."""
    added, said = slide.added_note(notes, feature_id, text)
    assert len(added) == count
    assert (said is None) if message is None else (message in said)
    assert all(len(note.text) <= MAX_NOTE_CHARS for note in added)


def test_legend_keys_are_unique_short_and_link_safe():
    """Every choosable legend row has its own key, short and made of letters, digits, '-' and '.'."""
    assert len(set(slide.LEGEND_KEYS)) == len(slide.LEGEND_KEYS)
    assert all(len(key) <= 60 and all(c.isalnum() or c in "-." for c in key) for key in slide.LEGEND_KEYS)


def labels(entries) -> list[str]:
    """The labels of legend rows."""
    return [entry.label for entry in entries]


@pytest.mark.parametrize(
    "view, expected, absent",
    [
        (
            views.ExportView(area=views.area_by_id("dandong-sinuiju")),
            ["Open", "Built, not open", "River"],
            ["Under construction", "Selected feature", "Severely affected: OCHA's three worst-hit areas"],
        ),
        (
            views.ExportView(area=views.area_by_id("dandong-sinuiju"), legend=("crossings-status.open",)),
            ["Open"],
            ["Built, not open", "River"],
        ),
        (views.ExportView(area=views.area_by_id("dandong-sinuiju"), legend=()), [], ["Open"]),
        (
            views.ExportView(area=views.area_by_id("dandong-sinuiju"), selected=BRIDGE),
            ["Selected feature"],
            [],
        ),
        (
            views.ExportView(legend=("reference.river",), overlay=SlideOverlay("k", "my-points.csv", None)),
            ["River", "my-points.csv"],
            ["Open"],
        ),
    ],
)
def test_the_slide_legend_is_what_is_in_view_or_what_was_chosen(atlas, view, expected, absent):
    """By default the rows of what the view shows; a choice shows only the rows chosen; the overlay adds its row."""
    shown = labels(slideview.export_legend(atlas, view))
    assert shown[: len(expected)] == expected or set(expected) <= set(shown)
    assert not set(absent) & set(shown)
    if view.legend is not None:
        assert len(shown) == len(expected)


def test_notes_are_numbered_with_their_features_names(atlas):
    """Notes are numbered in order, named after their feature, and placed at its representative point."""
    view = views.ExportView(notes=(Note(BRIDGE, "First"), Note(FRIENDSHIP, "Second")))
    places = slideview.note_places(atlas, view)
    assert [place.line for place in places] == [
        "1. New Yalu River Bridge: First",
        "2. Sino-Korean Friendship Bridge: Second",
    ]
    point = atlas.feature(BRIDGE)["geometry"].representative_point()
    assert (places[0].lon, places[0].lat) == (point.x, point.y)
    assert slideview.notes_metadata(view) == f"{BRIDGE}~First\n{FRIENDSHIP}~Second"


@pytest.mark.parametrize(
    "view, title, subtitle",
    [
        (views.ExportView(), views.TITLE, "China–North Korea border region · as of 30 November 2016"),
        (views.ExportView(title="Mine", subtitle="Sub"), "Mine", "Sub"),
        (
            views.ExportView(selected=BRIDGE, title="Mine"),
            "Mine",
            "China–North Korea border region · as of 30 November 2016",
        ),
    ],
)
def test_the_slides_title_and_subtitle_replace_the_computed_ones(atlas, view, title, subtitle):
    """A title or subtitle of the user's is drawn instead of the atlas's."""
    assert (views.export_title(atlas, view), views.export_subtitle(view)) == (title, subtitle)
