"""Every table of the corpus, as typed SQLAlchemy 2.x declarative models.

Owns the schema's shape; migrations under ``alembic/versions`` create it.
Imports nothing from the rest of the package but the extractor's vocabularies.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from corpus_db.extract.facts import AGREEMENT_KINDS, AGREEMENT_STATUSES

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so constraint names match on every backend."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _article_fk(*, index: bool = False) -> Mapped[int]:
    """The article a row comes from; mention tables index it through their unique key."""
    return mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"),
        index=index,
        comment="The article this row comes from.",
    )


def _confidence() -> Mapped[float | None]:
    """A confidence in [0, 1], stored only where the method that found the fact gives one."""
    return mapped_column(
        Float,
        comment="Confidence the finding method gives, 0 to 1; null when it gives none "
        "(no current rule does: never a made-up 1.0).",
    )


agreement_parties = Table(
    "agreement_parties",
    Base.metadata,
    Column(
        "agreement_id",
        ForeignKey("agreements.id", ondelete="CASCADE"),
        primary_key=True,
        comment="The agreement.",
    ),
    Column(
        "country_code",
        ForeignKey("countries.code"),
        primary_key=True,
        index=True,
        comment="A party to it (ISO 3166-1 alpha-2).",
    ),
    comment="Countries that are parties to an agreement.",
)

agreement_signatories = Table(
    "agreement_signatories",
    Base.metadata,
    Column(
        "agreement_id",
        ForeignKey("agreements.id", ondelete="CASCADE"),
        primary_key=True,
        comment="The agreement.",
    ),
    Column(
        "person_id",
        ForeignKey("people.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
        comment="A person who signed it.",
    ),
    comment="People who signed an agreement.",
)


class Article(Base):
    """One news article as loaded, identified by the hash of its text."""

    __tablename__ = "articles"
    __table_args__ = {"comment": "News articles as loaded, one row per distinct text."}

    id: Mapped[int] = mapped_column(
        primary_key=True, comment="Article id; the mention tables' article_id."
    )
    content_hash: Mapped[str] = mapped_column(
        String(64), unique=True, comment="SHA-256 of the normalised body: the same text loads once."
    )
    published: Mapped[date] = mapped_column(index=True, comment="Publication date.")
    title: Mapped[str] = mapped_column(
        Text, comment="The given title, or the first sentence of the body."
    )
    body: Mapped[str] = mapped_column(Text, comment="Article text; all offsets point into it.")
    source: Mapped[str] = mapped_column(
        String(500),
        index=True,
        comment="Source name: the file name without its extension, or as given.",
    )
    path: Mapped[str | None] = mapped_column(
        Text, comment="The file it was loaded from (with :line for JSONL)."
    )
    url: Mapped[str | None] = mapped_column(Text, comment="The article's URL, when given.")
    extractor_version: Mapped[str | None] = mapped_column(
        String(64),
        comment="The extractor that produced the stored facts (a digest of its code and data; "
        "null: before versions were kept). `corpus-db reextract --outdated` redoes the others.",
    )
    loaded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True),
        server_default=func.current_timestamp(),
        comment="When the article was loaded.",
    )

    country_mentions: Mapped[list[CountryMention]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )
    person_mentions: Mapped[list[PersonMention]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )
    agreement_mentions: Mapped[list[AgreementMention]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )
    place_mentions: Mapped[list[PlaceMention]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )


class Country(Base):
    """An ISO 3166-1 country; every one is present in a new database."""

    __tablename__ = "countries"
    __table_args__ = {"comment": "Every ISO 3166-1 country, filled by the first migration."}

    code: Mapped[str] = mapped_column(
        String(2), primary_key=True, comment="ISO 3166-1 alpha-2 code, e.g. KZ."
    )
    alpha3: Mapped[str] = mapped_column(
        String(3), unique=True, comment="ISO 3166-1 alpha-3 code, e.g. KAZ."
    )
    name: Mapped[str] = mapped_column(String(200), index=True, comment="Common name.")
    official_name: Mapped[str | None] = mapped_column(String(200), comment="Official name.")

    mentions: Mapped[list[CountryMention]] = relationship(back_populates="country")


class Place(Base):
    """A place below the country (a city, a region), with the country it lies in."""

    __tablename__ = "places"
    __table_args__ = (
        UniqueConstraint("name_key", "country_code"),
        {"comment": "Cities and regions named in articles, one row per place and country."},
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="Place id; place_mentions.place_id.")
    name: Mapped[str] = mapped_column(String(300), index=True, comment="Name as first seen.")
    name_key: Mapped[str] = mapped_column(
        String(300), comment="Name folded for matching: lower case, no accents."
    )
    country_code: Mapped[str] = mapped_column(
        ForeignKey("countries.code"), index=True, comment="The country it lies in."
    )
    kind: Mapped[str] = mapped_column(String(20), comment="city, capital or region.")

    country: Mapped[Country] = relationship()
    mentions: Mapped[list[PlaceMention]] = relationship(back_populates="place")


class Person(Base):
    """One real person across the corpus, under a canonical name."""

    __tablename__ = "people"
    __table_args__ = {"comment": "People named in articles, one row per person."}

    id: Mapped[int] = mapped_column(
        primary_key=True, comment="Person id; the person_id of other tables."
    )
    name: Mapped[str] = mapped_column(String(300), index=True, comment="Canonical (fullest) name.")
    name_key: Mapped[str] = mapped_column(
        String(300), unique=True, comment="Name folded for matching: lower case, no accents."
    )
    country_code: Mapped[str | None] = mapped_column(
        ForeignKey("countries.code"), index=True, comment="The country the person serves."
    )

    country: Mapped[Country | None] = relationship()
    aliases: Mapped[list[PersonAlias]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonAlias.alias"
    )
    roles: Mapped[list[PersonRole]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonRole.observed_on"
    )
    mentions: Mapped[list[PersonMention]] = relationship(back_populates="person")


class PersonAlias(Base):
    """Another form of a person's name found in the text (surname, patronymic ...)."""

    __tablename__ = "person_aliases"
    __table_args__ = (
        UniqueConstraint("person_id", "alias"),
        {"comment": "Other forms of a person's name seen in articles."},
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="Row id.")
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), comment="The person."
    )
    alias: Mapped[str] = mapped_column(String(300), comment="The form as written.")
    alias_key: Mapped[str] = mapped_column(
        String(300), index=True, comment="The form folded for matching."
    )

    person: Mapped[Person] = relationship(back_populates="aliases")


