"""문장 속 한 단어의 문맥 벡터 꺼내기(레슨 09에서 만들고 레슨 10, 12에서 다시 사용).

BERT는 단어가 아니라 토큰 조각(sub-piece)마다 벡터를 냅니다. 단어 하나의 벡터는 그 단어를 덮는 조각
벡터들의 평균으로 정합니다. 어떤 조각이 단어를 덮는지는 토크나이저의 **오프셋 매핑**(offset mapping:
조각마다 원문의 [시작, 끝) 글자 위치)으로 찾으므로, 토크나이저가 단어를 어떻게 자르든 같은 코드가 통합니다.

- WordPiece(klue/bert-base, all-MiniLM): ``눈이`` -> ``눈`` ``##이`` -> 단어 ``눈``은 첫 조각만.
- SentencePiece(multilingual-e5): ``눈이`` -> ``▁눈`` ``이`` 또는 ``▁눈이`` 한 조각. 한 조각이면 조사까지
  붙은 벡터를 쓸 수밖에 없습니다(조각을 더 쪼갤 수는 없으니까요).
- 조각의 오프셋에 앞 공백이 들어 있는 토크나이저도 있어, 공백은 빼고 겹침을 봅니다.

단어 위치는 ``[눈]이``처럼 대괄호로 직접 표시할 수 있고(KoBEST WiC와 같은 표기), 표시가 없으면 어절의
맨 앞에서 시작하는 첫 번째 출현을 씁니다. 그래서 ``눈이``, ``눈을``, ``눈은``처럼 조사가 붙어도 찾습니다.

은닉 상태(hidden states)는 문장마다 한 번만 계산해 ``HiddenStateCache``에 둡니다. 층 슬라이더를
움직여도 모델을 다시 돌리지 않습니다.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from bertlab.errors import InputError, josa

MAX_SENTENCE_CHARS = 1000
MARK = re.compile(r"\[([^\[\]]+)\]")


@dataclass(frozen=True)
class WordSpan:
    """문장 안 단어의 위치. ``text``는 대괄호 표시를 뺀 문장, 단어는 ``text[start:end]``."""

    text: str
    start: int
    end: int

    @property
    def word(self) -> str:
        return self.text[self.start:self.end]


def check_text(value, what: str) -> str:
    if value is None or not isinstance(value, str):
        kind = "None" if value is None else type(value).__name__
        raise InputError(f"{what}에는 문자열(str)을 넣어 주세요. 지금 받은 값의 종류: {kind}")
    if not value.strip():
        raise InputError(f"{what}에 글자가 없습니다. 글자를 넣어 주세요.")
    if len(value) > MAX_SENTENCE_CHARS:
        raise InputError(f"{what}의 길이가 {len(value):,}자로 너무 깁니다. {MAX_SENTENCE_CHARS:,}자 이하로 줄여 주세요.")
    return value


def locate_word(sentence: str, word: str | None = None) -> WordSpan:
    """문장에서 단어의 글자 위치를 찾습니다. 레슨 09에서 사용.

    1. ``[눈]이``처럼 대괄호 표시가 있으면 그 자리(``word``는 생략 가능).
    2. 어절 맨 앞에서 시작하는 첫 출현(``눈이``, ``눈을``; 영어는 대소문자 무시).
    3. 어절 중간의 첫 출현(``첫눈이``). 없으면 한국어 ``InputError``.
    """
    sentence = check_text(sentence, "문장")
    marked = MARK.search(sentence)
    if marked:
        text = sentence[:marked.start()] + marked.group(1) + sentence[marked.end():]
        return WordSpan(text, marked.start(), marked.start() + len(marked.group(1)))
    word = check_text(word, "찾을 단어").strip()
    for pattern in (r"(?<![\w])" + re.escape(word), re.escape(word)):
        found = re.search(pattern, sentence, flags=re.IGNORECASE)
        if found:
            return WordSpan(sentence, found.start(), found.end())
    raise InputError(f"문장에 {josa(repr(word), '이/가')} 없습니다: {sentence[:60]!r}",
                     hint="단어를 정확히 적었는지 확인하거나, 문장에서 [눈]처럼 대괄호로 표시해 주세요.")


def pieces_for_span(text: str, offsets, start: int, end: int) -> list[int]:
    """글자 구간 [start, end)와 겹치는 토큰 위치들. 특수 토큰(오프셋 (0, 0))과 앞뒤 공백은 뺍니다."""
    chosen = []
    for index, (s, e) in enumerate(offsets):
        s, e = int(s), int(e)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e and s < end and e > start:
            chosen.append(index)
    return chosen


@dataclass(frozen=True)
class EncodedSentence:
    """문장 하나의 모든 층 은닉 상태. ``states``: (L+1, T, H), 0층은 임베딩 층 출력."""

    text: str
    pieces: list[str]
    offsets: list[tuple[int, int]]
    states: np.ndarray  # (L+1, T, H) float32


class HiddenStateCache:
    """(모델, 문장) -> ``EncodedSentence``. 같은 문장을 두 번 돌리지 않습니다(위젯·레슨 09).

    최근에 쓴 ``max_sentences``개만 기억합니다(e5-small이면 문장 하나에 약 0.4 MB).
    """

    def __init__(self, max_sentences: int = 512, batch_size: int = 16):
        self.max_sentences = max_sentences
        self.batch_size = batch_size
        self._store: OrderedDict[tuple[int, str], EncodedSentence] = OrderedDict()

    def __len__(self) -> int:
        return len(self._store)

    def clear(self) -> None:
        self._store.clear()

    def encode(self, lm, texts: list[str]) -> list[EncodedSentence]:
        """문장들을 인코딩합니다. 캐시에 없는 문장만 모델에 넣습니다."""
        key_of = lambda t: (id(lm.model), t)  # noqa: E731
        todo = sorted(dict.fromkeys(t for t in texts if key_of(t) not in self._store), key=len)  # 패딩 줄이기
        for begin in range(0, len(todo), self.batch_size):
            for encoded in _run_model(lm, todo[begin:begin + self.batch_size]):
                self._store[key_of(encoded.text)] = encoded
        result = []
        for text in texts:
            self._store.move_to_end(key_of(text))
            result.append(self._store[key_of(text)])
        while len(self._store) > self.max_sentences:
            self._store.popitem(last=False)
        return result


def _run_model(lm, texts: list[str]) -> list[EncodedSentence]:
    """모델을 한 번 돌려 모든 층 은닉 상태를 문장별로 나눕니다."""
    import torch

    enc = lm.tokenizer(texts, padding=True, truncation=True, max_length=512,
                       return_offsets_mapping=True, return_tensors="pt")
    offsets = enc.pop("offset_mapping")                          # (B, T, 2)
    with torch.no_grad():
        out = lm.model(**enc, output_hidden_states=True)
    stacked = torch.stack(out.hidden_states, dim=1).float()      # (B, L+1, T, H)
    result = []
    for row, text in enumerate(texts):
        length = int(enc["attention_mask"][row].sum())
        ids = enc["input_ids"][row, :length].tolist()
        result.append(EncodedSentence(
            text=text,
            pieces=lm.tokenizer.convert_ids_to_tokens(ids),
            offsets=[tuple(o) for o in offsets[row, :length].tolist()],
            states=stacked[row, :, :length].numpy().copy(),      # (L+1, T, H)
        ))
    return result


DEFAULT_CACHE = HiddenStateCache()


@dataclass(frozen=True)
class WordVectors:
    """여러 문장에서 꺼낸 같은 단어의 벡터들. ``vectors``: (N, L+1, H)."""

    vectors: np.ndarray
    spans: list[WordSpan]
    pieces: list[list[str]]   # 문장마다 단어를 덮은 토큰 조각

    @property
    def num_layers(self) -> int:
        return self.vectors.shape[1] - 1

    def at(self, layer: int) -> np.ndarray:
        """한 층의 벡터들 (N, H)."""
        if not isinstance(layer, (int, np.integer)) or not 0 <= layer <= self.num_layers:
            raise InputError(f"층 번호는 0(임베딩)부터 {self.num_layers}까지의 정수입니다. 받은 값: {layer!r}")
        return self.vectors[:, layer]


def word_vectors(lm, sentences, word=None, *, cache: HiddenStateCache | None = None) -> WordVectors:
    """문장들에서 ``word``의 벡터를 모든 층에서 꺼냅니다(조각 평균). 레슨 09에서 사용.

    sentences: 문장 하나 또는 리스트. 문장마다 ``[단어]`` 표시를 쓰면 ``word``는 생략해도 됩니다.
    word: 단어 하나, 또는 문장마다 다른 단어의 리스트(KoBEST WiC처럼).
    돌려주는 ``WordVectors.vectors``의 모양은 (문장 수 N, 층 수 L+1, 은닉 크기 H)입니다.
    """
    if isinstance(sentences, str):
        sentences = [sentences]
    if not isinstance(sentences, (list, tuple)) or not sentences:
        raise InputError("문장 리스트를 주세요. 예: [\"눈이 내린다.\", \"눈이 아프다.\"]")
    words = list(word) if isinstance(word, (list, tuple)) else [word] * len(sentences)
    if len(words) != len(sentences):
        raise InputError(f"단어 리스트({len(words)}개)와 문장 리스트({len(sentences)}개)의 길이가 다릅니다.")
    spans = [locate_word(s, w) for s, w in zip(sentences, words)]
    encoded = (DEFAULT_CACHE if cache is None else cache).encode(lm, [span.text for span in spans])
    vectors, pieces = [], []
    for span, enc in zip(spans, encoded):
        index = pieces_for_span(span.text, enc.offsets, span.start, span.end)
        if not index:
            raise InputError(f"'{span.word}'에 해당하는 토큰을 찾지 못했습니다(문장이 512토큰보다 길어 잘렸을 수 있습니다).")
        vectors.append(enc.states[:, index].mean(axis=1))      # (L+1, H)
        pieces.append([enc.pieces[i] for i in index])
    return WordVectors(np.stack(vectors), spans, pieces)        # (N, L+1, H)
