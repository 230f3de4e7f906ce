"""반 현황 페이지의 웹 서버: JupyterHub 서비스(``/services/bertlab-class/``)로 허브가 띄우는 tornado 앱.

로그인은 허브의 OAuth(``jupyterhub.services.auth.HubOAuthenticated``)로 합니다. 허브가 모든 사용자에게 이 서비스에
들어올 권한(``access:services!service=bertlab-class``)을 주고, 들어온 사람이 허브의 관리자(강사)가 아니면 이
서버가 한국어 403 페이지를 보여 줍니다. 주소들(서비스 접두사 뒤):

- ``""``: 페이지(HTML). 데이터는 자바스크립트가 ``api/board?lesson=NN``을 몇 초마다 다시 받아 그립니다.
- ``api/board``: 페이지 한 벌(JSON) · ``csv/<grid|exercises|students|grades>?lesson=NN``: 보이는 표의 CSV
- ``notebook?lesson=NN&student=이름``: 모은 노트북(읽기 전용 HTML, 스크립트 금지)
- ``static/…``, ``fonts/…``: 페이지의 JS·CSS, 나눔고딕 웹 글꼴(``webfont``). CDN 없음.
- ``oauth_callback``: 허브 OAuth의 돌아오는 곳

실행: 허브 설정이 ``python -m bertlab.course.classroom.classpage``로 띄웁니다(환경 변수는 ``sources`` 참고).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlparse

from jupyterhub.services.auth import HubOAuth, HubOAuthCallbackHandler, HubOAuthenticated
from tornado import web
from tornado.ioloop import IOLoop

from bertlab.course.classroom.classpage.exports import TABLES, table_csv
from bertlab.course.classroom.classpage.notebook_view import NotebookUnreadable, notebook_html
from bertlab.course.classroom.classpage.page import ClassPage
from bertlab.course.classroom.classpage.webfont import web_font

SERVICE_NAME = "bertlab-class"
HERE = Path(__file__).parent
PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
NOTEBOOK_POLICY = ("default-src 'none'; script-src 'none'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; "
                   "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
ERRORS = {
    403: ("강사만 볼 수 있는 페이지입니다",
          "반 현황 페이지는 허브의 관리자(강사)만 열 수 있습니다. 내 레슨은 내 서버에서 계속하세요."),
    401: ("허브 로그인이 필요합니다", "로그인이 끝났거나 아직 로그인하지 않았습니다. 페이지를 새로 고쳐 다시 로그인하세요."),
    404: ("찾을 수 없습니다", "요청한 것이 없습니다. 레슨이나 학생을 다시 골라 보세요."),
}


class InstructorHandler(HubOAuthenticated, web.RequestHandler):
    """허브로 로그인한 관리자(강사)만 통과하는 처리기. 관리자가 아니면 한국어 403."""

    api = False   # True면 로그인하지 않은 요청을 로그인 페이지로 보내는 대신 401, 오류는 모두 JSON

    def initialize(self, page: ClassPage, hub_auth: HubOAuth | None = None) -> None:
        self.page = page
        if hub_auth is not None:
            self.hub_auth = hub_auth

    def set_default_headers(self) -> None:
        self.set_header("Content-Security-Policy", PAGE_POLICY)
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "same-origin")
        self.set_header("Cache-Control", "no-store")

    def prepare(self) -> None:
        user = self.current_user
        if user is None and self.api:
            raise web.HTTPError(401, "로그인하지 않음")
        if user is not None and not user.get("admin"):
            raise web.HTTPError(403, f"{user.get('name', '')}은(는) 관리자가 아님")

    def hub_home(self) -> str:
        return os.environ.get("JUPYTERHUB_BASE_URL", "/").rstrip("/") + "/hub/home"

    def write_error(self, status_code: int, **kwargs) -> None:
        title, message = ERRORS.get(status_code, ("문제가 생겼습니다", "잠시 뒤 다시 열어 보세요. 계속되면 서버 기록을 확인하세요."))
        self.korean_error(status_code, title, message)

    def korean_error(self, status_code: int, title: str, message: str) -> None:
        """한국어 오류: 페이지면 HTML, ``api``면 JSON."""
        self.set_status(status_code)
        if self.api:
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.finish(json.dumps({"status": status_code, "title": title, "message": message}, ensure_ascii=False))
            return
        self.render("error.html", status=status_code, title=title, message=message, hub_home=self.hub_home())


class PageHandler(InstructorHandler):
    @web.authenticated
    def get(self) -> None:
        lesson = self.get_argument("lesson", "")
        token = self.xsrf_token
        self.render("page.html", xsrf=token.decode("ascii") if isinstance(token, bytes) else token,
                    user=self.current_user.get("name", ""),
                    lesson=lesson if lesson in self.page.catalog.exercises else "", hub_home=self.hub_home())


class BoardHandler(InstructorHandler):
    api = True

    @web.authenticated
    def get(self) -> None:
        board = self.page.board(self.get_argument("lesson", ""))
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(board, ensure_ascii=False))


class CsvHandler(InstructorHandler):
    @web.authenticated
    def get(self, table: str) -> None:
        if table not in TABLES:
            raise web.HTTPError(404)
        name, text = table_csv(self.page.board(self.get_argument("lesson", "")), table)
        self.set_header("Content-Type", "text/csv; charset=utf-8")
        self.set_header("Content-Disposition", f'attachment; filename="{name}"')
        self.finish(text.encode("utf-8"))


class NotebookHandler(InstructorHandler):
    @web.authenticated
    async def get(self) -> None:
        lesson, student = self.get_argument("lesson", ""), self.get_argument("student", "")
        path = self.page.notebook(lesson, student)
        if path is None:
            raise web.HTTPError(404, "모은 노트북 없음")
        try:
            text = await IOLoop.current().run_in_executor(None, notebook_html, path, student, lesson)
        except NotebookUnreadable as exc:
            self.korean_error(422, "노트북을 열 수 없습니다", str(exc))
            return
        self.set_header("Content-Security-Policy", NOTEBOOK_POLICY)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(text)


class FontHandler(web.RequestHandler):
    """나눔고딕 웹 글꼴(``webfont``). 비밀이 아니라 로그인 없이 주고, 브라우저가 하루 동안 다시 쓰게 합니다."""

    async def get(self, name: str) -> None:
        data = await IOLoop.current().run_in_executor(None, web_font, name)
        if data is None:
            raise web.HTTPError(404)
        self.set_header("Content-Type", "font/woff")
        self.set_header("Cache-Control", "public, max-age=86400")
        self.finish(data)


def make_app(page: ClassPage, prefix: str = f"/services/{SERVICE_NAME}/", hub_auth: HubOAuth | None = None,
             cookie_secret: bytes | None = None) -> web.Application:
    """tornado 앱. ``hub_auth``를 주지 않으면 허브가 넣어 준 환경 변수로 ``HubOAuth``를 만듭니다."""
    hub_auth = hub_auth or HubOAuth.instance()
    handler_args = {"page": page, "hub_auth": hub_auth}
    return web.Application([
        (prefix.rstrip("/"), web.RedirectHandler, {"url": prefix}),
        (prefix, PageHandler, handler_args),
        (prefix + "api/board", BoardHandler, handler_args),
        (prefix + r"csv/(\w+)", CsvHandler, handler_args),
        (prefix + "notebook", NotebookHandler, handler_args),
        (prefix + "oauth_callback", HubOAuthCallbackHandler, {}),
        (prefix + r"fonts/(\w+)\.woff", FontHandler),
    ], static_path=str(HERE / "static"), static_url_prefix=prefix + "static/", template_path=str(HERE / "templates"),
        cookie_secret=cookie_secret or os.urandom(32), hub_auth=hub_auth)


def main() -> None:
    """허브가 띄우는 서비스의 시작점: ``JUPYTERHUB_SERVICE_URL``의 주소에서 듣습니다."""
    from bertlab.course.classroom.classpage.catalog import load_catalog
    from bertlab.course.classroom.classpage.sources import ClassSources

    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", f"/services/{SERVICE_NAME}/")
    page = ClassPage(ClassSources.from_environment(), load_catalog())
    make_app(page, prefix).listen(url.port or 80, url.hostname or "127.0.0.1")
    print(f"[bertlab] 반 현황 페이지: {prefix} (학생 {len(page.sources.students())}명, "
          f"레슨 {len(page.catalog.lessons)}개)", flush=True)
    IOLoop.current().start()
