"""낱말 검색(BM25, 레슨 16): 밀집 벡터의 코사인 옆에 두는 두 번째 검색기.

문장 벡터는 뜻이 비슷한 말을 잘 찾지만, "미세먼지", "소화제"처럼 드문 낱말이 그대로 겹치는 질문을 놓치기도 합니다.
BM25(Robertson & Zaragoza, 2009)는 질문과 저장 질문에 함께 나오는 낱말마다, 드문 낱말일수록(IDF) 크게 점수를
줍니다. 한국어는 어절에 조사·어미가 붙어 같은 낱말이 여러 모양이 되므로, 낱말은 ``kiwipiepy``의 형태소(내용어:
명사·동사·형용사·부사·어근·외국어·숫자)와 띄어쓰기를 뺀 글자 두 개씩(바이그램: "여친"/"여자친구" 같은 줄임말과
띄어쓰기 차이)으로 나눕니다. 점수 계산은 ``bm25s``가 합니다.

``LexicalIndex.scores(질문들)``은 (Q, N) 점수를 질문마다 가장 큰 값으로 나눠 0-1로 돌려줍니다(하나도 겹치지
않으면 모두 0). ``hybrid``가 이것을 코사인에 더합니다.
"""

from __future__ import annotations

import re
from functools import lru_cache

import torch

CONTENT_TAGS = ("NN", "NP", "NR", "VV", "VA", "MA", "XR", "SL", "SH", "SN")   # 명사·대명사·수사·동사·형용사·부사·어근·외국어·한자·숫자


@lru_cache(maxsize=1)
def _kiwi():
    from kiwipiepy import Kiwi

    return Kiwi()


def lexical_tokens(text: str) -> list[str]:
    """글 하나 -> BM25의 낱말들: 내용어 형태소(``형태/품사``) + 띄어쓰기를 뺀 글자 바이그램."""
    morphemes = [f"{token.form}/{token.tag[:2]}" for token in _kiwi().tokenize(text) if token.tag[:2] in CONTENT_TAGS]
    letters = re.sub(r"\s+", "", text)
    bigrams = [letters[i:i + 2] for i in range(len(letters) - 1)] or ([letters] if letters else [])
    return morphemes + bigrams


class LexicalIndex:
    """저장 질문들의 BM25 색인. ``scores(질문들) -> (Q, N)``, 질문마다 0-1로 나눈 값."""

    def __init__(self, questions: list[str]):
        import bm25s

        self.size = len(questions)
        self.retriever = bm25s.BM25()
        self.retriever.index([lexical_tokens(q) for q in questions], show_progress=False)
        self.vocabulary = set(self.retriever.vocab_dict)

    def scores(self, queries: list[str]) -> torch.Tensor:
        rows = []
        for query in queries:
            tokens = [t for t in lexical_tokens(query) if t in self.vocabulary]
            found = torch.as_tensor(self.retriever.get_scores(tokens), dtype=torch.float32) if tokens else \
                torch.zeros(self.size)
            rows.append(found / found.max() if found.max() > 0 else found)
        return torch.stack(rows) if rows else torch.zeros(0, self.size)        # (Q, N)
