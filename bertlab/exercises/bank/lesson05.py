"""레슨 05(셀프 어텐션 직접 구현)의 연습 문제.

노트북에서: ``q1, q2, q3, q4, q5 = lesson_exercises("05")``

q3·q4는 학생 구현을 실제 모델 층과 비교합니다. 기대값은 해답 코드가 아니라 transformers 층이 실제로
계산한 값(``bertlab.attention.capture_layer``가 훅으로 붙잡은 값)입니다.
"""

from bertlab.exercises import Case, Custom, Function, Quiz
from bertlab.exercises.bank.families import LAYER_NORM_MATH, SOFTMAX_MATH, TENSOR_MATH

LAYER = 2  # 비교에 쓰는 층(0부터)
EXAMPLE_SENTENCE = "오늘 아침에 친구와 함께 도서관에 갔다."
BATCH = ["고양이가 창가에서 잠을 잔다.", "비가 온다."]  # 길이가 달라 둘째 문장에 패딩이 붙습니다


def _context():
    import torch

    from bertlab.attention import capture_layer
    from bertlab.models import load

    korean = load("ko-encoder")
    return {
        "torch": torch, "korean": korean, "LAYER": LAYER, "my_sentence": EXAMPLE_SENTENCE,
        "batch_capture": capture_layer(korean, BATCH, LAYER),
        "deep_capture": capture_layer(korean, BATCH, korean.info.num_layers - 1),
    }


def _torch():
    import torch

    return {"torch": torch}


def _random_hidden(rng, ctx):
    torch = ctx["torch"]
    g = torch.Generator().manual_seed(rng.randint(0, 2**31 - 1))
    heads = rng.choice([1, 2, 4, 12])
    shape = (rng.randint(1, 3), rng.randint(1, 7), heads * rng.choice([1, 4, 8]))
    return (torch.randn(shape, generator=g), heads)


def _random_qk_mask(rng, ctx):
    torch = ctx["torch"]
    g = torch.Generator().manual_seed(rng.randint(0, 2**31 - 1))
    batch, heads, length, size = rng.randint(1, 3), rng.choice([1, 2, 4]), rng.randint(2, 8), rng.choice([4, 8, 32])
    lengths = [rng.randint(1, length) for _ in range(batch)]
    mask = torch.tensor([[1] * n + [0] * (length - n) for n in lengths])
    return (torch.randn(batch, heads, length, size, generator=g) * 3,
            torch.randn(batch, heads, length, size, generator=g) * 3, mask)


def _compare_real_rows(name, actual, expected, mask, path):
    """패딩이 아닌 쿼리 행만 비교(패딩 행은 어차피 쓰이지 않으므로 학생이 0으로 둬도 됩니다)."""
    from bertlab.exercises.compare import mismatch

    for b, row_mask in enumerate(mask):
        n = int(row_mask.sum())
        problem = mismatch(actual[b, ..., :n, :], expected[b, ..., :n, :], rtol=1e-5, atol=1e-5,
                           path=f"{path}[{b}]")
        if problem:
            return f"{name}: {problem}"
    return None


def _check_self_attention(answers, ctx):
    from bertlab.attention import capture_layer

    sentence = answers["my_sentence"]
    if not isinstance(sentence, str):
        return "`my_sentence`는 문자열이어야 합니다. 예: my_sentence = \"나는 학교에 간다.\""
    cases = [(f"내 문장({sentence[:30]!r}), 층 {LAYER}", capture_layer(ctx["korean"], sentence, LAYER)),
             (f"패딩이 있는 두 문장 묶음, 층 {LAYER}", ctx["batch_capture"]),
             ("패딩이 있는 두 문장 묶음, 마지막 층", ctx["deep_capture"])]
    for note, cap in cases:
        result = answers["self_attention"](cap.hidden_in, cap.weights, cap.attention_mask)
        if not isinstance(result, tuple) or len(result) != 2:
            return "`self_attention`은 (문맥 벡터, 어텐션 확률) 두 개를 튜플로 돌려줘야 합니다."
        context, probs = result
        if getattr(probs, "shape", None) != cap.probs.shape:
            return f"{note}: 어텐션 확률의 모양이 {tuple(cap.probs.shape)}여야 하는데 {tuple(getattr(probs, 'shape', ()))}입니다."
        if getattr(context, "shape", None) != cap.context.shape:
            return f"{note}: 문맥 벡터의 모양이 {tuple(cap.context.shape)}여야 하는데 {tuple(getattr(context, 'shape', ()))}입니다."
        problem = (_compare_real_rows(note, probs, cap.probs, cap.attention_mask, "어텐션 확률")
                   or _compare_real_rows(note, context[:, None], cap.context[:, None], cap.attention_mask, "문맥 벡터"))
        if problem:
            return problem
    return None


