"""교실 서버(JupyterHub): 한 서버에서 한 반 학생들이 강의를 듣게 하는 설정과 강사용 명령.

강사 안내서는 이 폴더의 ``README.md``입니다. 함께 든 파일:

- ``jupyterhub_config.py``: 서버 한 대용 JupyterHub 설정(강의 가상 환경, ``bertlab`` 커널, 첫 로그인 때 레슨 나눠 주기)
- ``Dockerfile``, ``z2jh-values.yaml``: 여러 대(쿠버네티스의 Zero to JupyterHub)용 학생 이미지와 Helm 값
- ``distribute``: 레슨 노트북을 학생 폴더에 나눠 주기(학생이 고친 노트북은 덮어쓰지 않음)
- ``launch``: 학생 서버를 띄우기 전에 나눠 주기를 하는 시작 명령(허브의 ``Spawner.cmd``)
- ``prepare``: 강사가 한 번 하는 준비(모두가 보는 커널 등록, 모두가 함께 쓰는 오프라인 모델)
- ``collect``, ``roster``: ``python -m bertlab classroom collect``(제출물 모으기)와 ``progress``(반 진도 표)
- ``classpage``: 강사의 반 현황 페이지(허브 서비스 ``/services/bertlab-class/``: 학생 × 문제 격자, 성적표, CSV)
- ``rehearsal``: 진짜 JupyterHub를 127.0.0.1에 띄워 학생 몇 명으로 수업을 돌려 보기(통합 테스트와 벤치마크)
- ``cli``: ``python -m bertlab classroom <prepare|handout|collect|progress>``
"""

from bertlab.lazy import lazy_exports

_EXPORTS = {
    "handout": "distribute", "HandoutResult": "distribute", "course_notebooks": "distribute",
    "collect_lesson": "collect", "CollectResult": "collect",
    "find_students": "roster", "class_progress": "roster", "format_class_table": "roster",
    "prepare_classroom": "prepare",
}

__getattr__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)
