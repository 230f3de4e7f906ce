"""수업 예행연습: 진짜 JupyterHub를 127.0.0.1에 띄우고, 학생 몇 명이 허브 REST API로 들어와 셀을 실행합니다.

통합 테스트(``tests/test_classroom_hub.py``, ``make test-hub``)와 벤치마크(``classroom_hub``)가 씁니다.
강사가 새 서버에서 설정을 점검할 때도 같은 흐름입니다. 필요한 것:

- root 권한: 학생마다 리눅스 계정을 만들어(``useradd``) 서로의 파일을 읽지 못하게 합니다(허브의
  ``LocalProcessSpawner``가 그 계정으로 학생 서버를 띄움). 끝나면 계정을 지웁니다.
- ``jupyterhub``(``pip install -e ".[classroom]"``)와 ``configurable-http-proxy``(npm, ``make classroom-setup``).

흐름: 공유 폴더 준비(``prepare_classroom``) → 허브 시작(이 폴더의 ``jupyterhub_config.py``, 인증은 dummy,
스포너는 local) → 학생 로그인(``POST /hub/login``) → 토큰(``POST /hub/api/users/NAME/tokens``) → 서버 시작
(``POST /hub/api/users/NAME/server``) → 커널(``POST /user/NAME/api/kernels``)과 웹소켓으로 셀 실행.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bertlab.course.classroom.distribute import HANDOUT_FOLDER
from bertlab.course.classroom.prepare import prepare_classroom

CONFIG = Path(__file__).with_name("jupyterhub_config.py")
PROXY_ENV = "BERTLAB_PROXY_COMMAND"
PASSWORD = "bertlab-rehearsal"


def proxy_command() -> str | None:
    """configurable-http-proxy 실행 파일: 환경 변수, 저장소의 ``.classroom/node_modules``, PATH 순."""
    if os.environ.get(PROXY_ENV):
        return os.environ[PROXY_ENV]
    local = Path(__file__).resolve().parents[3] / ".classroom" / "node_modules" / ".bin" / "configurable-http-proxy"
    return str(local) if local.exists() else shutil.which("configurable-http-proxy")


def missing_requirements() -> str:
    """예행연습을 할 수 없는 이유(한국어). 할 수 있으면 ""."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return ("root가 아니라서 학생마다 리눅스 계정을 만들 수 없습니다. 한 계정으로 띄우면 학생끼리 파일을 "
                "읽을 수 있어 교실 설정을 제대로 시험할 수 없으므로 건너뜁니다(sudo make test-hub).")
    if shutil.which("useradd") is None:
        return "useradd 명령이 없어 학생 계정을 만들 수 없습니다."
    if shutil.which("jupyterhub", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])) is None:
        return "jupyterhub가 설치되어 있지 않습니다(make classroom-setup 또는 pip install -e \".[classroom]\")."
    if proxy_command() is None:
        return "configurable-http-proxy(npm)가 없습니다(make classroom-setup, Node.js와 npm 필요)."
    return ""


def reachable_by_everyone(path: str | os.PathLike) -> bool:
    """다른 사용자도 이 파일을 실행할 수 있는지(실제 경로의 모든 상위 폴더에 o+x가 있는지)."""
    real = Path(os.path.realpath(path))
    return all(os.stat(p).st_mode & 0o001 for p in [real, *real.parents])


def student_python(folder: Path) -> str:
    """학생 계정이 실행할 수 있는 강의 파이썬.

    강의 가상 환경의 파이썬이 root만 들어가는 곳(``/root/.pyenv`` 등)에 있으면 학생 계정은 그것을 실행하지
    못합니다. 실제 교실 서버라면 강의를 ``/opt``처럼 모두가 읽는 곳에 설치합니다(안내서). 예행연습에서는 같은
    버전의 시스템 파이썬(``/usr/bin/python3.X``)으로 작은 가상 환경을 ``folder``에 만들고, 그 ``site``가 강의
    가상 환경의 패키지 폴더를 읽게 합니다(패키지는 그대로, 파이썬 실행 파일만 모두가 쓰는 것).
    """
    if reachable_by_everyone(sys.executable):
        return sys.executable
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    base = shutil.which(f"python{version}", path="/usr/local/bin:/usr/bin")
    if base is None or not reachable_by_everyone(base):
        raise RuntimeError(f"학생 계정이 실행할 수 있는 파이썬 {version}이 없습니다(강의 파이썬: {sys.executable}).")
    subprocess.run([base, "-m", "venv", "--without-pip", str(folder)], check=True, capture_output=True)
    import sysconfig

    course_packages = sysconfig.get_paths()["purelib"]
    link = folder / "lib" / f"python{version}" / "site-packages" / "bertlab-course.pth"
    link.write_text(f"import site; site.addsitedir({course_packages!r})\n", encoding="utf-8")
    return str(folder / "bin" / "python")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Student:
    """허브에 들어온 학생 한 명: 로그인 세션, API 토큰, 서버 주소."""

    name: str
    session: Any = None
    token: str = ""
    kernel_id: str = ""

    def headers(self) -> dict:
        return {"Authorization": f"token {self.token}"}


