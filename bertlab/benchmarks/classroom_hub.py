"""교실 서버 시작 시간: 허브를 띄운 순간부터 학생 세 명의 첫 셀(``bertlab.start("00")``)이 실행될 때까지, 초.

``python -m bertlab bench --only classroom_hub``(root, ``make classroom-setup`` 뒤). 통합 테스트와 같은
예행연습(``bertlab.course.classroom.rehearsal``)으로 진짜 JupyterHub를 127.0.0.1에 띄웁니다. 학생들은 한 명씩
로그인하고 서버를 시작한 뒤, 세 서버가 모두 뜨면 커널을 띄워 첫 셀을 실행합니다(교실에서 수업 첫 5분과 같은 흐름).
준비물이 없으면(root 아님, jupyterhub나 configurable-http-proxy 없음) 이유를 적고 값은 비웁니다.
"""

from __future__ import annotations

import time

from bertlab.benchmarks import Figure

STUDENTS = ("kim", "lee", "park")
FIRST_CELL = "import bertlab\nbertlab.start('00')"


def run() -> list[Figure]:
    from bertlab.course.classroom.rehearsal import Rehearsal, missing_requirements

    reason = missing_requirements()
    if reason:
        return [Figure("허브 시작 → 학생 3명의 첫 셀 실행", float("nan"), "s", note=reason)]
    with Rehearsal(list(STUDENTS)) as hub:
        hub_seconds = hub.start_hub()
        students = [hub.login(name) for name in STUDENTS]
        for student in students:
            hub.start_server(student)
        servers = time.monotonic() - hub.started_at
        for student in students:
            hub.start_kernel(student)
            errors = [o for o in hub.execute(student, FIRST_CELL) if o["output_type"] == "error"]
            if errors:
                raise RuntimeError(f"{student.name}의 첫 셀이 실패했습니다: {errors[0]['evalue']}")
        total = time.monotonic() - hub.started_at
    return [
        Figure("허브 시작(API가 답할 때까지)", hub_seconds, "s"),
        Figure("허브 시작 → 학생 3명의 서버가 모두 뜸", servers, "s"),
        Figure("허브 시작 → 학생 3명의 첫 셀 실행", total, "s", note="로그인·서버·커널을 차례로(2코어 기계)"),
    ]
