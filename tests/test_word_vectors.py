"""레슨 09의 약속: 단어의 벡터는 단어를 덮는 조각들의 평균이고, 조사나 토크나이저의 자르는 방식에 흔들리지 않는다."""

import numpy as np
import pytest
import torch

from bertlab.errors import InputError
from bertlab.embeddings import HiddenStateCache, locate_word, pieces_for_span, word_vectors


@pytest.mark.parametrize("sentence, word, expected", [
    ("아침에 눈이 부었다.", "눈", (4, 5)),
    ("그는 자꾸 눈을 비볐다.", "눈", (6, 7)),
    ("첫눈이 내렸다.", "눈", (1, 2)),                    # 어절 중간(합성어)도 마지막 수단으로 찾음
    ("눈물이 나서 눈을 감았다.", "눈", (0, 1)),            # 어절 맨 앞의 첫 출현 규칙
    ("The Bank raised rates.", "bank", (4, 8)),           # 영어는 대소문자 무시
])
def test_locate_word_finds_the_word_with_particles_attached(sentence, word, expected):
    span = locate_word(sentence, word)
    assert (span.start, span.end) == expected
    assert span.word.lower() == word


def test_bracket_marks_the_occurrence_and_are_removed_from_the_text():
    span = locate_word("눈이 와서 [눈]이 부셨다.")
    assert span.text == "눈이 와서 눈이 부셨다."
    assert (span.start, span.end, span.word) == (6, 7, "눈")


@pytest.mark.parametrize("sentence, word", [("눈이 온다", "밤"), ("", "눈"), ("   ", "눈"), (None, "눈"),
                                            (123, "눈"), ("눈이 온다", ""), ("눈" * 5000, "눈")])
def test_bad_input_gives_a_korean_input_error(sentence, word):
    with pytest.raises(InputError) as info:
        locate_word(sentence, word)
    assert any("가" <= ch <= "힣" for ch in str(info.value))


def test_pieces_for_span_skips_special_tokens_and_leading_spaces():
    text = "따뜻한 차를"
    offsets = [(0, 0), (0, 3), (3, 4), (4, 6), (0, 0)]      # <s> ▁따뜻한 ▁ 차를 </s>
    assert pieces_for_span(text, offsets, 4, 5) == [3]
    with_space = [(0, 0), (0, 3), (3, 6), (0, 0)]           # 앞 공백을 오프셋에 넣는 토크나이저
    assert pieces_for_span(text, with_space, 4, 5) == [2]
    assert pieces_for_span(text, with_space, 2, 3) == [1]


def test_word_vector_is_the_mean_of_all_its_sub_pieces(en_encoder):
    found = word_vectors(en_encoder, ["Word embeddings are useful."], "embeddings")
    assert found.pieces == [["em", "##bed", "##ding", "##s"]]
    enc = en_encoder.tokenizer(["Word embeddings are useful."], return_tensors="pt")
    with torch.no_grad():
        states = en_encoder.model(**enc, output_hidden_states=True).hidden_states
    tokens = en_encoder.tokenizer.convert_ids_to_tokens(enc["input_ids"][0])
    rows = [tokens.index(p) for p in ["em", "##bed", "##ding", "##s"]]
    for layer in (0, 3, en_encoder.info.num_layers):
        manual = states[layer][0, rows].mean(dim=0).numpy()
        np.testing.assert_allclose(found.at(layer)[0], manual, rtol=1e-4, atol=1e-5)


def test_particle_pieces_are_left_out_however_the_tokenizer_splits_hangul(en_encoder):
    # 영어 WordPiece는 한글을 자모로 쪼갭니다: 눈이 -> ᄂ ##ᅮ ##ᆫ ##ᄋ ##ᅵ. 단어 '눈'은 앞의 세 조각뿐.
    found = word_vectors(en_encoder, ["눈이 왔다."], "눈")
    assert len(found.pieces[0]) == 3
    assert "".join(p.lstrip("#") for p in found.pieces[0]) == "눈"


def test_vectors_have_shape_sentences_by_layers_by_hidden(en_encoder):
    sentences = ["I went to the bank.", "We sat on the river bank.", "The bank was closed."]
    found = word_vectors(en_encoder, sentences, "bank")
    assert found.vectors.shape == (3, en_encoder.info.num_layers + 1, en_encoder.info.hidden_size)
    with pytest.raises(InputError):
        found.at(99)


def test_hidden_states_are_computed_once_per_sentence(en_encoder):
    cache = HiddenStateCache()
    first = cache.encode(en_encoder, ["I went to the bank.", "A bank."])
    again = cache.encode(en_encoder, ["A bank.", "I went to the bank."])
    assert again[0] is first[1] and again[1] is first[0]
    assert len(cache) == 2
    own = HiddenStateCache()
    word_vectors(en_encoder, ["The bank opened.", "A bank."], "bank", cache=own)   # 빈 캐시도 그 캐시를 씀
    assert len(own) == 2


def test_one_word_per_sentence_list_works_like_kobest_wic(en_encoder):
    found = word_vectors(en_encoder, ["I [bank] here.", "The river flows."], ["bank", "river"])
    assert [p for p in found.pieces] == [["bank"], ["river"]]
    with pytest.raises(InputError):
        word_vectors(en_encoder, ["a bank", "a river"], ["bank"])
