"""BERT의 크기: 구조 설정(L, H, A, 어휘 크기, 최대 길이)에서 파라미터 수를 부품별로 셉니다. 레슨 02에서 사용.

``BertModel``의 파라미터는 다섯 묶음으로 빠짐없이 나뉩니다(V: 어휘 크기, P: 최대 위치 수,
S: 세그먼트 종류 수, H: 은닉 크기, F: 피드포워드 안쪽 크기(보통 4H), L: 층 수).

- 임베딩 표: 토큰 V·H + 위치 P·H + 세그먼트 S·H
- 셀프 어텐션(층마다): 쿼리·키·값·출력 투영 4개 = 4·(H·H + H)
- 피드포워드(층마다): H→F와 F→H 두 선형 층 = H·F + F + F·H + H
- 층 정규화: 임베딩 뒤 1개 + 층마다 2개, 하나에 2H(이득과 편향)
- 풀러: [CLS] 벡터에 거는 H→H 선형 층 = H·H + H

헤드 수 A는 H를 A개로 나눠 쓸 뿐이라 파라미터 수에 들어가지 않습니다. 테스트는 이 공식이
``BertModel(BertConfig(...)).num_parameters()``와 정확히 같은지 여러 크기에서 확인합니다.
"""

from __future__ import annotations

from dataclasses import dataclass

from bertlab.errors import InputError

BASE_VOCAB = 30522          # bert-base-uncased의 WordPiece 어휘 크기
LIMITS = {"layers": (1, 48), "hidden": (8, 4096), "vocab": (10, 1_000_000), "max_positions": (8, 8192)}
FIELD_NAMES = {"layers": "층 수 L", "hidden": "은닉 크기 H", "heads": "헤드 수 A", "vocab": "어휘 크기",
               "max_positions": "최대 길이", "intermediate": "피드포워드 크기", "type_vocab": "세그먼트 종류 수"}


def _check_int(name: str, value, low: int, high: int) -> int:
    label = FIELD_NAMES[name]
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise InputError(f"{label}은(는) 정수여야 합니다. 받은 값: {value!r} ({type(value).__name__})")
    if not low <= value <= high:
        raise InputError(f"{label}은(는) {low:,}에서 {high:,} 사이여야 합니다. 받은 값: {value:,}")
    return value


@dataclass(frozen=True)
class BertSize:
    """BERT 한 가지 크기. 기본값은 BERT-Base(L=12, H=768, A=12, 어휘 30,522, 최대 길이 512)."""

    layers: int = 12                 # L: 인코더 층 수
    hidden: int = 768                # H: 은닉 크기(토큰 벡터의 길이)
    heads: int = 12                  # A: 어텐션 헤드 수
    vocab: int = BASE_VOCAB          # V: 어휘 크기
    max_positions: int = 512         # P: 위치 임베딩 표의 행 수(최대 입력 길이)
    intermediate: int | None = None  # F: 피드포워드 안쪽 크기, 비우면 4H
    type_vocab: int = 2              # S: 세그먼트(문장 A/B) 종류 수

    def __post_init__(self) -> None:
        for name in ("layers", "hidden", "vocab", "max_positions"):
            object.__setattr__(self, name, _check_int(name, getattr(self, name), *LIMITS[name]))
        object.__setattr__(self, "heads", _check_int("heads", self.heads, 1, self.hidden))
        if self.hidden % self.heads:
            divisors = [a for a in range(1, 33) if self.hidden % a == 0]
            raise InputError(
                f"은닉 크기 H={self.hidden}은(는) 헤드 수 A={self.heads}로 나누어떨어져야 합니다"
                f"(헤드마다 H/A 차원씩 나눠 갖기 때문입니다).",
                hint=f"H={self.hidden}이면 A는 {', '.join(map(str, divisors))} 등이 됩니다.")
        if self.intermediate is not None:
            object.__setattr__(self, "intermediate", _check_int("intermediate", self.intermediate, 1, 65536))
        object.__setattr__(self, "type_vocab", _check_int("type_vocab", self.type_vocab, 1, 16))

    @property
    def ffn(self) -> int:
        """피드포워드 안쪽 크기 F(지정하지 않으면 4H)."""
        return self.intermediate if self.intermediate is not None else 4 * self.hidden

    @property
    def head_dim(self) -> int:
        """헤드 하나가 맡는 차원 H/A(BERT는 보통 64)."""
        return self.hidden // self.heads

    def label(self) -> str:
        return f"L={self.layers}, H={self.hidden}, A={self.heads}"


def size_from_config(config) -> BertSize:
    """transformers의 ``BertConfig``(또는 모델)에서 ``BertSize``를 만듭니다."""
    config = getattr(config, "config", config)
    try:
        return BertSize(layers=config.num_hidden_layers, hidden=config.hidden_size,
                        heads=config.num_attention_heads, vocab=config.vocab_size,
                        max_positions=config.max_position_embeddings,
                        intermediate=config.intermediate_size, type_vocab=config.type_vocab_size)
    except AttributeError as exc:
        raise InputError("BERT 설정(BertConfig)이나 BERT 모델을 넣어 주세요.") from exc


def to_bert_config(size: BertSize):
    """``BertSize`` -> transformers ``BertConfig``(어텐션은 강의 기본값인 eager)."""
    from transformers import BertConfig

    return BertConfig(num_hidden_layers=size.layers, hidden_size=size.hidden, num_attention_heads=size.heads,
                      vocab_size=size.vocab, max_position_embeddings=size.max_positions,
                      intermediate_size=size.ffn, type_vocab_size=size.type_vocab,
                      attn_implementation="eager")


