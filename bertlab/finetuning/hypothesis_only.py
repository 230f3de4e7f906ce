"""NLI 데이터의 주석 흔적(annotation artefacts): 전제를 보지 않고 가설만 보는 분류기가 우연보다 잘 맞힙니다. 레슨 13.

NLI 데이터는 사람이 전제를 보고 가설을 **지어서** 만듭니다. 모순 가설을 지을 때 '전혀', '없다', '않았다' 같은
부정어를 쉽게 쓰다 보니, 가설의 낱말만으로도 정답을 어느 정도 맞힐 수 있습니다(Gururangan et al. 2018,
Poliak et al. 2018). 여기서는 가장 싼 모델(어절 단위 단어 주머니 + 로지스틱 회귀, scikit-learn)로 그것을 잽니다.
같은 모델을 **전제만** 보고 훈련하면 우연 수준이어야 합니다(한 전제에 세 정답의 가설이 모두 달려 있으므로).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

WORD_PATTERN = r"[^\s.,!?\"'()]+"   # 어절(띄어쓰기 단위)에서 문장 부호를 뗀 것


@dataclass
class BaselineResult:
    """가설만(또는 전제만) 본 분류기의 평가 결과. ``top_words``: 클래스마다 가중치가 가장 큰 어절."""

    side: str                       # "hypothesis" | "premise"
    accuracy: float
    chance: float                   # 평가 세트에서 가장 흔한 정답만 말할 때의 정확도
    examples: int
    top_words: dict[int, list[str]]
    model: object

    def __repr__(self) -> str:
        where = "가설만" if self.side == "hypothesis" else "전제만"
        return f"<{where} 본 단어 주머니 분류기: 정확도 {self.accuracy:.3f} (우연 {self.chance:.3f}, {self.examples:,}쌍)>"


def side_only_baseline(train: list[tuple], test: list[tuple], side: str = "hypothesis", c: float = 0.3,
                       min_count: int = 2, top: int = 10) -> BaselineResult:
    """``((전제, 가설), 정답)`` 목록으로 한쪽 문장만 보는 분류기를 훈련하고 ``test``에서 잽니다."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from threadpoolctl import threadpool_limits  # scikit-learn이 함께 설치하는 패키지

    if side not in ("hypothesis", "premise"):
        raise ValueError("side는 'hypothesis'나 'premise'입니다.")
    index = 1 if side == "hypothesis" else 0
    texts = [pair[index] for pair, _ in train]
    labels = [int(label) for _, label in train]
    model = make_pipeline(CountVectorizer(token_pattern=WORD_PATTERN, min_df=min_count),
                          LogisticRegression(C=c, max_iter=2000))
    with threadpool_limits(1):  # 작은 행렬: BLAS 스레드 둘은 붐비는 2코어에서 100배 느림(10초 vs 0.1초)
        model.fit(texts, labels)
    test_labels = [int(label) for _, label in test]
    accuracy = float(model.score([pair[index] for pair, _ in test], test_labels))
    chance = Counter(test_labels).most_common(1)[0][1] / len(test_labels)
    words = model[0].get_feature_names_out()
    weights = model[1].coef_                                # (클래스 수, 어휘 수)
    top_words = {int(k): [str(words[i]) for i in weights[row].argsort()[::-1][:top]]
                 for row, k in enumerate(model[1].classes_)}
    return BaselineResult(side, accuracy, chance, len(test), top_words, model)


def word_rate_by_label(examples: list[tuple], words: list[str], side: int = 1) -> dict[int, float]:
    """정답별로, ``words`` 중 하나라도 든 문장(``side``: 0 전제, 1 가설)의 비율."""
    totals, hits = Counter(), Counter()
    for pair, label in examples:
        totals[int(label)] += 1
        hits[int(label)] += any(word in pair[side] for word in words)
    return {label: hits[label] / totals[label] for label in sorted(totals)}
