"""기본 성능 수치: ``import bertlab`` 시간과 오프라인 역할별 첫/웜 모델 로드 시간(레슨 00, 이슈 2).

각 측정은 새 파이썬 프로세스에서 합니다(이미 불러온 라이브러리가 결과를 흐리지 않도록).
- 첫 로드: 빈 캐시 폴더에서 시작(e5는 변환 포함).
- 웜 로드: 변환된 캐시가 있는 상태에서 새 프로세스가 모델을 불러오는 시간. ``import torch, transformers``를
  뺀 모델·토크나이저 로드 시간과, 그것까지 포함한 전체 시간을 따로 보여 줍니다.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

from bertlab.benchmarks import Figure

OFFLINE_ROLES = ("en-encoder", "ko-encoder", "ko-mlm")

_LOAD_SNIPPET = """
import json, time
t = time.perf_counter()
import torch, transformers
from bertlab.models import load
t_imported = time.perf_counter()
try:
    lm = load({role!r})
    done = time.perf_counter()
    print(json.dumps({{"seconds": done - t, "load_only": done - t_imported, "name": lm.info.name}}))
except Exception as exc:
    print(json.dumps({{"error": str(exc).splitlines()[0]}}))
"""


def _python(code: str, env: dict | None = None) -> str:
    merged = {**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=merged, timeout=600)
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "{}"


def import_time() -> Figure:
    best = min(
        float(_python("import time; t=time.perf_counter(); import bertlab; print(time.perf_counter()-t)"))
        for _ in range(3)
    )
    return Figure("import bertlab", best * 1000, "ms", "<= 1000 ms")


def load_time(role: str, cache_dir: str | None = None) -> dict:
    env = {"XDG_CACHE_HOME": cache_dir} if cache_dir else None
    return json.loads(_python(_LOAD_SNIPPET.format(role=role), env))


def run() -> list[Figure]:
    figures = [import_time()]
    with tempfile.TemporaryDirectory() as empty_cache:
        for role in OFFLINE_ROLES:
            first = load_time(role, empty_cache)
            warm = load_time(role)
            if "error" in warm:
                figures.append(Figure(f"모델 로드 {role}", float("nan"), "s", "<= 5 s", warm["error"]))
                continue
            figures.append(Figure(f"첫 로드(빈 캐시) {role}", first.get("seconds", float("nan")), "s",
                                  "<= 60 s (e5 변환 포함)" if role == "ko-encoder" else "", warm["name"]))
            figures.append(Figure(f"웜 로드 {role} (모델+토크나이저)", warm["load_only"], "s", "<= 5 s", warm["name"]))
            figures.append(Figure(f"웜 로드 {role} (새 프로세스, import 포함)", warm["seconds"], "s"))
    return figures
