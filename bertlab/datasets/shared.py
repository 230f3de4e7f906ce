"""개발·평가용 실제 데이터 폴더(``../shared/data``) 찾기. 테스트, 벤치마크, ``pretrain``과 데이터 고르기 스크립트가 씁니다.

사용자의 컴퓨터에는 이 폴더가 없습니다. 그래서 값이 None이면 부르는 쪽이 그 일을 건너뜁니다
(테스트는 한국어 이유와 함께 건너뜀). 레슨은 이 폴더를 읽지 않고 패키지에 든 부분집합(``bertlab/data/``)을 씁니다.
"""

from __future__ import annotations

import os
from pathlib import Path


def shared_data_dir() -> Path | None:
    """개발·평가용 실제 데이터 폴더(``BERTLAB_SHARED_DATA`` 또는 저장소 옆의 ``../shared/data``). 없으면 None."""
    root = os.environ.get("BERTLAB_SHARED_DATA")
    base = Path(root) if root else Path(__file__).resolve().parents[3] / "shared" / "data"
    return base if base.is_dir() else None


def shared_data_file(name: str) -> Path | None:
    """공유 데이터 폴더 안의 파일 ``name``. 폴더나 파일이 없으면 None(사용자 환경에서는 건너뜀)."""
    base = shared_data_dir()
    path = base / name if base else None
    return path if path and path.is_file() else None
