"""셀프 어텐션(self-attention)을 처음부터: 레슨 05에서 만들고 레슨 06에서 다시 씁니다.

BERT 한 층의 어텐션은 transformers ``modeling_bert.py``의 세 부분으로 되어 있습니다.

- ``BertSelfAttention``: 쿼리·키·값 투영(Linear) → 헤드 나누기 → ``eager_attention_forward``
  (QKᵀ / √d_head + 마스크 → softmax → 가중합) → 헤드 합치기
- ``BertSelfOutput``: 출력 투영(dense) → 잔차 연결(residual) → LayerNorm
- 마스크: ``attention_mask``(1=진짜 토큰, 0=패딩)를 "0 또는 그 자료형의 가장 작은 수"로 바꿔 점수에 더함
  (transformers는 (B, 1, T, T)로 펼쳐 두고, 여기서는 같은 값을 (B, 1, 1, T)로 만들어 브로드캐스팅합니다)

이 모듈의 함수는 같은 순서·같은 식으로 계산하므로, 실제 모델의 가중치를 넣으면 모델이 돌려주는 어텐션
확률과 출력이 ``torch.allclose(atol=1e-5)``로 일치합니다(tests/test_attention_parity.py).
모양 표기: B 배치, T 토큰 수, H 은닉 크기, A 헤드 수, d = H / A (헤드 하나의 크기).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

from bertlab.errors import InputError
from bertlab.tokenization import clean_text

MAX_ATTENTION_TOKENS = 128   # 어텐션 그림·위젯에서 다룰 최대 토큰 수(T×T 행렬이 화면에 들어가도록)


@dataclass(frozen=True)
class AttentionWeights:
    """BERT 한 층의 어텐션 가중치. ``nn.Linear`` 규약대로 y = x @ weightᵀ + bias 입니다."""

    query_weight: torch.Tensor   # (H, H)
    query_bias: torch.Tensor     # (H,)
    key_weight: torch.Tensor     # (H, H)
    key_bias: torch.Tensor       # (H,)
    value_weight: torch.Tensor   # (H, H)
    value_bias: torch.Tensor     # (H,)
    output_weight: torch.Tensor  # (H, H)  BertSelfOutput.dense
    output_bias: torch.Tensor    # (H,)
    norm_weight: torch.Tensor    # (H,)    BertSelfOutput.LayerNorm
    norm_bias: torch.Tensor      # (H,)
    norm_eps: float
    num_heads: int

    @property
    def head_size(self) -> int:
        return self.query_weight.shape[0] // self.num_heads


def encoder_layers(model):
    """BertModel이든 BertForMaskedLM이든, 인코더 층 목록(``nn.ModuleList``)을 꺼냅니다."""
    base = getattr(model, "base_model", model)
    try:
        return base.encoder.layer
    except AttributeError as exc:
        raise InputError("이 모델에서 BERT 인코더 층(encoder.layer)을 찾지 못했습니다. BERT 계열 모델을 넣어 주세요.") from exc


def layer_weights(model, layer: int) -> AttentionWeights:
    """모델의 ``layer``번째 층(0부터)에서 어텐션 가중치를 꺼냅니다(복사하지 않고 같은 텐서를 가리킴)."""
    layers = encoder_layers(model)
    if not isinstance(layer, int) or not 0 <= layer < len(layers):
        raise InputError(f"층 번호는 0부터 {len(layers) - 1} 사이의 정수여야 합니다(받은 값: {layer!r}).")
    attention = layers[layer].attention
    self_attn, out = attention.self, attention.output
    return AttentionWeights(
        self_attn.query.weight.detach(), self_attn.query.bias.detach(),
        self_attn.key.weight.detach(), self_attn.key.bias.detach(),
        self_attn.value.weight.detach(), self_attn.value.bias.detach(),
        out.dense.weight.detach(), out.dense.bias.detach(),
        out.LayerNorm.weight.detach(), out.LayerNorm.bias.detach(), out.LayerNorm.eps,
        self_attn.num_attention_heads,
    )


# ---- 1. 투영과 헤드 나누기 ----------------------------------------------------------------------

def project(hidden: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
    """선형 투영 x @ Wᵀ + b. (B, T, H) -> (B, T, H)."""
    return hidden @ weight.T + bias  # (B, T, H)


def split_heads(x: torch.Tensor, num_heads: int) -> torch.Tensor:
    """(B, T, H) -> (B, A, T, d): 마지막 축을 헤드 A개로 자르고 헤드 축을 앞으로 옮깁니다."""
    batch, length, width = x.shape
    if width % num_heads:
        raise InputError(f"은닉 크기 {width}가 헤드 수 {num_heads}로 나누어떨어지지 않습니다.")
    return x.view(batch, length, num_heads, width // num_heads).transpose(1, 2)  # (B, A, T, d)


def merge_heads(x: torch.Tensor) -> torch.Tensor:
    """(B, A, T, d) -> (B, T, H): ``split_heads``를 되돌립니다(헤드 출력을 이어 붙임)."""
    batch, heads, length, size = x.shape
    return x.transpose(1, 2).reshape(batch, length, heads * size)  # (B, T, H)


# ---- 2. 마스크와 스케일드 내적 어텐션 --------------------------------------------------------------

def additive_padding_mask(attention_mask: torch.Tensor, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """(B, T)의 1/0 마스크 -> (B, 1, 1, T)의 덧셈 마스크(진짜 토큰 0, 패딩은 dtype의 가장 작은 수).

    점수에 더한 뒤 softmax를 하면 패딩 열의 확률이 정확히 0이 됩니다. -inf 대신 가장 작은 유한수를 쓰는
    것은 transformers와 같습니다(모든 열이 가려진 행에서도 NaN이 나오지 않도록).
    """
    keep = attention_mask.to(torch.bool)[:, None, None, :]  # (B, 1, 1, T)
    zero = torch.zeros((), dtype=dtype)
    return torch.where(keep, zero, torch.finfo(dtype).min)  # (B, 1, 1, T)


def scaled_dot_product_attention(query: torch.Tensor, key: torch.Tensor, value: torch.Tensor,
                                 mask: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """softmax(Q Kᵀ / √d + mask) V. 입력 (B, A, T, d), 마스크 (B, 1, 1, T) -> (출력 (B, A, T, d), 확률 (B, A, T, T))."""
    scores = query @ key.transpose(-2, -1) * query.size(-1) ** -0.5  # (B, A, T, T)
    if mask is not None:
        scores = scores + mask
    probs = torch.softmax(scores, dim=-1)  # (B, A, T, T)  각 행의 합 = 1
    return probs @ value, probs  # (B, A, T, d), (B, A, T, T)


# ---- 3. 여러 헤드와 층 전체 ----------------------------------------------------------------------

def multi_head_self_attention(hidden: torch.Tensor, weights: AttentionWeights,
                              attention_mask: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """문장 전체를 한 번에: (B, T, H) -> (문맥 벡터 (B, T, H), 어텐션 확률 (B, A, T, T)).

    ``BertSelfAttention.forward``와 같은 계산입니다(출력 투영 전).
    """
    q = split_heads(project(hidden, weights.query_weight, weights.query_bias), weights.num_heads)  # (B, A, T, d)
    k = split_heads(project(hidden, weights.key_weight, weights.key_bias), weights.num_heads)      # (B, A, T, d)
    v = split_heads(project(hidden, weights.value_weight, weights.value_bias), weights.num_heads)  # (B, A, T, d)
    mask = None if attention_mask is None else additive_padding_mask(attention_mask, hidden.dtype)
    context, probs = scaled_dot_product_attention(q, k, v, mask)  # (B, A, T, d), (B, A, T, T)
    return merge_heads(context), probs  # (B, T, H), (B, A, T, T)


def attention_block(hidden: torch.Tensor, weights: AttentionWeights,
                    attention_mask: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """어텐션 부분 전체(``BertAttention``): 셀프 어텐션 → 출력 투영 → 잔차 연결 → LayerNorm.

    (B, T, H) -> (출력 (B, T, H), 어텐션 확률 (B, A, T, T)).
    """
    context, probs = multi_head_self_attention(hidden, weights, attention_mask)  # (B, T, H)
    mixed = project(context, weights.output_weight, weights.output_bias)  # (B, T, H)
    out = torch.nn.functional.layer_norm(mixed + hidden, (hidden.size(-1),), weights.norm_weight,
                                         weights.norm_bias, weights.norm_eps)  # (B, T, H)
    return out, probs


# ---- 4. 실제 모델에서 한 층의 입력과 정답 꺼내기 ----------------------------------------------------

@dataclass
class LayerCapture:
    """실제 모델이 한 층에서 받은 입력과 내놓은 값(레슨 05에서 내 구현과 비교할 '정답')."""

    layer: int
    tokens: list[list[str]]          # 문장마다 토큰 문자열
    input_ids: torch.Tensor          # (B, T)
    attention_mask: torch.Tensor     # (B, T)  1=진짜 토큰, 0=패딩
    hidden_in: torch.Tensor          # (B, T, H)  이 층으로 들어간 은닉 상태
    probs: torch.Tensor              # (B, A, T, T)  모델이 계산한 어텐션 확률
    context: torch.Tensor            # (B, T, H)  BertSelfAttention 출력(헤드 합친 문맥 벡터)
    output: torch.Tensor             # (B, T, H)  BertAttention 출력(잔차·LayerNorm 뒤)
    weights: AttentionWeights
    notices: list[str] = field(default_factory=list)


def encode(tokenizer, texts, max_tokens: int = MAX_ATTENTION_TOKENS):
    """문장(하나 또는 목록)을 패딩한 배치 텐서로. (인코딩, 토큰 목록, 안내) — 잘못된 입력은 한국어 오류."""
    if isinstance(texts, str) or texts is None:
        texts = [texts]
    if not isinstance(texts, (list, tuple)) or not texts:
        raise InputError("문장은 문자열 하나나 문자열 목록으로 주세요. 예: \"나는 학교에 간다.\"")
    cleaned, notices = [], []
    for text in texts:
        text, notes = clean_text(text)
        cleaned.append(text)
        notices += notes
    enc = tokenizer(cleaned, padding=True, truncation=True, max_length=max_tokens, return_tensors="pt")
    full = [len(tokenizer(t, verbose=False)["input_ids"]) for t in cleaned]
    if max(full) > max_tokens:
        notices.append(f"토큰이 {max(full)}개라 앞의 {max_tokens}개만 씁니다(어텐션 행렬은 T×T라 커집니다).")
    tokens = [tokenizer.convert_ids_to_tokens(ids[mask.bool()]) for ids, mask in
              zip(enc["input_ids"], enc["attention_mask"])]
    return enc, tokens, notices


@torch.no_grad()
def capture_layer(loaded, texts, layer: int = 0) -> LayerCapture:
    """``load()``로 불러온 모델에 문장을 넣고 ``layer``번째 층의 입력·확률·출력을 붙잡아 둡니다."""
    model, tokenizer = loaded
    weights = layer_weights(model, layer)
    enc, tokens, notices = encode(tokenizer, texts)
    caught = {}
    attention = encoder_layers(model)[layer].attention
    hooks = [
        attention.self.register_forward_hook(lambda m, i, o: caught.__setitem__("context", o[0])),
        attention.register_forward_hook(lambda m, i, o: caught.__setitem__("output", o[0])),
    ]
    try:
        out = model(**enc, output_attentions=True, output_hidden_states=True)
    finally:
        for hook in hooks:
            hook.remove()
    return LayerCapture(layer, tokens, enc["input_ids"], enc["attention_mask"], out.hidden_states[layer],
                        out.attentions[layer], caught["context"], caught["output"], weights, notices)


# ---- 5. 헤드 하나, 토큰 하나를 한 단계씩(레슨 05 위젯) ------------------------------------------------

@dataclass
class HeadStep:
    """토큰 하나의 쿼리가 모든 키와 만나 값을 섞기까지의 중간값(헤드 하나, 문장 하나)."""

    tokens: list[str]
    token_index: int
    head: int
    query: torch.Tensor    # (d,)
    keys: torch.Tensor     # (T, d)
    values: torch.Tensor   # (T, d)
    scores: torch.Tensor   # (T,)  q·k
    scaled: torch.Tensor   # (T,)  q·k / √d
    weights: torch.Tensor  # (T,)  softmax
    mixed: torch.Tensor    # (d,)  Σ weight × value


def head_step(capture: LayerCapture, head: int, token_index: int, sentence: int = 0) -> HeadStep:
    """붙잡아 둔 층에서 헤드 ``head``, 토큰 ``token_index``의 계산을 단계별로 펼칩니다."""
    w = capture.weights
    tokens = capture.tokens[sentence]
    if not isinstance(head, int) or not 0 <= head < w.num_heads:
        raise InputError(f"헤드 번호는 0부터 {w.num_heads - 1} 사이의 정수여야 합니다(받은 값: {head!r}).")
    if not isinstance(token_index, int) or not 0 <= token_index < len(tokens):
        raise InputError(f"토큰 위치는 0부터 {len(tokens) - 1} 사이의 정수여야 합니다(받은 값: {token_index!r}).")
    real = capture.attention_mask[sentence].bool()  # (T_pad,)  패딩 제외
    hidden = capture.hidden_in[sentence][real]  # (T, H)
    cols = slice(head * w.head_size, (head + 1) * w.head_size)
    query = hidden[token_index] @ w.query_weight[cols].T + w.query_bias[cols]  # (d,)
    keys = hidden @ w.key_weight[cols].T + w.key_bias[cols]  # (T, d)
    values = hidden @ w.value_weight[cols].T + w.value_bias[cols]  # (T, d)
    scores = keys @ query  # (T,)
    scaled = scores * w.head_size ** -0.5  # (T,)  = q·k / √d
    weights = torch.softmax(scaled, dim=-1)  # (T,)
    return HeadStep(tokens, token_index, head, query, keys, values, scores, scaled, weights, weights @ values)
