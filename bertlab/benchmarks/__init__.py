"""성능 측정(``python -m bertlab bench``). COURSE.md의 숫자를 측정해 출력합니다. 시간으로 테스트를
통과/실패시키지 않고, 측정값을 보여 주기만 합니다.

이 패키지의 모듈마다 ``run() -> list[Figure]``를 두면 ``bench``가 자동으로 찾아 실행합니다.
예: ``bertlab/benchmarks/tokenizer_playground.py``의 ``run()``이 위젯 응답 시간 중앙값을 돌려줍니다.
"""

from __future__ import annotations

import importlib
import pkgutil
import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class Figure:
    """측정값 하나. target은 COURSE.md/이슈의 목표(예: "<= 100 ms"), 없으면 빈 문자열."""

    name: str
    value: float
    unit: str
    target: str = ""
    note: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def time_ms(action: Callable[[], object]) -> float:
    """``action``을 한 번 실행한 시간(밀리초). 위젯 갱신 한 번을 잴 때 씁니다."""
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def median_ms(action: Callable[[], object], repeats: int = 20, warmup: int = 2) -> float:
    """``action``을 여러 번 실행한 시간의 중앙값(밀리초). 위젯 응답 시간 측정용."""
    for _ in range(warmup):
        action()
    return statistics.median(time_ms(action) for _ in range(repeats))


def benchmark_modules() -> list[str]:
    """``run()``을 가진 벤치마크 모듈 이름들(정렬)."""
    import bertlab.benchmarks as pkg

    return sorted(m.name for m in pkgutil.iter_modules(pkg.__path__) if not m.name.startswith("_"))


def run_module(name: str) -> list[Figure]:
    module = importlib.import_module(f"bertlab.benchmarks.{name}")
    return list(module.run())
