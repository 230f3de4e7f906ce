"""채점 커널 안에서 도는 코드: 학생 셀을 다 실행한 뒤 덧붙이는 셀이 이 모듈을 부릅니다.
일괄 채점기와 노트북 테스트에서 사용합니다.

``report()``는 레슨의 모든 문제를 학생 namespace(IPython ``user_ns``)에서 ``Problem.evaluate()``로
채점합니다. 학생의 ``check()``와 같은 함수이므로 보이는 테스트의 결과가 로컬과 같습니다. 결과는
``application/vnd.bertlab.grade+json`` 형식으로 셀 출력에 담겨 채점기로 돌아갑니다. 숨은 테스트는
통과 여부와 배점만 내보냅니다. 채점 커널의 진도 파일(채점기가 만든 빈 폴더)에서 노트북을 다시 실행하는 동안
``q.solution()``이 불린 문제도 함께 내보냅니다(``solution_viewed``).
"""

from __future__ import annotations

from typing import Any, Mapping

GRADE_MIME = "application/vnd.bertlab.grade+json"


def _user_namespace() -> Mapping[str, Any]:
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        raise RuntimeError("IPython 커널 안에서만 쓸 수 있습니다.")
    return shell.user_ns


def evaluate_lesson(lesson: str, namespace: Mapping[str, Any], hidden_path: str | None = None) -> dict:
    """레슨의 모든 문제를 채점한 결과(JSON으로 바꿀 수 있는 딕셔너리)."""
    from bertlab.exercises.bank import load_problems
    from bertlab.exercises.binding import BOUND_LESSONS
    from bertlab.exercises.hidden import load_hidden_tests
    from bertlab.exercises.outcome import Outcome

    hidden = [t for t in load_hidden_tests(hidden_path) if t.lesson == lesson]
    viewed = _solutions_viewed(lesson)
    results = []
    for index, problem in enumerate(load_problems(lesson), start=1):
        try:
            outcome = problem.evaluate(namespace)
        except Exception as exc:  # noqa: BLE001  (문제 정의의 오류도 한 칸의 결과로 남깁니다)
            outcome = Outcome.grader_error(f"채점 중 오류: {type(exc).__name__}: {exc}", problem.points)
        hidden_results = []
        for test in hidden:
            if test.problem == problem.name:
                hidden_results.append({"passed": bool(problem.evaluate_hidden(namespace, test)),
                                       "points": float(test.points)})
        results.append({"name": problem.name, "title": problem.title, "index": index,
                        "outcome": outcome.to_json(), "hidden": hidden_results,
                        "solution_viewed": problem.name in viewed})
    return {"lesson": lesson, "bound_lessons": list(BOUND_LESSONS), "results": results}


def _solutions_viewed(lesson: str) -> set[str]:
    """이 커널의 진도 파일에 '해답을 봄'이 남은 문제 이름들(읽지 못하면 빈 집합)."""
    try:
        from bertlab.exercises.progress import ProgressStore

        problems = ProgressStore(notify=lambda message: None).load()["lessons"].get(lesson, {}).get("problems", {})
        return {name for name, entry in problems.items() if isinstance(entry, dict) and entry.get("solution_viewed")}
    except Exception:  # noqa: BLE001  (진도 파일 문제는 채점을 막지 않습니다)
        return set()


def report(lesson: str, hidden_path: str | None = None) -> None:
    """채점 결과를 셀 출력으로 내보냅니다(채점기가 읽음)."""
    from IPython.display import display

    payload = evaluate_lesson(lesson, _user_namespace(), hidden_path)
    summary = ", ".join(f"{r['name']}={r['outcome']['status']}" for r in payload["results"])
    display({GRADE_MIME: payload, "text/plain": f"[bertlab 채점] 레슨 {lesson}: {summary}"}, raw=True)


def inject_solutions(lesson: str) -> list[str]:
    """레슨의 모든 해답 코드를 학생 namespace에서 실행합니다(노트북 테스트용).

    setup()이 만든 이름은 노트북에 같은 이름이 없을 때에만 채워 넣습니다. 실패한 해답은
    ``"문제이름: 오류"`` 목록으로 돌려줍니다.
    """
    from bertlab.exercises.bank import load_problems
    from bertlab.exercises.problems import run_code

    namespace = _user_namespace()
    failures = []
    for problem in load_problems(lesson):
        try:
            for name, value in problem.context().items():
                namespace.setdefault(name, value)
            run_code(problem.solution, namespace, f"해답 {lesson}:{problem.name}")
        except Exception as exc:  # noqa: BLE001
            failures.append(f"{problem.name}: {type(exc).__name__}: {exc}")
    return failures


def report_code(lesson: str, hidden_path: str | None = None) -> str:
    """채점 셀의 코드. 학생 셀이 어떤 이름을 덮어썼어도 돌도록 모든 것을 새로 import합니다."""
    return ("import bertlab.exercises.grading.probe as _bertlab_probe\n"
            f"_bertlab_probe.report({lesson!r}, {hidden_path!r})")


def inject_code(lesson: str) -> str:
    return ("import bertlab.exercises.grading.probe as _bertlab_probe\n"
            f"_bertlab_failures = _bertlab_probe.inject_solutions({lesson!r})\n"
            "assert not _bertlab_failures, _bertlab_failures")
