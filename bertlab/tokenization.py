"""토큰화 결과를 사람이 보기 좋게 펼치는 함수들(레슨 00의 미리보기, 레슨 03의 토크나이저 놀이터).

학생이 무엇을 입력하든(빈 문자열, 공백, 이모지, 한자, 5,000자) 한국어 안내와 함께 결과를 돌려줍니다.
너무 긴 입력은 조용히 자르지 않고, 몇 글자·몇 토큰에서 잘렸는지 함께 알려 줍니다.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bertlab.errors import InputError

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


def tokenize_for_display(text, tokenizer, *, add_special_tokens: bool = True,
                         max_tokens: int = MAX_TOKENS) -> Tokenized:
    """빠른 토크나이저로 조각·ID·글자 위치를 한 번에 구합니다. 레슨 00, 03에서 사용."""
    text, notices = clean_text(text)
    encoding = tokenizer(text, add_special_tokens=add_special_tokens, return_offsets_mapping=True,
                         truncation=False)
    ids, offsets = encoding["input_ids"], encoding["offset_mapping"]
    if len(ids) > max_tokens:
        notices.append(f"토큰이 {len(ids):,}개라 앞의 {max_tokens}개만 보여 줍니다(BERT는 최대 512개).")
        ids, offsets = ids[:max_tokens], offsets[:max_tokens]
    special_ids = set(tokenizer.all_special_ids)
    pieces = tokenizer.convert_ids_to_tokens(ids)
    rows = [
        TokenRow(piece, int(i), int(s), int(e), int(i) in special_ids, i == tokenizer.unk_token_id)
        for piece, i, (s, e) in zip(pieces, ids, offsets)
    ]
    unknown = sum(r.unknown for r in rows)
    if unknown:
        notices.append(f"어휘에 없는 글자가 있어 [UNK] 토큰이 {unknown}개 나왔습니다.")
    return Tokenized(text, rows, notices)
