"""문맥 속 단어 의미 판별(WiC, Word-in-Context): 두 문장의 같은 단어가 같은 뜻인지 맞히기(레슨 09).

방법은 레슨 09의 것 그대로입니다. 두 문장에서 단어 벡터를 꺼내 층마다 코사인 유사도를 재고, 훈련
데이터에서 정확도가 가장 높은 문턱값(threshold)을 고른 뒤 "유사도 > 문턱값이면 같은 뜻"으로 판정합니다.
학습하는 것은 층마다 숫자 하나(문턱값)뿐이므로, 점수는 모델의 문맥 벡터가 뜻을 얼마나 담는지를 보여 줍니다.

실제 데이터(KoBEST WiC, 표준국어대사전 예문; CC BY-SA 4.0, github.com/SKT-LSL/KoBEST_datarepo)는
사용자 환경에 없으므로 벤치마크(``bertlab/benchmarks/wic.py``)와 테스트만 읽고, 레슨은 내장 동음이의어
예문으로 만든 쌍(``homonym_pairs``)으로 같은 계산을 보여 줍니다.
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bertlab.errors import BertlabError, InputError
from bertlab.embeddings.polysemy import normalize


@dataclass(frozen=True)
class WicPair:
    """단어 하나가 든 문장 두 개와 같은 뜻인지(``same``). 문장 속 단어는 ``[단어]``로 표시해도 됩니다."""

    word: str
    sentence1: str
    sentence2: str
    same: bool


def read_kobest_wic(path: str | Path) -> list[WicPair]:
    """KoBEST WiC의 train.tsv/dev.tsv를 읽습니다(열: Target, SENTENCE1, SENTENCE2, ANSWER)."""
    path = Path(path)
    if not path.is_file():
        raise BertlabError(f"KoBEST WiC 파일이 없습니다: {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        return [WicPair(row["Target"], row["SENTENCE1"], row["SENTENCE2"], row["ANSWER"].strip() == "True")
                for row in csv.DictReader(handle, delimiter="\t")]


def homonym_pairs(examples) -> list[WicPair]:
    """내장 동음이의어 예문(``load_homonyms()``)에서 같은 단어의 모든 문장 쌍을 만듭니다."""
    pairs = []
    for a, b in itertools.combinations(examples, 2):
        if a.word == b.word:
            pairs.append(WicPair(a.word, a.sentence, b.sentence, a.sense == b.sense))
    return pairs


def pair_cosines(lm, pairs: list[WicPair], *, cache=None, batch: int = 64) -> np.ndarray:
    """쌍마다, 층마다 두 단어 벡터의 코사인 (P, L+1)."""
    from bertlab.embeddings.word_extraction import HiddenStateCache, word_vectors

    if not pairs:
        raise InputError("문장 쌍이 하나도 없습니다.")
    cache = HiddenStateCache(max_sentences=4 * batch) if cache is None else cache
    rows = []
    for begin in range(0, len(pairs), batch):
        chunk = pairs[begin:begin + batch]
        words = [p.word for p in chunk]
        first = word_vectors(lm, [p.sentence1 for p in chunk], words, cache=cache).vectors    # (B, L+1, H)
        second = word_vectors(lm, [p.sentence2 for p in chunk], words, cache=cache).vectors   # (B, L+1, H)
        rows.append((normalize(first) * normalize(second)).sum(axis=-1))                     # (B, L+1)
    return np.concatenate(rows)


def tune_threshold(scores, labels) -> tuple[float, float]:
    """정확도가 가장 높은 문턱값과 그 정확도. "점수 > 문턱값 -> True"로 판정합니다."""
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels, dtype=bool)
    if scores.shape != labels.shape or scores.ndim != 1 or len(scores) == 0:
        raise InputError("점수와 정답은 길이가 같은 1차원 배열이어야 합니다.")
    ordered = np.sort(np.unique(scores))
    candidates = np.concatenate([[ordered[0] - 1.0], (ordered[:-1] + ordered[1:]) / 2, [ordered[-1] + 1.0]])
    accuracy = ((scores[None, :] > candidates[:, None]) == labels[None, :]).mean(axis=1)   # (C,)
    best = int(np.argmax(accuracy))
    return float(candidates[best]), float(accuracy[best])


@dataclass(frozen=True)
class LayerResult:
    layer: int
    threshold: float
    train_accuracy: float
    test_accuracy: float


@dataclass(frozen=True)
class WicResult:
    """층마다의 결과와, 훈련 정확도로 고른 층(``chosen``). 평가 세트에서 고른 것이 아니라 정직합니다."""

    layers: list[LayerResult]
    majority_baseline: float      # 평가 세트에서 항상 더 많은 쪽으로 답했을 때의 정확도

    @property
    def chosen(self) -> LayerResult:
        return max(self.layers, key=lambda r: (r.train_accuracy, -r.layer))

    @property
    def test_curve(self) -> np.ndarray:
        return np.array([r.test_accuracy for r in self.layers])


def evaluate_wic(train_scores: np.ndarray, train_labels, test_scores: np.ndarray, test_labels) -> WicResult:
    """층마다 훈련 세트로 문턱값을 정하고 평가 세트 정확도를 잽니다. scores: (P, L+1)."""
    train_labels = np.asarray(train_labels, dtype=bool)
    test_labels = np.asarray(test_labels, dtype=bool)
    layers = []
    for layer in range(train_scores.shape[1]):
        threshold, train_acc = tune_threshold(train_scores[:, layer], train_labels)
        test_acc = float(((test_scores[:, layer] > threshold) == test_labels).mean())
        layers.append(LayerResult(layer, threshold, train_acc, test_acc))
    majority = float(max(test_labels.mean(), 1 - test_labels.mean()))
    return WicResult(layers, majority)


def evaluate_model(lm, train: list[WicPair], test: list[WicPair]) -> WicResult:
    """모델 하나를 WiC로 평가합니다(벤치마크와 테스트에서 사용)."""
    train_scores = pair_cosines(lm, train)
    test_scores = pair_cosines(lm, test)
    return evaluate_wic(train_scores, [p.same for p in train], test_scores, [p.same for p in test])


MEASURED_FILE = Path(__file__).resolve().parents[1] / "data" / "wic_results.json"


def load_measured_results(path: str | Path = MEASURED_FILE) -> dict | None:
    """벤치마크(``python -m bertlab.benchmarks.wic --write``)가 적어 둔 KoBEST WiC 측정값. 없으면 None."""
    import json

    path = Path(path)
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    data["models"] = {name: row for name, row in data.get("models", {}).items() if "dev_accuracy" in row}
    return data
