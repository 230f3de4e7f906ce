"""두 검색기를 합친 챗봇 색인(레슨 16): 밀집 벡터의 코사인 + ``weight`` × BM25(0-1), 그리고 답 하나에 후보 하나.

- 점수: 질문 벡터의 코사인(``ChatIndex``, 행렬 곱 한 번)에 낱말 검색의 점수(``LexicalIndex``, 질문마다 0-1)를
  ``weight``배 해 더합니다. 가중치는 ChatbotData의 검증 답 묶음(훈련에서 뺀 묶음의 질문으로 같은 답 찾기, 356개)에서
  골랐습니다(``HYBRID_WEIGHT``; 바꿔 말하기 세트는 쓰지 않음).
- 후보: 같은 답을 받는 질문이 여럿이라(11,823개 질문에 답 7,779가지) top-k가 같은 답으로 채워지기 쉽습니다. 그래서
  점수순으로 보되 이미 나온 답은 건너뛰어, k개 후보가 모두 다른 답이 되게 합니다(답의 점수 = 그 답을 받는 질문 중
  가장 높은 점수).

``ChatIndex``와 같은 모양(``pairs``, ``encoder``, ``scores``, ``search``)이라 ``reply``와 ``retrieval_accuracy``가
그대로 받습니다. 강의의 기본 챗봇은 ``course_index()``(강의 챗봇 인코더 + BM25)입니다.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from bertlab.chatbot.index import ChatIndex
from bertlab.chatbot.lexical import LexicalIndex

HYBRID_WEIGHT = 0.2     # 검증 답 묶음에서: 코사인만 0.506 -> +0.2×BM25 0.520(0.1: 0.508, 0.3: 0.517)


@dataclass
class HybridIndex:
    """밀집 색인 + 낱말 색인. ``weight``: BM25 점수(0-1)에 곱하는 가중치(0이면 코사인만)."""

    dense: ChatIndex
    lexical: LexicalIndex
    weight: float = HYBRID_WEIGHT

    @property
    def pairs(self):
        return self.dense.pairs

    @property
    def encoder(self):
        return self.dense.encoder

    @property
    def source(self) -> str:
        return self.dense.source

    @property
    def seconds(self) -> float:
        return self.dense.seconds

    def scores(self, queries: list[str]) -> torch.Tensor:
        """질문 Q개 -> (Q, N) 점수: 코사인 + weight × BM25(0-1)."""
        fused = self.dense.scores(queries)
        if self.weight:
            fused = fused + self.weight * self.lexical.scores(queries)
        return fused

    def search(self, queries: list[str], k: int = 5) -> tuple[torch.Tensor, torch.Tensor]:
        """질문 Q개 -> (점수 (Q, k), 행 번호 (Q, k)): 점수가 큰 순, 행마다 다른 답."""
        scores = self.scores(queries)                                          # (Q, N)
        answers = self.pairs.answers
        k = max(1, min(int(k), len(set(answers))))
        top_scores, top_rows = torch.topk(scores, min(len(answers), k * 20), dim=-1)
        picked_scores, picked_rows = [], []
        for row_scores, rows in zip(top_scores.tolist(), top_rows.tolist()):
            seen, kept = set(), []
            for score, row in zip(row_scores, rows):
                if answers[row] not in seen:
                    seen.add(answers[row])
                    kept.append((score, row))
                if len(kept) == k:
                    break
            picked_scores.append([s for s, _ in kept])
            picked_rows.append([r for _, r in kept])
        return torch.tensor(picked_scores), torch.tensor(picked_rows)


def course_index(encoder: str = "course", weight: float = HYBRID_WEIGHT, quiet: bool = True) -> HybridIndex:
    """강의의 기본 챗봇 색인: 인코더(기본: 강의 챗봇 인코더, 패키지에 든 색인) + ChatbotData 질문의 BM25."""
    from bertlab.chatbot.data import load_chatbot_pairs
    from bertlab.chatbot.encoders import load_encoder
    from bertlab.chatbot.index import build_index

    pairs = load_chatbot_pairs()
    dense = build_index(load_encoder(encoder), pairs, quiet=quiet)
    return HybridIndex(dense, LexicalIndex(pairs.questions), weight)
