"""The Streamlit glue: caching, session and URL state, the shared sidebar and footer, and drawing panels.

This is the only module of the package that imports Streamlit.
"""

from __future__ import annotations

import datetime as dt
import html
import urllib.parse
from dataclasses import dataclass, replace

import streamlit as st
import streamlit.components.v1 as components
from streamlit_folium import st_folium

from borderatlas import legend, mapview, panels, tables, urlstate
from borderatlas.asof import EARLIEST_AS_OF, LATEST_AS_OF
from borderatlas.assets import ASSET_PACKAGES, AssetPackage
from borderatlas.data import Atlas, load_atlas, load_basemap
from borderatlas.paths import geodata_dir
from borderatlas import overlay as user_overlay
from borderatlas.search import search_features

STATE_KEY = "ba_view"
NOTICES_KEY = "ba_url_notices"
CLICK_KEY = "ba_last_click"
RETURNED_OBJECTS = ("last_object_clicked", "last_object_clicked_count")
"""What the map reports back: only clicks on features. Pan and zoom change neither, so they never rerun the script."""
CENTRED_KEY = "ba_centred_this_run"
MAP_HEIGHT = 620

ASSET_COMPONENTS = {package.id: components.declare_component(f"assets_{package.id}", path=str(package.directory))
                    for package in ASSET_PACKAGES}
"""Each XStatic package's folder served by Streamlit as a component path: /component/<name>/<file>."""


def component_url_for(package: AssetPackage, name: str) -> str:
    """An asset URL relative to the map's component frame, so it survives a server.baseUrlPath prefix."""
    return f"../{ASSET_COMPONENTS[package.id].name}/{name}"


@st.cache_resource(show_spinner=False)
def atlas_for(root: str) -> Atlas:
    """The validated data set in a folder, loaded once per server process."""
    return load_atlas(root)


def cached_atlas() -> Atlas:
    """The validated data set in use (geodata/, or BORDERATLAS_GEODATA)."""
    return atlas_for(str(geodata_dir()))


@st.cache_resource(show_spinner=False)
def cached_basemap() -> dict:
    """The offline vector basemap, loaded once per server process."""
    return load_basemap()


def all_feature_ids(atlas: Atlas) -> set[str]:
    """Every feature id across the data layers."""
    return {fid for frame in atlas.layers.values() if len(frame) for fid in frame["id"]}


def view() -> urlstate.ViewState:
    """This session's view, first read from the URL (bad values fall back to defaults with a notice)."""
    if STATE_KEY not in st.session_state:
        parsed = urlstate.parse_view(st.query_params.to_dict(), all_feature_ids(cached_atlas()))
        st.session_state[STATE_KEY] = parsed.state
        st.session_state[NOTICES_KEY] = parsed.notices
    return st.session_state[STATE_KEY]


def set_view(**changes) -> None:
    """Change this session's view."""
    st.session_state[STATE_KEY] = replace(view(), **changes)


def write_url() -> None:
    """Put the current view into the URL so a copied link restores it."""
    wanted = urlstate.view_params(view())
    current = st.query_params.to_dict()
    if current != wanted:
        st.query_params.from_dict(wanted)


def on_layer_toggle() -> None:
    """Widget callback: the layer checkboxes changed."""
    set_view(layers=tuple(layer.id for layer in mapview.MAP_LAYERS if st.session_state.get(f"ba_layer_{layer.id}")))


def on_date_change() -> None:
    """Widget callback: the as-of date changed."""
    set_view(as_of=st.session_state["ba_date"])


def on_tiles_change() -> None:
    """Widget callback: the tile layer changed."""
    set_view(tiles=st.session_state["ba_tiles"])


def on_search_choice() -> None:
    """Widget callback: a search result was chosen; select it and centre the map on it."""
    hit_id = st.session_state.get("ba_search_choice")
    if hit_id:
        select_feature(hit_id, centre=True)


def select_feature(feature_id: str | None, centre: bool = False) -> None:
    """Select a feature (or clear the selection), optionally centring the map on it."""
    changes: dict = {"selected": feature_id}
    if feature_id and centre:
        record = cached_atlas().feature(feature_id)
        if record is not None:
            point = record["geometry"].representative_point()
            changes.update(lat=round(point.y, 4), lon=round(point.x, 4), zoom=max(view().zoom, 10))
            st.session_state[CENTRED_KEY] = True
    set_view(**changes)


