"""Ending sessions that left: Streamlit's own store forgets them without shutting them down.

A closed browser tab leaves its session in Streamlit's reconnect store for `server.disconnectedSessionTTL` (120 s).
In Streamlit 1.67 that store expires an entry only when another session is stored, and drops it without calling
`AppSession.shutdown()`, so the session's uploaded files (an overlay of up to 25 MiB) stay in the uploaded-file
manager for the life of the process. A sweeper thread, started once per process, shuts the expired sessions down,
removes uploaded files that no live session owns, and gives the freed memory back (`heap.release_free_memory`).

This reaches into Streamlit's runtime (`Runtime._session_mgr`, the store's TTL cache, the file manager's
`file_storage`); `tests/test_reliability_server_sessions.py` fails if an upgrade moves them, and each sweep does
nothing (and logs once) when they are missing.
"""

from __future__ import annotations

import os
import threading

from streamlit.logger import get_logger

from borderatlas.heap import release_free_memory

SWEEP_SECONDS = float(os.environ.get("BORDERATLAS_SWEEP_SECONDS", "30"))
"""How often the sweeper looks for sessions that left (the tests shorten it)."""

_started = threading.Event()
_log = get_logger(__name__)


def runtime_parts():
    """(session manager, its reconnect store's TTL cache, uploaded-file manager) of the running server, or None."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return None
    runtime = Runtime.instance()
    manager = getattr(runtime, "_session_mgr", None)
    cache = getattr(getattr(manager, "_session_storage", None), "_cache", None)
    files = runtime.uploaded_file_mgr
    if manager is None or not hasattr(cache, "expire") or not hasattr(files, "file_storage"):
        return None
    return manager, cache, files


def held_uploads(files) -> tuple[int, int]:
    """(files, bytes) the uploaded-file manager holds for all sessions."""
    records = [record for stored in list(files.file_storage.values()) for record in list(stored.values())]
    return len(records), sum(len(record.data) for record in records)


def sweep(at_time: float | None = None) -> tuple[int, int]:
    """Shut down the expired disconnected sessions and drop uploads no live session owns; (sessions, files dropped)."""
    parts = runtime_parts()
    if parts is None:
        return 0, 0
    manager, cache, files = parts
    held_before = held_uploads(files)
    ended = 0
    for _session_id, info in cache.expire(at_time):
        info.session.shutdown()  # also drops the session's uploaded files
        ended += 1
    live = {info.session.id for info in manager.list_sessions()}
    for session_id in [session_id for session_id in list(files.file_storage) if session_id not in live]:
        files.remove_session_files(session_id)
    held_after = held_uploads(files)
    dropped, freed = held_before[0] - held_after[0], held_before[1] - held_after[1]
    if ended or dropped:
        release_free_memory()
        _log.info(
            "session sweep: %d ended session(s) shut down, %d uploaded file(s) (%d bytes) dropped",
            ended,
            dropped,
            freed,
        )
    return ended, dropped


def sweep_forever(stop: threading.Event) -> None:
    """Sweep every SWEEP_SECONDS until stopped; a failed sweep is logged and the next one tried."""
    while not stop.wait(SWEEP_SECONDS):
        try:
            sweep()
        except Exception:  # the sweeper must never take the server down
            _log.exception("session sweep failed")


def start_sweeper() -> None:
    """Start the process's sweeper thread once (a daemon: it never keeps the server from exiting)."""
    if _started.is_set():
        return
    _started.set()
    if runtime_parts() is None:
        _log.warning("Streamlit's session store was not found: ended sessions' uploads are not swept")
        return
    threading.Thread(target=sweep_forever, args=(threading.Event(),), name="ba-session-sweeper", daemon=True).start()
