"""WordPiece를 손으로: 탐욕적 최장 일치 우선(greedy longest-match-first) 알고리즘. 레슨 03에서 사용.

BERT의 토큰화는 두 단계입니다.

1. 기본 토큰화(basic tokenization): 정규화(소문자, 악센트 제거)를 하고 공백·구두점에서 '단어'를 나눕니다.
2. WordPiece: 단어 하나를 어휘(vocabulary)에 있는 **가장 긴** 앞 조각부터 잘라 나갑니다. 단어 중간에서
   시작하는 조각에는 ``##``가 붙습니다. 어느 지점에서든 맞는 조각이 하나도 없으면 단어 **전체**가
   ``[UNK]``이 되고, 100글자(``max_input_chars_per_word``)보다 긴 단어도 통째로 ``[UNK]``입니다.

이 파일의 ``wordpiece_word``는 google-research/bert의 ``WordpieceTokenizer``와 Hugging Face
``tokenizers``의 ``models.WordPiece``가 하는 일을 그대로 따라 한 참고 구현이고, 테스트와 레슨 03의
채점이 라이브러리 결과와 단어 수백 개에서 똑같은지 확인합니다.
"""

from __future__ import annotations

import random
import string
from collections.abc import Mapping
from dataclasses import dataclass

from bertlab.errors import InputError

UNK_TOKEN = "[UNK]"
SUBWORD_PREFIX = "##"
MAX_INPUT_CHARS_PER_WORD = 100


class FrozenVocab(Mapping):
    """읽기 전용 어휘(토큰 -> ID). dict처럼 ``in``·``[]``·``get``을 쓰고, 출력은 짧게 크기만 보여 줍니다.

    레슨 03 채점이 학생 함수에 어휘를 넘길 때 씁니다(사례마다 3만 개를 복사하거나 출력하지 않도록).
    """

    def __init__(self, vocab):
        self._vocab = dict(vocab)

    def __getitem__(self, token):
        return self._vocab[token]

    def __contains__(self, token) -> bool:
        return token in self._vocab

    def __iter__(self):
        return iter(self._vocab)

    def __len__(self) -> int:
        return len(self._vocab)

    def __repr__(self) -> str:
        return f"<어휘 {len(self._vocab):,}개>"


def wordpiece_word(word: str, vocab, *, unk_token: str = UNK_TOKEN, prefix: str = SUBWORD_PREFIX,
                   max_input_chars_per_word: int = MAX_INPUT_CHARS_PER_WORD) -> list[str]:
    """단어 하나를 WordPiece 조각으로 자릅니다(탐욕적 최장 일치 우선). 레슨 03의 참고 구현.

    ``vocab``은 토큰 문자열을 담은 집합이나 딕셔너리(``in``으로 찾을 수 있으면 됨).
    예: ``wordpiece_word("embeddings", vocab) == ["em", "##bed", "##ding", "##s"]``.
    """
    if len(word) > max_input_chars_per_word:
        return [unk_token]
    pieces, start = [], 0
    while start < len(word):
        end, found = len(word), None
        while start < end:                       # 가장 긴 후보부터 한 글자씩 줄여 봅니다
            candidate = word[start:end] if start == 0 else prefix + word[start:end]
            if candidate in vocab:
                found = candidate
                break
            end -= 1
        if found is None:                        # 이 지점에서 시작하는 조각이 어휘에 하나도 없음
            return [unk_token]
        pieces.append(found)
        start = end
    return pieces


@dataclass(frozen=True)
class Attempt:
    """알고리즘이 어휘에서 찾아본 후보 하나(레슨 03의 단계별 표)."""

    start: int
    candidate: str
    found: bool


def wordpiece_trace(word: str, vocab, *, prefix: str = SUBWORD_PREFIX) -> list[Attempt]:
    """``wordpiece_word``가 찾아보는 후보를 순서대로 기록합니다. 긴 후보부터 줄여 가는 모습을 보여 줍니다."""
    attempts, start = [], 0
    while start < len(word):
        end, matched = len(word), False
        while start < end:
            candidate = word[start:end] if start == 0 else prefix + word[start:end]
            matched = candidate in vocab
            attempts.append(Attempt(start, candidate, matched))
            if matched:
                break
            end -= 1
        if not matched:
            break
        start = end
    return attempts


def library_wordpiece(word: str, tokenizer) -> list[str]:
    """라이브러리(``tokenizers``의 WordPiece 모델)가 단어 하나를 자른 결과. 정규화·구두점 분리는 건너뜁니다."""
    model = tokenizer.backend_tokenizer.model
    return [token.value for token in model.tokenize(word)]


def library_settings(tokenizer) -> dict:
    """라이브러리 WordPiece 모델의 설정: ``[UNK]`` 토큰, ``##`` 접두사, 단어 최대 글자 수."""
    model = tokenizer.backend_tokenizer.model
    return {"unk_token": model.unk_token, "prefix": model.continuing_subword_prefix,
            "max_input_chars_per_word": model.max_input_chars_per_word}