def sync_view_from_url() -> None:
    """Adopt the centre and zoom the map wrote into the URL while the user panned (each rerun sends the URL).

    Panning reruns nothing; the next rerun brings the view along, so exports and links use what is on screen.
    A feature centred by this run's callback wins over the older URL view.
    """
    if st.session_state.pop(CENTRED_KEY, False):
        return
    params = st.query_params.to_dict()
    wanted = {key: params[key] for key in ("lat", "lon", "zoom") if key in params}
    if not wanted:
        return
    parsed = urlstate.parse_view(wanted, set())
    if parsed.notices:
        return
    changes = {"zoom": parsed.state.zoom} if "zoom" in wanted else {}
    if "lat" in wanted and "lon" in wanted:
        changes.update(lat=parsed.state.lat, lon=parsed.state.lon)
    if changes:
        set_view(**changes)


def search_records(atlas: Atlas):
    """(layer, record) pairs for every feature, for name search."""
    for layer, frame in atlas.layers.items():
        if len(frame):
            for record in frame.drop(columns="geometry").to_dict("records"):
                yield layer, record


def draw_sidebar() -> None:
    """The shared sidebar: search, layers, as-of date, background."""
    atlas, state = cached_atlas(), view()
    with st.sidebar:
        st.markdown("### Find a place")
        query = st.text_input("Search any name, in any script", key="ba_search",
                              placeholder="Sinuiju, Sinŭiju, 신의주, 新义州 …")
        if query:
            hits = search_features(query, search_records(atlas))
            if hits:
                labels = {hit.feature_id: hit.label for hit in hits}
                st.selectbox(f"{len(hits)} result(s)", options=list(labels), format_func=labels.get, index=None,
                             placeholder="Choose a result to select it", key="ba_search_choice",
                             on_change=on_search_choice)
            else:
                st.caption(f"No feature is called “{escape_md(query)}”.")
        st.markdown("### Layers")
        for layer in mapview.MAP_LAYERS:
            st.session_state.setdefault(f"ba_layer_{layer.id}", layer.id in state.layers)
            st.checkbox(layer.title, key=f"ba_layer_{layer.id}", on_change=on_layer_toggle)
        st.session_state.setdefault("ba_date", state.as_of)
        st.slider("Map as of", min_value=EARLIEST_AS_OF, max_value=LATEST_AS_OF, key="ba_date",
                  format="YYYY-MM-DD", on_change=on_date_change, help="Features show their status on this date.")
        st.session_state.setdefault("ba_tiles", state.tiles)
        titles = {choice.id: choice.title for choice in mapview.TILE_CHOICES}
        st.selectbox("Background", options=list(titles), format_func=titles.get, key="ba_tiles",
                     on_change=on_tiles_change, help="Online tiles are optional; the vector basemap works offline.")
        if state.selected:
            st.button("Clear selection", on_click=select_feature, args=(None,))


def draw_notices() -> None:
    """Warnings about data that was skipped and URL values that were replaced."""
    atlas = cached_atlas()
    if atlas.notices:
        skipped = sum(notice.skipped for notice in atlas.notices)
        st.warning(f"Some data failed validation and is not shown ({skipped} record(s) skipped in "
                   f"{len(atlas.notices)} file(s)); everything else is served. "
                   + " · ".join(escape_md(notice.summary()) for notice in atlas.notices))
        with st.expander("What was skipped and why"):
            st.code("\n".join(problem for notice in atlas.notices for problem in notice.problems), language=None)
    for message in st.session_state.get(NOTICES_KEY, []):
        st.info(escape_md(message))


