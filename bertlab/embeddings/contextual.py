"""정적 임베딩과 문맥 임베딩 비교하기. 레슨 01에서 사용(문맥 벡터 꺼내기는 ``bertlab.embeddings.word_extraction``를 씁니다).

- **정적 벡터**(static embedding): 모델의 입력 토큰 임베딩 표(``model.get_input_embeddings().weight``,
  모양 (V, H))에서 단어의 토큰 번호로 찾은 행입니다. 문장이 무엇이든 같은 번호면 같은 행이 나옵니다.
  word2vec·GloVe 같은 단어 임베딩이 바로 이런 "단어 하나에 벡터 하나" 표입니다.
- **문맥 벡터**(contextual embedding): 같은 단어를 문장째 모델에 넣어 나온 층 출력입니다. 주변 단어가
  바뀌면 값도 바뀝니다.

단어가 여러 조각으로 잘리면 두 벡터 모두 조각 평균을 씁니다. 벡터는 넘파이 배열로 돌려줍니다.
가까운 이웃 찾기(임베딩 표의 이웃, 문장 속 토큰의 이웃)는 ``bertlab.embeddings.neighbours``에 있습니다.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from bertlab.errors import InputError
from bertlab.embeddings.word_extraction import DEFAULT_CACHE, MARK, locate_word, pieces_for_span

HOMONYMS_FILE = Path(__file__).resolve().parents[1] / "data" / "homonyms.tsv"
MAX_SENTENCES = 8
HANGUL = re.compile(r"[가-힣]")


def unpack_model(lm):
    """``load()``의 결과(또는 .model과 .tokenizer가 있는 값)에서 모델과 토크나이저를 꺼냅니다."""
    model, tokenizer = getattr(lm, "model", None), getattr(lm, "tokenizer", None)
    if model is None or tokenizer is None:
        raise InputError("모델 자리에는 load(...)로 불러온 모델을 넣어 주세요. 예: lm = load(\"en-encoder\")")
    return model, tokenizer


def embedding_table(lm) -> np.ndarray:
    """모델의 입력 토큰 임베딩 표(정적 임베딩). 모양 (V, H)."""
    model, _ = unpack_model(lm)
    return model.get_input_embeddings().weight.detach().cpu().numpy()


def _layer_index(layer, num_layers: int) -> int:
    """층 번호 -> 0..L. 0은 임베딩 층 출력, L은 마지막 층, -1도 마지막 층."""
    if layer is None:
        return num_layers
    is_int = isinstance(layer, (int, np.integer)) and not isinstance(layer, bool)
    if not is_int or not -num_layers - 1 <= layer <= num_layers:
        raise InputError(f"층 번호는 0(임베딩)부터 {num_layers}(마지막 층)까지의 정수입니다(-1은 마지막 층). "
                         f"받은 값: {layer!r}")
    return int(layer) % (num_layers + 1)


@dataclass(frozen=True)
class WordInContext:
    """문장 속 단어 하나의 두 벡터."""

    sentence: str            # 대괄호 표시를 뺀 문장
    word: str
    start: int               # 문장에서 단어의 글자 위치 [start, end)
    end: int
    pieces: list[str]        # 단어를 덮은 토큰 조각
    token_ids: list[int]
    layer: int               # 문맥 벡터를 꺼낸 층(0..L)
    static: np.ndarray       # (H,) 입력 임베딩 표의 행(조각 평균)
    contextual: np.ndarray   # (H,) layer층 출력(조각 평균)


def word_in_context(lm, sentence, word=None, *, layer=None) -> WordInContext:
    """문장에서 단어를 찾아 정적 벡터와 문맥 벡터를 함께 꺼냅니다. 레슨 01에서 사용.

    단어는 어절 맨 앞의 첫 출현을 씁니다(``배를``의 ``배``). ``"강가의 [배]가"``처럼 대괄호로 직접
    표시해도 됩니다. layer를 비우면 마지막 층입니다.
    """
    model, tokenizer = unpack_model(lm)
    span = locate_word(sentence, word)
    encoded = DEFAULT_CACHE.encode(lm, [span.text])[0]
    positions = pieces_for_span(span.text, encoded.offsets, span.start, span.end)
    if not positions:
        raise InputError(f"'{span.word}'에 해당하는 토큰을 찾지 못했습니다(문장이 너무 길어 잘렸을 수 있습니다).")
    index = _layer_index(layer, encoded.states.shape[0] - 1)
    pieces = [encoded.pieces[i] for i in positions]
    token_ids = [int(i) for i in tokenizer.convert_tokens_to_ids(pieces)]
    table = model.get_input_embeddings().weight.detach()                   # (V, H)
    static = table[token_ids].mean(dim=0).cpu().numpy()                     # (H,)
    contextual = encoded.states[index][positions].mean(axis=0)              # (H,)
    return WordInContext(span.text, span.word, span.start, span.end, pieces, token_ids, index, static, contextual)


def cosine(u, v) -> float:
    """두 벡터의 코사인 유사도(-1~1). 넘파이 배열·torch 텐서·리스트 모두 받습니다."""
    a = np.asarray(getattr(u, "detach", lambda: u)(), dtype=np.float64).ravel()
    b = np.asarray(getattr(v, "detach", lambda: v)(), dtype=np.float64).ravel()
    if a.shape != b.shape:
        raise InputError(f"두 벡터의 길이가 다릅니다: {a.size}와 {b.size}")
    norm = np.linalg.norm(a) * np.linalg.norm(b)
    if norm == 0:
        raise InputError("길이가 0인 벡터는 방향이 없어 코사인 유사도를 잴 수 없습니다.")
    return float(a @ b / norm)


def similarity_matrix(vectors) -> np.ndarray:
    """벡터 N개의 쌍마다 코사인 유사도. (N, H) -> (N, N)."""
    x = np.asarray(vectors, dtype=np.float64)
    x = x / np.clip(np.linalg.norm(x, axis=1, keepdims=True), 1e-12, None)
    return x @ x.T


@dataclass(frozen=True)
class ContextComparison:
    """같은 단어를 여러 문장에서 꺼내 비교한 결과."""

    items: list[WordInContext]
    static_similarity: np.ndarray       # (N, N) 정적 벡터끼리 — 같은 조각이면 모두 1
    contextual_similarity: np.ndarray   # (N, N) 문맥 벡터끼리
    layer: int

    @property
    def sentences(self) -> list[str]:
        return [item.sentence for item in self.items]


def compare_contexts(lm, sentences, word=None, *, layer=None) -> ContextComparison:
    """같은 단어가 들어간 문장들에서 정적·문맥 유사도 행렬을 만듭니다. 레슨 01의 표와 위젯에서 사용."""
    if isinstance(sentences, str):
        sentences = [sentences]
    if not isinstance(sentences, (list, tuple)):
        raise InputError("문장은 리스트로 주세요. 예: [\"I went to the bank.\", \"We sat on the river bank.\"]")
    sentences = [s for s in sentences if not (isinstance(s, str) and not s.strip())]
    if isinstance(word, str) and not word.strip():
        word = None
    if word is not None and not isinstance(word, str):
        raise InputError(f"찾을 단어는 문자열이어야 합니다. 지금은 {type(word).__name__}입니다.")
    if word is None and not any(isinstance(s, str) and MARK.search(s) for s in sentences):
        raise InputError("찾을 단어가 비어 있습니다. 단어를 입력하거나, 문장에서 [bank]처럼 대괄호로 표시해 주세요.")
    if not 2 <= len(sentences) <= MAX_SENTENCES:
        raise InputError(f"비교하려면 빈칸이 아닌 문장이 2개에서 {MAX_SENTENCES}개 필요합니다. 지금은 {len(sentences)}개입니다.")
    items = []
    for number, sentence in enumerate(sentences, start=1):
        try:
            items.append(word_in_context(lm, sentence, word, layer=layer))
        except InputError as exc:
            raise InputError(f"{number}번째 문장: {exc.message}", hint=exc.hint) from None
    return ContextComparison(
        items=items,
        static_similarity=similarity_matrix([i.static for i in items]),
        contextual_similarity=similarity_matrix([i.contextual for i in items]),
        layer=items[0].layer,
    )


@lru_cache(maxsize=1)
def _homonym_rows() -> tuple[dict, ...]:
    with HOMONYMS_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle, delimiter="\t"))


def homonym_sentences(language: str, word: str) -> dict[str, list[str]]:
    """강의의 동음이의어 문장 모음(``bertlab/data/homonyms.tsv``)에서 뜻별 문장. {뜻 설명: [문장, ...]}."""
    senses: dict[str, list[str]] = {}
    for row in _homonym_rows():
        if row["lang"] == language and row["word"] == word:
            senses.setdefault(row["gloss"], []).append(row["sentence"])
    if not senses:
        raise InputError(f"문장 모음에 '{word}'({language}) 문장이 없습니다.")
    return senses


def default_pool(word: str, sentences=()) -> list[str]:
    """이웃을 찾을 기본 문장 묶음: 입력 문장들 + 그 단어의 동음이의어 문장(있으면)."""
    language = "ko" if HANGUL.search(word or "") else "en"
    extra: list[str] = []
    try:
        key = (word or "").strip() if language == "ko" else (word or "").strip().lower()
        for group in homonym_sentences(language, key).values():
            extra.extend(group)
    except InputError:
        pass
    own = [MARK.sub(r"\1", s) for s in sentences if isinstance(s, str) and s.strip()]
    return list(dict.fromkeys(own + extra))
