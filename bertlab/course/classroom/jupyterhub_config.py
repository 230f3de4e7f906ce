# bertlab 강의용 JupyterHub 설정: 서버 한 대, 학생마다 시스템 계정 하나.
#
#   sudo /opt/bertlab/.venv/bin/jupyterhub -f /opt/bertlab/bertlab/course/classroom/jupyterhub_config.py
#
# 강의의 가상 환경(이 파일을 읽는 jupyterhub와 같은 파이썬)이 학생 서버의 환경이고, 학생 서버는
# `python -m bertlab.course.classroom.launch`로 떠서 첫 로그인 때 ~/bertlab-lessons/에 레슨을 나눠 줍니다(이미 있는
# 노트북은 덮어쓰지 않음). 안내서: 같은 폴더의 README.md. 아래 값은 환경 변수로 바꿀 수 있습니다.
#
#   BERTLAB_COURSE_PYTHON     학생 서버의 파이썬(기본: 허브와 같은 파이썬). 허브와 학생 환경을 나눌 때(TLJH처럼)
#   BERTLAB_HUB_URL           허브 주소(기본 http://:8000, 모든 인터페이스의 8000번 포트)
#   BERTLAB_HUB_STATE         허브의 데이터베이스·쿠키 비밀 키를 둘 폴더(기본 /srv/bertlab/hub)
#   BERTLAB_SHARED            `python -m bertlab classroom prepare --shared`로 준비한 폴더(기본 /srv/bertlab)
#   BERTLAB_STUDENTS          학생 이름 파일(한 줄에 하나). 있으면 그 학생만 로그인할 수 있음
#   BERTLAB_INSTRUCTORS       강사(관리자) 이름들, 쉼표로(기본 instructor)
#   BERTLAB_MEM_LIMIT, BERTLAB_CPU_LIMIT   학생 한 명의 메모리·CPU 한도(기본 3G, 1). SystemdSpawner가 지킴
#   BERTLAB_IDLE_TIMEOUT      이만큼(초) 쓰지 않은 학생 서버를 끔(기본 3600, 0이면 끄지 않음)
#   BERTLAB_SPAWNER           systemd(기본, 설치되어 있으면) | local(같은 기계의 프로세스, 한도 없음)
#   BERTLAB_HUB_AUTH          pam(기본: 서버의 리눅스 계정과 비밀번호) | dummy(연습·테스트용: 공통 비밀번호)
#   BERTLAB_DUMMY_PASSWORD    dummy 인증의 공통 비밀번호
#   BERTLAB_PROXY_COMMAND     configurable-http-proxy 실행 파일(기본: PATH에서 찾음)
#   BERTLAB_HOMES             학생 홈들이 있는 폴더(기본 /home). 반 현황 페이지가 진도 파일을 읽는 곳
#   BERTLAB_SUBMISSIONS, BERTLAB_GRADES   `classroom collect --out`, `grade --out`의 폴더(기본 $BERTLAB_SHARED/submissions, /grades)
#   BERTLAB_CLASS_PAGE_URL    반 현황 페이지 서비스가 듣는 내부 주소(기본 http://127.0.0.1:10101, off면 띄우지 않음)
#   BERTLAB_PROXY_API_URL, BERTLAB_HUB_API_URL   프록시·허브 내부 API 주소(한 기계에 허브를 여럿 띄울 때)
import os
import shlex
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (jupyterhub가 이 파일을 읽을 때 넣어 주는 함수)

COURSE_PYTHON = os.environ.get("BERTLAB_COURSE_PYTHON") or sys.executable   # 학생 서버·커널의 파이썬
SHARED = Path(os.environ.get("BERTLAB_SHARED", "/srv/bertlab"))
STATE = Path(os.environ.get("BERTLAB_HUB_STATE", str(SHARED / "hub")))
STATE.mkdir(parents=True, exist_ok=True)
STATE.chmod(0o700)                                   # 쿠키 비밀 키와 데이터베이스: 허브만 읽게

# --- 허브와 프록시 -------------------------------------------------------------------------
c.JupyterHub.bind_url = os.environ.get("BERTLAB_HUB_URL", "http://:8000")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
if os.environ.get("BERTLAB_HUB_API_URL"):
    c.JupyterHub.hub_bind_url = os.environ["BERTLAB_HUB_API_URL"]
if os.environ.get("BERTLAB_PROXY_API_URL"):
    c.ConfigurableHTTPProxy.api_url = os.environ["BERTLAB_PROXY_API_URL"]
if os.environ.get("BERTLAB_PROXY_COMMAND"):
    c.ConfigurableHTTPProxy.command = shlex.split(os.environ["BERTLAB_PROXY_COMMAND"])
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")

# --- 누가 들어오나: 학생과 강사 ---------------------------------------------------------------
instructors = {n.strip() for n in os.environ.get("BERTLAB_INSTRUCTORS", "instructor").split(",") if n.strip()}
c.Authenticator.admin_users = instructors
students_file = os.environ.get("BERTLAB_STUDENTS")
if students_file:
    names = Path(students_file).read_text(encoding="utf-8").split()
    c.Authenticator.allowed_users = {n for n in names if not n.startswith("#")} | instructors
