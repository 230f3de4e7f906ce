"""교실 서버 메모리: 레슨 05의 모델 불러오기 셀을 실행한 커널 1개와 5개의 커널당 PSS, 그리고 서버에 들어가는 반 크기.

``python -m bertlab bench --only classroom_memory``. 안내서(``bertlab/course/classroom/README.md``)의 메모리 표가
이 수치입니다. PSS(proportional set size)는 여러 프로세스가 함께 쓰는 페이지를 나눠 센 메모리로,
``/proc/PID/smaps_rollup``에서 읽습니다(리눅스 전용). 커널 N개의 PSS를 더하면 그 커널들이 실제로 차지한 RAM입니다.

- 커널은 채점기와 같은 환경(``kernel_environment``, 오프라인)에서 ``jupyter_client``로 띄우고, 레슨 05 노트북의
  코드 셀을 ``capture_layer``(모델에 문장을 한 번 통과시키는 셀)까지 실행합니다: 시작 셀, ``load("ko-encoder")``,
  내 문장 붙잡기.
- 가중치(multilingual-e5-small, float32 safetensors)는 파일 매핑이라 커널끼리 나눕니다(``Pss_File``). 토크나이저와
  파이썬·torch의 힙은 커널마다 따로입니다(``Pss_Anon``).
- 학생 한 명 = 커널 하나 + 학생 서버(JupyterLab) 하나. 서버 하나의 PSS도 재서 더합니다.
- 반 크기 = (서버 RAM - 예비 2 GB: 운영 체제, 허브, 프록시) / 학생 한 명의 PSS(커널 5개일 때).
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import time
from pathlib import Path

from bertlab.benchmarks import Figure

LESSON = "05"
KERNEL_COUNTS = (1, 5)
RESERVE_GB = 2.0
SERVER_SIZES_GB = (24, 64)


def smaps_rollup(pid: int) -> dict[str, float]:
    """``/proc/PID/smaps_rollup``의 kB 값들을 MB로(Pss, Pss_Anon, Pss_File, Rss …)."""
    values = {}
    with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as rollup:
        for line in rollup:
            parts = line.split()
            if len(parts) >= 3 and parts[-1] == "kB":
                values[parts[0].rstrip(":")] = int(parts[1]) / 1024
    return values


def loading_cells(lesson: str = LESSON) -> list[str]:
    """레슨 노트북의 코드 셀들 중 처음부터 ``capture_layer(``를 부르는 셀까지."""
    import nbformat

    from bertlab.course import lesson_pairs

    pair = next(p for p in lesson_pairs() if p.lesson == lesson)
    cells = [c.source for c in nbformat.read(str(pair.notebook), as_version=4).cells if c.cell_type == "code"]
    end = next(i for i, source in enumerate(cells) if "capture_layer(" in source)
    return cells[:end + 1]


def _start_kernels(count: int, cells: list[str]) -> list:
    from jupyter_client import KernelManager

    from bertlab.exercises.grading.execute import kernel_environment

    env = kernel_environment({"HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"})
    managers = []
    for _ in range(count):
        manager = KernelManager(kernel_name="python3")
        manager.start_kernel(env=env, stderr=subprocess.DEVNULL)
        managers.append(manager)
        client = manager.client()
        client.start_channels()
        client.wait_for_ready(timeout=120)
        for source in cells:
            reply = client.execute_interactive(source, timeout=300, output_hook=lambda message: None)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"레슨 {LESSON} 셀이 실패했습니다: {reply['content'].get('evalue', '')}")
        client.stop_channels()
    return managers


def kernel_pss(count: int, cells: list[str]) -> list[dict[str, float]]:
    """커널 ``count``개를 띄워 셀을 실행한 뒤 커널마다 smaps_rollup 값을 돌려주고 커널을 끕니다."""
    managers = _start_kernels(count, cells)
    try:
        time.sleep(1)
        return [smaps_rollup(manager.provisioner.process.pid) for manager in managers]
    finally:
        for manager in managers:
            manager.shutdown_kernel(now=True)


def server_pss(wait: float = 20.0) -> float:
    """JupyterLab 서버 프로세스 하나(학생 서버와 같은 서버)의 PSS(MB). 뜨기를 기다린 뒤 잽니다."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bertlab-bench-lab-") as root:
        command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--port=0", "--ServerApp.token=bench",
                   f"--ServerApp.root_dir={root}", "--ServerApp.open_browser=False"]
        if os.geteuid() == 0:
            command.append("--allow-root")
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + wait
            for line in process.stderr:
                if "is running at" in line or "http://" in line or time.monotonic() > deadline:
                    break
            time.sleep(2)
            return smaps_rollup(process.pid)["Pss"]
        finally:
            process.terminate()
            process.wait(timeout=30)


def class_size(server_gb: float, per_student_mb: float, reserve_gb: float = RESERVE_GB) -> int:
    """서버 RAM에 들어가는 학생 수(모두 레슨 05를 연 상태)."""
    if not per_student_mb or math.isnan(per_student_mb):
        return 0
    return max(0, int((server_gb - reserve_gb) * 1024 // per_student_mb))


def run() -> list[Figure]:
    if not Path("/proc/self/smaps_rollup").exists():
        return [Figure("교실 메모리(PSS)", float("nan"), "MB", note="/proc/PID/smaps_rollup이 없는 운영 체제라 잴 수 없습니다")]
    cells = loading_cells()
    figures = []
    per_kernel = {}
    for count in KERNEL_COUNTS:
        rows = kernel_pss(count, cells)
        mean = {key: sum(r.get(key, 0.0) for r in rows) / len(rows) for key in ("Pss", "Pss_Anon", "Pss_File", "Rss")}
        per_kernel[count] = mean["Pss"]
        figures.append(Figure(f"레슨 {LESSON} 커널 PSS (커널 {count}개일 때 평균)", mean["Pss"], "MB",
                              note=f"익명 {mean['Pss_Anon']:.0f} MB + 파일 {mean['Pss_File']:.0f} MB, RSS {mean['Rss']:.0f} MB"))
        figures.append(Figure(f"레슨 {LESSON} 커널 {count}개 PSS 합", sum(r["Pss"] for r in rows), "MB"))
    server = server_pss()
    figures.append(Figure("학생 서버(JupyterLab) PSS", server, "MB"))
    student = per_kernel[KERNEL_COUNTS[-1]] + server
    figures.append(Figure("학생 한 명(커널 + 서버, 5명일 때)", student, "MB"))
    for size in SERVER_SIZES_GB:
        figures.append(Figure(f"{size} GB 서버에 들어가는 반(레슨 05)", class_size(size, student), "명",
                              note=f"예비 {RESERVE_GB:g} GB를 빼고 학생 한 명 {student:.0f} MB로 나눔"))
    return figures
