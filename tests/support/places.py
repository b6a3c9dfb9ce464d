"""A small curated places table for gazetteer and geoparser tests: two homonyms (Tumen, Jilin and Tyumen, whose
alias is "Tumen"), aliases and abbreviations, an area, a historical state."""

from __future__ import annotations

import pandas as pd

PLACES = pd.DataFrame([
    {"id": "pyongyang", "name": "Pyongyang", "aliases": "P'yŏngyang|평양", "kind": "city", "lat": 39.0339,
     "lon": 125.7543, "country": "KP", "population": 3222000, "extent_km": 0},
    {"id": "north-korea", "name": "North Korea", "aliases": "N. Korea|DPRK", "kind": "country", "lat": 39.03,
     "lon": 125.75, "country": "KP", "population": 25549819, "extent_km": 270},
    {"id": "khasan", "name": "Khasan", "aliases": "Hasan", "kind": "town", "lat": 42.4283, "lon": 130.6456,
     "country": "RU", "population": 742, "extent_km": 0},
    {"id": "tumen-jilin", "name": "Tumen", "aliases": "", "kind": "city", "lat": 42.9656, "lon": 129.842,
     "country": "CN", "population": 78719, "extent_km": 0},
    {"id": "tyumen", "name": "Tyumen", "aliases": "Tumen", "kind": "city", "lat": 57.1522, "lon": 65.5272,
     "country": "RU", "population": 768358, "extent_km": 0},
    {"id": "jilin-city", "name": "Jilin", "aliases": "", "kind": "city", "lat": 43.8465, "lon": 126.5608,
     "country": "CN", "population": 1881977, "extent_km": 0},
    {"id": "soviet-union", "name": "Soviet Union", "aliases": "USSR", "kind": "historical_state", "lat": 55.75,
     "lon": 37.61, "country": "SU", "population": 0, "extent_km": 2500},
])
