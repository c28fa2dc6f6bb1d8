"""What leaves the site cannot carry ingested markup or formulas, and odd query strings are
refused cleanly (Django test client, real PostgreSQL)."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_atom_summaries_are_text_so_markup_is_not_rendered(client):
    ArticleFactory(title="Talks", standfirst='<img src=x onerror="alert(1)"> Talks resume')

    root = ET.fromstring(client.get("/articles/feed/").content)

    summaries = root.findall(f"{ATOM}entry/{ATOM}summary")
    assert summaries and {s.get("type") for s in summaries} == {"text"}
    assert "<img src=x" in summaries[0].text  # shown as the characters it is


def test_csv_cells_that_would_be_formulas_are_neutralised(client):
    ArticleFactory(title='=HYPERLINK("http://evil.example","click")', standfirst="+1")

    rows = list(csv.DictReader(io.StringIO(b"".join(client.get("/articles/export.csv")).decode())))

    assert rows[0]["title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[0]["standfirst"] == "'+1"


@pytest.mark.parametrize(
    "path",
    ["/articles/feed/", "/claims/feed/", "/articles/", "/claims/", "/people/", "/api/articles/"],
)
@pytest.mark.parametrize("query", ["q=%00", "q=a%0Db", "country=U%01A", "%1Bx=1"])
def test_control_characters_in_a_query_are_a_400(client, path, query):
    response = client.get(f"{path}?{query}")

    assert response.status_code == 400
    assert b"control character" in response.content
