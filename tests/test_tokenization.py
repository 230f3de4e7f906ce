"""레슨 03의 토크나이저 놀이터와 한국어 토큰화 전략: 조각·ID·글자 위치가 맞고, 무엇을 넣어도 한국어로 답한다."""

import pytest

from bertlab.errors import InputError
from bertlab.tokenization import (
    korean_tokenizers,
    morpheme_segments,
    sample_sentences,
    strategy_table,
    syllable_segments,
)
from bertlab.tokenization.display import MAX_CHARS
from bertlab.tokenization import (
    compare_tokenizers,
    extend_vocabulary,
    tokenize_for_display,
)
from bertlab.widgets import playground_html

ODD_INPUTS = ["", "   ", "😀🙂", "漢字", "BERT는 great해요 🙂 漢字!", "ㅋㅋㅋㅋ", "\u200b", "a" * 5000]


@pytest.fixture(scope="module")
def korean():
    return korean_tokenizers()


@pytest.fixture(scope="module")
def all_tokenizers(korean, en_encoder):
    return {**korean, "영어 BERT": en_encoder.tokenizer}


def test_empty_and_whitespace_input_give_a_korean_notice(en_encoder):
    for text in ("", "   \n"):
        result = tokenize_for_display(text, en_encoder.tokenizer)
        assert result.pieces == ["[CLS]", "[SEP]"]
        assert any("빈 문장" in n for n in result.notices)


def test_five_thousand_characters_are_truncated_and_say_so(en_encoder):
    result = tokenize_for_display("한국어 " * 1250, en_encoder.tokenizer)
    assert len(result.text) == MAX_CHARS
    assert any("5,000자" in n and "2,000자" in n for n in result.notices)
    assert len(result.rows) == 512 and any("512" in n for n in result.notices)


@pytest.mark.parametrize("value, word", [(None, "None"), (42, "int"), (["문장"], "list")])
def test_wrong_types_raise_korean_input_errors(en_encoder, value, word):
    with pytest.raises(InputError, match=word):
        tokenize_for_display(value, en_encoder.tokenizer)


def test_a_non_tokenizer_is_refused_in_korean():
    with pytest.raises(InputError, match="토크나이저가 아닙니다"):
        tokenize_for_display("문장", object())


def test_unknown_tokens_are_marked_unknown_not_special(en_encoder):
    result = tokenize_for_display("poole😀meaning", en_encoder.tokenizer)
    unk = [r for r in result.rows if r.piece == "[UNK]"]
    assert unk and all(r.unknown and not r.special for r in unk)
    assert any("[UNK]" in n for n in result.notices)


@pytest.mark.parametrize("text", ODD_INPUTS + sample_sentences()[:5])
def test_every_piece_points_back_into_the_original_text(all_tokenizers, text):
    for comparison in compare_tokenizers(text, all_tokenizers, add_special_tokens=False):
        assert comparison.result is not None, comparison.error
        shown = comparison.result.text
        for row in comparison.result.rows:
            assert 0 <= row.start <= row.end <= len(shown)
            source = shown[row.start:row.end]
            if row.unknown:
                assert source.strip(), f"{comparison.label}: [UNK]은 원문의 글자를 덮어야 합니다"
            elif comparison.label in ("음절", "형태소"):
                assert row.piece == source
            elif "WordPiece" in comparison.label:
                assert row.piece.removeprefix("##") == source.lower()


def test_morpheme_segments_are_surface_forms_that_rebuild_the_sentence():
    for text in sample_sentences():
        segments = morpheme_segments(text)
        assert "".join(piece for piece, _, _ in segments) == text.replace(" ", "")
        assert all(text[s:e] == piece for piece, s, e in segments)
    assert [p for p, _, _ in morpheme_segments("학교에 갔어요")] == ["학교", "에", "갔", "어요"]
    assert [p for p, _, _ in syllable_segments("한 글")] == ["한", "글"]


def test_trained_korean_wordpiece_keeps_hangul_syllables(korean):
    pieces = korean["WordPiece"].tokenize("정부는 예산을 늘렸다")
    assert all("\u1100" > ch or ch > "\u11ff" for p in pieces for ch in p), "자모로 쪼개지면 안 됩니다"


