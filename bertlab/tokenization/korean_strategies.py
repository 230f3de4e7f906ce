"""한국어 토큰화 전략 네 가지를 같은 말뭉치로 만들어 비교합니다. 레슨 03에서 사용(레슨 17이 다시 씀).

- 음절(syllable): 공백이 아닌 글자 하나가 토큰 하나.
- 형태소(morpheme): kiwipiepy 형태소 분석기가 나눈 경계에서 자릅니다. 분석기는 '갔다'를 '가+었+다'처럼
  원형으로 되돌려 주지만, 여기서는 원문을 그대로 복원할 수 있도록 **표면형**(원문의 글자 구간)으로
  자릅니다('갔'+'다'). Park et al.(2020, kortok)이 쓴 MeCab-ko도 대체로 표면형을 돌려줍니다.
- WordPiece: ``tokenizers``로 학습한 BERT식 어휘(``bertlab.tokenization.vocab.train_wordpiece``).
- 형태소 인식 WordPiece(morpheme-aware WordPiece): 먼저 형태소로 자르고, 그 조각마다 WordPiece를 적용.
  kortok의 'Morpheme-aware Subword'(MeCab-ko 다음 BPE)를 WordPiece로 옮긴 것입니다.

말뭉치는 패키지가 싣고 오는 한국어(chatterbot-corpus 대화, konlpy의 헌법·의안)이고, 비교 문장
(``bertlab/data/korean_sentences.txt``)은 학습에 쓰지 않습니다. 모든 토크나이저는
``token_rows(text, add_special_tokens)``로 ``bertlab.tokenization.TokenRow`` 목록을 돌려주므로
``tokenize_for_display``와 토크나이저 놀이터에 그대로 넣을 수 있습니다.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bertlab.tokenization.display import TokenRow, tokenize_for_display

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]   # id 0..4 (train_wordpiece와 같음)
SAMPLE_FILE = Path(__file__).resolve().parents[1] / "data" / "korean_sentences.txt"
Segment = tuple[str, int, int]   # (조각, 시작, 끝): 원문에서 [시작, 끝) 구간


@lru_cache(maxsize=1)
def kiwi():
    """kiwipiepy 형태소 분석기(프로세스마다 한 번만 만듭니다; 처음 몇 초 걸림)."""
    from kiwipiepy import Kiwi

    # 여러 단어 사전과 오타 사전은 토큰화에 필요 없고, 끄면 준비 시간이 절반으로 줄어듭니다.
    return Kiwi(num_workers=-1, load_multi_dict=False, load_typo_dict=False)


def sample_sentences() -> list[str]:
    """비교용 한국어 문장(프로젝트가 쓴 문장, 어휘 학습에는 쓰지 않음)."""
    lines = SAMPLE_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def training_sentences() -> list[str]:
    """어휘 학습용 한국어 문장: chatterbot-corpus 한국어 대화 + konlpy 헌법·의안(약 3,900문장)."""
    from bertlab.datasets import builtin_sentences

    return builtin_sentences()


# ---- 자르는 규칙 ------------------------------------------------------------------------------

SPECIAL_PATTERN = re.compile("|".join(re.escape(token) for token in SPECIAL_TOKENS))


def special_spans(text: str) -> list[tuple[int, int]]:
    """문장에 직접 쓴 특수 토큰(``[MASK]`` 등)의 글자 구간. 모든 전략이 이것을 한 조각으로 둡니다(HF 토크나이저처럼)."""
    return [match.span() for match in SPECIAL_PATTERN.finditer(text)]


def syllable_segments(text: str) -> list[Segment]:
    """공백이 아닌 글자마다 조각 하나. 직접 쓴 특수 토큰(``[MASK]``)은 통째로 한 조각."""
    specials = special_spans(text)
    inside = {i for start, end in specials for i in range(start, end)}
    segments = [(ch, i, i + 1) for i, ch in enumerate(text) if not ch.isspace() and i not in inside]
    return sorted(segments + [(text[start:end], start, end) for start, end in specials], key=lambda seg: seg[1])


def morpheme_analysis(text: str) -> list[tuple[str, str, int, int]]:
    """kiwipiepy의 분석 그대로: (형태소 원형, 품사 태그, 시작, 끝). '갔다' -> 가/VV, 었/EP, 다/EF."""
    return [(t.form, t.tag, t.start, t.start + t.len) for t in kiwi().tokenize(text)]


def _surface_segments(text: str, spans: list[tuple[int, int]]) -> list[Segment]:
    inside = {c for start, end in spans for c in range(start + 1, end)}  # 형태소 한가운데 위치들
    cuts = {c for span in spans for c in span} - inside
    for start, end in special_spans(text):     # 직접 쓴 특수 토큰은 형태소 분석기가 어떻게 자르든 한 조각
        cuts = (cuts - set(range(start + 1, end))) | {start, end}
    segments = []
    for match in re.finditer(r"\S+", text):
        start, end = match.span()
        bounds = [start, *sorted(c for c in cuts if start < c < end), end]
        segments += [(text[a:b], a, b) for a, b in zip(bounds, bounds[1:])]
    return segments


@lru_cache(maxsize=256)
def _cached_morpheme_segments(text: str) -> tuple[Segment, ...]:
    return tuple(_surface_segments(text, [(start, end) for *_, start, end in morpheme_analysis(text)]))


def morpheme_segments(text: str) -> list[Segment]:
    """형태소 경계에서 원문을 자른 표면형 조각들. 이어 붙이면(공백 제외) 원문과 같습니다.

    형태소 하나의 구간 한가운데는 자르지 않습니다. 그래서 '갔어요'는 '갔'+'어요'가 되지만, '하'와 '어요'가
    한 글자에 녹아 있는 '해요'는 더 자를 수 없어 한 조각입니다.
    """
    return list(_cached_morpheme_segments(text))  # 놀이터에서 두 토크나이저가 같은 문장을 자르므로 캐시


def morpheme_segments_many(texts: list[str]) -> list[list[Segment]]:
    """문장 여러 개를 한 번에(kiwipiepy의 묶음 처리라 한 문장씩보다 빠름). 어휘 학습에서 사용."""
    analyses = kiwi().tokenize(list(texts))
    return [_surface_segments(text, [(t.start, t.start + t.len) for t in tokens])
            for text, tokens in zip(texts, analyses)]


# ---- 토크나이저 ------------------------------------------------------------------------------

def _with_specials(rows: list[TokenRow], vocab: dict, add_special_tokens: bool) -> list[TokenRow]:
    if not add_special_tokens:
        return rows
    cls = TokenRow("[CLS]", vocab["[CLS]"], 0, 0, True, False)
    sep = TokenRow("[SEP]", vocab["[SEP]"], 0, 0, True, False)
    return [cls, *rows, sep]


class SegmentTokenizer:
    """'자르는 규칙 + 닫힌 어휘' 토크나이저(음절, 형태소). 어휘에 없는 조각은 그 조각만 ``[UNK]``."""

    def __init__(self, name: str, segment, vocab: dict[str, int]):
        self.name, self.segment, self.vocab = name, segment, vocab

    @classmethod
    def train(cls, name: str, segment, sentences, max_size: int | None = None, segmented=None):
        """말뭉치에 나온 조각을 빈도순으로 ``max_size``개까지 어휘로(``segmented``: 미리 자른 결과)."""
        segmented = segmented if segmented is not None else [segment(s) for s in sentences]
        counts = Counter(piece for segments in segmented for piece, _, _ in segments)
        kept = [piece for piece, _ in counts.most_common(max_size)]
        return cls(name, segment, {token: i for i, token in enumerate(SPECIAL_TOKENS + kept)})

    @property
    def vocab_size(self) -> int:
        return len(self.vocab)

    def token_rows(self, text: str, add_special_tokens: bool = True) -> list[TokenRow]:
        unk = self.vocab["[UNK]"]
        rows = []
        for piece, start, end in self.segment(text):
            token_id = self.vocab.get(piece, unk)
            if piece in SPECIAL_TOKENS:           # 직접 쓴 [MASK] 등: 특수 토큰으로 표시
                rows.append(TokenRow(piece, token_id, start, end, True, False))
                continue
            rows.append(TokenRow(piece if token_id != unk else "[UNK]", token_id, start, end, False, token_id == unk))
        return _with_specials(rows, self.vocab, add_special_tokens)

    def tokenize(self, text: str) -> list[str]:
        return [r.piece for r in self.token_rows(text, add_special_tokens=False)]

    def __repr__(self) -> str:
        return f"SegmentTokenizer({self.name!r}, 어휘 {self.vocab_size:,}개)"


class MorphemeAwareWordPiece:
    """형태소로 먼저 자르고 조각마다 WordPiece(``wordpiece``: 형태소 단위로 학습한 빠른 토크나이저)."""

    name = "형태소 인식 WordPiece"

    def __init__(self, wordpiece):
        self.wordpiece = wordpiece

    @classmethod
    def train(cls, sentences, vocab_size: int, segmented=None):
        """형태소 조각을 공백으로 띄운 말뭉치로 WordPiece를 학습합니다(kortok과 같은 순서)."""
        from bertlab.tokenization.vocab import train_wordpiece

        segmented = segmented if segmented is not None else morpheme_segments_many(sentences)
        texts = [" ".join(piece for piece, _, _ in segments) for segments in segmented]
        return cls(train_wordpiece(texts, vocab_size=vocab_size, limit_alphabet=6000))

    @property
    def vocab_size(self) -> int:
        return len(self.wordpiece)

    def token_rows(self, text: str, add_special_tokens: bool = True) -> list[TokenRow]:
        segments = morpheme_segments(text)
        if not segments:
            return _with_specials([], self.wordpiece.get_vocab(), add_special_tokens)
        tok = self.wordpiece
        enc = tok([piece for piece, _, _ in segments], is_split_into_words=True,
                  add_special_tokens=add_special_tokens, return_offsets_mapping=True, verbose=False)
        special_ids, rows = set(tok.all_special_ids), []
        pieces = tok.convert_ids_to_tokens(enc["input_ids"])
        for piece, token_id, (s, e), word in zip(pieces, enc["input_ids"], enc["offset_mapping"], enc.word_ids()):
            base = 0 if word is None else segments[word][1]   # 조각 안의 위치 -> 원문 위치
            rows.append(TokenRow(piece, token_id, base + s, base + e, token_id in special_ids and word is None,
                                 token_id == tok.unk_token_id))
        return rows

    def tokenize(self, text: str) -> list[str]:
        return [r.piece for r in self.token_rows(text, add_special_tokens=False)]

    def __repr__(self) -> str:
        return f"MorphemeAwareWordPiece(어휘 {self.vocab_size:,}개)"


@lru_cache(maxsize=4)
def korean_tokenizers(vocab_size: int = 4000) -> dict[str, object]:
    """같은 말뭉치로 만든 한국어 토크나이저 네 가지 {이름: 토크나이저}. 프로세스마다 한 번(몇 초)."""
    from bertlab.tokenization.vocab import train_wordpiece

    sentences = training_sentences()
    morphemes = morpheme_segments_many(sentences)
    return {
        "음절": SegmentTokenizer.train("음절", syllable_segments, sentences),
        "형태소": SegmentTokenizer.train("형태소", morpheme_segments, sentences, vocab_size, morphemes),
        "WordPiece": train_wordpiece(sentences, vocab_size=vocab_size, limit_alphabet=6000),
        "형태소 인식 WordPiece": MorphemeAwareWordPiece.train(sentences, vocab_size, morphemes),
    }


# ---- 비교 표 ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class StrategyStats:
    """전략 하나를 문장 여러 개에 적용한 결과(kortok 표의 'OOV Rate', 'Avg. Length'에 해당)."""

    name: str
    vocab_size: int
    tokens_per_sentence: float   # 문장당 평균 토큰 수(특수 토큰 제외)
    unk_token_rate: float        # [UNK] 토큰의 비율
    unk_char_rate: float         # [UNK] 안으로 사라진 글자의 비율(공백 제외)


def vocab_size_of(tokenizer) -> int:
    return tokenizer.vocab_size if hasattr(tokenizer, "token_rows") else len(tokenizer)


def strategy_stats(name: str, tokenizer, sentences: list[str]) -> StrategyStats:
    """[UNK] 비율과 평균 토큰 수를 잽니다. 사라진 글자는 [UNK] 토큰이 덮는 원문 구간으로 셉니다."""
    tokens = unk_tokens = lost = chars = 0
    for sentence in sentences:
        rows = tokenize_for_display(sentence, tokenizer, add_special_tokens=False).rows
        tokens += len(rows)
        unk_tokens += sum(r.unknown for r in rows)
        lost += sum(len(sentence[r.start:r.end].replace(" ", "")) for r in rows if r.unknown)
        chars += len(sentence.replace(" ", ""))
    return StrategyStats(name, vocab_size_of(tokenizer), tokens / max(len(sentences), 1),
                         unk_tokens / max(tokens, 1), lost / max(chars, 1))


def strategy_table(tokenizers: dict, sentences: list[str] | None = None) -> list[StrategyStats]:
    """여러 토크나이저의 ``StrategyStats`` 목록(기본 문장: ``sample_sentences()``)."""
    sentences = sample_sentences() if sentences is None else sentences
    return [strategy_stats(name, tok, sentences) for name, tok in tokenizers.items()]


MODEL_ROLES = {"영어 BERT (en-encoder)": "en-encoder", "한국어 인코더 (ko-encoder)": "ko-encoder",
               "강의용 한국어 BERT (ko-mlm)": "ko-mlm"}


def playground_tokenizers(include_models: bool = True) -> tuple[dict, list[str]]:
    """레슨 03 놀이터에 올릴 토크나이저: 직접 만든 네 가지 + 사전 훈련 모델의 토크나이저.

    (토크나이저 딕셔너리, 불러오지 못한 모델의 한국어 안내). 오프라인에서 ko-mlm이 없으면 빼고 알려 줍니다.
    """
    from bertlab.tokenization.display import model_tokenizers

    tokenizers = dict(korean_tokenizers())
    notes: list[str] = []
    if include_models:
        found, notes = model_tokenizers(MODEL_ROLES)
        tokenizers.update(found)
    return tokenizers, notes
