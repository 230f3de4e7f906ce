"""가까운 이웃 찾기: 정적 벡터의 이웃은 임베딩 표에서, 문맥 벡터의 이웃은 문장 속 토큰에서. 레슨 01에서 사용.

정적 이웃은 문장과 무관하게 언제나 같은 목록이고, 문맥 이웃은 단어가 놓인 문장에 따라 바뀝니다.
``neighbour_view``는 레슨 01의 '정적 vs 문맥 이웃' 위젯이 부르는 함수입니다. 같은 계산을 되풀이하지
않도록 표의 행 길이, 문장별 후보 토큰 위치, 정적 이웃 목록을 기억해 둡니다.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bertlab.embeddings.contextual import (HANGUL, ContextComparison, WordInContext, unpack_model, compare_contexts,
                                default_pool, embedding_table)
from bertlab.errors import InputError
from bertlab.embeddings.word_extraction import DEFAULT_CACHE, pieces_for_span


@dataclass(frozen=True)
class Neighbour:
    token: str
    similarity: float
    sentence: str = ""      # 문맥 이웃이면 그 토큰이 나온 문장
    start: int = -1         # 문장에서 토큰의 글자 위치
    end: int = -1


def _is_wordlike(piece: str) -> bool:
    core = piece.removeprefix("##").lstrip("▁")
    return any(ch.isalnum() for ch in core) and not (piece.startswith("[") and piece.endswith("]"))


def nearest_tokens(lm, vector, k: int = 8, *, table=None, exclude_ids=(), only_hangul: bool = False) -> list[Neighbour]:
    """임베딩 표에서 ``vector``와 코사인 유사도가 가장 높은 토큰 k개. 특수 토큰과 [unused] 토큰은 뺍니다.

    table을 주면 그 표(예: 무작위 표)에서 찾습니다. 모양 (V, H).
    only_hangul=True면 한글이 든 토큰만 봅니다(100개 언어가 섞인 다국어 어휘에서 한국어 이웃만 볼 때).
    """
    model, tokenizer = unpack_model(lm)
    if table is None:
        table, norms = embedding_table(lm), _row_norms(model)
    else:
        table = np.asarray(getattr(table, "detach", lambda: table)())
        norms = _norms(table)
    query = np.asarray(vector, dtype=np.float32).ravel()
    scores = table @ query / (norms * np.linalg.norm(query) + 1e-12)                           # (V,)
    banned = set(tokenizer.all_special_ids) | {int(i) for i in exclude_ids}
    size = k + len(banned) + 300
    while True:       # 점수 상위 몇백 개만 정렬해 걸러 보고, 모자라면 범위를 넓힙니다.
        top = min(len(scores), size)
        shortlist = np.argpartition(-scores, top - 1)[:top]
        result = []
        for token_id in shortlist[np.argsort(-scores[shortlist])]:
            piece = tokenizer.convert_ids_to_tokens(int(token_id))
            if int(token_id) in banned or piece.startswith("[unused") or not _is_wordlike(piece):
                continue
            if only_hangul and not HANGUL.search(piece):
                continue
            result.append(Neighbour(piece, float(scores[token_id])))
            if len(result) == k:
                return result
        if top == len(scores):
            return result
        size *= 8


_NORMS: dict[int, np.ndarray] = {}


def _norms(table: np.ndarray) -> np.ndarray:
    """행마다 길이 (V,). 표만 한 임시 배열을 만들지 않도록 einsum으로 계산합니다."""
    return np.sqrt(np.einsum("ij,ij->i", table, table))


def _row_norms(model) -> np.ndarray:
    """입력 임베딩 표의 행 길이(V,). 모델마다 한 번만 계산합니다."""
    key = id(model)
    if key not in _NORMS:
        _NORMS[key] = _norms(model.get_input_embeddings().weight.detach().cpu().numpy())
    return _NORMS[key]


def random_table_like(table, seed: int = 0) -> np.ndarray:
    """같은 모양·같은 표준편차의 무작위 임베딩 표(사전 훈련 전의 무작위 초기화 흉내). (V, H)."""
    table = np.asarray(getattr(table, "detach", lambda: table)())
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(table.shape) * table.std()).astype(np.float32)


_TOKEN_SPANS: dict[tuple[int, str], tuple[np.ndarray, list[tuple[int, int]]]] = {}


def _word_tokens(model, enc) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """문장에서 이웃 후보가 될 토큰 위치와 글자 구간(앞 공백 제외). 특수 토큰·문장 부호는 뺍니다."""
    key = (id(model), enc.text)
    if key not in _TOKEN_SPANS:
        if len(_TOKEN_SPANS) > 4096:
            _TOKEN_SPANS.clear()
        positions, spans = [], []
        for position, (piece, (s, e)) in enumerate(zip(enc.pieces, enc.offsets)):
            s, e = int(s), int(e)
            while s < e and enc.text[s].isspace():       # 앞 공백까지 덮는 조각(▁배)은 공백을 뺍니다.
                s += 1
            if e > s and _is_wordlike(piece):
                positions.append(position)
                spans.append((s, e))
        _TOKEN_SPANS[key] = (np.array(positions, dtype=int), spans)
    return _TOKEN_SPANS[key]


def contextual_neighbours(lm, item: WordInContext, pool, k: int = 5) -> list[Neighbour]:
    """문장 묶음(pool)의 모든 토큰 가운데 ``item``의 문맥 벡터와 가장 가까운 k개(같은 층에서 비교).

    문맥 벡터는 표의 단어가 아니라 "문장 속 토큰"이므로, 이웃도 문장 속 토큰에서 찾습니다.
    item 자신의 조각은 뺍니다.
    """
    model, _ = unpack_model(lm)
    if isinstance(pool, str) or not isinstance(pool, (list, tuple)) or not pool:
        raise InputError("이웃을 찾을 문장 리스트를 주세요.")
    texts = list(dict.fromkeys(s for s in pool if isinstance(s, str) and s.strip()))
    query = item.contextual / (np.linalg.norm(item.contextual) + 1e-12)
    scored = []                                          # (유사도, 문장, 조각 위치, 글자 구간)
    for enc in DEFAULT_CACHE.encode(lm, texts):
        positions, spans = _word_tokens(model, enc)
        if not len(positions):
            continue
        vectors = enc.states[item.layer][positions]                               # (N, H)
        scores = vectors @ query / (np.linalg.norm(vectors, axis=1) + 1e-12)      # (N,)
        own = set(pieces_for_span(enc.text, enc.offsets, item.start, item.end)) if enc.text == item.sentence else set()
        best = np.argsort(-scores)[: k + len(own)]
        scored.extend((float(scores[i]), enc, int(positions[i]), spans[i]) for i in best if positions[i] not in own)
    scored.sort(key=lambda row: -row[0])
    return [Neighbour(enc.pieces[position], score, enc.text, s, e) for score, enc, position, (s, e) in scored[:k]]


@dataclass(frozen=True)
class NeighbourView:
    """위젯 한 화면에 필요한 모든 것."""

    comparison: ContextComparison
    static_neighbours: list[Neighbour]            # 문장과 무관한 표의 이웃(한 번만)
    contextual_neighbours: list[list[Neighbour]]  # 문장마다 문맥 이웃


_STATIC_NEIGHBOURS: dict[tuple, list[Neighbour]] = {}


def neighbour_view(lm, sentences, word=None, *, layer=None, k: int = 5, pool=None) -> NeighbourView:
    """정적 이웃과 문맥 이웃을 한 번에 구합니다. 레슨 01의 위젯이 부르는 함수입니다.

    pool을 비우면 입력 문장들 + 강의의 동음이의어 문장(그 단어가 있으면)에서 문맥 이웃을 찾습니다.
    """
    comparison = compare_contexts(lm, sentences, word, layer=layer)
    first = comparison.items[0]
    if pool is None:
        pool = default_pool(first.word, comparison.sentences)
    key = (id(lm.model), tuple(first.token_ids), k)
    if key not in _STATIC_NEIGHBOURS:                # 정적 이웃은 문장·층과 무관하므로 한 번만 찾습니다.
        _STATIC_NEIGHBOURS[key] = nearest_tokens(lm, first.static, k, exclude_ids=first.token_ids,
                                                 only_hangul=bool(HANGUL.search(first.word)))
    statics = _STATIC_NEIGHBOURS[key]
    contexts = [contextual_neighbours(lm, item, pool, k) for item in comparison.items]
    return NeighbourView(comparison, statics, contexts)
