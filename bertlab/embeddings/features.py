"""BERT를 특징 추출기(feature extractor)로 쓰기: 풀링과 고정 특징 분류기(레슨 10, 레슨 15에서 다시 사용).

BERT의 가중치는 그대로 두고(frozen), 문장마다 은닉 상태를 뽑아 고정 길이 벡터(특징)로 줄인 뒤, 그 위에
작은 분류기(로지스틱 회귀)만 학습합니다. 문장 하나를 벡터 하나로 줄이는 방법(풀링, pooling)은 셋입니다.

- ``[CLS]`` 풀링: 맨 앞 특수 토큰의 벡터 하나
- 평균(mean) 풀링: 실제 토큰 벡터들의 평균 — 패딩은 ``attention_mask``로 빼고 평균을 냅니다
- 최대(max) 풀링: 차원마다 실제 토큰 중 가장 큰 값 — 패딩 자리는 -무한대로 가립니다

패딩을 빼지 않으면 같은 문장이라도 함께 배치에 든 다른 문장 길이에 따라 결과가 달라집니다.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bertlab.errors import InputError

POOLINGS = ("cls", "mean", "max")
POOLING_NAMES = {"cls": "[CLS] 풀링", "mean": "평균 풀링", "max": "최대 풀링"}
DEFAULT_C = 0.01   # 로지스틱 회귀의 규제 강도(작을수록 강함). 특징 차원(384~768)에 비해 문장이 적어 강하게 둡니다.


def _as_tensors(hidden, mask):
    import torch

    hidden = torch.as_tensor(hidden)
    mask = torch.as_tensor(mask)
    if hidden.dim() != 3 or mask.dim() != 2 or hidden.shape[:2] != mask.shape:
        raise InputError(f"hidden은 (B, T, H), attention_mask는 (B, T) 모양이어야 합니다. "
                         f"받은 모양: {tuple(hidden.shape)}, {tuple(mask.shape)}")
    if (mask.sum(dim=1) == 0).any():
        raise InputError("attention_mask가 모두 0인 문장이 있습니다. 실제 토큰이 하나는 있어야 합니다.")
    return hidden.float(), mask


def cls_pool(hidden, attention_mask):
    """맨 앞([CLS]) 토큰의 벡터. (B, T, H) -> (B, H)."""
    hidden, _ = _as_tensors(hidden, attention_mask)
    return hidden[:, 0]


def mean_pool(hidden, attention_mask):
    """패딩을 뺀 토큰 벡터의 평균. (B, T, H), (B, T) -> (B, H)."""
    hidden, mask = _as_tensors(hidden, attention_mask)
    weights = mask.unsqueeze(-1).to(hidden.dtype)                 # (B, T, 1)
    return (hidden * weights).sum(dim=1) / weights.sum(dim=1)     # (B, H)


def max_pool(hidden, attention_mask):
    """패딩을 뺀 토큰 중 차원별 최댓값. (B, T, H), (B, T) -> (B, H)."""
    hidden, mask = _as_tensors(hidden, attention_mask)
    masked = hidden.masked_fill(mask.unsqueeze(-1) == 0, float("-inf"))   # (B, T, H)
    return masked.max(dim=1).values                                       # (B, H)


def pool(hidden, attention_mask, method: str = "mean"):
    """``method``: "cls", "mean", "max" 중 하나."""
    functions = {"cls": cls_pool, "mean": mean_pool, "max": max_pool}
    if method not in functions:
        raise InputError(f"풀링 방법은 {', '.join(POOLINGS)} 중 하나입니다(받은 값: {method!r}).")
    return functions[method](hidden, attention_mask)


def _check_texts(texts) -> list[str]:
    if isinstance(texts, str):
        texts = [texts]
    if not isinstance(texts, (list, tuple)) or not texts:
        raise InputError("문장 리스트를 주세요. 예: [\"정말 재밌어요\", \"너무 지루했다\"]")
    for text in texts:
        if not isinstance(text, str) or not text.strip():
            raise InputError(f"빈 문장이나 문자열이 아닌 값이 있습니다: {text!r}")
    return list(texts)


def sentence_features(lm, texts, *, poolings=POOLINGS, batch_size: int = 32,
                      max_length: int = 128) -> dict[str, np.ndarray]:
    """문장들의 모든 층 특징. {풀링 이름: (L+1, N, H) 배열}. 모델은 한 번만 돌립니다(레슨 10).

    길이가 비슷한 문장끼리 묶어 패딩을 줄이고, 결과는 입력 순서대로 돌려줍니다.
    """
    import torch

    texts = _check_texts(texts)
    for method in poolings:
        pool(torch.zeros(1, 1, 1), torch.ones(1, 1), method)      # 이름 확인
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    chunks: dict[str, list] = {m: [] for m in poolings}
    for begin in range(0, len(order), batch_size):
        batch = [texts[i] for i in order[begin:begin + batch_size]]
        enc = lm.tokenizer(batch, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
        with torch.no_grad():
            states = lm.model(**enc, output_hidden_states=True).hidden_states   # (L+1) x (B, T, H)
        for method in poolings:
            pooled = torch.stack([pool(h, enc["attention_mask"], method) for h in states])  # (L+1, B, H)
            chunks[method].append(pooled.numpy())
    inverse = np.argsort(order)
    return {m: np.concatenate(parts, axis=1)[:, inverse] for m, parts in chunks.items()}   # (L+1, N, H)


@dataclass(frozen=True)
class ClassifierResult:
    """고정 특징 분류기의 결과: 훈련·평가 정확도와 학습된 scikit-learn 파이프라인."""

    train_accuracy: float
    test_accuracy: float
    model: object

    def predict(self, features: np.ndarray) -> np.ndarray:
        return self.model.predict(features)


def frozen_classifier(train_x, train_y, test_x, test_y, *, c: float = DEFAULT_C, seed: int = 0) -> ClassifierResult:
    """특징 표준화 + 로지스틱 회귀. train_x: (N, H), train_y: (N,). BERT는 건드리지 않습니다.

    c: 규제 강도의 역수(scikit-learn의 C). 문장 수에 비해 특징 차원이 커서 기본값을 작게(규제를 강하게) 둡니다.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    train_x, test_x = np.asarray(train_x), np.asarray(test_x)
    train_y, test_y = np.asarray(train_y), np.asarray(test_y)
    if train_x.ndim != 2 or len(train_x) != len(train_y) or test_x.ndim != 2 or len(test_x) != len(test_y):
        raise InputError("특징은 (문장 수, 차원) 모양이고, 레이블 개수가 문장 수와 같아야 합니다.")
    if len(set(train_y.tolist())) < 2:
        raise InputError("훈련 레이블에 두 가지 이상의 값이 있어야 분류기를 학습할 수 있습니다.")
    classifier = LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=seed)
    model = make_pipeline(StandardScaler(), classifier)
    model.fit(train_x, train_y)
    return ClassifierResult(float(model.score(train_x, train_y)), float(model.score(test_x, test_y)), model)


