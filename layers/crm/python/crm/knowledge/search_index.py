"""The knowledge base's full-text index: SQLite FTS5 (through apsw, which bundles a current SQLite with FTS5 —
the Lambda runtime's own SQLite is too old to have it), one file built from every published translation and kept
in S3. Each API container keeps a copy in /tmp and asks S3 at most every REFRESH_SECONDS whether it changed (a
conditional GET: 304 while it has not).

One FTS5 table per language: English words are stemmed (FTS5's porter tokenizer); other languages are matched
by word with case and diacritics folded (SQLite has no stemmer for them). Ranking is BM25 with the title
weighted 5 to 1 over the body. A query that matches nothing is respelled from the index's own vocabulary
(apsw.fts5's query_suggest: unknown words replaced by close, frequent ones) and searched again, when each
replacement looks like the word typed (a typo, not another question).
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from crm.aws import client
from crm.config import env

KEY = "kb/index.sqlite"
REFRESH_SECONDS = 5.0
TYPO_SIMILARITY = 0.75  # how alike (difflib's ratio) a respelt word must be to the one typed: warrnty ~ warranty
BOOST = 1.5  # an article written for the case's category scores this many times its BM25 score
_TOKENIZERS = {"en": "porter unicode61 remove_diacritics 2"}
_DEFAULT_TOKENIZER = "unicode61 remove_diacritics 2"
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Entry:
    article_id: str
    lang: str
    title: str
    body: str  # Markdown
    category: str
    visibility: str
    case_categories: tuple[str, ...]


@dataclass(frozen=True)
class Found:
    article_id: str
    lang: str
    title: str
    snippet: str
    category: str
    visibility: str
    score: float


def plain(markdown: str) -> str:
    """Markdown's text without its markup (what is indexed and what a snippet quotes)."""
    text = re.sub(r"```.*?\n|```", " ", markdown)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links and images: their text
    text = re.sub(r"<[^>]+>", " ", text)  # inline HTML is never rendered: not indexed either
    text = re.sub(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+", "", text, flags=re.MULTILINE)
    return re.sub(r"[*_`~|]+", "", text)


def _table(lang: str) -> str:
    if not re.fullmatch(r"[a-z]{2}", lang):
        raise ValueError(f"not a language code: {lang!r}")
    return f"kb_{lang}"


def build(entries: Iterable[Entry]) -> bytes:
    """The index file's bytes for these translations."""
    import apsw

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "index.sqlite")
        db = apsw.Connection(path)
        made: set[str] = set()
        with db:
            for e in entries:
                table = _table(e.lang)
                if table not in made:
                    tokenize = _TOKENIZERS.get(e.lang, _DEFAULT_TOKENIZER)
                    db.execute(
                        f"CREATE VIRTUAL TABLE {table} USING fts5(title, body, article_id UNINDEXED, "
                        f"category UNINDEXED, visibility UNINDEXED, case_categories UNINDEXED, tokenize='{tokenize}')"
                    )
                    made.add(table)
                db.execute(
                    f"INSERT INTO {table} VALUES (?, ?, ?, ?, ?, ?)",
                    (e.title, plain(e.body), e.article_id, e.category, e.visibility, " ".join(e.case_categories)),
                )
        db.close()
        with open(path, "rb") as f:
            return f.read()


def publish(data: bytes, s3: Any = None) -> None:
    s3 = s3 or client("s3")
    s3.put_object(Bucket=env("KNOWLEDGE_BUCKET"), Key=KEY, Body=data, ServerSideEncryption="aws:kms")


_local: dict[str, Any] = {"etag": None, "checked": 0.0, "path": None}


