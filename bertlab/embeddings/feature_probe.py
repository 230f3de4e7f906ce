"""레슨 10의 특징 탐색: 풀링과 층을 골라 얼린 특징 분류기를 학습하고, 내 문장을 그 선택으로 분류합니다.

``sentence_features``로 한 번 뽑아 둔 모든 층·모든 풀링의 특징을 받아 두고, (풀링, 층)마다 로지스틱 회귀를
한 번만 학습해 기억합니다(문장 수백 개면 수십 밀리초). 위젯 ``bertlab.widgets.feature_explorer``가 이 함수들을
부르고, 테스트도 같은 함수를 직접 부릅니다.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bertlab.embeddings.features import POOLING_NAMES, ClassifierResult, frozen_classifier, sentence_features
from bertlab.errors import InputError

MAX_CHARACTERS = 1000   # 분류할 문장은 앞 1,000자까지만(모델 입력도 어차피 128토큰에서 잘림)


@dataclass
class ChoiceReport:
    """(풀링, 층) 하나를 골랐을 때의 결과."""

    pooling: str
    layer: int
    train_accuracy: float
    test_accuracy: float
    cv_accuracy: float | None       # 레슨에서 미리 잰 교차 검증 정확도(있으면)
    positive_probability: float | None = None   # 내 문장이 긍정일 확률(문장을 주었을 때)
    note: str = ""                 # 학생에게 보일 한국어 안내(문장을 자른 경우 등)


@dataclass
class FeatureProbe:
    """한 인코더로 뽑은 훈련·평가 특징. features: {풀링: (L+1, N, H)}, labels: (N,)."""

    encoder: object
    train_features: dict
    train_y: np.ndarray
    test_features: dict
    test_y: np.ndarray
    cv_scores: dict | None = None           # {풀링: (L+1, K)} 교차 검증 정확도(선택)
    _fitted: dict = field(default_factory=dict, repr=False)
    _sentence: tuple = field(default=("", None), repr=False)   # (마지막 문장, 그 문장의 모든 풀링·층 특징)

    @property
    def poolings(self) -> list[str]:
        return list(self.train_features)

    @property
    def num_layers(self) -> int:
        """0층(임베딩)을 뺀 인코더 층 수. 고를 수 있는 층은 0..num_layers."""
        return next(iter(self.train_features.values())).shape[0] - 1

    def _check(self, pooling, layer) -> tuple[str, int]:
        if pooling not in self.train_features:
            names = ", ".join(f"{p}({POOLING_NAMES.get(p, p)})" for p in self.poolings)
            raise InputError(f"풀링은 {names} 중 하나입니다(받은 값: {pooling!r}).")
        if isinstance(layer, bool) or not isinstance(layer, (int, np.integer)) or not 0 <= layer <= self.num_layers:
            raise InputError(f"층은 0부터 {self.num_layers}까지의 정수입니다(받은 값: {layer!r}).")
        return pooling, int(layer)

    def fit(self, pooling: str, layer: int) -> ClassifierResult:
        """(풀링, 층)의 특징으로 학습한 분류기. 같은 선택은 다시 학습하지 않습니다."""
        key = self._check(pooling, layer)
        if key not in self._fitted:
            self._fitted[key] = frozen_classifier(self.train_features[pooling][layer], self.train_y,
                                                  self.test_features[pooling][layer], self.test_y)
        return self._fitted[key]

    def report(self, pooling: str, layer: int, text: str | None = None) -> ChoiceReport:
        """(풀링, 층)의 정확도와, ``text``를 주면 그 문장의 긍정 확률."""
        result = self.fit(pooling, layer)
        cv = None if not self.cv_scores or pooling not in self.cv_scores else float(
            np.mean(self.cv_scores[pooling][layer]))
        report = ChoiceReport(pooling, int(layer), result.train_accuracy, result.test_accuracy, cv)
        if text is None:
            return report
        if not isinstance(text, str):
            raise InputError(f"분류할 문장은 문자열이어야 합니다(받은 값의 종류: {type(text).__name__}).")
        if not text.strip():
            report.note = "문장을 입력하면 이 선택으로 긍정 확률을 보여 줍니다."
            return report
        if len(text) > MAX_CHARACTERS:
            text = text[:MAX_CHARACTERS]
            report.note = f"문장이 길어 앞 {MAX_CHARACTERS:,}자만 썼습니다(모델은 어차피 128토큰까지만 읽습니다)."
        if self._sentence[0] != text:      # 풀링·층만 바꾸면 모델을 다시 돌리지 않습니다(위젯의 슬라이더)
            self._sentence = (text, sentence_features(self.encoder, [text], poolings=self.poolings))
        features = self._sentence[1][pooling][layer]   # (1, H)
        report.positive_probability = float(result.model.predict_proba(features)[0, 1])
        return report
