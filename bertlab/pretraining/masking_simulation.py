"""BERT의 MLM 마스킹을 눈으로 보기: 시뮬레이터 계산, 비율 세기, ``my dog is cute`` 예. 레슨 07에서 사용.

실제로 토큰을 고르고 바꾸는 일은 강의의 사전 훈련 코드와 같은 ``bertlab.pretraining.mask_tokens``가
합니다(15% 선택, 고른 것의 80% [MASK], 10% 무작위, 10% 그대로). 이 모듈은 그 결과를 세고,
위젯(``bertlab.widgets.masking_simulator``)이 그리기 좋게 정리하고, transformers의
``DataCollatorForLanguageModeling``과 나란히 비교합니다.

비율은 늘 **비-특수 토큰 전체** 대비입니다. 기본값이면 [MASK] 12%, 무작위 1.5%, 그대로 1.5%,
고르지 않음 85%(논문과 강의 원문의 그림).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from bertlab.errors import InputError

SEED_SHARES = {"mask": 0.12, "random": 0.015, "kept": 0.015, "untouched": 0.85}
KIND_LABELS = {
    "mask": "[MASK]로 바꿈",
    "random": "무작위 토큰으로 바꿈",
    "kept": "그대로 두고 맞히게 함",
    "untouched": "고르지 않음",
}
MAX_CHARS = 2000        # 시뮬레이터에 넣을 글자 수 상한(넘으면 잘라서 씀)
TARGET_TOKENS = 20_000  # 비율을 잴 때 모을 비-특수 토큰 수(짧은 문장은 여러 번 뽑아 채움)
MAX_DRAWS = 2000

# 강의 원문의 예(BERT 논문 그림의 입력): 두 문장, play ##ing은 WordPiece 조각.
MY_DOG_TOKENS = ["[CLS]", "my", "dog", "is", "cute", "[SEP]", "he", "likes", "play", "##ing", "[SEP]"]
MY_DOG_CASES = [  # (위치, 그 자리에 넣는 토큰, 경우)
    (2, "[MASK]", "mask"),   # dog  -> [MASK]      (80%의 경우)
    (6, "king", "random"),   # he   -> king(무작위)  (10%의 경우)
    (8, "play", "kept"),     # play -> play(그대로) (10%의 경우)
]


def check_split(mlm_probability: float, mask_ratio: float, random_ratio: float) -> None:
    """마스킹 설정이 말이 되는지 확인합니다. 아니면 한국어 ``InputError``."""
    for name, value in (("선택 확률", mlm_probability), ("[MASK] 몫", mask_ratio), ("무작위 몫", random_ratio)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise InputError(f"{name}은(는) 0과 1 사이의 숫자여야 합니다(받은 값: {value!r}).")
        if not 0.0 <= value <= 1.0:
            raise InputError(f"{name}은(는) 0과 1 사이여야 합니다(받은 값: {value}).",
                             hint="15%는 0.15로 적습니다.")
    if mask_ratio + random_ratio > 1.0 + 1e-9:
        raise InputError(f"[MASK] 몫({mask_ratio:.0%})과 무작위 몫({random_ratio:.0%})의 합이 100%를 넘습니다.",
                         hint="고른 토큰을 나누는 세 몫([MASK], 무작위, 그대로)의 합은 100%입니다. 둘 중 하나를 줄이세요.")


def expected_shares(mlm_probability: float = 0.15, mask_ratio: float = 0.8, random_ratio: float = 0.1) -> dict:
    """설정에서 기대되는 비율(비-특수 토큰 전체 대비). 기본값이면 12% / 1.5% / 1.5% / 85%."""
    check_split(mlm_probability, mask_ratio, random_ratio)
    p = float(mlm_probability)
    return {"mask": p * mask_ratio, "random": p * random_ratio,
            "kept": p * (1.0 - mask_ratio - random_ratio), "untouched": 1.0 - p}


def special_token_ids(tokenizer) -> list[int]:
    """절대 고르지 않을 토큰 id: [CLS] [SEP] [PAD] [MASK] [UNK] 등 토크나이저의 특수 토큰 전부.

    transformers의 ``DataCollatorForLanguageModeling``도 같은 목록(``all_special_ids``)을 씁니다.
    """
    return sorted(set(tokenizer.all_special_ids))


def _clean_texts(texts) -> tuple[list[str], list[str]]:
    if isinstance(texts, str):
        texts = [texts]
    if not isinstance(texts, (list, tuple)) or not all(isinstance(t, str) for t in texts):
        raise InputError("문장은 문자열(또는 문자열의 리스트)로 주세요.")
    notices = []
    cleaned = []
    for text in texts:
        if len(text) > MAX_CHARS:
            text = text[:MAX_CHARS]
            notices.append(f"문장이 길어 앞 {MAX_CHARS:,}자만 씁니다.")
        if text.strip():
            cleaned.append(text)
    if not cleaned:
        raise InputError("문장이 비어 있습니다. 마스킹해 볼 문장을 입력하세요.",
                         hint="예: 나는 어제 친구와 영화를 봤다.")
    return cleaned, notices


_ENCODED: dict = {}  # 시뮬레이터가 같은 입력으로 슬라이더만 바꿀 때 다시 토큰화하지 않도록(최근 8개)


def encode_texts(texts, tokenizer, max_length: int = 128):
    """문장(들)을 토큰 id로: (input_ids (B, T), special_mask (B, T) bool, 안내 목록). 결과 텐서는 바꾸지 마세요."""
    import torch

    cleaned, notices = _clean_texts(texts)
    key = (id(tokenizer), tuple(cleaned), max_length)
    if key not in _ENCODED or _ENCODED[key][0] is not tokenizer:
        enc = tokenizer(cleaned, padding=True, truncation=True, max_length=max_length)
        input_ids = torch.tensor(enc["input_ids"])  # (B, T)
        too_long = any(sum(row) >= max_length for row in enc["attention_mask"])
        special = torch.isin(input_ids, torch.tensor(special_token_ids(tokenizer)))  # (B, T)
        if len(_ENCODED) >= 8:
            _ENCODED.pop(next(iter(_ENCODED)))
        _ENCODED[key] = (tokenizer, input_ids, special, too_long)
    _, input_ids, special, too_long = _ENCODED[key]
    if too_long:
        notices.append(f"토큰이 {max_length}개를 넘는 문장은 앞부분만 씁니다.")
    if bool(special.all()):
        unknown = tokenizer.unk_token_id is not None and bool((input_ids == tokenizer.unk_token_id).any())
        if unknown:  # 이모지처럼 어휘에 없는 글자만 넣으면 모두 [UNK]가 되고, [UNK]은 고르지 않습니다.
            raise InputError("입력한 글자가 모두 어휘에 없어 [UNK](모르는 토큰)이 되었습니다(이모지 등). [UNK]은 특수 토큰이라 "
                             "마스킹하지 않으니, 한글이나 영어 낱말이 든 문장을 넣어 주세요.")
        raise InputError("마스킹할 수 있는 토큰이 없습니다(특수 토큰뿐입니다). 글자가 있는 문장을 넣어 주세요.")
    return input_ids, special, notices


def classify(input_ids, masked_ids, labels, special_mask, mask_token_id):
    """자리마다 무슨 일이 일어났는지: (B, T) 정수 텐서. 0 특수, 1 고르지 않음, 2 [MASK], 3 무작위, 4 그대로."""
    import torch

    chosen = labels != -100  # (B, T)
    kinds = torch.ones_like(input_ids)  # 1: 고르지 않음
    kinds[special_mask] = 0
    kinds[chosen & (masked_ids == mask_token_id)] = 2
    kinds[chosen & (masked_ids != mask_token_id) & (masked_ids != input_ids)] = 3
    kinds[chosen & (masked_ids == input_ids)] = 4
    return kinds


KIND_NAMES = ["special", "untouched", "mask", "random", "kept"]


def shares_from_kinds(kinds) -> tuple[dict, dict]:
    """``classify`` 결과로 (개수, 비율) 사전. 비율의 분모는 비-특수 토큰 수."""
    counts = {name: int((kinds == code).sum()) for code, name in enumerate(KIND_NAMES) if name != "special"}
    total = sum(counts.values())
    return counts, {name: count / max(total, 1) for name, count in counts.items()}


@dataclass
class MaskingSimulation:
    """시뮬레이터 한 번의 결과. 예시 줄은 첫 번째 뽑기, 비율은 모든 뽑기를 합친 값."""

    example_tokens: list[str]    # 원래 토큰(특수 토큰 포함, 패딩 제외)
    example_masked: list[str]    # 모델이 보게 될 입력 토큰
    example_kinds: list[str]     # 자리마다 special / untouched / mask / random / kept
    counts: dict[str, int]       # 모든 뽑기에서 센 개수
    shares: dict[str, float]     # 비-특수 토큰 대비 비율
    expected: dict[str, float]   # 지금 설정에서 기대되는 비율
    tokens_per_draw: int         # 한 번 뽑을 때의 비-특수 토큰 수
    draws: int                   # 같은 입력을 몇 번 다시 뽑았는지
    notices: list[str] = field(default_factory=list)

    @property
    def measured_tokens(self) -> int:
        return sum(self.counts.values())


def simulate_masking(texts, tokenizer, mlm_probability: float = 0.15, mask_ratio: float = 0.8,
                     random_ratio: float = 0.1, seed: int = 0, draws: int | None = None,
                     max_length: int = 128) -> MaskingSimulation:
    """문장(또는 문장 목록)을 여러 번 마스킹해 비율을 잽니다. 레슨 07 시뮬레이터의 계산 전부.

    짧은 문장 하나로는 비율이 크게 흔들리므로, 같은 입력을 ``draws``번(생략하면 비-특수 토큰이 약
    2만 개가 되도록) 다시 뽑아 합칩니다. ``seed``가 같으면 결과도 같습니다(다시 뽑기 = 시드 바꾸기).
    """
    import torch

    from bertlab.pretraining.masking import mask_tokens

    expected = expected_shares(mlm_probability, mask_ratio, random_ratio)
    input_ids, special, notices = encode_texts(texts, tokenizer, max_length)
    per_draw = int((~special).sum())
    if draws is None:
        draws = max(1, min(MAX_DRAWS, math.ceil(TARGET_TOKENS / per_draw)))
    repeated = input_ids.repeat(draws, 1)  # (draws*B, T)
    repeated_special = special.repeat(draws, 1)  # (draws*B, T)
    generator = torch.Generator().manual_seed(int(seed))
    masked, labels = mask_tokens(repeated, repeated_special, len(tokenizer), tokenizer.mask_token_id,
                                 mlm_probability, mask_ratio, random_ratio, generator=generator)
    kinds = classify(repeated, masked, labels, repeated_special, tokenizer.mask_token_id)  # (draws*B, T)
    counts, shares = shares_from_kinds(kinds)
    real = repeated[0] != tokenizer.pad_token_id if tokenizer.pad_token_id is not None else slice(None)
    return MaskingSimulation(
        example_tokens=tokenizer.convert_ids_to_tokens(repeated[0][real].tolist()),
        example_masked=tokenizer.convert_ids_to_tokens(masked[0][real].tolist()),
        example_kinds=[KIND_NAMES[k] for k in kinds[0][real].tolist()],
        counts=counts, shares=shares, expected=expected, tokens_per_draw=per_draw, draws=draws,
        notices=notices)


def collator_comparison(texts, tokenizer, seed: int = 0, repeats: int = 1, max_length: int = 64) -> dict:
    """같은 문장들을 강의의 ``mask_tokens``와 transformers ``DataCollatorForLanguageModeling``으로
    각각 마스킹해 비율을 나란히 돌려줍니다: {"bertlab": 비율, "transformers": 비율, "tokens": 수, ...}.

    문장을 ``repeats``번 되풀이해 표본을 키웁니다. 두 쪽 모두 같은 패딩 배치 (B, T)를 받습니다.
    """
    import torch
    from transformers import DataCollatorForLanguageModeling

    from bertlab.pretraining.masking import mask_tokens

    cleaned, _ = _clean_texts(texts)
    enc = tokenizer(cleaned * repeats, truncation=True, max_length=max_length, padding=True)
    original = torch.tensor(enc["input_ids"])  # (B, T)
    special = torch.isin(original, torch.tensor(special_token_ids(tokenizer)))  # (B, T)

    collator = DataCollatorForLanguageModeling(tokenizer, mlm_probability=0.15, mask_replace_prob=0.8,
                                               random_replace_prob=0.1, seed=seed)
    batch = collator(list(original))  # 같은 길이의 id 텐서 목록 -> 묶고, 특수 토큰을 찾아 마스킹
    theirs = classify(original, batch["input_ids"], batch["labels"], special, tokenizer.mask_token_id)

    masked, labels = mask_tokens(original, special, len(tokenizer), tokenizer.mask_token_id,
                                 generator=torch.Generator().manual_seed(seed))
    ours = classify(original, masked, labels, special, tokenizer.mask_token_id)
    return {"bertlab": shares_from_kinds(ours)[1], "transformers": shares_from_kinds(theirs)[1],
            "tokens": int((~special).sum()),
            "special_touched": {"bertlab": int((masked[special] != original[special]).sum()),
                                "transformers": int((batch["input_ids"][special] != original[special]).sum())}}


def my_dog_example(tokenizer) -> dict:
    """강의 원문의 ``my dog is cute he likes play ##ing`` 예와 세 가지 경우.

    돌려주는 사전: tokens(원래), masked(모델 입력), labels(고른 세 자리만 원래 토큰, 나머지 None),
    input_ids·masked_ids·label_ids(-100 포함)·token_type_ids 리스트, cases(위치, 경우).
    """
    tokens = list(MY_DOG_TOKENS)
    masked = list(tokens)
    labels: list[str | None] = [None] * len(tokens)
    for position, replacement, _ in MY_DOG_CASES:
        labels[position] = tokens[position]
        masked[position] = replacement if replacement != "[MASK]" else tokenizer.mask_token
    second = tokens.index("[SEP]") + 1
    return {
        "tokens": tokens, "masked": masked, "labels": labels,
        "input_ids": tokenizer.convert_tokens_to_ids(tokens),
        "masked_ids": tokenizer.convert_tokens_to_ids(masked),
        "label_ids": [tokenizer.convert_tokens_to_ids(t) if t is not None else -100 for t in labels],
        "token_type_ids": [0] * second + [1] * (len(tokens) - second),
        "cases": [(position, kind) for position, _, kind in MY_DOG_CASES],
    }


def masking_tokenizer(korean_mlm=None):
    """레슨 07에서 마스킹을 보여 줄 한국어 토크나이저와 그 출처 설명(한국어).

    korean_mlm: ``load("ko-mlm", head="mlm")``의 결과(없으면 None이나 못 불러온 이유 문자열). 있으면 그
    토크나이저를, 없으면 장난감 말뭉치로 바로 학습한 2,000개짜리 WordPiece 어휘(레슨 08과 같은 것)를 씁니다.
    """
    if korean_mlm is not None and not isinstance(korean_mlm, str):
        return korean_mlm.tokenizer, f"한국어 MLM({korean_mlm.info.name})의 토크나이저"
    from bertlab.pretraining.mini import toy_tokenizer

    return toy_tokenizer(), "한국어 MLM이 없어, 내장 한국어 말뭉치로 바로 학습한 작은 WordPiece 어휘(2,000개)"


def tiny_masked_lm(vocab_size: int, seed: int = 0, hidden_size: int = 64, num_layers: int = 2, num_heads: int = 2):
    """무작위 초기화한 아주 작은 ``BertForMaskedLM`` (eval 모드). 레슨 07에서 MLM 모델이 없을 때 손실 계산용.

    손실 공식(고른 자리만의 교차 엔트로피)은 가중치와 상관없이 성립하므로, 훈련하지 않은 모델로도
    '내가 계산한 손실 = 모델이 계산한 손실'을 확인할 수 있습니다.
    """
    import torch
    from transformers import BertConfig, BertForMaskedLM

    config = BertConfig(vocab_size=vocab_size, hidden_size=hidden_size, num_hidden_layers=num_layers,
                        num_attention_heads=num_heads, intermediate_size=4 * hidden_size,
                        max_position_embeddings=128, type_vocab_size=2)
    torch.manual_seed(seed)
    return BertForMaskedLM(config).eval()
