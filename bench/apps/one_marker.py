"""The warm-visitor baseline: one marker through streamlit-folium (Leaflet served locally, as the app does)."""

import folium
from streamlit_folium import st_folium

from borderatlas import assets, ui

base = folium.Map(location=[42.0, 126.0], zoom_start=6, tiles=None)
folium.CircleMarker([40.115, 124.3925], radius=6, tooltip="Sino-Korean Friendship Bridge").add_to(base)
assets.localise_assets(base, ui.component_url_for)
st_folium(base, key="one", height=620, use_container_width=True, returned_objects=[])
