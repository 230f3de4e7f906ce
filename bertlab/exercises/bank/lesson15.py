"""레슨 15(문장 임베딩과 SBERT)의 연습 문제.

노트북에서: ``q1, q2, q3, q4 = lesson_exercises("15")``
"""

from bertlab.exercises import Case, Function, Quiz
from bertlab.exercises.bank.families import TENSOR_MATH
from bertlab.exercises.bank.lesson10 import POOL_CASES, _random_batch, _torch_only

MEAN_SOLUTION = """def sentence_vector(hidden, attention_mask):
    weights = attention_mask.unsqueeze(-1).float()           # (B, T, 1)
    return (hidden * weights).sum(dim=1) / weights.sum(dim=1)"""

FEATURES_SOLUTION = """def pair_features(u, v):
    return torch.cat([u, v, (u - v).abs()], dim=-1)          # (B, 3H)"""

COSINE_MSE_SOLUTION = """def cosine_mse_loss(u, v, scores):
    cos = (u * v).sum(-1) / (u.norm(dim=-1) * v.norm(dim=-1))   # (B,)
    return ((cos - scores / 5) ** 2).mean()"""


def _vectors(u, v):
    return lambda ctx: (ctx["torch"].tensor(u, dtype=ctx["torch"].float32),
                        ctx["torch"].tensor(v, dtype=ctx["torch"].float32))


def _random_vectors(rng, ctx):
    torch = ctx["torch"]
    batch, width = rng.randint(1, 5), rng.randint(1, 6)
    make = lambda: torch.tensor([[rng.uniform(-3, 3) for _ in range(width)] for _ in range(batch)])  # noqa: E731
    return (make(), make())


def _loss_case(u, v, scores, note):
    return Case(args=lambda ctx: (*_vectors(u, v)(ctx), ctx["torch"].tensor(scores)), note=note)


def _random_loss(rng, ctx):
    u, v = _random_vectors(rng, ctx)
    return (u, v, ctx["torch"].tensor([round(rng.uniform(0, 5), 1) for _ in range(len(u))]))


