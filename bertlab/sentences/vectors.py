"""문장 하나 -> 벡터 하나: 평범한 BERT의 풀링 벡터와 그 코사인 유사도(레슨 15, 16).

- ``PooledEncoder``: 사전 훈련만 한 인코더(``ko-mini-bert``, ``multilingual-e5-small`` …)의 마지막 층을
  ``[CLS]``·평균·최대 풀링(레슨 10의 ``bertlab.embeddings.pool``, ``attention_mask``로 패딩을 뺌)으로 줄입니다.
  e5처럼 입력 앞에 붙이는 말(``query: ``)이 있는 모델은 ``prefix``로 줍니다.
- ``encode_sentences(encoder, texts)``: 어떤 인코더든(``PooledEncoder``, SBERT 모델) 길이 1로 맞춘 (N, H) 벡터.
  그러면 코사인 유사도는 내적 하나입니다(``cosine_matrix``).
- ``check_sentences``: 학생 입력(빈 문장, 문자열이 아닌 값, 너무 긴 글)을 한국어로 알리거나 다듬습니다.
- ``anisotropy``: 서로 무관한 문장 쌍들의 평균 코사인(이방성, 레슨 15). ``sts_spearman``: KorSTS 쌍의 코사인과
  사람 점수의 스피어먼 상관.
"""

from __future__ import annotations

import random

import torch

from bertlab.errors import InputError

MAX_CHARACTERS = 1_000   # 이보다 긴 글은 앞부분만 씁니다(토큰 최대 길이에서 어차피 잘림)
CACHE_SENTENCES = 4_096  # PooledEncoder가 세 풀링의 벡터를 기억해 두는 문장 수(챗봇 색인처럼 큰 묶음은 기억하지 않음)
SENTENCE_LIMIT = 200     # 위젯에 한 번에 넣을 수 있는 문장 수


def check_sentences(texts, limit: int = SENTENCE_LIMIT) -> tuple[list[str], list[str]]:
    """학생이 준 문장들 -> (쓸 문장들, 한국어 안내들). 빈 목록이나 문자열이 아닌 값은 ``InputError``."""
    if isinstance(texts, str):
        texts = [texts]
    if not isinstance(texts, (list, tuple)):
        raise InputError(f"문장 리스트를 주세요(받은 것: {type(texts).__name__}). 예: [\"비가 온다\", \"날씨가 맑다\"]")
    notices = []
    kept = []
    for text in texts:
        if not isinstance(text, str):
            raise InputError(f"문장은 문자열이어야 합니다(받은 값: {text!r}).")
        if not text.strip():
            continue
        if len(text) > MAX_CHARACTERS:
            notices.append(f"{len(text):,}자짜리 글은 앞 {MAX_CHARACTERS:,}자만 씁니다(모델은 어차피 앞 토큰들만 읽습니다).")
            text = text[:MAX_CHARACTERS]
        kept.append(text.strip())
    if len(texts) > len(kept) and kept:
        notices.append("빈 문장은 뺐습니다.")
    if not kept:
        raise InputError("문장이 비어 있습니다. 한 줄에 한 문장씩 적어 주세요.")
    if len(kept) > limit:
        notices.append(f"문장이 {len(kept):,}개라 앞 {limit}개만 씁니다.")
        kept = kept[:limit]
    return kept, notices


class PooledEncoder:
    """사전 훈련한 인코더 + 풀링 = 문장 벡터. SBERT 훈련 전의 기준선(레슨 15), 챗봇의 ``[CLS]`` 판(레슨 16).

    location: 모델 폴더나 허브 ID. pooling: "cls" | "mean" | "max". prefix: 문장 앞에 붙일 말(e5: "query: ").

    모델을 한 번 돌리면 세 풀링이 모두 나오므로, 최근 문장들의 세 풀링 벡터를 기억해 둡니다(``with_pooling``으로 만든
    형제 인코더와 함께 씀). 레슨 15처럼 같은 문장들을 풀링만 바꿔 여러 번 잴 때 모델을 다시 돌리지 않습니다.
    """

    def __init__(self, location: str, pooling: str = "mean", prefix: str = "", max_length: int = 128,
                 name: str | None = None):
        from transformers import AutoModel, AutoTokenizer

        from bertlab.embeddings import POOLING_NAMES
        from bertlab.models import quiet_transformers

        if pooling not in POOLING_NAMES:
            raise InputError(f"풀링은 {', '.join(POOLING_NAMES)} 중 하나입니다(받은 값: {pooling!r}).")
        self.location, self.pooling, self.prefix, self.max_length = str(location), pooling, prefix, max_length
        self.name = name or f"{pooling} 풀링"
        with quiet_transformers():   # 사전 훈련 헤드(MLM, NSP)를 버리고 인코더만 불러온다는 영어 LOAD REPORT는 예상된 것
            self.tokenizer = AutoTokenizer.from_pretrained(self.location)
            self.model = AutoModel.from_pretrained(self.location, dtype=torch.float32).eval()
        self._remembered: dict[tuple, dict[str, torch.Tensor]] = {}   # (접두어, 최대 길이, 문장) -> {풀링: (H,)}

    def encode(self, texts: list[str], batch_size: int = 64) -> torch.Tensor:
        """문장들 -> 풀링한 마지막 층 벡터 (N, H)(길이를 맞추기 전). 기억해 둔 문장은 모델을 다시 돌리지 않습니다."""
        texts = list(texts)
        keys = [(self.prefix, self.max_length, text) for text in texts]
        missing = list(dict.fromkeys(key for key in keys if key not in self._remembered))
        if len(self._remembered) + len(missing) > CACHE_SENTENCES:
            return self.encode_poolings(texts, (self.pooling,), batch_size)[self.pooling]
        if missing:
            found = self.encode_poolings([text for _, _, text in missing], batch_size=batch_size)   # {풀링: (M, H)}
            for row, key in enumerate(missing):
                self._remembered[key] = {pooling: vectors[row] for pooling, vectors in found.items()}
        return torch.stack([self._remembered[key][self.pooling] for key in keys]) if keys else torch.empty(0)

    def encode_poolings(self, texts: list[str], poolings=("cls", "mean", "max"),
                        batch_size: int = 64) -> dict[str, torch.Tensor]:
        """모델을 한 번만 돌려 여러 풀링의 벡터를: {풀링: (N, H)}."""
        from bertlab.embeddings import pool

        chunks: dict[str, list] = {p: [] for p in poolings}
        with torch.no_grad():
            for start in range(0, len(texts), batch_size):
                batch = [self.prefix + t for t in texts[start:start + batch_size]]
                encoded = self.tokenizer(batch, padding=True, truncation=True, max_length=self.max_length,
                                         return_tensors="pt")
                hidden = self.model(**encoded).last_hidden_state                   # (b, T, H)
                for method in poolings:
                    chunks[method].append(pool(hidden, encoded["attention_mask"], method))  # (b, H)
        return {p: torch.cat(parts) for p, parts in chunks.items()}

    def with_pooling(self, pooling: str, name: str | None = None) -> "PooledEncoder":
        """같은 모델을 다시 불러오지 않고 풀링만 바꾼 인코더."""
        from copy import copy

        other = copy(self)
        other.pooling, other.name = pooling, name or f"{pooling} 풀링"
        return other

    def __repr__(self) -> str:
        return f"<PooledEncoder {self.name}: {self.location}>"


