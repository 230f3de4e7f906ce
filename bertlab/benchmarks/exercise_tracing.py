"""채점 추적이 더하는 시간(이슈 39). ``python -m bertlab bench --only exercise_tracing``.

- 문제마다: 해답을 ``check()``처럼 채점(``Problem.evaluate``)하는 시간을, 허용 목록대로 추적할 때와 추적하지 않을
  때(``allows=None``) 각각 여러 번 재어 중앙값의 차이를 냅니다. 목표는 문제마다 0.3초 미만입니다. 값 문제는 추적하려고
  답을 만든 코드를 다시 실행하므로, 그 코드를 추적 없이 다시 실행하는 시간도 함께 적습니다(모델을 부르는 답이면 큼). 맥락(모델 불러오기)과
  기대값은 먼저 한 번 채점해 준비해 둡니다(학생의 두 번째 ``check()``부터와 같은 조건).
- 일괄 채점기: 레슨 노트북의 연습 셀만 담은 제출물(해답을 채운 것)을 채점 커널에서 실행하고, 채점 셀(레슨의 모든
  문제 채점)을 추적할 때와 추적하지 않을 때 잽니다.

시간은 벽시계(wall)와 이 프로세스의 CPU 시간을 함께 보여 줍니다. 여러 사람이 CPU를 나눠 쓰는 기계에서는 벽시계가
흔들리므로 CPU 시간이 추적의 비용을 더 잘 보여 줍니다.
"""

from __future__ import annotations

import copy
import json
import os
import statistics
import time

from bertlab.benchmarks import Figure

GOAL_MS = 300
GRADER_LESSON = "05"


def _timed(action) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def check_overhead(problem, repeats: int = 5) -> dict:
    """해답 채점 시간(추적/추적 없이)의 중앙값(초)."""
    namespace = problem.run_answer(problem.solution, "해답")
    plain = copy.copy(problem)
    plain.allows = None
    problem.evaluate(namespace)  # 맥락·기대값 준비
    plain.evaluate(namespace)
    traced, untraced = [], []
    for _ in range(repeats):
        traced.append(_timed(lambda: problem.evaluate(namespace)))
        untraced.append(_timed(lambda: plain.evaluate(namespace)))
    median = lambda rows, i: statistics.median(r[i] for r in rows)  # noqa: E731
    replay = [_timed(lambda: _replay_untraced(problem, namespace)) for _ in range(repeats)]
    return {"traced_wall": median(traced, 0), "untraced_wall": median(untraced, 0),
            "traced_cpu": median(traced, 1), "untraced_cpu": median(untraced, 1), "replay_cpu": median(replay, 1)}


def _replay_untraced(problem, namespace) -> None:
    """값 답을 만든 코드를 추적 없이 다시 실행(추적하는 채점만 하는 일이라, 더한 시간 중 추적 자체가 아닌 몫)."""
    from bertlab.exercises.replay import answer_program

    answers = problem.read_answers(namespace)
    ctx = problem.context()
    names = problem._value_answers(answers, ctx)
    program = answer_program(names, namespace, ctx, problem.lesson) if names else None
    if program is not None:
        scratch = dict(namespace)
        for name in program.names:
            scratch.pop(name, None)
        program.run(scratch)


def problem_figures(repeats: int = 5) -> list[Figure]:
    from bertlab.exercises.bank import available_lessons, load_problems

    figures = []
    for lesson in available_lessons():
        for problem in load_problems(lesson):
            if getattr(problem, "allows", None) is None:
                continue
            t = check_overhead(problem, repeats)
            added = max(t["traced_cpu"] - t["untraced_cpu"], 0.0) * 1000
            figures.append(Figure(
                f"추적이 더한 CPU 시간: check() {lesson}:{problem.name}", added, "ms", f"< {GOAL_MS} ms",
                f"CPU {t['traced_cpu'] * 1000:.0f} / {t['untraced_cpu'] * 1000:.0f} ms, "
                f"벽시계 {t['traced_wall'] * 1000:.0f} / {t['untraced_wall'] * 1000:.0f} ms (추적 / 추적 없이)"
                + (f"; 그중 답을 만든 코드 다시 실행(추적 없이 재면) {t['replay_cpu'] * 1000:.0f} ms"
                   if t["replay_cpu"] >= 0.0005 else "")))
    return figures


