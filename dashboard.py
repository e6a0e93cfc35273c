"""Border Atlas: the entry point. Draws the shared sidebar and footer once and runs the chosen page."""

import streamlit as st

from borderatlas import ui
from borderatlas.paths import PAGES_DIR
from borderatlas.registry import PAGES

st.set_page_config(page_title="Border Atlas — China–DPRK border", layout="wide")

pages = [st.Page(PAGES_DIR / spec.filename, title=spec.title, url_path=spec.url_path,
                 default=spec.default) for spec in PAGES]
page = st.navigation(pages)
ui.view()
ui.sync_view_from_url()
ui.draw_sidebar()
ui.draw_presentation_toggle()
ui.write_url()
ui.draw_notices()
page.run()
ui.draw_footer()
