"""레슨 01: 정적 임베딩은 어느 문장에서나 같은 벡터이고, BERT의 출력은 문맥에 따라 달라집니다."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch

from bertlab.plots import visible_context
from bertlab.embeddings import compare_contexts, cosine, embedding_table, homonym_sentences, word_in_context
from bertlab.embeddings import contextual_neighbours, nearest_tokens, neighbour_view, random_table_like
from bertlab.errors import InputError, ModelUnavailableError

HANGUL = re.compile(r"[가-힣]")
MONEY = "I need to go to the bank to deposit my paycheck."
RIVER = "We sat on the bank of the river and watched the boats."


def test_static_bank_vector_is_identical_in_every_sentence(en_encoder):
    result = compare_contexts(en_encoder, [MONEY, RIVER, "The bank approved our loan."], "bank")
    first = result.items[0].static
    for item in result.items:
        assert np.array_equal(item.static, first)
    np.testing.assert_allclose(result.static_similarity, 1.0, atol=1e-6)


def test_static_vector_is_the_input_embedding_row(en_encoder):
    item = word_in_context(en_encoder, MONEY, "bank")
    bank_id = en_encoder.tokenizer.convert_tokens_to_ids("bank")
    assert item.token_ids == [bank_id] and item.pieces == ["bank"]
    np.testing.assert_array_equal(item.static, embedding_table(en_encoder)[bank_id])


def test_contextual_bank_vectors_differ_by_context(en_encoder):
    result = compare_contexts(en_encoder, [MONEY, RIVER], "bank")
    assert result.contextual_similarity[0, 1] < 0.99
    assert not np.allclose(result.items[0].contextual, result.items[1].contextual)


def test_contextual_vector_is_the_models_last_hidden_state(en_encoder):
    item = word_in_context(en_encoder, RIVER, "bank")
    enc = en_encoder.tokenizer(RIVER, return_tensors="pt")
    position = enc["input_ids"][0].tolist().index(item.token_ids[0])
    with torch.no_grad():
        expected = en_encoder.model(**enc).last_hidden_state[0, position].numpy()   # (H,)
    np.testing.assert_allclose(item.contextual, expected, rtol=1e-4, atol=1e-4)


def test_same_sense_banks_are_closer_than_cross_sense_banks(en_encoder):
    senses = list(homonym_sentences("en", "bank").values())
    sentences = senses[0][:4] + senses[1][:4]
    matrix = compare_contexts(en_encoder, sentences, "bank").contextual_similarity
    same = np.r_[matrix[:4, :4][np.triu_indices(4, 1)], matrix[4:, 4:][np.triu_indices(4, 1)]]
    cross = matrix[:4, 4:].ravel()
    assert same.mean() > cross.mean()


def test_contextual_neighbours_of_a_river_bank_come_from_river_sentences(en_encoder):
    senses = homonym_sentences("en", "bank")
    river = next(v for k, v in senses.items() if "강" in k)
    pool = [s for group in senses.values() for s in group]
    item = word_in_context(en_encoder, river[0], "bank")
    found = contextual_neighbours(en_encoder, item, pool, k=5)
    assert sum(n.sentence in river for n in found) >= 4
    assert all(not (n.sentence == river[0] and n.start == item.start) for n in found)


def test_pretrained_table_has_meaningful_neighbours_and_random_table_does_not(en_encoder):
    king = word_in_context(en_encoder, "The king spoke.", "king")
    pretrained = [n.token for n in nearest_tokens(en_encoder, king.static, 8, exclude_ids=king.token_ids)]
    table = random_table_like(embedding_table(en_encoder))
    random = [n.token for n in nearest_tokens(en_encoder, table[king.token_ids[0]], 8, table=table,
                                              exclude_ids=king.token_ids)]
    assert "queen" in pretrained
    assert "queen" not in random


@pytest.mark.slow
def test_korean_homonym_static_vectors_are_identical_and_contextual_ones_differ():
    from bertlab.models import load

    try:
        korean = load("ko-encoder")
    except ModelUnavailableError as exc:
        pytest.skip(f"한국어 인코더를 불러올 수 없습니다: {exc}")
    sentences = ["우리는 배를 타고 섬으로 건너갔다.", "배가 아파서 병원에 갔다.", "배를 깎아 먹었다."]
    result = compare_contexts(korean, sentences, "배")
    np.testing.assert_allclose(result.static_similarity, 1.0, atol=1e-6)
    off_diagonal = result.contextual_similarity[~np.eye(3, dtype=bool)]
    assert (off_diagonal < 0.99).all()
    view = neighbour_view(korean, sentences, "배", k=3)
    assert all(HANGUL.search(n.token) for n in view.static_neighbours)


def test_cosine_handles_lists_and_tensors_and_refuses_zero_vectors():
    assert cosine([1, 0], [0, 1]) == 0.0
    assert cosine(torch.tensor([1.0, 2.0]), np.array([2.0, 4.0])) == pytest.approx(1.0)
    with pytest.raises(InputError, match="길이가 0"):
        cosine([0, 0], [1, 1])
    with pytest.raises(InputError, match="길이가 다릅니다"):
        cosine([1, 2, 3], [1, 2])


@pytest.mark.parametrize("sentences, word, pattern", [
    ([MONEY, RIVER], "", "비어"),
    ([MONEY, RIVER], "   ", "비어"),
    ([MONEY, RIVER], "banana", "없습니다"),
    ([MONEY, None], "bank", "2번째 문장"),
    ([MONEY, 42], "bank", "문자열"),
    ([MONEY], "bank", "2개에서"),
    ([MONEY] * 9, "bank", "2개에서"),
    ("bank " * 2, "bank", "2개에서"),
    ({"a": MONEY}, "bank", "리스트"),
    ([MONEY, "the bank " + "x" * 5000], "bank", "너무 깁니다"),
    ([MONEY, RIVER], 3, "문자열"),
])
def test_bad_input_gives_a_korean_message(en_encoder, sentences, word, pattern):
    with pytest.raises(InputError) as info:
        compare_contexts(en_encoder, sentences, word)
    assert HANGUL.search(str(info.value)) and re.search(pattern, str(info.value))


def test_emoji_hanja_and_mixed_scripts_still_work(en_encoder):
    result = compare_contexts(en_encoder, ["😀 bank 銀行 은행", "the bank 🏦 of the river"], "bank")
    assert result.contextual_similarity.shape == (2, 2)


def test_bad_layer_and_bad_model_are_refused_in_korean(en_encoder):
    with pytest.raises(InputError, match="층 번호"):
        word_in_context(en_encoder, MONEY, "bank", layer=99)
    with pytest.raises(InputError, match="층 번호"):
        word_in_context(en_encoder, MONEY, "bank", layer="last")
    with pytest.raises(InputError, match="load"):
        word_in_context("bert-base-uncased", MONEY, "bank")


def test_layer_zero_is_the_embedding_output_not_the_static_table(en_encoder):
    zero = compare_contexts(en_encoder, [MONEY, RIVER], "bank", layer=0)
    assert zero.layer == 0
    assert zero.contextual_similarity[0, 1] < 1.0 - 1e-6      # 위치 임베딩이 더해져 정확히 1은 아닙니다


@pytest.mark.parametrize("kind, row, expected", [
    ("gpt", 1, [1, 1, 0, 0, 0]),
    ("elmo-forward", 1, [1, 1, 0, 0, 0]),
    ("elmo-backward", 1, [0, 1, 1, 1, 1]),
    ("bert", 1, [1, 1, 1, 1, 1]),
])
def test_directions_of_context(kind, row, expected):
    assert visible_context(kind, 5)[row].tolist() == expected


def test_neighbour_widget_renders_results_and_korean_errors(en_encoder):
    from bertlab.widgets.context_neighbours import error_html, view_html

    text = view_html(neighbour_view(en_encoder, [MONEY, RIVER], "bank", k=3))
    assert "정적 이웃" in text and "문맥 이웃" in text and "<mark" in text
    with pytest.raises(InputError) as info:
        neighbour_view(en_encoder, [MONEY, RIVER], "")
    assert "비어" in error_html(info.value)
