"""folium elements whose JavaScript is built in Python and added to the page verbatim.

folium adds every rendered element's script to the page as a new Jinja template: compiled on every rerun, at a
cost that grows with the number of elements and the size of their JSON (with a folium object per route, place group
and event it made up most of a slider move's server time), and a data value containing ``{{`` or ``{%`` would be
evaluated or break the page. The elements here carry plain data and skip that step; ``static/atlas/layers.js``
draws it.
"""

from __future__ import annotations

import json

from folium.elements import Element, MacroElement
from folium.template import Template

__all__ = ["RailwayLines", "VisibleLayers", "script_json"]


class _ScriptElement(MacroElement):
    """An element whose script is built in Python (:meth:`script`) and added to the page as it is."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.script() }}{% endmacro %}")

    def script(self) -> str:
        """The element's JavaScript."""
        raise NotImplementedError

    def render(self, **kwargs) -> None:
        """Add the script to the page verbatim."""
        self.get_root().script.add_child(_Verbatim(self.script()), name=self.get_name())


class VisibleLayers(_ScriptElement):
    """The feature group's content: ``atlasDraw(group, layers)`` (``static/atlas/layers.js``).

    The script also hands the page streamlit-folium's ``updateComponentValue`` when it can see it (the component
    evaluates this script inside its own scope), so that a click is reported without the component's 250 ms
    debounce; without it, clicks still work, a quarter of a second later.
    """

    def __init__(self, layers: list[dict]):
        super().__init__()
        self._name = "VisibleLayers"
        self._layers_json = script_json(layers)

    def script(self) -> str:
        """``atlasDraw(<the parent feature group>, <the layers as HTML-safe JSON>)``."""
        return ('if (typeof updateComponentValue === "function") {\n'
                '  window.atlasReportNow = function () { updateComponentValue(window.map); };\n'
                f'}}\natlasDraw({self._parent.get_name()}, {self._layers_json});\n')


class RailwayLines(_ScriptElement):
    """The railway network as drawn: one non-interactive multi-polyline (``style``: Leaflet path options), in the
    routes' pane under the routes. (The graph that routes journeys is ``geo.routing.RailNetwork``.)"""

    def __init__(self, lines: list[list[tuple[float, float]]], style: dict):
        super().__init__()
        # The prefix of the JavaScript variable (rail_network_…): part of the base map's script, on which
        # streamlit-folium keys the map's iframe — a different name re-mounts the map of every open page.
        self._name = "RailNetwork"
        self._lines_json = script_json(lines)
        self._style_json = script_json({**style, "interactive": False})

    def script(self) -> str:
        """``L.polyline(<lines>, <style>)`` added to the map."""
        style = self._style_json
        parent = self._parent.get_name()
        # under the routes, in their pane (static/atlas/layers.js)
        return (f"var {self.get_name()} = L.polyline({self._lines_json}, Object.assign({style}, "
                f"{{renderer: atlasRenderer({parent}, 'atlasRoutes')}})).addTo({parent});\n")


def script_json(value: object) -> str:
    """JSON that is safe inside an HTML ``<script>``: ``<``, ``>``, ``&`` and ``'`` as ``\\u`` escapes (no text
    can close the script or open a tag)."""
    return (json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("'", "\\u0027"))


class _Verbatim(Element):
    """Page text rendered exactly as given."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        """The text, unchanged."""
        return self.text
