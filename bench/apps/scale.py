"""The scale benchmark's app: N points as the overlay layer, or the same points as plain folium.Markers.

Query parameters: mode=overlay|markers, n=<count>. Both modes share the base map and the page around it.
"""

import folium
import streamlit as st
from streamlit_folium import st_folium

from bench.points import points_csv
from borderatlas import mapview, overlay, ui

st.set_page_config(page_title="scale benchmark", layout="wide")
mode = st.query_params.get("mode", "overlay")
count = int(st.query_params.get("n", "1000"))
groups = []
if count:
    data = overlay.read_overlay("points.csv", points_csv(count))
    if mode == "overlay":
        groups.append(overlay.overlay_group(data))
    else:
        groups.append(folium.FeatureGroup(name="markers"))
        for lat, lon, name in zip(data.lat, data.lon, data.table["name"]):
            folium.Marker([lat, lon], tooltip=name).add_to(groups[0])
base = mapview.base_map(mapview.DEFAULT_CENTER, mapview.DEFAULT_ZOOM, ui.cached_basemap(), ui.component_url_for)
st_folium(base, key="scale", height=620, use_container_width=True, feature_group_to_add=groups, returned_objects=[])