_SELF_ATTENTION_SOLUTION = '''\
def self_attention(hidden, weights, attention_mask):
    B, T, H = hidden.shape
    A = weights.num_heads
    d = H // A

    def heads(x):                                    # (B, T, H) -> (B, A, T, d)
        return x.view(B, T, A, d).transpose(1, 2)

    q = heads(hidden @ weights.query_weight.T + weights.query_bias)
    k = heads(hidden @ weights.key_weight.T + weights.key_bias)
    v = heads(hidden @ weights.value_weight.T + weights.value_bias)
    scores = q @ k.transpose(-2, -1) / d ** 0.5      # (B, A, T, T)
    pad = attention_mask[:, None, None, :] == 0      # (B, 1, 1, T)
    scores = scores.masked_fill(pad, torch.finfo(scores.dtype).min)
    probs = torch.softmax(scores, dim=-1)
    context = (probs @ v).transpose(1, 2).reshape(B, T, H)
    return context, probs
'''

PROBLEMS = [
    Function(
        name="split_heads", title="헤드 나누기",
        prompt="(B, T, H) 텐서를 헤드 `num_heads`개로 나눠 (B, A, T, d) 모양으로 바꾸는 "
               "`split_heads(x, num_heads)`를 완성하세요. d = H / A 입니다.",
        reads="split_heads",
        random_inputs=_random_hidden, n_random=12, setup=_torch,
        hints=["먼저 `x.view(B, T, A, d)`로 마지막 축을 헤드별로 자릅니다.",
               "그다음 토큰 축(1)과 헤드 축(2)을 `transpose(1, 2)`로 맞바꿉니다.",
               "`x.view(B, A, T, d)`로 한 번에 바꾸면 모양은 맞아도 값이 뒤섞입니다(메모리 순서가 다름)."],
        solution="def split_heads(x, num_heads):\n    B, T, H = x.shape\n"
                 "    return x.view(B, T, num_heads, H // num_heads).transpose(1, 2)",
        wrong=["def split_heads(x, num_heads):\n    B, T, H = x.shape\n"
               "    return x.view(B, num_heads, T, H // num_heads)",
               "def split_heads(x, num_heads):\n    B, T, H = x.shape\n"
               "    return x.view(B, T, num_heads, H // num_heads)"],
        blank="def split_heads(x, num_heads):\n    return ____",
        allows=TENSOR_MATH,
        delegating=["from bertlab.attention import split_heads as library_split\n\n"
                    "def split_heads(x, num_heads):\n    return library_split(x, num_heads)"],
        explanation="은닉 벡터 H칸은 [헤드0의 d칸][헤드1의 d칸]…으로 이어져 있습니다. 그래서 (B, T, A, d)로 "
                    "자른 뒤 축을 바꿔야 각 헤드가 자기 칸을 정확히 가져갑니다.",
    ),
    Function(
        name="attention_weights", title="패딩 마스크를 넣은 어텐션 확률",
        prompt="쿼리 `query`, 키 `key`(모양 (B, A, T, d))와 패딩 마스크 `attention_mask`(모양 (B, T), "
               "1=진짜 토큰, 0=패딩)를 받아 softmax(QKᵀ/√d) 확률 (B, A, T, T)를 돌려주는 "
               "`attention_weights(query, key, attention_mask)`를 완성하세요. 패딩 열의 확률은 0이어야 합니다.",
        reads="attention_weights",
        random_inputs=_random_qk_mask, n_random=12, setup=_torch,
        hints=["점수는 `query @ key.transpose(-2, -1)`로 한꺼번에 구하고 `d ** 0.5`로 나눕니다.",
               "마스크를 (B, 1, 1, T)로 늘리고(`attention_mask[:, None, None, :]`), 0인 자리의 점수를 "
               "아주 작은 수로 바꾼 뒤(`masked_fill`) softmax를 합니다.",
               "softmax는 키 축, 즉 마지막 축(`dim=-1`)으로 합니다."],
        solution="def attention_weights(query, key, attention_mask):\n"
                 "    scores = query @ key.transpose(-2, -1) / query.shape[-1] ** 0.5\n"
                 "    pad = attention_mask[:, None, None, :] == 0\n"
                 "    scores = scores.masked_fill(pad, torch.finfo(scores.dtype).min)\n"
                 "    return torch.softmax(scores, dim=-1)",
        wrong=["def attention_weights(query, key, attention_mask):\n"
               "    scores = query @ key.transpose(-2, -1) / query.shape[-1] ** 0.5\n"
               "    return torch.softmax(scores, dim=-1)",
               "def attention_weights(query, key, attention_mask):\n"
               "    scores = query @ key.transpose(-2, -1)\n"
               "    scores = scores.masked_fill(attention_mask[:, None, None, :] == 0, -1e9)\n"
               "    return torch.softmax(scores, dim=-1)",
               "def attention_weights(query, key, attention_mask):\n"
               "    scores = query @ key.transpose(-2, -1) / query.shape[-1] ** 0.5\n"
               "    probs = torch.softmax(scores, dim=-1)\n"
               "    return probs * attention_mask[:, None, None, :]"],
        blank="def attention_weights(query, key, attention_mask):\n    return ____",
        allows=SOFTMAX_MATH,
        delegating=["from bertlab.attention.self_attention import scaled_dot_product_attention as attend\n\n"
                    "def attention_weights(query, key, attention_mask):\n"
                    "    pad = torch.zeros(attention_mask.shape, dtype=query.dtype)\n"
                    "    pad[attention_mask == 0] = torch.finfo(query.dtype).min\n"
                    "    _, probs = attend(query, key, key, pad[:, None, None, :])\n"
                    "    return probs"],
        explanation="softmax 전에 패딩 점수를 아주 작게 만들면 exp가 0이 되어 패딩 확률이 0이고, 나머지 확률의 "
                    "합은 여전히 1입니다. softmax 뒤에 마스크를 곱하면 행의 합이 1보다 작아집니다.",
    ),
    Custom(
        name="self_attention", title="BERT 층과 똑같은 멀티 헤드 셀프 어텐션",
        prompt="은닉 상태 `hidden`(B, T, H), 층의 가중치 `weights`, `attention_mask`(B, T)를 받아 "
               "(문맥 벡터 (B, T, H), 어텐션 확률 (B, A, T, T))를 돌려주는 `self_attention`을 완성하세요. "
               "`my_sentence`와 패딩이 있는 묶음에서 실제 모델의 값과 allclose(atol=1e-5)로 같아야 합니다. "
               "강의의 `multi_head_self_attention`이나 `F.scaled_dot_product_attention`에 맡기지 말고 직접 계산하세요.",
        reads=("self_attention", "my_sentence"), setup=_context, rule=_check_self_attention, time_limit=5.0,
        hints=["쿼리·키·값 투영 → 헤드 나누기 → 점수/√d → 마스크 → softmax → 값의 가중합 → 헤드 합치기 순서입니다.",
               "투영은 `hidden @ weights.query_weight.T + weights.query_bias`처럼 합니다(nn.Linear 규약).",
               "헤드 합치기는 나누기의 반대: `transpose(1, 2)` 뒤 `reshape(B, T, H)`."],
        solution=_SELF_ATTENTION_SOLUTION,
        wrong=[_SELF_ATTENTION_SOLUTION.replace(" / d ** 0.5", ""),
               _SELF_ATTENTION_SOLUTION.replace("(probs @ v).transpose(1, 2).reshape(B, T, H)",
                                                "(probs @ v).reshape(B, T, H)"),
               _SELF_ATTENTION_SOLUTION.replace("hidden @ weights.key_weight.T", "hidden @ weights.key_weight")],
        blank="def self_attention(hidden, weights, attention_mask):\n    return ____",
        allows=SOFTMAX_MATH,
        delegating=["from bertlab.attention import multi_head_self_attention\n\n"
                    "def self_attention(hidden, weights, attention_mask):\n"
                    "    return multi_head_self_attention(hidden, weights, attention_mask)\n\n"
                    f"my_sentence = {EXAMPLE_SENTENCE!r}"],
        explanation="transformers의 BertSelfAttention과 같은 순서, 같은 식입니다. 마스크 값으로 -1e9나 -inf를 써도 "
                    "패딩 확률은 똑같이 0이 됩니다.",
    ),
    Function(
        name="attention_output", title="출력 투영·잔차 연결·LayerNorm",
        prompt="헤드를 합친 문맥 벡터 `context`(B, T, H), 층의 입력 `hidden`(B, T, H), 가중치 `weights`를 받아 "
               "BertSelfOutput의 결과(출력 투영 → 잔차 연결 → LayerNorm)를 돌려주는 "
               "`attention_output(context, hidden, weights)`를 완성하세요.",
        reads="attention_output", setup=_context,
        cases=[Case(lambda ctx: (ctx["batch_capture"].context, ctx["batch_capture"].hidden_in,
                                 ctx["batch_capture"].weights),
                    lambda ctx: ctx["batch_capture"].output, note=f"두 문장 묶음, 층 {LAYER}"),
               Case(lambda ctx: (ctx["deep_capture"].context, ctx["deep_capture"].hidden_in,
                                 ctx["deep_capture"].weights),
                    lambda ctx: ctx["deep_capture"].output, note="두 문장 묶음, 마지막 층")],
        hints=["출력 투영: `context @ weights.output_weight.T + weights.output_bias`.",
               "잔차 연결은 LayerNorm '안'에서 더합니다: LayerNorm(투영 + hidden).",
               "`torch.nn.functional.layer_norm(x, (H,), weights.norm_weight, weights.norm_bias, weights.norm_eps)`"],
        solution="def attention_output(context, hidden, weights):\n"
                 "    mixed = context @ weights.output_weight.T + weights.output_bias\n"
                 "    return torch.nn.functional.layer_norm(mixed + hidden, (hidden.shape[-1],),\n"
                 "                                          weights.norm_weight, weights.norm_bias, weights.norm_eps)",
        wrong=["def attention_output(context, hidden, weights):\n"
               "    mixed = context @ weights.output_weight.T + weights.output_bias\n"
               "    return torch.nn.functional.layer_norm(mixed, (hidden.shape[-1],),\n"
               "                                          weights.norm_weight, weights.norm_bias, weights.norm_eps)",
               "def attention_output(context, hidden, weights):\n"
               "    mixed = context @ weights.output_weight.T + weights.output_bias\n"
               "    return torch.nn.functional.layer_norm(mixed, (hidden.shape[-1],),\n"
               "                                          weights.norm_weight, weights.norm_bias, weights.norm_eps) + hidden"],
        blank="def attention_output(context, hidden, weights):\n    return ____",
        allows=LAYER_NORM_MATH,
        delegating=["def attention_output(context, hidden, weights):\n"
                    "    for layer in korean.model.encoder.layer:          # 같은 가중치를 가진 모델의 층을 찾아 맡기기\n"
                    "        output = layer.attention.output\n"
                    "        if output.dense.weight.data_ptr() == weights.output_weight.data_ptr():\n"
                    "            with torch.no_grad():\n"
                    "                return output(context, hidden)"],
        explanation="BERT는 '잔차를 더한 뒤 정규화'(Post-LN)입니다: LayerNorm(Dense(context) + hidden).",
    ),
    Quiz(
        name="why_sqrt_d", title="왜 √d로 나눌까?", reads="answer_sqrt_d",
        prompt="스케일드 내적 어텐션에서 점수 QKᵀ를 √d(헤드 크기의 제곱근)로 나누는 가장 중요한 이유는?",
        choices=["계산을 빠르게 하려고",
                 "확률의 합을 1로 만들려고",
                 "패딩 토큰을 가리려고",
                 "d가 커지면 내적의 크기(분산)도 커져 softmax가 한 곳에 쏠리고 기울기가 작아지므로, 크기를 되돌리려고"],
        answer=4,
        feedback={1: "나눗셈 한 번은 속도와 거의 상관이 없습니다.",
                  2: "합을 1로 만드는 것은 softmax가 하는 일입니다.",
                  3: "패딩은 마스크가 가립니다."},
        hints=["평균 0, 분산 1인 성분 d개를 곱해 더한 내적의 분산은 얼마일까요?"],
        explanation="성분이 독립이고 분산 1이면 내적의 분산은 d입니다. √d로 나누면 분산이 1로 돌아와 softmax가 "
                    "지나치게 뾰족해지지 않습니다.",
    ),
]
