"""레슨 10의 숫자: 얼린 BERT 특징 + 로지스틱 회귀의 감성 분류 정확도(오프라인 모델).

- 내장 한국어 감성 예문(훈련 200 / 평가 100): 층은 훈련 세트 5겹 교차 검증으로 고르고, 평가 세트는 한 번만 잽니다.
- 공유 데이터에 NSMC 원본 리뷰(``../shared/data/nsmc_raw_reviews.tsv.gz``, CC0 1.0, github.com/e9t/nsmc)가 있으면,
  NSMC 규칙(평점 1-4 부정, 9-10 긍정)으로 뽑은 훈련 1,000 / 평가 1,000 리뷰로도 같은 방법을 잽니다(참고용).
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import numpy as np

from bertlab.benchmarks import Figure
from bertlab.datasets import shared_data_file
from bertlab.datasets import NSMC_RAW_FILE

ROLES = ("ko-encoder", "en-encoder")


def _evaluate(lm, train, test) -> tuple[int, float, float]:
    from bertlab.embeddings import choose_layer, cross_validated_layers, frozen_classifier, sentence_features

    started = time.perf_counter()
    train_x = sentence_features(lm, [t for t, _ in train], poolings=["mean"])["mean"]
    test_x = sentence_features(lm, [t for t, _ in test], poolings=["mean"])["mean"]
    train_y, test_y = np.array([y for _, y in train]), np.array([y for _, y in test])
    layer = choose_layer(cross_validated_layers(train_x, train_y))
    result = frozen_classifier(train_x[layer], train_y, test_x[layer], test_y)
    return layer, result.test_accuracy, time.perf_counter() - started


def nsmc_sample(path: Path, n_train: int = 1000, n_test: int = 1000, seed: int = 0):
    """NSMC 원본에서 NSMC 규칙대로 레이블을 붙여 균형 있게 뽑습니다(짧은 리뷰 5자 미만은 뺌)."""
    from bertlab.datasets import nsmc_label, read_nsmc_reviews

    pools: dict[int, list[str]] = {0: [], 1: []}
    for review in read_nsmc_reviews(path, "all"):
        label = nsmc_label(review.rating)
        if label is not None and len(review.review) >= 5:
            pools[label].append(review.review)
    rng = random.Random(seed)
    half = (n_train + n_test) // 2
    chosen = {label: rng.sample(texts, half) for label, texts in pools.items()}
    rows = [(text, label) for label in (0, 1) for text in chosen[label]]
    rng.shuffle(rows)
    return rows[:n_train], rows[n_train:n_train + n_test]


def run() -> list[Figure]:
    import torch

    from bertlab.datasets import load_dataset
    from bertlab.errors import BertlabError
    from bertlab.models import load

    torch.set_num_threads(1)
    data = load_dataset("sentiment", source="builtin")
    nsmc = shared_data_file(NSMC_RAW_FILE)
    figures = []
    for role in ROLES:
        try:
            lm = load(role)
        except BertlabError as exc:
            figures.append(Figure(f"얼린 특징 감성 분류({role})", float("nan"), "", "", str(exc).splitlines()[0]))
            continue
        layer, accuracy, seconds = _evaluate(lm, data.train, data.test)
        figures.append(Figure(f"얼린 특징 감성 평가 정확도, 내장 예문({lm.info.name})", accuracy, "",
                              "우연 수준 0.5", f"교차 검증으로 고른 {layer}층 평균 풀링, {seconds:.1f} s"))
        if role == "ko-encoder" and nsmc is not None:
            train, test = nsmc_sample(nsmc)
            layer, accuracy, seconds = _evaluate(lm, train, test)
            figures.append(Figure(f"얼린 특징 감성 평가 정확도, NSMC 1,000/1,000({lm.info.name})", accuracy, "",
                                  "참고: 파인 튜닝한 KoBERT·KLUE-BERT는 약 0.90", f"{layer}층 평균 풀링, {seconds:.1f} s"))
    return figures
