"""MLM 마스킹: 토큰의 15%를 고르고, 고른 것의 80%는 [MASK], 10%는 무작위 토큰, 10%는 그대로.

레슨 07에서 학생이 같은 함수를 직접 구현하고, 통계 검사가 이 함수와 비교합니다. 레슨 08의 미니
사전 훈련과 ``ko-mini-bert`` 훈련도 이 함수를 그대로 씁니다.

전체 비-특수 토큰 기준으로 보면: 15% 선택 = 12% [MASK] + 1.5% 무작위 + 1.5% 그대로.
손실은 고른 자리(레이블이 -100이 아닌 자리)에서만 계산합니다.
"""

from __future__ import annotations

import torch

IGNORE_INDEX = -100  # CrossEntropyLoss가 건너뛰는 레이블


def special_tokens_mask(input_ids: torch.Tensor, special_ids) -> torch.Tensor:
    """특수 토큰([CLS] [SEP] [PAD] 등) 자리를 True로 표시합니다. 레슨 07에서 사용.

    input_ids: (B, T) 정수 텐서, special_ids: 특수 토큰 id 모음 -> (B, T) bool 텐서.
    """
    special = torch.zeros_like(input_ids, dtype=torch.bool)  # (B, T)
    for token_id in special_ids:
        special |= input_ids == token_id
    return special


def mask_tokens(
    input_ids: torch.Tensor,
    special_mask: torch.Tensor,
    vocab_size: int,
    mask_token_id: int,
    mlm_probability: float = 0.15,
    mask_ratio: float = 0.8,
    random_ratio: float = 0.1,
    generator: torch.Generator | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """BERT의 MLM 마스킹. 레슨 07(직접 구현과 비교), 레슨 08(미니 사전 훈련)에서 사용.

    input_ids: (B, T) 원래 토큰 id. special_mask: (B, T) True인 자리(특수 토큰·패딩)는 절대 고르지 않음.
    돌려주는 값:
      masked_ids: (B, T) 모델에 넣을 입력 (고른 자리 중 80% [MASK], 10% 무작위 id, 10% 원래 토큰)
      labels:     (B, T) 고른 자리는 원래 토큰 id, 나머지는 -100 (손실에서 제외)
    같은 ``generator`` 시드면 결과가 항상 같습니다.
    """
    shape = input_ids.shape
    # 1) 각 토큰을 mlm_probability 확률로 고른다 (특수 토큰 확률은 0).
    choose_prob = torch.full(shape, mlm_probability)  # (B, T)
    choose_prob.masked_fill_(special_mask, 0.0)
    chosen = torch.bernoulli(choose_prob, generator=generator).bool()  # (B, T)

    labels = input_ids.clone()
    labels[~chosen] = IGNORE_INDEX

    # 2) 고른 자리마다 균등 난수 하나로 80/10/10을 정한다.
    action = torch.rand(shape, generator=generator)  # (B, T) in [0, 1)
    to_mask = chosen & (action < mask_ratio)
    to_random = chosen & (action >= mask_ratio) & (action < mask_ratio + random_ratio)
    # 나머지 (action >= mask_ratio + random_ratio)는 원래 토큰 그대로 둔다.

    random_ids = torch.randint(vocab_size, shape, generator=generator, dtype=input_ids.dtype)  # (B, T)
    masked_ids = input_ids.clone()
    masked_ids[to_mask] = mask_token_id
    masked_ids[to_random] = random_ids[to_random]
    return masked_ids, labels


def masking_counts(input_ids, masked_ids, labels, special_mask, mask_token_id) -> dict:
    """마스킹 결과를 센다: 고름/[MASK]/무작위/그대로의 개수와 비-특수 토큰 대비 비율. 레슨 07에서 사용.

    무작위로 바꾼 토큰이 우연히 원래 토큰과 같으면 '그대로'로 셉니다(확률 1/어휘크기).
    """
    chosen = labels != IGNORE_INDEX  # (B, T)
    n_tokens = int((~special_mask).sum())
    n_mask = int((chosen & (masked_ids == mask_token_id)).sum())
    n_kept = int((chosen & (masked_ids == input_ids)).sum())
    n_chosen = int(chosen.sum())
    n_random = n_chosen - n_mask - n_kept
    total = max(n_tokens, 1)
    return {
        "tokens": n_tokens,
        "chosen": n_chosen, "mask": n_mask, "random": n_random, "kept": n_kept,
        "chosen_ratio": n_chosen / total, "mask_ratio": n_mask / total,
        "random_ratio": n_random / total, "kept_ratio": n_kept / total,
    }
