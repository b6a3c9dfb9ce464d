"""The atlas engine: dataset loading and validation, gazetteer, geoparser, railway routing.

Pure Python; never imports Streamlit (the dashboard in ``components/`` builds on it).
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
