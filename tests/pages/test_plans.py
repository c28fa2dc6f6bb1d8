"""Plans that cannot fall off a cliff: the entity pages' claims come through the index meant
for them, and a query stopped by the statement timeout is a page that says so.

Plans are read with `EXPLAIN (FORMAT JSON)` after `SET LOCAL enable_seqscan = off`: at this
small scale a sequential scan is the cheapest plan for anything, so the question asked is which
index the planner can use, not how fast it is (speed is measured by `manage.py benchmark`).
"""

from __future__ import annotations

import json

import pytest
from django.db import connection

from articles.models import Article
from entities.models import Claim, Mention
from newsdesk.web.filters import CLAIM_ORDER, ArticleFilter
from newsdesk.web.queries.entities import named_in, relation_claims
from tests.factories import ArticleFactory, PersonFactory, claim_at, country, mention_at

pytestmark = pytest.mark.django_db

BODY = "Eli Cohen said talks on aid would continue with Ukraine and Israel."


def add_relation(n: int = 5):
    israel, ukraine = country("IL"), country("UA")
    cohen = PersonFactory(slug="eli-cohen", name="Eli Cohen", country=israel)
    for i in range(n):
        article = ArticleFactory(title=f"Talks {i}", body=BODY)
        for entity, text in ((cohen, "Eli Cohen"), (ukraine, "Ukraine"), (israel, "Israel")):
            mention_at(article, entity, text)
        claim_at(
            article,
            "talks on aid would continue",
            speaker_label="Eli Cohen",
            speaker_kind="person",
            speaker_person=cohen,
            speaker_country=israel,
            cue="said",
            subject_countries=[ukraine],
        )
    return israel, ukraine


def plan_nodes(queryset) -> list[dict]:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    # A bitmap index scan names its index but not its table: it is given the table of the
    # bitmap heap scan above it.
    nodes, stack = [], [(plan[0]["Plan"], None)]
    while stack:
        node, table = stack.pop()
        if node["Node Type"].startswith("Bitmap Index") and table:
            node = {**node, "Relation Name": table}
        nodes.append(node)
        table = node.get("Relation Name") if node["Node Type"] == "Bitmap Heap Scan" else table
        stack.extend((child, table) for child in node.get("Plans", []))
    return nodes


def indexes_on(model, first_column: str) -> set[str]:
    """The names of the model's indexes that start with this column (Django names most of
    them from a hash)."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {
        name
        for name, info in constraints.items()
        if info["index"] and info["columns"] and info["columns"][0] == first_column
    }


def add_other_claims(n: int = 2000) -> None:
    """Claims of other articles, so that the claims table is larger than the pair's claims
    and, as on a real site, the two countries' officials speak in many articles besides
    (with a handful of rows, reading a whole small index is as cheap as any plan); then
    the statistics that say so, of every table the queries read, so that what earlier
    tests left in them counts for what it is."""
    speakers = [country("IL"), country("UA")]
    articles = [ArticleFactory(title=f"Elsewhere {i}", body=BODY) for i in range(20)]
    Claim.objects.bulk_create(
        Claim(article=articles[i % 20], text="talks on aid", start=0, end=5,
              speaker_label="An official", speaker_kind="anonymous", cue="said",
              speaker_country=speakers[i % 2], stance=("assert", "deny")[i // 2 % 2])
        for i in range(n)
    )  # fmt: skip
    with connection.cursor() as cursor:
        for model in (Article, Mention, Claim, Claim.subject_countries.through):
            cursor.execute(f"ANALYZE {model._meta.db_table}")


def test_relation_claims_are_found_through_the_claims_article_index():
    israel, ukraine = add_relation()
    add_other_claims()

    # As the relation page reads them: every claim of the window, for the event types and
    # the ones shown.
    nodes = plan_nodes(
        relation_claims(israel, ukraine).order_by(*CLAIM_ORDER).values_list("pk", "event_type")
    )

    on_claims = [node for node in nodes if node.get("Relation Name") == "entities_claim"]
    assert indexes_on(Claim, "article_id") & {node.get("Index Name") for node in on_claims}
    assert any("article_id" in node.get("Index Cond", "") for node in on_claims)
    assert "Seq Scan" not in {node["Node Type"] for node in on_claims}


def test_relation_window_reads_a_mentions_country_index():
    israel, ukraine = add_relation()

    nodes = plan_nodes(named_in(country=israel, also=ukraine))

    mention_scans = [node for node in nodes if node.get("Relation Name") == "entities_mention"]
    assert indexes_on(Mention, "country_id") & {node.get("Index Name") for node in mention_scans}
    assert "Seq Scan" not in {node["Node Type"] for node in mention_scans}


def test_relation_claims_are_the_page_claims(client):
    israel, ukraine = add_relation(3)

    content = client.get("/relations/il-ua/").content.decode()

    assert content.count("talks on aid would continue") == 3
    assert set(relation_claims(israel, ukraine)) == set(Claim.objects.all())


def test_query_stopped_by_the_statement_timeout_is_a_503_page(client):
    add_relation(1)

    def slow_query(execute, sql, params, many, context):
        # The statement timeout the web's connections set, met by a deliberately slow query.
        return execute("SELECT pg_sleep(1)", None, many, context)

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 50")
    with connection.execute_wrapper(slow_query):
        response = client.get("/relations/il-ua/")

    assert response.status_code == 503
    assert "This query took too long" in response.content.decode()


def test_the_stance_filter_reads_the_visible_claims_stance_index():
    add_relation()
    add_other_claims()
    filterset = ArticleFilter({"stance": "denial"}, queryset=Article.objects.all())
    assert filterset.is_valid(), filterset.errors

    nodes = plan_nodes(filterset.qs)

    on_claims = {
        node.get("Index Name") for node in nodes if node.get("Relation Name") == "entities_claim"
    }
    assert "claim_visible_stance" in on_claims
