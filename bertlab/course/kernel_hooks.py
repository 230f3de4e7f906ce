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


ORDINALS = ("첫", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉", "열")
QUOTE_LIMIT = 60        # 안내에 옮겨 적는 코드 첫 줄의 글자 수 한도(토큰 경계에서 자름)


@dataclass(frozen=True)
class DefiningCell:
    """이름을 만드는 코드 셀: 노트북 전체에서 몇 번째 코드 셀인지(``number``), 그 셀이 속한 절의 제목과 그 절 안에서
    몇 번째 코드 셀인지(``in_section``), 주석을 뺀 첫 줄."""

    number: int
    section: str
    first_line: str
    in_section: int = 1


def ordinal(number: int) -> str:
    """1 -> "첫 번째", 2 -> "두 번째", …, 11 -> "11번째"."""
    return f"{ORDINALS[number - 1]} 번째" if 1 <= number <= len(ORDINALS) else f"{number}번째"


def code_quote(line: str, limit: int = QUOTE_LIMIT) -> str:
    """코드 한 줄 -> 안내에 옮겨 적을 모양: 끝의 주석을 빼고, 길면 토큰 경계에서 잘라 "…"를 붙입니다.

    문자열이나 괄호 가운데서 자르지 않으므로 옮겨 적은 코드의 따옴표가 짝을 잃지 않습니다.
    """
    import io
    import tokenize

    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(line).readline)
                  if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.ENDMARKER)]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        tokens = []
    if not tokens:                            # 여러 줄에 걸친 문자열 등: 주석만 떼고 글자로 자름
        text = line.split("  #", 1)[0].rstrip()
        return text if len(text) <= limit else text[:limit].rstrip() + " …"
    text = line[:tokens[-1].end[1]].rstrip()
    if len(text) <= limit:
        return text
    cut = max((t.end[1] for t in tokens if t.end[1] <= limit), default=0)
    return line[:cut].rstrip() + " …" if cut else tokens[0].string + " …"


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
    section, number, in_section = "노트북 맨 앞", 0, 0
    for cell in notebook.get("cells", []):
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "markdown":
            heading = re.search(r"^#{1,4}\s+(.+)$", source, flags=re.M)
            if heading:
                section, in_section = heading.group(1).strip(), 0
        elif cell.get("cell_type") == "code":
            number += 1
            in_section += 1
            if name in _defined_names(source):
                first = next((line for line in source.splitlines() if line.strip() and not line.startswith("#")), "")
                return DefiningCell(number, section, code_quote(first.strip()), in_section)
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
            f"사라진 것 같습니다. '{cell.section}' 절의 {ordinal(cell.in_section)} 코드 셀(노트북 전체에서 "
            f"{cell.number}번째, `{cell.first_line}`)이 이 이름을 만듭니다. 가장 쉬운 방법: {RUN_ABOVE}로 앞 셀부터 "
            "다시 실행한 뒤 이 셀을 실행하세요.")


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
    _show_box("앞 셀을 먼저 실행하세요", text, "#c2410c", "rgba(194,65,12,0.08)")
    if cell is None:                      # 오타일 수도 있으니 원래 traceback도 보여 줍니다
        print(shell.InteractiveTB.stb2text(shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset)))


def _show_box(title: str, text: str, border: str, background: str) -> None:
    """안내 상자 하나: HTML을 그리는 화면에는 색 상자, 글자만 보이는 곳(터미널, 채점 로그)에는 같은 한국어 글.

    상자와 글자 안내를 따로 찍으면 JupyterLab에 같은 말이 두 번 보이므로 한 출력(mimebundle)에 둘 다 담습니다.
    IPython은 사용자 정의 표시기의 반환값을 쓰지 않으므로 셀은 출력 없이 오류로만 끝납니다.
    """
    body = html.escape(text).replace("`", "").replace("\n", "<br>")
    bundle = {"text/html": f'<div style="border-left:6px solid {border};padding:6px 12px;background:{background}">'
                           f"<b>{html.escape(title)}</b><br>{body}</div>",
              "text/plain": f"{title}: {text}"}
    try:
        from IPython.display import display

        display(bundle, raw=True)
    except Exception:  # IPython 밖(또는 표시 실패): 글자로라도 남깁니다
        print(bundle["text/plain"])


def _show_bertlab_error(shell, etype, value, tb, tb_offset=None):
    """IPython 사용자 정의 예외 표시기: 한국어 메시지만 짧게 보여 줍니다."""
    hint = f"\n→ {value.hint}" if getattr(value, "hint", None) else ""
    _show_box("⚠ 문제가 생겼습니다", f"{value.message}{hint}", "#b91c1c", "rgba(185,28,28,0.07)")


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
