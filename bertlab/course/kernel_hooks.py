"""커널 확장: 앞 셀을 실행하지 않아 생긴 ``NameError``를 한국어 안내로(이슈 32, 모든 레슨).

노트북을 다시 열거나 커널을 다시 시작하면 앞 셀에서 만든 변수가 모두 사라집니다. 그때 위젯 셀 하나만 실행하면
파이썬은 영어 ``NameError``만 보여 줍니다. 이 확장은 그 이름을 **만드는 셀**을 지금 노트북에서 찾아, 그 셀이 있는
절과 첫 줄을 한국어로 알려 줍니다. 찾지 못하면(오타 등) 원래 traceback 앞에 한국어 한 줄을 붙입니다.

강의 커널은 또 노트북 메타데이터에 쓰일 ``language_info``에서 파이썬 패치 버전을 뺍니다(노트북이 열자마자 수정됨으로
표시되지 않게, ``bertlab.course.build.LANGUAGE_INFO``).

강의 커널(``python -m bertlab setup``이 등록하는 ``bertlab``)은 시작할 때 이 확장을 불러오고(``--ext``),
``bertlab.start()``도 불러옵니다. 지금 노트북은 Jupyter 서버가 커널에 주는 ``JPY_SESSION_NAME``으로 찾습니다.
"""

from __future__ import annotations

import ast
import html
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from bertlab.errors import BertlabError, josa

RUN_ABOVE = "메뉴 Run → Run All Above(위의 모든 셀 실행)"


@dataclass(frozen=True)
class DefiningCell:
    """이름을 만드는 코드 셀: 몇 번째 코드 셀인지, 그 셀이 속한 절의 제목, 첫 줄."""

    number: int
    section: str
    first_line: str


def _defined_names(source: str) -> set[str]:
    """셀 코드가 만드는 이름(대입, def, class, import, for, with). 매직(%, !) 줄은 건너뜁니다."""
    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return names


def find_defining_cell(notebook: dict, name: str) -> DefiningCell | None:
    """노트북(JSON)에서 ``name``을 처음 만드는 코드 셀."""
    section, number = "노트북 맨 앞", 0
    for cell in notebook.get("cells", []):
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "markdown":
            heading = re.search(r"^#{1,4}\s+(.+)$", source, flags=re.M)
            section = heading.group(1).strip() if heading else section
        elif cell.get("cell_type") == "code":
            number += 1
            if name in _defined_names(source):
                first = next((line for line in source.splitlines() if line.strip() and not line.startswith("#")), "")
                return DefiningCell(number, section, first.strip()[:80])
    return None


def current_notebook() -> dict | None:
    """Jupyter 서버가 알려 준 지금 노트북(``JPY_SESSION_NAME``). 읽을 수 없으면 None."""
    path = os.environ.get("JPY_SESSION_NAME", "")
    if not path.endswith(".ipynb"):
        return None
    candidate = Path(path)
    if not candidate.is_absolute():
        candidate = Path.cwd() / candidate
        if not candidate.is_file():
            candidate = Path.cwd() / Path(path).name   # 서버 루트 기준 경로일 때: 커널은 노트북 폴더에서 시작
    try:
        return json.loads(candidate.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def guidance(name: str, cell: DefiningCell | None) -> str:
    """학생에게 보일 한국어 안내(글자)."""
    if cell is None:
        return (f"{josa(f'`{name}`', '이/가')} 아직 없습니다. 이름의 철자를 확인하고, 이 이름을 만드는 셀을 먼저 "
                f"실행하세요. 노트북을 다시 열었거나 커널을 다시 시작했다면 {RUN_ABOVE}로 앞 셀부터 실행하세요.")
    return (f"{josa(f'`{name}`', '이/가')} 아직 없습니다. 노트북을 다시 열었거나 커널을 다시 시작해 앞 셀의 결과가 "
            f"사라진 것 같습니다. '{cell.section}' 절의 {cell.number}번째 코드 셀(`{cell.first_line}`)이 이 이름을 "
            f"만듭니다. 가장 쉬운 방법: {RUN_ABOVE}로 앞 셀부터 다시 실행한 뒤 이 셀을 실행하세요.")


def _missing_name(value: BaseException) -> str | None:
    name = getattr(value, "name", None)
    if name:
        return name
    match = re.search(r"name '([^']+)' is not defined", str(value))
    return match.group(1) if match else None


def _handler(shell, etype, value, tb, tb_offset=None):
    name = _missing_name(value)
    cell = find_defining_cell(current_notebook() or {}, name) if name else None
    text = guidance(name or "?", cell)
    try:
        from IPython.display import HTML, display

        display(HTML(f'<div style="border-left:6px solid #c2410c;padding:6px 12px;background:rgba(194,65,12,0.08)">'
                     f'<b>앞 셀을 먼저 실행하세요</b><br>{html.escape(text).replace("`", "")}</div>'))
    except Exception:  # 안내를 그리지 못해도 아래 글자 안내는 남습니다.
        pass
    # IPython은 사용자 정의 표시기의 반환값을 쓰지 않으므로 글자 안내는 직접 찍습니다(셀은 오류로 끝납니다).
    print(f"NameError: {text}")
    if cell is None:                      # 오타일 수도 있으니 원래 traceback도 보여 줍니다
        print(shell.InteractiveTB.stb2text(shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset)))


def _show_bertlab_error(shell, etype, value, tb, tb_offset=None):
    """IPython 사용자 정의 예외 표시기: 한국어 메시지만 짧게 보여 줍니다."""
    from IPython.display import HTML, display

    message = html.escape(value.message)
    hint = f"<br>→ {html.escape(value.hint)}" if getattr(value, "hint", None) else ""
    display(HTML(
        '<div style="border-left:6px solid #b91c1c;padding:6px 10px;background:rgba(185,28,28,0.07)">'
        f"<b>⚠ 문제가 생겼습니다</b><br>{message}{hint}</div>"
    ))
    print(f"[bertlab] {value}")


def _dispatch(shell, etype, value, tb, tb_offset=None):
    """IPython은 사용자 정의 예외 표시기를 하나만 받으므로 BertlabError와 NameError를 여기서 나눕니다."""
    if isinstance(value, BertlabError):
        return _show_bertlab_error(shell, etype, value, tb, tb_offset)
    return _handler(shell, etype, value, tb, tb_offset)


def load_ipython_extension(shell) -> None:
    """커널의 ``--ext bertlab.course.kernel_hooks``, ``%load_ext``, ``bertlab.start()``가 부릅니다."""
    shell.set_custom_exc((BertlabError, NameError), _dispatch)
    kernel = getattr(shell, "kernel", None)
    if kernel is not None and "version" in getattr(kernel, "language_info", {}):
        # 파이썬 패치 버전(3.11.7 등)은 컴퓨터마다 달라, 노트북에 적힌 값과 다르면 JupyterLab이 열자마자 노트북을
        # 고쳐 수정됨(●)으로 표시합니다. 강의 노트북(build.LANGUAGE_INFO)처럼 버전 없이 알려 줍니다.
        kernel.language_info = {key: value for key, value in kernel.language_info.items() if key != "version"}
