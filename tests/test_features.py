"""레슨 10의 약속: 풀링은 패딩에 흔들리지 않고, 얼린 BERT 특징 + 로지스틱 회귀는 처음 보는 문장을 맞힌다."""

from contextlib import contextmanager

import numpy as np
import pytest
import torch

from bertlab.errors import InputError, ModelUnavailableError
from bertlab.embeddings import (choose_layer, cls_pool, cross_validated_layers, frozen_classifier, max_pool,
                              mean_pool, pool, sentence_features)


@contextmanager
def one_thread():
    """CPU를 여럿이 나눠 쓰면 torch 스레드 2개가 1개보다 몇 배 느려서, 무거운 테스트만 잠시 1개로 돌립니다."""
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def test_masked_mean_and_max_ignore_padding():
    hidden = torch.tensor([[[-1.0, -2.0], [-3.0, -4.0], [0.0, 0.0]]])      # 실제 값은 음수, 패딩은 0
    mask = torch.tensor([[1, 1, 0]])
    assert torch.allclose(mean_pool(hidden, mask), torch.tensor([[-2.0, -3.0]]))
    assert torch.allclose(max_pool(hidden, mask), torch.tensor([[-1.0, -2.0]]))
    assert torch.allclose(cls_pool(hidden, mask), torch.tensor([[-1.0, -2.0]]))


def test_padding_does_not_change_a_sentence_features_in_a_real_model(en_encoder):
    tokenizer, model = en_encoder.tokenizer, en_encoder.model
    batch = tokenizer(["I love Paris", "Sam hated the movie so very much"], padding=True, return_tensors="pt")
    alone = tokenizer(["I love Paris"], return_tensors="pt")
    with torch.no_grad():
        padded_states = model(**batch).last_hidden_state
        alone_states = model(**alone).last_hidden_state
    assert int(batch["attention_mask"][0].sum()) < batch["attention_mask"].shape[1]   # 실제로 패딩이 있음
    for method in ("cls", "mean", "max"):
        together = pool(padded_states, batch["attention_mask"], method)[0]
        single = pool(alone_states, alone["attention_mask"], method)[0]
        assert torch.allclose(together, single, atol=1e-4), method


def test_sentence_features_keep_input_order_and_shape(en_encoder):
    texts = ["A much longer sentence about the river bank and boats.", "Short one.", "Middle length text here."]
    forward = sentence_features(en_encoder, texts)
    backward = sentence_features(en_encoder, texts[::-1])
    layers, hidden = en_encoder.info.num_layers + 1, en_encoder.info.hidden_size
    assert forward["mean"].shape == (layers, 3, hidden)
    np.testing.assert_allclose(forward["mean"][:, 0], backward["mean"][:, 2], atol=1e-4)


@pytest.mark.parametrize("hidden, mask", [(torch.zeros(2, 3), torch.ones(2, 3)),
                                          (torch.zeros(1, 3, 2), torch.ones(1, 4)),
                                          (torch.zeros(1, 3, 2), torch.zeros(1, 3))])
def test_pooling_rejects_bad_shapes_and_empty_masks_in_korean(hidden, mask):
    with pytest.raises(InputError) as info:
        mean_pool(hidden, mask)
    assert any("가" <= ch <= "힣" for ch in str(info.value))


def test_unknown_pooling_and_empty_texts_are_korean_errors(en_encoder):
    with pytest.raises(InputError):
        pool(torch.zeros(1, 2, 2), torch.ones(1, 2), "median")
    for bad in ([], [""], "   ", [None]):
        with pytest.raises(InputError):
            sentence_features(en_encoder, bad)


def test_choose_layer_prefers_the_lower_layer_on_ties():
    assert choose_layer(np.array([[0.5, 0.5], [0.7, 0.9], [0.8, 0.8]])) == 1
    assert choose_layer(np.array([[0.6, 0.6, 0.6], [1.0, 0.3, 0.3]])) == 0


def test_seed_examples_are_separable_from_upper_layers_of_en_encoder(en_encoder):
    from bertlab.datasets import load_dataset

    seeds = load_dataset("sentiment-en")
    texts = seeds.texts("train") + seeds.texts("test")
    labels = np.array(seeds.labels("train") + seeds.labels("test"))
    features = sentence_features(en_encoder, texts, poolings=["mean", "cls"])
    scores = cross_validated_layers(features["mean"], labels, folds=6).mean(axis=1)
    assert scores[-1] >= 0.8
    assert cross_validated_layers(features["cls"][:1], labels, folds=6).mean() <= 0.5 + 1e-9   # 0층 [CLS]는 정보 없음


def test_frozen_classifier_beats_chance_on_the_builtin_korean_held_out_split():
    from bertlab.datasets import load_dataset
    from bertlab.models import load

    try:
        korean = load("ko-encoder")
    except ModelUnavailableError as exc:
        pytest.skip(str(exc))
    data = load_dataset("sentiment", source="builtin")
    with one_thread():
        train = sentence_features(korean, data.texts("train"), poolings=["mean"])["mean"]
        test = sentence_features(korean, data.texts("test"), poolings=["mean"])["mean"]
    train_y, test_y = np.array(data.labels("train")), np.array(data.labels("test"))
    layer = choose_layer(cross_validated_layers(train, train_y))            # 평가 세트는 고르는 데 쓰지 않음
    result = frozen_classifier(train[layer], train_y, test[layer], test_y)
    assert result.test_accuracy >= 0.75                                     # 찍기 0.5, 측정값은 0.85 안팎