def draw_footer() -> None:
    """Attribution, the data's as-of date, and the boundary disclaimer, on every page."""
    atlas = cached_atlas()
    st.divider()
    primary = atlas.sources.get("sinonk-2016-11-30")
    primary_text = escape_md(f"{primary.author}, “{primary.title}”, {primary.publisher}, {primary.published}") if primary else ""
    st.caption(
        f"Sources: {primary_text} and {max(len(atlas.sources) - 1, 0)} other cited sources (see Sources & method). "
        "Map data: Natural Earth (public domain) · North Korean admin units © Who's On First (whosonfirst.org), "
        "incl. data from Quattroshapes (CC BY). "
        f"Data as of {atlas.data_as_of()}. Boundaries are shown for reference only and are not authoritative."
    )


def map_request() -> mapview.MapRequest:
    """The map request for the current view."""
    state = view()
    return mapview.MapRequest(layers=state.layers, as_of=state.as_of, selected=state.selected,
                              center=(state.lat, state.lon), zoom=state.zoom, tiles=state.tiles)


def draw_map(key: str = "ba_map", height: int = MAP_HEIGHT, layers: tuple[str, ...] | None = None) -> None:
    """The interactive map; panning and zooming never rerun the script, a click on a feature selects it."""
    atlas, state = cached_atlas(), view()
    request = map_request()
    if layers is not None:
        request = replace(request, layers=layers)
    initial = st.session_state.setdefault(f"{key}_initial_view", (state.lat, state.lon, state.zoom))
    parts = mapview.build_map(atlas.layers, cached_basemap(),
                              replace(request, center=initial[:2], zoom=initial[2]), component_url_for)
    parts.groups += overlay_groups() if key == "ba_map" else []
    result = st_folium(parts.base, key=key, height=height, use_container_width=True,
                       feature_group_to_add=parts.groups, center=(state.lat, state.lon), zoom=state.zoom,
                       returned_objects=list(RETURNED_OBJECTS))
    handle_click(atlas, request, result or {}, key)


def handle_click(atlas: Atlas, request: mapview.MapRequest, result: dict, key: str) -> None:
    """Select the feature under a new map click (a click counts as new by its count, so re-clicking works)."""
    clicked = result.get("last_object_clicked")
    stamp = (result.get("last_object_clicked_count"), clicked)
    if not clicked or st.session_state.get(f"{key}_{CLICK_KEY}") == stamp:
        return
    st.session_state[f"{key}_{CLICK_KEY}"] = stamp
    feature_id = panels.feature_at_click(atlas, request.layers, clicked["lat"], clicked["lng"])
    if feature_id and feature_id != view().selected:
        select_feature(feature_id)
        st.rerun()


def draw_legend(layers: tuple[str, ...]) -> None:
    """The legend for the visible layers, drawn in HTML (no d3)."""
    entries = legend.legend_entries(layers)
    if entries:
        st.html(legend.legend_html(entries))


def citation_markdown(citation: panels.Citation) -> str:
    """A citation as escaped markdown, linked when it has a URL."""
    text = escape_md(citation.text)
    return f"[{text}]({markdown_url(citation.url)})" if citation.url else text


def escape_md(text: str) -> str:
    """Escape text for Streamlit markdown: HTML and markdown syntax never run."""
    escaped = html.escape(str(text), quote=False)
    for char in "\\`*_{}[]()#+-.!|<>~$":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def draw_fact(view_: panels.FactView) -> None:
    """One fact: statement, value, dates, source link, quote and translation, verification."""
    fact = view_.fact
    head = escape_md(fact.statement)
    if view_.value_text:
        head = f"**{escape_md(view_.value_text)}** — {head}"
    st.markdown(head)
    when = " · ".join(part for part in (
        f"period {fact.period_start}–{fact.period_end or ''}" if fact.period_start else "",
        f"reported {fact.reported}" if fact.reported else "") if part)
    st.caption(f"{escape_md(when)} · Source: {citation_markdown(view_.citation)}"
               + ("" if fact.verified else " · **unverified**"))
    quote = f"> {escape_md(fact.quote)}"
    if fact.quote_en:
        quote += f"\n>\n> *{escape_md(fact.quote_en)}*"
    st.markdown(quote)
    if fact.note:
        st.caption(f"Note: {escape_md(fact.note)}")


