"""학생 서버의 시작 명령: 레슨을 나눠 준 뒤 ``jupyterhub-singleuser``로 바뀝니다(exec).

``jupyterhub_config.py``의 ``Spawner.cmd``가 ``python -m bertlab.course.classroom.launch``이고, 허브가 주는
인자는 그대로 ``jupyterhub-singleuser``에 넘어갑니다. 학생 자신의 권한으로 돌기 때문에 복사한 노트북의
주인이 곧 그 학생이고, 한 대짜리 서버든 쿠버네티스든 같은 코드가 나눠 주기를 합니다.

1. 홈 폴더를 나만 읽게(0700) 합니다(``restrict_home``).
2. ``~/bertlab-lessons/``에 레슨을 나눠 줍니다(있는 파일은 덮어쓰지 않음). 실패해도 서버는 뜹니다.
3. 진도 파일 자리(``BERTLAB_DATA_DIR``)를 홈 안으로 정해 둡니다: 강사의 ``classroom progress``가 읽는 자리.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bertlab.course.classroom.distribute import HANDOUT_FOLDER, PROGRESS_FILE, handout, restrict_home


def prepare_home(home: Path) -> str:
    """나눠 주기까지 마치고 한 줄 요약을 돌려줍니다(실패해도 예외 대신 안내문)."""
    restrict_home(home)
    os.environ.setdefault("BERTLAB_DATA_DIR", str(home / PROGRESS_FILE.parent))
    try:
        return handout(home / os.environ.get("BERTLAB_HANDOUT_FOLDER", HANDOUT_FOLDER)).summary()
    except Exception as exc:  # noqa: BLE001  (레슨 복사가 실패해도 학생은 로그인할 수 있어야 합니다)
        return f"레슨을 나눠 주지 못했습니다({type(exc).__name__}: {exc}). 강사에게 알려 주세요."


def singleuser_command(argv: list[str]) -> list[str]:
    """이 파이썬으로 ``jupyterhub-singleuser``를 띄우는 명령과 허브가 준 인자."""
    return [sys.executable, "-m", "jupyterhub.singleuser", *argv]


def main(argv: list[str] | None = None) -> None:
    print("[bertlab] " + prepare_home(Path.home()), file=sys.stderr, flush=True)
    command = singleuser_command(sys.argv[1:] if argv is None else argv)
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
