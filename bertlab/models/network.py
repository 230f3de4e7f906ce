"""온라인/오프라인 판단. 모델 로더(레슨 00부터 모든 레슨)가 사용합니다.

판단은 절대 오래 걸리지 않습니다: 허브 주소로의 TCP 연결을 별도 스레드에서 시도하고, 최대
``PROBE_TIMEOUT_S`` 초만 기다립니다(DNS 조회가 멈춰 있어도 마찬가지). ``HF_HUB_OFFLINE=1`` 또는
``BERTLAB_OFFLINE=1``이면 네트워크를 아예 건드리지 않습니다. 결과는 프로세스마다 한 번만 계산합니다.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlparse

PROBE_TIMEOUT_S = 2.5
_TRUTHY = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class NetworkStatus:
    online: bool
    reason: str  # 한국어 한 문장
    seconds: float


_cached: NetworkStatus | None = None


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in _TRUTHY


def hub_host() -> tuple[str, int]:
    """모델 허브의 (호스트, 포트). ``HF_ENDPOINT``를 따릅니다."""
    url = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    port = url.port or (443 if url.scheme == "https" else 80)
    return url.hostname or "huggingface.co", port


def _try_connect(host: str, port: int, result: list) -> None:
    try:
        with socket.create_connection((host, port), timeout=PROBE_TIMEOUT_S):
            result.append(True)
    except Exception:  # 연결 실패는 어떤 모양이든 "오프라인"입니다(스레드 밖으로 새지 않게).
        result.append(False)


def probe_hub(timeout: float = PROBE_TIMEOUT_S) -> bool:
    """허브에 연결되는지 확인합니다. 어떤 경우에도 ``timeout``초 안에 답합니다."""
    host, port = hub_host()
    result: list[bool] = []
    worker = threading.Thread(target=_try_connect, args=(host, port, result), daemon=True)
    worker.start()
    worker.join(timeout)
    return bool(result and result[0])


def network_status(refresh: bool = False) -> NetworkStatus:
    """지금 모델 허브를 쓸 수 있는지와 그 이유(한국어)."""
    global _cached
    if _cached is not None and not refresh:
        return _cached
    started = time.perf_counter()
    if _env_flag("BERTLAB_OFFLINE"):
        online, reason = False, "BERTLAB_OFFLINE=1이 설정되어 오프라인으로 동작합니다."
    elif _env_flag("HF_HUB_OFFLINE"):
        online, reason = False, "HF_HUB_OFFLINE=1이 설정되어 모델 허브에 접속하지 않습니다."
    elif probe_hub():
        online, reason = True, "모델 허브(huggingface.co)에 연결되어 있습니다."
    else:
        online, reason = False, "모델 허브에 연결할 수 없어(인터넷 없음) 오프라인 기본 모델을 씁니다."
    _cached = NetworkStatus(online, reason, time.perf_counter() - started)
    return _cached
