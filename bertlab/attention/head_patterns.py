"""어텐션 헤드의 무늬(pattern)를 숫자로: 레슨 06에서 사용합니다.

모든 층·모든 헤드에 대해, 각 토큰(쿼리)이 평균적으로 어디를 보는지 잽니다.

- [CLS]로 가는 몫, [SEP]로 가는 몫, 바로 앞 토큰·바로 뒤 토큰·자기 자신으로 가는 몫
- 엔트로피(entropy): 한 행의 확률이 얼마나 넓게 퍼졌는지(0이면 한 곳만, log T면 고르게)
- 가장 많이 받는 열(column): 모든 쿼리가 한 토큰으로 몰리면 그림에 세로줄이 생깁니다. Kovaleva et al.의
  세로줄형은 주로 [CLS]와 [SEP]을 보는 헤드라서, [CLS]+[SEP] 몫이 큰 헤드도 세로줄형으로 셉니다(두 특수
  토큰의 벡터가 거의 같아져 어텐션이 둘로 반씩 나뉘는 모델이 있습니다).

이 숫자로 헤드를 Kovaleva et al.(2019)의 무늬 종류(세로줄형·대각선형·블록형·넓게 퍼짐·섞임형)로
나눕니다. 원 논문은 사람이 표시한 그림으로 분류기를 훈련했고, 여기서는 아래 문턱값(threshold)으로
단순하게 나눕니다. 문턱값은 이 강의가 정한 것이라 경계의 헤드는 다르게 볼 수도 있습니다.

``norm_weighted_shares``는 Kobayashi et al.(2020)처럼 "확률 × 값 벡터의 크기"로 기여를 잽니다.
Clark et al.(2019)이 말한 "[SEP]로 가는 어텐션은 사실상 아무 일도 하지 않음(no-op)"을 확인할 때 씁니다.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch

from bertlab.attention.self_attention import encode, encoder_layers, layer_weights, project, split_heads
from bertlab.errors import InputError

# 분류 문턱값(레슨 06 본문과 같음)
DIAGONAL_MIN = 0.5          # 이전·다음·자기 자신 중 하나로 가는 평균 몫이 이 이상이면 대각선형
VERTICAL_MIN = 0.5          # 한 토큰(열), 또는 [CLS]+[SEP]이 받는 평균 몫이 이 이상이면 세로줄형
MIXED_MIN = 0.3             # 둘 다 이 이상이면 세로줄+대각선형
BLOCK_MIN = 0.85            # 문장 쌍에서 같은 문장 안에 머무는 몫이 이 이상이면 블록형
BROAD_MIN = 0.75            # 정규화 엔트로피(엔트로피 / log T)가 이 이상이면 넓게 퍼짐
MAX_VIEW_TOKENS = 48        # 그림(bertviz·탐색기)에 담을 최대 토큰 수: 층×헤드×T×T가 금방 커집니다

PATTERN_LABELS = {
    "vertical": "세로줄형",
    "diagonal": "대각선형",
    "vertical+diagonal": "세로줄+대각선형",
    "block": "블록형",
    "broad": "넓게 퍼짐",
    "heterogeneous": "섞임형",
}
STAT_LABELS = {
    "cls": "[CLS]로", "sep": "[SEP]로", "prev": "이전 토큰으로", "next": "다음 토큰으로",
    "self": "자기 자신으로", "entropy": "엔트로피", "column": "가장 많이 받는 토큰으로",
}


@dataclass
class AttentionMaps:
    """한 문장(또는 문장 쌍)에 대한 모든 층·헤드의 어텐션 확률."""

    tokens: list[str]
    probs: torch.Tensor            # (L, A, T, T)  행 = 쿼리(보는 토큰), 열 = 키(보이는 토큰)
    cls_positions: list[int]
    sep_positions: list[int]
    segment_ids: list[int]         # 문장 A = 0, 문장 B = 1
    model_name: str = ""
    notices: list[str] = field(default_factory=list)

    @property
    def num_layers(self) -> int:
        return self.probs.shape[0]

    @property
    def num_heads(self) -> int:
        return self.probs.shape[1]

    @property
    def is_pair(self) -> bool:
        return len(set(self.segment_ids)) > 1

    def head(self, layer: int, head: int) -> torch.Tensor:
        """층 ``layer``, 헤드 ``head``의 어텐션 행렬 (T, T). 헤드 탐색기가 그리는 바로 그 행렬."""
        if not isinstance(layer, int) or not 0 <= layer < self.num_layers:
            raise InputError(f"층 번호는 0부터 {self.num_layers - 1} 사이의 정수여야 합니다(받은 값: {layer!r}).")
        if not isinstance(head, int) or not 0 <= head < self.num_heads:
            raise InputError(f"헤드 번호는 0부터 {self.num_heads - 1} 사이의 정수여야 합니다(받은 값: {head!r}).")
        return self.probs[layer, head]  # (T, T)


def check_maps(maps) -> AttentionMaps:
    """그림 함수에 ``attention_maps()``의 결과가 들어왔는지 확인합니다(아니면 한국어 오류)."""
    if not isinstance(maps, AttentionMaps):
        raise InputError(f"어텐션 그림에는 attention_maps(모델, 문장)의 결과를 넣어 주세요(받은 것: {type(maps).__name__}).",
                         hint='예: maps = attention_maps(korean, "나는 학교에 간다."); head_view(maps)')
    return maps


def _special_positions(ids: list[int], token_id: int | None) -> list[int]:
    return [i for i, t in enumerate(ids) if token_id is not None and t == token_id]


def _segments(ids: list[int], sep_positions: list[int]) -> list[int]:
    """첫 [SEP]까지는 문장 A(0), 그 뒤는 문장 B(1). (XLM-R 계열은 token_type_ids가 모두 0이라 직접 셉니다.)"""
    first_sep = sep_positions[0] if sep_positions else len(ids) - 1
    return [0 if i <= first_sep else 1 for i in range(len(ids))]


@torch.no_grad()
def attention_maps(loaded, text, text_pair=None, max_tokens: int = MAX_VIEW_TOKENS) -> AttentionMaps:
    """``load()``로 불러온 모델로 문장(또는 문장 쌍)의 어텐션 확률을 모든 층에서 구합니다.

    그림이 감당할 수 있도록 토큰은 ``max_tokens``개까지만 씁니다(넘으면 한국어 안내가 붙음).
    """
    model, tokenizer = loaded
    if text_pair is None:
        enc, tokens, notices = encode(tokenizer, text, max_tokens)
    else:
        _, _, notices = encode(tokenizer, [text, text_pair], max_tokens)  # 입력 검사와 안내만 재사용
        enc = tokenizer(text, text_pair, truncation=True, max_length=max_tokens, return_tensors="pt")
        tokens = [tokenizer.convert_ids_to_tokens(enc["input_ids"][0])]
    enc = {k: v[:1] for k, v in enc.items()}
    out = model(**enc, output_attentions=True)
    if not out.attentions or out.attentions[0] is None:
        raise InputError("모델이 어텐션을 돌려주지 않았습니다. bertlab.models.load()로 불러온 모델을 쓰세요"
                         "(eager 어텐션이어야 output_attentions가 동작합니다).")
    probs = torch.stack([a[0] for a in out.attentions])  # (L, A, T, T)
    ids = enc["input_ids"][0].tolist()
    sep = _special_positions(ids, tokenizer.sep_token_id)
    name = getattr(getattr(loaded, "info", None), "name", "")
    return AttentionMaps(tokens[0], probs, _special_positions(ids, tokenizer.cls_token_id), sep,
                         _segments(ids, sep), name, notices)


# ---- 헤드마다 통계 ---------------------------------------------------------------------------

@dataclass
class HeadStats:
    """헤드별 통계. 모든 텐서는 (L, A)이고, 값은 쿼리 토큰에 대한 평균입니다."""

    cls: torch.Tensor       # [CLS]로 가는 몫
    sep: torch.Tensor       # [SEP](들)로 가는 몫
    prev: torch.Tensor      # 바로 앞 토큰으로 가는 몫
    next: torch.Tensor      # 바로 뒤 토큰으로 가는 몫
    self: torch.Tensor      # 자기 자신으로 가는 몫
    entropy: torch.Tensor   # 행마다 엔트로피(자연로그, nats)의 평균
    column: torch.Tensor    # 가장 많이 받는 한 토큰(열)의 평균 몫
    column_index: torch.Tensor  # 그 토큰의 위치 (L, A)
    block: torch.Tensor     # 같은 문장 안에 머무는 몫(문장 쌍이 아니면 1)
    num_tokens: int
    patterns: list[list[str]] = field(default_factory=list)  # [층][헤드] -> 무늬 종류(영어 키)

    def value(self, name: str) -> torch.Tensor:
        if name not in STAT_LABELS:
            raise InputError(f"'{name}'이라는 통계는 없습니다. 다음 중 하나: {', '.join(STAT_LABELS)}")
        return getattr(self, name)


def _offset_share(probs: torch.Tensor, offset: int) -> torch.Tensor:
    """(L, A, T, T) -> (L, A): 쿼리 i가 i+offset으로 보내는 확률의 평균(그런 i만)."""
    return torch.diagonal(probs, offset=offset, dim1=-2, dim2=-1).mean(dim=-1)  # (L, A)


def _share_to(probs: torch.Tensor, positions: list[int]) -> torch.Tensor:
    """(L, A, T, T) -> (L, A): 쿼리마다 ``positions`` 열들로 보내는 확률의 합을 평균."""
    if not positions:
        return torch.zeros(probs.shape[:2])
    return probs[..., positions].sum(-1).mean(-1)  # (L, A)


def head_statistics(maps: AttentionMaps) -> HeadStats:
    """모든 헤드의 [CLS]·[SEP]·이전·다음·자기 자신 몫, 엔트로피, 세로줄 세기와 무늬 종류."""
    probs = maps.probs.float()  # (L, A, T, T)
    length = probs.shape[-1]
    if length < 3:
        raise InputError("토큰이 너무 적습니다. 단어가 두세 개 이상인 문장을 넣어 주세요.")
    column_mean = probs.mean(dim=-2)  # (L, A, T)  열마다 받는 평균 몫
    column, column_index = column_mean.max(dim=-1)  # (L, A)
    segment = torch.tensor(maps.segment_ids)
    same = (segment[:, None] == segment[None, :]).float()  # (T, T)
    entropy = -(probs * torch.log(probs.clamp_min(1e-12))).sum(-1).mean(-1)  # (L, A)
    stats = HeadStats(
        cls=_share_to(probs, maps.cls_positions), sep=_share_to(probs, maps.sep_positions),
        prev=_offset_share(probs, -1), next=_offset_share(probs, 1), self=_offset_share(probs, 0),
        entropy=entropy, column=column, column_index=column_index,
        block=(probs * same).sum(-1).mean(-1), num_tokens=length,
    )
    stats.patterns = [[classify_head(stats, layer, head, maps.is_pair) for head in range(probs.shape[1])]
                      for layer in range(probs.shape[0])]
    return stats


def classify_head(stats: HeadStats, layer: int, head: int, is_pair: bool = False) -> str:
    """헤드 하나의 무늬 종류(영어 키: vertical, diagonal, vertical+diagonal, block, broad, heterogeneous)."""
    diagonal = max(stats.prev[layer, head], stats.next[layer, head], stats.self[layer, head]).item()
    vertical = max(stats.column[layer, head].item(), (stats.cls[layer, head] + stats.sep[layer, head]).item())
    is_diagonal, is_vertical = diagonal >= DIAGONAL_MIN, vertical >= VERTICAL_MIN
    if is_diagonal and is_vertical:
        return "diagonal" if diagonal >= vertical else "vertical"
    if is_diagonal or is_vertical:
        return "diagonal" if is_diagonal else "vertical"
    if diagonal >= MIXED_MIN and vertical >= MIXED_MIN:
        return "vertical+diagonal"
    if is_pair and stats.block[layer, head].item() >= BLOCK_MIN:
        return "block"
    if stats.entropy[layer, head].item() / math.log(stats.num_tokens) >= BROAD_MIN:
        return "broad"
    return "heterogeneous"


def describe_head(stats: HeadStats, maps: AttentionMaps, layer: int, head: int) -> str:
    """헤드 하나를 한국어 한 줄로: 무늬 종류와 주요 숫자."""
    kind = stats.patterns[layer][head]
    detail = ""
    if kind == "diagonal":
        shares = {"이전 토큰": stats.prev, "다음 토큰": stats.next, "자기 자신": stats.self}
        detail = "(" + max(shares, key=lambda k: shares[k][layer, head].item()) + ")"
    elif kind == "vertical":
        special = (stats.cls[layer, head] + stats.sep[layer, head]).item()
        token = maps.tokens[int(stats.column_index[layer, head])]
        detail = "([CLS]·[SEP])" if special > stats.column[layer, head].item() else f"({token})"
    numbers = " · ".join(f"{STAT_LABELS[k]} {stats.value(k)[layer, head].item():.2f}"
                         for k in ("cls", "sep", "prev", "next", "self"))
    return (f"층 {layer} · 헤드 {head}: {PATTERN_LABELS[kind]}{detail} — {numbers} · "
            f"엔트로피 {stats.entropy[layer, head].item():.2f}")


def rank_heads(stats: HeadStats, name: str, top: int = 5) -> list[tuple[int, int, float]]:
    """통계 ``name``이 가장 큰 헤드 ``top``개: [(층, 헤드, 값), ...] (큰 순서)."""
    values = stats.value(name)  # (L, A)
    order = torch.argsort(values.flatten(), descending=True)[:top]
    heads = values.shape[1]
    return [(int(i) // heads, int(i) % heads, values.flatten()[i].item()) for i in order]


def pattern_counts(stats: HeadStats) -> dict[str, int]:
    """무늬 종류별 헤드 수(모든 종류를 0개라도 포함)."""
    counts = dict.fromkeys(PATTERN_LABELS, 0)
    for row in stats.patterns:
        for kind in row:
            counts[kind] += 1
    return counts


# ---- 확률이 아니라 기여로: 값 벡터의 크기까지 곱해 보기 -------------------------------------------------

@torch.no_grad()
def norm_weighted_shares(loaded, text, positions: list[int] | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """각 헤드가 ``positions``(기본: [SEP])로 보내는 몫을 두 가지로: (확률 몫 (L, A), 기여 몫 (L, A)).

    기여 몫은 Kobayashi et al.(2020)의 ‖α f(x)‖: 확률 α에 그 토큰의 값 벡터를 출력 투영까지 통과시킨
    벡터 f(x)의 크기를 곱해 셉니다. 확률은 큰데 기여가 작다면, 그 어텐션은 "쉬는 자리"에 가깝습니다.
    """
    model, tokenizer = loaded
    enc, _, _ = encode(tokenizer, text)
    out = model(**enc, output_attentions=True, output_hidden_states=True)
    if positions is None:
        positions = _special_positions(enc["input_ids"][0].tolist(), tokenizer.sep_token_id)
    weight_share, norm_share = [], []
    for layer in range(len(encoder_layers(model))):
        w = layer_weights(model, layer)
        probs = out.attentions[layer][0]  # (A, T, T)
        values = split_heads(project(out.hidden_states[layer], w.value_weight, w.value_bias), w.num_heads)[0]  # (A, T, d)
        out_proj = w.output_weight.view(w.output_weight.shape[0], w.num_heads, w.head_size).permute(1, 2, 0)  # (A, d, H)
        norms = (values @ out_proj).norm(dim=-1)  # (A, T)  ‖f(x_j)‖
        contrib = probs * norms[:, None, :]  # (A, T, T)
        weight_share.append(probs[..., positions].sum(-1).mean(-1))  # (A,)
        norm_share.append((contrib[..., positions].sum(-1) / contrib.sum(-1)).mean(-1))  # (A,)
    return torch.stack(weight_share), torch.stack(norm_share)  # (L, A), (L, A)