else:
    c.Authenticator.allow_all = True                 # PAM: 서버에 계정이 있는 사람은 모두
if os.environ.get("BERTLAB_HUB_AUTH", "pam") == "dummy":
    c.JupyterHub.authenticator_class = "dummy"       # 연습용: 아무 이름 + 공통 비밀번호
    c.DummyAuthenticator.password = os.environ.get("BERTLAB_DUMMY_PASSWORD", "")
    c.Authenticator.allow_all = not students_file

# --- 학생 서버 -------------------------------------------------------------------------------
spawner = os.environ.get("BERTLAB_SPAWNER", "systemd")
if spawner == "systemd":
    try:
        import systemdspawner  # noqa: F401  (pyproject.toml의 [classroom], TLJH에도 들어 있음)
    except ImportError:
        spawner = "local"
if spawner == "systemd":
    c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
    c.SystemdSpawner.dynamic_users = False           # 학생마다 리눅스 계정(홈 폴더가 남음)
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.disable_user_sudo = True
else:
    c.JupyterHub.spawner_class = "localprocess"      # root로 띄우면 학생 계정으로 setuid해서 실행
c.Spawner.cmd = [COURSE_PYTHON, "-m", "bertlab.course.classroom.launch"]
c.Spawner.default_url = "/lab/tree/bertlab-lessons/00_getting_started.ipynb"
c.Spawner.notebook_dir = "~"
c.Spawner.mem_limit = os.environ.get("BERTLAB_MEM_LIMIT", "3G")
c.Spawner.cpu_limit = float(os.environ.get("BERTLAB_CPU_LIMIT", "1"))
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90
c.Spawner.environment = {
    "BERTLAB_CACHE_DIR": str(SHARED / "cache"),      # 강사가 한 번 변환한 오프라인 모델(모두가 한 벌을 나눠 씀)
    "TOKENIZERS_PARALLELISM": "false",
    "OMP_NUM_THREADS": os.environ.get("BERTLAB_CPU_LIMIT", "1").split(".")[0] or "1",
}
c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL", "BERTLAB_OFFLINE", "HF_HUB_OFFLINE", "HF_HOME",
                      "BERTLAB_SHARED_DATA", "BERTLAB_NOTEBOOKS"]

# --- 허브가 띄우는 서비스: 쓰지 않는 서버 끄기, 강사의 반 현황 페이지 ----------------------------------
c.JupyterHub.services = []
c.JupyterHub.load_roles = []
idle = int(os.environ.get("BERTLAB_IDLE_TIMEOUT", "3600"))
if idle > 0:                                         # idle culling
    c.JupyterHub.load_roles.append({
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    })
    c.JupyterHub.services.append({
        "name": "idle-culler",
        "command": [COURSE_PYTHON, "-m", "jupyterhub_idle_culler", f"--timeout={idle}"],
    })

# 반 현황 페이지(/services/bertlab-class/): 학생 홈의 진도 파일·모은 노트북·성적표를 읽기만 해서 보여 줌.
# 허브를 띄운 계정(root)으로 돌아 0700인 학생 홈을 읽습니다. 로그인은 허브 OAuth, 강사(관리자)만 보고 학생은 한국어 403.
# 모든 사용자에게 이 서비스에 들어올 권한을 주는 까닭: 없으면 학생은 허브의 영어 403을 받습니다.
CLASS_PAGE = "bertlab-class"
class_page_url = os.environ.get("BERTLAB_CLASS_PAGE_URL", "http://127.0.0.1:10101")
if class_page_url != "off":
    c.JupyterHub.load_roles.append({"name": "user", "scopes": ["self", f"access:services!service={CLASS_PAGE}"]})
    c.JupyterHub.services.append({
        "name": CLASS_PAGE,
        "url": class_page_url,
        "command": [sys.executable, "-m", "bertlab.course.classroom.classpage"],   # 허브와 같은 파이썬(강의 환경)
        "environment": {
            "BERTLAB_SHARED": str(SHARED),
            "BERTLAB_HOMES": os.environ.get("BERTLAB_HOMES", "/home"),
            "BERTLAB_SUBMISSIONS": os.environ.get("BERTLAB_SUBMISSIONS", str(SHARED / "submissions")),
            "BERTLAB_GRADES": os.environ.get("BERTLAB_GRADES", str(SHARED / "grades")),
            "BERTLAB_STUDENTS": students_file or "",
            "BERTLAB_INSTRUCTORS": ",".join(sorted(instructors)),
            "BERTLAB_NOTEBOOKS": os.environ.get("BERTLAB_NOTEBOOKS", ""),
        },
        "oauth_no_confirm": True,
        "display": False,                            # 학생의 허브 메뉴에 보이지 않게(강사는 주소로 엶)
    })
