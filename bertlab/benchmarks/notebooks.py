"""노트북마다 새 커널에서 위에서 아래로 실행한 시간과 커널의 최대 메모리(오프라인 기본 모델, CPU).

목표(COURSE.md): 노트북 하나 90초 이하(이슈별로 60초), 전체 10분 이하, 최대 메모리 3 GB 이하.
실행은 채점기·노트북 테스트와 같은 ``run_notebook``을 씁니다. 최대 메모리는 마지막에 덧붙인 셀이
커널 프로세스 자신의 ``ru_maxrss``를 읽어 잽니다.
"""

from __future__ import annotations

import json
import os

from bertlab.benchmarks import Figure
from bertlab.course import lesson_pairs

PEAK_CELL = "import resource, json; print('PEAK_KB=' + json.dumps(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))"


def measure(path) -> tuple[float, float, int]:
    """(실행 초, 최대 메모리 MB, 오류 셀 수)."""
    import nbformat

    from bertlab.exercises.grading.execute import kernel_environment, run_notebook

    notebook = nbformat.read(str(path), as_version=4)
    env = kernel_environment({"HF_HUB_OFFLINE": "1"})
    result = run_notebook(notebook, timeout=600, extra_cells=[PEAK_CELL], cwd=path.parent, env=env)
    peak_mb = float("nan")
    for output in (result.extra_outputs[0] if result.extra_outputs else []):
        text = output.get("text", "")
        if "PEAK_KB=" in text:
            peak_mb = json.loads(text.split("PEAK_KB=")[1].strip()) / 1024
    return result.seconds, peak_mb, len(result.cell_errors) + (1 if result.timed_out else 0)


def run() -> list[Figure]:
    figures, total = [], 0.0
    only = os.environ.get("BERTLAB_BENCH_NOTEBOOKS")  # 예: "00,05" (일부만 잴 때)
    for pair in lesson_pairs():
        if only and pair.lesson not in only.split(","):
            continue
        seconds, peak_mb, errors = measure(pair.notebook)
        total += seconds
        note = f"오류 셀 {errors}개" if errors else ""
        figures.append(Figure(f"노트북 {pair.notebook.name} 실행", seconds, "s", "<= 60 s", note))
        figures.append(Figure(f"노트북 {pair.notebook.name} 최대 메모리", peak_mb, "MB", "<= 3072 MB"))
    figures.append(Figure("노트북 전체 실행 시간", total, "s", "<= 600 s"))
    return figures
