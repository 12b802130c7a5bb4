"""DDL of the vendor-specific full-text structures (used by migrations, backends and the bench).

SQLite: an external-content FTS5 table kept in step by triggers (rowid = item id).
PostgreSQL: a stored generated tsvector (simple configuration over pre-segmented text, weights
A title, B 文号/索引号, C org/summary/keywords, D body and attachments) with a GIN index.

Version 2 adds the *filter tags* (``tag_seg``: ``~o12 ~y2024 …``, see ``segment.filter_tags``)
so that org/year/class/topic/type/validity filters are resolved inside the full-text index
together with the words, instead of after matching every document that contains the words:

- SQLite: a fifth FTS5 column ``tag_seg`` (bm25 weight 0). The tokenizer keeps ``~`` as a
  token character, and the segmented text never contains one, so ``"~o12"`` can only match a
  tag: no column filter is needed (column filters made bm25 measurably slower).
- PostgreSQL: ``array_to_tsvector`` of the tags is concatenated to the weighted text vector.
  Its lexemes keep the ``~``, which the text parser never produces, so a tag can never be
  matched by (or match) words of the text.

The statements are split in *structure* (table/column), *triggers* and *index* so that a bulk
load can drop the per-row work (triggers, GIN maintenance) and build it once at the end.
"""

# --- Version 1 (migration 0002), frozen ----------------------------------------------------

SQLITE_FORWARD_V1 = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_seg, number_seg, meta_seg, body_seg,
        content='search_searchdocument', content_rowid='item_id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title_seg, number_seg, meta_seg, body_seg)
        VALUES (new.item_id, new.title_seg, new.number_seg, new.meta_seg, new.body_seg);
    END""",
    """CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_seg, number_seg, meta_seg, body_seg)
        VALUES ('delete', old.item_id, old.title_seg, old.number_seg, old.meta_seg, old.body_seg);
    END""",
    """CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_seg, number_seg, meta_seg, body_seg)
        VALUES ('delete', old.item_id, old.title_seg, old.number_seg, old.meta_seg, old.body_seg);
        INSERT INTO search_fts(rowid, title_seg, number_seg, meta_seg, body_seg)
        VALUES (new.item_id, new.title_seg, new.number_seg, new.meta_seg, new.body_seg);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
    "DROP INDEX IF EXISTS search_doc_facets",
]
POSTGRES_FORWARD_V1 = [
    """ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_seg), 'A')
        || setweight(to_tsvector('simple'::regconfig, number_seg), 'B')
        || setweight(to_tsvector('simple'::regconfig, meta_seg), 'C')
        || setweight(to_tsvector('simple'::regconfig, body_seg), 'D')
    ) STORED""",
    "CREATE INDEX search_doc_tsv ON search_searchdocument USING gin (tsv)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_doc_tsv",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv",
]

# --- Version 2 (migration 0003): filter tags ------------------------------------------------

SQLITE_STRUCTURE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_seg, number_seg, meta_seg, body_seg, tag_seg,
        content='search_searchdocument', content_rowid='item_id',
        tokenize="unicode61 remove_diacritics 0 tokenchars '~'")""",
    # Candidate rows are joined for their sort and facet values: a covering index keeps that
    # lookup off the wide rows that hold the segmented text.
    """CREATE INDEX IF NOT EXISTS search_doc_facets ON search_searchdocument
        (item_id, published_on, org_id, category_id, topic_id, year, doc_type, validity)""",
]
SQLITE_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS search_fts_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title_seg, number_seg, meta_seg, body_seg, tag_seg)
        VALUES (new.item_id, new.title_seg, new.number_seg, new.meta_seg, new.body_seg,
                new.tag_seg);
    END""",
    """CREATE TRIGGER IF NOT EXISTS search_fts_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_seg, number_seg, meta_seg, body_seg,
                               tag_seg)
        VALUES ('delete', old.item_id, old.title_seg, old.number_seg, old.meta_seg,
                old.body_seg, old.tag_seg);
    END""",
    """CREATE TRIGGER IF NOT EXISTS search_fts_au AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_seg, number_seg, meta_seg, body_seg,
                               tag_seg)
        VALUES ('delete', old.item_id, old.title_seg, old.number_seg, old.meta_seg,
                old.body_seg, old.tag_seg);
        INSERT INTO search_fts(rowid, title_seg, number_seg, meta_seg, body_seg, tag_seg)
        VALUES (new.item_id, new.title_seg, new.number_seg, new.meta_seg, new.body_seg,
                new.tag_seg);
    END""",
]
SQLITE_DROP_TRIGGERS = SQLITE_BACKWARD[:3]
# Re-reads every row of the content table: the way to build the index after a bulk load.
SQLITE_REBUILD = ["INSERT INTO search_fts(search_fts) VALUES ('rebuild')"]

POSTGRES_STRUCTURE = [
    """ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_seg), 'A')
        || setweight(to_tsvector('simple'::regconfig, number_seg), 'B')
        || setweight(to_tsvector('simple'::regconfig, meta_seg), 'C')
        || setweight(to_tsvector('simple'::regconfig, body_seg), 'D')
        || array_to_tsvector(string_to_array(tag_seg, ' '))
    ) STORED""",
]
POSTGRES_INDEX = [
    "CREATE INDEX IF NOT EXISTS search_doc_tsv ON search_searchdocument USING gin (tsv)",
]
POSTGRES_DROP_INDEX = POSTGRES_BACKWARD[:1]

FORWARD = {
    "sqlite": SQLITE_STRUCTURE + SQLITE_TRIGGERS,
    "postgresql": POSTGRES_STRUCTURE + POSTGRES_INDEX,
}
BACKWARD = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}
FORWARD_V1 = {"sqlite": SQLITE_FORWARD_V1, "postgresql": POSTGRES_FORWARD_V1}
