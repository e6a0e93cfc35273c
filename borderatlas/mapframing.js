/* The web map's framing, run once when the map is made (borderatlas.mapview.ViewInUrl wraps it as
   function (map, opts) {...}): fit the region (or the selection) to the map's real size at load, zoom and pan limits
   that hold, the wheel zooms only after a click on the map (or with Ctrl/Cmd), a reset-view control, a notice when
   online tiles fail, and the centre, zoom and on-screen bounds kept in the page URL without a script rerun. */
var root = map.getContainer();
/* streamlit-folium starts its click count at 0 but compares the map's first report with a default of null, so an
   untouched map would report once and rerun the script: start it at null (null + 1 is 1 on the first click). */
var gd = window.__GLOBAL_DATA__;
if (gd && gd.last_object_clicked_count === 0) { gd.last_object_clicked_count = null; }
var limits = L.latLngBounds(opts.limits), region = L.latLngBounds(opts.region);
var pad = L.point(opts.padding, opts.padding), fitted = null;
map.options.maxBoundsViscosity = 1.0;
map.setMaxBounds(limits);
function setMinZoom() {
    /* zooming out stops where the limits fill the map, or where the whole region just fits (a narrow phone) */
    var inside = map.getBoundsZoom(limits, true), whole = map.getBoundsZoom(region, false, pad.multiplyBy(2));
    map.setMinZoom(Math.min(opts.maxZoom, Math.max(opts.minZoom, Math.min(inside, whole))));
}
function fitTo(bounds, maxZoom) {
    map.fitBounds(L.latLngBounds(bounds), {padding: pad, maxZoom: maxZoom, animate: false});
}
function fitRegion() {
    setMinZoom();
    fitTo(region, opts.maxZoom);
    fitted = {c: map.getCenter(), z: map.getZoom()};
    writeView();
}
function isFitted() {
    if (!fitted || map.getZoom() !== fitted.z) { return false; }
    return map.latLngToContainerPoint(fitted.c).distanceTo(map.getSize().divideBy(2)) < 2;
}
function clamp(v, lo, hi) { return Math.min(Math.max(v, lo), hi); }
function bboxText() {
    var b = map.getBounds();
    return [clamp(b.getWest(), limits.getWest(), limits.getEast()), clamp(b.getSouth(), limits.getSouth(), limits.getNorth()),
            clamp(b.getEast(), limits.getWest(), limits.getEast()), clamp(b.getNorth(), limits.getSouth(), limits.getNorth())]
        .map(function (v) { return v.toFixed(4); }).join(",");
}
function writeView() {
    var bbox = bboxText();
    root.setAttribute("data-ba-zoom", String(map.getZoom()));
    root.setAttribute("data-ba-bbox", bbox);
    if (!opts.writeUrl) { return; }
    try {
        var target = window.parent, c = map.getCenter();
        var url = new URL(target.location.href), params = url.searchParams;
        if (isFitted()) {
            ["lat", "lon", "zoom"].forEach(function (key) { params.delete(key); });
        } else {
            params.set("lat", c.lat.toFixed(4));
            params.set("lon", c.lng.toFixed(4));
            params.set("zoom", String(map.getZoom()));
        }
        params.set("bbox", bbox);
        target.history.replaceState(target.history.state, "", url.toString());
    } catch (err) { /* standalone file or cross-origin frame: nothing to update */ }
}
map.on("moveend", writeView);
window.addEventListener("message", function (event) {
    if (event.data && event.data.type === "streamlit:render") { setTimeout(writeView, 0); }
});
/* the wheel scrolls the page until the map is clicked; Ctrl/Cmd + wheel always zooms */
map.scrollWheelZoom.disable();
var hint = L.DomUtil.create("div", "ba-wheel-hint", root), hintTimer = null;
hint.textContent = "Click the map, or hold Ctrl (⌘) while scrolling, to zoom";
root.addEventListener("mousedown", function () { map.scrollWheelZoom.enable(); hint.classList.remove("ba-show"); });
root.addEventListener("mouseleave", function () { map.scrollWheelZoom.disable(); });
root.addEventListener("wheel", function (event) {
    if (map.scrollWheelZoom.enabled()) { return; }
    if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        var step = event.deltaY < 0 ? 1 : -1;
        map.setZoomAround(map.mouseEventToContainerPoint(event), map.getZoom() + step);
        return;
    }
    hint.classList.add("ba-show");
    clearTimeout(hintTimer);
    hintTimer = setTimeout(function () { hint.classList.remove("ba-show"); }, 1500);
}, {passive: false});
/* a small control that fits the region again */
var Reset = L.Control.extend({
    options: {position: "topleft"},
    onAdd: function () {
        var bar = L.DomUtil.create("div", "leaflet-bar ba-reset");
        var link = L.DomUtil.create("a", "", bar);
        link.href = "#";
        link.title = "Reset view: the whole border region";
        link.setAttribute("role", "button");
        link.setAttribute("aria-label", "Reset view");
        link.innerHTML = '<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><path d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4" fill="none" stroke="#333" stroke-width="1.8"/></svg>';
        L.DomEvent.disableClickPropagation(bar);
        L.DomEvent.on(link, "click", function (event) { L.DomEvent.preventDefault(event); fitRegion(); });
        return bar;
    }
});
if (opts.controls) {
    new Reset().addTo(map);
} else {
    /* presentation: the page scales the frame to the screen, so the map fills its frame, whatever its height */
    root.classList.add("ba-present");
    document.documentElement.classList.add("ba-present-doc");
}
/* online tiles that fail to load: say so; the vector basemap stays */
var notice = L.DomUtil.create("div", "ba-tile-notice", root);
notice.setAttribute("role", "status");
map.on("layeradd", function (event) {
    if (!(event.layer instanceof L.TileLayer)) { return; }
    event.layer.on("tileerror", function () {
        notice.textContent = "Online tiles could not be loaded; showing the offline basemap";
        notice.classList.add("ba-show");
    });
});
map.on("layerremove", function (event) {
    if (event.layer instanceof L.TileLayer) { notice.classList.remove("ba-show"); }
});
/* first view: fit the region (or the selection) to the map's real size, unless the link gave a centre and zoom */
setMinZoom();
if (opts.fit) {
    if (opts.fitRegion) { fitRegion(); } else { fitTo(opts.fit, opts.fitMaxZoom); }
}
if (window.ResizeObserver) {
    new ResizeObserver(function () {
        var wasFitted = isFitted();
        map.invalidateSize({animate: false});
        setMinZoom();
        if (wasFitted) { fitRegion(); } else { writeView(); }
    }).observe(root);
}
map.baFitRegion = fitRegion;
map.baLimits = limits;
root.setAttribute("data-ba-ready", "1");
writeView();
