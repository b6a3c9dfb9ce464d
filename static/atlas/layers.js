/*
 * The dashboard's changing map layers, drawn in the browser from plain data.
 *
 * components/map_scripts.py (VisibleLayers) sends, on every slider move or click, one small script:
 * `atlasDraw(group, layers)`, where `layers` is a list of plain layer specs (GeoJSON points and lines, railway ant
 * paths, dotted hops). Drawing them here instead of rendering one folium object per layer keeps the server's work
 * per rerun to one JSON dump (folium compiles a Jinja template per rendered element: ~1 ms each, most of a rerun's
 * time) and keeps this file out of the rerun payload: the base map loads it once.
 *
 * Layer specs (all options are Leaflet path options chosen by the Python side):
 *   {kind: "features", features: [GeoJSON Feature], style, highlight?, sticky?, interactive?, tipClass?}
 *     each feature's `properties.tip` becomes its tooltip (already HTML-escaped by the server; `tipClass` is added
 *     to the tooltip's classes),
 *     `properties.style` is merged over `style`, points are drawn as circle markers;
 *   {kind: "antpath", path: [[lat, lon]], options}   an animated railway stretch (not interactive);
 *   {kind: "line", path: [[lat, lon]], options}      a plain polyline (not interactive);
 *   {kind: "areas", urls: {source: url}, areas: [{source, key, id, tip, style}], style, highlight}
 *     countries and regions as shaded outlines (components/map_areas.py): the outline of each area is feature
 *     `key` of the GeoJSON file `urls[source]`, fetched once per page; `id` and `tip` become its properties.
 */
