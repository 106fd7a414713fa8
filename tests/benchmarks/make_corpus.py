"""A deterministic synthetic news corpus for load benchmarks.

    python tests/benchmarks/make_corpus.py OUT_DIR --articles 100000 [--seed 1]

Writes N article files in corpus_db's ``.txt`` input format (``date
YYYY-MM-DD`` and then the body), 1,000 to a folder. Every article is 450-550
words of wire-style diplomatic news built from this file's own templates: 2-5
countries from every region, 2-4 titled people, 0-3 agreements (signed on a
stated or relative date, or only planned), trade figures, quotes and
background. Article ``i`` depends only on the seed and ``i``, so the first
1,000 articles of a 100,000 corpus are the 1,000 corpus. Office-holders are
fixed per country and year, so the same leaders recur across articles as in
real news, while envoys and company heads are new names that keep the people
table growing with the corpus.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

PER_FOLDER = 1000
MIN_WORDS, MAX_WORDS = 450, 550
FIRST_DAY, DAYS = date(2015, 1, 1), 11 * 365

# Name pools by naming tradition: (given names, surnames).
NAMES = {
    "central_asian": (
        "Nurlan Askar Bakyt Daniyar Yerlan Aigerim Madina Timur Ruslan Azamat Gulnara Saltanat",
        "Abdrakhmanov Seitkaliyev Zhaksylykov Omurbekov Tursunov Karimov Sadykov Beisenov "
        "Nurmagambetov Isakov Kurmanaliev Dzhumabaev",
    ),
    "european": (
        "Anna Lukas Marta Pieter Elena Jonas Sofia Marco Claire Henrik Ines Tomas Katarina",
        "Lindqvist Moreau Kovac Brandt Rossi Novak Jansen Dubois Horvath Fischer Almeida "
        "Kowalski Papadakis Berger",
    ),
    "east_asian": (
        "Wei Min-jun Haruto Yuki Jun Seo-yeon Hiroshi Mei Jae-won Akira Xiaoling",
        "Chen Park Tanaka Kim Sato Wang Lee Yamamoto Zhao Choi Nakamura Liu",
    ),
    "south_asian": (
        "Arjun Priya Rahul Anil Farah Imran Sanjay Nadia Kavita Tariq Dinesh Shreya",
        "Sharma Khan Perera Rahman Iyer Chaudhry Bhandari Malhotra Siddiqui Fernando Qureshi",
    ),
    "southeast_asian": (
        "Somchai Siti Rizal Maria Anh Budi Thanh Arnel Dewi Kittisak Nurul",
        "Tran Santos Wijaya Pham Reyes Suwannarat Hidayat Nguyen Dela Cruz Rahmat Bautista",
    ),
    "arabic": (
        "Ahmed Fatima Omar Khalid Layla Youssef Mariam Hassan Karim Noura Tarek Samira",
        "Al-Mansouri Haddad Nasser El-Amin Saleh Farouk Al-Rashid Khoury Benali Al-Khatib Mahmoud",
    ),
    "african": (
        "Kwame Amina Tendai Chinedu Fatou Mamadou Grace Samuel Wanjiru Kofi Aisha Thabo",
        "Mensah Okafor Diallo Moyo Kamau Traore Banda Ndlovu Mwangi Asante Abubakar Tshabalala",
    ),
    "latin": (
        "Carlos Lucia Mateo Valentina Jorge Camila Diego Gabriela Andres Paula Ricardo Joao",
        "Fernandez Rodriguez Castillo Morales Vargas Herrera Silva Gomez Pereira Rojas Mendoza",
    ),
    "anglo": (
        "James Olivia Jack Emily Liam Sarah Michael Grace Daniel Hannah Peter Ruth",
        "Mitchell Walker Thompson Clarke Harris Bennett Campbell Reid Foster Hughes Turner",
    ),
}


@dataclass(frozen=True)
class Country:
    name: str
    demonym: str
    capital: str
    names: str  # a key of NAMES
    leader: str  # the head of state or government's title


def _countries(rows: str) -> list[Country]:
    return [
        Country(*(part.strip() for part in row.split("|"))) for row in rows.strip().splitlines()
    ]


COUNTRIES = _countries(
    """
    Kazakhstan|Kazakh|Astana|central_asian|President
    Kyrgyzstan|Kyrgyz|Bishkek|central_asian|President
    Uzbekistan|Uzbek|Tashkent|central_asian|President
    Tajikistan|Tajik|Dushanbe|central_asian|President
    Mongolia|Mongolian|Ulaanbaatar|central_asian|President
    Azerbaijan|Azerbaijani|Baku|central_asian|President
    Germany|German|Berlin|european|Chancellor
    France|French|Paris|european|President
    Italy|Italian|Rome|european|Prime Minister
    Poland|Polish|Warsaw|european|President
    Sweden|Swedish|Stockholm|european|Prime Minister
    Hungary|Hungarian|Budapest|european|Prime Minister
    Greece|Greek|Athens|european|Prime Minister
    Portugal|Portuguese|Lisbon|european|Prime Minister
    Finland|Finnish|Helsinki|european|President
    Serbia|Serbian|Belgrade|european|President
    China|Chinese|Beijing|east_asian|President
    Japan|Japanese|Tokyo|east_asian|Prime Minister
    South Korea|South Korean|Seoul|east_asian|President
    India|Indian|New Delhi|south_asian|Prime Minister
    Pakistan|Pakistani|Islamabad|south_asian|Prime Minister
    Bangladesh|Bangladeshi|Dhaka|south_asian|Prime Minister
    Sri Lanka|Sri Lankan|Colombo|south_asian|President
    Nepal|Nepali|Kathmandu|south_asian|Prime Minister
    Vietnam|Vietnamese|Hanoi|southeast_asian|Prime Minister
    Indonesia|Indonesian|Jakarta|southeast_asian|President
    Malaysia|Malaysian|Kuala Lumpur|southeast_asian|Prime Minister
    Philippines|Philippine|Manila|southeast_asian|President
    Thailand|Thai|Bangkok|southeast_asian|Prime Minister
    Saudi Arabia|Saudi|Riyadh|arabic|Crown Prince
    United Arab Emirates|Emirati|Abu Dhabi|arabic|President
    Egypt|Egyptian|Cairo|arabic|President
    Qatar|Qatari|Doha|arabic|Emir
    Morocco|Moroccan|Rabat|arabic|Prime Minister
    Algeria|Algerian|Algiers|arabic|President
    Oman|Omani|Muscat|arabic|Sultan
    Nigeria|Nigerian|Abuja|african|President
    Kenya|Kenyan|Nairobi|african|President
    Ghana|Ghanaian|Accra|african|President
    Senegal|Senegalese|Dakar|african|President
    Ethiopia|Ethiopian|Addis Ababa|african|Prime Minister
    South Africa|South African|Pretoria|african|President
    Tanzania|Tanzanian|Dodoma|african|President
    Zambia|Zambian|Lusaka|african|President
    Brazil|Brazilian|Brasilia|latin|President
    Argentina|Argentine|Buenos Aires|latin|President
    Mexico|Mexican|Mexico City|latin|President
    Chile|Chilean|Santiago|latin|President
    Colombia|Colombian|Bogota|latin|President
    Peru|Peruvian|Lima|latin|President
    Cuba|Cuban|Havana|latin|President
    Canada|Canadian|Ottawa|anglo|Prime Minister
    Australia|Australian|Canberra|anglo|Prime Minister
    New Zealand|New Zealand|Wellington|anglo|Prime Minister
    Jamaica|Jamaican|Kingston|anglo|Prime Minister
    Fiji|Fijian|Suva|anglo|Prime Minister
    """
)

PORTFOLIOS = [
    "Trade",
    "Energy",
    "Agriculture",
    "Transport",
    "Health",
    "Education",
    "Finance",
    "Defence",
    "Industry",
    "Tourism",
    "Digital Development",
    "Water Resources",
    "Labour",
    "Culture",
    "Foreign Affairs",
    "Economy",
]
FIELDS = (
    "energy",
    "renewable energy",
    "transport and logistics",
    "agriculture",
    "food security",
    "education",
    "public health",
    "digital infrastructure",
    "water management",
    "tourism",
    "customs procedures",
    "mining",
    "civil aviation",
    "science and technology",
    "culture and the arts",
    "emergency response",
    "investment protection",
    "visa-free travel",
)
KINDS = (
    ("memorandum of understanding on cooperation in {field}", "memorandum"),
    ("Agreement on Cooperation in the Field of {Field}", "agreement"),
    ("Treaty on Strategic Partnership in {Field}", "treaty"),
    ("Joint Declaration on {Field}", "declaration"),
    ("protocol on {field}", "protocol"),
    ("roadmap for cooperation in {field} for {year}-{next}", "roadmap"),
)
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
COMMODITIES = [
    "grain",
    "fertiliser",
    "steel",
    "copper",
    "cotton",
    "machinery",
    "pharmaceuticals",
    "vehicles",
]
COMPANIES = [
    "Energy Holding",
    "Railways",
    "Mining Group",
    "Logistics",
    "Petroleum Corporation",
    "Telecom",
]


@dataclass(frozen=True)
class Person:
    name: str
    title: str
    country: Country

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


def _name(rng: random.Random, country: Country) -> str:
    given, surnames = NAMES[country.names]
    return f"{rng.choice(given.split())} {rng.choice(surnames.split())}"


def office_holder(seed: int, country: Country, title: str, year: int) -> Person:
    """The one holder of ``title`` in ``country`` in ``year``: recurs across articles."""
    rng = random.Random(f"{seed}|{country.name}|{title}|{year}")
    return Person(_name(rng, country), title, country)


class _Article:
    """One article being written: its random source, date, cast and sentences."""

    def __init__(self, seed: int, index: int) -> None:
        self.seed = seed
        self.rng = random.Random(f"{seed}#{index}")
        self.published = FIRST_DAY + timedelta(days=self.rng.randrange(DAYS))
        self.countries = self.rng.sample(COUNTRIES, self.rng.randint(2, 5))
        self.host, self.guest = self.countries[0], self.countries[1]
        self.people = self._cast(self.rng.randint(2, 4))
        self.sentences: list[str] = []
        self.filler: list[str] = []

    def _cast(self, count: int) -> list[Person]:
        year = self.published.year
        cast = [office_holder(self.seed, c, c.leader, year) for c in (self.host, self.guest)]
        while len(cast) < count:
            country = self.rng.choice(self.countries)
            kind = self.rng.random()
            if kind < 0.4:
                title = f"Minister of {self.rng.choice(PORTFOLIOS)}"
                cast.append(office_holder(self.seed, country, title, year))
            elif kind < 0.6:
                cast.append(office_holder(self.seed, country, "Foreign Minister", year))
            elif kind < 0.8:
                cast.append(Person(_name(self.rng, country), "Ambassador", country))
            else:
                company = f"{country.name} {self.rng.choice(COMPANIES)}"
                cast.append(
                    Person(_name(self.rng, country), f"chief executive of {company}", country)
                )
        return cast

    def when(self) -> str:
        """A signing date as news gives it: stated, relative, or not at all."""
        day = self.published - timedelta(days=self.rng.randint(0, 6))
        return self.rng.choice(
            (
                f"on {WEEKDAYS[day.weekday()]}",
                f"on {MONTHS[day.month - 1]} {day.day}",
                f"on {day.day} {MONTHS[day.month - 1]} {day.year}",
                "yesterday",
                "",
            )
        )

    def write(self) -> str:
        self.opening()
        for _ in range(self.rng.randint(0, 3)):
            self.agreement()
        if self.rng.random() < 0.6:
            self.plan()
        self.trade()
        for person in self.people[2:]:
            self.introduce(person)
        self.others()
        fixed = len(self.sentences)
        target = self.rng.randint(MIN_WORDS + 20, MAX_WORDS - 20)
        while self.words() < target:
            self.background()
        while self.words() > MAX_WORDS:
            self.sentences.pop(self.rng.randrange(fixed, len(self.sentences)))
        paragraphs, sentences = [], list(self.sentences)
        while sentences:
            size = self.rng.randint(2, 4)
            paragraphs.append(" ".join(sentences[:size]))
            sentences = sentences[size:]
        return f"date {self.published.isoformat()}\n" + "\n\n".join(paragraphs) + "\n"

    def words(self) -> int:
        return sum(len(s.split()) for s in self.sentences)

    def say(self, sentence: str) -> None:
        self.sentences.append(sentence)

    def opening(self) -> None:
        a, b = self.people[0], self.people[1]
        weekday = WEEKDAYS[(self.published - timedelta(days=1)).weekday()]
        topic = self.rng.choice(FIELDS)
        self.say(
            f"{self.host.capital.upper()}, {MONTHS[self.published.month - 1]} "
            f"{self.published.day} — {a.country.demonym} {a.title} {a.name} received "
            f"{b.title} {b.name} of {b.country.name} in {self.host.capital} on {weekday} for "
            f"talks on {topic} and regional security."
        )
        self.say(
            f"{a.surname} said relations between {self.host.name} and {self.guest.name} had "
            f"reached a new level, while {b.surname} called the visit a turning point."
        )

    def agreement(self) -> None:
        field = self.rng.choice(FIELDS)
        year = self.published.year
        template, _kind = self.rng.choice(KINDS)
        title = template.format(field=field, Field=field.title(), year=year, next=year + 2)
        a, b = self.people[0], self.people[1]
        when = self.when()
        when = f" {when}" if when else ""
        self.say(
            self.rng.choice(
                (
                    f"{a.surname} and {b.surname} signed the {title}{when}.",
                    f"The {title} was signed{when} in {self.host.capital} by {a.title} "
                    f"{a.surname} and {b.title} {b.surname}.",
                    f"{self.host.name} and {self.guest.name} also signed a {title}{when}.",
                )
            )
        )
        self.say(
            f"The document provides for joint working groups and regular consultations "
            f"on {field}, officials said."
        )

    def plan(self) -> None:
        field = self.rng.choice(FIELDS)
        other = self.rng.choice(self.countries)
        self.say(
            self.rng.choice(
                (
                    f"The sides agreed to prepare an agreement on {field} for signing next year.",
                    f"Negotiations are under way on a free trade agreement with {other.name}.",
                    f"{other.demonym} companies expressed interest in building a plant "
                    f"for {field} equipment.",
                )
            )
        )

    def trade(self) -> None:
        volume = self.rng.randint(2, 990) / 10
        growth = self.rng.randint(1, 40)
        goods = ", ".join(self.rng.sample(COMMODITIES, 3))
        self.say(
            f"Trade between {self.host.name} and {self.guest.name} reached ${volume} billion "
            f"in {self.published.year - 1}, up {growth} percent on the year before, "
            f"driven by {goods}."
        )

    def introduce(self, person: Person) -> None:
        self.say(
            self.rng.choice(
                (
                    f"{person.country.name}'s {person.title} {person.name} also took part in the "
                    f"talks.",
                    f"{person.title.capitalize()} {person.name} of {person.country.name} "
                    f"said the projects would create thousands of jobs.",
                    f"“We see great potential here,” said {person.name}, the "
                    f"{person.country.demonym} {person.title}.",
                )
            )
        )

    def others(self) -> None:
        """Every country of the cast is named: the ones past host and guest get a line."""
        for country in self.countries[2:]:
            self.say(
                self.rng.choice(
                    (
                        f"The leaders also discussed the situation in {country.name} and "
                        f"called for dialogue.",
                        f"A {country.demonym} delegation attended the talks as an observer.",
                        f"{country.name} is expected to join the project at a later stage, "
                        f"officials in {country.capital} said.",
                    )
                )
            )

    def background(self) -> None:
        """Filler in wire style, no template twice in one article until all are used."""
        if not self.filler:
            self.filler = list(BACKGROUND)
            self.rng.shuffle(self.filler)
        rng = self.rng
        country = rng.choice(self.countries)
        self.say(
            self.filler.pop().format(
                country=country.name,
                demonym=country.demonym,
                capital=self.host.capital,
                other_capital=self.guest.capital,
                surname=rng.choice(self.people).surname,
                field=rng.choice(FIELDS),
                other_field=rng.choice(FIELDS),
                goods=rng.choice(COMMODITIES),
                number=rng.randint(3, 90),
                year=rng.randint(1950, 2005),
                month=rng.choice(MONTHS),
            )
        )


BACKGROUND = (
    "{country} has invested in new rail links and ports over the past decade, seeking to "
    "become a transit hub between its neighbours.",
    "Analysts said the meeting reflected a wider effort by {country} to diversify its partners "
    "and attract long-term investment.",
    "“Our countries share a long history and a common vision for the future,” {surname} told "
    "reporters after the meeting.",
    "The {demonym} delegation included ministers, regional governors and the heads of several "
    "state companies.",
    "Officials discussed {field}, {other_field} and cooperation within international "
    "organisations.",
    "More than {number} business leaders attended a forum held alongside the talks in {capital}.",
    "The two governments have set a target of raising trade to ${number} billion within five "
    "years.",
    "{surname} also laid a wreath at a memorial and visited a {goods} factory outside the capital.",
    "Flights between {capital} and {other_capital} are to increase to {number} a week from next "
    "month.",
    "Diplomatic relations between the two countries were established in {year}, and embassies "
    "opened soon after.",
    "Earlier this year {country} hosted a regional summit on {field} attended by delegations "
    "from across the region.",
    "According to official figures, {demonym} exports of {goods} rose by {number} percent in "
    "the first half of the year.",
    "The talks were held first in a narrow format and then with the participation of the full "
    "delegations.",
    "{surname} thanked the hosts for their hospitality and invited them to pay a return visit "
    "at a convenient time.",
    "The parties reaffirmed their commitment to the peaceful settlement of disputes and to "
    "international law.",
    "Particular attention was paid to {field}, where several joint projects worth about "
    "${number} million are being prepared.",
    "A joint commission on economic cooperation is due to meet in {other_capital} in {month}.",
    "Business groups have long complained about slow border crossings, and officials promised "
    "to simplify customs checks.",
    "{country} relies on imports of {goods} and has sought new suppliers since prices rose "
    "sharply two years ago.",
    "The visit was the first at this level in {number} years, diplomats in {capital} noted.",
    "Students from {country} will receive {number} additional scholarships under an exchange "
    "programme announced during the visit.",
    "Local media reported that security was tight around the presidential palace, with several "
    "streets closed to traffic.",
    "The sides also exchanged views on regional and international issues of mutual interest.",
    "Economists expect the new projects to add about {number} tenths of a percentage point to "
    "growth over the next three years.",
    "A cultural festival marking the anniversary of relations will open in {capital} in {month}.",
    "{surname} said further steps would be discussed at the next meeting of foreign ministers.",
    "The {demonym} side proposed setting up a joint investment fund to finance infrastructure "
    "and {field} projects.",
    "Neither side gave details of the financing, which officials said was still being worked "
    "out by banks.",
)


def article(seed: int, index: int) -> str:
    """The text of article ``index`` of the corpus for ``seed``, in the .txt input format."""
    return _Article(seed, index).write()


def write_corpus(out: Path, count: int, seed: int = 1, start: int = 0) -> None:
    """Write articles ``start`` to ``start + count`` under ``out``, 1,000 to a folder."""
    for index in range(start, start + count):
        folder = out / f"{index // PER_FOLDER:04d}"
        if index % PER_FOLDER == 0 or index == start:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{index:07d}.txt").write_text(article(seed, index), encoding="utf-8")


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"at least 1, not {number}")
    return number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="Folder to write the articles into.")
    parser.add_argument("--articles", type=_positive, default=1000, help="How many (default 1000).")
    parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
    parser.add_argument("--start", type=int, default=0, help="Index of the first (default 0).")
    args = parser.parse_args()
    write_corpus(args.out, args.articles, args.seed, args.start)
    print(f"wrote {args.articles} articles under {args.out}")


if __name__ == "__main__":
    main()
