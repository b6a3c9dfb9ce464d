"""Every naive-geocoder trap of the research notes' list of ambiguous names resolves to the intended place in a
sentence that gives its context.

The sentences are written for this test (not taken from the seed articles); nothing in the engine looks at them.
"""

from __future__ import annotations

import pytest

from geo.dataset import load_dataset
from geo.gazetteer.lookup import Gazetteer
from geo.geoparse import geoparse


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.from_dataset(load_dataset())


TRAPS = [
    ("The train crossed the border at Khasan on Saturday.", "Khasan", "khasan"),
    ("TASS said the leader's train reached Hasan station in the morning.", "Hasan", "khasan"),
    ("Talks were held in Moscow, the Russian capital.", "Moscow", "moscow"),
    ("Relations between Pyongyang and Peking cooled in the 1980s.", "Peking", "beijing"),
    ("In 1984 the special train stopped at Tumen, in China's Jilin province.", "Tumen", "tumen-jilin"),
    ("The summit took place at the Sosnovy Bor garrison outside Ulan-Ude.", "Sosnovy Bor", "sosnovy-bor-garrison"),
    ("The cosmodrome town of Uglegorsk in Amur region was renamed Tsiolkovsky.", "Uglegorsk", "tsiolkovsky"),
    ("Kim toured the aircraft plant in Komsomolsk on the Amur river.", "Komsomolsk", "komsomolsk-on-amur"),
    ("The farewell ceremony took place at the station in Artyom near Vladivostok.", "Artyom", "artyom"),
    ("Officials met the train at Artem, north of Vladivostok.", "Artem", "artyom"),
    ("Putin flew in from Chita to meet the train.", "Chita", "chita"),
    ("After Moscow the delegation visited the fortress at Brest and a tractor plant in Minsk.", "Brest", "brest"),
    ("The route via Perm and Kirov to Yaroslavl is the northern one.", "Kirov", "kirov"),
    ("The train passed Belogorsk and Svobodny in the Amur region.", "Svobodny", "svobodny"),
    ("The train passed Belogorsk and Svobodny in the Amur region.", "Belogorsk", "belogorsk"),
    ("On Lake Baikal he went by boat from Turka, in Buryatia.", "Turka", "turka"),
    ("In 1984 Boris Yeltsin met him on the platform in Sverdlovsk.", "Sverdlovsk", "yekaterinburg"),
    ("The delegation then went on from Moscow to Leningrad.", "Leningrad", "saint-petersburg"),
    ("The train crossed from Ji'an, across the Yalu from Manpo, back into North Korea.", "Ji'an", "jian-jilin"),
    ("The summit was held at Vostochny, the new spaceport in the Amur region.", "Vostochny", "vostochny-cosmodrome"),
    ("The Komsomolsk line leaves the Trans-Siberian at Volochayevka-2 near Khabarovsk.", "Volochayevka-2",
     "volochayevka-2"),
    ("He toured the hydroelectric plant after getting off the train at Novobureysky.", "Novobureysky",
     "novobureysky"),
    ("The train stopped at Bureya station on the Trans-Siberian.", "Bureya", "bureya"),
    ("The line from Tumangang continues to Rason on the coast.", "Rason", "rajin"),
    ("President Vladimir Putin met Kim Jong Un in Vladivostok.", "Vladivostok", "vladivostok"),
]


@pytest.mark.parametrize(("sentence", "surface", "expected"), TRAPS)
def test_trap_resolves_to_the_intended_place(gazetteer, sentence, surface, expected):
    mentions = geoparse(sentence, gazetteer)
    at = sentence.index(surface)
    # the mention covering the name (it may be longer: "Bureya station", "Sosnovy Bor garrison")
    found = [m for m in mentions if m.start <= at and at + len(surface) <= m.end]
    assert found, f"{surface!r} not recognised in {sentence!r}: {[m.surface for m in mentions]}"
    assert found[0].place_id == expected, found[0].reason


@pytest.mark.parametrize(("sentence", "not_places"), [
    ("President Vladimir Putin met Kim Jong Un in Vladivostok.", {"Vladimir", "Un", "Kim", "Jong"}),
    ("Most of those plants were built with Soviet technology.", {"Most"}),
    ("The Soviet Union collapsed in 1991.", {"Union"}),
    ("Date of the visit: unknown. Of course, the Fleet was there.", {"Date", "Of", "Fleet"}),
    ("He spoke at the University. The Bay was calm.", {"University", "Bay"}),
    ("North Korean leader Kim Jong-il met Russian and Chinese officials.", {"North Korea", "Kim"}),
    ("U.S. Admiral Ace Lyons told reporters, Sapa-AFP reported.", {"Lyons", "Sapa"}),
])
def test_person_names_demonyms_and_common_words_are_not_places(gazetteer, sentence, not_places):
    surfaces = {m.surface for m in geoparse(sentence, gazetteer)}
    assert not (surfaces & not_places), surfaces
