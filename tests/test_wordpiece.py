"""레슨 03의 약속: 손으로 짠 탐욕적 최장 일치 우선 WordPiece가 라이브러리와 똑같이 자른다."""

import pytest

from bertlab.tokenization import (
    FrozenVocab,
    basic_tokenize,
    library_wordpiece,
    merge_pieces,
    mismatches,
    sample_test_words,
    vocab_summary,
    without_tokens,
    wordpiece_text,
    wordpiece_trace,
    wordpiece_word,
)


@pytest.fixture(scope="module")
def tokenizer(en_encoder):
    return en_encoder.tokenizer


@pytest.fixture(scope="module")
def vocab(tokenizer):
    return tokenizer.get_vocab()


def test_reference_wordpiece_equals_library_on_a_thousand_seeded_words(tokenizer, vocab):
    words = sample_test_words(vocab, n=1500, seed=7)
    kinds = {kind for _, kind in words}
    assert {"어휘에 있는 단어", "합성어", "지어낸 단어", "모르는 글자가 섞인 단어", "101자 단어"} <= kinds
    assert len(words) >= 1000
    assert mismatches(wordpiece_word, tokenizer, words) == []
    unknown = [w for w, _ in words if library_wordpiece(w, tokenizer) == ["[UNK]"]]
    assert len(unknown) > 50, "[UNK]이 되는 단어도 충분히 비교해야 합니다"


def test_seed_examples_from_the_lesson(tokenizer, vocab):
    assert tokenizer.tokenize("embeddings") == ["em", "##bed", "##ding", "##s"]
    assert wordpiece_word("embeddings", vocab) == ["em", "##bed", "##ding", "##s"]
    assert wordpiece_word("rewriting", vocab) == tokenizer.tokenize("rewriting") == ["re", "##writing"]
    # 실제 어휘에는 playing이 통째로 있고, 빼면 논문의 예처럼 play ##ing이 된다
    assert tokenizer.tokenize("playing") == ["playing"]
    assert wordpiece_word("playing", without_tokens(vocab, ["playing"])) == ["play", "##ing"]


def test_one_unknown_character_turns_the_whole_word_into_unk(tokenizer, vocab):
    assert library_wordpiece("poole😀meaning", tokenizer) == ["[UNK]"]
    assert wordpiece_word("poole😀meaning", vocab) == ["[UNK]"]
    assert wordpiece_word("Paris", vocab) == ["[UNK]"]  # 정규화 전 대문자


def test_words_longer_than_max_input_chars_per_word_become_unk(tokenizer, vocab):
    assert tokenizer.backend_tokenizer.model.max_input_chars_per_word == 100
    assert wordpiece_word("ab" * 50, vocab) != ["[UNK]"]
    assert wordpiece_word("ab" * 50 + "a", vocab) == ["[UNK]"] == library_wordpiece("ab" * 50 + "a", tokenizer)
    assert wordpiece_word("", vocab) == [] == library_wordpiece("", tokenizer)


@pytest.mark.parametrize("text", [
    "I love Paris!", "Don't over-tokenize naïve café embeddings", "한국어 문장과 English가 섞인 글",
    "漢字와 😀 이모지", "", "   ", "x" * 300, "BERT는 2018년에 나왔다.",
])
def test_basic_tokenization_plus_reference_wordpiece_equals_tokenizer(tokenizer, text):
    assert wordpiece_text(text, tokenizer) == tokenizer.tokenize(text)


def test_student_style_function_can_be_plugged_into_the_full_pipeline(tokenizer):
    pieces = wordpiece_text("embeddings are fun", tokenizer, word_function=lambda w, v: wordpiece_word(w, v))
    assert pieces == ["em", "##bed", "##ding", "##s", "are", "fun"]


def test_trace_tries_the_longest_candidate_first(vocab):
    steps = wordpiece_trace("embeddings", vocab)
    assert steps[0].candidate == "embeddings" and not steps[0].found
    assert [s.candidate for s in steps if s.found] == ["em", "##bed", "##ding", "##s"]


def test_basic_tokenize_lowercases_strips_accents_and_splits_hanja(tokenizer):
    words = [w for w, _ in basic_tokenize("Café 漢字!", tokenizer)]
    assert words == ["cafe", "漢", "字", "!"]


def test_merging_pieces_recovers_the_original_words(tokenizer, vocab):
    words = [w for w, kind in sample_test_words(vocab, n=200, seed=2) if kind in ("어휘에 있는 단어", "합성어")]
    assert merge_pieces(tokenizer.tokenize(" ".join(words))) == words


def test_vocab_summary_counts_add_up(tokenizer):
    counts = vocab_summary(tokenizer)
    assert counts["전체"] == 30522 and counts["특수 토큰"] == 5
    assert counts["특수 토큰"] + counts["[unused] 빈자리"] + counts["## 이어지는 조각"] + counts["단어 시작 조각"] == 30522


def test_frozen_vocab_reads_like_a_dict_and_prints_briefly(vocab):
    frozen = FrozenVocab(vocab)
    assert "##ing" in frozen and frozen["[CLS]"] == 101 and len(frozen) == len(vocab)
    assert repr(frozen) == "<어휘 30,522개>"
    with pytest.raises(TypeError):
        frozen["new"] = 1
