"""공통 테스트 설정: 항상 오프라인, 진도 파일은 임시 폴더, 공유 데이터가 없으면 건너뜀."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True, scope="session")
def _isolated_progress(tmp_path_factory):
    """학생 진도 파일을 실제 사용자 폴더가 아닌 임시 폴더에 씁니다."""
    os.environ["BERTLAB_DATA_DIR"] = str(tmp_path_factory.mktemp("bertlab-data"))
    yield


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data (개발·평가용 실제 데이터, ``bertlab.datasets.shared_data_dir``). 없으면 건너뜁니다."""
    from bertlab.datasets import shared_data_dir

    folder = shared_data_dir()
    if folder is None:
        pytest.skip("공유 데이터 폴더(../shared/data)가 없어 건너뜁니다.")
    return folder


@pytest.fixture(scope="session")
def en_encoder():
    """오프라인 영어 인코더(all-MiniLM-L6-v2). 여러 테스트가 한 번만 불러 씁니다."""
    import torch

    torch.set_num_threads(min(2, os.cpu_count() or 1))
    from bertlab.models import load

    return load("en-encoder")
