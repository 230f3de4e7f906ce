"""토큰화 결과를 사람이 보기 좋게 펼치는 함수들(레슨 00의 미리보기, 레슨 03·17의 토크나이저 놀이터).

학생이 무엇을 입력하든(빈 문자열, 공백, 이모지, 한자, 5,000자) 한국어 안내와 함께 결과를 돌려줍니다.
너무 긴 입력은 조용히 자르지 않고, 몇 글자·몇 토큰에서 잘렸는지 함께 알려 줍니다.

토크나이저는 Hugging Face의 빠른 토크나이저이거나, ``token_rows(text, add_special_tokens)``로
``TokenRow`` 목록을 돌려주는 객체(레슨 03의 음절·형태소 토크나이저, ``bertlab.tokenization.korean_strategies``)입니다.
레슨 03의 어휘 늘리기(``add_tokens``·``add_special_tokens``·``resize_token_embeddings``)도 여기 있습니다.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bertlab.errors import BertlabError, InputError

MAX_CHARS = 2000        # 위젯이 한 번에 보여 줄 최대 글자 수
MAX_TOKENS = 512        # BERT의 최대 위치 수


@dataclass(frozen=True)
class TokenRow:
    piece: str      # 토큰 문자열(예: "##ing")
    token_id: int
    start: int      # 원문에서의 글자 위치 [start, end)
    end: int
    special: bool   # [CLS], [SEP] 같은 특수 토큰인지
    unknown: bool   # [UNK]인지


@dataclass(frozen=True)
class Tokenized:
    text: str                 # 실제로 토큰화한 텍스트(잘렸으면 잘린 것)
    rows: list[TokenRow]
    notices: list[str] = field(default_factory=list)  # 한국어 안내(잘림, 빈 입력 등)

    @property
    def pieces(self) -> list[str]:
        return [r.piece for r in self.rows]

    @property
    def ids(self) -> list[int]:
        return [r.token_id for r in self.rows]


def clean_text(text) -> tuple[str, list[str]]:
    """입력을 문자열로 정리하고, 너무 길면 자릅니다. (텍스트, 안내 목록)."""
    if text is None:
        raise InputError("문장이 비어 있습니다(None). 따옴표 안에 문장을 넣어 주세요.")
    if not isinstance(text, str):
        raise InputError(f"문장은 문자열(str)이어야 합니다. 지금은 {type(text).__name__}입니다.")
    notices = []
    if not text.strip():
        notices.append("빈 문장입니다. 특수 토큰만 남습니다. 문장을 입력해 보세요.")
    if len(text) > MAX_CHARS:
        notices.append(f"입력이 {len(text):,}자로 길어 앞의 {MAX_CHARS:,}자만 토큰화했습니다.")
        text = text[:MAX_CHARS]
    return text, notices


def _hf_rows(text: str, tokenizer, add_special_tokens: bool) -> list[TokenRow]:
    encoding = tokenizer(text, add_special_tokens=add_special_tokens, return_offsets_mapping=True,
                         truncation=False, verbose=False)  # 512개 초과 경고는 한국어 안내로 대신합니다
    ids, offsets = encoding["input_ids"], encoding["offset_mapping"]
    special_ids = set(tokenizer.all_special_ids)
    pieces = tokenizer.convert_ids_to_tokens(ids)
    return [
        TokenRow(piece, int(i), int(s), int(e), int(i) in special_ids and i != tokenizer.unk_token_id,
                 i == tokenizer.unk_token_id)
        for piece, i, (s, e) in zip(pieces, ids, offsets)
    ]


def _check_tokenizer(tokenizer) -> None:
    if hasattr(tokenizer, "token_rows"):
        return
    if not callable(tokenizer) or not hasattr(tokenizer, "convert_ids_to_tokens"):
        raise InputError(f"토크나이저가 아닙니다({type(tokenizer).__name__}).",
                         hint="load(...).tokenizer 나 AutoTokenizer.from_pretrained(...)로 만든 토크나이저를 넣으세요.")
    if not getattr(tokenizer, "is_fast", False):
        raise InputError("글자 위치(offset)를 알려 주는 빠른 토크나이저(fast tokenizer)가 필요합니다.",
                         hint="AutoTokenizer.from_pretrained(..., use_fast=True)로 불러오세요.")


def tokenize_for_display(text, tokenizer, *, add_special_tokens: bool = True,
                         max_tokens: int = MAX_TOKENS) -> Tokenized:
    """토큰의 조각·ID·글자 위치를 한 번에 구합니다. 레슨 00, 03에서 사용.

    ``tokenizer``: 빠른 토크나이저, 또는 ``token_rows(text, add_special_tokens)``가 있는 객체.
    """
    text, notices = clean_text(text)
    _check_tokenizer(tokenizer)
    if hasattr(tokenizer, "token_rows"):
        rows = tokenizer.token_rows(text, add_special_tokens=add_special_tokens)
    else:
        rows = _hf_rows(text, tokenizer, add_special_tokens)
    if len(rows) > max_tokens:
        notices.append(f"토큰이 {len(rows):,}개라 앞의 {max_tokens}개만 보여 줍니다(BERT는 최대 512개).")
        rows = rows[:max_tokens]
    unknown = sum(r.unknown for r in rows)
    if unknown:
        notices.append(f"어휘에 없는 글자가 있어 [UNK] 토큰이 {unknown}개 나왔습니다.")
    return Tokenized(text, rows, notices)


@dataclass(frozen=True)
class PieceStats:
    """토큰화 결과 하나의 요약(특수 토큰 제외). 레슨 03, 17의 놀이터가 줄마다 보여 줍니다."""

    pieces: int              # 조각 수
    unknown: int             # 그 가운데 [UNK] 수
    chars_per_piece: float   # 공백을 뺀 글자 수 / 조각 수 (조각이 없으면 0)


def piece_stats(result: Tokenized) -> PieceStats:
    """조각 수, [UNK] 수, 조각당 평균 글자 수. 글자는 조각들이 덮는 원문에서 공백을 뺀 수입니다."""
    rows = [r for r in result.rows if not r.special]
    covered = max((r.end for r in rows), default=0)
    chars = sum(not ch.isspace() for ch in result.text[:covered])
    return PieceStats(len(rows), sum(r.unknown for r in rows), chars / len(rows) if rows else 0.0)


@dataclass(frozen=True)
class Comparison:
    """토크나이저 하나의 결과(놀이터의 한 줄). 실패하면 ``result`` 대신 한국어 ``error``."""

    label: str
    result: Tokenized | None
    error: str = ""


def compare_tokenizers(text, tokenizers: dict, *, add_special_tokens: bool = True) -> list[Comparison]:
    """같은 문장을 여러 토크나이저로 나란히 자릅니다. 레슨 03의 토크나이저 놀이터가 부르는 계산.

    ``tokenizers``: {표시 이름: 토크나이저}. 한 토크나이저가 실패해도 나머지는 그대로 보여 줍니다.
    """
    if not isinstance(tokenizers, dict) or not tokenizers:
        raise InputError("토크나이저를 {표시 이름: 토크나이저} 딕셔너리로 하나 이상 주세요.")
    clean_text(text)  # 잘못된 입력(None, 숫자 등)은 여기서 한 번만 한국어 오류로
    out = []
    for label, tokenizer in tokenizers.items():
        try:
            out.append(Comparison(str(label), tokenize_for_display(text, tokenizer,
                                                                   add_special_tokens=add_special_tokens)))
        except BertlabError as exc:
            out.append(Comparison(str(label), None, str(exc)))
    return out


def model_tokenizers(roles: dict) -> tuple[dict, list[str]]:
    """{표시 이름: 모델 역할} -> ({표시 이름: 토크나이저}, 불러오지 못한 역할의 한국어 안내 목록). 레슨 03."""
    from bertlab.errors import ModelUnavailableError
    from bertlab.models import load_tokenizer

    found, notes = {}, []
    for label, role in roles.items():
        try:
            found[label] = load_tokenizer(role)
        except ModelUnavailableError as exc:
            notes.append(f"{label}: {exc.message}")
    return found, notes


# ---- 어휘 늘리기(레슨 03) ------------------------------------------------------------------------

@dataclass
class VocabularyExtension:
    """``extend_vocabulary``의 결과: 새 토큰이 들어간 토크나이저·모델 사본과 전후 크기."""

    tokenizer: object
    model: object
    added_tokens: list[str]
    added_special_tokens: list[str]
    rows_before: int      # 임베딩 행렬의 행 수(늘리기 전)
    rows_after: int


def extend_vocabulary(loaded, tokens=(), special_tokens=(), *, mean_resizing: bool = True) -> VocabularyExtension:
    """토크나이저에 토큰을 더하고 모델의 임베딩 행렬을 그만큼 늘린 **사본**을 돌려줍니다. 레슨 03에서 사용.

    ``tokens``는 ``add_tokens``(보통 토큰: 정규화됨), ``special_tokens``는 ``add_special_tokens``(특수
    토큰: 정규화되지 않고, 디코딩 때 ``skip_special_tokens``로 지워지고, 특수 토큰 마스크가 1).
    캐시된 원래 모델은 건드리지 않습니다(``load()``가 돌려준 모델을 다른 셀에서도 쓰므로).
    """
    import copy

    for name, group in (("tokens", tokens), ("special_tokens", special_tokens)):
        if isinstance(group, str) or not all(isinstance(t, str) and t.strip() for t in group):
            raise InputError(f"{name}에는 비어 있지 않은 문자열의 리스트를 주세요. 예: ['bertlab']")
    tokenizer, model = copy.deepcopy(loaded.tokenizer), copy.deepcopy(loaded.model)
    before = model.get_input_embeddings().weight.shape[0]
    tokenizer.add_tokens(list(tokens))
    if special_tokens:
        tokenizer.add_special_tokens({"additional_special_tokens": list(special_tokens)})
    from transformers.utils import logging as hf_logging

    previous = hf_logging.get_verbosity()
    hf_logging.set_verbosity_error()  # 새 행 초기화 방법을 알리는 영어 경고는 레슨 본문이 한국어로 설명합니다
    try:
        model.resize_token_embeddings(len(tokenizer), mean_resizing=mean_resizing)
    finally:
        hf_logging.set_verbosity(previous)
    after = model.get_input_embeddings().weight.shape[0]
    return VocabularyExtension(tokenizer, model, list(tokens), list(special_tokens), before, after)
