"""``python -m bertlab doctor``: 강의 환경 점검 보고서(한국어). 레슨 00에서 사용합니다.

버전, Jupyter 커널, 한글 글꼴, 위젯 확장, 역할별 모델(온라인/오프라인)을 점검합니다.
오프라인으로 강의를 진행할 수 있으면 종료 코드 0입니다(경고는 실패가 아닙니다).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

OK, WARN, FAIL = "ok", "warn", "fail"
MARKS = {OK: "✔", WARN: "△", FAIL: "✘"}
DIST_NAME = "bertlab-course"
OFFLINE_REQUIRED_ROLES = ("en-encoder", "ko-encoder")


@dataclass(frozen=True)
class Check:
    status: str
    label: str
    detail: str


def pinned_requirements() -> dict[str, str]:
    """설치된 강의 배포판이 고정한 패키지 버전들 {이름: 버전}."""
    pins = {}
    for req in metadata.requires(DIST_NAME) or []:
        if "extra ==" in req:
            continue
        name, _, version = req.partition("==")
        pins[name.strip().lower()] = version.strip()
    return pins


def check_versions() -> list[Check]:
    checks = [Check(OK if sys.version_info >= (3, 10) else FAIL, "파이썬", sys.version.split()[0])]
    try:
        pins = pinned_requirements()
    except metadata.PackageNotFoundError:
        return checks + [Check(FAIL, "강의 패키지", "bertlab-course가 설치되어 있지 않습니다. `make lab`을 실행하세요.")]
    wrong = []
    for name, wanted in pins.items():
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            wrong.append(f"{name}(없음)")
            continue
        if have.split("+")[0] != wanted:
            wrong.append(f"{name} {have}≠{wanted}")
    detail = "고정 버전과 모두 일치" if not wrong else "다름: " + ", ".join(wrong)
    return checks + [Check(OK if not wrong else WARN, f"패키지 {len(pins)}개", detail)]


def check_kernel() -> Check:
    from bertlab.course.setup import KERNEL_NAME, kernel_registered

    if kernel_registered():
        return Check(OK, "Jupyter 커널", f"'{KERNEL_NAME}' 등록됨")
    return Check(WARN, "Jupyter 커널", f"'{KERNEL_NAME}' 커널이 없습니다. `python -m bertlab setup`을 실행하세요.")


def check_font() -> Check:
    import bertlab.plots as plots

    if plots.has_korean_font():
        return Check(OK, "한글 글꼴", "나눔고딕(matplotlib에 등록됨)")
    return Check(FAIL, "한글 글꼴", "한글 글꼴이 없어 그래프의 한글이 네모로 나옵니다.")


def check_widgets() -> Check:
    prefix = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyter-widgets" / "jupyterlab-manager"
    try:
        version = metadata.version("jupyterlab_widgets")
    except metadata.PackageNotFoundError:
        version = None
    if version and prefix.exists():
        return Check(OK, "위젯 확장", f"jupyterlab_widgets {version}")
    return Check(WARN, "위젯 확장", "JupyterLab 위젯 확장이 보이지 않습니다. 위젯 대신 글자만 나올 수 있습니다.")


def check_models() -> list[Check]:
    from bertlab.models import role_rows

    checks = []
    for row in role_rows():
        if row["ok"]:
            checks.append(Check(OK, f"모델 {row['role']}", f"{row['model']} [{row['mode']}]"))
        else:
            status = FAIL if row["role"] in OFFLINE_REQUIRED_ROLES else WARN
            checks.append(Check(status, f"모델 {row['role']}", row["reason"].splitlines()[0]))
    return checks


def run_checks() -> list[Check]:
    from bertlab.models import network_status

    checks = check_versions() + [check_kernel(), check_font(), check_widgets()]
    checks.append(Check(OK, "네트워크", network_status().reason))
    return checks + check_models()


def check_environment() -> None:
    """노트북용: 점검 보고서를 출력만 합니다(레슨 00)."""
    main()


def main(args=None) -> int:
    checks = run_checks()
    print("bertlab 환경 점검\n")
    for check in checks:
        print(f"{MARKS[check.status]} {check.label}: {check.detail}")
    failures = [c for c in checks if c.status == FAIL]
    print()
    if failures:
        print(f"✘ 해결해야 할 문제가 {len(failures)}개 있습니다. README의 '문제 해결'을 보세요.")
        return 1
    print("✔ 오프라인으로도 강의를 진행할 수 있습니다." + (" (△ 표시는 참고용 경고입니다.)" if any(
        c.status == WARN for c in checks) else ""))
    return 0
