"""라이브러리의 영어 안내를 학생 화면에서 치우기(모든 레슨): 모델을 불러올 때의 LOAD REPORT 표, 진행 막대, 경고.

transformers 5.x는 체크포인트에 모델에 없는 가중치가 있거나(예: 사전 훈련 헤드가 든 ``ko-mini-bert``를 ``AutoModel``로
불러올 때) 새로 초기화한 가중치가 있으면 영어 ``LOAD REPORT`` 표를 경고로 찍고, 가중치를 읽는 동안 진행 막대를
그립니다. 강의가 일부러 그렇게 불러오는 것이라 학생이 할 일이 없으므로, 불러오는 곳(패키지 안)에서 이 문맥으로 감쌉니다.
무엇을 불러왔는지는 레슨 본문과 한국어 출력이 알려 줍니다. 노트북 테스트(``tests/test_notebooks.py``)가 실행한 노트북의
출력에 영어 경고·traceback·진행 표가 남지 않았는지 확인합니다.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager


@contextmanager
def quiet_transformers():
    """transformers의 로그(LOAD REPORT, '새로 초기화한 가중치' 등)·진행 막대와 파이썬 경고를 이 문맥 안에서만 끕니다."""
    from transformers.utils import logging

    previous = logging.get_verbosity()
    bars_were_on = logging.is_progress_bar_enabled()
    logging.set_verbosity_error()
    logging.disable_progress_bar()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logging.set_verbosity(previous)
        if bars_were_on:
            logging.enable_progress_bar()


LIBRARY_QUIET = {"TRANSFORMERS_VERBOSITY": "error", "HF_HUB_DISABLE_PROGRESS_BARS": "1",
                 "HF_DATASETS_DISABLE_PROGRESS_BARS": "1"}


def quiet_library_logs() -> None:
    """레슨 커널 전체에서 transformers·허브·datasets의 영어 로그와 진행 막대를 끕니다(``bertlab.start()``가 부름).

    패키지는 모델을 불러오는 곳마다 ``quiet_transformers``로 감싸지만, 레슨이 transformers를 직접 부르는 셀(레슨 00의
    ``AutoModel.from_pretrained``, 레슨 11의 ``Trainer`` 등)도 같은 영어 표를 찍습니다. 라이브러리를 불러오기 전이면
    환경 변수로(불러오는 시간을 들이지 않음), 이미 불러왔으면 그 라이브러리의 설정 함수로 끕니다. 학생이 직접 정한
    환경 변수는 그대로 둡니다. 강의 자체의 진행 막대(``LiveLossCurve``, 색인 만들기)는 한국어라 그대로 보입니다.
    """
    import os
    import sys

    for name, value in LIBRARY_QUIET.items():
        os.environ.setdefault(name, value)
    if "transformers" in sys.modules:
        from transformers.utils import logging

        logging.set_verbosity_error()
        logging.disable_progress_bar()
