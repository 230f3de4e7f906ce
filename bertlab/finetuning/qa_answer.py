"""질의응답 답 하나(레슨 14): 고른 구간, 그 창의 토큰별 확률, n-best 후보, 그리고 모델이 얼마나 확신하는지.

- **확신도**(confidence): 고른 구간 (i, j)에 모델이 준 확률 P_start(i) × P_end(j). 소프트맥스는 그 창의 모든 토큰
  (``[CLS]``, 질문, 지문) 위에서 합니다. 답이 뚜렷하면 높고, 여러 구간을 두고 망설이면 낮습니다.
- **답 없음 확률**: 같은 창에서 시작과 끝이 모두 ``[CLS]``일 확률 P_start(0) × P_end(0). 강의의 훈련은 정답이 없는 창의
  정답을 ``[CLS]``로 두므로(``qa.QuestionAnsweringTask.encode``), 모델은 "이 창에는 답이 없다"를 ``[CLS]``로 말하는 법을
  조금 배웁니다. 이 값이 확신도보다 크면 모델 스스로 답이 없다고 보는 편입니다.
- 추출형 질의응답은 **언제나** 지문의 어떤 구간을 고릅니다. 이모지·한자·영어 질문이나 지문과 상관없는 질문에도 답이
  나오므로, 위젯은 확신도와 함께 ``confidence_notes``의 한국어 안내를 보여 줍니다.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

from bertlab.errors import has_hangul
from bertlab.finetuning.spans import Span

LOW_CONFIDENCE = 0.25    # 확신도가 이보다 낮으면 "확신이 낮다"고 알림
N_CANDIDATES = 5         # 답과 함께 남기는 n-best 후보 수


@dataclass(frozen=True)
class Candidate:
    """n-best 후보 하나: 지문의 글자 구간 ``[start, end)``, 점수(시작 로짓 + 끝 로짓), 확률 P_start(i) × P_end(j)."""

    text: str
    start: int
    end: int
    score: float
    probability: float


@dataclass
class Answer:
    """질문 하나의 답: 지문의 글자 구간 ``passage[start:end]``와 그 구간을 고른 창의 토큰별 확률.

    tokens, offsets: 그 창의 지문 토큰과 글자 위치. start_probabilities, end_probabilities: 같은 토큰들의 확률 (n,)
    (소프트맥스는 창의 모든 토큰 위에서 계산). confidence: 고른 구간의 확률, no_answer: ``[CLS]``-``[CLS]``의 확률.
    candidates: 모든 창을 통틀어 점수순 n-best 후보(첫째가 고른 답). notes: 확신이 낮을 때 등의 한국어 안내.
    """

    text: str
    start: int
    end: int
    score: float
    tokens: list[str]
    offsets: list[tuple[int, int]]
    start_probabilities: torch.Tensor
    end_probabilities: torch.Tensor
    windows: int = 1
    confidence: float = 0.0
    no_answer: float = 0.0
    candidates: list[Candidate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def confident(self) -> bool:
        """확신도가 ``LOW_CONFIDENCE`` 이상이고 '답 없음'보다 높은지."""
        return self.confidence >= LOW_CONFIDENCE and self.confidence > self.no_answer


def build_answer(encoded, logits, passage: str, found: list[tuple[Span, int]], windows: int) -> Answer:
    """점수순 ``(구간, 창 번호)`` 후보들 -> ``Answer``(첫 후보가 답). 같은 글자 구간의 후보는 한 번만 남깁니다."""
    probabilities = {}                                            # 창 번호 -> (P_start (T,), P_end (T,))

    def window_probabilities(w):
        if w not in probabilities:
            probabilities[w] = (logits[w][0].softmax(-1), logits[w][1].softmax(-1))
        return probabilities[w]

    candidates, seen = [], set()
    for span, w in found:
        offsets = encoded["offset_mapping"][w]
        start, end = offsets[span.start][0], offsets[span.end][1]
        if (start, end) in seen:
            continue
        seen.add((start, end))
        p_start, p_end = window_probabilities(w)
        candidates.append(Candidate(passage[start:end], start, end, span.score,
                                    float(p_start[span.start] * p_end[span.end])))
        if len(candidates) == N_CANDIDATES:
            break
    (best, window), best_candidate = found[0], candidates[0]
    offsets = encoded["offset_mapping"][window]
    inside = [t for t, sequence in enumerate(encoded.sequence_ids(window)) if sequence == 1]
    p_start, p_end = window_probabilities(window)
    return Answer(text=best_candidate.text, start=best_candidate.start, end=best_candidate.end, score=best.score,
                  tokens=[passage[offsets[t][0]:offsets[t][1]] for t in inside],
                  offsets=[tuple(offsets[t]) for t in inside], start_probabilities=p_start[inside],
                  end_probabilities=p_end[inside], windows=windows, confidence=best_candidate.probability,
                  no_answer=float(p_start[0] * p_end[0]), candidates=candidates)


def confidence_notes(question: str, passage: str, answer: Answer) -> list[str]:
    """답과 함께 보일 한국어 안내: 한글이 없는 질문·지문, 낮은 확신도, '답 없음'이 더 그럴듯할 때."""
    notes = []
    if not has_hangul(question):
        notes.append("질문에 한글이 없습니다. 이 모델은 한국어 질문으로만 훈련해서, 이모지·한자·영어 질문에도 지문의 "
                     "어떤 구간을 고르기는 하지만 그 답은 믿기 어렵습니다.")
    if not has_hangul(passage):
        notes.append("지문에 한글이 없습니다. 추출형 질의응답은 언제나 지문의 한 구간을 고르므로, 이모지나 기호뿐인 "
                     "지문에서는 그 기호가 답으로 나옵니다.")
    if answer.no_answer > answer.confidence:
        notes.append(f"확신이 낮습니다: 이 구간의 확률({answer.confidence:.1%})보다 '이 창에는 답이 없다'([CLS])의 "
                     f"확률({answer.no_answer:.1%})이 더 큽니다. 질문이 지문과 상관없는지 확인하세요.")
    elif answer.confidence < LOW_CONFIDENCE:
        notes.append(f"확신이 낮습니다: 모델이 이 구간에 준 확률은 {answer.confidence:.1%}뿐입니다. "
                     "아래 후보들을 함께 보세요.")
    return notes
