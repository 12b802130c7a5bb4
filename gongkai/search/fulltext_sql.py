"""DDL of the vendor-specific full-text structures (used by migration 0002 and the benchmark).

SQLite: an external-content FTS5 table kept in step by triggers (rowid = item id).
PostgreSQL: a stored generated tsvector (simple configuration over pre-segmented text, weights
A title, B 文号/索引号, C org/summary/keywords, D body and attachments) with a GIN index.
"""

SQLITE_FORWARD = [
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
]
POSTGRES_FORWARD = [
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


FORWARD = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}
BACKWARD = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}