def _index_path() -> str | None:
    """The local copy of the index, fetched again when S3 holds a newer one; None while there is none."""
    now = time.monotonic()
    if _local["path"] and now - _local["checked"] < REFRESH_SECONDS:
        return str(_local["path"])
    s3 = client("s3")
    args: dict[str, Any] = {"Bucket": env("KNOWLEDGE_BUCKET"), "Key": KEY}
    if _local["etag"]:
        args["IfNoneMatch"] = _local["etag"]
    try:
        answer = s3.get_object(**args)
    except s3.exceptions.NoSuchKey:
        _local.update(etag=None, checked=now, path=None)
        return None
    except s3.exceptions.ClientError as exc:
        if exc.response.get("Error", {}).get("Code") not in ("304", "NotModified"):
            raise
        _local["checked"] = now
        return str(_local["path"])
    path = os.path.join(tempfile.gettempdir(), f"kb-{os.getpid()}-{int(now * 1000)}.sqlite")
    with open(path, "wb") as f:
        f.write(answer["Body"].read())
    old = _local["path"]
    _local.update(etag=answer["ETag"], checked=now, path=path)
    if old and old != path and os.path.exists(old):
        os.remove(old)
    return path


def _match(words: list[str], any_word: bool) -> str:
    """An FTS5 query of the words, each quoted (no operator a user typed reaches FTS5); the last one as a prefix
    (which matches the whole word too), so a word being typed matches."""
    quoted = [f'"{w}"' for w in words]
    if quoted and not any_word and len(words[-1]) >= 3:
        quoted[-1] += "*"
    return (" OR " if any_word else " AND ").join(quoted)


def search(
    text: str, lang: str, visibility: tuple[str, ...], limit: int, any_word: bool = False, boost: str | None = None
) -> tuple[list[Found], str, bool]:
    """(hits best first, the query searched, whether it was respelled). `any_word`: a hit needs one word, not all
    (suggestions from a case's subject); `boost`: a case category whose articles' scores count BOOST times."""
    import apsw
    import apsw.fts5

    words = _WORD.findall(text.lower())[:20]
    if any_word:  # from a sentence: "how do I ..." - words of one or two letters would match almost anything
        words = [w for w in words if len(w) > 2] or words
    path = _index_path()
    if not words or path is None:
        return [], text, False
    db = apsw.Connection(path, flags=apsw.SQLITE_OPEN_READONLY)
    try:
        table = _table(lang)
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchall():
            return [], text, False
        hits = _query(db, table, _match(words, any_word), visibility, limit, boost)
        if hits or any_word:
            return hits, text, False
        better = apsw.fts5.Table(db, table).query_suggest(" ".join(words), threshold=0.0)
        if not better or not _close(words, _WORD.findall(better.lower())):
            return [], text, False
        return _query(db, table, _match(_WORD.findall(better.lower()), False), visibility, limit, boost), better, True
    finally:
        db.close()


def _close(typed: list[str], respelled: list[str]) -> bool:
    """A respelling is a typo's correction, not another question: each changed word looks like the one typed."""
    from difflib import SequenceMatcher

    if len(typed) != len(respelled):
        return False
    return all(
        a == b or SequenceMatcher(None, a, b).ratio() >= TYPO_SIMILARITY for a, b in zip(typed, respelled, strict=True)
    )


def _query(db: Any, table: str, match: str, visibility: tuple[str, ...], limit: int, boost: str | None) -> list[Found]:
    marks = ",".join("?" for _ in visibility)
    rows = db.execute(
        f"SELECT article_id, title, snippet({table}, 1, '[', ']', '…', 16), category, visibility, "
        f"bm25({table}, 5.0, 1.0) * (CASE WHEN instr(' ' || case_categories || ' ', ?) > 0 THEN {BOOST} ELSE 1 END) "
        f"AS rank FROM {table} WHERE {table} MATCH ? AND visibility IN ({marks}) ORDER BY rank LIMIT ?",
        (f" {boost} " if boost else "\x00", match, *visibility, limit),
    ).fetchall()
    lang = table[3:]
    return [Found(r[0], lang, r[1], r[2], r[3], r[4], round(-float(r[5]), 4)) for r in rows]
