"""The rerun baseline: the same base map through streamlit-folium with its default arguments (returns every event)."""

from streamlit_folium import st_folium

from borderatlas import mapview, ui

base = mapview.base_map(mapview.DEFAULT_CENTER, mapview.DEFAULT_ZOOM, ui.cached_basemap(), ui.component_url_for)
st_folium(base, key="stock", height=620, use_container_width=True)