def layer_sweep(train_features: np.ndarray, train_y, test_features: np.ndarray, test_y, *,
                c: float = DEFAULT_C) -> np.ndarray:
    """층마다 분류기를 따로 학습한 평가 정확도 (L+1,). features: (L+1, N, H)."""
    return np.array([frozen_classifier(train_features[layer], train_y, test_features[layer], test_y, c=c).test_accuracy
                     for layer in range(train_features.shape[0])])


def cross_validated_layers(features: np.ndarray, labels, *, folds: int = 5, c: float = DEFAULT_C) -> np.ndarray:
    """층마다 훈련 데이터 안에서 k겹 교차 검증한 정확도 (L+1, folds). 평가 세트는 건드리지 않습니다."""
    from sklearn.model_selection import StratifiedKFold

    labels = np.asarray(labels)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    splits = list(splitter.split(features[0], labels))
    return np.array([[frozen_classifier(layer[train], labels[train], layer[valid], labels[valid], c=c).test_accuracy
                      for train, valid in splits] for layer in features])


def choose_layer(cv_scores: np.ndarray) -> int:
    """교차 검증 평균이 가장 높은 층. 같으면 더 낮은(계산이 싼) 층을 고릅니다."""
    means = np.asarray(cv_scores).mean(axis=1)
    return int(np.flatnonzero(np.isclose(means, means.max()))[0])