def draw_feature_panel(panel: panels.FeaturePanel, as_of: dt.date) -> None:
    """The side panel for the selected feature."""
    record = panel.record
    st.subheader(escape_md(record["name_en"]))
    st.markdown(f"中文 **{escape_md(record['name_zh'])}** · 조선말 **{escape_md(record['name_ko'])}**")
    if record.get("alt_names"):
        st.caption("Also: " + escape_md(", ".join(record["alt_names"])))
    status = (panel.status_on_date or "not yet begun").replace("_", " ")
    st.markdown(f"**Status on {as_of.isoformat()}:** {escape_md(status)}  \n"
                f"Recorded status: {escape_md(record['status'].replace('_', ' '))} ({escape_md(record['status_date'])})")
    for label, value in panel.dates:
        st.markdown(f"- {escape_md(label)}: {escape_md(value)}")
    if record.get("verified"):
        st.success(f"Verified location (precision ± {record['precision_km']} km)")
    else:
        st.warning(f"Unverified — location precision ± {record['precision_km']} km. "
                   f"{escape_md(record.get('verification_note') or '')}")
    st.markdown(escape_md(record["summary"]))
    st.markdown("**Sources**")
    for citation in panel.citations:
        st.markdown(f"- {citation_markdown(citation)}")
    if panel.facts:
        st.markdown(f"**Facts tied to this place ({len(panel.facts)})**")
        for fact_view in panel.facts:
            draw_fact(fact_view)
    if panel.figures:
        st.markdown("**Flood figures reported for this area**")
        for figure in panel.figures:
            st.markdown(f"- {escape_md(figure.metric.replace('_', ' '))}: **{figure.value:g}** {escape_md(figure.unit)} "
                        f"(reported {escape_md(figure.report_date)}; source: {citation_markdown(panels.cite(cached_atlas(), figure.source_id))})")


def draw_overview_panel(layers: tuple[str, ...], as_of: dt.date) -> None:
    """With nothing selected: the trade and aid facts for what is on the map, each with source and date."""
    atlas = cached_atlas()
    visible = panels.visible_feature_ids(atlas, layers, as_of)
    facts = panels.overview_facts(atlas, visible, as_of)
    st.subheader("Trade and aid on this map")
    st.caption(f"{len(facts)} sourced figure(s) reported by {as_of.isoformat()}, for the visible layers. "
               "Click a symbol or search a place for its details.")
    for topic in ("trade", "aid"):
        chosen = [f for f in facts if f.fact.topic == topic]
        if chosen:
            st.markdown(f"#### {topic.title()}")
            for fact_view in chosen:
                draw_fact(fact_view)


def draw_events_until(as_of: dt.date, limit: int = 8) -> None:
    """The latest events up to the as-of date, newest first, with their sources (the Timeline page has them all)."""
    entries = tables.timeline(cached_atlas(), as_of=as_of)
    with st.expander(f"Events up to {as_of.isoformat()} ({len(entries)})", expanded=False):
        for entry in reversed(entries[-limit:]):
            event = entry.event
            st.markdown(f"**{escape_md(event.date)}** · {escape_md(event.title)}"
                        + ("" if event.verified else " · *unverified*"))
            st.caption("Sources: " + " · ".join(citation_markdown(c) for c in entry.citations))
        if len(entries) > limit:
            st.caption(f"{len(entries) - limit} earlier event(s) on the Timeline page.")


def draw_side_panel(state: urlstate.ViewState) -> None:
    """The selected feature's panel, or the overview when nothing is selected."""
    panel = panels.feature_panel(cached_atlas(), state.selected, state.as_of) if state.selected else None
    if panel is not None:
        draw_feature_panel(panel, state.as_of)
    else:
        draw_overview_panel(state.layers, state.as_of)


def markdown_url(url: str) -> str:
    """A URL safe inside a markdown link target: brackets, quotes, spaces and backslashes are percent-encoded."""
    return urllib.parse.quote(url, safe=":/?#@!$&*+,;=%~-._")


OVERLAY_KEY = "ba_overlay"
OVERLAY_DRAWN_KEY = "ba_overlay_drawn"
OVERLAY_HELP = ("Kept in this browser session's memory only: never saved on the server, never shown to anyone else. "
                f"Up to {user_overlay.MAX_UPLOAD_BYTES // 2**20} MiB and {user_overlay.MAX_FEATURES:,} features.")


