"""레슨 09의 약속: 같은 bank도 문맥에 따라 벡터가 달라지고, 그 차이는 층을 올라갈수록 커진다."""

import numpy as np
import pytest

from bertlab.datasets import load_homonyms
from bertlab.errors import InputError
from bertlab.embeddings import (average_token_similarity, chance_nearest_neighbour, classify_by_nearest,
                              explore, nearest_neighbour_accuracy, project_2d, sense_similarity, surface_forms)
from bertlab.embeddings import locate_word, word_vectors


@pytest.fixture(scope="module")
def bank(en_encoder):
    examples = load_homonyms("en", "bank")
    return word_vectors(en_encoder, [e.sentence for e in examples], "bank"), [e.sense for e in examples]


def test_within_sense_beats_across_sense_from_a_middle_layer_of_en_encoder(bank, en_encoder):
    found, senses = bank
    middle = en_encoder.info.num_layers // 2
    raw = sense_similarity(found.vectors, senses)
    centered = sense_similarity(found.vectors, senses, center_first=True)
    assert raw.gap[middle] > 0.03
    assert centered.gap[middle] > 0.3
    assert centered.gap[middle] > 2 * centered.gap[0]          # 0층보다 훨씬 크게 갈라짐


def test_nearest_neighbour_finds_the_sense_from_a_middle_layer(bank, en_encoder):
    found, senses = bank
    accuracy = nearest_neighbour_accuracy(found.vectors, senses)
    middle = en_encoder.info.num_layers // 2
    assert accuracy[middle] >= 0.85
    assert accuracy[middle] > accuracy[0] + 0.3


def test_new_sentences_are_classified_by_the_nearest_example(bank, en_encoder):
    found, senses = bank
    middle = en_encoder.info.num_layers // 2
    queries = word_vectors(en_encoder, ["I deposited my salary at the bank.",
                                        "We fished from the muddy river bank."], "bank").at(middle)
    assert classify_by_nearest(queries, found.at(middle), senses) == ["money", "river"]


def test_centering_does_not_invent_separation_for_random_vectors():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(40, 3, 64)) + 5.0                # 공통 성분이 큰 무작위 벡터
    senses = rng.choice(["a", "b"], size=40)
    centered = sense_similarity(vectors, senses, center_first=True)
    assert np.all(np.abs(centered.gap) < 0.05)
    assert np.all(sense_similarity(vectors, senses).within > 0.9)   # 그대로 두면 모두 닮아 보임(이방성)


def test_unrelated_tokens_are_far_from_orthogonal_in_upper_layers(en_encoder):
    sentences = [e.sentence for e in load_homonyms("en", "bank")]
    baseline = average_token_similarity(en_encoder, sentences)
    assert baseline.shape == (en_encoder.info.num_layers + 1,)
    assert baseline[-1] > 0.1


def test_chance_level_for_leave_one_out_with_two_balanced_senses_is_7_over_15():
    assert chance_nearest_neighbour(["a"] * 8 + ["b"] * 8) == pytest.approx(7 / 15)


def test_pca_projection_handles_few_points():
    coords, ratio = project_2d(np.eye(3, 5))
    assert coords.shape == (3, 2) and 0 < ratio.sum() <= 1 + 1e-9
    coords, ratio = project_2d(np.ones((1, 5)))
    assert coords.shape == (1, 2) and ratio.sum() == 0


def test_surface_form_is_the_eojeol_with_its_particle():
    spans = [locate_word("아침에 눈이 부었다.", "눈"), locate_word("눈.", "눈"), locate_word("I sat on the bank.", "bank")]
    assert surface_forms(spans) == ["눈이", "눈", "bank"]


def test_analysis_needs_two_senses():
    with pytest.raises(InputError):
        sense_similarity(np.ones((3, 2, 4)), ["a", "a", "a"])


def test_explorer_drops_lines_without_the_word_and_says_why(en_encoder):
    view = explore(en_encoder, "돈 | I went to the bank.\n강 | The river bank.\nno word here", "bank", 3)
    assert view.coords.shape == (2, 2) and view.similarity.shape == (2, 2)
    assert view.labels == ["돈", "강"]
    assert any("3번째 줄" in n for n in view.notices)


@pytest.mark.parametrize("text, word", [("", "bank"), ("bank", ""), ("🙂🙂", "bank"), (None, "bank"),
                                        ("bank " * 3000, "bank"), ("a bank", 5)])
def test_explorer_bad_input_is_a_korean_message(en_encoder, text, word):
    with pytest.raises(InputError) as info:
        explore(en_encoder, text, word, 1)
    assert any("가" <= ch <= "힣" for ch in str(info.value))


def test_explorer_handles_emoji_hanja_and_mixed_scripts(en_encoder):
    view = explore(en_encoder, "🙂 bank 🙂\n漢字 bank\n은행 bank 이야기", "bank", 2)
    assert view.coords.shape == (3, 2)
