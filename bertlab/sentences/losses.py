"""SBERT의 두 훈련 목표를 torch 몇 줄로(레슨 15). ``sentence-transformers``의 손실이 하는 일과 같습니다(테스트가 비교).

- 분류 목표(NLI, ``SoftmaxLoss``): 두 문장 벡터 u, v로 (u, v, |u-v|)를 이어 붙여 선형 층 + 교차 엔트로피.
- 회귀 목표(STS, ``CosineSimilarityLoss``): cos(u, v)와 점수/5(0-1)의 평균 제곱 오차.
- 배치 안 음성(``MultipleNegativesRankingLoss``, 레슨 16의 챗봇 인코더): 쌍 (a_i, b_i)마다 a_i가 배치의 b들 중
  자기 짝을 고르는 교차 엔트로피.
"""

from __future__ import annotations

import torch


def softmax_features(u: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """(B, H), (B, H) -> (B, 3H): [u, v, |u - v|]. 분류 목표의 선형 층이 받는 입력."""
    return torch.cat([u, v, (u - v).abs()], dim=-1)


def cosine_mse(u: torch.Tensor, v: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """(B, H), (B, H), (B,) 0-1 점수 -> 스칼라: mean((cos(u, v) - label)^2)."""
    cos = torch.nn.functional.cosine_similarity(u, v, dim=-1)        # (B,)
    return ((cos - labels) ** 2).mean()


def in_batch_negatives_loss(a: torch.Tensor, b: torch.Tensor, scale: float = 20.0) -> torch.Tensor:
    """(B, H), (B, H) 양성 쌍 -> 스칼라: cross_entropy(scale · cos(a_i, b_j), 정답 j = i). 다른 쌍의 b가 오답."""
    a = torch.nn.functional.normalize(a, dim=-1)
    b = torch.nn.functional.normalize(b, dim=-1)
    scores = scale * a @ b.T                                          # (B, B): 대각선이 짝
    return torch.nn.functional.cross_entropy(scores, torch.arange(len(a)))