@dataclass
class OverlayUpload:
    """This session's uploaded file: what was read from it, or why it could not be."""

    file_id: str
    name: str
    columns: tuple[str | None, str | None] = (None, None)
    overlay: user_overlay.Overlay | None = None
    error: str | None = None
    column_choices: tuple[str, ...] = ()
    """The file's columns, when the coordinate columns must be chosen by hand."""


def read_upload(upload, lat_column: str | None = None, lon_column: str | None = None) -> OverlayUpload:
    """Read an uploaded file (anything with name, file_id and getvalue()) in memory; never raises for a bad file."""
    state = OverlayUpload(upload.file_id, upload.name, (lat_column, lon_column))
    try:
        state.overlay = user_overlay.read_overlay(upload.name, upload.getvalue(), lat_column, lon_column)
    except user_overlay.CoordinateColumnsNeeded as err:
        state.error, state.column_choices = str(err), err.columns
    except user_overlay.OverlayError as err:
        state.error = str(err)
    return state


def session_overlay(upload, lat_column: str | None = None, lon_column: str | None = None) -> OverlayUpload | None:
    """This session's overlay for the current upload, read again only when the file or the chosen columns change."""
    if upload is None:
        st.session_state.pop(OVERLAY_KEY, None)
        st.session_state.pop(OVERLAY_DRAWN_KEY, None)
        return None
    current = st.session_state.get(OVERLAY_KEY)
    if current is None or (current.file_id, current.columns) != (upload.file_id, (lat_column, lon_column)):
        current = read_upload(upload, lat_column, lon_column)
        st.session_state[OVERLAY_KEY] = current
    return current


def draw_overlay_column_pickers(state: OverlayUpload) -> tuple[str | None, str | None]:
    """Latitude and longitude column choices for a CSV whose coordinate columns were not detected."""
    choices = list(state.column_choices or (state.overlay.table.columns if state.overlay is not None else ()))
    left, right = st.columns(2)
    lat = left.selectbox("Latitude column", choices, index=None, key=f"ba_overlay_lat_{state.file_id}")
    lon = right.selectbox("Longitude column", choices, index=None, key=f"ba_overlay_lon_{state.file_id}")
    return lat, lon


def overlay_date_filter(state: OverlayUpload) -> tuple[user_overlay.Overlay, tuple | None]:
    """A date-range slider when the overlay has a date column; the overlay filtered to it, and the chosen range."""
    data = state.overlay
    span = user_overlay.date_range(data)
    if span is None or span[0] == span[1]:
        return data, None
    window = st.slider(f"Dates (column “{escape_md(data.date_column)}”)", min_value=span[0], max_value=span[1],
                       value=span, format="YYYY-MM-DD", key=f"ba_overlay_dates_{state.file_id}")
    return (data, None) if tuple(window) == span else (user_overlay.filter_by_date(data, *window), tuple(window))


def remember_drawn_overlay(state: OverlayUpload, shown: user_overlay.Overlay, window: tuple | None) -> None:
    """Keep the overlay to draw and its serialised document in this session, built once per file, columns and dates."""
    key = (state.file_id, state.columns, window)
    drawn = st.session_state.get(OVERLAY_DRAWN_KEY)
    if drawn is None or drawn[0] != key:
        st.session_state[OVERLAY_DRAWN_KEY] = (key, shown, user_overlay.overlay_document(shown))


