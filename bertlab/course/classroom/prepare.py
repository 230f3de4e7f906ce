"""강사가 교실 서버에서 한 번 하는 준비: ``python -m bertlab classroom prepare --shared /srv/bertlab``.

1. 모든 학생 계정이 보는 자리(강의 가상 환경의 ``share/jupyter/kernels``)에 ``bertlab`` 커널을 등록합니다.
2. 오프라인 한국어 인코더(multilingual-e5-small)를 모두가 읽는 폴더(``--shared``/models)에 한 번 변환합니다.
   학생 커널은 ``BERTLAB_CACHE_DIR``(허브 설정이 넣어 줌)로 같은 파일을 열고, 파일을 메모리 매핑하므로
   가중치 약 450 MB가 RAM에 한 벌만 올라갑니다(학생마다 자기 홈에 변환하면 한 벌씩 생김).
3. 모두가 읽을 수 있게 권한을 맞춥니다(폴더 0755, 파일 0644).
4. 성적표 폴더(``--shared``/grades)를 강사만 읽게(0700) 만듭니다: 반 현황 페이지가 읽는 ``grade --out``의 자리.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DEFAULT_SHARED = Path("/srv/bertlab")


def _readable_by_everyone(root: Path) -> None:
    for folder, dirs, files in os.walk(root):
        Path(folder).chmod(0o755)
        for name in files:
            (Path(folder) / name).chmod(0o644)


def prepare_classroom(shared: str | os.PathLike = DEFAULT_SHARED, python: str | os.PathLike = sys.executable) -> list[str]:
    """위 세 단계를 하고, 한 줄씩 한국어 결과를 돌려줍니다. ``python``: 학생 서버의 파이썬(허브 설정의
    ``BERTLAB_COURSE_PYTHON``과 같게)."""
    from bertlab.course.setup import register_kernel_for_everyone
    from bertlab.models import ensure_e5_checkpoint

    shared = Path(shared)
    lines = [f"모든 학생이 보는 Jupyter 커널 'bertlab'을 등록했습니다: {register_kernel_for_everyone(python)}"]
    cache = shared / "cache"
    checkpoint = ensure_e5_checkpoint(cache)
    shared.chmod(0o755)
    _readable_by_everyone(cache)
    lines.append(f"오프라인 한국어 인코더를 함께 쓰는 폴더에 두었습니다: {checkpoint}")
    lines.append(f"허브 설정이 학생 커널에 BERTLAB_CACHE_DIR={cache} 를 넣어 줍니다(jupyterhub_config.py).")
    grades = shared / "grades"
    grades.mkdir(exist_ok=True)
    grades.chmod(0o700)
    lines.append(f"성적표 폴더를 강사만 읽게 만들었습니다: {grades} (grade --out {grades}/grades_NN.csv)")
    return lines