def test_on_held_out_sentences_morpheme_aware_wordpiece_loses_fewer_characters_than_wordpiece(korean):
    stats = {s.name: s for s in strategy_table(korean, sample_sentences())}
    lost = {name: s.unk_char_rate for name, s in stats.items()}
    assert lost["음절"] < lost["형태소 인식 WordPiece"] < lost["WordPiece"] < lost["형태소"]
    assert stats["음절"].tokens_per_sentence > stats["WordPiece"].tokens_per_sentence


def test_one_broken_tokenizer_does_not_hide_the_others(en_encoder):
    class Broken:
        def token_rows(self, text, add_special_tokens=True):
            raise InputError("고장 난 토크나이저입니다.")

    results = compare_tokenizers("안녕", {"고장": Broken(), "영어": en_encoder.tokenizer})
    assert results[0].result is None and "고장" in results[0].error
    assert results[1].result is not None


@pytest.mark.parametrize("text", ODD_INPUTS)
def test_playground_html_answers_anything(all_tokenizers, text):
    html = playground_html(text, all_tokenizers)
    assert "토큰" in html
    if len(text) > MAX_CHARS:
        assert "2,000자만" in html


def test_playground_html_explains_wrong_types_in_korean(all_tokenizers):
    assert "문자열(str)" in playground_html(123, all_tokenizers)
    assert "None" in playground_html(None, all_tokenizers)


def test_add_tokens_and_add_special_tokens_resize_a_copy_not_the_cached_model(en_encoder):
    rows = en_encoder.model.get_input_embeddings().weight.shape[0]
    ext = extend_vocabulary(en_encoder, tokens=["bertlab"], special_tokens=["[USER]"])
    assert (ext.rows_before, ext.rows_after) == (rows, rows + 2)
    assert en_encoder.model.get_input_embeddings().weight.shape[0] == rows
    assert len(en_encoder.tokenizer) == rows
    tok = ext.tokenizer
    assert tok.vocab_size == rows and len(tok) == rows + 2
    pieces = tok.tokenize("[USER] loves BERTlab and [user]")
    assert pieces[0] == "[USER]" and "bertlab" in pieces      # 보통 토큰은 소문자화한 글에서 찾는다
    assert "[user]" not in pieces                             # 특수 토큰은 정규화하지 않는다
    ids = tok("[USER] bertlab")["input_ids"]
    assert "[USER]" not in tok.decode(ids, skip_special_tokens=True)


def test_extend_vocabulary_rejects_a_bare_string(en_encoder):
    with pytest.raises(InputError, match="리스트"):
        extend_vocabulary(en_encoder, tokens="bertlab")


def test_every_course_strategy_keeps_a_typed_special_token_whole():
    """문장에 직접 쓴 [MASK]는 음절·형태소·WordPiece·형태소 인식 WordPiece 모두 한 조각(특수 토큰)으로 둡니다."""
    from bertlab.tokenization.korean_strategies import korean_tokenizers

    for name, tokenizer in korean_tokenizers().items():
        rows = [row for row in tokenize_for_display("오늘은[MASK]를 먹었다 [SEP]", tokenizer,
                                                    add_special_tokens=False).rows]
        pieces = [row.piece for row in rows]
        assert "[MASK]" in pieces and "[SEP]" in pieces, (name, pieces)
        assert not any(piece in {"[", "]", "##as", "M"} for piece in pieces), (name, pieces)


def test_playground_folds_long_text_into_a_scrolling_box():
    from bertlab.tokenization.korean_strategies import korean_tokenizers
    from bertlab.widgets.tokenizer_playground import MAX_BOXES, playground_html

    tokenizers = dict(list(korean_tokenizers().items())[:2])
    page = playground_html("한국어 문장을 길게 씁니다. " * 200, tokenizers)
    assert "max-height" in page and "접었습니다" in page
    assert page.count("<span title=") <= MAX_BOXES * len(tokenizers)