def draw_overlay_control() -> None:
    """The "Overlay your data" control: upload a CSV or GeoJSON, choose coordinate columns if needed, filter by date."""
    had_overlay = st.session_state.get(OVERLAY_KEY) is not None
    with st.expander("Overlay your data", expanded=had_overlay):
        # No type= filter: Streamlit would raise (a red exception box) for a file of another type that reaches the
        # server; user_overlay.format_for refuses it with a clear message instead.
        upload = st.file_uploader("A CSV with latitude/longitude columns, or a GeoJSON file",
                                  key="ba_overlay_file", help=OVERLAY_HELP)
        if upload is None:
            session_overlay(None)
            return
        picked = (st.session_state.get(f"ba_overlay_lat_{upload.file_id}"),
                  st.session_state.get(f"ba_overlay_lon_{upload.file_id}"))
        state = session_overlay(upload, *(picked if all(picked) else (None, None)))
        if state.column_choices or any(picked):
            draw_overlay_column_pickers(state)
        if state.overlay is None:
            st.session_state.pop(OVERLAY_DRAWN_KEY, None)
            st.error(f"Could not overlay “{escape_md(state.name)}”: {escape_md(state.error)} "
                     "The rest of the map is unchanged.")
            return
        shown, window = overlay_date_filter(state)
        remember_drawn_overlay(state, shown, window)
        st.caption(escape_md(state.overlay.summary())
                   + (f" · {len(shown):,} shown for the chosen dates" if shown is not state.overlay else ""))


def overlay_groups() -> list:
    """This session's overlay as a feature group for the map, or nothing."""
    drawn = st.session_state.get(OVERLAY_DRAWN_KEY)
    if drawn is None or not len(drawn[1]):
        return []
    return [user_overlay.overlay_group(drawn[1], drawn[2])]


PRESENT_KEY = "ba_present"
PRESENT_FRAME_PX = (1280, 720)
PRESENT_HEADER_PX, PRESENT_SOURCE_PX, PRESENT_GAP_PX = 62, 50, 8
PRESENT_MAP_PX = PRESENT_FRAME_PX[1] - PRESENT_HEADER_PX - PRESENT_SOURCE_PX - 4 * PRESENT_GAP_PX
PRESENT_CSS = f"""
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"], [data-testid="stDecoration"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"], [data-testid="stStatusWidget"]
{{ display: none !important; }}
[data-testid="stMainBlockContainer"], .block-container {{ padding-top: 12px !important; max-width: none !important; }}
.st-key-ba_present_frame {{ width: {PRESENT_FRAME_PX[0]}px; height: {PRESENT_FRAME_PX[1]}px; margin: 0 auto;
  background: #fff; border: 1px solid #c8c8c8; padding: {PRESENT_GAP_PX}px; gap: {PRESENT_GAP_PX}px;
  overflow: hidden; box-sizing: border-box; flex: none; }}
.st-key-ba_present_frame .ba-present-head {{ height: {PRESENT_HEADER_PX}px; overflow: hidden; }}
.st-key-ba_present_frame .ba-present-head h1 {{ font-size: 26px; line-height: 1.2; margin: 0; padding: 0; }}
.st-key-ba_present_frame .ba-present-head div {{ font-size: 16px; color: #333; }}
.st-key-ba_present_frame .ba-present-source {{ height: {PRESENT_SOURCE_PX}px; overflow: hidden; font-size: 11px;
  line-height: 1.35; color: #333; }}
.st-key-ba_present_frame .ba-legend {{ font-size: 0.7rem !important; line-height: 1.3 !important; }}
.st-key-ba_present_frame [data-testid="stHorizontalBlock"] {{ gap: {PRESENT_GAP_PX}px; }}
</style>
"""
"""Presentation mode: Streamlit's chrome hidden, the map in a fixed 16:9 frame for clean screenshots."""


def on_present_toggle() -> None:
    """Widget callback: presentation mode switched in the sidebar."""
    set_view(present=bool(st.session_state.get(PRESENT_KEY)))


def exit_presentation() -> None:
    """Button callback: leave presentation mode."""
    st.session_state[PRESENT_KEY] = False
    set_view(present=False)


def draw_presentation_toggle() -> None:
    """The sidebar switch for presentation mode (also `?present=1`)."""
    st.session_state.setdefault(PRESENT_KEY, view().present)
    st.sidebar.toggle("Presentation mode", key=PRESENT_KEY, on_change=on_present_toggle,
                      help="Hides the menus and draws the map in a 16:9 frame with title, legend, scale and sources.")


def export_view_of(state: urlstate.ViewState, area: export.Area) -> export.ExportView:
    """The export view for this session's layers, date and selection over an area."""
    from borderatlas import export  # imported when used: matplotlib slows the first map
    return export.ExportView(area=area, layers=state.layers, as_of=state.as_of, selected=state.selected)


