"""레슨 노트북을 학생 폴더에 나눠 주기(hand out). 교실 서버에서 학생 서버가 뜰 때마다 ``launch``가 부릅니다.

학생 홈의 ``bertlab-lessons/`` 폴더(``HANDOUT_FOLDER``)에 강의의 ``notebooks/*.ipynb``를 복사합니다. 이미 있는
파일은 **절대 덮어쓰지 않습니다**: 학생이 고친 노트북은 그대로 남고, 새로 생긴 레슨만 더해집니다
(강사가 레슨 12를 나중에 추가하면 다음 로그인 때 레슨 12만 들어옵니다). 파일은 ``open(..., "xb")``로
만들어, 두 서버가 동시에 떠도 한쪽이 다른 쪽의 파일을 덮어쓰지 않습니다.

진도 파일과 제출물의 자리도 여기서 정합니다(``collect``와 ``roster``가 같은 자리를 읽습니다).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from bertlab.errors import BertlabError

# 학생 홈 안의 레슨 폴더. "bertlab"이면 홈에서 연 커널의 `import bertlab`이 이 폴더(이름공간 패키지)를 잡습니다.
HANDOUT_FOLDER = "bertlab-lessons"
PROGRESS_FILE = Path(".local") / "share" / "bertlab" / "progress.json"  # 학생 홈 기준 진도 파일
NOTEBOOKS_ENV = "BERTLAB_NOTEBOOKS"                          # 나눠 줄 노트북 폴더(기본: 저장소의 notebooks/)


@dataclass
class HandoutResult:
    """나눠 주기 결과: 새로 복사한 노트북과 학생 것이 있어 그대로 둔 노트북(파일 이름)."""

    folder: Path
    copied: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"레슨 폴더 {self.folder}: 새 노트북 {len(self.copied)}개를 나눠 주었고, "
                f"이미 있는 {len(self.kept)}개는 그대로 두었습니다(덮어쓰지 않음).")


def course_notebooks(source: str | os.PathLike | None = None) -> list[Path]:
    """나눠 줄 레슨 노트북들(이름순). 폴더는 인자, ``BERTLAB_NOTEBOOKS``, 저장소의 ``notebooks/`` 순으로 찾습니다."""
    folder = Path(source or os.environ.get(NOTEBOOKS_ENV) or Path(__file__).resolve().parents[3] / "notebooks")
    notebooks = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    if not notebooks:
        raise BertlabError(f"나눠 줄 레슨 노트북이 없습니다: {folder}",
                           hint="강의 저장소에서 `python -m bertlab build`로 노트북을 만들거나, "
                                f"{NOTEBOOKS_ENV} 환경 변수로 노트북 폴더를 알려 주세요.")
    return notebooks


def handout(target: str | os.PathLike, source: str | os.PathLike | None = None) -> HandoutResult:
    """``target`` 폴더에 레슨 노트북을 복사합니다. 이미 있는 파일은 건드리지 않습니다."""
    folder = Path(target).expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    result = HandoutResult(folder)
    for notebook in course_notebooks(source):
        destination = folder / notebook.name
        try:
            with open(destination, "xb") as out, open(notebook, "rb") as original:
                shutil.copyfileobj(original, out)
        except FileExistsError:
            result.kept.append(notebook.name)
            continue
        result.copied.append(notebook.name)
    return result


def restrict_home(home: str | os.PathLike) -> bool:
    """홈 폴더를 나만 읽고 쓰게(0700) 합니다. 다른 학생이 내 노트북을 못 읽게. 바꿨으면 True.

    내 것이 아닌 폴더(강사가 다른 사용자로 띄운 경우 등)는 건드리지 않습니다.
    """
    path = Path(home)
    try:
        info = path.stat()
        if info.st_uid != os.getuid() or info.st_mode & 0o077 == 0:
            return False
        path.chmod(info.st_mode & 0o700)
        return True
    except OSError:
        return False
