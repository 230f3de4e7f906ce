"""STS 평가의 상관계수: 피어슨(Pearson, 값 그대로)과 스피어먼(Spearman, 순위로 바꾼 뒤의 피어슨). 레슨 13, 15.

STS(문장 유사도) 점수는 사람이 매긴 0-5점이라 모델 출력과 눈금이 달라도 되고 순서만 맞으면 좋은 모델입니다.
그래서 STS 벤치마크(KorSTS)는 스피어먼을, KLUE-STS는 피어슨을 대표 지표로 씁니다. 같은 값(동점)에는 평균 순위를
줍니다(``scipy.stats.spearmanr``과 같은 규칙; 테스트가 비교).
"""

from __future__ import annotations

import torch


def _as_vector(values) -> torch.Tensor:
    return torch.as_tensor(values, dtype=torch.float64).reshape(-1)


def ranks(values) -> torch.Tensor:
    """값들 -> 순위(1부터, 동점은 평균 순위). 예: [10, 30, 20, 20] -> [1, 4, 2.5, 2.5]."""
    x = _as_vector(values)                                  # (N,)
    order = torch.argsort(x, stable=True)
    sorted_x = x[order]
    result = torch.empty_like(x)
    start = 0
    while start < len(x):                                   # 같은 값의 묶음마다 평균 순위
        end = start
        while end + 1 < len(x) and sorted_x[end + 1] == sorted_x[start]:
            end += 1
        result[order[start:end + 1]] = (start + end) / 2 + 1
        start = end + 1
    return result


def pearson(x, y) -> float:
    """피어슨 상관계수: 평균을 뺀 두 벡터의 코사인. 한쪽이 상수면 0으로 나누므로 nan."""
    x, y = _as_vector(x), _as_vector(y)
    if x.shape != y.shape or len(x) < 2:
        raise ValueError(f"길이가 같은 값 두 개 이상이 필요합니다(받은 길이 {len(x)}, {len(y)}).")
    dx, dy = x - x.mean(), y - y.mean()
    denominator = (dx.norm() * dy.norm()).item()
    return float("nan") if denominator == 0 else (dx @ dy).item() / denominator


def spearman(x, y) -> float:
    """스피어먼 순위 상관계수: 두 값을 각각 순위로 바꾼 뒤의 피어슨."""
    return pearson(ranks(x), ranks(y))
