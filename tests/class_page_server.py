"""반 현황 페이지를 허브 없이 띄우는 테스트 도우미: 허브 OAuth 대신 쿠키 ``test-user``로 사용자를 정합니다.

``tests/test_class_page.py``(빠른 테스트)와 ``tests/test_class_page_browser.py``(헤드리스 Chromium)가 씁니다.
진짜 허브 OAuth는 ``tests/test_class_page_hub.py``(``make test-hub``)가 시험합니다.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from contextlib import contextmanager

from jupyterhub.services.auth import HubOAuth

PREFIX = "/services/bertlab-class/"
ADMINS = {"teacher"}


class CookieHubAuth(HubOAuth):
    """``test-user`` 쿠키의 이름을 허브가 알려 준 사용자로 봅니다(teacher만 관리자)."""

    def get_user(self, handler, *, sync=True):
        name = handler.get_cookie("test-user")
        if not name:
            return None
        return {"kind": "user", "name": name, "admin": name in ADMINS,
                "scopes": ["access:services!service=bertlab-class"]}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(page):
    """``page``(ClassPage)를 127.0.0.1의 빈 포트에서 띄우고 주소(접두사까지)를 줍니다."""
    from tornado.httpserver import HTTPServer

    from bertlab.course.classroom.classpage.server import make_app

    auth = CookieHubAuth(api_token="test", api_url="http://127.0.0.1:9/hub/api", base_url=PREFIX,
                         access_scopes={"access:services!service=bertlab-class"}, login_url="/hub/login")
    port = free_port()
    loop = asyncio.new_event_loop()
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        server = HTTPServer(make_app(page, PREFIX, hub_auth=auth))
        server.listen(port, "127.0.0.1")
        ready.set()
        loop.run_forever()
        server.stop()
        loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield f"http://127.0.0.1:{port}{PREFIX}"
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