(function () {
  "use strict";

  // streamlit-folium reports a click only after a 250 ms debounce (its `debouncedUpdateComponentValue`). When the
  // feature-group script can reach the component's `updateComponentValue` (it is evaluated inside the component's
  // scope), it stores it in `window.atlasReportNow`; a click on one of our features then reports at once. The
  // debounced call that follows sends nothing new (the component compares with the value it sent last).
  function reportSoon() {
    window.setTimeout(function () {
      if (typeof window.atlasReportNow === "function") {
        window.atlasReportNow();
      }
    }, 0);
  }

  function featuresLayer(spec, renderer) {
    var base = spec.style || {};
    var styleOf = function (feature) {
      return Object.assign({}, base, (feature.properties && feature.properties.style) || {});
    };
    var layer = L.geoJSON(spec.features, {
      pointToLayer: function (_feature, latlng) {
        return L.circleMarker(latlng, {interactive: spec.interactive !== false});
      },
      interactive: spec.interactive !== false,
      renderer: renderer,
      style: styleOf,
      onEachFeature: function (feature, item) {
        var tip = feature.properties && feature.properties.tip;
        if (tip) {
          item.bindTooltip(tip, {sticky: !!spec.sticky, className: spec.tipClass || ""});
        }
        if (spec.highlight) {
          item.on("mouseover", function () { item.setStyle(spec.highlight); });
          item.on("mouseout", function () { item.setStyle(styleOf(feature)); });
        }
        item.on("click", reportSoon);
      }
    });
    return layer;
  }

  // The outline files, fetched once per page and indexed by feature id: a rerun names areas, never sends them.
  var outlineFiles = {};
  function outlines(url) {
    if (!outlineFiles[url]) {
      outlineFiles[url] = fetch(url).then(function (r) { return r.json(); }).then(function (fc) {
        var byId = new Map();
        fc.features.forEach(function (f) { byId.set(String(f.id), f.geometry); });
        return byId;
      });
    }
    return outlineFiles[url];
  }

  /** The areas of `spec`, drawn once their outline files are loaded, into a group returned at once. Clicks on
   * them reach the feature group streamlit-folium listens to through Leaflet's event parents, like any feature. */
  function areasLayer(spec, map) {
    var holder = L.featureGroup();
    var sources = Object.keys(spec.urls);
    Promise.all(sources.map(function (s) { return outlines(spec.urls[s]); })).then(function (files) {
      var bySource = {};
      sources.forEach(function (s, i) { bySource[s] = files[i]; });
      var features = [];
      spec.areas.forEach(function (area) {
        var geometry = bySource[area.source] && bySource[area.source].get(String(area.key));
        if (geometry) {
          features.push({type: "Feature", geometry: geometry,
                         properties: {id: area.id, tip: area.tip, style: area.style}});
        }
      });
      var layer = featuresLayer(Object.assign({}, spec, {features: features, sticky: true}),
                                window.atlasRenderer(map, "atlasAreas"));
      layer.addTo(holder);
    });
    return holder;
  }

  // Vector panes, bottom to top. Leaflet puts every vector in one SVG in the overlay pane (z-index 400), so each
  // frame of the routes' animation repainted the country outlines with them: 70-80% of a core, all the time, in
  // headless Chromium (software rendering). The routes now have an SVG of their own, and the outlines another:
  //   atlasBasemap (150)  country outlines, under the optional OSM tiles (tilePane, 200)
  //   atlasAreas   (380)  countries and regions named in the articles, shaded, under every route and point
  //   atlasRoutes  (390)  the railway network, then the animated routes, in add order
  //   overlayPane  (400)  clickable features: route hit lines, places, events (Leaflet's default)
  // Both panes let clicks through. (With no renderer option, leaflet-ant-path gives each path its own SVG above
  // every other vector, which swallowed clicks on the places along a route.)
  var PANES = {atlasBasemap: 150, atlasAreas: 380, atlasRoutes: 390};
  var renderers = new WeakMap();

  /** The shared SVG renderer of pane `name` (created with its z-index on first use) on `map`. */
  window.atlasRenderer = function (map, name) {
    var byPane = renderers.get(map);
    if (!byPane) {
      byPane = {};
      renderers.set(map, byPane);
    }
    if (!byPane[name]) {
      var pane = map.getPane(name) || map.createPane(name);
      pane.style.zIndex = PANES[name];
      pane.style.pointerEvents = "none";
      byPane[name] = L.svg({pane: name});
    }
    return byPane[name];
  };

  function pathLayer(spec, map) {
    var options = Object.assign({}, spec.options, {interactive: false});
    if (spec.kind === "antpath") {
      options.renderer = window.atlasRenderer(map, "atlasRoutes");
      return L.polyline.antPath(spec.path, options);
    }
    return L.polyline(spec.path, options);
  }

  // "Zoom to what the years show": a button under the zoom buttons. A rerun never moves the map by itself (the
  // reader scrubbing the slider keeps the place they were looking at), so fitting is asked for. It fits the routes,
  // places and events drawn last; areas are left out (one country's outline spans a continent), also those drawn
  // as points for want of an outline (an ocean's middle).
  var FIT_LABEL = "Zoom to what the selected years show";
  var FitControl = L.Control.extend({
    options: {position: "topleft"},
    onAdd: function (map) {
      var bar = L.DomUtil.create("div", "leaflet-bar atlas-fit");
      var button = L.DomUtil.create("a", "", bar);
      button.href = "#";
      button.title = FIT_LABEL;
      button.setAttribute("role", "button");
      button.setAttribute("aria-label", FIT_LABEL);
      button.innerHTML = '<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><path d="M2 6V2h4M10 2h4v4' +
        'M14 10v4h-4M6 14H2v-4" fill="none" stroke="currentColor" stroke-width="1.8"/></svg>';
      L.DomEvent.disableClickPropagation(bar);   // not a map click: streamlit-folium would report one
      L.DomEvent.on(button, "click", function (event) {
        L.DomEvent.preventDefault(event);
        var bounds = map._atlasBounds;
        if (bounds && bounds.isValid()) {
          map.fitBounds(bounds, {padding: [28, 28], maxZoom: 8});
        }
      });
      this._button = button;
      return bar;
    },
    /** Enabled only when something is drawn to fit. */
    setEnabled: function (enabled) {
      L.DomUtil[enabled ? "removeClass" : "addClass"](this._button, "leaflet-disabled");
      this._button.setAttribute("aria-disabled", enabled ? "false" : "true");
    }
  });

  /** Draw `layers` into the (empty, just created) feature group `group`. */
  window.atlasDraw = function (group, layers) {
    var map = group._map || window.map;
    var bounds = L.latLngBounds([]);
    layers.forEach(function (spec) {
      var layer = spec.kind === "features" ? featuresLayer(spec)
        : spec.kind === "areas" ? areasLayer(spec, map) : pathLayer(spec, map);
      layer.addTo(group);
      if (spec.kind === "features") {
        layer.eachLayer(function (item) {   // points and lines, but not areas drawn as points (`fit: false`)
          if (item.feature.properties.fit !== false) {
            bounds.extend(item.getBounds ? item.getBounds() : item.getLatLng());
          }
        });
      } else if (spec.kind !== "areas") {
        bounds.extend(layer.getBounds());
      }
    });
    if (map) {
      map._atlasBounds = bounds;
      if (!map._atlasFit) {
        map._atlasFit = new FitControl().addTo(map);
      }
      map._atlasFit.setEnabled(bounds.isValid());
    }
    return group;
  };
})();
