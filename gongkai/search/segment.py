"""Chinese text segmentation for the search index and for queries (pure: no database).

Why not just jieba words: a word segmenter cuts the same characters differently depending on
context, so a query word can be missing from the index although the text contains it (市民政局
may be cut 市民/政局, and 民政 is then not a token of the text). Inspectors type two-character
words, names and 文号 fragments and expect every occurrence to be found. The index therefore
holds two streams per field:

1. the *character stream*: every run of CJK characters as overlapping bigrams (a lone character as
   itself) and every run of letters/digits as one token, in text order. Any substring of two or
   more characters is a phrase of consecutive bigrams, so matching is exact-substring on an
   inverted index: nothing inside longer text is ever missed.
2. the *word stream*: jieba's search-mode words of three or more characters (two-character words
   already are bigrams). These add weight to whole-word matches for ranking.

Queries are cut with jieba in precise mode using the user dictionary, so 双随机一公开 stays one
phrase term instead of four loose words; each term becomes a phrase of bigrams; synonyms turn a
term into an OR of phrases; a single CJK character becomes a prefix match (any bigram starting with
it). Measured on the judged set: see docs/search.md.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# CJK Unified Ideographs (+ Extension A and compatibility ideographs); 〇 counts as a character.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007"
_RUN_RE = re.compile(rf"[{_CJK}]+|[a-z0-9]+")
_CJK_RE = re.compile(rf"^[{_CJK}]+$")
# Brackets used around the year in a 文号: 〔2024〕, [2024], （2024）, 【2024】, ［2024］, 〖2024〗.
_YEAR_BRACKETS = str.maketrans({"〔": "[", "〕": "]", "【": "[", "】": "]", "〖": "[", "〗": "]"})

# Punctuation between two CJK characters is read through, so 双随机、一公开 and “三公”经费 match
# the queries 双随机一公开 and 三公经费 (a 文号's brackets sit next to digits and still separate).
PUNCT_READ_THROUGH = r"、，。；：“”‘’《》〈〉「」『』【】()·—…!?,.;:\"'\-"
_PUNCT_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[{PUNCT_READ_THROUGH}]+(?=[{_CJK}])")

# Words that carry no meaning on their own; dropped from queries (never from the index).
STOPWORDS: frozenset[str] = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "之",
        "在",
        "是",
        "对",
        "把",
        "被",
        "或",
        "并",
        "等",
        "为",
        "于",
        "中",
        "有",
    ]
)
MAX_QUERY_TERMS = 8
# Whole runs of a query ranked as phrases (see Segmenter.query_phrases).
MAX_QUERY_PHRASES = 2
MAX_PHRASE_CHARS = 16


def normalize(text: str) -> str:
    """Full-width to half-width (NFKC), lower case, one form of 文号 year brackets."""
    return unicodedata.normalize("NFKC", text or "").translate(_YEAR_BRACKETS).lower()


def number_key(text: str) -> str:
    """A 文号 or 索引号 reduced to what a person types: letters, digits and CJK, nothing else.

    京政发〔2024〕3号, 京政发[2024]3号, 京政发（2024）3号 and "京政发 2024 3号" all give 京政发20243号.
    """
    return "".join(_RUN_RE.findall(normalize(text)))


def char_tokens(text: str) -> list[str]:
    """The character stream: CJK runs as overlapping bigrams, letter/digit runs whole."""
    tokens: list[str] = []
    for run in _RUN_RE.findall(_PUNCT_BETWEEN_CJK.sub("", normalize(text))):
        if _CJK_RE.match(run):
            if len(run) == 1:
                tokens.append(run)
            else:
                tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            tokens.append(run)
    return tokens


@dataclass(frozen=True)
class Lexicon:
    """The user dictionary and synonym groups the segmenter works with."""

    words: tuple[str, ...] = ()
    synonym_groups: tuple[tuple[str, ...], ...] = ()
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    @classmethod
    def build(cls, *, words: Iterable[str], synonym_groups: Iterable[Iterable[str]]) -> Lexicon:
        groups = tuple(
            tuple(dict.fromkeys(normalize(m).strip() for m in g if m.strip()))
            for g in synonym_groups
        )
        groups = tuple(g for g in groups if len(g) > 1)
        synonyms: dict[str, list[str]] = {}
        for group in groups:
            for member in group:
                synonyms.setdefault(member, [])
                synonyms[member].extend(m for m in group if m not in synonyms[member])
        all_words = {normalize(w).strip() for w in words if w.strip()}
        all_words.update(m for g in groups for m in g)
        return cls(
            words=tuple(sorted(all_words)),
            synonym_groups=groups,
            synonyms={k: tuple(v) for k, v in synonyms.items()},
        )


def read_list(path: Path) -> list[str]:
    """Lines of a shipped data file, without comments and blanks."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return lines


