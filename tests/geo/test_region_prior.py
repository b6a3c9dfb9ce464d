"""The region prior on long-tail homonyms: a village name that exists across the former Soviet Union (and beyond)
means the Russian place in a corpus about Russia and North Korea.

These are behaviour tests, not wording tests: the answer (country and point) changes when the prior's score is
zero (each homonym below was found by comparing ``Gazetteer.candidates`` with ``_ROI_BONUS`` at 0.5 and at 0 over
the real ``data/`` and the GeoNames long tail). With the prior switched off (``roi=()``) the same names go abroad:
that is the control showing the prior, not the population or the name, picks the Russian place.
"""

from __future__ import annotations

import pytest

from geo.dataset import load_dataset
from geo.gazetteer.lookup import Gazetteer
from geo.geoparse import geoparse

# (name, context, the place meant: GeoNames id, country, rough point, the namesake chosen without the prior)
HOMONYMS = [
    # Ol'ga, the port of Primorye (pop. 4,328), over Olga, Florida (pop. 1,952, and "Olga" is its own name).
    ("Olga", "The train reached Vladivostok.", "geonames:2018553", "RU", (43.75, 135.29), "US"),
    # Georgiyevka (Samara oblast) over Georgievka, the old name of Kalbatau, Kazakhstan (pop. 22,047).
    ("Georgievka", None, "geonames:561633", "RU", (53.27, 51.00), "KZ"),
    # Pervomaysk (Nizhny Novgorod oblast, pop. 14,810) over Pervomaysk, Ukraine (pop. 62,426).
    ("Pervomaysk", None, "geonames:511002", "RU", (54.87, 43.80), "UA"),
    # Found for this test: Ivanovka in Primorye (pop. 2,170) over Ivanovka, Kyrgyzstan (pop. 17,513)…
    ("Ivanovka", None, "geonames:2023408", "RU", (43.97, 132.48), "KG"),
    # …and Vladimirovka near Blagoveshchensk, Amur oblast, over Vladimirovka, Georgia.
    ("Vladimirovka", None, "geonames:2013356", "RU", (50.30, 127.63), "GE"),
]


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.fixture(scope="module")
def gazetteer(dataset):
    return Gazetteer.from_dataset(dataset)


@pytest.fixture(scope="module")
def without_prior(dataset):
    return Gazetteer.from_dataset(dataset, roi=())


@pytest.mark.parametrize(("name", "context", "place_id", "country", "point", "abroad"), HOMONYMS,
                         ids=[h[0] for h in HOMONYMS])
def test_the_region_prior_picks_the_russian_homonym(gazetteer, name, context, place_id, country, point, abroad):
    best = gazetteer.resolve(name, context=context)
    assert best is not None, f"{name}: the long tail knows it"
    assert (best.place_id, best.country) == (place_id, country), best
    assert (best.lat, best.lon) == pytest.approx(point, abs=0.01)
    # the namesake abroad is a real rival, ranked below — not simply absent
    rivals = gazetteer.candidates(name, context=context, limit=10)[1:]
    assert abroad in {c.country for c in rivals}, rivals


@pytest.mark.parametrize(("name", "context", "place_id", "country", "point", "abroad"), HOMONYMS,
                         ids=[h[0] for h in HOMONYMS])
def test_without_the_prior_the_namesake_abroad_wins(without_prior, name, context, place_id, country, point, abroad):
    assert without_prior.resolve(name, context=context).country == abroad


def test_the_geoparser_places_the_homonyms_in_russia(gazetteer):
    text = "The convoy passed through Ivanovka and Vladimirovka before dawn; workers in Pervomaysk watched."
    found = {m.surface: (m.place_id, m.country) for m in geoparse(text, gazetteer)}
    assert found == {"Ivanovka": ("geonames:2023408", "RU"), "Vladimirovka": ("geonames:2013356", "RU"),
                     "Pervomaysk": ("geonames:511002", "RU")}