def as_size(size) -> BertSize:
    """``BertSize``·``BertConfig``·모델·``dict``·None(BERT-Base)을 ``BertSize``로 맞춥니다."""
    if size is None:
        return BertSize()
    if isinstance(size, BertSize):
        return size
    if isinstance(size, dict):
        try:
            return BertSize(**size)
        except TypeError as exc:
            raise InputError(f"크기 설정에 모르는 이름이 있습니다: {exc}. 쓸 수 있는 이름: "
                             + ", ".join(FIELD_NAMES)) from None
    return size_from_config(size)


@dataclass(frozen=True)
class ParameterCount:
    """부품별 파라미터 수. ``*_per_layer``는 인코더 층 하나, 나머지는 모델 전체의 합입니다."""

    size: BertSize
    token_embeddings: int        # V·H
    position_embeddings: int     # P·H
    segment_embeddings: int      # S·H
    attention_per_layer: int     # 4·(H·H + H)
    ffn_per_layer: int           # H·F + F + F·H + H
    layernorm_per_layer: int     # 2 · 2H
    embedding_layernorm: int     # 2H
    pooler: int                  # H·H + H

    @property
    def embeddings(self) -> int:
        """세 임베딩 표의 합(층 정규화 제외)."""
        return self.token_embeddings + self.position_embeddings + self.segment_embeddings

    @property
    def per_layer(self) -> int:
        """인코더 층 하나의 파라미터 수."""
        return self.attention_per_layer + self.ffn_per_layer + self.layernorm_per_layer

    @property
    def attention(self) -> int:
        return self.size.layers * self.attention_per_layer

    @property
    def ffn(self) -> int:
        return self.size.layers * self.ffn_per_layer

    @property
    def layernorm(self) -> int:
        return self.embedding_layernorm + self.size.layers * self.layernorm_per_layer

    @property
    def total(self) -> int:
        return self.embeddings + self.attention + self.ffn + self.layernorm + self.pooler

    def components(self) -> dict[str, int]:
        """위젯과 표에 쓰는 다섯 묶음(한국어 이름 -> 파라미터 수). 합은 ``total``."""
        return {"임베딩 표": self.embeddings, "셀프 어텐션": self.attention, "피드포워드": self.ffn,
                "층 정규화": self.layernorm, "풀러": self.pooler}

    def formulas(self) -> dict[str, str]:
        """각 묶음을 계산한 식(숫자를 넣은 꼴)."""
        s = self.size
        return {
            "임베딩 표": f"({s.vocab:,} + {s.max_positions} + {s.type_vocab}) × {s.hidden}",
            "셀프 어텐션": f"{s.layers} × 4 × ({s.hidden}×{s.hidden} + {s.hidden})",
            "피드포워드": f"{s.layers} × ({s.hidden}×{s.ffn} + {s.ffn} + {s.ffn}×{s.hidden} + {s.hidden})",
            "층 정규화": f"(1 + 2×{s.layers}) × 2 × {s.hidden}",
            "풀러": f"{s.hidden}×{s.hidden} + {s.hidden}",
        }


def count_parameters(size=None, **overrides) -> ParameterCount:
    """BERT 크기 하나의 파라미터 수를 부품별로 셉니다. 레슨 02에서 사용.

    size: ``BertSize``, ``BertConfig``, 불러온 모델, ``dict``, 또는 생략(BERT-Base).
    overrides: 바꿀 값만 이름으로. 예: ``count_parameters(layers=24, hidden=1024, heads=16)``.
    """
    base = as_size(size)
    if overrides:
        fields = {k: getattr(base, k) for k in FIELD_NAMES}
        unknown = set(overrides) - set(fields)
        if unknown:
            raise InputError(f"모르는 크기 이름입니다: {', '.join(sorted(unknown))}. 쓸 수 있는 이름: "
                             + ", ".join(FIELD_NAMES))
        if "hidden" in overrides and "intermediate" not in overrides and base.intermediate == 4 * base.hidden:
            fields["intermediate"] = None       # H를 바꾸면 F=4H도 따라 바뀌게
        base = BertSize(**{**fields, **overrides})
    s, h, f = base, base.hidden, base.ffn
    return ParameterCount(
        size=s,
        token_embeddings=s.vocab * h,
        position_embeddings=s.max_positions * h,
        segment_embeddings=s.type_vocab * h,
        attention_per_layer=4 * (h * h + h),
        ffn_per_layer=h * f + f + f * h + h,
        layernorm_per_layer=2 * 2 * h,
        embedding_layernorm=2 * h,
        pooler=h * h + h,
    )


def shape_only_model(size=None):
    """무게 값 없이 모양만 있는 ``BertModel``(meta 장치). 메모리를 거의 쓰지 않고 0.1초 안에 만들어집니다."""
    import torch
    from transformers import BertModel

    with torch.device("meta"):
        return BertModel(to_bert_config(as_size(size)))


def library_parameter_count(size=None) -> int:
    """transformers가 센 파라미터 수(``BertModel(config).num_parameters()``). 공식 검증용."""
    return int(shape_only_model(size).num_parameters())


def memory_megabytes(count: int, bytes_per_parameter: int = 4) -> float:
    """파라미터를 저장하는 데 드는 메모리(MB). float32는 4바이트, float16은 2바이트."""
    return count * bytes_per_parameter / 1024**2