@functools.cache
def default_lexicon() -> Lexicon:
    return Lexicon.build(
        words=read_list(DATA_DIR / "user_dict.txt"),
        synonym_groups=[line.split() for line in read_list(DATA_DIR / "synonyms.txt")],
    )


class Segmenter:
    """jieba (rjieba when installed, it is ~10x faster) loaded with a user dictionary."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or default_lexicon()
        try:
            import rjieba

            self._jieba = rjieba.Jieba()
            for word in self.lexicon.words:
                # A high frequency makes the dictionary word win over its parts.
                self._jieba.add_word(word, 100000, "n")
            self._cut = lambda t: self._jieba.cut(t, False)
            self._cut_for_search = lambda t: self._jieba.cut_for_search(t, False)
            self._cut_hmm = lambda t: self._jieba.cut(t, True)
        except ImportError:  # pragma: no cover - rjieba is a dependency; jieba is the fallback
            import jieba

            self._jieba = jieba.Tokenizer()
            for word in self.lexicon.words:
                self._jieba.add_word(word, freq=100000)
            self._cut = lambda t: list(self._jieba.cut(t, HMM=False))
            self._cut_for_search = lambda t: list(self._jieba.cut_for_search(t, HMM=False))
            self._cut_hmm = lambda t: list(self._jieba.cut(t, HMM=True))

    def words(self, text: str) -> list[str]:
        """jieba search-mode words of three or more CJK characters (see module docstring)."""
        out: list[str] = []
        for run in _RUN_RE.findall(normalize(text)):
            if len(run) >= 3 and _CJK_RE.match(run):
                out.extend(w for w in self._cut_for_search(run) if len(w) >= 3)
        return out

    def segment_for_index(self, text: str) -> str:
        """Space-joined tokens to store in the index: character stream, then word stream."""
        chars = char_tokens(text)
        words = list(dict.fromkeys(self.words(text)))
        return " ".join(chars + words)

    def query_terms(self, q: str) -> list[str]:
        """The terms of a query, ANDed by the search.

        A whitespace-separated chunk with digits in it (a 文号, 索引号 or date) is one phrase term.
        Other chunks are cut by jieba in precise mode with HMM (so unknown names stay whole);
        user-dictionary words stay whole; consecutive single characters are glued back together
        (张/三/丰 is the name 张三丰, not three loose characters); stopwords are dropped.
        """
        terms: list[str] = []
        for chunk in normalize(q).split():
            runs = _RUN_RE.findall(chunk)
            if any(r.isdigit() or not _CJK_RE.match(r) for r in runs) and len(runs) > 1:
                terms.append(" ".join(runs))
                continue
            for run in runs:
                terms.extend(self._run_terms(run) if _CJK_RE.match(run) else [run])
        unique = list(dict.fromkeys(t for t in terms if t))
        return unique[:MAX_QUERY_TERMS]

    def _run_terms(self, run: str) -> list[str]:
        """A CJK run cut into query terms: jieba with HMM, stopwords out, lone characters glued."""
        pieces = [w for w in self._cut_hmm(run) if w not in STOPWORDS]
        glued: list[str] = []
        gluing = False  # is glued[-1] made of single characters only?
        for piece in pieces:
            if len(piece) == 1 and gluing:
                glued[-1] += piece
            else:
                glued.append(piece)
                gluing = len(piece) == 1
        return glued

    def query_phrases(self, q: str) -> list[str]:
        """Runs of the query that were cut into several terms: ranked higher when found whole.

        领导信息 is searched as 领导 AND 信息, and an item titled …领导信息 should come before
        one that has 领导 and 信息 apart. A phrase only raises the score, it never changes what
        matches: it contains every term of its run, so it is returned only when none of those
        terms is a lone character (a prefix match, which the phrase would not imply).
        """
        phrases: list[str] = []
        for chunk in normalize(q).split():
            runs = _RUN_RE.findall(chunk)
            if len(runs) != 1 or not _CJK_RE.match(runs[0]) or len(runs[0]) > MAX_PHRASE_CHARS:
                continue
            terms = self._run_terms(runs[0])
            if len(terms) >= 2 and all(len(t) >= 2 for t in terms):
                phrases.append(runs[0])
        return list(dict.fromkeys(phrases))[:MAX_QUERY_PHRASES]

    def expand(self, terms: Sequence[str]) -> list[list[str]]:
        """Each term with its synonyms: a list of alternatives per term."""
        return [list(self.lexicon.synonyms.get(t, (t,))) for t in terms]


@functools.cache
def default_segmenter() -> Segmenter:
    return Segmenter()


# --- Query expressions ------------------------------------------------------------------------


def _phrase_tokens(term: str) -> tuple[list[str], bool]:
    """Tokens of a term in the character stream, and whether the last one is a prefix.

    A lone CJK character at the end of a term (the 年 of "2024年", or a one-character query) is
    not a token of the text when more characters follow it there (年城 in "2024年城乡"), so it
    matches as the prefix of a bigram.
    """
    tokens = char_tokens(term)
    prefix = bool(tokens) and len(tokens[-1]) == 1 and bool(_CJK_RE.match(tokens[-1]))
    return tokens, prefix


phrase_tokens = _phrase_tokens  # public name for other backends (opensearch.py)


def fts5_match(alternatives: Sequence[Sequence[str]]) -> str:
    """An FTS5 MATCH expression: AND over terms, OR over each term's synonyms.

    Tokens consist only of CJK characters, a-z and 0-9 (see ``char_tokens``), so quoting them
    as FTS5 strings is safe; the expression is still passed to SQLite as a parameter.
    """
    parts = []
    for alts in alternatives:
        options = []
        for term in alts:
            tokens, prefix = _phrase_tokens(term)
            if tokens:
                options.append('"' + " ".join(tokens) + '"' + ("*" if prefix else ""))
        if options:
            parts.append("(" + " OR ".join(options) + ")" if len(options) > 1 else options[0])
    return " AND ".join(parts)


def pg_tsquery(alternatives: Sequence[Sequence[str]]) -> str:
    """Text for ``to_tsquery('simple', %s)``: & over terms, | over synonyms, <-> for phrases.

    Tokens consist only of CJK characters, a-z and 0-9, none of which tsquery syntax reserves.
    """
    parts = []
    for alts in alternatives:
        options = []
        for term in alts:
            tokens, prefix = _phrase_tokens(term)
            if not tokens:
                continue
            if prefix:
                tokens = [*tokens[:-1], tokens[-1] + ":*"]
            options.append(tokens[0] if len(tokens) == 1 else "(" + " <-> ".join(tokens) + ")")
        if options:
            parts.append("(" + " | ".join(options) + ")" if len(options) > 1 else options[0])
    return " & ".join(parts)


def highlight_terms(alternatives: Sequence[Sequence[str]]) -> list[str]:
    """Strings to mark in titles and snippets (every term and synonym, longest first)."""
    found = {t for alts in alternatives for t in alts if t}
    return sorted(found, key=len, reverse=True)


# --- Filter tags ------------------------------------------------------------------------------
#
# Filter values are stored in the index as tokens (``~o12 ~c3 ~t4 ~y2024 ~dnormative
# ~vinforce``) so that a filtered search is one lookup in the full-text index: the database
# intersects the rare tag lists with the word lists instead of matching every document that
# contains a common word and then discarding most of them. See fulltext_sql.py.

TAG_PREFIXES: dict[str, str] = {
    "org_id": "o",
    "category_id": "c",
    "topic_id": "t",
    "year": "y",
    "doc_type": "d",
    "validity": "v",
}
_TAG_VALUE_RE = re.compile(r"[^a-z0-9]")


def tag_token(name: str, value: object) -> str:
    """The tag of one filter value without the ``~`` marker: ``o12``, ``y2024``, ``dnone``.

    Only a-z and 0-9 survive (``in_force`` → ``inforce``), so a tag is a single token for FTS5
    and needs no quoting in a tsquery; an empty or missing value is ``none``.
    """
    text = _TAG_VALUE_RE.sub("", str(value).lower()) if value not in (None, "") else ""
    return TAG_PREFIXES[name] + (text or "none")


def filter_tags(**values: object) -> str:
    """The ``tag_seg`` of a document: ``~``-marked tags of its filter values, space-separated."""
    return " ".join("~" + tag_token(name, values.get(name)) for name in TAG_PREFIXES)


def filter_tag_groups(**values: object) -> list[list[str]]:
    """Tags a search requires: AND over filters, OR inside one (``org_id`` takes a sequence).

    A filter whose value is None is absent; ``org_id=()`` (no org allowed) gives an empty OR
    group, which matches nothing.
    """
    groups: list[list[str]] = []
    for name in TAG_PREFIXES:
        value = values.get(name)
        if value is None:
            continue
        options = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
        groups.append(sorted({tag_token(name, v) for v in options}))
    return groups


def fts5_tag_match(groups: Sequence[Sequence[str]]) -> str:
    """FTS5 expression of the tags, ``~`` included (a token character of the FTS5 table)."""
    return " AND ".join("(" + " OR ".join(f'"~{tag}"' for tag in group) + ")" for group in groups)


def pg_tag_tsquery(groups: Sequence[Sequence[str]]) -> str:
    """Text for ``%s::tsquery``: lexemes are taken as written, with their ``~`` marker."""
    return " & ".join("(" + " | ".join(f"'~{tag}'" for tag in group) + ")" for group in groups)
