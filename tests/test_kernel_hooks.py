"""앞 셀을 실행하지 않고 위젯 셀만 실행했을 때: 영어 NameError 대신 그 이름을 만드는 셀을 알려 주는 한국어 안내."""

import json
import os
from pathlib import Path

import nbformat
import pytest
from conftest import REPO_ROOT

from bertlab.course.kernel_hooks import _defined_names, find_defining_cell, guidance


def _lesson(name: str) -> dict:
    return json.loads((REPO_ROOT / "notebooks" / name).read_text(encoding="utf-8"))


def test_finds_the_cell_that_makes_a_name_in_a_real_lesson():
    cell = find_defining_cell(_lesson("09_contextual_embeddings.ipynb"), "explorer_models")
    assert cell is not None and "다의어 탐색기" in cell.section and cell.first_line.startswith("from bertlab.widgets")
    text = guidance("explorer_models", cell)
    assert "`explorer_models`가 아직 없습니다" in text and "Run All Above" in text and str(cell.number) in text


def test_names_made_by_tuple_unpacking_imports_and_defs():
    source = "q1, q2 = f()\nfrom a.b import c as d\nimport numpy as np\ndef g():\n    pass\nfor i in x: pass\n%matplotlib inline"
    assert {"q1", "q2", "d", "np", "g", "i"} <= _defined_names(source)


def test_unknown_names_still_get_korean_advice():
    assert "철자" in guidance("bertlab_tpyo", None)


def test_a_live_kernel_answers_a_missing_name_in_korean(tmp_path):
    from bertlab.exercises.grading.execute import kernel_environment, run_notebook

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("## 3. 준비"), nbformat.v4.new_code_cell("made_here = 41"),
                      nbformat.v4.new_markdown_cell("## 4. 쓰기"), nbformat.v4.new_code_cell("print(made_here + 1)")]
    path = tmp_path / "lesson.ipynb"
    nbformat.write(notebook, path)
    # 학생이 다시 연 노트북에서 앞 셀을 건너뛰고 마지막 셀만 실행한 것과 같은 상황: 확장만 켜고 마지막 셀을 실행
    runnable = nbformat.v4.new_notebook()
    runnable.cells = [nbformat.v4.new_code_cell("%load_ext bertlab.course.kernel_hooks"),
                      nbformat.v4.new_code_cell("print(made_here + 1)")]
    env = kernel_environment({"JPY_SESSION_NAME": str(path)})
    execution = run_notebook(runnable, env=env, cwd=tmp_path)
    cell_outputs = [o for cell in execution.notebook.cells for o in cell.get("outputs", [])]
    outputs = json.dumps(cell_outputs, ensure_ascii=False)
    assert "3. 준비" in outputs and "절의 첫 번째 코드 셀" in outputs and "made_here = 41" in outputs
    boxes = [o for o in cell_outputs if "text/html" in o.get("data", {})]
    assert len(boxes) == 1 and "앞 셀을 먼저 실행하세요: `made_here`가 아직 없습니다" in boxes[0]["data"]["text/plain"]
    streams = "".join(o.get("text", "") for o in cell_outputs if o.get("output_type") == "stream")
    assert "NameError" not in streams and "made_here" not in streams, streams   # 상자 뒤에 같은 말이 또 나오지 않음


def test_pointer_counts_code_cells_inside_the_section_and_quotes_whole_tokens():
    """레슨 16의 챗봇 색인은 '4. SBERT 챗봇' 절의 첫 코드 셀이 만듭니다(노트북 전체에서는 더 뒤). 주석은 옮기지 않습니다."""
    cell = find_defining_cell(_lesson("16_korean_chatbot.ipynb"), "bot_encoder")
    assert cell is not None and "SBERT 챗봇" in cell.section
    assert cell.in_section == 1 and cell.number > 1
    assert cell.first_line == "bot_encoder = load_encoder()"
    text = guidance("bot_encoder", cell)
    assert "절의 첫 번째 코드 셀(노트북 전체에서" in text and f"{cell.number}번째" in text


def test_code_quote_never_cuts_inside_a_string():
    from bertlab.course.kernel_hooks import code_quote

    line = 'chat_box({"강의 챗봇 인코더": bot_index, "ko-mini-bert [CLS]": cls_index}, threshold=0.5)  # 주석'
    quoted = code_quote(line, limit=40)
    assert quoted.endswith(" …") and quoted.count('"') % 2 == 0 and "주석" not in quoted
    assert code_quote("x = 1  # 설명") == "x = 1"


def test_course_kernel_is_registered_with_the_extension(tmp_path, monkeypatch):
    from bertlab.course import setup

    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    message = setup.register_kernel()
    assert "등록" in message
    spec = json.loads((tmp_path / "data" / "kernels" / "bertlab" / "kernel.json").read_text(encoding="utf-8"))
    assert setup.KERNEL_EXTENSION in spec["argv"] and spec["display_name"] == setup.KERNEL_DISPLAY
    assert setup.kernel_registered()


def test_lab_settings_turn_on_saved_widget_state_and_keep_other_settings(tmp_path):
    from bertlab.course.setup import install_lab_settings, lab_settings_file

    path = lab_settings_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}))
    install_lab_settings(tmp_path)
    settings = json.loads(path.read_text(encoding="utf-8"))
    assert settings["@jupyter-widgets/jupyterlab-manager:plugin"]["saveState"] is True
    assert settings["@jupyterlab/apputils-extension:themes"]["theme"] == "JupyterLab Dark"


def test_built_notebooks_carry_the_language_info_the_course_kernel_reports():
    """노트북의 language_info가 강의 커널이 알려 주는 값(패치 버전 없음)과 같아야 열자마자 수정됨(●)이 되지 않습니다."""
    from ipykernel.ipkernel import IPythonKernel
    from IPython.testing.globalipapp import get_ipython

    from bertlab.course.build import LANGUAGE_INFO
    from bertlab.course.kernel_hooks import load_ipython_extension

    class FakeKernel:
        language_info = dict(IPythonKernel.language_info)

    shell = get_ipython()
    shell.kernel = FakeKernel()
    try:
        load_ipython_extension(shell)
        assert shell.kernel.language_info == LANGUAGE_INFO
    finally:
        del shell.kernel
        shell.set_custom_exc((), None)
    for path in (REPO_ROOT / "notebooks").glob("*.ipynb"):
        assert json.loads(path.read_text(encoding="utf-8"))["metadata"]["language_info"] == LANGUAGE_INFO, path.name