class PersonRole(Base):
    """A role a person held according to one article: roles change over time."""

    __tablename__ = "person_roles"
    __table_args__ = (
        UniqueConstraint("person_id", "article_id", "role"),
        {"comment": "Roles people held, with the article and date that show it."},
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="Row id.")
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), comment="The person."
    )
    role: Mapped[str] = mapped_column(String(200), comment="Title, e.g. President.")
    country_code: Mapped[str | None] = mapped_column(
        ForeignKey("countries.code"), index=True, comment="The country of the role."
    )
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"),
        index=True,
        comment="The article that shows it; null for a role a curation decision gives.",
    )
    observed_on: Mapped[date] = mapped_column(
        comment="Publication date of the evidence article, or the decision's --since date."
    )
    how: Mapped[str | None] = mapped_column(
        String(20),
        comment="How the role's country was found: title, beside, alignment, side, reference, "
        "employer, counterpart, sentence, dateline; curation for a decision's; null: unknown.",
    )
    confidence: Mapped[float | None] = _confidence()
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"),
        index=True,
        comment="The curation decision that gave this role (null: extracted).",
    )

    person: Mapped[Person] = relationship(back_populates="roles")


class CountryMention(Base):
    """Where an article names a country (provenance)."""

    __tablename__ = "country_mentions"
    __table_args__ = (
        UniqueConstraint("article_id", "start_char", "end_char"),
        Index(None, "country_code", "article_id"),
        {"comment": "Each place an article names a country, with offsets into its body."},
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="Row id.")
    article_id: Mapped[int] = _article_fk()
    country_code: Mapped[str] = mapped_column(
        ForeignKey("countries.code"), comment="The country (alpha-2)."
    )
    start_char: Mapped[int] = mapped_column(comment="Offset of the first character in the body.")
    end_char: Mapped[int] = mapped_column(comment="Offset just past the last character.")
    text: Mapped[str] = mapped_column(String(300), comment="The text at those offsets.")
    how: Mapped[str] = mapped_column(String(20), comment="name, alias, demonym or capital.")
    confidence: Mapped[float | None] = _confidence()

    article: Mapped[Article] = relationship(back_populates="country_mentions")
    country: Mapped[Country] = relationship(back_populates="mentions")


class PersonMention(Base):
    """Where an article names a person, in any form (provenance)."""

    __tablename__ = "person_mentions"
    __table_args__ = (
        UniqueConstraint("article_id", "start_char", "end_char"),
        Index(None, "person_id", "article_id"),
        {"comment": "Each place an article names a person, with offsets into its body."},
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="Row id.")
    article_id: Mapped[int] = _article_fk()
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), comment="The person."
    )
    start_char: Mapped[int] = mapped_column(comment="Offset of the first character in the body.")
    end_char: Mapped[int] = mapped_column(comment="Offset just past the last character.")
    text: Mapped[str] = mapped_column(String(300), comment="The text at those offsets.")
    how: Mapped[str | None] = mapped_column(
        String(20),
        comment="name (the full name), alias (another form of it) or title (a bare title "
        "standing for the person); null: unknown (loaded before this was kept).",
    )
    confidence: Mapped[float | None] = _confidence()

    article: Mapped[Article] = relationship(back_populates="person_mentions")
    person: Mapped[Person] = relationship(back_populates="mentions")


