"""강의 운영: 레슨 시작 셀, 레슨 빌드(lessons -> notebooks), 용어집, 환경 점검, 설치 마무리.

- ``session``: 모든 레슨의 첫 셀 ``bertlab.start("NN")``이 하는 일(한글 글꼴, 짧은 한국어 오류, 진도 기록).
- ``build``: ``python -m bertlab build`` (lessons/*.md -> notebooks/*.ipynb).
- ``glossary``: 용어집(``bertlab.glossary("NN")``, 모든 레슨의 요약 셀).
- ``doctor``: ``python -m bertlab doctor``와 레슨 00의 환경 점검.
- ``setup``: ``python -m bertlab setup``(커널 등록, 오프라인 모델 준비).

가장 위층 패키지입니다: 연습 문제(진도 기록)와 모델 정보를 가져다 쓰고, 아래층은 이 패키지를 모릅니다.
"""

from bertlab.lazy import lazy_exports

_EXPORTS = {
    "start_lesson": "session",
    "glossary_table": "glossary", "load_terms": "glossary", "terms_for": "glossary",
    "check_environment": "doctor", "run_checks": "doctor",
    "lesson_pairs": "build",
}

__getattr__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)