PROBLEMS = [
    Function(
        name="sentence_vector", title="마스크를 쓴 평균 풀링으로 문장 벡터", reads="sentence_vector",
        setup=_torch_only,
        prompt="BERT 마지막 층 `hidden`(모양 (B, T, H))과 `attention_mask`(모양 (B, T), 실제 토큰 1, 패딩 0)를 받아 "
               "문장마다 실제 토큰만 평균한 문장 벡터 (B, H)를 돌려주는 `sentence_vector`를 완성하세요. SBERT의 "
               "`Pooling(pooling_mode=\"mean\")`이 하는 일입니다.",
        cases=POOL_CASES, random_inputs=_random_batch, n_random=10,
        hints=["마스크를 (B, T, 1)로: `attention_mask.unsqueeze(-1).float()`.",
               "패딩 자리를 0으로 만든 뒤 T축으로 더하고 실제 토큰 수(마스크의 합)로 나눕니다."],
        solution=MEAN_SOLUTION,
        wrong=["def sentence_vector(hidden, attention_mask):\n    return hidden.mean(dim=1)",
               "def sentence_vector(hidden, attention_mask):\n    return hidden[:, 0]"],
        blank="def sentence_vector(hidden, attention_mask):\n    return ____",
        allows=TENSOR_MATH,
        delegating=["from bertlab.embeddings import mean_pool\n\n"
                    "def sentence_vector(hidden, attention_mask):\n    return mean_pool(hidden, attention_mask)"],
        explanation="패딩까지 평균하면 같은 문장도 배치에 함께 든 문장 길이에 따라 벡터가 달라집니다. SBERT는 이 평균 "
                    "벡터 둘의 코사인을 유사도로 씁니다.",
    ),
    Function(
        name="pair_features", title="분류 목표의 입력 (u, v, |u-v|)", reads="pair_features", setup=_torch_only,
        prompt="두 문장 벡터 `u`, `v`(모양 (B, H))를 받아 SBERT의 NLI 분류 목표가 선형 층에 넣는 입력, 곧 "
               "`u`, `v`, `|u - v|`를 마지막 축으로 이어 붙인 (B, 3H) 텐서를 돌려주는 `pair_features(u, v)`를 완성하세요.",
        cases=[Case(_vectors([[1.0, 2.0]], [[3.0, -1.0]]), note="한 쌍"),
               Case(_vectors([[0.5, 0.5, 0.5], [1.0, 0.0, -2.0]], [[0.5, 1.5, 0.0], [-1.0, 0.0, 2.0]]), note="두 쌍"),
               Case(_vectors([[2.0]], [[2.0]]), note="같은 벡터")],
        random_inputs=_random_vectors, n_random=10,
        hints=["`torch.cat([...], dim=-1)`로 마지막 축을 따라 잇습니다.", "차이의 절댓값: `(u - v).abs()`."],
        solution=FEATURES_SOLUTION,
        wrong=["def pair_features(u, v):\n    return torch.cat([u, v, u - v], dim=-1)",
               "def pair_features(u, v):\n    return torch.cat([u, v, (u - v).abs()], dim=0)"],
        blank="def pair_features(u, v):\n    return ____",
        allows=TENSOR_MATH,
        delegating=["from bertlab.sentences import softmax_features\n\n"
                    "def pair_features(u, v):\n    return softmax_features(u, v)"],
        explanation="|u-v|는 두 문장이 어느 차원에서 얼마나 다른지를 순서 없이 알려 줍니다. SBERT 논문에서 이 조합이 "
                    "가장 좋았습니다. 분류 헤드는 훈련에만 쓰고, 쓸 때는 u와 v의 코사인만 봅니다.",
    ),
    Function(
        name="cosine_mse_loss", title="회귀 목표: 코사인과 점수의 MSE", reads="cosine_mse_loss", setup=_torch_only,
        prompt="문장 벡터 `u`, `v`(모양 (B, H))와 사람 점수 `scores`(모양 (B,), 0-5)를 받아, cos(u, v)와 점수를 "
               "0-1로 바꾼 값(점수/5)의 평균 제곱 오차(스칼라 텐서)를 돌려주는 `cosine_mse_loss`를 완성하세요. "
               "코사인 함수와 MSE 함수는 쓰지 말고 내적과 길이로 계산하세요.",
        cases=[_loss_case([[1.0, 0.0]], [[1.0, 0.0]], [5.0], "같은 방향, 5점"),
               _loss_case([[1.0, 0.0], [1.0, 1.0]], [[0.0, 2.0], [2.0, 2.0]], [0.0, 2.5], "직각(코사인 0)과 같은 방향"),
               _loss_case([[3.0, 4.0]], [[-3.0, -4.0]], [1.0], "반대 방향")],
        random_inputs=_random_loss, n_random=10,
        hints=["cos = (u * v).sum(-1) / (u.norm(dim=-1) * v.norm(dim=-1))", "점수를 5로 나눠 0-1로 맞춘 뒤 "
               "`((cos - 정답) ** 2).mean()`."],
        solution=COSINE_MSE_SOLUTION,
        wrong=[COSINE_MSE_SOLUTION.replace("scores / 5", "scores"),
               COSINE_MSE_SOLUTION.replace("/ (u.norm(dim=-1) * v.norm(dim=-1))", "")],
        blank="def cosine_mse_loss(u, v, scores):\n    return ____",
        allows=TENSOR_MATH,
        delegating=["import torch.nn.functional as F\n\n"
                    "def cosine_mse_loss(u, v, scores):\n    return F.mse_loss(F.cosine_similarity(u, v), scores / 5)"],
        explanation="`CosineSimilarityLoss`가 이것입니다. 코사인을 사람 점수 쪽으로 당기니, 훈련한 뒤에는 코사인 자체가 "
                    "유사도 점수가 됩니다.",
    ),
    Quiz(
        name="raw_cls_similarity", title="사전 훈련만 한 [CLS] 코사인이 속이는 까닭", reads="answer_raw_cls",
        prompt="사전 훈련만 한 BERT의 `[CLS]` 벡터로 코사인을 재면 뜻이 전혀 다른 두 문장도 0.9 가까이 나왔습니다. "
               "가장 알맞은 설명은?",
        choices=["사전 훈련한 벡터들이 한쪽 좁은 원뿔에 몰려 있어(이방성) 어떤 두 문장이든 코사인이 높다",
                 "두 문장의 뜻이 실제로 비슷하다",
                 "코사인은 벡터 길이에 따라 커지므로 긴 문장일수록 높다",
                 "`[CLS]` 벡터는 문장마다 똑같아서 언제나 1이 나온다"],
        answer=1,
        feedback={2: "위 2절의 그림에서 사람이 0-1점(무관)을 준 KorSTS 쌍도 코사인이 높았습니다.",
                  3: "코사인은 길이로 나누므로 벡터 길이와 상관이 없습니다.",
                  4: "같지는 않습니다. 문장마다 조금씩 다르지만 모두 비슷한 방향을 가리킵니다."},
        hints=["무관한 문장 쌍들의 평균 코사인을 떠올려 보세요."],
        explanation="MLM·NSP로만 훈련한 `[CLS]`는 문장 유사도를 배운 적이 없고, 벡터 공간이 한쪽으로 쏠려 있습니다. "
                    "그래서 코사인의 절댓값은 뜻을 말해 주지 않습니다. 문장 쌍으로 훈련한 SBERT는 무관한 쌍의 코사인을 "
                    "낮추고 비슷한 쌍을 높입니다.",
    ),
]
