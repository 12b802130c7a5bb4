"""Pure segmentation, normalisation and query-expression logic."""

from __future__ import annotations

from gongkai.search import segment
from gongkai.search.highlight import mark, snippet

SEG = segment.default_segmenter()


def test_it_normalises_full_width_case_and_document_number_brackets():
    # NFKC turns ＡＢＣ１２３ into ABC123; lower-casing gives abc123.
    assert segment.normalize("ＡＢＣ１２３") == "abc123"
    assert segment.normalize("〔2024〕【3】") == "[2024][3]"


def test_document_number_keys_ignore_bracket_style_width_and_spaces():
    expected = "京政发20243号"
    for typed in [
        "京政发〔2024〕3号",
        "京政发[2024]3号",
        "京政发（2024）3号",
        "京政发 ２０２４ 3号",
    ]:
        assert segment.number_key(typed) == expected


def test_the_character_stream_is_overlapping_bigrams_and_whole_digit_runs():
    # 市民政局 → 市民 民政 政局; 2024 is one token; the lone 号 after a digit stays a unigram.
    assert segment.char_tokens("市民政局2024号") == ["市民", "民政", "政局", "2024", "号"]


def test_punctuation_between_chinese_characters_does_not_break_phrases():
    # 双随机、一公开: the 、 is read through, so the bigram 机一 exists as in 双随机一公开.
    assert segment.char_tokens("双随机、一公开") == ["双随", "随机", "机一", "一公", "公开"]
    # Next to digits the brackets still separate: 2024 and 3 stay two tokens.
    assert segment.char_tokens("京政发〔2024〕3号") == ["京政", "政发", "2024", "3", "号"]


def test_indexed_text_contains_every_two_character_substring():
    indexed = SEG.segment_for_index("政府信息公开").split()
    for word in ["政府", "信息", "公开", "府信", "息公"]:
        assert word in indexed


def test_user_dictionary_words_stay_whole_in_queries():
    # 双随机一公开 is in the shipped dictionary; 的 is a stopword.
    assert SEG.query_terms("双随机一公开的通知") == ["双随机一公开", "通知"]


def test_single_characters_from_the_cutter_are_glued_back():
    lexicon = segment.Lexicon.build(words=[], synonym_groups=[])
    seg = segment.Segmenter(lexicon)
    terms = seg.query_terms("王小二 补贴")
    # Whatever jieba makes of the unknown name, it comes back as one term.
    assert terms == ["王小二", "补贴"]


def test_runs_cut_into_several_terms_are_also_ranked_as_phrases():
    assert SEG.query_terms("领导信息") == ["领导", "信息"]
    assert SEG.query_phrases("领导信息") == ["领导信息"]
    # The stopword is dropped from the terms but kept in the phrase: it is the text as typed.
    assert SEG.query_phrases("低保的申请 公示") == ["低保的申请"]
    # One term, a 文号 chunk, or words typed apart: no phrase.
    assert SEG.query_phrases("双随机一公开") == []
    assert SEG.query_phrases("京政发〔2024〕3号") == []
    assert SEG.query_phrases("执法 清单") == []


def test_a_chunk_with_digits_is_one_phrase_term():
    assert SEG.query_terms("京政发〔2024〕3号") == ["京政发 2024 3 号"]


def test_synonyms_expand_to_alternatives():
    assert SEG.expand(["低保"]) == [["低保", "最低生活保障"]]


def test_fts5_expression_quotes_phrases_and_prefixes_a_trailing_single_character():
    expression = segment.fts5_match([["民政局"], ["2024 年"]])
    assert expression == '"民政 政局" AND "2024 年"*'


def test_tsquery_uses_phrase_operators_and_prefixes():
    expression = segment.pg_tsquery([["低保", "最低生活保障"], ["水"]])
    assert expression == "(低保 | (最低 <-> 低生 <-> 生活 <-> 活保 <-> 保障)) & 水:*"


def test_query_syntax_characters_never_reach_the_expression():
    # Only letters, digits and CJK survive: the operators become separators, NEAR a plain word.
    terms = SEG.query_terms("\"NEAR( * : & | ! '")
    assert terms == ["near"]
    assert segment.fts5_match(SEG.expand(terms)) == '"near"'
    assert segment.pg_tsquery(SEG.expand(terms)) == "near"


def test_it_marks_matches_in_the_original_text():
    assert mark("关于低保的<通知>", ["低保"]) == "关于<mark>低保</mark>的&lt;通知&gt;"
    # The 文号 typed with square brackets is marked in the text that uses 〔〕.
    assert mark("京政发〔2024〕3号", ["京政发 2024 3 号"]) == "<mark>京政发〔2024〕3号</mark>"


def test_marks_read_punctuation_between_chinese_characters_through_like_the_index():
    assert mark("推行双随机、一公开监管", ["双随机一公开"]) == "推行<mark>双随机、一公开</mark>监管"
    assert mark("“三公”经费", ["三公经费"]) == "“<mark>三公”经费</mark>"
    # Only punctuation is read through: other characters in between still separate.
    assert mark("双随机和一公开", ["双随机一公开"]) == "双随机和一公开"


def test_snippets_centre_on_the_first_match():
    text = "甲" * 200 + "低保" + "乙" * 200
    result = snippet(text, ["低保"], width=40)
    assert result.startswith("…") and result.endswith("…")
    assert "<mark>低保</mark>" in result
