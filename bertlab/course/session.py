"""레슨 시작 셀(``bertlab.start("NN")``)이 하는 일. 모든 레슨의 첫 코드 셀에서 사용합니다.

- 한글 글꼴을 matplotlib에 등록합니다.
- ``BertlabError``를 긴 traceback 대신 짧은 한국어 상자로, 앞 셀을 실행하지 않아 생긴 ``NameError``를 그 이름을
  만드는 셀을 알려 주는 한국어 안내로 보여 주도록 IPython에 등록합니다(``bertlab.course.kernel_hooks``).
- 난수 시드를 고정해 누가 실행해도 같은 결과가 나오게 합니다.
- transformers·허브·datasets의 영어 로그와 진행 막대(LOAD REPORT 표 등)를 이 커널에서 끕니다(``models.quiet``).
- 이 레슨을 열었다는 사실을 진도 파일에 남깁니다(있을 때만).
"""

from __future__ import annotations

import os
import random

from bertlab.errors import BertlabError

DEFAULT_SEED = 0


def _install_error_display() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    from bertlab.course.kernel_hooks import load_ipython_extension

    load_ipython_extension(shell)   # BertlabError와 NameError를 함께 맡는 표시기(IPython은 하나만 받음)
    return True


def seed_everything(seed: int = DEFAULT_SEED) -> None:
    """파이썬·넘파이·torch 난수 시드를 모두 고정합니다(torch는 이미 불러온 경우에만)."""
    random.seed(seed)
    os.environ.setdefault("PYTHONHASHSEED", str(seed))
    try:
        import numpy as np

        np.random.seed(seed)
    except ImportError:
        pass
    import sys

    if "torch" in sys.modules:
        sys.modules["torch"].manual_seed(seed)


def _record_visit(lesson: str) -> None:
    try:
        from bertlab.exercises.progress import record_visit
    except ImportError:
        return
    try:
        record_visit(lesson)
    except Exception:  # 진도 기록 실패가 레슨을 멈추게 해서는 안 됩니다.
        pass


def start_lesson(lesson: str, *, quiet: bool = False) -> str:
    """레슨을 준비합니다. 레슨 번호 문자열("00"~"17")을 돌려줍니다."""
    if not isinstance(lesson, str) or not lesson.strip():
        raise BertlabError('레슨 번호를 문자열로 주세요. 예: bertlab.start("03")')
    lesson = lesson.strip().zfill(2)
    import bertlab.plots  # noqa: F401  (한글 글꼴 등록)

    _install_error_display()
    from bertlab.models.quiet import quiet_library_logs

    quiet_library_logs()
    seed_everything()
    _record_visit(lesson)
    if not quiet:
        print(f"레슨 {lesson} 준비 완료: 한글 글꼴, 오류 표시, 난수 시드({DEFAULT_SEED})를 설정했습니다.")
    return lesson
