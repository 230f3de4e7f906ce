"""노트북 하나를 새 커널에서 실행합니다. 일괄 채점기와 노트북 테스트(tests/test_notebooks.py)가 함께 씁니다.

- 오류가 난 셀이 있어도 다음 셀을 계속 실행합니다(allow_errors).
- 노트북 전체에 시간 제한을 둡니다. 넘기면 커널을 인터럽트하고 남은 학생 셀은 건너뜁니다.
- 학생 셀이 끝난 뒤(시간 초과여도) 덧붙인 셀(채점 셀 등)을 같은 커널에서 별도 시간 제한으로 실행합니다.
"""

from __future__ import annotations

import copy
import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PACKAGE_ROOT = Path(__file__).resolve().parents[3]  # bertlab 패키지가 들어 있는 폴더


@dataclass
class CellError:
    index: int
    ename: str
    evalue: str


@dataclass
class Execution:
    """실행 결과. extra_outputs[i]는 덧붙인 i번째 셀의 출력 목록."""

    notebook: Any
    seconds: float = 0.0
    timed_out: bool = False
    kernel_died: bool = False
    failure: str = ""  # 커널을 띄우지 못하는 등 실행 자체가 실패한 이유
    cell_errors: list[CellError] = field(default_factory=list)
    extra_outputs: list[list] = field(default_factory=list)
    extra_errors: list[str] = field(default_factory=list)


def kernel_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """커널용 환경 변수: 현재 환경 + 이 bertlab을 찾을 수 있는 PYTHONPATH + 그림 창 없는 백엔드."""
    env = dict(os.environ)
    paths = [str(PACKAGE_ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    env.setdefault("MPLBACKEND", "Agg")
    env.update(extra or {})
    return env


def _error_of(cell: Any) -> tuple[str, str] | None:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return output.get("ename", ""), output.get("evalue", "")
    return None


def _new_client(notebook: Any, kernel_name: str, cwd: Path | None, startup_timeout: int):
    from nbclient import NotebookClient

    return NotebookClient(
        notebook, timeout=600, kernel_name=kernel_name, allow_errors=True,
        interrupt_on_timeout=True, startup_timeout=startup_timeout,
        error_on_timeout={"ename": "CellTimeoutError", "evalue": "시간 제한을 넘겨 인터럽트했습니다.", "traceback": []},
        resources={"metadata": {"path": str(cwd) if cwd else os.getcwd()}},
    )


def run_notebook(notebook: Any, *, timeout: float = 300, extra_cells: list[str] = (),
                 extra_timeout: float = 120, kernel_name: str = "python3", cwd: Path | None = None,
                 env: dict[str, str] | None = None, startup_timeout: int = 60) -> Execution:
    """노트북(nbformat 객체)을 실행합니다. 원본은 바꾸지 않고 복사본을 실행해 ``Execution``에 담습니다."""
    from nbclient.exceptions import DeadKernelError
    from nbformat.v4 import new_code_cell

    notebook = copy.deepcopy(notebook)
    result = Execution(notebook)
    client = _new_client(notebook, kernel_name, cwd, startup_timeout)
    started = time.monotonic()
    try:
        with client.setup_kernel(env=env or kernel_environment(), stderr=subprocess.DEVNULL):
            _run_student_cells(client, notebook, result, started + timeout)
            if not result.kernel_died:
                for source in extra_cells:
                    cell = new_code_cell(source)
                    notebook.cells.append(cell)
                    client.timeout = max(1, int(extra_timeout))
                    try:
                        client.execute_cell(cell, len(notebook.cells) - 1)
                    except DeadKernelError:
                        result.kernel_died = True
                        break
                    error = _error_of(cell)
                    result.extra_errors.append(f"{error[0]}: {error[1]}" if error else "")
                    result.extra_outputs.append(list(cell.outputs))
    except DeadKernelError:
        result.kernel_died = True
    except Exception as exc:  # noqa: BLE001  (커널 시작 실패 등: 제출물은 잃지 않고 이유만 남깁니다)
        result.failure = f"{type(exc).__name__}: {exc}"
    result.seconds = time.monotonic() - started
    return result


def _run_student_cells(client: Any, notebook: Any, result: Execution, deadline: float) -> None:
    from nbclient.exceptions import DeadKernelError

    for index, cell in enumerate(notebook.cells):
        if cell.get("cell_type") != "code":
            continue
        if "outputs" not in cell:
            cell["outputs"] = []
        if not str(cell.get("source", "")).strip():
            continue
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            result.timed_out = True
            return
        client.timeout = max(1, int(remaining))
        replies: list[dict] = []
        client.on_cell_executed = lambda **kw: replies.append(kw.get("execute_reply") or {})
        try:
            client.execute_cell(cell, index)
        except DeadKernelError:
            result.kernel_died = True
            return
        finally:
            client.on_cell_executed = None
        error = _error_of(cell)
        if error:
            result.cell_errors.append(CellError(index, *error))
        if any(r.get("content", {}).get("ename") == "CellTimeoutError" for r in replies):
            result.timed_out = True
            return


def outputs_with_mime(outputs: list, mime: str) -> list[Any]:
    """출력 목록에서 주어진 형식(mimetype)의 데이터만 모읍니다."""
    found = []
    for output in outputs:
        data = output.get("data", {}) if output.get("output_type") in ("display_data", "execute_result") else {}
        if mime in data:
            found.append(data[mime])
    return found

