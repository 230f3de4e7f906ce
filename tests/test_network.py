"""온라인/오프라인 판단은 절대 멈추지 않고, HF_HUB_OFFLINE을 존중합니다."""

import socket
import time

import bertlab.models.network as network


def test_hf_hub_offline_is_honoured_without_touching_the_network(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(network, "probe_hub", lambda *a, **k: (_ for _ in ()).throw(AssertionError("probed")))
    status = network.network_status(refresh=True)
    assert not status.online and "HF_HUB_OFFLINE" in status.reason


def test_decision_takes_at_most_three_seconds_even_when_dns_hangs(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("BERTLAB_OFFLINE", raising=False)

    def hanging_connect(*args, **kwargs):
        time.sleep(30)
        raise OSError("DNS 응답 없음(흉내)")

    monkeypatch.setattr(socket, "create_connection", hanging_connect)
    started = time.perf_counter()
    status = network.network_status(refresh=True)
    elapsed = time.perf_counter() - started
    print(f"네트워크 판단 시간(멈춘 DNS 흉내): {elapsed:.2f} s")
    assert elapsed <= 3.0
    assert not status.online and "오프라인" in status.reason
    network.network_status(refresh=True)  # 다른 테스트를 위해 실제 상태로 되돌립니다.


def test_reachable_hub_counts_as_online(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("BERTLAB_OFFLINE", raising=False)
    monkeypatch.setattr(network, "probe_hub", lambda *a, **k: True)
    assert network.network_status(refresh=True).online
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    network.network_status(refresh=True)
