"""모든 레슨 노트북: 배포 상태로 새 커널에서 위에서 아래로 실행하면 오류가 없고 모든 check()가
"아직 풀지 않음"이며, 같은 커널에 해답 코드를 넣으면 모든 문제가 정답이 됩니다.

노트북은 ``python -m bertlab build``가 ``lessons/*.md``에서 만듭니다(출력 없이). 실행은 일괄 채점기와
같은 실행기(``bertlab.exercises.grading.execute.run_notebook``)를 쓰며, 커널은 HF_HUB_OFFLINE=1과
임시 BERTLAB_DATA_DIR로 띄웁니다. CI 시간을 아끼려고 두 단계를 한 커널에서 이어서 합니다.
"""

import os
import re
import sys
from pathlib import Path

import nbformat
import pytest

from bertlab.exercises.grading.execute import kernel_environment, outputs_with_mime, run_notebook
from bertlab.exercises.grading.probe import GRADE_MIME, inject_code, report_code
from bertlab.exercises.grading.submission import detect_lesson
from bertlab.exercises.render import CHECK_MIME
from conftest import REPO_ROOT

NOTEBOOK_DIR = REPO_ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
NOTEBOOK_TIMEOUT = 300  # 목표는 90초 이하지만, 여럿이 나눠 쓰는 CI에서 흔들리지 않게 넉넉히
INTERPRETER_PROBE = "import sys\nprint(sys.executable)"


# 학생이 할 수 있는 일이 없는 영어 출력(이슈 41): 경고, traceback, 라이브러리 로그, 영어 진행 표. 한국어 진행 막대
# (LiveLossCurve: "…: 100%|…| 50/50초")와 Trainer가 찍는 기록 사전은 레슨이 설명하므로 괜찮습니다.
NOISE = {
    "traceback": re.compile(r"Traceback \(most recent call last\)"),
    "영어 경고": re.compile(r"\b[A-Z][A-Za-z]*Warning\b|\bwarnings\.warn\b|^WARNING\b", re.M),
    "transformers 로그": re.compile(r"LOAD REPORT|\[transformers\]|Some weights of|You should probably TRAIN"),
    "영어 진행 표": re.compile(r"\d(?:\.\d+)?\s*(?:it/s|s/it)\b|Loading weights|Map:|Batches:"),
}


