"""One visit, one script run: a new visitor's page runs its script once (the map's first report does not rerun it),
and the first run sends no more elements than its budget."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.harness import RerunCounter
from borderatlas.registry import PAGES
from tests.browser.conftest import map_frame, wait_for_app_idle

RUN_PROBE = """
window.__baRuns = 0;
(function watch() {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) { return setTimeout(watch, 5); }
  let last = app.getAttribute('data-test-script-state');
  if (last === 'running') { window.__baRuns++; }
  new MutationObserver(() => {
    const now = app.getAttribute('data-test-script-state');
    if (now === 'running' && last !== 'running') { window.__baRuns++; }
    last = now;
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
})();
"""
"""Counts the script runs the page shows, from the first."""

FIRST_RUN_ELEMENTS = {
    "map": 80,
    "crossings": 50,
    "infrastructure": 70,
    "floods": 55,
    "trade": 70,
    "timeline": 290,
    "sources": 45,
}
"""The most elements (and blocks) each page's first run may send; raise one only on purpose."""
ELEMENTS_BEFORE_MAP = 12
"""The most elements the Map page sends before its map: the title, the caption, the columns and the overlay control
(the navigation and sidebar follow the page body)."""

QUIET_SECONDS = 3
"""How long after the page is ready a second run would have to start to be missed: well past streamlit-folium's
250 ms report debounce."""


@pytest.mark.parametrize("spec", PAGES, ids=[spec.id for spec in PAGES])
def test_a_new_visitor_costs_one_script_run(browser, server, spec):
    """A fresh browser opens the page: the script runs once, no rerun follows, and the first run stays in budget."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_init_script(RUN_PROBE)
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server.url) else r.abort())
    page = context.new_page()
    counter = RerunCounter(page)
    try:
        page.goto(server.url + "/" + ("" if spec.is_home else spec.url_path))
        wait_for_app_idle(page)
        if spec.id in ("map", "crossings", "infrastructure", "floods"):
            map_frame(page)
        with pytest.raises(PlaywrightTimeout):
            page.wait_for_function("window.__baRuns >= 2", timeout=QUIET_SECONDS * 1000)
        assert page.evaluate("window.__baRuns") == 1
        assert counter.runs_finished == 1 and counter.rerun_requests == 1, (
            "the page load itself is the one rerun request"
        )
        assert 0 < counter.first_run_elements <= FIRST_RUN_ELEMENTS[spec.id], counter.first_run_elements
        if spec.is_home:
            assert counter.elements_before_map is not None and counter.elements_before_map <= ELEMENTS_BEFORE_MAP, (
                counter.elements_before_map
            )
    finally:
        context.close()