_TIMED_PROBE = """
import json, time
import bertlab.exercises.grading.probe as _probe
from bertlab.exercises.bank import load_problems as _load
_problems = _load({lesson!r})
_saved = [p.allows for p in _problems]
{switch}
_probe.evaluate_lesson({lesson!r}, get_ipython().user_ns)   # 준비(맥락·기대값)
_wall, _cpu = time.perf_counter(), time.process_time()
_result = _probe.evaluate_lesson({lesson!r}, get_ipython().user_ns)
print(json.dumps({{"wall": time.perf_counter() - _wall, "cpu": time.process_time() - _cpu,
                  "statuses": [r["outcome"]["status"] for r in _result["results"]]}}))
for _p, _a in zip(_problems, _saved):
    _p.allows = _a
"""


def _submission(lesson: str):
    """레슨의 연습 문제 손잡이와 해답만 담은 제출 노트북."""
    from nbformat.v4 import new_code_cell, new_notebook

    from bertlab.exercises.bank import load_problems
    from bertlab.exercises.grading.probe import inject_code

    count = len(load_problems(lesson))
    names = ", ".join(f"q{i}" for i in range(1, count + 1))
    notebook = new_notebook(cells=[new_code_cell(f"from bertlab.exercises import lesson_exercises\n"
                                                 f"{names}{',' if count == 1 else ''} = lesson_exercises({lesson!r})"),
                                   new_code_cell(inject_code(lesson))])
    notebook.metadata["bertlab"] = {"lesson": lesson}
    return notebook


def _printed(outputs: list) -> dict:
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    lines = [line for line in text.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {}


def grader_figures(lesson: str = GRADER_LESSON) -> list[Figure]:
    import tempfile

    from bertlab.exercises.grading.execute import kernel_environment, run_notebook

    with tempfile.TemporaryDirectory(prefix="bertlab-bench-grade-") as data_dir:
        env = kernel_environment({"BERTLAB_DATA_DIR": data_dir, "BERTLAB_GRADING": "1",
                                  "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")})
        started = time.perf_counter()
        execution = run_notebook(_submission(lesson), timeout=600, env=env, extra_timeout=600, extra_cells=[
            _TIMED_PROBE.format(lesson=lesson, switch=""),
            _TIMED_PROBE.format(lesson=lesson, switch="for _p in _problems:\n    _p.allows = None")])
        total = time.perf_counter() - started
    if len(execution.extra_outputs) < 2:
        reason = execution.failure or "; ".join(e for e in execution.extra_errors if e) or "채점 셀이 끝나지 않음"
        return [Figure(f"일괄 채점: 레슨 {lesson} 노트북", float("nan"), "s", "", reason)]
    traced, plain = (_printed(outputs) for outputs in execution.extra_outputs[:2])
    if not traced or not plain:
        return [Figure(f"일괄 채점: 레슨 {lesson} 노트북", float("nan"), "s", "", "; ".join(execution.extra_errors))]
    statuses = ", ".join(sorted(set(traced["statuses"])))
    return [
        Figure(f"일괄 채점: 레슨 {lesson} 채점 셀에 추적이 더한 CPU 시간", (traced["cpu"] - plain["cpu"]) * 1000, "ms", "",
               f"채점 셀 CPU {traced['cpu']:.2f} / {plain['cpu']:.2f} s, 벽시계 {traced['wall']:.2f} / "
               f"{plain['wall']:.2f} s (추적 / 추적 없이), 결과: {statuses}"),
        Figure(f"일괄 채점: 레슨 {lesson} 노트북 하나 전체(커널 시작 포함)", total, "s", "",
               "연습 셀 + 해답 주입 + 채점 셀 두 번(추적, 추적 없이)"),
    ]


def run() -> list[Figure]:
    return problem_figures() + grader_figures()


__all__ = ["check_overhead", "grader_figures", "problem_figures", "run"]
