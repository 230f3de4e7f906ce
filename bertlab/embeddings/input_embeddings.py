"""BERT의 입력 표현: 토큰 임베딩 + 위치 임베딩 + 세그먼트 임베딩의 합, 그리고 LayerNorm. 레슨 04에서 사용.

BERT의 임베딩 층(``model.embeddings``)이 하는 일은 다음 세 줄이 전부입니다(드롭아웃은 eval 모드에서 아무 일도
하지 않음). 이 파일은 그 세 줄을 표(가중치 행렬)에서 직접 꺼내 다시 계산하고, 모델의 출력과 맞춰 봅니다.

    x = word_embeddings[input_ids] + position_embeddings[0..T-1] + token_type_embeddings[token_type_ids]
    x = LayerNorm(x)      # 위치마다 평균 0, 분산 1로 맞춘 뒤 학습된 배율 γ(weight)를 곱하고 이동 β(bias)를 더함
    x = Dropout(x)        # 훈련 때만 일부를 0으로; eval 모드에서는 그대로 통과

참고: transformers ``modeling_bert.BertEmbeddings``, Devlin et al. 2019 그림 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bertlab.errors import InputError


# ---- 손으로 만드는 입력(input_ids, token_type_ids, attention_mask) ------------------------------

@dataclass(frozen=True)
class HandEncoding:
    """``encode_by_hand``의 결과. 세 목록은 모두 길이가 같습니다(패딩 포함)."""

    tokens: list[str]
    input_ids: list[int]
    token_type_ids: list[int]
    attention_mask: list[int]


def encode_by_hand(tokens_a: list[str], tokens_b: list[str] | None, vocab: dict, max_length: int | None = None,
                   *, cls: str = "[CLS]", sep: str = "[SEP]", pad: str = "[PAD]") -> HandEncoding:
    """이미 자른 토큰으로 BERT 입력을 직접 짭니다. 레슨 04의 참고 구현.

    한 문장: ``[CLS] A [SEP]``, 두 문장: ``[CLS] A [SEP] B [SEP]``. 세그먼트는 첫 [SEP]까지 0, 그 뒤 1.
    ``max_length``까지 ``[PAD]``로 채우고, 진짜 토큰은 attention_mask 1, 패딩은 0입니다.
    """
    for name, tokens in (("tokens_a", tokens_a), ("tokens_b", tokens_b)):
        if tokens is not None and (isinstance(tokens, str) or not all(isinstance(t, str) for t in tokens)):
            raise InputError(f"{name}에는 토큰 문자열의 리스트를 주세요. 예: ['i', 'love', 'paris']")
    tokens = [cls, *tokens_a, sep]
    segments = [0] * len(tokens)
    if tokens_b is not None:
        tokens += [*tokens_b, sep]
        segments += [1] * (len(tokens_b) + 1)
    real = len(tokens)
    max_length = real if max_length is None else max_length
    if real > max_length:
        raise InputError(f"토큰이 특수 토큰까지 {real}개라 max_length={max_length}에 들어가지 않습니다.",
                         hint="문장을 줄이거나 max_length를 늘리세요(BERT는 최대 512).")
    missing = [t for t in tokens if t not in vocab]
    if missing:
        raise InputError(f"어휘에 없는 토큰이 있습니다: {missing[:5]}", hint="tokenizer.tokenize()로 자른 조각을 쓰세요.")
    padding = max_length - real
    return HandEncoding(
        tokens=tokens + [pad] * padding,
        input_ids=[vocab[t] for t in tokens] + [vocab[pad]] * padding,
        token_type_ids=segments + [0] * padding,
        attention_mask=[1] * real + [0] * padding,
    )


# ---- 임베딩 표와 그 합 -----------------------------------------------------------------------

@dataclass(frozen=True)
class EmbeddingTables:
    """임베딩 층의 가중치 표(모델과 같은 텐서를 가리킴, 복사 아님)."""

    word: object          # (V, H) 토큰 임베딩: 어휘의 토큰마다 한 행
    position: object      # (P, H) 위치 임베딩: 0..P-1 위치마다 한 행(학습됨, BERT는 P=512)
    token_type: object    # (S, H) 세그먼트 임베딩: 문장 A=0, 문장 B=1(S=2)
    norm_weight: object   # (H,) LayerNorm 배율 γ
    norm_bias: object     # (H,) LayerNorm 치우침
    eps: float


def embedding_tables(model) -> EmbeddingTables:
    """BERT 모델(``BertModel`` 또는 헤드가 붙은 모델)에서 임베딩 표를 꺼냅니다."""
    emb = getattr(getattr(model, "bert", model), "embeddings", None)
    if emb is None or not hasattr(emb, "token_type_embeddings"):
        raise InputError("BERT 임베딩 층(word/position/token_type 임베딩)이 있는 모델이 아닙니다.",
                         hint='load("en-encoder").model 처럼 BERT 모델을 넣으세요.')
    return EmbeddingTables(emb.word_embeddings.weight.detach(), emb.position_embeddings.weight.detach(),
                           emb.token_type_embeddings.weight.detach(), emb.LayerNorm.weight.detach(),
                           emb.LayerNorm.bias.detach(), float(emb.LayerNorm.eps))


def _as_batch(ids):
    import torch

    ids = torch.as_tensor(ids, dtype=torch.long)
    return ids.unsqueeze(0) if ids.dim() == 1 else ids   # (B, T)


def sum_embeddings(tables: EmbeddingTables, input_ids, token_type_ids=None):
    """세 임베딩의 합(LayerNorm 전). 입력 (T,) 또는 (B, T) -> (B, T, H)."""
    import torch

    ids = _as_batch(input_ids)                                             # (B, T)
    types = torch.zeros_like(ids) if token_type_ids is None else _as_batch(token_type_ids)
    if types.shape != ids.shape:
        raise InputError(f"input_ids {tuple(ids.shape)}와 token_type_ids {tuple(types.shape)}의 모양이 달라요.")
    if ids.shape[1] > tables.position.shape[0]:
        raise InputError(f"토큰이 {ids.shape[1]}개인데 위치 임베딩은 {tables.position.shape[0]}개뿐입니다.",
                         hint="max_length를 줄여 자르세요(truncation=True).")
    positions = torch.arange(ids.shape[1])                                 # (T,)
    return tables.word[ids] + tables.position[positions] + tables.token_type[types]   # (B, T, H)


def layer_norm(x, tables: EmbeddingTables):
    """임베딩 층의 LayerNorm을 직접 계산: 마지막 차원(H)에서 평균을 빼고 표준편차로 나눈 뒤 눈금·치우침."""
    mean = x.mean(-1, keepdim=True)                                       # (B, T, 1)
    var = x.var(-1, keepdim=True, unbiased=False)                          # (B, T, 1)
    return (x - mean) / (var + tables.eps).sqrt() * tables.norm_weight + tables.norm_bias


def embedding_layer_output(model, input_ids, token_type_ids=None):
    """모델의 임베딩 층이 실제로 낸 값 (B, T, H): ``hidden_states[0]``과 같습니다(eval 모드)."""
    import torch

    emb = getattr(model, "bert", model).embeddings
    ids = _as_batch(input_ids)
    types = None if token_type_ids is None else _as_batch(token_type_ids)
    with torch.no_grad():
        return emb(input_ids=ids, token_type_ids=types)


# ---- 위젯용: 한 입력의 세 임베딩과 합을 한 번에 ---------------------------------------------------

@dataclass
class Breakdown:
    """위치마다 세 임베딩, 합, LayerNorm 뒤, 모델 출력(모두 (T, H) 텐서)과 입력 정보."""

    tokens: list[str]
    input_ids: list[int]
    token_type_ids: list[int]
    attention_mask: list[int]
    token: object
    position: object
    segment: object
    summed: object
    normalized: object
    model_output: object
    notices: list[str] = field(default_factory=list)

    def norms(self) -> dict[str, list[float]]:
        """구성 요소마다 위치별 벡터 길이(L2 노름)."""
        parts = {"토큰": self.token, "위치": self.position, "세그먼트": self.segment,
                 "합": self.summed, "LayerNorm 뒤": self.normalized}
        return {name: value.norm(dim=-1).tolist() for name, value in parts.items()}


def embedding_breakdown(loaded, text_a, text_b=None, *, max_length: int | None = None,
                        pad: bool = False) -> Breakdown:
    """문장(또는 문장 쌍)을 토큰화해 세 임베딩과 그 합을 위치마다 구합니다. 레슨 04의 위젯이 부르는 계산.

    ``loaded``: ``load(...)``의 결과(모델과 토크나이저). 너무 긴 입력은 잘라 쓰고 ``notices``에 알립니다.
    ``pad=True``면 ``max_length``까지 [PAD]로 채워 패딩 위치의 임베딩도 보여 줍니다.
    """
    import torch

    from bertlab.tokenization import clean_text

    text_a, notices = clean_text(text_a)
    if text_b is not None and text_b != "":
        text_b, more = clean_text(text_b)
        notices += [n for n in more if n not in notices]
    else:
        text_b = None
    tables = embedding_tables(loaded.model)
    limit = min(max_length or tables.position.shape[0], tables.position.shape[0])
    full = loaded.tokenizer(text_a, text_b, truncation=False, verbose=False)["input_ids"]
    enc = loaded.tokenizer(text_a, text_b, truncation=True, max_length=limit,
                           padding="max_length" if pad else False)
    if len(full) > limit:
        notices.append(f"토큰이 {len(full):,}개라 앞의 {limit}개만 씁니다(위치 임베딩이 {limit}개뿐).")
    ids, types = enc["input_ids"], enc.get("token_type_ids", [0] * len(enc["input_ids"]))
    ids_t, types_t = torch.tensor(ids), torch.tensor(types)               # (T,)
    summed = sum_embeddings(tables, ids_t, types_t)[0]                      # (T, H)
    return Breakdown(
        tokens=loaded.tokenizer.convert_ids_to_tokens(ids), input_ids=list(ids), token_type_ids=list(types),
        attention_mask=list(enc["attention_mask"]), token=tables.word[ids_t],
        position=tables.position[: len(ids)], segment=tables.token_type[types_t], summed=summed,
        normalized=layer_norm(summed, tables), model_output=embedding_layer_output(loaded.model, ids_t, types_t)[0],
        notices=notices,
    )


def position_similarity(tables: EmbeddingTables, count: int = 128):
    """위치 임베딩끼리의 코사인 유사도 (count, count). 가까운 위치끼리 비슷한지 보여 줍니다."""
    import torch

    rows = torch.nn.functional.normalize(tables.position[:count], dim=-1)  # (N, H)
    return rows @ rows.T                                                   # (N, N)
