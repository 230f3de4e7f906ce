"""레슨 10(특징 추출기로서의 BERT)의 연습 문제.

노트북에서: ``q1, q2, q3, q4, q5 = lesson_exercises("10")``
"""

from bertlab.exercises import Case, Custom, Function, Quiz
from bertlab.exercises.bank.families import NUMPY_MATH, SKLEARN_TRAINING, TENSOR_MATH


def _torch_only():
    import torch

    return {"torch": torch}


def _sklearn():
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return {"np": np, "LogisticRegression": LogisticRegression, "make_pipeline": make_pipeline,
            "StandardScaler": StandardScaler}


def _batch(rows, mask):
    """rows: 문장마다 토큰 벡터 목록(패딩 자리 포함). mask: 문장마다 1/0 목록."""
    return lambda ctx: (ctx["torch"].tensor(rows, dtype=ctx["torch"].float32), ctx["torch"].tensor(mask))


def _random_batch(rng, ctx):
    torch = ctx["torch"]
    batch, length, width = rng.randint(1, 4), rng.randint(2, 7), rng.randint(1, 5)
    lengths = [rng.randint(1, length) for _ in range(batch)]
    lengths[0] = length
    mask = torch.tensor([[1] * n + [0] * (length - n) for n in lengths])
    hidden = torch.tensor([[[rng.uniform(-5, -0.5) if rng.random() < 0.6 else rng.uniform(0, 3)
                             for _ in range(width)] for _ in range(length)] for _ in range(batch)])
    hidden = hidden.masked_fill(mask.unsqueeze(-1) == 0, 0.0)     # 실제 모델처럼 패딩 자리 값은 아무 값
    return (hidden, mask)


POOL_CASES = [
    Case(_batch([[[1, 2], [3, 4], [0, 0]], [[5, 6], [0, 0], [0, 0]]], [[1, 1, 0], [1, 0, 0]]),
         note="패딩이 붙은 두 문장"),
    Case(_batch([[[-1, -2], [-3, -4], [0, 0]]], [[1, 1, 0]]), note="값이 모두 음수이고 패딩 자리는 0"),
    Case(_batch([[[2, -1], [4, -3]]], [[1, 1]]), note="패딩이 없는 문장"),
    Case(_batch([[[7, 7], [9, 9], [9, 9]]], [[1, 0, 0]]), note="실제 토큰이 하나뿐"),
]

MEAN_SOLUTION = """def masked_mean_pool(hidden, attention_mask):
    weights = attention_mask.unsqueeze(-1).float()           # (B, T, 1)
    return (hidden * weights).sum(dim=1) / weights.sum(dim=1)"""

MAX_SOLUTION = """def masked_max_pool(hidden, attention_mask):
    masked = hidden.masked_fill(attention_mask.unsqueeze(-1) == 0, float("-inf"))   # (B, T, H)
    return masked.max(dim=1).values"""


