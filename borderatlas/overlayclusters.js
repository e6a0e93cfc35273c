/* A large point overlay on one canvas: below the points zoom, the cells of the band for the map's zoom as count
   circles (a cell of one point is drawn as that point); from the points zoom, the points in view. Hovering a point
   shows its values as text (DOM text nodes: no data string is ever parsed as HTML). The built layer is kept per
   content hash, so a rerun that sends the same overlay again re-adds it instead of rebuilding it.
   Written here; reads the document borderatlas/overlay/draw.py builds (clustered_document). */
(function (group, hash, data) {
    var store = window.__baOverlayStore;
    if (!store || store.hash !== hash) {
        if (store && store.layer && store.layer._map) { store.layer._map.removeLayer(store.layer); }
        store = window.__baOverlayStore = {hash: hash, layer: null, builds: 0};
    }
    if (!store.layer) { store.layer = build(data); store.builds += 1; }
    group.addLayer(store.layer);

    function inflate(text) {
        var raw = atob(text), bytes = new Uint8Array(raw.length), i;
        for (i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
        var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
        return new Response(stream).arrayBuffer();
    }
    function unpack(buffer, n) {
        /* Two byte-planar int32 columns: longitude differences, then latitudes, in 1e-5 degrees. */
        var b = new Uint8Array(buffer), x = new Float64Array(n), y = new Float64Array(n), i, sum = 0;
        function at(column, i) {
            var o = column * 4 * n + i;
            return b[o] | b[o + n] << 8 | b[o + 2 * n] << 16 | b[o + 3 * n] << 24;
        }
        for (i = 0; i < n; i++) { sum += at(0, i); x[i] = sum / 1e5; y[i] = at(1, i) / 1e5; }
        return {x: x, y: y};
    }
    function label(count) {
        if (count >= 10000) { return Math.round(count / 1000) + "k"; }
        if (count >= 1000) { return (Math.round(count / 100) / 10) + "k"; }
        return String(count);
    }
    function radius(count) { return Math.min(30, 11 + 5 * Math.log(count) / Math.LN10); }
    function build(data) {
        var colour = data.colour, points = null, columns = null, layer = null;
        Promise.all([inflate(data.xy), inflate(data.cols)]).then(function (parts) {
            var found = unpack(parts[0], data.n);
            columns = JSON.parse(new TextDecoder().decode(parts[1]));
            points = found;
            if (layer && layer._map) { layer._redraw(); }
        });
        function value(c, i) {
            var col = columns[c];
            return col.d ? col.d[col.k[i]] : col.v[i];
        }
        function content(symbol) {
            var box = document.createElement("div");
            if (symbol.n > 1) {
                box.textContent = symbol.n.toLocaleString("en-GB") + " points here: zoom in to see them";
                return box;
            }
            data.fields.forEach(function (field, c) {
                var row = box.appendChild(document.createElement("div")),
                    name = row.appendChild(document.createElement("span"));
                name.style.fontWeight = "bold";
                name.textContent = field + ": ";
                row.appendChild(document.createTextNode(value(c, symbol.i)));
            });
            return box;
        }
        var Overlay = L.Layer.extend({
            onAdd: function (map) {
                if (!map.getPane("ba-overlay")) {
                    var pane = map.createPane("ba-overlay");
                    pane.style.zIndex = 450;
                    pane.style.pointerEvents = "none";
                }
                this._canvas = L.DomUtil.create("canvas", "ba-overlay-canvas", map.getPane("ba-overlay"));
                this._drawn = [];
                map.on("moveend zoomend resize viewreset", this._redraw, this);
                map.on("zoomstart", this._hide, this);
                map.on("mousemove", this._hover, this);
                map.on("mouseout", this._unhover, this);
                this._redraw();  /* drawn on the canvas now; the browser paints it with the next frame */
                map.getContainer().setAttribute("data-ba-overlay", String(data.n));
            },
            onRemove: function (map) {
                map.off("moveend zoomend resize viewreset", this._redraw, this);
                map.off("zoomstart", this._hide, this);
                map.off("mousemove", this._hover, this);
                map.off("mouseout", this._unhover, this);
                this._unhover();
                L.DomUtil.remove(this._canvas);
                ["data-ba-overlay", "data-ba-overlay-mode", "data-ba-overlay-symbols"].forEach(function (name) {
                    map.getContainer().removeAttribute(name);
                });
            },
            _hide: function () { this._canvas.style.display = "none"; this._unhover(); },
            _redraw: function () {
                var map = this._map, size = map.getSize(), pad = 0.3, ratio = window.devicePixelRatio || 1;
                var origin = map.containerPointToLayerPoint([-size.x * pad, -size.y * pad]).round();
                var width = Math.round(size.x * (1 + 2 * pad)), height = Math.round(size.y * (1 + 2 * pad));
                var canvas = this._canvas, ctx = canvas.getContext("2d"), zoom = map.getZoom(), drawn = [];
                var view = L.latLngBounds(map.containerPointToLatLng([-size.x * pad, size.y * (1 + pad)]),
                                          map.containerPointToLatLng([size.x * (1 + pad), -size.y * pad]));
                var south = view.getSouth(), north = view.getNorth(), west = view.getWest(), east = view.getEast();
                canvas.width = width * ratio;
                canvas.height = height * ratio;
                canvas.style.width = width + "px";
                canvas.style.height = height + "px";
                canvas.style.display = "";
                L.DomUtil.setPosition(canvas, origin);
                ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
                ctx.clearRect(0, 0, width, height);
                function add(lat, lon, n, i) {
                    if (lat < south || lat > north || lon < west || lon > east) { return; }
                    var p = map.latLngToLayerPoint([lat, lon]);
                    drawn.push({x: p.x - origin.x, y: p.y - origin.y, lat: lat, lon: lon, n: n, i: i});
                }
                var band = null, i;
                data.bands.forEach(function (b) { if (zoom >= b.z) { band = b; } });
                var clustered = zoom < data.pz && band !== null;
                if (clustered) {
                    for (i = 0; i < band.c.length; i++) { add(band.y[i], band.x[i], band.c[i], band.i[i]); }
                } else if (points) {
                    for (i = 0; i < data.n; i++) { add(points.y[i], points.x[i], 1, i); }
                }
                ctx.lineWidth = 1.5;
                ctx.strokeStyle = "#ffffff";
                ctx.textAlign = "center";
                ctx.textBaseline = "middle";
                ctx.font = "bold 11px sans-serif";
                drawn.forEach(function (s) {
                    ctx.beginPath();
                    ctx.globalAlpha = s.n > 1 ? 0.8 : 0.9;
                    ctx.fillStyle = colour;
                    ctx.arc(s.x, s.y, s.n > 1 ? radius(s.n) : 4, 0, 2 * Math.PI);
                    ctx.fill();
                    ctx.globalAlpha = 1;
                    ctx.stroke();
                    if (s.n > 1) { ctx.fillStyle = "#ffffff"; ctx.fillText(label(s.n), s.x, s.y); }
                });
                this._drawn = drawn;
                this._origin = origin;
                var root = map.getContainer();
                root.setAttribute("data-ba-overlay-mode", clustered ? "clusters" : (points ? "points" : "loading"));
                root.setAttribute("data-ba-overlay-symbols", String(drawn.length));
            },
            _hover: function (event) {
                var map = this._map, p = map.latLngToLayerPoint(event.latlng), best = null, distance = 1e9;
                var x = p.x - this._origin.x, y = p.y - this._origin.y;
                this._drawn.forEach(function (s) {
                    var d = Math.sqrt((s.x - x) * (s.x - x) + (s.y - y) * (s.y - y));
                    if (d <= (s.n > 1 ? radius(s.n) : 6) && d < distance) { best = s; distance = d; }
                });
                if (best === this._hovered) { return; }
                this._unhover();
                if (!best || (best.n === 1 && !columns)) { return; }
                this._hovered = best;
                this._tip = L.tooltip({direction: "top", offset: [0, best.n > 1 ? -radius(best.n) : -5]})
                    .setLatLng([best.lat, best.lon]).setContent(content(best)).addTo(map);
            },
            _unhover: function () {
                if (this._tip) { this._tip.remove(); }
                this._tip = null;
                this._hovered = null;
            },
            shown: function () {
                /* For tests: the symbols whose centre is inside the visible map, as [lat, lon, count]. */
                var bounds = this._map.getBounds();
                return this._drawn.filter(function (s) { return bounds.contains([s.lat, s.lon]); })
                    .map(function (s) { return [s.lat, s.lon, s.n]; });
            }
        });
        layer = new Overlay();
        return layer;
    }
})
