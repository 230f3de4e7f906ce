"""제출물 하나를 채점해 성적표의 한 줄(``GradeRow``)을 만들고, CSV와 학생별 피드백 파일을 씁니다.
일괄 채점기(``python -m bertlab grade``)에서 사용합니다.

어떤 제출물이든(예외, 무한 반복, 지운 셀, 깨진 JSON, 다른 레슨) 반드시 한 줄을 남기며, 상태(status)
열에 이유를 적습니다. 점수는 커널 안에서 학생의 ``check()``와 같은 ``Problem.evaluate()``로 냅니다.
해답을 본 문제(노트북을 다시 실행하는 동안 ``q.solution()``이 불렸거나, 저장된 출력에 해답 상자가 남은 문제)는
점수와 상관없이 ``solution_viewed``로 적습니다.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bertlab.exercises.grading.execute import kernel_environment, outputs_with_mime, run_notebook
from bertlab.exercises.grading.probe import GRADE_MIME, report_code
from bertlab.exercises.grading.submission import Submission
from bertlab.exercises.shuffle import KEY_ENV
from bertlab.exercises.wording import STATUS_LABELS

STATUS_TEXT = {
    "ok": "정상: 모든 셀이 오류 없이 실행되었습니다.",
    "cell_errors": "일부 셀에서 오류가 났지만, 나머지 셀을 실행해 채점했습니다.",
    "timeout": "시간 제한을 넘겨 실행을 멈췄습니다. 그때까지 정의된 답으로 채점했습니다.",
    "kernel_died": "실행 중 커널이 멈췄습니다(메모리 부족이나 프로세스 종료). 채점하지 못했습니다.",
    "kernel_failed": "커널을 시작하지 못해 채점하지 못했습니다.",
    "probe_failed": "학생 셀은 실행했지만 채점 셀이 결과를 내지 못했습니다.",
    "invalid_notebook": "노트북 파일이 올바르지 않아(JSON 오류 등) 실행하지 못했습니다.",
    "missing_file": "제출 파일을 찾을 수 없습니다.",
    "wrong_lesson": "다른 레슨의 노트북을 제출했습니다.",
    "unknown_lesson": "어느 레슨의 노트북인지 알 수 없습니다.",
    "grader_error": "채점기 내부 오류로 채점하지 못했습니다.",
}


@dataclass
class GradeRow:
    """성적표의 한 줄. results는 문제마다 {name, title, index, outcome, hidden, solution_viewed}."""

    student: str
    file: str
    lesson: str = ""
    status: str = "grader_error"
    message: str = ""
    cell_errors: int = 0
    seconds: float = 0.0
    results: list[dict] = field(default_factory=list)

    @property
    def solutions_viewed(self) -> list[str]:
        """해답을 본 문제 이름들(문제 순서)."""
        return [r["name"] for r in self.results if r.get("solution_viewed")]

    @property
    def total(self) -> float:
        return sum(r["outcome"]["points"] + sum(h["points"] for h in r["hidden"] if h["passed"]) for r in self.results)

    def max_total(self, problems: list | None, hidden: list) -> float:
        visible = sum(p.points for p in problems or [])
        return visible + sum(t.points for t in hidden if t.lesson == self.lesson)


def empty_results(problems: list, hidden: list, message: str) -> list[dict]:
    """채점 셀이 결과를 내지 못했을 때의 결과: 모든 문제 0점, 상태 error."""
    return [{"name": p.name, "title": p.title, "index": i,
             "outcome": {"status": "error", "message": message, "points": 0.0, "max_points": p.points,
                         "details": [], "extra": "", "warnings": [], "headline": ""},
             "hidden": [{"passed": False, "points": t.points} for t in hidden
                        if t.lesson == p.lesson and t.problem == p.name]}
            for i, p in enumerate(problems, start=1)]


def grade_submission(submission: Submission, *, expected_lesson: str | None, hidden_path: str | None,
                     hidden: list, timeout: float, kernel_name: str = "python3") -> GradeRow:
    """제출물 하나를 채점합니다. 어떤 경우에도 예외 대신 상태가 적힌 GradeRow를 돌려줍니다."""
    from bertlab.exercises.bank import load_problems

    row = GradeRow(student=submission.student, file=str(submission.path), lesson=submission.lesson)
    if submission.status:
        row.lesson = expected_lesson or ""
        row.status, row.message = submission.status, submission.problem
        return row
    if expected_lesson and submission.lesson and submission.lesson != expected_lesson:
        row.lesson, row.status = expected_lesson, "wrong_lesson"
        where = {"metadata": "메타데이터", "source": "코드", "filename": "파일 이름"}[submission.lesson_source]
        row.message = f"레슨 {expected_lesson} 과제인데 레슨 {submission.lesson} 노트북입니다({where} 기준)."
        return row
    row.lesson = submission.lesson or expected_lesson or ""
    try:
        problems = load_problems(row.lesson) if row.lesson else None
    except Exception as exc:  # noqa: BLE001
        problems, row.message = None, str(exc)
    if not problems:
        row.status = "unknown_lesson"
        row.message = row.message or "메타데이터·코드·파일 이름 어디에도 레슨 번호가 없습니다. --lesson NN을 주세요."
        return row
    with tempfile.TemporaryDirectory(prefix="bertlab-grade-") as data_dir:
        env = kernel_environment({"BERTLAB_DATA_DIR": data_dir, "BERTLAB_GRADING": "1",
                                  KEY_ENV: submission.quiz_key})  # 학생이 본 퀴즈 보기 순서("" = 모름)
        probe_timeout = 60 + sum(4 * p.time_limit for p in problems)
        execution = run_notebook(submission.notebook, timeout=timeout, kernel_name=kernel_name,
                                 extra_cells=[report_code(row.lesson, hidden_path)], extra_timeout=probe_timeout,
                                 cwd=submission.path.parent, env=env)
    row.seconds = execution.seconds
    row.cell_errors = len(execution.cell_errors)
    payloads = outputs_with_mime(execution.extra_outputs[0], GRADE_MIME) if execution.extra_outputs else []
    row.results = payloads[-1]["results"] if payloads else empty_results(problems, hidden, "채점하지 못함")
    saved = {name for lesson, name in submission.solutions_viewed if lesson == row.lesson}
    for result in row.results:
        result["solution_viewed"] = bool(result.get("solution_viewed")) or result["name"] in saved
    row.status, row.message = _status(execution, bool(payloads), timeout)
    return row


def _status(execution: Any, graded: bool, timeout: float) -> tuple[str, str]:
    if execution.failure:
        return "kernel_failed", execution.failure
    if execution.kernel_died:
        done = "채점 결과를 받기 전에" if not graded else "학생 셀을 실행하던 중"
        return "kernel_died", f"{done} 커널이 멈췄습니다(메모리 부족, os._exit 등)."
    if execution.timed_out:
        note = "" if graded else " 채점 셀도 끝나지 않았습니다."
        return "timeout", f"노트북 시간 제한 {timeout:g}초를 넘겼습니다.{note}"
    if not graded:
        reason = execution.extra_errors[0] if execution.extra_errors else ""
        return "probe_failed", reason
    if execution.cell_errors:
        first = execution.cell_errors[0]
        return "cell_errors", f"오류 난 셀 {len(execution.cell_errors)}개(처음: {first.index + 1}번째 셀, {first.ename})"
    return "ok", ""


def feedback_text(row: GradeRow, max_total: float) -> str:
    """학생에게 돌려줄 피드백(한국어). 숨은 테스트는 통과 개수만 적고 내용은 적지 않습니다."""
    lines = [f"학생: {row.student}", f"제출 파일: {Path(row.file).name}", f"레슨: {row.lesson or '알 수 없음'}",
             f"상태: {STATUS_TEXT.get(row.status, row.status)}"]
    if row.message:
        lines.append(f"  ({row.message})")
    lines += [f"점수: {row.total:g} / {max_total:g}", ""]
    for result in row.results:
        outcome = result["outcome"]
        label = outcome.get("headline") or STATUS_LABELS.get(outcome["status"], outcome["status"])
        viewed = " · 해답을 봄" if result.get("solution_viewed") else ""
        lines.append(f"문제 {result['index']} · {result['title']} — {label} "
                     f"({outcome['points']:g}/{outcome['max_points']:g}점){viewed}")
        if outcome["message"]:
            lines.append(f"  {outcome['message']}")
        lines += [f"  - {d}" for d in outcome.get("details", [])]
        hidden = result["hidden"]
        if hidden:
            passed = sum(1 for h in hidden if h["passed"])
            got = sum(h["points"] for h in hidden if h["passed"])
            lines.append(f"  숨은 테스트: {len(hidden)}개 중 {passed}개 통과 "
                         f"({got:g}/{sum(h['points'] for h in hidden):g}점)")
    return "\n".join(lines) + "\n"
