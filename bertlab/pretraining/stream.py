"""큰 말뭉치에서 사전 훈련 배치를 만드는 흐름. ``ko-mini-bert`` 훈련과 레슨 08에서 사용.

- ``TokenizedCorpus``: 모든 문장의 토큰 id를 하나의 int32 배열에 이어 붙이고, 문장 경계와 문서 경계를
  오프셋으로 기억합니다(수십만 개 리뷰도 메모리를 적게 씀).
- ``PretrainingStream``: BERT 논문처럼 A와 B 세그먼트를 이어지는 문장 여러 개로 채우고(IsNext),
  절반은 B를 다른 문서에서 가져옵니다(NotNext). 그다음 ``mask_tokens``로 MLM 마스킹.
  배치는 (시드, 단계)만으로 정해지므로, 중단 후 이어 훈련해도 같은 배치가 나옵니다.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from bertlab.pretraining.masking import mask_tokens
from bertlab.pretraining.nsp import NspPair, collate_pairs


@dataclass
class TokenizedCorpus:
    """토큰화한 문서들. tokens (N,), sentence_offsets (S+1,), document_offsets (D+1,) — 모두 numpy."""

    tokens: np.ndarray
    sentence_offsets: np.ndarray
    document_offsets: np.ndarray

    @classmethod
    def from_documents(cls, documents: list[list[str]], tokenizer, chunk: int = 20000) -> "TokenizedCorpus":
        sentences = [s for doc in documents for s in doc]
        lengths, pieces = [], []
        for start in range(0, len(sentences), chunk):
            ids = tokenizer(sentences[start:start + chunk], add_special_tokens=False)["input_ids"]
            pieces += [np.asarray(x, dtype=np.int32) for x in ids]
            lengths += [len(x) for x in ids]
        tokens = np.concatenate(pieces) if pieces else np.zeros(0, np.int32)
        sentence_offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        document_offsets = np.concatenate([[0], np.cumsum([len(d) for d in documents])]).astype(np.int64)
        return cls(tokens, sentence_offsets, document_offsets)

    def save(self, path: str | Path) -> None:
        np.savez(path, tokens=self.tokens, sentence_offsets=self.sentence_offsets,
                 document_offsets=self.document_offsets)

    @classmethod
    def load(cls, path: str | Path) -> "TokenizedCorpus":
        data = np.load(path)
        return cls(data["tokens"], data["sentence_offsets"], data["document_offsets"])

    @property
    def num_tokens(self) -> int:
        return int(len(self.tokens))

    def sentence(self, index: int) -> list[int]:
        return self.tokens[self.sentence_offsets[index]:self.sentence_offsets[index + 1]].tolist()

    def document_of(self, sentence_index: int) -> int:
        return int(np.searchsorted(self.document_offsets, sentence_index, side="right") - 1)


class PretrainingStream:
    """(시드, 단계) -> MLM+NSP 배치. ``batch(step)``이 돌려주는 사전은 ``pretraining_loss``에 바로 넣습니다."""

    def __init__(self, corpus: TokenizedCorpus, tokenizer, batch_size: int = 32, max_length: int = 128,
                 short_seq_prob: float = 0.1, seed: int = 0, mlm_probability: float = 0.15):
        self.corpus, self.batch_size, self.max_length = corpus, batch_size, max_length
        self.short_seq_prob, self.seed, self.mlm_probability = short_seq_prob, seed, mlm_probability
        self.cls_id, self.sep_id = tokenizer.cls_token_id, tokenizer.sep_token_id
        self.pad_id, self.mask_id = tokenizer.pad_token_id, tokenizer.mask_token_id
        self.vocab_size = len(tokenizer)
        doc_sizes = np.diff(corpus.document_offsets)
        # A의 시작이 될 수 있는 문장: 같은 문서 안에 다음 문장이 있는 것
        starts = [np.arange(corpus.document_offsets[d], corpus.document_offsets[d + 1] - 1)
                  for d in np.nonzero(doc_sizes >= 2)[0]]
        self.start_sentences = np.concatenate(starts) if starts else np.zeros(0, np.int64)
        if len(self.start_sentences) == 0 or len(doc_sizes) < 2:
            raise ValueError("문서가 2개 이상이고, 문장이 2개 이상인 문서가 있어야 합니다.")

    def _take(self, first: int, last: int, budget: int) -> tuple[list[int], int]:
        """문장 first..last-1을 차례로 budget 토큰이 찰 때까지 이어 붙임 (최소 1문장)."""
        ids, k = self.corpus.sentence(first), first + 1
        while k < last and len(ids) < budget:
            ids += self.corpus.sentence(k)
            k += 1
        return ids, k

    def sample_pair(self, rng: random.Random) -> NspPair:
        c, max_pair = self.corpus, self.max_length - 3
        target = rng.randint(4, max_pair) if rng.random() < self.short_seq_prob else max_pair
        start = int(self.start_sentences[rng.randrange(len(self.start_sentences))])
        doc = c.document_of(start)
        doc_end = int(c.document_offsets[doc + 1])
        a_budget = rng.randint(1, max(1, target // 2)) if rng.random() < 0.5 else target // 2
        a_ids, next_k = self._take(start, doc_end - 1, a_budget)  # 다음 문장 하나는 남겨 둔다
        b_budget = max(1, target - len(a_ids))
        if rng.random() < 0.5:  # IsNext: 바로 이어지는 문장들
            b_ids, _ = self._take(next_k, doc_end, b_budget)
            return NspPair(a_ids, b_ids, True)
        other = doc  # NotNext: 다른 문서의 무작위 위치
        while other == doc:
            other = rng.randrange(len(c.document_offsets) - 1)
        first = rng.randrange(int(c.document_offsets[other]), int(c.document_offsets[other + 1]))
        b_ids, _ = self._take(first, int(c.document_offsets[other + 1]), b_budget)
        return NspPair(a_ids, b_ids, False)

    def batch(self, step: int) -> dict:
        """단계 번호로 정해지는 배치: input_ids, token_type_ids, attention_mask, labels, next_sentence_label."""
        rng = random.Random(self.seed * 1_000_003 + step)
        pairs = [self.sample_pair(rng) for _ in range(self.batch_size)]
        batch = collate_pairs(pairs, self.cls_id, self.sep_id, self.pad_id, self.max_length)
        generator = torch.Generator().manual_seed(self.seed * 1_000_003 + step)
        batch["input_ids"], batch["labels"] = mask_tokens(
            batch["input_ids"], batch.pop("special_tokens_mask"), self.vocab_size, self.mask_id,
            mlm_probability=self.mlm_probability, generator=generator)
        return batch