class Agreement(Base):
    """A treaty, memorandum, declaration ... reported by one or more articles."""

    __tablename__ = "agreements"
    __table_args__ = {"comment": "Agreements between countries, one row per document."}

    id: Mapped[int] = mapped_column(
        primary_key=True, comment="Agreement id; the agreement_id of other tables."
    )
    agreement_key: Mapped[str] = mapped_column(
        String(620),
        unique=True,
        comment="Folded title, parties and date of signing: one row per document.",
    )
    document_key: Mapped[str] = mapped_column(
        String(600),
        index=True,
        comment="Folded title and parties without the date: finds undated reports of it.",
    )
    title: Mapped[str] = mapped_column(Text, comment="The document's name, or a description.")
    kind: Mapped[str] = mapped_column(
        Enum(*AGREEMENT_KINDS, name="agreement_kind", native_enum=False, create_constraint=True),
        index=True,
        comment="treaty, agreement, memorandum, declaration, protocol, contract, roadmap or other.",
    )
    status: Mapped[str] = mapped_column(
        Enum(
            *AGREEMENT_STATUSES,
            name="agreement_status",
            native_enum=False,
            create_constraint=True,
        ),
        index=True,
        comment="signed, planned or negotiating.",
    )
    signed_on: Mapped[date | None] = mapped_column(
        index=True, comment="Date of signing stated in the text; null when not stated."
    )
    place: Mapped[str | None] = mapped_column(String(300), comment="Where it was signed.")

    parties: Mapped[list[Country]] = relationship(
        secondary=agreement_parties, order_by=Country.code
    )
    signatories: Mapped[list[Person]] = relationship(
        secondary=agreement_signatories, order_by=Person.name
    )
    mentions: Mapped[list[AgreementMention]] = relationship(back_populates="agreement")


class AgreementMention(Base):
    """Where an article reports an agreement: its source articles, with offsets."""

    __tablename__ = "agreement_mentions"
    __table_args__ = (
        UniqueConstraint("article_id", "start_char", "end_char"),
        Index(None, "agreement_id", "article_id"),
        {"comment": "Each place an article reports an agreement, with offsets into its body."},
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="Row id.")
    article_id: Mapped[int] = _article_fk()
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), comment="The agreement."
    )
    start_char: Mapped[int] = mapped_column(comment="Offset of the first character in the body.")
    end_char: Mapped[int] = mapped_column(comment="Offset just past the last character.")
    text: Mapped[str] = mapped_column(Text, comment="The text at those offsets.")
    how: Mapped[str | None] = mapped_column(
        String(20),
        comment='title (the document\'s name or description) or reference ("the treaty", '
        '"the document"); null: unknown (loaded before this was kept).',
    )
    confidence: Mapped[float | None] = _confidence()

    article: Mapped[Article] = relationship(back_populates="agreement_mentions")
    agreement: Mapped[Agreement] = relationship(back_populates="mentions")


class PlaceMention(Base):
    """Where an article names a place below the country (provenance)."""

    __tablename__ = "place_mentions"
    __table_args__ = (
        UniqueConstraint("article_id", "start_char", "end_char"),
        Index(None, "place_id", "article_id"),
        {"comment": "Each place an article names a city or region, with offsets into its body."},
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="Row id.")
    article_id: Mapped[int] = _article_fk()
    place_id: Mapped[int] = mapped_column(
        ForeignKey("places.id", ondelete="CASCADE"), comment="The place."
    )
    start_char: Mapped[int] = mapped_column(comment="Offset of the first character in the body.")
    end_char: Mapped[int] = mapped_column(comment="Offset just past the last character.")
    text: Mapped[str] = mapped_column(String(300), comment="The text at those offsets.")
    confidence: Mapped[float | None] = _confidence()

    article: Mapped[Article] = relationship(back_populates="place_mentions")
    place: Mapped[Place] = relationship(back_populates="mentions")


class Decision(Base):
    """A curator's correction, kept and applied again after every load and re-extraction."""

    __tablename__ = "decisions"
    __table_args__ = {
        "comment": "Curation decisions: corrections to what extraction found, by stable identity."
    }

    id: Mapped[int] = mapped_column(primary_key=True, comment="Decision id, for `corpus-db undo`.")
    action: Mapped[str] = mapped_column(
        String(30),
        index=True,
        comment="merge-person, split-person, alias-person, set-person, reject-agreement, "
        "reject-mention or set-agreement.",
    )
    target: Mapped[dict[str, object]] = mapped_column(
        JSON,
        comment="What it applies to, by stable identity: folded names, agreement keys, "
        "article content hashes with offsets; never row ids.",
    )
    value: Mapped[dict[str, object]] = mapped_column(
        JSON, comment="What it sets (country, role, title ...), empty when nothing."
    )
    made_by: Mapped[str] = mapped_column(String(200), comment="Who made it (--by, or the user).")
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), comment="When.")
    note: Mapped[str | None] = mapped_column(Text, comment="Why, in the curator's words.")
    outcome: Mapped[str] = mapped_column(
        String(300),
        comment="What its last application found: applied, or why its target was missing.",
    )
    articles: Mapped[list[str]] = mapped_column(
        JSON,
        comment="Content hashes of the articles whose facts it changed, re-extracted on undo.",
    )
    undone_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), comment="When it was undone; null while it holds."
    )
    undone_by: Mapped[str | None] = mapped_column(String(200), comment="Who undid it.")
