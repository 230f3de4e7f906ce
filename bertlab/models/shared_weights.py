"""커널끼리 나눠 쓰는 가중치 재기: 모델 파라미터가 safetensors 파일의 메모리 매핑(mmap)에 있는지 봅니다.

교실 서버(JupyterHub) 안내서의 메모리 절과 ``python -m bertlab bench --only classroom_memory``가 씁니다
(``bertlab/course/classroom/README.md``).

transformers 5.x의 ``from_pretrained``는 safetensors 파일을 ``MAP_PRIVATE``로 매핑하고, 파일의 dtype이
요청한 dtype과 같으면(``load()``는 늘 float32) 파라미터가 **그 매핑을 그대로 가리킵니다**. 값은 운영 체제의
페이지 캐시(page cache)에 한 벌만 있고, 같은 파일을 연 모든 커널이 그것을 함께 읽습니다. 학생이 가중치를
고치면(파인 튜닝) 고친 페이지만 그 커널의 사본이 되고(copy-on-write) 파일은 바뀌지 않습니다. 그래서
``load()``는 따로 할 일이 없고, 이 모듈은 그것이 정말 그런지 재기만 합니다(버전이 바뀌어 복사하게 되면
``tests/test_classroom.py``가 알려 줍니다).

나눌 수 없는 것: float16으로 저장된 ko-mini-bert처럼 불러오면서 float32로 바꾼 가중치(커널마다 새로 계산한
값, 약 30 MB), ``.bin``(pickle) 체크포인트, 그리고 토크나이저(러스트 메모리: XLM-R 어휘 25만 개짜리
multilingual-e5-small 토크나이저는 커널마다 약 280 MB).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class WeightMemory:
    """모델 파라미터의 자리: 파일 매핑(커널끼리 나눔)과 커널 자신의 메모리(나누지 못함), 바이트."""

    mapped_bytes: int
    private_bytes: int

    @property
    def mapped_mb(self) -> float:
        return self.mapped_bytes / 2**20

    @property
    def private_mb(self) -> float:
        return self.private_bytes / 2**20

    @property
    def mapped_fraction(self) -> float:
        total = self.mapped_bytes + self.private_bytes
        return self.mapped_bytes / total if total else 0.0


def safetensors_ranges(pid: int | str = "self") -> list[tuple[int, int]]:
    """프로세스의 주소 공간에서 ``.safetensors`` 파일이 매핑된 구간들(``/proc/PID/maps``, 리눅스 전용)."""
    ranges = []
    try:
        with open(f"/proc/{pid}/maps", encoding="utf-8") as maps:
            for line in maps:
                if line.rstrip().endswith(".safetensors"):
                    start, end = line.split()[0].split("-")
                    ranges.append((int(start, 16), int(end, 16)))
    except OSError:  # 리눅스가 아니면 잴 수 없습니다: 모두 커널 자신의 메모리로 셉니다
        return []
    return ranges


def weight_memory(model: Any) -> WeightMemory:
    """``model``(torch 모듈)의 파라미터가 파일 매핑에 있는지, 커널 자신의 메모리에 있는지 셉니다.

    묶인(tied) 파라미터는 한 번만 셉니다. 이 프로세스 안의 모델만 잴 수 있습니다.
    """
    ranges = safetensors_ranges(os.getpid())
    mapped = private = 0
    for param in model.parameters():
        size = param.numel() * param.element_size()
        address = param.data_ptr()
        if any(start <= address < end for start, end in ranges):
            mapped += size
        else:
            private += size
    return WeightMemory(mapped, private)
