"""레슨 09의 WiC 방법: 코사인 + 훈련 세트로 고른 문턱값. 실제 KoBEST WiC는 공유 데이터가 있을 때만 잽니다."""

import json

import numpy as np
import pytest

from bertlab.datasets import load_homonyms
from bertlab.errors import InputError
from bertlab.embeddings import (MEASURED_FILE, evaluate_wic, homonym_pairs, load_measured_results, read_kobest_wic,
                         tune_threshold)


def test_threshold_is_chosen_for_the_best_training_accuracy():
    threshold, accuracy = tune_threshold([0.9, 0.8, 0.6, 0.3, 0.2], [True, True, False, False, False])
    assert accuracy == 1.0 and 0.6 <= threshold < 0.8
    threshold, accuracy = tune_threshold([0.5, 0.4], [False, False])
    assert accuracy == 1.0 and threshold >= 0.5
    with pytest.raises(InputError):
        tune_threshold([0.1, 0.2], [True])


def test_layer_is_chosen_on_training_pairs_not_on_test_pairs():
    train = np.array([[0.1, 0.9], [0.2, 0.8], [0.9, 0.1], [0.8, 0.2]])     # 층 1이 훈련에서 완벽
    test = np.array([[0.9, 0.9], [0.8, 0.8], [0.1, 0.1], [0.2, 0.2]])
    result = evaluate_wic(train, [True, True, False, False], test, [False, False, True, True])
    assert result.chosen.layer == 1 and result.chosen.test_accuracy == 0.0
    assert result.majority_baseline == 0.5


def test_homonym_pairs_pair_every_two_sentences_of_the_same_word():
    pairs = homonym_pairs(load_homonyms("en", "bank"))
    assert len(pairs) == 16 * 15 // 2
    assert sum(p.same for p in pairs) == 2 * (8 * 7 // 2)


def test_kobest_wic_files_parse_and_every_target_is_found(shared_data):
    from bertlab.embeddings import locate_word

    train = read_kobest_wic(shared_data / "kobest_wic" / "train.tsv")
    dev = read_kobest_wic(shared_data / "kobest_wic" / "dev.tsv")
    assert (len(train), len(dev)) == (3318, 610)
    for pair in train + dev:
        for sentence in (pair.sentence1, pair.sentence2):
            assert locate_word(sentence, pair.word).word


@pytest.mark.slow
def test_ko_encoder_beats_the_majority_baseline_on_kobest_wic_dev(shared_data):
    import torch

    from bertlab.errors import ModelUnavailableError
    from bertlab.models import load
    from bertlab.embeddings import evaluate_model

    try:
        korean = load("ko-encoder")
    except ModelUnavailableError as exc:
        pytest.skip(str(exc))
    train = read_kobest_wic(shared_data / "kobest_wic" / "train.tsv")[:600]     # 시간을 줄이려고 훈련 쌍 일부
    dev = read_kobest_wic(shared_data / "kobest_wic" / "dev.tsv")
    previous = torch.get_num_threads()
    torch.set_num_threads(1)                  # 나눠 쓰는 CPU에서는 스레드 1개가 몇 배 빠릅니다
    try:
        result = evaluate_model(korean, train, dev)
    finally:
        torch.set_num_threads(previous)
    assert result.chosen.test_accuracy >= 0.60                     # 전체 훈련 쌍이면 0.64 안팎
    assert result.chosen.test_accuracy > result.majority_baseline + 0.03
    assert result.chosen.test_accuracy > result.layers[0].test_accuracy   # 문맥이 더해 주는 만큼


def test_measured_results_file_is_consistent_when_present():
    if not MEASURED_FILE.is_file():
        pytest.skip("측정값 파일이 아직 없습니다")
    raw = json.loads(MEASURED_FILE.read_text(encoding="utf-8"))
    assert "KoBEST" in raw["source"] and raw["measured"]
    for name, row in load_measured_results()["models"].items():
        assert len(row["dev_accuracy"]) == row["num_layers"] + 1, name
        assert row["chosen_dev_accuracy"] == row["dev_accuracy"][row["chosen_layer"]]
        best_train = max(row["train_accuracy"])
        assert row["train_accuracy"][row["chosen_layer"]] == best_train
