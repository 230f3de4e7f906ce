"""레슨 07(마스크드 언어 모델)의 연습 문제.

노트북에서: ``q1, q2, q3, q4, q5 = lesson_exercises("07")``

- q1 마스킹 함수: 큰 표본(비-특수 토큰 약 10만 개, 시드 고정)에서 15 / 12 / 1.5 / 1.5 / 85 %를
  ±0.5%p 안으로 맞추는지, 특수 토큰을 건드리지 않는지, 레이블 규칙을 지키는지 통계로 확인합니다.
- q5 손실: 기대값은 해답 코드가 아니라 모델 자신이 계산한 ``outputs.loss``입니다. 교차 엔트로피는
  ``F.cross_entropy`` 없이 log_softmax로 직접 계산해야 합니다(``forbidden``).
"""

from bertlab.exercises import Case, Function, Quiz, Statistic
from bertlab.exercises.bank.families import PYTHON_ONLY, RANDOM_MASKING, SOFTMAX_MATH

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
        allows=RANDOM_MASKING,
        delegating=["from bertlab.pretraining import mask_tokens\n\n"
                    "def my_mask_tokens(input_ids, special_mask, vocab_size, mask_token_id):\n"
                    "    return mask_tokens(input_ids, special_mask, vocab_size, mask_token_id)"],
        explanation="같은 난수 `u` 하나로 80/10/10을 나누면 세 경우가 겹치지도 빠지지도 않습니다. transformers의 "
                    "`DataCollatorForLanguageModeling`은 베르누이 추첨을 두 번(0.8, 그다음 남은 것 중 0.5) 하는데, "
                    "확률로는 똑같습니다.",
    ),
    Quiz(
        name="why_split", title="그대로 두는 10%가 하는 일", reads="answer_why_split",
        prompt="고른 토큰을 80/10/10 대신 **[MASK] 90%, 무작위 10%**로 바꾸고, 그대로 두는 10%를 없앤다고 해 봅시다. "
               "무엇이 달라질까요?",
        choices=["보이는 단어가 정답인 경우가 사라져, 모델이 보이는 단어의 표현을 그 단어 자신 쪽으로 다듬을 이유가 "
                 "약해진다",
                 "고른 자리의 손실을 계산할 수 없게 된다",
                 "입력에 [MASK]가 줄어 사전 훈련과 파인 튜닝의 입력이 더 비슷해진다",
                 "무작위로 바뀐 토큰이 두 배로 늘어 언어 이해를 해친다"],
        answer=1,
        feedback={2: "손실은 여전히 고른 자리(레이블이 -100이 아닌 자리)에서 계산됩니다. 입력이 무엇으로 바뀌었든 "
                     "레이블은 원래 토큰입니다.",
                  3: "반대입니다. [MASK]가 80%에서 90%로 늘어 파인 튜닝(입력에 [MASK]가 없음)과 더 달라집니다.",
                  4: "무작위 몫은 10% 그대로입니다. 바뀐 것은 그대로 두던 10%가 [MASK]로 간 것뿐입니다."},
        hints=["그대로 둔 10%의 자리에서는 입력에 보이는 단어와 정답이 같습니다. 그런 경우가 하나도 없다면 모델은 "
               "보이는 단어에 대해 무엇을 배우게 될까요?"],
        explanation="그대로 둔 10%가 있으면 '보이는 단어가 정답일 수도 있다'는 것을 배워, 보이는 단어의 표현이 실제 "
                    "그 단어를 잘 담도록 다듬어집니다(BERT 논문: bias the representation towards the actual observed "
                    "word). 무작위 10%는 반대로 보이는 단어도 의심하게 만들어, 두 장치가 함께 [MASK]가 없는 실제 "
                    "문장에서도 모든 토큰의 표현을 성실히 만들게 합니다.",
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
        allows=PYTHON_ONLY,
        delegating=["from bertlab.pretraining import expected_shares as shares\n\n"
                    "def expected_shares(p, mask_ratio, random_ratio):\n"
                    "    found = shares(p, mask_ratio, random_ratio)\n"
                    "    return (found['mask'], found['random'], found['kept'], found['untouched'])"],
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
        allows=SOFTMAX_MATH,
        delegating=["from bertlab.pretraining.blanks import top_k_at\n\n"
                    "class SameIds:   # 강의 함수가 id를 토큰으로 바꾸지 않게\n"
                    "    def convert_ids_to_tokens(self, ids):\n        return ids\n\n"
                    "def top_k_at_masks(logits, input_ids, mask_token_id, k):\n"
                    "    ids, probs = [], []\n"
                    "    for b in range(len(logits)):\n"
                    "        where = (input_ids[b] == mask_token_id).nonzero().flatten()\n"
                    "        for guess in top_k_at(logits[b], where, SameIds(), k):\n"
                    "            ids.append([i for i, _ in guess.candidates])\n"
                    "            probs.append([p for _, p in guess.candidates])\n"
                    "    return torch.tensor(ids), torch.tensor(probs)"],
        explanation="softmax는 순서를 바꾸지 않으므로 id는 로짓의 topk와 같지만, 사람에게 보여 줄 확률은 "
                    "어휘 전체에 대해 softmax를 해야 나옵니다. 축을 잘못 고르면(토큰 축) 엉뚱한 확률이 됩니다.",
    ),
    Function(
        name="masked_lm_loss", title="고른 자리에서만 손실 계산", reads="masked_lm_loss", setup=_loss_context,
        prompt="MLM 로짓 `logits`(모양 (B, T, V))와 `labels`(모양 (B, T), 고르지 않은 자리는 -100)를 받아, 고른 "
               "자리에서만 교차 엔트로피를 평균한 손실을 돌려주는 `masked_lm_loss(logits, labels)`를 완성하세요. "
               "교차 엔트로피는 `F.cross_entropy` 없이 정의대로(정답 토큰의 log 확률에 -를 붙인 값) 직접 계산합니다. "
               "채점기는 모델이 직접 계산한 `outputs.loss`와 비교합니다.",
        cases=[Case(lambda ctx: (ctx["model_logits"], ctx["model_labels"]), lambda ctx: ctx["model_loss"],
                    note="모델 자신이 계산한 손실(outputs.loss)과 비교")],
        random_inputs=_logits_labels, n_random=10, compare=_compare_scalar,
        hints=["고른 자리는 `chosen = labels != -100`입니다. `logits[chosen]`은 (M, V), `labels[chosen]`은 (M,)입니다.",
               "`logits[chosen].log_softmax(dim=-1)`이 어휘 전체에 대한 log 확률 (M, V)입니다. 행마다 정답 열 하나를 "
               "고르세요: `log_probs[torch.arange(M), targets]`.",
               "고른 log 확률들의 평균에 -를 붙이면 교차 엔트로피입니다."],
        solution="def masked_lm_loss(logits, labels):\n"
                 "    chosen = labels != -100                              # (B, T)\n"
                 "    log_probs = logits[chosen].log_softmax(dim=-1)       # (M, V)\n"
                 "    targets = labels[chosen]                             # (M,)\n"
                 "    return -log_probs[torch.arange(len(targets)), targets].mean()",
        wrong=["def masked_lm_loss(logits, labels):\n"
               "    chosen = labels != -100\n"
               "    log_probs = logits[chosen].log_softmax(dim=-1)\n"
               "    targets = labels[chosen]\n"
               "    return -log_probs[torch.arange(len(targets)), targets].sum() / labels.numel()",
               "def masked_lm_loss(logits, labels):\n"
               "    chosen = labels != -100\n"
               "    targets = labels[chosen]\n"
               "    return -logits[chosen][torch.arange(len(targets)), targets].mean()",
               "def masked_lm_loss(logits, labels):\n"
               "    log_probs = logits.log_softmax(dim=-1)\n"
               "    return -log_probs.gather(-1, labels.clamp(min=0).unsqueeze(-1)).mean()"],
        blank="def masked_lm_loss(logits, labels):\n    return ____",
        allows=SOFTMAX_MATH,
        delegating=["def masked_lm_loss(logits, labels):\n"
                    "    chosen = labels != -100\n"
                    "    return F.cross_entropy(logits[chosen], labels[chosen])",
                    "def masked_lm_loss(logits, labels):\n"
                    "    return torch.nn.CrossEntropyLoss()(logits.view(-1, logits.shape[-1]), labels.view(-1))"],
        explanation="고르지 않은 85%의 자리는 입력에 정답이 그대로 보이므로 맞히는 것이 의미가 없습니다. 그래서 "
                    "손실은 고른 자리만의 평균입니다. 전체 자리 수로 나누면 손실이 약 15%로 줄어든 엉뚱한 값이 됩니다. "
                    "`F.cross_entropy(logits[chosen], labels[chosen])`가 바로 이 계산이며, 레이블 -100인 자리를 "
                    "원래 건너뛰므로 이제부터는 그것을 써도 됩니다.",
    ),
]
