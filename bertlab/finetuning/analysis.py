"""파인 튜닝한 분류 모델 들여다보기: 분류 헤드, 오차 분석, 인코더가 얼마나 바뀌었나. 레슨 11.

- ``head_summary(model)``: ``BertForSequenceClassification``이 인코더 위에 더한 것(드롭아웃·분류 층)과 파라미터 수.
- ``confusion(probabilities, gold)``: 혼동 행렬(scikit-learn), ``confident_mistakes``: 가장 자신 있게 틀린 예제들.
- ``layer_changes(before, model)``: 층마다 가중치의 상대 변화 ‖W_후 − W_전‖ / ‖W_전‖.
- ``cls_vectors``와 ``project_2d``: 평가 리뷰의 ``[CLS]`` 벡터(마지막 층)를 주성분 분석(PCA)으로 2차원에.
"""

from __future__ import annotations

import re

import numpy as np
import torch


def head_summary(model) -> dict:
    """분류 모델 -> {"classifier": 분류 층, "dropout": 드롭아웃 확률, "head": 헤드의 파라미터 수,
    "encoder": 인코더(``model.base_model``)의 파라미터 수, "total": 전체}."""
    classifier = model.classifier
    head = sum(p.numel() for p in classifier.parameters())
    encoder = sum(p.numel() for p in model.base_model.parameters())
    dropout = getattr(model, "dropout", None)
    return {"classifier": classifier, "dropout": getattr(dropout, "p", None), "head": head, "encoder": encoder,
            "total": sum(p.numel() for p in model.parameters())}


def confusion(probabilities: torch.Tensor, gold, classes: int | None = None) -> np.ndarray:
    """확률 (N, C)와 정답 (N,) -> 혼동 행렬 (C, C): 행은 정답, 열은 예측."""
    from sklearn.metrics import confusion_matrix

    classes = classes or probabilities.shape[1]
    predicted = probabilities.argmax(-1).numpy()
    return confusion_matrix(np.asarray(gold), predicted, labels=list(range(classes)))


def confident_mistakes(texts: list[str], gold, probabilities: torch.Tensor, label_names, k: int = 8) -> list[dict]:
    """틀린 예제 가운데 모델이 가장 자신 있었던(틀린 클래스의 확률이 가장 높은) ``k``개.

    돌려주는 행: {"리뷰", "정답", "예측", "확신"}(확신 = 예측한 클래스의 확률).
    """
    gold = torch.as_tensor(np.asarray(gold))
    confidence, predicted = probabilities.max(-1)                 # (N,), (N,)
    wrong = torch.nonzero(predicted != gold).flatten()
    order = wrong[confidence[wrong].argsort(descending=True)][:k]
    return [{"리뷰": texts[i], "정답": label_names[int(gold[i])], "예측": label_names[int(predicted[i])],
             "확신": round(float(confidence[i]), 3)} for i in order.tolist()]


def _layer_of(name: str) -> str:
    """파라미터 이름 -> 묶음 이름: "임베딩", "층 N", "풀러", "분류 층"."""
    if (found := re.search(r"encoder\.layers?\.(\d+)\.", name)) is not None:
        return f"층 {int(found.group(1)) + 1}"
    if ".embeddings." in f".{name}":
        return "임베딩"
    if "pooler" in name:
        return "풀러"
    if name.startswith("classifier"):
        return "분류 층"
    return "기타"


def layer_changes(before: dict[str, torch.Tensor], model) -> dict[str, float]:
    """층 묶음마다 상대 변화 ‖W_후 − W_전‖ / ‖W_전‖(묶음의 모든 가중치를 한 벡터로 보고 잰 노름).

    before: 파인 튜닝 전의 ``state_dict()`` 사본. 순서는 아래층부터(임베딩, 층 1 …, 풀러, 분류 층).
    """
    changed: dict[str, float] = {}
    base: dict[str, float] = {}
    for name, after in model.state_dict().items():
        if name not in before or not after.is_floating_point():
            continue
        group = _layer_of(name)
        start = before[name].float()
        changed[group] = changed.get(group, 0.0) + float((after.float() - start).pow(2).sum())
        base[group] = base.get(group, 0.0) + float(start.pow(2).sum())
    return {group: (changed[group] / base[group]) ** 0.5 if base[group] else float("nan") for group in changed}


def cls_vectors(model, tokenizer, texts: list[str], max_length: int = 64, batch_size: int = 64) -> torch.Tensor:
    """문장들 -> 인코더 마지막 층의 ``[CLS]`` 벡터 (N, H). 분류 헤드가 읽는 바로 그 벡터(드롭아웃 전)입니다."""
    encoder = model.base_model
    vectors = []
    model.eval()
    with torch.no_grad():
        for start in range(0, len(texts), batch_size):
            batch = tokenizer(texts[start:start + batch_size], truncation=True, max_length=max_length,
                              padding=True, return_tensors="pt")
            vectors.append(encoder(**batch).last_hidden_state[:, 0].float())   # (b, H)
    return torch.cat(vectors) if vectors else torch.empty(0, model.config.hidden_size)


def project_2d(vectors: torch.Tensor) -> np.ndarray:
    """벡터 (N, H) -> 주성분 분석(PCA)의 첫 두 축 좌표 (N, 2)."""
    from sklearn.decomposition import PCA

    return PCA(n_components=2, random_state=0).fit_transform(vectors.numpy())


def separation(points: np.ndarray, gold) -> float:
    """두 클래스가 얼마나 떨어졌나: 두 무리 중심 사이 거리 / 무리 안의 평균 표준편차(클수록 잘 갈라짐)."""
    gold = np.asarray(gold)
    a, b = points[gold == 0], points[gold == 1]
    spread = (a.std(axis=0).mean() + b.std(axis=0).mean()) / 2
    return float(np.linalg.norm(a.mean(axis=0) - b.mean(axis=0)) / max(spread, 1e-12))
