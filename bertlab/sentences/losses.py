"""SBERT의 두 훈련 목표를 torch 몇 줄로(레슨 15). ``sentence-transformers``의 손실이 하는 일과 같습니다(테스트가 비교).

- 분류 목표(NLI, ``SoftmaxLoss``): 두 문장 벡터 u, v로 (u, v, |u-v|)를 이어 붙여 선형 층 + 교차 엔트로피.
- 회귀 목표(STS, ``CosineSimilarityLoss``): cos(u, v)와 점수/5(0-1)의 평균 제곱 오차.
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
