"""학생에게 보여 줄 한국어 오류와, 그 문장을 자연스럽게 만드는 조사 고르기. 모든 레슨에서 사용합니다.

깊은 라이브러리 내부의 긴 traceback 대신, 무엇이 일어났고 무엇을 하면 되는지 한두 문장으로 알려
줍니다. 노트북에서는 ``bertlab.start()``가 이 오류를 짧게 보여 주는 표시기를 등록합니다.

``josa(word, "을/를")``는 받침에 맞는 조사를 붙입니다(``josa("모양", "이/가") == "모양이"``). 오류 메시지,
위젯 안내, 연습 문제 피드백이 함께 씁니다. 다른 bertlab 모듈을 가져오지 않는 맨 아래층 모듈입니다.
"""

from __future__ import annotations

import re
from typing import Any


class BertlabError(Exception):
    """사용자에게 보여 줄 한국어 오류."""

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}\n→ {self.hint}"
        return self.message


class ModelUnavailableError(BertlabError):
    """요청한 모델(또는 헤드)을 지금 환경에서 불러올 수 없을 때."""


class InputError(BertlabError):
    """학생이 넣은 입력(빈 문장, 잘못된 타입·모양 등)을 처리할 수 없을 때."""


_PAIRS = {
    "을/를": ("을", "를"), "이/가": ("이", "가"), "은/는": ("은", "는"),
    "과/와": ("과", "와"), "으로/로": ("으로", "로"), "이에요/예요": ("이에요", "예요"), "이어야/여야": ("이어야", "여야"),
}


def has_hangul(text: str) -> bool:
    """한글(음절 또는 자모)이 한 글자라도 있는지. 한국어로만 훈련한 모델이 입력을 믿기 어려울 때 안내하려고 씁니다."""
    return any("가" <= ch <= "힣" or "ㄱ" <= ch <= "ㆎ" for ch in text)


def _has_final_consonant(char: str) -> bool | None:
    """한글 음절의 받침 유무. 숫자는 읽는 소리로, 그 밖의 글자는 알 수 없음(None)."""
    if "가" <= char <= "힣":
        return (ord(char) - ord("가")) % 28 != 0
    if char.isdigit():
        return char in "013678"  # 영, 일, 삼, 육, 칠, 팔
    return None


_ACRONYM_FINAL = set("LMNR")            # 엘, 엠, 엔, 알: 받침으로 끝나는 영어 글자 이름
_LAST_LATIN_WORD = re.compile(r"([A-Za-z]+)[^A-Za-z]*$")
_SHORT_VOWEL_STOP = re.compile(r"(?<![aeiou])[aeiou](p|b|t|k)$")   # gap(갭), output(아웃풋): 받침으로 읽힘


def _english_final_consonant(word: str) -> bool | None:
    """영어 낱말이나 약어를 한국어로 읽을 때 받침이 있는지(흔한 읽기 규칙). 알 수 없으면 None.

    ``pool``(풀), ``model``(모델), ``token``(토큰), ``string``(스트링), ``gap``(갭), ``output``(아웃풋)은 받침이 있고,
    ``tokenizer``(토크나이저), ``vector``(벡터), ``mask``(마스크), ``gpt``(지피티)는 없습니다.
    """
    match = _LAST_LATIN_WORD.search(word)
    if not match:
        return None
    letters = match.group(1)
    if letters.isupper() and len(letters) <= 5:        # 약어는 글자 이름으로 읽음(GPT → 지피티, MLM → 엠엘엠)
        return letters[-1] in _ACRONYM_FINAL
    letters = letters.lower()
    if letters.endswith(("l", "m", "n", "ng")):
        return True
    return bool(_SHORT_VOWEL_STOP.search(letters)) and not letters.endswith("ck")


def josa(word: Any, pair: str) -> str:
    """``word`` 뒤에 받침에 맞는 조사를 붙입니다. 판단할 수 없으면 ``"을(를)"`` 꼴로 씁니다."""
    text = str(word)
    with_final, without_final = _PAIRS[pair]
    stripped = text.rstrip("`'\" ")
    head = stripped.rsplit("(", 1)[0].rstrip() if stripped.endswith(")") else ""
    if head and "가" <= head[-1] <= "힣":  # "리스트(list)" → "리스트"를 보고 고릅니다.
        stripped = head
    stripped = stripped.rstrip("`'\")] ")
    final = _has_final_consonant(stripped[-1]) if stripped else None
    if final is None and stripped and stripped[-1].isascii() and stripped[-1].isalpha():
        final = _english_final_consonant(stripped)
    if final is None:
        return f"{text}{with_final}({without_final})"
    if pair == "으로/로" and "가" <= stripped[-1] <= "힣" and (ord(stripped[-1]) - ord("가")) % 28 == 8:
        return f"{text}로"  # ㄹ 받침은 "로"
    return f"{text}{with_final if final else without_final}"
