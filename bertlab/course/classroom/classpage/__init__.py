"""강사의 반 현황 페이지: 교실 허브의 서비스(``/services/bertlab-class/``)로, 학생 × 문제 격자를 보여 줍니다.

강사 안내서(``bertlab/course/classroom/README.md``)의 "반 현황 페이지"가 여는 법을 적습니다. 모듈:

- ``catalog``: 레슨 차례(레슨 제목, 레슨마다 문제 이름·제목)
- ``sources``: 읽는 자리(학생 홈의 진도 파일, ``collect``가 모은 노트북, ``grade``의 성적표). 읽기만 함
- ``board``: 진도 -> 페이지 한 벌(격자 칸의 상태, 문제별 요약과 자주 나온 피드백, 학생별 진도)
- ``gradesheet``: 마지막 일괄 채점 성적표를 보일 표로 · ``exports``: 보이는 표의 CSV
- ``notebook_view``: 모은 노트북을 읽기 전용 HTML로(스크립트 없이)
- ``page``: 위를 묶는 서버 쪽 상태 · ``server``: 허브 OAuth로 강사만 들이는 tornado 앱(``python -m …classpage``)
- ``static/``, ``templates/``: 페이지의 JS·CSS·HTML(인터넷 없이 동작, 글꼴은 나눔고딕)
"""

from bertlab.lazy import lazy_exports

_EXPORTS = {
    "build_board": "board", "cell_state": "board", "StudentRecord": "board",
    "Catalog": "catalog", "load_catalog": "catalog",
    "ClassSources": "sources", "ClassPage": "page",
}

__getattr__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)
