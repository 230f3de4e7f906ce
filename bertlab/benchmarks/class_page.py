"""강사의 반 현황 페이지: 학생 40명 × 레슨 18개의 가짜 진도로 페이지 한 벌을 만드는 시간(목표 1초 미만)과 메모리.

``python -m bertlab bench --only class_page``. 임시 폴더에 학생 홈 40개(진도 파일, 모은 노트북 자리)와 성적표
하나를 만들고, 허브의 서비스가 요청마다 하는 일(``ClassPage.board``: 진도 파일 훑기 + 페이지 데이터 + JSON)을 잽니다.

- 처음 한 벌: 서비스가 막 떠서 진도 파일 40개를 모두 읽을 때
- 폴링 한 벌: 몇 초 뒤 다시 물을 때(바뀐 파일만 다시 읽음), 학생 한 명이 방금 문제를 확인했을 때
- 메모리: 처음 한 벌을 만드는 동안 파이썬이 더 잡은 최대량(tracemalloc)과 JSON 크기

``write_synthetic_class``는 테스트도 씁니다(같은 모양의 가짜 반).
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

from bertlab.benchmarks import Figure

STUDENTS = 40
MESSAGES = ["리스트의 길이가 다릅니다: 3개여야 하는데 4개입니다.", "값의 종류가 다릅니다: 리스트(list)여야 하는데 문자열(str)입니다.",
            "두 번째 사례(빈 문장)에서 결과가 다릅니다.", "모양이 다릅니다: (2, 5)여야 하는데 (5, 2)입니다."]


def synthetic_progress(catalog, rng: random.Random, start: datetime) -> dict:
    """학생 한 명의 진도 파일: 레슨 0부터 어느 레슨까지 열었고, 문제마다 맞힘·오답·해답·안 함 중 하나."""
    reached = rng.randint(len(catalog.lessons) // 2, len(catalog.lessons) - 1)
    clock = start
    lessons = {}
    for lesson in catalog.lessons[:reached + 1]:
        clock += timedelta(minutes=rng.randint(5, 40))
        problems = {}
        for exercise in catalog.exercises[lesson]:
            roll = rng.random()
            if roll < 0.15:
                continue
            clock += timedelta(seconds=rng.randint(20, 300))
            entry = {"attempts": rng.randint(1, 5), "hints": rng.randint(0, 2), "last_checked": clock.isoformat(timespec="seconds"),
                     "max_points": 1, "best_points": 0}
            if roll < 0.7:
                entry.update(last_status="correct", solved=entry["last_checked"], best_points=1, last_message="정답입니다.")
            elif roll < 0.9:
                entry.update(last_status="incorrect", last_message=rng.choice(MESSAGES))
            else:
                entry.update(last_status="incorrect", last_message=rng.choice(MESSAGES), solution_viewed=entry["last_checked"])
            problems[exercise.name] = entry
        lessons[lesson] = {"visited": clock.isoformat(timespec="seconds"), "problems": problems}
    return {"version": 1, "user": f"{rng.getrandbits(64):016x}", "lessons": lessons}


def write_synthetic_class(root: Path, catalog, students: int = STUDENTS, seed: int = 0) -> Path:
    """``root/homes/학생NN/``마다 레슨 폴더와 진도 파일을 씁니다. 학생 홈들의 폴더를 돌려줍니다."""
    from bertlab.course.classroom.distribute import HANDOUT_FOLDER, PROGRESS_FILE

    rng = random.Random(seed)
    start = datetime(2026, 3, 2, 9, 0)
    homes = root / "homes"
    for number in range(students):
        home = homes / f"student{number:02d}"
        (home / HANDOUT_FOLDER).mkdir(parents=True)
        (home / PROGRESS_FILE).parent.mkdir(parents=True)
        progress = synthetic_progress(catalog, rng, start)
        (home / PROGRESS_FILE).write_text(json.dumps(progress, ensure_ascii=False, indent=1), encoding="utf-8")
    return homes


def _touch_one_student(homes: Path) -> None:
    """학생 한 명이 방금 문제를 확인한 것처럼 진도 파일 하나를 다시 씁니다."""
    from bertlab.course.classroom.distribute import PROGRESS_FILE

    path = homes / "student07" / PROGRESS_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["lessons"]["00"]["visited"] = datetime.now().isoformat(timespec="seconds")
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def run() -> list[Figure]:
    from bertlab.course.classroom.classpage import ClassPage, ClassSources, load_catalog

    began = time.perf_counter()
    catalog = load_catalog()
    catalog_ms = (time.perf_counter() - began) * 1000
    with tempfile.TemporaryDirectory(prefix="bertlab-class-bench-") as folder:
        root = Path(folder)
        homes = write_synthetic_class(root, catalog)
        sources = ClassSources(homes=homes, submissions=root / "submissions", grades=root / "grades")
        page = ClassPage(sources, catalog)
        began = time.perf_counter()
        first = json.dumps(page.board(), ensure_ascii=False)
        first_ms = (time.perf_counter() - began) * 1000
        fresh = ClassPage(ClassSources(homes=homes, submissions=root / "submissions", grades=root / "grades"), catalog)
        tracemalloc.start()                                  # 시간은 위에서 따로(tracemalloc은 느리게 만듦)
        json.dumps(fresh.board(), ensure_ascii=False)
        peak_mb = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        polls = []
        for _ in range(10):
            began = time.perf_counter()
            json.dumps(page.board("05"), ensure_ascii=False)
            polls.append((time.perf_counter() - began) * 1000)
        _touch_one_student(homes)
        began = time.perf_counter()
        json.dumps(page.board("05"), ensure_ascii=False)
        changed_ms = (time.perf_counter() - began) * 1000
    shape = f"학생 {STUDENTS}명 × 레슨 {len(catalog.lessons)}개, 문제 {catalog.exercise_count}개"
    return [
        Figure("레슨 차례 불러오기(서비스 시작 때 한 번)", catalog_ms, "ms"),
        Figure("페이지 한 벌: 처음(진도 파일 모두 읽기)", first_ms, "ms", target="< 1000 ms", note=shape),
        Figure("페이지 한 벌: 폴링(바뀐 파일 없음), 중앙값", statistics.median(polls), "ms", target="< 1000 ms"),
        Figure("페이지 한 벌: 학생 한 명이 방금 확인한 뒤", changed_ms, "ms", target="< 1000 ms"),
        Figure("처음 한 벌의 메모리 최대(tracemalloc)", peak_mb, "MB"),
        Figure("페이지 한 벌의 JSON 크기", len(first.encode("utf-8")) / 1e3, "KB"),
    ]
