"""추출형 질의응답의 계산(레슨 14): 시작·끝 벡터 S, E로 토큰 확률, 가장 좋은 구간 고르기, EM과 F1.

- 토큰 i의 마지막 층 벡터 R_i에 대해 P_start(i) = exp(S·R_i) / Σ_j exp(S·R_j)(분모는 **모든 토큰 j**의 합),
  끝도 E로 똑같이. ``BertForQuestionAnswering``의 ``qa_outputs``(Linear(H, 2))의 가중치 두 행이 바로 S와 E입니다.
- 정답 구간 (i, j)는 j >= i, 길이 제한(``max_answer_tokens``), 지문 안(질문·특수 토큰이 아님)을 지키는 것 중
  S·R_i + E·R_j가 가장 큰 것. 실전에서는 시작·끝 후보를 n개씩(n-best)만 봅니다.
- EM·F1은 KorQuAD 1.0 공식 채점(``evaluate-v1.0.py``)의 정의: 따옴표·괄호·구두점을 지우고 소문자로 바꾼 뒤,
  EM은 같으면 1, F1은 **글자** 단위로 겹치는 정도(공백 제외). 정답이 여럿이면 가장 잘 맞는 정답의 점수.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from dataclasses import dataclass

import torch

_KORQUAD_MARKS = re.compile("['\"《》<>〈〉()‘’]")
_PUNCTUATION = set(string.punctuation)


def start_end_probabilities(S: torch.Tensor, E: torch.Tensor, R: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """S, E: (H,), R: (T, H) -> (P_start, P_end), 둘 다 (T,). 소프트맥스는 토큰 축(T)으로."""
    return (R @ S).softmax(-1), (R @ E).softmax(-1)


@dataclass(frozen=True)
class Span:
    """고른 구간: 토큰 번호 ``start``..``end``(끝 포함)와 점수(시작 로짓 + 끝 로짓)."""

    start: int
    end: int
    score: float


def best_spans(start_logits, end_logits, allowed, max_answer_tokens: int = 30, n_best: int = 20) -> list[Span]:
    """시작·끝 로짓 (T,)와 허용 자리 ``allowed``(T개의 참/거짓: 지문 토큰이면 참) -> 점수순 후보 구간들.

    점수가 같으면 앞의 구간이 먼저입니다. 시작·끝 후보를 각각 로짓 상위 ``n_best``개만 보고, 끝 < 시작, 길이 > ``max_answer_tokens``, 지문 밖 구간은 뺍니다.
    """
    starts = torch.as_tensor(start_logits, dtype=torch.float64)
    ends = torch.as_tensor(end_logits, dtype=torch.float64)
    allowed = torch.as_tensor(allowed, dtype=torch.bool)
    k = min(n_best, int(allowed.sum()))
    if k == 0:
        return []
    masked_starts = starts.masked_fill(~allowed, float("-inf"))
    masked_ends = ends.masked_fill(~allowed, float("-inf"))
    spans = []
    for i in masked_starts.topk(k).indices.tolist():
        for j in masked_ends.topk(k).indices.tolist():
            if j < i or j - i + 1 > max_answer_tokens:
                continue
            spans.append(Span(i, j, float(starts[i] + ends[j])))
    return sorted(spans, key=lambda span: (-span.score, span.start, span.end))   # 점수가 같으면 앞의 구간


def normalize_answer(text: str) -> str:
    """KorQuAD 1.0 채점의 정규화: 따옴표·괄호 -> 공백, 소문자, 구두점 삭제, 공백 하나로."""
    text = _KORQUAD_MARKS.sub(" ", text).lower()
    text = "".join(ch for ch in text if ch not in _PUNCTUATION)
    return " ".join(text.split())


def exact_match(prediction: str, answers) -> float:
    """정규화한 예측이 정답(들) 중 하나와 같으면 1.0, 아니면 0.0."""
    answers = [answers] if isinstance(answers, str) else list(answers)
    return float(any(normalize_answer(prediction) == normalize_answer(a) for a in answers))


def _char_f1(prediction: str, answer: str) -> float:
    predicted = list(normalize_answer(prediction).replace(" ", ""))
    gold = list(normalize_answer(answer).replace(" ", ""))
    same = sum((Counter(predicted) & Counter(gold)).values())
    if same == 0:
        return 0.0
    precision, recall = same / len(predicted), same / len(gold)
    return 2 * precision * recall / (precision + recall)


def f1_score(prediction: str, answers) -> float:
    """글자 단위 F1(KorQuAD): 겹치는 글자 수로 정밀도·재현율. 정답이 여럿이면 가장 높은 값."""
    answers = [answers] if isinstance(answers, str) else list(answers)
    return max((_char_f1(prediction, a) for a in answers), default=0.0)


def squad_scores(predictions: list[str], answers: list) -> dict:
    """예측들과 정답(들)의 목록 -> 평균 ``{"exact_match", "f1"}``(0-1)."""
    n = max(len(predictions), 1)
    return {"exact_match": sum(exact_match(p, a) for p, a in zip(predictions, answers)) / n,
            "f1": sum(f1_score(p, a) for p, a in zip(predictions, answers)) / n}
