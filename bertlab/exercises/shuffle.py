"""퀴즈 보기 순서 섞기: 학생마다 다르고, 같은 학생에게는 늘 같은 순서. 모든 레슨의 퀴즈와 일괄 채점기에서 사용합니다.

순서는 (섞기 열쇠, 레슨, 문제 이름)으로 정해집니다. 열쇠는 다음 순서로 정합니다.

1. 환경 변수 ``BERTLAB_QUIZ_KEY``: 일괄 채점기가 제출 노트북에서 찾은 그 학생의 열쇠를 넣습니다. 강사가 반
   전체에 같은 순서를 보이고 싶으면 모두 같은 값을 주면 됩니다.
2. 진도 파일의 학생 번호(``progress.user_id()``, 처음 쓸 때 무작위로 만듦)의 해시. 셀을 다시 실행하거나
   커널을 다시 시작해도 같은 순서입니다.
3. 진도 파일을 쓸 수 없으면 로그인 이름(``getpass.getuser()``)의 해시.

일괄 채점 중(``BERTLAB_GRADING``)에 열쇠를 받지 못했으면 ``None``(순서를 모름)입니다. 학생이 본 순서의 열쇠는
퀴즈 카드와 ``check()`` 출력에 ``application/vnd.bertlab.quiz+json``으로 담겨 제출 노트북에 저장되고,
채점기는 그 열쇠로 같은 순서를 다시 만들어 번호 답을 뜻(보기)으로 채점합니다.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import random

from bertlab.exercises.order import GRADING_ENV

QUIZ_MIME = "application/vnd.bertlab.quiz+json"
KEY_ENV = "BERTLAB_QUIZ_KEY"


def _hashed(text: str) -> str:
    return hashlib.sha256(f"bertlab-quiz|{text}".encode()).hexdigest()[:16]


def _local_user() -> str:
    try:
        from bertlab.exercises.progress import user_id

        return user_id()
    except Exception:  # noqa: BLE001  (읽기 전용 폴더 등: 로그인 이름으로)
        try:
            return getpass.getuser()
        except Exception:  # noqa: BLE001
            return "bertlab"


def quiz_key() -> str | None:
    """지금 학생의 섞기 열쇠. 일괄 채점 중인데 제출물에서 열쇠를 찾지 못했으면 None."""
    override = os.environ.get(KEY_ENV, "").strip()
    if override:
        return override
    if os.environ.get(GRADING_ENV):
        return None
    return _hashed(_local_user())


def display_order(key: str | None, lesson: str, name: str, count: int) -> list[int]:
    """화면에 보일 보기 순서: ``order[i]``는 화면 i+1번 자리에 오는 보기의 은행 번호(1부터)."""
    order = list(range(1, count + 1))
    if key is not None:
        seed = int(hashlib.sha256(f"{key}|{lesson}|{name}".encode()).hexdigest()[:16], 16)
        random.Random(seed).shuffle(order)
    return order


__all__ = ["KEY_ENV", "QUIZ_MIME", "display_order", "quiz_key"]
