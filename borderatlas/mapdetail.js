/* The detailed offline basemap on demand (GSHHG shorelines, WDBII rivers and borders): from zoom 9 the map fetches
   the chunks of the band that fits its zoom for the area in view, from the app's own component path, and draws them
   over the coarse Natural Earth basemap, which it then hides. Written here; reads borderatlas/mapdetail.py's values. */
(function (map, base, colours, attribution) {
    var root = map.getContainer();
    ["ba-detail", "ba-detail-lines"].forEach(function (name, index) {
        var pane = map.createPane(name);
        pane.style.zIndex = index === 0 ? 160 : 390;
        pane.style.pointerEvents = "none";
    });
    var requests = {}, groups = {}, current = "", bands = null, index = null;
    var styles = {
        land: {fillColor: colours.land, fillOpacity: 1, stroke: false},
        lake: {fillColor: colours.sea, fillOpacity: 1, stroke: false},
        lake_island: {fillColor: colours.land, fillOpacity: 1, stroke: false},
        coast: {color: colours.coast, weight: 0.8},
        river: {color: colours.river, weight: 2, className: "ba-detail-line"},
        casing: {color: colours.river, weight: 3.5, opacity: 0.85, className: "ba-detail-line"},
        boundary: {color: colours.boundary, weight: 1.6, opacity: 0.9, dashArray: "6,3", className: "ba-detail-line"}
    };
    function bandFor(zoom) {
        var chosen = null;
        (bands || []).forEach(function (band) { if (zoom >= band.min_zoom) { chosen = band; } });
        return chosen;
    }
    function overlaps(chunk, bounds) {
        var b = chunk.bounds;
        return b[0] < bounds.getEast() && bounds.getWest() < b[2] && b[1] < bounds.getNorth() && bounds.getSouth() < b[3];
    }
    function loadIndex() {
        if (!index) {
            index = fetch(base + "index.json").then(function (response) {
                if (!response.ok) { throw new Error("detail index: HTTP " + response.status); }
                return response.json();
            }).then(function (data) { bands = data.bands; return bands; });
        }
        return index;
    }
    function layerOf(data, pane, kinds, styleFor) {
        return L.geoJSON(data, {pane: pane, interactive: false,
            filter: function (f) { return kinds.indexOf(f.properties.layer) !== -1; },
            style: function (f) { return styleFor(f.properties.layer); }});
    }
    function load(file) {
        if (!requests[file]) {
            requests[file] = fetch(base + file).then(function (response) {
                if (!response.ok) { throw new Error("detail chunk " + file + ": HTTP " + response.status); }
                return response.json();
            }).then(function (data) {
                groups[file] = L.layerGroup([
                    layerOf(data, "ba-detail", ["land", "lake", "lake_island", "coast"], function (k) { return styles[k]; }),
                    layerOf(data, "ba-detail-lines", ["boundary"], function () { return styles.casing; }),
                    layerOf(data, "ba-detail-lines", ["river", "boundary"], function (k) { return styles[k]; })
                ]);
                return groups[file];
            });
        }
        return requests[file];
    }
    function linesWanted() {
        root.classList.toggle("ba-detail-lines-off", !root.querySelector("path.ba-coarse"));
    }
    function update() {
        linesWanted();
        if (map.getZoom() < 9) { show(null); return; }
        loadIndex().then(function () { show(bandFor(map.getZoom())); }).catch(function (err) {
            root.setAttribute("data-ba-detail", "failed");
            if (window.console) { console.warn(String(err)); }
        });
    }
    function show(band) {
        var bounds = map.getBounds();
        var wanted = band ? band.chunks.filter(function (chunk) { return overlaps(chunk, bounds); }) : [];
        var key = band ? band.id : "";
        Object.keys(groups).forEach(function (file) {
            if (file.split("/")[0] !== key && map.hasLayer(groups[file])) { map.removeLayer(groups[file]); }
        });
        if (!band) {
            current = "";
            root.classList.remove("ba-detail-on");
            root.removeAttribute("data-ba-detail");
            return;
        }
        current = key;
        Promise.all(wanted.map(function (chunk) { return load(chunk.file); })).then(function (loaded) {
            if (current !== key) { return; }
            loaded.forEach(function (group) { if (!map.hasLayer(group)) { group.addTo(map); } });
            root.classList.add("ba-detail-on");
            if (map.attributionControl && !root.hasAttribute("data-ba-detail-credited")) {
                map.attributionControl.addAttribution(attribution);
                root.setAttribute("data-ba-detail-credited", "1");
            }
            root.setAttribute("data-ba-detail", key + ":" + wanted.length);
        }).catch(function (err) {
            root.classList.remove("ba-detail-on");
            root.setAttribute("data-ba-detail", "failed");
            if (window.console) { console.warn(String(err)); }
        });
    }
    map.on("zoomend moveend layeradd layerremove", update);
    update();
})
