"""The online fallback: geopy's Nominatim behind the offline tiers, and the reviewed cache of its answers
(``data/geocache.json``). Off unless the user asks for it."""