def current_area(state: urlstate.ViewState) -> export.Area:
    """The area the interactive map shows at its last known centre and zoom."""
    from borderatlas import export  # imported when used: matplotlib slows the first map
    return export.web_view_area(state.lat, state.lon, state.zoom)


def draw_presentation(state: urlstate.ViewState) -> None:
    """The 16:9 presentation frame: title and as-of date, the map with its scale bar, the legend, the source line."""
    from borderatlas import export  # imported when used: matplotlib slows the first map
    atlas = cached_atlas()
    view_ = export_view_of(state, current_area(state))
    st.html(PRESENT_CSS)
    with st.container(key="ba_present_frame"):
        st.html(f'<div class="ba-present-head"><h1>{html.escape(export.export_title(atlas, view_))}</h1>'
                f"<div>As of {html.escape(export.long_date(state.as_of))} · China–North Korea border region</div></div>")
        map_column, legend_column = st.columns([5, 1.25], gap="small")
        with map_column:
            draw_map(height=PRESENT_MAP_PX)
        with legend_column:
            draw_legend(state.layers)
        shown = export.view_frame(atlas.layers, export_view_of(state, export.AREAS[0]))
        st.html(f'<div class="ba-present-source">{html.escape(export.source_line(atlas, shown, view_))} '
                f"{html.escape(export.DISCLAIMER)}</div>")
    st.button("Exit presentation mode", on_click=exit_presentation, key="ba_present_exit")


@st.cache_resource(show_spinner=False)
def export_cache() -> dict:
    """Finished exports by (data folder, view, kind), shared by sessions so repeated downloads are instant."""
    return {}


def lazily(key: tuple, build) -> object:
    """A no-argument callable for st.download_button that builds once per key and then serves the cached bytes."""
    cache = export_cache()

    def produce():
        if key not in cache:
            if len(cache) >= 32:
                cache.clear()
            cache[key] = build()
        return cache[key]

    return produce


GRAPHIC_BUTTONS = (("png", None, "PNG 16:9", "1920×1080 slide", ""),
                   ("png", 300, "PNG 300 dpi", "3840×2160 at 300 dpi, for print", "_300dpi"),
                   ("pdf", None, "PDF A4", "one A4 landscape page", ""))
"""The export buttons: format, dpi (None: the format's default), label, help, file-name suffix."""


def draw_export_block(state: urlstate.ViewState) -> None:
    """"Export this view": briefing graphics and data downloads, each built only when its button is clicked."""
    from borderatlas import downloads, export  # imported when used: matplotlib slows the first map
    atlas, basemap, root = cached_atlas(), cached_basemap(), str(geodata_dir())
    with st.expander("Export this view"):
        choices = {"view": "Current map view", **{area.id: area.title for area in export.AREAS}}
        chosen = st.selectbox("Area", options=list(choices), format_func=choices.get, key="ba_export_area")
        area = current_area(state) if chosen == "view" else export.area_by_id(chosen)
        view_ = export_view_of(state, area)
        st.caption(f"{escape_md(area.title)} · as of {state.as_of.isoformat()} · the layers and selection shown")
        st.markdown("**Briefing graphic**")
        for column, (format_id, dpi, label, help_, suffix) in zip(st.columns(len(GRAPHIC_BUTTONS)), GRAPHIC_BUTTONS):
            fmt = export.format_by_id(format_id)
            column.download_button(
                label, data=lazily((root, view_, format_id, dpi),
                                   lambda f=format_id, d=dpi: export.export_bytes(atlas, basemap, view_, f, dpi=d)),
                file_name=view_.file_name(f"{suffix}.{fmt.extension}"), mime=fmt.mime, on_click="ignore",
                key=f"ba_export_{format_id}{suffix}", help=help_, width="stretch")
        st.markdown("**Data**")
        for column, item in zip(st.columns(len(downloads.DOWNLOADS)), downloads.DOWNLOADS):
            column.download_button(
                item.button, data=lazily((root, view_, item.id), lambda b=item.build: b(atlas, basemap, view_)),
                file_name=view_.file_name(item.suffix), mime=item.mime, on_click="ignore",
                key=f"ba_download_{item.id}", help=item.label, width="stretch")
