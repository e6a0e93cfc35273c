"""The session sweeper relies on Streamlit internals: fail loudly here if an upgrade moves them."""

from __future__ import annotations

import inspect

import pytest
from streamlit.runtime import runtime as streamlit_runtime
from streamlit.runtime import websocket_session_manager
from streamlit.runtime.memory_session_storage import MemorySessionStorage
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

from borderatlas.ui import sessions


@pytest.mark.parametrize(
    "owner, attribute",
    [
        (MemorySessionStorage()._cache, "expire"),
        (MemoryUploadedFileManager("/upload"), "file_storage"),
        (MemoryUploadedFileManager("/upload"), "remove_session_files"),
        (websocket_session_manager.WebsocketSessionManager, "list_sessions"),
    ],
)
def test_streamlit_parts_the_sweeper_uses_exist(owner, attribute):
    """Each object the sweeper reaches has the attribute it calls."""
    assert hasattr(owner, attribute)


@pytest.mark.parametrize(
    "function, assignment",
    [
        (streamlit_runtime.Runtime.__init__, "self._session_mgr ="),
        (websocket_session_manager.WebsocketSessionManager.__init__, "self._session_storage ="),
    ],
)
def test_streamlit_still_names_its_parts_as_the_sweeper_expects(function, assignment):
    """The private attributes the sweeper reads are still assigned under these names."""
    assert assignment in inspect.getsource(function)


def test_sweep_without_a_server_does_nothing():
    """Outside a running server (AppTest, the CLI) a sweep ends nothing and raises nothing."""
    assert sessions.sweep() == (0, 0)