def _synthetic(seed: int, n: int = 200, width: int = 32):
    """BERT 특징을 흉내 낸 두 무리(레이블 0/1)의 점: 한 방향으로만 떨어져 있고 나머지는 크기가 제각각인 잡음.

    방향과 차원별 크기는 훈련·평가에 공통(시드 0), 점은 ``seed``마다 새로 뽑습니다.
    """
    import numpy as np

    shared = np.random.default_rng(0)
    direction = shared.normal(size=width)
    direction /= np.linalg.norm(direction)
    scales = shared.uniform(0.5, 5, size=width)
    rng = np.random.default_rng(seed)
    labels = np.repeat([0, 1], n // 2)
    points = rng.normal(size=(n, width)) * scales + np.outer(labels * 2 - 1, direction) * 2.5
    return points + 10.0, labels


def _check_classifier(answers, ctx):
    train_x, train_y = _synthetic(1)
    test_x, test_y = _synthetic(2)
    model = answers["train_frozen_classifier"](train_x.copy(), train_y.copy())
    if model is None or not hasattr(model, "predict"):
        return "학습을 마친 분류기(예: LogisticRegression)를 돌려주세요. `.fit(...)`은 분류기 자신을 돌려줍니다."
    try:
        predicted = model.predict(test_x)
    except Exception as exc:  # noqa: BLE001  (NotFittedError 등)
        return f"분류기가 예측하지 못했습니다({type(exc).__name__}). `fit(train_x, train_y)`을 불렀나요?"
    accuracy = float((predicted == test_y).mean())
    if accuracy < 0.85:
        return (f"처음 보는 평가 점들에서 정확도가 {accuracy:.2f}입니다. 0.85 이상이 나와야 합니다. "
                "레이블을 섞거나 뒤집지 않았는지, 정말 train_x와 train_y로 학습했는지 확인하세요.")
    return None


CLASSIFIER_SOLUTION = """def train_frozen_classifier(train_x, train_y):
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    return model.fit(train_x, train_y)"""

LAYER_SOLUTION = """def pick_best_layer(cv_scores):
    means = np.asarray(cv_scores).mean(axis=1)          # (L+1,) 층마다 평균
    return int(np.argmax(means))                         # 같으면 argmax가 앞(낮은 층)을 고릅니다"""


def _layer_case(rows, note):
    return Case(lambda ctx: (ctx["np"].array(rows, dtype=float),), note=note)


def _random_layers(rng, ctx):
    np = ctx["np"]
    layers, folds = rng.randint(2, 13), rng.randint(2, 6)
    return (np.array([[round(rng.uniform(0.4, 1.0), 2) for _ in range(folds)] for _ in range(layers)]),)


PROBLEMS = [
    Function(
        name="masked_mean_pool", title="마스크를 쓴 평균 풀링", reads="masked_mean_pool", setup=_torch_only,
        prompt="은닉 상태 `hidden`(모양 (B, T, H))과 `attention_mask`(모양 (B, T), 실제 토큰 1, 패딩 0)를 받아 "
               "문장마다 **실제 토큰만** 평균한 벡터 (B, H)를 돌려주는 `masked_mean_pool`을 완성하세요.",
        cases=POOL_CASES, random_inputs=_random_batch, n_random=10,
        hints=["마스크를 (B, T, 1)로 바꾸면 hidden과 곱할 수 있습니다: `attention_mask.unsqueeze(-1).float()`.",
               "패딩 자리를 0으로 만든 뒤 T축으로 더하고, 실제 토큰 수(마스크의 합)로 나누세요.",
               "`(hidden * w).sum(dim=1) / w.sum(dim=1)`"],
        solution=MEAN_SOLUTION,
        wrong=["def masked_mean_pool(hidden, attention_mask):\n    return hidden.mean(dim=1)",
               "def masked_mean_pool(hidden, attention_mask):\n"
               "    w = attention_mask.unsqueeze(-1).float()\n"
               "    return (hidden * w).sum(dim=1) / hidden.shape[1]"],
        blank="def masked_mean_pool(hidden, attention_mask):\n    return ____",
        allows=TENSOR_MATH,
        delegating=["from bertlab.embeddings import mean_pool\n\n"
                    "def masked_mean_pool(hidden, attention_mask):\n    return mean_pool(hidden, attention_mask)"],
        explanation="T로 나누면 패딩이 많은 짧은 문장의 벡터가 0 쪽으로 쪼그라듭니다. 실제 토큰 수로 나눠야 "
                    "문장을 혼자 넣었을 때와 같은 값이 나옵니다. `bertlab.embeddings.features.mean_pool`과 같습니다.",
    ),
    Function(
        name="masked_max_pool", title="마스크를 쓴 최대 풀링", reads="masked_max_pool", setup=_torch_only,
        prompt="같은 입력으로, 문장마다 **실제 토큰 가운데** 차원별 최댓값 (B, H)를 돌려주는 `masked_max_pool`을 "
               "완성하세요. 패딩 자리의 값이 답에 끼어들면 안 됩니다.",
        cases=POOL_CASES, random_inputs=_random_batch, n_random=10,
        hints=["패딩 자리를 아주 작은 값으로 바꾸면 최댓값으로 뽑힐 일이 없습니다.",
               "`hidden.masked_fill(attention_mask.unsqueeze(-1) == 0, float('-inf'))`",
               "그다음 `.max(dim=1).values`"],
        solution=MAX_SOLUTION,
        wrong=["def masked_max_pool(hidden, attention_mask):\n    return hidden.max(dim=1).values",
               "def masked_max_pool(hidden, attention_mask):\n"
               "    return (hidden * attention_mask.unsqueeze(-1)).max(dim=1).values"],
        blank="def masked_max_pool(hidden, attention_mask):\n    return ____",
        allows=TENSOR_MATH,
        delegating=["import bertlab.embeddings as embeddings\n\n"
                    "def masked_max_pool(hidden, attention_mask):\n"
                    "    return embeddings.pool(hidden, attention_mask, method='max')"],
        explanation="패딩을 0으로 가리면, 실제 값이 모두 음수인 차원에서 0이 최댓값으로 뽑힙니다. -∞로 가려야 "
                    "패딩이 절대 뽑히지 않습니다. `bertlab.embeddings.features.max_pool`과 같습니다.",
    ),
    Quiz(
        name="layer_choice", title="층은 어디서 고를까", reads="answer_layer_choice",
        prompt="얼린 BERT 특징으로 분류기를 만들 때, 어느 층의 특징을 쓸지 정하는 올바른 방법은?",
        choices=["평가 세트 정확도가 가장 높은 층을 고른다",
                 "훈련 세트 안에서 교차 검증한 정확도가 가장 높은 층을 고르고, 평가 세트는 마지막에 한 번만 쓴다",
                 "훈련 세트 정확도가 가장 높은 층을 고른다",
                 "언제나 마지막 층을 쓴다"],
        answer=2,
        feedback={1: "평가 세트로 고르면 그 점수는 처음 보는 데이터에 대한 점수가 아니게 됩니다(낙관적으로 부풀려짐).",
                  3: "훈련 정확도는 외운 정도까지 함께 재므로, 특징이 큰 층일수록 부풀려지기 쉽습니다.",
                  4: "가장 좋은 층은 모델의 사전 훈련 목표에 따라 다르고, 마지막 층이 아닌 경우가 많습니다."},
        hints=["평가 세트는 '처음 보는 문장'을 흉내 냅니다. 무엇을 고르는 데 써 버리면 어떻게 될까요?"],
        explanation="층, 풀링, 규제 강도처럼 사람이 고르는 값은 모두 훈련 데이터 안(교차 검증이나 따로 떼어 둔 검증 "
                    "세트)에서 고릅니다. 평가 세트는 마지막에 한 번 재는 용도입니다.",
    ),
    Function(
        name="pick_best_layer", title="가장 좋은 층 고르기", reads="pick_best_layer", setup=_sklearn,
        prompt="`cv_scores`(모양 (L+1, K))는 층마다 K겹 교차 검증의 정확도입니다. 평균 정확도가 가장 높은 층 "
               "번호(int)를 돌려주는 `pick_best_layer(cv_scores)`를 완성하세요. 평균이 같으면 더 낮은 층을 고릅니다.",
        cases=[_layer_case([[0.5, 0.5], [0.7, 0.9], [0.8, 0.6]], "평균이 같으면 낮은 층"),
               _layer_case([[0.6, 0.6, 0.6], [1.0, 0.3, 0.3], [0.7, 0.7, 0.6]], "한 겹만 높은 층에 속지 않기"),
               _layer_case([[0.9, 0.5], [0.8, 0.8], [0.5, 0.9]], "마지막 겹만 보지 않기")],
        random_inputs=_random_layers, n_random=10,
        hints=["층마다 K개 정확도의 평균을 먼저 구하세요: `cv_scores.mean(axis=1)`.",
               "`np.argmax`는 최댓값이 여럿이면 맨 앞 번호를 돌려줍니다.", "`int(np.argmax(means))`"],
        solution=LAYER_SOLUTION,
        wrong=["def pick_best_layer(cv_scores):\n    return int(np.argmax(np.asarray(cv_scores).max(axis=1)))",
               "def pick_best_layer(cv_scores):\n    return int(np.argmax(np.asarray(cv_scores)[:, -1]))",
               "def pick_best_layer(cv_scores):\n    return len(cv_scores) - 1"],
        blank="def pick_best_layer(cv_scores):\n    return ____",
        allows=NUMPY_MATH,
        delegating=["from bertlab.embeddings import choose_layer\n\n"
                    "def pick_best_layer(cv_scores):\n    return choose_layer(cv_scores)"],
        explanation="겹 하나의 점수는 운이 섞여 있으니 평균으로 비교합니다. `bertlab.embeddings.features.choose_layer`와 같습니다.",
    ),
    Custom(
        name="frozen_classifier", title="얼린 특징 분류기", reads="train_frozen_classifier", setup=_sklearn,
        prompt="특징 `train_x`(모양 (N, H) numpy 배열)와 레이블 `train_y`를 받아 **학습을 마친** 분류기를 돌려주는 "
               "`train_frozen_classifier(train_x, train_y)`를 완성하세요. scikit-learn의 `LogisticRegression`을 "
               "쓰고, 특징 크기가 제각각이니 `StandardScaler`로 표준화한 뒤 학습하면 좋습니다. 채점기는 BERT "
               "특징을 흉내 낸 점들로 학습시킨 뒤 처음 보는 점들에서 정확도 0.85 이상인지 봅니다.",
        rule=_check_classifier,
        hints=["`make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))`로 두 단계를 묶을 수 있습니다.",
               "`.fit(train_x, train_y)`는 학습을 마친 자기 자신을 돌려줍니다. 그것을 return하세요."],
        solution=CLASSIFIER_SOLUTION,
        wrong=["def train_frozen_classifier(train_x, train_y):\n    return LogisticRegression()",
               "def train_frozen_classifier(train_x, train_y):\n"
               "    return LogisticRegression(max_iter=1000).fit(train_x, train_y[::-1])",
               "def train_frozen_classifier(train_x, train_y):\n"
               "    from sklearn.dummy import DummyClassifier\n"
               "    return DummyClassifier().fit(train_x, train_y)"],
        blank="def train_frozen_classifier(train_x, train_y):\n    return ____",
        allows=SKLEARN_TRAINING,
        delegating=["from bertlab.embeddings import frozen_classifier\n\n"
                    "def train_frozen_classifier(train_x, train_y):\n"
                    "    return frozen_classifier(train_x, train_y, train_x, train_y, c=1.0).model"],
        explanation="BERT는 건드리지 않고 이 작은 분류기만 학습합니다. 표준화는 특징마다 다른 크기를 맞춰 학습을 "
                    "안정시킵니다. `bertlab.embeddings.features.frozen_classifier`가 같은 파이프라인을 씁니다.",
    ),
]
