"""내장 부분집합의 기록 남기기(레슨 11-13의 데이터 스크립트가 같이 씀): 원본 파일의 지문(SHA-256)과, 고른 규칙·시드·개수를
담은 ``subset.json`` + 사람이 읽는 ``README.md``를 부분집합 폴더에 씁니다(``python -m bertlab.datasets.make_subsets``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path


def file_sha256(path: str | Path) -> str:
    """원본 파일의 SHA-256(같은 원본에서 골랐는지 나중에 확인할 수 있게)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def write_record(out_dir: Path, record: dict, readme: str) -> None:
    """``subset.json``(기록)과 ``README.md``(출처·라이선스·규칙 설명)를 ``out_dir``에 씁니다."""
    (out_dir / "subset.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out_dir / "README.md").write_text(readme, encoding="utf-8")
