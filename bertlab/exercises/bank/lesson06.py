"""레슨 06(어텐션 시각화)의 연습 문제: 헤드 통계를 직접 계산하고 무늬를 나눕니다.

노트북에서: ``q1, q2, q3, q4, q5 = lesson_exercises("06")``

함수 문제의 무작위 사례는 시드를 고정한 가짜 어텐션 확률(행마다 softmax)이고, 고정 사례는 실제
모델(ko-encoder)이 레슨의 예문에 대해 계산한 확률입니다.
"""

from bertlab.exercises import Case, Function, Quiz
from bertlab.exercises.bank.families import ENTROPY_MATH, TENSOR_MATH

EXAMPLE_SENTENCE = "나는 어제 서점에서 산 책을 동생에게 빌려주었다."


def _torch():
    import torch

    return {"torch": torch}


def _context():
    import torch

    from bertlab.attention import attention_maps
    from bertlab.models import load

    maps = attention_maps(load("ko-encoder"), EXAMPLE_SENTENCE)
    return {"torch": torch, "maps": maps}


def _random_probs(rng, ctx, zeros: bool = False):
    torch = ctx["torch"]
    g = torch.Generator().manual_seed(rng.randint(0, 2**31 - 1))
    layers, heads, length = rng.randint(1, 3), rng.randint(1, 4), rng.randint(3, 9)
    scores = torch.randn(layers, heads, length, length, generator=g) * rng.choice([0.5, 2.0, 4.0])
    if zeros:  # 패딩처럼 마지막 열을 완전히 가림 -> 그 열의 확률이 정확히 0
        scores[..., -1] = float("-inf")
    return torch.softmax(scores, dim=-1)


def _zero_case(ctx):
    import random

    return (_random_probs(random.Random(7), ctx, zeros=True),)


def _as_pair(result, expected):
    try:
        pair = tuple(int(x) for x in result)
    except (TypeError, ValueError):
        return f"(층, 헤드) 두 정수의 튜플을 돌려줘야 하는데 {result!r}입니다."
    if pair == tuple(expected):
        return None
    if len(pair) != 2:
        return f"(층, 헤드) 두 정수를 돌려줘야 하는데 값이 {len(pair)}개입니다."
    parts = [f"{what} 번호가 답보다 {'큽니다' if got > want else '작습니다'}"
             for what, got, want in zip(("층", "헤드"), pair, expected) if got != want]
    return f"(층, 헤드) = {pair}인데, 답이 아닙니다: " + ", ".join(parts) + "."


def _pattern_matrix(kind: str, length: int = 8):
    """문제 4의 사례: 무늬가 분명한 (T, T) 행렬."""
    import torch

    if kind == "vertical":  # 모든 행이 마지막 토큰([SEP])으로
        m = torch.full((length, length), 0.1 / (length - 1))
        m[:, -1] = 0.9
    elif kind == "diagonal":  # 바로 앞 토큰으로(첫 토큰은 자기 자신)
        m = torch.full((length, length), 0.1 / (length - 1))
        for i in range(length):
            m[i, max(i - 1, 0)] = 0.9
    elif kind == "broad":
        m = torch.full((length, length), 1.0 / length)
    else:  # 행마다 다른 한 토큰을 0.6만큼: 세로줄도 대각선도 아니고 넓지도 않음
        m = torch.full((length, length), 0.4 / (length - 1))
        for i in range(length):
            m[i, (i * 3 + 2) % length] = 0.6
    return m