def encode_sentences(encoder, texts: list[str], batch_size: int = 64) -> torch.Tensor:
    """인코더(``PooledEncoder``나 SBERT 모델: ``encode(texts)``가 있는 것) -> 길이 1로 맞춘 (N, H) float32 벡터."""
    vectors = encoder.encode(list(texts), batch_size=batch_size)
    vectors = torch.as_tensor(vectors).float()                                  # (N, H)
    return torch.nn.functional.normalize(vectors, dim=-1)


def cosine_matrix(a: torch.Tensor, b: torch.Tensor | None = None) -> torch.Tensor:
    """길이 1인 벡터들의 코사인 유사도 표: (N, H) x (M, H) -> (N, M). 내적 한 번."""
    return a @ (a if b is None else b).T


def anisotropy(vectors: torch.Tensor, pairs: int = 2_000, seed: int = 0) -> float:
    """서로 다른 문장 쌍(무작위)들의 평균 코사인. 0에 가까울수록 벡터가 고르게 퍼져 있습니다(이방성이 낮음)."""
    n = len(vectors)
    if n < 2:
        raise InputError("평균 코사인을 재려면 문장이 둘 이상 있어야 합니다.")
    rng = random.Random(seed)
    index = [rng.sample(range(n), 2) for _ in range(pairs)]
    first = torch.tensor([i for i, _ in index])
    second = torch.tensor([j for _, j in index])
    return (vectors[first] * vectors[second]).sum(-1).mean().item()


def sts_cosines(encoder, pairs: list[tuple[str, str]], batch_size: int = 64) -> torch.Tensor:
    """문장 쌍들의 코사인 (N,). 같은 문장은 한 번만 인코딩합니다."""
    unique = list(dict.fromkeys(s for pair in pairs for s in pair))
    position = {s: i for i, s in enumerate(unique)}
    vectors = encode_sentences(encoder, unique, batch_size)                    # (U, H)
    first = vectors[[position[a] for a, _ in pairs]]                           # (N, H)
    second = vectors[[position[b] for _, b in pairs]]                          # (N, H)
    return (first * second).sum(-1)


def sts_spearman(encoder, examples: list[tuple], batch_size: int = 64) -> dict:
    """STS 예제 ``((A, B), 점수)``들 -> 코사인과 사람 점수의 스피어먼·피어슨, 코사인 평균."""
    from bertlab.finetuning import pearson, spearman

    cosines = sts_cosines(encoder, [pair for pair, _ in examples], batch_size)
    gold = torch.tensor([float(score) for _, score in examples])
    return {"spearman": spearman(cosines, gold), "pearson": pearson(cosines, gold),
            "mean_cosine": cosines.mean().item(), "examples": len(examples)}


def similarity_table(encoder, texts) -> tuple[list[str], torch.Tensor, list[str]]:
    """학생 문장들 -> (쓴 문장들, 코사인 표 (N, N), 안내들). 레슨 15의 유사도 행렬 위젯이 부르는 계산."""
    kept, notices = check_sentences(texts)
    previous = torch.get_num_threads()
    torch.set_num_threads(1)          # 문장 몇 개는 스레드 하나가 붐비는 CPU에서 더 빠름
    try:
        vectors = encode_sentences(encoder, kept)                               # (N, H)
    finally:
        torch.set_num_threads(previous)
    return kept, cosine_matrix(vectors), notices
