"""The baseline app: one line, started exactly like dashboard.py."""

import streamlit as st

st.write("hello")