def basic_tokenize(text: str, tokenizer) -> list[tuple[str, tuple[int, int]]]:
    """1단계(기본 토큰화)만: 정규화한 뒤 공백·구두점에서 나눈 (단어, (시작, 끝)) 목록."""
    if not isinstance(text, str):
        raise InputError(f"문장은 문자열(str)이어야 합니다. 지금은 {type(text).__name__}입니다.")
    backend = tokenizer.backend_tokenizer
    normalized = backend.normalizer.normalize_str(text) if backend.normalizer else text
    return backend.pre_tokenizer.pre_tokenize_str(normalized)


def wordpiece_text(text: str, tokenizer, word_function=None) -> list[str]:
    """문장 전체: 라이브러리의 기본 토큰화 + WordPiece. ``word_function(word, vocab)``에 학생 함수를 넣어도 됩니다."""
    vocab = tokenizer.get_vocab()
    if word_function is None:
        settings = library_settings(tokenizer)

        def word_function(word, vocab):
            return wordpiece_word(word, vocab, **settings)
    return [piece for word, _ in basic_tokenize(text, tokenizer) for piece in word_function(word, vocab)]


def merge_pieces(pieces: list[str], prefix: str = SUBWORD_PREFIX) -> list[str]:
    """WordPiece 조각을 단어로 되돌립니다: ``##`` 조각은 앞 단어에 붙입니다. ``['em', '##bed'] -> ['embed']``."""
    words: list[str] = []
    for piece in pieces:
        if piece.startswith(prefix) and words:
            words[-1] += piece[len(prefix):]
        else:
            words.append(piece)
    return words


def without_tokens(vocab, removed) -> set[str]:
    """어휘에서 몇 토큰을 뺀 사본(예: ``playing``을 빼면 ``play ##ing``으로 잘리는지 보기)."""
    return set(vocab) - set(removed)


# ---- 라이브러리와 비교할 단어 만들기 ------------------------------------------------------------

def _plain_words(vocab) -> list[str]:
    return sorted(t for t in vocab if t.isalpha() and t.isascii() and t.islower() and len(t) >= 3)


def _suffixes(vocab) -> list[str]:
    return sorted(t[2:] for t in vocab if t.startswith("##") and t[2:].isalpha() and t[2:].isascii())


def sample_test_words(vocab, n: int = 300, seed: int = 0) -> list[tuple[str, str]]:
    """라이브러리와 비교할 (단어, 종류) 목록. 같은 시드면 언제나 같은 단어들입니다.

    종류: 어휘에 있는 단어, 단어+어휘의 ## 조각을 이은 합성어, 무작위로 지은 단어, 어휘에 없는 글자가
    섞여 ``[UNK]``이 되는 단어, 최대 글자 수(100자) 경계의 긴 단어.
    """
    rng = random.Random(seed)
    words, suffixes = _plain_words(vocab), _suffixes(vocab)
    out: list[tuple[str, str]] = []
    per_kind = max(n // 5, 1)
    out += [(rng.choice(words), "어휘에 있는 단어") for _ in range(per_kind)]
    out += [(rng.choice(words) + "".join(rng.choice(suffixes) for _ in range(rng.randint(1, 3))), "합성어")
            for _ in range(per_kind)]
    out += [("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 14))), "지어낸 단어")
            for _ in range(per_kind)]
    strange = ["😀", "☃", "♞", "\u0fff", "한", "語"]
    out += [(rng.choice(words) + rng.choice(strange) + rng.choice(words), "모르는 글자가 섞인 단어")
            for _ in range(per_kind // 2)]
    out += [(rng.choice(words).capitalize(), "대문자로 시작(정규화 전이라 [UNK])") for _ in range(per_kind // 2)]
    for length in (99, 100, 101, 150):
        out.append((("ab" * 100)[:length], f"{length}자 단어"))
    out += [("", "빈 단어"), ("a", "한 글자"), ("123456789", "숫자")]
    return out[:n] if len(out) > n else out


def mismatches(word_function, tokenizer, words) -> list[tuple[str, list[str], list[str]]]:
    """``word_function(word, vocab)``과 라이브러리 결과가 다른 (단어, 내 결과, 라이브러리) 목록."""
    vocab = tokenizer.get_vocab()
    wrong = []
    for word in words:
        word = word[0] if isinstance(word, tuple) else word
        mine, theirs = word_function(word, vocab), library_wordpiece(word, tokenizer)
        if list(mine) != theirs:
            wrong.append((word, list(mine), theirs))
    return wrong


def vocab_summary(tokenizer) -> dict[str, int]:
    """어휘의 구성: 특수 토큰, 쓰지 않는 자리([unused]), 단어 시작 조각, ``##`` 이어지는 조각, 한 글자."""
    vocab = tokenizer.get_vocab()
    special = set(tokenizer.all_special_tokens)
    counts = {"전체": len(vocab), "특수 토큰": 0, "[unused] 빈자리": 0, "## 이어지는 조각": 0,
              "단어 시작 조각": 0, "그중 한 글자": 0}
    for token in vocab:
        if token in special:
            counts["특수 토큰"] += 1
        elif token.startswith("[unused"):
            counts["[unused] 빈자리"] += 1
        elif token.startswith(SUBWORD_PREFIX) and len(token) > 2:
            counts["## 이어지는 조각"] += 1
        else:
            counts["단어 시작 조각"] += 1
            counts["그중 한 글자"] += len(token) == 1
    return counts
