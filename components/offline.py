"""Keep the map offline: point folium's CDN links at the copies vendored under ``static/`` and provide the few
Leaflet elements the dashboard needs that folium does not ship in an offline-safe form.

The vendored files come from ``scripts/vendor_static.sh``; Streamlit serves ``./static`` at ``/app/static``
(``server.enableStaticServing`` in ``.streamlit/config.toml``).
"""

from __future__ import annotations

from typing import ClassVar

from folium.elements import JSCSSMixin, MacroElement
from folium.template import Template

__all__ = ["LAYERS_CSS", "LAYERS_JS", "VENDOR", "WORLD_GEOJSON", "LeafletImagePath", "StaticGeoJson",
           "use_local_assets"]

STATIC = "/app/static"
VENDOR = f"{STATIC}/vendor"
WORLD_GEOJSON = f"{STATIC}/world/countries-50m.geojson"
LAYERS_JS = f"{STATIC}/atlas/layers.js"
LAYERS_CSS = f"{STATIC}/atlas/layers.css"

LOCAL = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": f"{VENDOR}/leaflet/leaflet.js",
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": f"{VENDOR}/leaflet/leaflet.css",
    "https://code.jquery.com/jquery-3.7.1.min.js": f"{VENDOR}/jquery/jquery.min.js",
    "https://cdn.jsdelivr.net/npm/leaflet-ant-path@1.1.2/dist/leaflet-ant-path.min.js":
        f"{VENDOR}/leaflet-ant-path/leaflet-ant-path.js",
}
# Only folium.Icon needs these (we draw circle markers), and streamlit-folium loads JS links one after another,
# rejecting on the first failure: one unreachable CDN link means a blank map.
DROP = {"bootstrap", "awesome_markers", "bootstrap_css", "glyphicons_css", "awesome_markers_font_css",
        "awesome_markers_css", "awesome_rotate_css"}


def _subclasses(cls: type) -> list[type]:
    return [cls] + [s for sub in cls.__subclasses__() for s in _subclasses(sub)]


def use_local_assets() -> None:
    """Rewrite every folium class's ``default_js``/``default_css`` to the vendored copies (idempotent).

    folium keeps these lists on the class, so this is process-wide configuration, not per-session state; it is
    deterministic, so running it from many sessions at once is harmless.
    """
    for cls in _subclasses(JSCSSMixin):
        for attr in ("default_js", "default_css"):
            if attr in cls.__dict__:
                links = [(name, LOCAL.get(url, url)) for name, url in cls.__dict__[attr] if name not in DROP]
                setattr(cls, attr, links)


class StaticGeoJson(JSCSSMixin, MacroElement):
    """A non-interactive GeoJSON basemap fetched from a local URL (keeps the bytes out of every rerun's payload).

    It also carries the ant-path script and ``static/atlas/layers.js`` (which draws the changing layers), so the
    base map's JS links never change with the data: a link that appeared only when a route is visible would load
    too late for the feature group that needs it.
    """

    _template = Template("""{% macro script(this, kwargs) %}
      fetch({{ this.url|tojson }}).then(r => r.json()).then(d => L.geoJSON(d, {interactive: false,
        style: {{ this.style|tojson }}, renderer: atlasRenderer({{ this._parent.get_name() }}, "atlasBasemap")
      }).addTo({{ this._parent.get_name() }}));
    {% endmacro %}""")
    default_js: ClassVar[list[tuple[str, str]]] = [("antpath", f"{VENDOR}/leaflet-ant-path/leaflet-ant-path.js"),
                                                   ("atlas_layers", LAYERS_JS)]
    default_css: ClassVar[list[tuple[str, str]]] = [("atlas_layers_css", LAYERS_CSS)]

    def __init__(self, url: str, style: dict):
        super().__init__()
        self._name = "StaticGeoJson"
        self.url = url
        self.style = style


class LeafletImagePath(MacroElement):
    """Sets ``L.Icon.Default.imagePath`` (streamlit-folium #275: the default icon path is detected wrongly)."""

    _template = Template(
        "{% macro script(this, kwargs) %}L.Icon.Default.imagePath = {{ this.path|tojson }};{% endmacro %}")

    def __init__(self, path: str = f"{VENDOR}/leaflet/images/"):
        super().__init__()
        self._name = "LeafletImagePath"
        self.path = path
