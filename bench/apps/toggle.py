"""The interaction baseline: Streamlit's own round trip, one checkbox rerunning a one-line script."""

import streamlit as st

shown = st.checkbox("Show", value=True)
st.markdown(f'<span class="bench-state">{"shown" if shown else "hidden"}</span>', unsafe_allow_html=True)