def student_noise(cells) -> list[str]:
    """실행한 셀들의 출력(글자 흐름, 오류, text/plain)에서 학생이 할 일이 없는 영어 출력을 찾아 ``셀 번호: 종류: 글``로."""
    found = []
    for number, cell in enumerate(cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append(f"{number}번째 셀: 오류 출력: {output.get('ename')}: {output.get('evalue', '')[:120]}")
                continue
            text = output.get("text", "") if output.get("output_type") == "stream" else \
                output.get("data", {}).get("text/plain", "")
            text = "".join(text) if isinstance(text, list) else text
            if output.get("name") == "stderr":        # 오류 흐름에 한글이 없는 줄 = 라이브러리의 영어 안내(폐기 예고 등)
                english = [line for line in text.splitlines() if re.search(r"[A-Za-z]{3}", line)
                           and not re.search(r"[가-힣]", line)]
                if english:
                    found.append(f"{number}번째 셀: 한글 없는 stderr: {english[0][:160]!r}")
                    continue
            for kind, pattern in NOISE.items():
                match = pattern.search(text)
                if match:
                    start = max(0, match.start() - 40)
                    found.append(f"{number}번째 셀: {kind}: {text[start:match.end() + 80]!r}")
    return found


def _report(request, text):
    """출력 캡처와 상관없이 실행 시간을 터미널에 보여 줍니다."""
    with request.getfixturevalue("capsys").disabled():
        print(f"\n{text}")


def _results(outputs):
    payloads = outputs_with_mime(outputs, GRADE_MIME)
    assert payloads, "채점 셀이 결과를 내지 못했습니다"
    return payloads[-1]["results"]


def _describe(results, wanted):
    return [f"{r['name']}: {r['outcome']['status']} — {r['outcome']['message']} {r['outcome']['details']}"
            for r in results if r["outcome"]["status"] != wanted]


@pytest.mark.slow
@pytest.mark.skipif(not NOTEBOOKS, reason="notebooks/가 아직 없습니다(python -m bertlab build로 만드세요)")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_clean_as_shipped_and_passes_with_reference_solutions(path, tmp_path, request):
    check_notebook(path, tmp_path, request)


def check_notebook(path, tmp_path, request):
    """노트북 하나: 배포 상태 실행 → 채점(모두 '아직 풀지 않음') → 해답 주입 → 채점(모두 정답)."""
    notebook = nbformat.read(str(path), as_version=4)
    lesson, _ = detect_lesson(notebook, path)
    extra = [INTERPRETER_PROBE]
    if lesson:
        extra += [report_code(lesson), inject_code(lesson), report_code(lesson)]
    env = kernel_environment({"HF_HUB_OFFLINE": "1", "BERTLAB_DATA_DIR": str(tmp_path)})
    execution = run_notebook(notebook, timeout=NOTEBOOK_TIMEOUT, extra_cells=extra, cwd=path.parent, env=env)
    _report(request, f"[노트북] {path.name}: {execution.seconds:.1f}초 (레슨 {lesson or '?'})")

    assert not execution.failure, execution.failure
    assert not execution.kernel_died, "커널이 멈췄습니다"
    assert not execution.timed_out, f"{NOTEBOOK_TIMEOUT}초 안에 끝나지 않았습니다"
    cells = execution.notebook.cells
    errors = [f"{e.index + 1}번째 셀 {e.ename}: {e.evalue}\n{cells[e.index].source[:300]}" for e in execution.cell_errors]
    assert not errors, "\n\n".join(errors)
    printed = "".join(o.get("text", "") for o in execution.extra_outputs[0] if o.get("output_type") == "stream")
    assert Path(printed.strip()).resolve() == Path(sys.executable).resolve(), "커널이 다른 파이썬으로 떴습니다"
    if not lesson:
        return

    noise = student_noise(cells[: len(notebook.cells)])
    assert not noise, "학생이 할 일이 없는 영어 출력:\n" + "\n".join(noise)

    shipped_checks = [c for cell in cells[: len(notebook.cells)] for c in outputs_with_mime(cell.get("outputs", []), CHECK_MIME)]
    not_blank = [f"{c['problem']}: {c['status']}" for c in shipped_checks if c["status"] != "not_attempted"]
    assert not not_blank, f"배포 상태인데 '아직 풀지 않음'이 아닌 check(): {not_blank}"
    shipped = _results(execution.extra_outputs[1])
    assert not _describe(shipped, "not_attempted"), _describe(shipped, "not_attempted")

    assert execution.extra_errors[2] == "", f"해답 코드를 넣다가 오류: {execution.extra_errors[2]}"
    solved = _results(execution.extra_outputs[3])
    assert not _describe(solved, "correct"), _describe(solved, "correct")


def test_harness_on_a_synthetic_lesson00_notebook(tmp_path, request):
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    cells = [new_markdown_cell("# 시작하기"),
             new_code_cell("from bertlab.exercises import lesson_exercises, ____\nq1, q2, q3 = lesson_exercises(\"00\")"),
             new_code_cell("words = ____\nq1.check()"),
             new_code_cell("def count_tokens(sentence):\n    return ____\n\nq2.check()"),
             new_code_cell("answer_blank = ____\nq3.check()")]
    notebook = new_notebook(cells=cells, metadata={"bertlab": {"lesson": "00"}})
    path = tmp_path / "00_synthetic.ipynb"
    nbformat.write(notebook, path)
    check_notebook(path, tmp_path, request)


def test_noise_scan_flags_english_warnings_tracebacks_and_progress_tables_but_not_korean_output():
    from nbformat.v4 import new_code_cell, new_output

    def cell(*outputs):
        made = new_code_cell("x")
        made.outputs = list(outputs)
        return made

    noisy = [
        cell(new_output("stream", name="stderr", text="/x.py:3: UserWarning: Converting a tensor with requires_grad=True")),
        cell(new_output("stream", name="stderr", text="[transformers] BertModel LOAD REPORT from: ko-mini-bert")),
        cell(new_output("display_data", data={"text/plain": "Loading weights:   0%|          | 0/71 [00:00<?, ?it/s]"})),
        cell(new_output("error", ename="NameError", evalue="name 'x' is not defined", traceback=[])),
        cell(new_output("stream", name="stdout", text="Traceback (most recent call last):\n  File ...")),
        cell(new_output("stream", name="stderr", text="The `sentence_embedding_dimension` argument was renamed and is "
                                                      "now deprecated.\n")),
    ]
    assert [line.split(":")[0] for line in student_noise(noisy)] == [f"{i}번째 셀" for i in range(1, 7)]
    quiet = [cell(new_output("display_data", data={"text/plain": "NSMC 감성 분류 파인 튜닝: 100%|██████████| 50/50초 "})),
             cell(new_output("stream", name="stdout", text="{'loss': '0.682', 'learning_rate': '0.0001333', 'epoch': '0.5'}\n")),
             cell(new_output("stream", name="stdout", text="평가 세트 4,000개 정확도: 0.842  (우연 수준 0.5)\n")),
             cell(new_output("stream", name="stderr", text="질문 11,823개를 벡터로 만듭니다(ko-mini-bert [CLS])…\n"))]
    assert student_noise(quiet) == []


def test_notebook_harness_uses_an_offline_environment(tmp_path):
    env = kernel_environment({"HF_HUB_OFFLINE": "1", "BERTLAB_DATA_DIR": str(tmp_path)})
    assert env["HF_HUB_OFFLINE"] == "1" and env["BERTLAB_DATA_DIR"] == str(tmp_path)
    assert str(REPO_ROOT) in env["PYTHONPATH"].split(os.pathsep)