@dataclass
class Rehearsal:
    """허브 하나와 학생 계정들. ``with Rehearsal(["kim", "lee"]) as hub:``로 쓰고, 끝나면 모두 치웁니다."""

    names: list[str]
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="bertlab-class-", dir="/tmp")))
    prefix: str = field(default_factory=lambda: "bl" + uuid.uuid4().hex[:5])
    process: Any = None
    port: int = 0
    log: Any = None
    started_at: float = 0.0
    python: str = ""
    students: dict[str, Student] = field(default_factory=dict)

    # --- 준비와 정리 --------------------------------------------------------------------
    @property
    def homes(self) -> Path:
        return self.root / "homes"

    @property
    def submissions(self) -> Path:
        """강사가 ``classroom collect --out``으로 모으는 폴더(반 현황 페이지가 읽음)."""
        return self.root / "submissions"

    @property
    def grades(self) -> Path:
        """강사가 ``grade --out``으로 성적표를 두는 폴더(반 현황 페이지가 가장 최근 것을 보임)."""
        return self.root / "grades"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def account(self, name: str) -> str:
        """리눅스 계정 이름(다른 계정과 겹치지 않게 접두사를 붙임)."""
        return f"{self.prefix}{name}"

    def __enter__(self) -> "Rehearsal":
        try:
            self._create_accounts()
            self.python = student_python(self.root / "python")
            prepare_classroom(self.root / "shared", self.python)
        except BaseException:
            self.__exit__()
            raise
        return self

    def _create_accounts(self) -> None:
        self.root.chmod(0o755)
        self.homes.mkdir(mode=0o755)
        for name in self.names:
            account = self.account(name)
            home = self.homes / account
            subprocess.run(["useradd", "--no-create-home", "--home-dir", str(home), "--shell", "/bin/sh",
                            "--no-user-group", account], check=True, capture_output=True)
            home.mkdir(mode=0o755)                      # 일부러 0755: 학생 서버의 launch가 0700으로 바꿈
            entry = pwd.getpwnam(account)
            os.chown(home, entry.pw_uid, entry.pw_gid)

    def __exit__(self, *exc: Any) -> None:
        self.stop_hub()
        import psutil

        accounts = {}
        for name in self.names:
            try:
                accounts[pwd.getpwnam(self.account(name)).pw_uid] = self.account(name)
            except KeyError:                               # 만들기 전에 멈춘 계정
                continue
        for process in psutil.process_iter(["uids"]):      # 남은 학생 프로세스(이 예행연습이 띄운 것)를 번호로
            if process.info["uids"] and process.info["uids"].real in accounts:
                process.kill()
        for account in accounts.values():
            subprocess.run(["userdel", account], capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)

    # --- 허브 ---------------------------------------------------------------------------
    def hub_environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "BERTLAB_HUB_URL": self.url, "BERTLAB_HUB_API_URL": f"http://127.0.0.1:{free_port()}",
            "BERTLAB_PROXY_API_URL": f"http://127.0.0.1:{free_port()}", PROXY_ENV: proxy_command() or "",
            "BERTLAB_SHARED": str(self.root / "shared"), "BERTLAB_HUB_STATE": str(self.root / "hub"),
            "BERTLAB_COURSE_PYTHON": self.python, "BERTLAB_HUB_AUTH": "dummy", "BERTLAB_DUMMY_PASSWORD": PASSWORD, "BERTLAB_SPAWNER": "local",
            "BERTLAB_INSTRUCTORS": self.account("teacher"), "HF_HUB_OFFLINE": "1", "BERTLAB_OFFLINE": "1",
            "BERTLAB_HOMES": str(self.homes), "BERTLAB_SUBMISSIONS": str(self.submissions),
            "BERTLAB_GRADES": str(self.grades), "BERTLAB_CLASS_PAGE_URL": f"http://127.0.0.1:{free_port()}",
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
        })
        return env

    def start_hub(self, timeout: float = 180) -> float:   # 붐비는 2코어 기계에서는 허브를 불러오는 데만 1분이 넘기도 함
        """허브를 띄우고 API가 답할 때까지 기다립니다. 걸린 초를 돌려줍니다."""
        import requests

        self.port = free_port()
        self.log = open(self.root / "hub.log", "wb")
        self.started_at = time.monotonic()
        self.process = subprocess.Popen([str(Path(sys.executable).with_name("jupyterhub")), "-f", str(CONFIG)],
                                        cwd=self.root, env=self.hub_environment(), stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = self.started_at + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"허브가 곧바로 멈췄습니다. 기록: {self.hub_log()[-3000:]}")
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=2).ok:
                    return time.monotonic() - self.started_at
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise TimeoutError(f"허브가 {timeout:g}초 안에 뜨지 않았습니다. 기록: {self.hub_log()[-3000:]}")

    def hub_log(self) -> str:
        path = self.root / "hub.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def stop_hub(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()                      # 허브가 학생 서버와 프록시를 끄고 나갑니다
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        if self.log is not None:
            self.log.close()
            self.log = None

    # --- 학생 ---------------------------------------------------------------------------
    def login(self, name: str) -> Student:
        """로그인 폼으로 들어와, 허브 REST API로 자기 토큰을 받습니다."""
        import requests

        account = self.account(name)
        session = requests.Session()
        session.get(f"{self.url}/hub/login", timeout=10)
        xsrf = session.cookies.get("_xsrf", "")
        reply = session.post(f"{self.url}/hub/login?next=", data={"username": account, "password": PASSWORD,
                                                                  "_xsrf": xsrf}, allow_redirects=False, timeout=30)
        if reply.status_code not in (302, 303):
            raise RuntimeError(f"{account} 로그인 실패: HTTP {reply.status_code}")
        reply = session.post(f"{self.url}/hub/api/users/{account}/tokens", json={"note": "rehearsal"},
                             headers={"X-XSRFToken": session.cookies.get("_xsrf", xsrf)}, timeout=30)
        reply.raise_for_status()
        student = Student(account, session, reply.json()["token"])
        self.students[name] = student
        return student

    def start_server(self, student: Student, timeout: float = 180) -> None:
        import requests

        api = f"{self.url}/hub/api/users/{student.name}"
        reply = requests.post(f"{api}/server", headers=student.headers(), timeout=30)
        if reply.status_code not in (201, 202, 400):          # 400: 이미 떠 있음
            raise RuntimeError(f"{student.name}의 서버를 시작하지 못했습니다(HTTP {reply.status_code}). "
                               f"허브 기록: {self.hub_log()[-3000:]}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = requests.get(api, headers=student.headers(), timeout=10).json().get("servers", {}).get("", {})
            if server.get("ready"):
                return
            time.sleep(0.5)
        raise TimeoutError(f"{student.name}의 서버가 {timeout:g}초 안에 뜨지 않았습니다. {self.hub_log()[-3000:]}")

    def stop_server(self, student: Student, timeout: float = 60) -> None:
        import requests

        api = f"{self.url}/hub/api/users/{student.name}"
        requests.delete(f"{api}/server", headers=student.headers(), timeout=30)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not requests.get(api, headers=student.headers(), timeout=10).json().get("servers"):
                return
            time.sleep(0.5)
        raise TimeoutError(f"{student.name}의 서버가 꺼지지 않았습니다.")

    def server_api(self, student: Student, path: str) -> str:
        return f"{self.url}/user/{student.name}/api/{path}"

    def read_notebook(self, student: Student, name: str) -> dict:
        import requests

        reply = requests.get(self.server_api(student, f"contents/{HANDOUT_FOLDER}/{name}"),
                             headers=student.headers(), timeout=30)
        reply.raise_for_status()
        return reply.json()["content"]

    def save_notebook(self, student: Student, name: str, notebook: dict) -> None:
        """학생이 저장 단추를 누를 때와 같은 contents API 저장."""
        import requests

        reply = requests.put(self.server_api(student, f"contents/{HANDOUT_FOLDER}/{name}"), headers=student.headers(),
                             json={"type": "notebook", "format": "json", "content": notebook}, timeout=30)
        reply.raise_for_status()

    def start_kernel(self, student: Student, kernel: str = "bertlab") -> str:
        import requests

        reply = requests.post(self.server_api(student, "kernels"), json={"name": kernel, "path": HANDOUT_FOLDER},
                              headers=student.headers(), timeout=60)
        reply.raise_for_status()
        student.kernel_id = reply.json()["id"]
        return student.kernel_id

    def execute(self, student: Student, code: str, timeout: float = 180) -> list[dict]:
        """학생 커널에서 코드 한 셀을 실행하고 출력들(nbformat 모양)을 돌려줍니다. 오류 출력도 그대로 담습니다."""
        import websocket

        ws_url = self.server_api(student, f"kernels/{student.kernel_id}/channels").replace("http://", "ws://")
        connection = websocket.create_connection(ws_url, header=[f"Authorization: token {student.token}"],
                                                 timeout=timeout)
        msg_id = uuid.uuid4().hex
        connection.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": student.name,
                       "session": uuid.uuid4().hex, "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": False},
        }))
        outputs, idle, replied = [], False, False
        try:
            while not (idle and replied):
                message = json.loads(connection.recv())
                if message.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = message["msg_type"], message["content"]
                if kind == "stream":
                    outputs.append({"output_type": "stream", "name": content["name"], "text": content["text"]})
                elif kind in ("execute_result", "display_data"):
                    outputs.append({"output_type": kind, "data": content["data"], "metadata": content["metadata"],
                                    **({"execution_count": content["execution_count"]} if kind == "execute_result" else {})})
                elif kind == "error":
                    outputs.append({"output_type": "error", "ename": content["ename"], "evalue": content["evalue"],
                                    "traceback": content["traceback"]})
                elif kind == "status" and content["execution_state"] == "idle":
                    idle = True
                elif kind == "execute_reply":
                    replied = True
        finally:
            connection.close()
        return outputs