PROBLEMS = [
    Function(
        name="most_attended_head", title="[SEP]을 가장 많이 보는 헤드 찾기",
        prompt="모든 층·헤드의 확률 `probs`(L, A, T, T)와 토큰 위치 목록 `positions`를 받아, 쿼리들이 "
               "`positions`로 보내는 확률의 평균이 가장 큰 헤드를 `(층, 헤드)` 튜플로 돌려주는 "
               "`most_attended_head(probs, positions)`를 완성하세요.",
        reads="most_attended_head", setup=_context,
        cases=[Case(lambda ctx: (ctx["maps"].probs, ctx["maps"].sep_positions), note="실제 모델, [SEP] 위치"),
               Case(lambda ctx: (ctx["maps"].probs, ctx["maps"].cls_positions), note="실제 모델, [CLS] 위치")],
        random_inputs=lambda rng, ctx: (_random_probs(rng, ctx), sorted(rng.sample(range(3), rng.randint(1, 2)))),
        n_random=10, compare=_as_pair,
        hints=["`probs[..., positions]`는 키(열) 축에서 그 위치들만 고릅니다: 모양 (L, A, T, len(positions)).",
               "위치들에 대해 더하고(`.sum(-1)`), 쿼리에 대해 평균 내면(`.mean(-1)`) (L, A) 표가 됩니다.",
               "`argmax()`는 펼친 번호를 주므로 `divmod(번호, A)`로 (층, 헤드)를 구합니다."],
        solution="def most_attended_head(probs, positions):\n"
                 "    share = probs[..., positions].sum(-1).mean(-1)   # (L, A)\n"
                 "    layer, head = divmod(int(share.argmax()), share.shape[1])\n"
                 "    return layer, head",
        wrong=["def most_attended_head(probs, positions):\n"
               "    share = probs[..., positions, :].sum(-1).mean(-1)\n"
               "    layer, head = divmod(int(share.argmax()), share.shape[1])\n"
               "    return layer, head",
               "def most_attended_head(probs, positions):\n"
               "    share = probs[..., positions].sum(-1).mean(-1)\n"
               "    layer, head = divmod(int(share.argmax()), share.shape[0])\n"
               "    return layer, head"],
        blank="def most_attended_head(probs, positions):\n    return ____",
        allows=TENSOR_MATH,
        delegating=["from bertlab.attention.head_patterns import _share_to\n\n"
                    "def most_attended_head(probs, positions):\n"
                    "    share = _share_to(probs, positions)\n"
                    "    layer, head = divmod(int(share.argmax()), share.shape[1])\n"
                    "    return layer, head"],
        explanation="행 = 쿼리(보는 토큰), 열 = 키(보이는 토큰)입니다. '어디로 가는 몫'은 열을 골라 더합니다.",
    ),
    Function(
        name="attention_entropy", title="헤드마다 엔트로피",
        prompt="확률 `probs`(L, A, T, T)를 받아 행마다 엔트로피 −Σ p·log p(자연로그)를 구하고 쿼리에 대해 "
               "평균 낸 (L, A) 텐서를 돌려주는 `attention_entropy(probs)`를 완성하세요. "
               "확률이 정확히 0인 칸(패딩)이 있어도 nan이 나오면 안 됩니다(0·log 0 = 0).",
        reads="attention_entropy", setup=_torch,
        cases=[Case(_zero_case, note="확률이 0인 칸이 있는 행렬")],
        random_inputs=lambda rng, ctx: (_random_probs(rng, ctx, zeros=rng.random() < 0.3),),
        n_random=10,
        hints=["`torch.log(probs)`는 0에서 -inf가 되고, 0 × -inf = nan입니다.",
               "`torch.special.xlogy(probs, probs)`는 p·log p를 계산하면서 p = 0이면 0을 줍니다. "
               "또는 `probs.clamp_min(1e-12)`의 로그를 쓰세요.",
               "마지막 축(키)으로 더하고, 그다음 마지막 축(쿼리)으로 평균: `.sum(-1).mean(-1)`."],
        solution="def attention_entropy(probs):\n"
                 "    return -torch.special.xlogy(probs, probs).sum(-1).mean(-1)",
        wrong=["def attention_entropy(probs):\n    return -(probs * torch.log(probs)).sum(-1).mean(-1)",
               "def attention_entropy(probs):\n    return -torch.special.xlogy(probs, probs).sum(-1).sum(-1)",
               "def attention_entropy(probs):\n"
               "    return -(probs * torch.log2(probs.clamp_min(1e-12))).sum(-1).mean(-1)"],
        blank="def attention_entropy(probs):\n    return ____",
        allows=ENTROPY_MATH,
        delegating=["def attention_entropy(probs):\n"
                    "    return torch.distributions.Categorical(probs=probs).entropy().mean(-1)"],
        explanation="엔트로피가 0이면 한 토큰만 보고, log T면 모든 토큰을 고르게 봅니다. 넓게 퍼진(broad) 헤드를 찾는 숫자입니다.",
    ),
    Function(
        name="previous_token_share", title="이전 토큰으로 가는 몫",
        prompt="확률 `probs`(L, A, T, T)를 받아, 두 번째 토큰부터 각 쿼리 i가 바로 앞 토큰 i−1로 보내는 확률의 "
               "평균 (L, A)를 돌려주는 `previous_token_share(probs)`를 완성하세요(첫 토큰은 앞이 없으니 빼고 평균).",
        reads="previous_token_share", setup=_context,
        cases=[Case(lambda ctx: (ctx["maps"].probs,), note="실제 모델의 모든 헤드")],
        random_inputs=lambda rng, ctx: (_random_probs(rng, ctx),), n_random=10,
        hints=["칸 (i, i−1)들은 주대각선 바로 아래 대각선입니다.",
               "`torch.diagonal(probs, offset=-1, dim1=-2, dim2=-1)`은 그 대각선 T−1개를 (L, A, T−1)로 줍니다.",
               "그다음 `.mean(-1)`."],
        solution="def previous_token_share(probs):\n"
                 "    return torch.diagonal(probs, offset=-1, dim1=-2, dim2=-1).mean(-1)",
        wrong=["def previous_token_share(probs):\n"
               "    return torch.diagonal(probs, offset=1, dim1=-2, dim2=-1).mean(-1)",
               "def previous_token_share(probs):\n"
               "    return torch.diagonal(probs, offset=-1, dim1=-2, dim2=-1).sum(-1) / probs.shape[-1]"],
        blank="def previous_token_share(probs):\n    return ____",
        allows=TENSOR_MATH,
        delegating=["from bertlab.attention.head_patterns import _offset_share\n\n"
                    "def previous_token_share(probs):\n    return _offset_share(probs, -1)"],
        explanation="offset=-1은 행 번호가 열 번호보다 1 큰 칸, 즉 '바로 앞 토큰을 보는' 칸입니다. offset=+1은 다음 토큰입니다.",
    ),
    Function(
        name="pattern_of", title="헤드 무늬 나누기",
        prompt="헤드 하나의 행렬 `matrix`(T, T)를 받아 레슨의 규칙으로 무늬를 문자열로 돌려주는 `pattern_of(matrix)`를 "
               "완성하세요(레슨의 규칙에서 [CLS]+[SEP] 조건과 세로줄+대각선형·블록형을 뺀 단순한 판). ① 이전·다음·자기 자신 몫 중 가장 큰 값 ≥ 0.5이면 \"diagonal\", ② 한 열이 받는 평균 몫의 "
               "최댓값 ≥ 0.5이면 \"vertical\", ③ 정규화 엔트로피(행 엔트로피 평균 / log T) ≥ 0.75이면 \"broad\", "
               "④ 나머지는 \"heterogeneous\"(이 순서로 확인).",
        reads="pattern_of", setup=_torch,
        cases=[Case(lambda ctx, kind=kind: (_pattern_matrix(kind),), kind, note=note) for kind, note in (
            ("vertical", "모두 [SEP]로"), ("diagonal", "모두 바로 앞 토큰으로"),
            ("broad", "모두 고르게"), ("heterogeneous", "행마다 다른 한 토큰으로"))],
        hints=["이전 몫은 `torch.diagonal(matrix, -1).mean()`, 다음은 `offset=1`, 자기 자신은 `offset=0`.",
               "열마다 평균 몫은 `matrix.mean(dim=0)`(쿼리 축으로 평균), 그 최댓값을 봅니다.",
               "정규화 엔트로피: `-(matrix * matrix.clamp_min(1e-12).log()).sum(-1).mean() / math.log(T)`."],
        solution="def pattern_of(matrix):\n"
                 "    import math\n"
                 "    diagonal = max(torch.diagonal(matrix, k).mean().item() for k in (-1, 0, 1))\n"
                 "    if diagonal >= 0.5:\n        return 'diagonal'\n"
                 "    if matrix.mean(dim=0).max().item() >= 0.5:\n        return 'vertical'\n"
                 "    entropy = -(matrix * matrix.clamp_min(1e-12).log()).sum(-1).mean().item()\n"
                 "    if entropy / math.log(matrix.shape[-1]) >= 0.75:\n        return 'broad'\n"
                 "    return 'heterogeneous'",
        wrong=["def pattern_of(matrix):\n"
               "    diagonal = max(torch.diagonal(matrix, k).mean().item() for k in (-1, 0, 1))\n"
               "    if diagonal >= 0.5:\n        return 'diagonal'\n"
               "    if matrix.mean(dim=0).max().item() >= 0.5:\n        return 'vertical'\n"
               "    entropy = -(matrix * matrix.clamp_min(1e-12).log()).sum(-1).mean().item()\n"
               "    if entropy >= 0.75:\n        return 'broad'\n"
               "    return 'heterogeneous'",
               "def pattern_of(matrix):\n"
               "    import math\n"
               "    if matrix.mean(dim=1).max().item() >= 0.5:\n        return 'vertical'\n"
               "    entropy = -(matrix * matrix.clamp_min(1e-12).log()).sum(-1).mean().item()\n"
               "    if entropy / math.log(matrix.shape[-1]) >= 0.75:\n        return 'broad'\n"
               "    return 'heterogeneous'"],
        blank="def pattern_of(matrix):\n    return ____",
        allows=TENSOR_MATH,
        delegating=["from bertlab.attention import AttentionMaps, head_statistics\n\n"
                    "def pattern_of(matrix):\n"
                    "    T = matrix.shape[-1]\n"
                    "    maps = AttentionMaps(tokens=['x'] * T, probs=matrix[None, None], cls_positions=[],\n"
                    "                         sep_positions=[], segment_ids=[0] * T)\n"
                    "    return head_statistics(maps).patterns[0][0]"],
        explanation="세로줄은 '모든 행이 같은 열로', 대각선은 '모든 행이 자기 근처로' 가는 무늬입니다. 엔트로피는 "
                    "토큰 수에 따라 커지므로 log T로 나눠 문장 길이와 상관없이 비교합니다.",
    ),
    Quiz(
        name="attention_as_explanation", title="어텐션은 설명일까?", reads="answer_explanation",
        prompt="Jain & Wallace(2019)와 Wiegreffe & Pinter(2019)의 논쟁에서 얻을 수 있는 가장 알맞은 결론은?",
        choices=["어텐션 확률이 큰 토큰이 곧 모델 판단의 원인이라는 것이 증명되었다",
                 "어텐션은 아무 정보도 없으므로 시각화할 필요가 없다",
                 "어텐션 확률을 바꾸거나 섞어도 예측이 그대로인 경우가 있어, 확률만으로 '왜'를 설명한다고 "
                 "단정할 수 없다. 다만 어떤 과제·조건에서는 쓸모 있는 단서가 될 수 있다",
                 "BERT의 어텐션은 항상 문법 구조와 정확히 일치한다"],
        answer=3,
        feedback={1: "Jain & Wallace는 가중치를 크게 바꿔도 예측이 거의 같은 경우를 보여 이 주장을 반박했습니다.",
                  2: "Wiegreffe & Pinter는 어텐션이 어떤 조건에서는 의미 있는 정보를 담는다고 반론했습니다.",
                  4: "Clark et al.은 특정 문법 관계를 잘 따르는 헤드를 찾았지만, 모든 헤드가 그런 것은 아닙니다."},
        hints=["두 논문의 제목을 떠올려 보세요: 'Attention is not Explanation'과 'Attention is not not Explanation'."],
        explanation="어텐션 그림은 모델이 '어디를 섞었는지'는 보여 주지만 '왜 그렇게 판단했는지'의 증거로 쓰려면 "
                    "값 벡터의 크기, 그래디언트, 가중치를 바꿔 보는 실험 같은 추가 확인이 필요합니다.",
    ),
]
