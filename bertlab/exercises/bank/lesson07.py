"""레슨 07(마스크드 언어 모델)의 연습 문제.

노트북에서: ``q1, q2, q3, q4, q5 = lesson_exercises("07")``

- q1 마스킹 함수: 큰 표본(비-특수 토큰 약 10만 개, 시드 고정)에서 15 / 12 / 1.5 / 1.5 / 85 %를
  ±0.5%p 안으로 맞추는지, 특수 토큰을 건드리지 않는지, 레이블 규칙을 지키는지 통계로 확인합니다.
- q5 손실: 기대값은 해답 코드가 아니라 모델 자신이 계산한 ``outputs.loss``입니다.
"""

from bertlab.exercises import Case, Function, Quiz, Statistic

VOCAB_SIZE = 30522            # bert-base-uncased 어휘 크기
PAD_ID, CLS_ID, SEP_ID, MASK_ID = 0, 101, 102, 103
TOLERANCE = 0.005             # ±0.5%p


def _masking_context():
    import torch

    g = torch.Generator().manual_seed(2024)
    rows, width = 300, 512
    ids = torch.randint(999, VOCAB_SIZE, (rows, width), generator=g)  # (B, T) 보통 단어 id
    lengths = torch.randint(64, width + 1, (rows,), generator=g)
    for i, n in enumerate(lengths.tolist()):  # [CLS] A [SEP] B [SEP] [PAD]...
        ids[i, 0], ids[i, n // 2], ids[i, n - 1], ids[i, n:] = CLS_ID, SEP_ID, SEP_ID, PAD_ID
    special = (ids == CLS_ID) | (ids == SEP_ID) | (ids == PAD_ID)  # (B, T)
    return {"torch": torch, "sample_ids": ids, "sample_special": special, "VOCAB_SIZE": VOCAB_SIZE,
            "MASK_ID": MASK_ID}


def _measure_masking(my_mask_tokens, ctx):
    from bertlab.exercises.outcome import Incorrect
    from bertlab.pretraining import classify, shares_from_kinds

    torch = ctx["torch"]
    ids, special = ctx["sample_ids"], ctx["sample_special"]
    result = my_mask_tokens(ids.clone(), special.clone(), VOCAB_SIZE, MASK_ID)
    if not isinstance(result, tuple) or len(result) != 2:
        raise Incorrect("`my_mask_tokens`는 (masked_ids, labels) 두 텐서를 튜플로 돌려줘야 합니다.")
    masked, labels = result
    for name, value in (("masked_ids", masked), ("labels", labels)):
        if not isinstance(value, torch.Tensor) or value.shape != ids.shape:
            raise Incorrect(f"{name}는 input_ids와 같은 모양 {tuple(ids.shape)}의 텐서여야 합니다 "
                            f"(받은 것: {getattr(value, 'shape', type(value).__name__)}).")
    chosen = labels != -100  # (B, T)
    counts, shares = shares_from_kinds(classify(ids, masked, labels, special, MASK_ID))
    n_chosen = max(int(chosen.sum()), 1)
    random_ids = masked[chosen & (masked != MASK_ID) & (masked != ids)]
    return {
        "고른 비율": shares["mask"] + shares["random"] + shares["kept"],
        "[MASK] 비율": shares["mask"], "무작위 비율": shares["random"], "그대로 비율": shares["kept"],
        "고르지 않은 비율": shares["untouched"],
        "고른 것 중 [MASK]": counts["mask"] / n_chosen,
        "특수 토큰을 건드린 수": int((masked[special] != ids[special]).sum() + chosen[special].sum()),
        "레이블이 원래 토큰과 다른 수": int((chosen & (labels != ids)).sum()),
        "레이블 없이 바뀐 수": int((~chosen & (masked != ids)).sum()),
        "무작위 토큰의 서로 다른 id 비율": len(set(random_ids.tolist())) / max(len(random_ids), 1),
    }


_MASKING_SOLUTION = '''\
def my_mask_tokens(input_ids, special_mask, vocab_size, mask_token_id):
    labels = input_ids.clone()
    chosen = (torch.rand(input_ids.shape) < 0.15) & ~special_mask     # 15% 고르기(특수 토큰 제외)
    labels[~chosen] = -100                                            # 고르지 않은 자리는 손실에서 제외
    u = torch.rand(input_ids.shape)                                   # 고른 자리마다 주사위 하나
    to_mask = chosen & (u < 0.8)                                      # 80% -> [MASK]
    to_random = chosen & (u >= 0.8) & (u < 0.9)                       # 10% -> 무작위 토큰
    masked = input_ids.clone()
    masked[to_mask] = mask_token_id
    masked[to_random] = torch.randint(vocab_size, input_ids.shape)[to_random]
    return masked, labels                                             # 나머지 10%는 그대로
'''


def _random_logits(rng, ctx):
    torch = ctx["torch"]
    g = torch.Generator().manual_seed(rng.randint(0, 2**31 - 1))
    batch, length, vocab = rng.randint(1, 3), rng.randint(3, 9), rng.choice([7, 20, 50])
    ids = torch.randint(5, vocab, (batch, length), generator=g)  # (B, T)
    mask_id = 4
    for b in range(batch):
        for t in rng.sample(range(length), rng.randint(1, min(3, length))):
            ids[b, t] = mask_id
    return (torch.randn(batch, length, vocab, generator=g) * 3, ids, mask_id, rng.randint(1, 5))


def _logits_labels(rng, ctx):
    torch = ctx["torch"]
    g = torch.Generator().manual_seed(rng.randint(0, 2**31 - 1))
    batch, length, vocab = rng.randint(1, 3), rng.randint(4, 12), rng.choice([10, 50, 200])
    labels = torch.full((batch, length), -100)
    targets = torch.randint(vocab, (batch, length), generator=g)
    chosen = torch.rand(batch, length, generator=g) < 0.3
    chosen[0, rng.randrange(length)] = True  # 적어도 한 자리는 고름
    labels[chosen] = targets[chosen]
    return (torch.randn(batch, length, vocab, generator=g) * 2, labels)


def _loss_context():
    """모델 자신의 손실: 한국어 MLM이 있으면 그것, 없으면 무작위 초기화한 작은 BertForMaskedLM."""
    import torch
    import torch.nn.functional as F

    from bertlab.errors import ModelUnavailableError
    from bertlab.pretraining import special_token_ids, tiny_masked_lm
    from bertlab.models import load
    from bertlab.pretraining import mask_tokens, special_tokens_mask

    try:
        model, tokenizer = load("ko-mlm", head="mlm")  # load()는 CPU에서 항상 float32로 불러옵니다
        enc = tokenizer(["배우들의 연기가 정말 좋았고 음악도 영화와 잘 어울렸다."], return_tensors="pt")
        ids = enc["input_ids"]
        special = special_tokens_mask(ids, special_token_ids(tokenizer))
        vocab_size, mask_id = len(tokenizer), tokenizer.mask_token_id
    except ModelUnavailableError:
        vocab_size, mask_id = 1000, 4
        model = tiny_masked_lm(vocab_size, seed=0)
        ids = torch.randint(5, vocab_size, (2, 16), generator=torch.Generator().manual_seed(0))
        special = torch.zeros_like(ids, dtype=torch.bool)
    masked, labels = mask_tokens(ids, special, vocab_size, mask_id, mlm_probability=0.3,
                                 generator=torch.Generator().manual_seed(7))
    with torch.no_grad():
        out = model(input_ids=masked, labels=labels)
    return {"torch": torch, "F": F, "model_logits": out.logits, "model_labels": labels,
            "model_loss": out.loss.item()}


def _compare_scalar(actual, expected):
    from bertlab.exercises.compare import mismatch

    if hasattr(actual, "ndim") and getattr(actual, "ndim", 0) == 0:
        actual = float(actual)
    elif hasattr(actual, "shape"):
        return f"손실은 숫자 하나(0차원 텐서)여야 하는데 모양이 {tuple(actual.shape)}입니다. 평균을 내세요."
    return mismatch(actual, float(expected), rtol=1e-4, atol=1e-5)


PROBLEMS = [
    Statistic(
        name="mask_tokens", title="BERT 마스킹 직접 구현", reads="my_mask_tokens", setup=_masking_context,
        prompt="`my_mask_tokens(input_ids, special_mask, vocab_size, mask_token_id)`를 완성하세요. "
               "특수 토큰(`special_mask`가 True)이 아닌 토큰의 15%를 고르고, 고른 것의 80%는 `mask_token_id`로, "
               "10%는 `0 ~ vocab_size-1` 중 무작위 id로 바꾸고, 10%는 그대로 둡니다. "
               "돌려줄 것은 `(masked_ids, labels)`: labels는 고른 자리만 원래 id, 나머지는 -100입니다. "
               "채점기는 비-특수 토큰 약 10만 개짜리 표본에서 비율(15 / 12 / 1.5 / 1.5 / 85%, 각각 ±0.5%p)과 "
               "규칙(특수 토큰·레이블)을 잽니다.",
        measure=_measure_masking, seed=0, time_limit=6.0,
        targets={"고른 비율": (0.15, TOLERANCE), "[MASK] 비율": (0.12, TOLERANCE),
                 "무작위 비율": (0.015, TOLERANCE), "그대로 비율": (0.015, TOLERANCE),
                 "고르지 않은 비율": (0.85, TOLERANCE), "고른 것 중 [MASK]": (0.8, 0.02),
                 "특수 토큰을 건드린 수": (0, 0), "레이블이 원래 토큰과 다른 수": (0, 0),
                 "레이블 없이 바뀐 수": (0, 0), "무작위 토큰의 서로 다른 id 비율": (1.0, 0.1)},
        hints=["`torch.rand(input_ids.shape) < 0.15`가 15% 확률의 True/False 텐서입니다. 특수 토큰 자리는 "
               "`& ~special_mask`로 빼세요.",
               "고른 자리마다 0~1 난수 `u`를 하나 더 뽑아 `u < 0.8`이면 [MASK], `0.8 <= u < 0.9`면 무작위, "
               "나머지는 그대로 둡니다. 세 경우가 겹치지 않도록 같은 `u` 하나로 나누는 것이 요령입니다.",
               "labels는 `input_ids.clone()`에서 고르지 않은 자리를 -100으로 바꾸면 됩니다. "
               "input_ids를 제자리에서 바꾸지 말고 `clone()`한 텐서를 고치세요."],
        solution=_MASKING_SOLUTION,
        wrong=[_MASKING_SOLUTION.replace("(u < 0.8)", "(u < 1.0)").replace("(u >= 0.8) & (u < 0.9)", "(u > 1.0)"),
               # ↑ 고른 것을 모두 [MASK]로
               _MASKING_SOLUTION.replace(" & ~special_mask", ""),  # 특수 토큰도 고름
               _MASKING_SOLUTION.replace("    labels[~chosen] = -100", "    pass"),  # 모든 자리에 레이블
               _MASKING_SOLUTION.replace("torch.randint(vocab_size, input_ids.shape)[to_random]", "7"),  # 늘 같은 토큰
               _MASKING_SOLUTION.replace("< 0.15)", "< 0.15 * 0.8)")],  # 12%만 고름
        blank="def my_mask_tokens(input_ids, special_mask, vocab_size, mask_token_id):\n    return ____",
        explanation="같은 난수 `u` 하나로 80/10/10을 나누면 세 경우가 겹치지도 빠지지도 않습니다. transformers의 "
                    "`DataCollatorForLanguageModeling`은 베르누이 추첨을 두 번(0.8, 그다음 남은 것 중 0.5) 하는데, "
                    "확률로는 똑같습니다.",
    ),
    Quiz(
        name="why_split", title="왜 전부 [MASK]로 바꾸지 않을까?", reads="answer_why_split",
        prompt="BERT는 고른 토큰을 모두 [MASK]로 바꾸지 않고 10%는 무작위 토큰, 10%는 그대로 둡니다. 가장 큰 이유는?",
        choices=["[MASK] 토큰은 어휘에 하나뿐이라 너무 자주 쓰면 임베딩이 망가지기 때문",
                 "파인 튜닝과 실제 사용 때는 입력에 [MASK]가 없으므로, [MASK]가 아닌 토큰에서도 "
                 "좋은 표현을 만들도록 사전 훈련과 파인 튜닝의 입력 차이를 줄이려고",
                 "무작위 토큰을 섞으면 계산이 빨라지기 때문",
                 "그대로 둔 토큰은 정답을 알려 주므로 손실이 작아져 훈련이 안정되기 때문"],
        answer=2,
        feedback={1: "[MASK]도 보통 토큰처럼 임베딩 하나일 뿐이고, 자주 쓴다고 망가지지 않습니다.",
                  3: "계산량은 똑같습니다. 바뀌는 것은 입력에 어떤 토큰이 보이느냐입니다.",
                  4: "손실을 줄이려는 것이 아닙니다. 모델이 '보이는 토큰도 틀릴 수 있다'고 생각하며 모든 토큰의 "
                     "표현을 성실히 만들게 하려는 것입니다."},
        explanation="[MASK]만 보고 배운 모델은 '[MASK] 자리만 예측하면 된다'고 배워, [MASK]가 없는 실제 문장에서는 "
                    "다른 토큰의 표현을 덜 다듬을 수 있습니다. 10%를 무작위로 바꾸면 보이는 토큰도 의심해야 하고, "
                    "10%를 그대로 두면 보이는 토큰의 표현이 실제 단어 쪽으로 치우칩니다.",
    ),
    Function(
        name="expected_shares", title="전체 토큰 중 몇 %?", reads="expected_shares",
        prompt="선택 확률 `p`, 고른 것 중 [MASK] 몫 `mask_ratio`, 무작위 몫 `random_ratio`를 받아 전체 토큰 "
               "대비 ([MASK] 비율, 무작위 비율, 그대로 비율, 고르지 않은 비율)을 튜플로 돌려주는 "
               "`expected_shares(p, mask_ratio, random_ratio)`를 완성하세요. BERT 기본값이면 "
               "(0.12, 0.015, 0.015, 0.85)입니다.",
        cases=[Case((0.15, 0.8, 0.1), (0.12, 0.015, 0.015, 0.85), note="BERT 기본값"),
               Case((0.15, 1.0, 0.0), (0.15, 0.0, 0.0, 0.85), note="모두 [MASK]"),
               Case((0.4, 0.8, 0.1), note="선택 확률 40%")],
        random_inputs=lambda rng, ctx: (round(rng.uniform(0.05, 0.5), 2), round(rng.uniform(0.3, 0.8), 2),
                                        round(rng.uniform(0.0, 0.2), 2)),
        hints=["[MASK] 비율 = (고를 확률) × (고른 것 중 [MASK] 몫).",
               "그대로 몫은 1 - mask_ratio - random_ratio 입니다."],
        solution="def expected_shares(p, mask_ratio, random_ratio):\n"
                 "    return (p * mask_ratio, p * random_ratio, p * (1 - mask_ratio - random_ratio), 1 - p)",
        wrong=["def expected_shares(p, mask_ratio, random_ratio):\n"
               "    return (mask_ratio, random_ratio, 1 - mask_ratio - random_ratio, 1 - p)",
               "def expected_shares(p, mask_ratio, random_ratio):\n"
               "    return (p * mask_ratio, p * random_ratio, p * random_ratio, 1 - p)"],
        blank="def expected_shares(p, mask_ratio, random_ratio):\n    return ____",
        explanation="15% × 80% = 12%, 15% × 10% = 1.5%. 그래서 실제로 [MASK]를 보는 토큰은 전체의 12%뿐입니다.",
    ),
    Function(
        name="top_k_at_masks", title="로짓에서 빈칸 후보 고르기", reads="top_k_at_masks", setup=_masking_context,
        prompt="MLM 헤드의 출력 `logits`(모양 (B, T, V))와 `input_ids`(모양 (B, T))를 받아, [MASK] 자리마다 "
               "확률이 가장 높은 토큰 k개의 id와 확률을 돌려주는 `top_k_at_masks(logits, input_ids, mask_token_id, k)`를 "
               "완성하세요. 돌려줄 것은 `(ids, probs)`, 둘 다 모양 (M, k)이고 M은 [MASK] 개수(앞 문장부터, 왼쪽부터 "
               "차례로), 확률은 내림차순입니다.",
        random_inputs=_random_logits, n_random=12,
        hints=["`logits[input_ids == mask_token_id]`는 [MASK] 자리의 로짓만 골라 모양 (M, V)를 만듭니다.",
               "로짓은 확률이 아닙니다. 어휘 축(`dim=-1`)으로 softmax를 한 뒤 `topk(k, dim=-1)`을 쓰세요.",
               "`top = probs.topk(k, dim=-1)` 다음 `return top.indices, top.values`"],
        solution="def top_k_at_masks(logits, input_ids, mask_token_id, k):\n"
                 "    probs = logits[input_ids == mask_token_id].softmax(dim=-1)   # (M, V)\n"
                 "    top = probs.topk(k, dim=-1)\n"
                 "    return top.indices, top.values",
        wrong=["def top_k_at_masks(logits, input_ids, mask_token_id, k):\n"
               "    top = logits[input_ids == mask_token_id].topk(k, dim=-1)\n"
               "    return top.indices, top.values",
               "def top_k_at_masks(logits, input_ids, mask_token_id, k):\n"
               "    probs = logits.softmax(dim=1)[input_ids == mask_token_id]\n"
               "    top = probs.topk(k, dim=-1)\n"
               "    return top.indices, top.values"],
        blank="def top_k_at_masks(logits, input_ids, mask_token_id, k):\n    return ____",
        explanation="softmax는 순서를 바꾸지 않으므로 id는 로짓의 topk와 같지만, 사람에게 보여 줄 확률은 "
                    "어휘 전체에 대해 softmax를 해야 나옵니다. 축을 잘못 고르면(토큰 축) 엉뚱한 확률이 됩니다.",
    ),
    Function(
        name="masked_lm_loss", title="고른 자리에서만 손실 계산", reads="masked_lm_loss", setup=_loss_context,
        prompt="MLM 로짓 `logits`(모양 (B, T, V))와 `labels`(모양 (B, T), 고르지 않은 자리는 -100)를 받아, 고른 "
               "자리에서만 교차 엔트로피를 평균한 손실을 돌려주는 `masked_lm_loss(logits, labels)`를 완성하세요. "
               "채점기는 모델이 직접 계산한 `outputs.loss`와 비교합니다.",
        cases=[Case(lambda ctx: (ctx["model_logits"], ctx["model_labels"]), lambda ctx: ctx["model_loss"],
                    note="모델 자신이 계산한 손실(outputs.loss)과 비교")],
        random_inputs=_logits_labels, n_random=10, compare=_compare_scalar,
        hints=["고른 자리는 `chosen = labels != -100`입니다.",
               "`F.cross_entropy(logits[chosen], labels[chosen])`: (M, V) 로짓과 (M,) 정답.",
               "`F.cross_entropy`는 레이블이 -100인 자리를 원래 건너뛰므로 "
               "`F.cross_entropy(logits.view(-1, V), labels.view(-1))`도 같은 값입니다."],
        solution="def masked_lm_loss(logits, labels):\n"
                 "    chosen = labels != -100                        # (B, T)\n"
                 "    return F.cross_entropy(logits[chosen], labels[chosen])",
        wrong=["def masked_lm_loss(logits, labels):\n"
               "    chosen = labels != -100\n"
               "    losses = F.cross_entropy(logits[chosen], labels[chosen], reduction='sum')\n"
               "    return losses / labels.numel()",
               "def masked_lm_loss(logits, labels):\n"
               "    return F.cross_entropy(logits.view(-1, logits.shape[-1]), labels.clamp(min=0).view(-1))"],
        blank="def masked_lm_loss(logits, labels):\n    return ____",
        explanation="고르지 않은 85%의 자리는 입력에 정답이 그대로 보이므로 맞히는 것이 의미가 없습니다. 그래서 "
                    "손실은 고른 자리만의 평균입니다. 전체 자리 수로 나누면 손실이 약 15%로 줄어든 엉뚱한 값이 됩니다.",
    ),
]
