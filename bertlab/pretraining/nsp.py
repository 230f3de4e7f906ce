"""다음 문장 예측(NSP) 쌍 만들기: 50%는 실제 다음 문장(IsNext), 50%는 다른 문서의 문장(NotNext).

레슨 08에서 학생이 쌍을 직접 만들고 이 함수와 비교합니다. 입력 형식은
``[CLS] A [SEP] B [SEP]``, 세그먼트 id(token_type_ids)는 [CLS]·A·첫 [SEP]이 0, B·끝 [SEP]이 1.

레이블은 transformers ``BertForPreTraining``의 약속을 따릅니다: 0 = IsNext(이어지는 문장),
1 = NotNext(무작위 문장).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Sequence

IS_NEXT = 0
NOT_NEXT = 1


@dataclass(frozen=True)
class NspPair:
    """NSP 한 쌍. a, b는 문장(문자열) 또는 토큰 id 목록, is_next는 B가 A 바로 다음 문장인지."""

    a: object
    b: object
    is_next: bool

    @property
    def label(self) -> int:
        return IS_NEXT if self.is_next else NOT_NEXT


def make_nsp_pairs(documents: Sequence[Sequence], num_pairs: int, rng: random.Random | int = 0) -> list[NspPair]:
    """문서(문장들의 목록)들에서 NSP 쌍을 ``num_pairs``개 만듭니다. 레슨 08에서 사용.

    - A: 문장이 2개 이상인 문서에서 마지막이 아닌 문장 하나.
    - IsNext(확률 0.5): B = 같은 문서의 바로 다음 문장.
    - NotNext(확률 0.5): B = 다른 문서에서 무작위로 고른 문장.
    문장은 문자열이든 토큰 id 목록이든 상관없습니다.
    """
    rng = random.Random(rng) if isinstance(rng, int) else rng
    with_next = [d for d, doc in enumerate(documents) if len(doc) >= 2]
    if not with_next or len(documents) < 2:
        raise ValueError("NSP 쌍을 만들려면 문서가 2개 이상, 그중 하나는 문장이 2개 이상이어야 합니다.")
    pairs = []
    for _ in range(num_pairs):
        d = rng.choice(with_next)
        i = rng.randrange(len(documents[d]) - 1)
        a = documents[d][i]
        if rng.random() < 0.5:
            pairs.append(NspPair(a, documents[d][i + 1], True))
        else:
            other = rng.randrange(len(documents) - 1)
            other += other >= d  # d를 건너뛴 다른 문서
            pairs.append(NspPair(a, rng.choice(documents[other]), False))
    return pairs


def encode_pair(a_ids: Sequence[int], b_ids: Sequence[int], cls_id: int, sep_id: int) -> tuple[list[int], list[int]]:
    """``[CLS] A [SEP] B [SEP]``와 세그먼트 id를 만듭니다. 레슨 04·08에서 사용.

    돌려주는 값: (input_ids, token_type_ids), 길이 len(A) + len(B) + 3.
    """
    input_ids = [cls_id, *a_ids, sep_id, *b_ids, sep_id]
    token_type_ids = [0] * (len(a_ids) + 2) + [1] * (len(b_ids) + 1)
    return input_ids, token_type_ids


def truncate_pair(a_ids: list[int], b_ids: list[int], max_pair_tokens: int) -> tuple[list[int], list[int]]:
    """두 세그먼트 길이의 합이 ``max_pair_tokens`` 이하가 되도록 긴 쪽의 끝을 자릅니다(BERT 방식)."""
    a_ids, b_ids = list(a_ids), list(b_ids)
    while len(a_ids) + len(b_ids) > max_pair_tokens:
        longer = a_ids if len(a_ids) > len(b_ids) else b_ids
        longer.pop()
    return a_ids, b_ids


def collate_pairs(pairs: Sequence[NspPair], cls_id: int, sep_id: int, pad_id: int, max_length: int = 128) -> dict:
    """토큰 id로 된 NSP 쌍들을 패딩한 배치 텐서로 묶습니다. 레슨 08에서 사용.

    돌려주는 사전(B = 쌍 개수, T = 배치 안 최대 길이 <= max_length):
      input_ids (B, T), token_type_ids (B, T), attention_mask (B, T; 실제 1, 패딩 0),
      special_tokens_mask (B, T; [CLS]/[SEP]/[PAD] True), next_sentence_label (B,)
    """
    import torch

    rows, types = [], []
    for pair in pairs:
        a_ids, b_ids = truncate_pair(pair.a, pair.b, max_length - 3)
        ids, tt = encode_pair(a_ids, b_ids, cls_id, sep_id)
        rows.append(ids)
        types.append(tt)
    width = max(len(r) for r in rows)
    input_ids = torch.full((len(rows), width), pad_id, dtype=torch.long)  # (B, T)
    token_type_ids = torch.zeros((len(rows), width), dtype=torch.long)  # (B, T)
    attention_mask = torch.zeros((len(rows), width), dtype=torch.long)  # (B, T)
    for i, (ids, tt) in enumerate(zip(rows, types)):
        input_ids[i, : len(ids)] = torch.tensor(ids)
        token_type_ids[i, : len(tt)] = torch.tensor(tt)
        attention_mask[i, : len(ids)] = 1
    special = (input_ids == cls_id) | (input_ids == sep_id) | (attention_mask == 0)  # (B, T)
    labels = torch.tensor([p.label for p in pairs], dtype=torch.long)  # (B,)
    return {
        "input_ids": input_ids, "token_type_ids": token_type_ids, "attention_mask": attention_mask,
        "special_tokens_mask": special, "next_sentence_label": labels,
    }
