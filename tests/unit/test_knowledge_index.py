"""The knowledge base's search index as the API uses it (crm.knowledge.search_index) on moto's S3: whatever a
user types reaches FTS5 as quoted words (no operator, column filter or syntax error gets through), Markdown is
indexed as text, English is stemmed and Polish folded, and a new index reaches a container once it revalidates."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws

from crm.knowledge import search_index as index

BUCKET = "knowledge"


def _entry(article_id: str, lang: str, title: str, body: str, visibility: str = "public") -> index.Entry:
    return index.Entry(article_id, lang, title, body, "general", visibility, ())


@pytest.fixture
def published(monkeypatch):
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.setenv("KNOWLEDGE_BUCKET", BUCKET)
    monkeypatch.setattr(index, "_local", {"etag": None, "checked": 0.0, "path": None})
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-west-1")
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        monkeypatch.setattr(index, "client", lambda name: s3)
        entries = [
            _entry("a1", "en", "Connecting printers", "Open **Settings** and [add a printer](https://x.example)."),
            _entry("a2", "en", "Invoices by email", "Invoices are emailed on the first working day.", "internal"),
            _entry("a3", "pl", "Faktury e-mailem", "Faktury wysyłamy pierwszego dnia roboczego."),
        ]
        index.publish(index.build(entries), s3)
        yield s3


@pytest.mark.parametrize(
    "typed", ['printer" OR title:*', "NOT printer", "printer*)", "(", '"', "title:printer", "printer AND", "-printer"]
)
def test_whatever_is_typed_is_searched_as_words_never_as_fts5_syntax(published, typed):
    found, _, _ = index.search(typed, "en", ("internal", "public"), 10)
    assert all(f.article_id == "a1" for f in found)  # either the printer article or nothing; never an error


def test_stemming_markdown_and_languages(published):
    hits, _, _ = index.search("connect printer", "en", ("public",), 10)
    assert [(h.article_id, h.title) for h in hits] == [("a1", "Connecting printers")]
    assert "**" not in hits[0].snippet and "https" not in index.search("settings", "en", ("public",), 5)[0][0].snippet
    assert [h.article_id for h in index.search("wysylamy", "pl", ("public",), 5)[0]] == ["a3"]  # ł and y folded
    assert index.search("invoices", "en", ("public",), 5)[0] == []  # internal: not for customers
    assert [h.article_id for h in index.search("invoices", "en", ("internal", "public"), 5)[0]] == ["a2"]


def test_a_republished_index_reaches_a_container_when_it_revalidates(published, monkeypatch):
    monkeypatch.setattr(index, "REFRESH_SECONDS", 0.0)
    assert index.search("scanner", "en", ("public",), 5)[0] == []
    index.publish(index.build([_entry("a4", "en", "Connecting scanners", "Like printers.")]), published)
    assert [h.article_id for h in index.search("scanner", "en", ("public",), 5)[0]] == ["a4"]
