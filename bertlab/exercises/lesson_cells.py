"""고치지 않은 레슨 셀 믿기: 값 답을 다시 실행할 때(``replay.py``) 레슨 원본과 글자 하나 다르지 않은 셀이 만든
입력(모델을 묶은 ``load()`` 결과, 토크나이저 출력, 표)은 다시 계산하지 않습니다. 모든 레슨의 값 문제 채점에서
사용합니다(지금은 레슨 00, 01, 02, 04).

입력이 아니라 결과인 값은 믿지 않습니다: 강의 패키지의 결과 객체(``compare_contexts``, ``word_in_context``,
``count_parameters``의 결과)와 답과 거의 같은 값(레슨이 비교용으로 계산해 둔 ``hidden_states[0]`` 등). 그런 값을
만든 셀은 학생 셀처럼 추적하며 다시 실행하므로, 그 안의 강의 함수·모델 호출이 허용 목록에 걸립니다.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

LESSONS_DIR = Path(__file__).resolve().parents[2] / "lessons"
_CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


@lru_cache(maxsize=32)
def lesson_cells(lesson: str) -> frozenset[str]:
    """레슨 원본(``lessons/NN_*.md``)의 코드 셀 중 빈칸 ``____``이 없는 것. 학생이 고치지 않은 레슨 셀입니다.

    노트북 파일이 아니라 레슨 원본을 읽습니다: 학생이 고친 셀을 저장한 노트북은 믿을 근거가 되지 못합니다.
    원본을 찾지 못하면(저장소 밖에 설치한 패키지 등) 빈 집합: 모든 셀을 거슬러 올라가 다시 실행합니다.
    """
    cells: set[str] = set()
    for path in sorted(LESSONS_DIR.glob(f"{lesson}_*.md")) if lesson else ():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        cells |= {match.group(1).strip() for match in _CODE_CELL.finditer(text) if "____" not in match.group(1)}
    return frozenset(cells)


def _bundle_of_given(value: Any, context: dict) -> bool:
    """``load()``의 결과처럼 문제가 준 값(모델, 토크나이저)을 묶어 둔 것인지: 풀어 보면 모두 맥락에 있는 값."""
    if not (dataclasses.is_dataclass(value) and hasattr(type(value), "__iter__")):
        return False
    parts = list(iter(value))
    given = list(context.values())
    return 0 < len(parts) <= 4 and all(any(part is g for g in given) for part in parts)


def lesson_input(name: str, namespace: Mapping[str, Any], context: dict, answers: Mapping[str, Any],
                 same: Any) -> bool:
    """고치지 않은 레슨 셀이 만든 값을 다시 계산하지 않고 입력으로 믿어도 되는지.

    믿지 않는 것(그 셀도 추적하며 다시 실행합니다): 강의 패키지의 결과 객체(``compare_contexts``,
    ``word_in_context``, ``count_parameters``의 결과: 연습이 시키는 계산을 이미 해 둔 값)와 답과 같은 값
    (레슨이 비교용으로 계산해 둔 ``hidden_states[0]`` 등). 모델·토크나이저를 묶은 ``load()`` 결과는 믿습니다.
    """
    value = namespace[name]
    if type(value).__module__.split(".")[0] == "bertlab" and not _bundle_of_given(value, context):
        return False
    for answer in answers.values():
        try:
            if same(value, answer) is None:
                return False
        except Exception:  # noqa: BLE001  (비교할 수 없는 값은 답과 다른 값입니다)
            continue
    return True


__all__ = ["LESSONS_DIR", "lesson_cells", "lesson_input"]
