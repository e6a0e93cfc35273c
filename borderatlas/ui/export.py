""" "Export this view": briefing graphics and data downloads, each built when its button is clicked."""

from __future__ import annotations

import streamlit as st

from borderatlas import downloads, urlstate, views
from borderatlas.paths import geodata_dir
from borderatlas.ui.cache import cached_atlas, cached_basemap, lazily
from borderatlas.ui.markdown import escape_md
from borderatlas.ui.slide import draw_slide_editor, with_slide


def export_view_of(state: urlstate.ViewState, area: views.Area) -> views.ExportView:
    """The export view for this session's layers, date and selection over an area (the selection only when it is
    drawn there, so a file name or title never names a feature outside the area)."""
    view_ = views.ExportView(
        area=area, layers=state.layers, as_of=state.as_of, selected=state.selected, since=state.since
    )
    return views.without_unseen_selection(cached_atlas(), view_)


def current_area(state: urlstate.ViewState) -> views.Area:
    """The area the interactive map shows (views.shown_area of this session's view)."""
    return views.shown_area(state.bbox, state.fitted, state.lat, state.lon, state.zoom)


SYNC_KEY = "ba_view_sync"
SYNC_CSS = "<style>.st-key-ba_view_sync { display: none !important; }</style>"
EXPORT_GUARD_JS = """
<script>
(function () {
  /* A click on an export button when the map has moved since this run: rerun first (the rerun brings the map's
     bounds from the link), then click the same button again, so the file is the view on screen. */
  if (window.__baExportGuard) { return; }
  window.__baExportGuard = true;
  var retrying = false;
  function shownBbox() { return new URL(window.location.href).searchParams.get("bbox") || ""; }
  function stale() {
    var marker = document.querySelector(".ba-export-view");
    return !!marker && marker.dataset.mode === "view" && shownBbox() !== "" && marker.dataset.bbox !== shownBbox();
  }
  document.addEventListener("click", function (event) {
    var holder = event.target.closest('[class*="st-key-ba_export_"], [class*="st-key-ba_download_"]');
    var button = holder && event.target.closest("button");
    if (!button || retrying || !stale()) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    var key = Array.prototype.find.call(holder.classList, function (name) { return name.indexOf("st-key-") === 0; });
    var sync = document.querySelector(".st-key-ba_view_sync button");
    if (sync) { sync.click(); }
    var tries = 0;
    (function wait() {
      if (stale() && ++tries < 150) { setTimeout(wait, 100); return; }
      var again = document.querySelector("." + key + " button");
      retrying = true;
      if (again) { again.click(); }
      retrying = false;
    })();
  }, true);
})();
</script>
"""
"""Static script (no data in it): the export buttons always use the bounds on screen, with no rerun on pan or zoom."""


def graphic_bytes(atlas, basemap, view_: views.ExportView, format_id: str, dpi: int | None) -> bytes:
    """One briefing graphic; matplotlib is imported here, when a graphic is first asked for, never on page load."""
    from borderatlas.briefing import export_bytes

    return export_bytes(atlas, basemap, view_, format_id, dpi=dpi)


GRAPHIC_BUTTONS = (
    ("png", None, "PNG 16:9", "1920×1080 slide", ""),
    ("png", 300, "PNG 300 dpi", "3840×2160 at 300 dpi, for print", "_300dpi"),
    ("pdf", None, "PDF A4", "one A4 landscape page", ""),
)
"""The export buttons: format, dpi (None: the format's default), label, help, file-name suffix."""


def draw_export_block(state: urlstate.ViewState) -> None:
    """ "Export this view": briefing graphics and data downloads, each built only when its button is clicked."""
    atlas, basemap, root = cached_atlas(), cached_basemap(), str(geodata_dir())
    with st.expander("Export this view"):
        choices = {"view": "Current map view", **{area.id: area.title for area in views.AREAS}}
        chosen = st.selectbox("Area", options=list(choices), format_func=choices.get, key="ba_export_area")
        area = current_area(state) if chosen == "view" else views.area_by_id(chosen)
        view_ = export_view_of(state, area)
        compared = f" · before {state.since.isoformat()} | after, changes marked" if state.since else ""
        st.caption(
            f"{escape_md(area.title)} · as of {state.as_of.isoformat()}{compared} · the layers and selection shown"
        )
        draw_slide_editor(state, view_)
        view_ = with_slide(state, view_)
        st.markdown("**Briefing graphic**")
        for column, (format_id, dpi, label, help_, suffix) in zip(st.columns(len(GRAPHIC_BUTTONS)), GRAPHIC_BUTTONS):
            fmt = views.format_by_id(format_id)
            column.download_button(
                label,
                data=lazily(
                    (root, view_, format_id, dpi), lambda f=format_id, d=dpi: graphic_bytes(atlas, basemap, view_, f, d)
                ),
                file_name=view_.file_name(f"{suffix}.{fmt.extension}"),
                mime=fmt.mime,
                on_click="ignore",
                key=f"ba_export_{format_id}{suffix}",
                help=help_,
                width="stretch",
            )
        draw_pack_button(atlas, basemap, root, view_)
        st.markdown("**Data**")
        for column, item in zip(st.columns(len(downloads.DOWNLOADS)), downloads.DOWNLOADS):
            column.download_button(
                item.button,
                data=lazily((root, view_, item.id), lambda b=item.build: b(atlas, basemap, view_)),
                file_name=view_.file_name(item.suffix),
                mime=item.mime,
                on_click="ignore",
                key=f"ba_download_{item.id}",
                help=item.label,
                width="stretch",
            )
        draw_export_guard(chosen == "view", state)


def pack_bytes(atlas, basemap, view_: views.ExportView) -> bytes:
    """The briefing pack; python-pptx and matplotlib are imported here, when it is first asked for."""
    from borderatlas.briefing.pack import build_pack

    return build_pack(atlas, basemap, view_)


def draw_pack_button(atlas, basemap, root: str, view_: views.ExportView) -> None:
    """ "Briefing pack (.pptx)": the map, headline facts and their sources as editable slides, built on click."""
    st.download_button(
        "Briefing pack (.pptx)",
        data=lazily((root, view_, "pptx"), lambda: pack_bytes(atlas, basemap, view_)),
        file_name=view_.file_name(".pptx"),
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        on_click="ignore",
        key="ba_export_pptx",
        help="PowerPoint slides: the map, the headline facts with sources, full citations in the speaker notes",
        width="stretch",
    )


def draw_export_guard(on_screen: bool, state: urlstate.ViewState) -> None:
    """The marker of the bounds this run exports (after the buttons, so it changes once they have) and the script
    that reruns before an export when the map has moved since."""
    bbox = urlstate.bbox_text(state.bbox) if state.bbox else ""
    mode = "view" if on_screen else "area"
    st.button("Use the view on screen", key=SYNC_KEY)
    st.html(
        f'{SYNC_CSS}<div class="ba-export-view" data-mode="{mode}" data-bbox="{bbox}" hidden></div>{EXPORT_GUARD_JS}',
        unsafe_allow_javascript=True,
    )
