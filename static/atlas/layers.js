/*
 * The dashboard's changing map layers, drawn in the browser from plain data.
 *
 * components/map_layers.py sends, on every slider move or click, one small script: `atlasDraw(group, layers)`,
 * where `layers` is a list of plain layer specs (GeoJSON points and lines, railway ant paths, dotted hops). Drawing
 * them here instead of rendering one folium object per layer keeps the server's work per rerun to one JSON dump
 * (folium compiles a Jinja template per rendered element: ~1 ms each, most of a rerun's time) and keeps this file
 * out of the rerun payload: the base map loads it once.
 *
 * Layer specs (all options are Leaflet path options chosen by the Python side):
 *   {kind: "features", features: [GeoJSON Feature], style, highlight?, sticky?, interactive?}
 *     each feature's `properties.tip` becomes its tooltip (already HTML-escaped by the server),
 *     `properties.style` is merged over `style`, points are drawn as circle markers;
 *   {kind: "antpath", path: [[lat, lon]], options}   an animated railway stretch (not interactive);
 *   {kind: "line", path: [[lat, lon]], options}      a plain polyline (not interactive).
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

  function featuresLayer(spec) {
    var base = spec.style || {};
    var styleOf = function (feature) {
      return Object.assign({}, base, (feature.properties && feature.properties.style) || {});
    };
    var layer = L.geoJSON(spec.features, {
      pointToLayer: function (_feature, latlng) {
        return L.circleMarker(latlng, {interactive: spec.interactive !== false});
      },
      interactive: spec.interactive !== false,
      style: styleOf,
      onEachFeature: function (feature, item) {
        var tip = feature.properties && feature.properties.tip;
        if (tip) {
          item.bindTooltip(tip, {sticky: !!spec.sticky});
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

  // The animated routes get one SVG of their own, in a pane under the markers that lets clicks through. In the
  // map's shared SVG, each animation frame repainted the country outlines too: 70-80% of a core, all the time
  // (headless Chromium, software rendering); in their own layer, the frames repaint only the routes. (With no
  // renderer option, leaflet-ant-path gives each path its own SVG above every other vector, swallowing clicks on
  // the places along the route.)
  var routeRenderers = new WeakMap();

  function routeRenderer(map) {
    var renderer = routeRenderers.get(map);
    if (!renderer) {
      var pane = map.createPane("atlasRoutes");
      pane.style.zIndex = 390;            // above the basemap and tiles, below overlayPane (400: the markers)
      pane.style.pointerEvents = "none";
      renderer = L.svg({pane: "atlasRoutes"});
      routeRenderers.set(map, renderer);
    }
    return renderer;
  }

  function pathLayer(spec, map) {
    var options = Object.assign({}, spec.options, {interactive: false});
    if (spec.kind === "antpath") {
      options.renderer = routeRenderer(map);
      return L.polyline.antPath(spec.path, options);
    }
    return L.polyline(spec.path, options);
  }

  /** Draw `layers` into the (empty, just created) feature group `group`. */
  window.atlasDraw = function (group, layers) {
    var map = group._map || window.map;
    layers.forEach(function (spec) {
      var layer = spec.kind === "features" ? featuresLayer(spec) : pathLayer(spec, map);
      layer.addTo(group);
    });
    return group;
  };
})();
