"""Derived views: replies both ways, listings per municipality, topic and year."""

from __future__ import annotations

from datetime import date

from adviesarchief.model import NATIONAL_SLUG
from adviesarchief.derive.views import build_type_listings, build_views, build_year_listings
from adviesarchief.model import Archive, Document, Municipality, PackedHtml, SiteInfo, Topic

HELMOND = Municipality("GM0794", "Helmond", None, None)
BERGEN_NH = Municipality("GM0373", "Bergen (NH.)", None, None)
BERGEN_L = Municipality("GM0893", "Bergen (L.)", None, None)


def make_document(doc_id: str, day: date, *, doc_type: str = "advies", municipalities=(HELMOND,),
                  topics=("armoede",), in_reply_to=()) -> Document:
    return Document(
        id=doc_id, type=doc_type, title=doc_id.title(), date=day, municipalities=tuple(municipalities),
        author="Adviesraad", recipient="", topics=tuple(topics), reference="",
        in_reply_to=tuple(in_reply_to), summary="", attachments=(), responses=(), body_html=PackedHtml.pack(""),
        headings=(), source_path=f"content/{doc_id}.md", source_name=f"{doc_id}.md",
    )


def make_archive(*documents: Document) -> Archive:
    ordered = sorted(documents, key=lambda d: (-d.date.toordinal(), d.id))
    topics = (Topic("armoede", "Armoede"), Topic("zorg", "Zorg"))
    return Archive(site=SiteInfo(), topics=topics, documents=tuple(ordered))


def test_replies_and_answers_link_both_ways() -> None:
    advice = make_document("advies", date(2020, 1, 1))
    first = make_document("reactie", date(2020, 2, 1), doc_type="reactie", in_reply_to=("advies",))
    second = make_document("vervolg", date(2020, 3, 1), doc_type="reactie", in_reply_to=("advies",))
    views = build_views(make_archive(advice, first, second))
    assert [d.id for d in views.replies["advies"]] == ["reactie", "vervolg"]
    assert [d.id for d in views.answers["vervolg"]] == ["advies"]
    assert views.answers["advies"] == ()


def test_listing_groups_by_year_newest_first_and_counts_types() -> None:
    views = build_views(make_archive(
        make_document("a", date(2019, 5, 1)),
        make_document("b", date(2020, 1, 1), doc_type="reactie"),
        make_document("c", date(2020, 6, 1)),
    ))
    (helmond,) = views.municipalities
    assert [group.year for group in helmond.years] == [2020, 2019]
    assert [d.id for d in helmond.years[0].documents] == ["c", "b"]
    assert helmond.type_counts == (("advies", 2), ("reactie", 1))
    assert helmond.count == 3


def test_documents_without_municipality_are_listed_as_landelijk_last() -> None:
    views = build_views(make_archive(
        make_document("landelijk", date(2020, 1, 1), municipalities=()),
        make_document("helmond", date(2020, 1, 1)),
    ))
    assert [m.slug for m in views.municipalities] == ["helmond", NATIONAL_SLUG]


def test_a_document_for_two_municipalities_is_in_both_listings() -> None:
    views = build_views(make_archive(
        make_document("samen", date(2020, 1, 1), municipalities=(HELMOND, BERGEN_L)),
    ))
    assert {m.name: m.count for m in views.municipalities} == {"Helmond": 1, "Bergen (L.)": 1}


def test_topic_listings_include_topics_without_documents() -> None:
    views = build_views(make_archive(make_document("a", date(2020, 1, 1))))
    assert {t.slug: t.count for t in views.topics} == {"armoede": 1, "zorg": 0}


def test_slugs_stay_unique_when_names_slug_alike() -> None:
    lookalike = Municipality("GM9999", "Bergen NH", None, None)
    views = build_views(make_archive(
        make_document("a", date(2020, 1, 1), municipalities=(BERGEN_NH,)),
        make_document("b", date(2020, 1, 1), municipalities=(lookalike,)),
    ))
    slugs = sorted(views.municipality_slugs.values())
    assert len(set(slugs)) == 2
    assert slugs == ["bergen-nh-gm0373", "bergen-nh-gm9999"]


def test_home_shows_at_most_ten_newest() -> None:
    documents = [make_document(f"d{i:02d}", date(2020, 1, i + 1)) for i in range(12)]
    views = build_views(make_archive(*documents))
    assert [d.id for d in views.newest] == [f"d{i:02d}" for i in range(11, 1, -1)]


def test_type_listings_follow_the_type_order_and_skip_unused_types() -> None:
    archive = make_archive(
        make_document("r", date(2021, 1, 1), doc_type="reactie"),
        make_document("a", date(2020, 1, 1)),
        make_document("n", date(2019, 1, 1), doc_type="notitie"),
    )
    listings = build_type_listings(archive)
    assert [(t.slug, t.name, t.count) for t in listings] == [
        ("advies", "Advies van de adviesraad", 1), ("reactie", "Reactie van de gemeente", 1), ("notitie", "Notitie", 1)]


def test_year_listings_are_newest_year_first_with_their_documents() -> None:
    archive = make_archive(
        make_document("oud", date(2018, 5, 1)),
        make_document("nieuw-1", date(2021, 3, 1)),
        make_document("nieuw-2", date(2021, 9, 1)),
    )
    listings = build_year_listings(archive)
    assert [(y.slug, y.count) for y in listings] == [("2021", 2), ("2018", 1)]
    assert [d.id for d in listings[0].years[0].documents] == ["nieuw-2", "nieuw-1"]
