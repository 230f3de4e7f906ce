"""레슨 06의 약속을 진짜 브라우저로: 인터넷을 모두 막은 헤드리스 Chromium에서 어텐션 그림이 그려지고,
헤드 탐색기의 슬라이더를 움직이면 그림이 바뀝니다. 실행한 뒤 저장한 노트북을 다시 열어도 그렇습니다.

1. 레슨 06 노트북을 새 커널에서 실행해 저장하고(노트북 테스트와 같은 실행기), nbconvert로 HTML을 만들어
   file://로 엽니다. http(s) 요청은 모두 막습니다(nbconvert 틀이 부르는 require.js·MathJax CDN도 막힘).
2. 같은 노트북을 JupyterLab에서 엽니다: 신뢰한(trust) 사본은 그림이 그려지고, 신뢰하지 않은 사본은
   한국어 신뢰 안내가 보여야 합니다.

Chromium이 없으면(root이고 apt-get이 있을 때) 설치하고, 설치할 수 없을 때만 건너뜁니다.
스크린숏은 test-artifacts/에 남습니다. 실행: ``pytest -m browser tests/test_attention_browser.py``
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO_ROOT

pytestmark = pytest.mark.browser

NOTEBOOK = REPO_ROOT / "notebooks" / "06_attention_visualization.ipynb"
ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu"]
VIEWS = {"head-view": 2, "model-view": 1, "head-explorer": 1}  # 레슨 06이 그리는 그림 수


def _install_with_apt(*packages: str) -> str:
    """apt로 설치하고, 실패하면 이유(빈 문자열이면 성공)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("apt-get"):
        return "root 권한과 apt-get이 없어 설치할 수 없습니다"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        subprocess.run(["apt-get", "update", "-qq"], check=True, capture_output=True, env=env, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, capture_output=True,
                       env=env, timeout=900)
    except (subprocess.SubprocessError, OSError) as exc:
        return f"apt-get install {' '.join(packages)} 실패: {exc}"
    return ""


def _ensure_chromium() -> str:
    if not Path(CHROMIUM).exists():
        reason = _install_with_apt("chromium")
        if reason or not Path(CHROMIUM).exists():
            return reason or "설치했지만 /usr/bin/chromium이 없습니다"
    if shutil.which("fc-list") and "Nanum" not in subprocess.run(["fc-list"], capture_output=True, text=True).stdout:
        _install_with_apt("fonts-nanum")  # 스크린숏의 한글용(없어도 시험은 통과)
    return ""


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright가 설치되어 있지 않아 건너뜁니다 / playwright is not installed")
    reason = _ensure_chromium()
    if reason:
        pytest.skip(f"헤드리스 Chromium을 쓸 수 없어 건너뜁니다 / Chromium unavailable: {reason}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


def _offline_page(browser, allow_local: bool = False):
    """file://(와 원하면 127.0.0.1) 말고는 모든 요청을 막은 페이지. 막힌 주소는 page.blocked에."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.blocked, page.errors = [], []

    def route(request_route):
        url = request_route.request.url
        local = url.startswith(("file://", "data:", "blob:")) or (
            allow_local and url.startswith(("http://127.0.0.1", "ws://127.0.0.1")))
        if local:
            request_route.continue_()
        else:
            page.blocked.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


@pytest.fixture(scope="module")
def executed_lesson(tmp_path_factory):
    """레슨 06을 배포 상태 그대로 새 커널에서 실행해 저장한 노트북(경로)."""
    import nbformat

    from bertlab.exercises.grading.execute import kernel_environment, run_notebook

    if not NOTEBOOK.exists():
        pytest.skip("notebooks/06_attention_visualization.ipynb가 없습니다(python -m bertlab build)")
    work = tmp_path_factory.mktemp("lesson06")
    env = kernel_environment({"HF_HUB_OFFLINE": "1", "BERTLAB_DATA_DIR": str(work)})
    execution = run_notebook(nbformat.read(str(NOTEBOOK), as_version=4), timeout=240, cwd=NOTEBOOK.parent, env=env)
    assert not execution.failure and not execution.timed_out and not execution.cell_errors, execution
    notebook = execution.notebook
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = work / "06_attention_visualization.ipynb"
    nbformat.write(notebook, str(path))
    return path


@pytest.fixture(scope="module")
def lesson_html(executed_lesson):
    """저장한 노트북을 다시 읽어 만든 HTML 파일(test-artifacts/에도 복사)."""
    import nbformat
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nbformat.read(str(executed_lesson), as_version=4))
    path = executed_lesson.with_suffix(".html")
    path.write_text(body, encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(path, ARTIFACTS / "lesson06_attention.html")
    return path


@pytest.fixture(scope="module")
def html_page(browser, lesson_html):
    page = _offline_page(browser)
    page.goto(lesson_html.as_uri())
    page.wait_for_selector(".bertlab-head-explorer[data-rendered='1']", timeout=20_000)
    yield page
    page.close()


def _view_summary(page) -> dict:
    return page.evaluate("""() => Array.from(document.querySelectorAll('.bertlab-view')).map(v => ({
        kind: v.dataset.bertlabView, rendered: v.dataset.rendered === '1',
        svgs: v.querySelectorAll('svg').length,
        labels: Array.from(v.querySelectorAll('svg text')).filter(t => t.getBBox().width > 0)
                      .map(t => t.textContent.trim()),
        notes: v.querySelectorAll('.bertlab-trust-note').length }))""")


def test_every_attention_view_draws_offline_with_token_labels(html_page):
    views = _view_summary(html_page)
    kinds = [v["kind"] for v in views]
    assert {k: kinds.count(k) for k in VIEWS} == VIEWS, kinds
    for view in views:
        assert view["rendered"] and view["notes"] == 0, view["kind"]
        assert view["svgs"] >= 1, f"{view['kind']}에 SVG가 없습니다"
    head_view_labels = views[kinds.index("head-view")]["labels"]
    assert any("나는" in label for label in head_view_labels), head_view_labels[:20]
    explorer_labels = views[kinds.index("head-explorer")]["labels"]
    assert any("나는" in label for label in explorer_labels)
    assert not html_page.errors, html_page.errors
    assert not [u for u in html_page.blocked if "d3" in u or "jquery" in u], html_page.blocked
    html_page.screenshot(path=str(ARTIFACTS / "lesson06_attention_views.png"), full_page=True)


def test_head_view_heads_and_layer_select_respond(html_page):
    view = html_page.locator(".bertlab-view[data-bertlab-view='head-view']").first
    lines_before = view.locator("svg line, svg path").count()
    assert lines_before > 0
    view.locator("select#layer").select_option("0")
    assert view.locator("svg").count() == 1 and view.locator("svg text").count() > 0


def _cell_opacities(explorer) -> list[str]:
    return explorer.locator("rect.bx-cell").evaluate_all("cells => cells.map(c => c.getAttribute('fill-opacity'))")


def test_head_explorer_slider_and_grid_update_the_heatmap(html_page):
    explorer = html_page.locator(".bertlab-head-explorer").first
    before = _cell_opacities(explorer)
    summary_before = explorer.locator(".bx-summary").inner_text()
    layer, head = explorer.get_attribute("data-layer"), int(explorer.get_attribute("data-head"))

    explorer.locator("input.bx-head").focus()
    html_page.keyboard.press("ArrowRight")
    assert int(explorer.get_attribute("data-head")) == head + 1
    assert explorer.get_attribute("data-layer") == layer
    assert _cell_opacities(explorer) != before
    assert explorer.locator(".bx-summary").inner_text() != summary_before
    assert explorer.locator(".bx-head-value").inner_text() == str(head + 1)
    assert float(explorer.get_attribute("data-last-update-ms")) < 100

    explorer.locator("button.bx-type[data-layer='11'][data-head='4']").click()
    assert (explorer.get_attribute("data-layer"), explorer.get_attribute("data-head")) == ("11", "4")
    assert explorer.locator("input.bx-layer").input_value() == "11"
    explorer.screenshot(path=str(ARTIFACTS / "lesson06_head_explorer.png"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def lab_environment(home: Path, **extra: str) -> dict:
    """이 테스트만의 Jupyter 폴더들(데이터, 설정, 작업 공간)을 쓰는 환경 변수. 셀을 모두 그리도록 가상화는 끕니다."""
    env = {**os.environ, "JUPYTER_DATA_DIR": str(home / "data"), "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"), **extra}
    settings = home / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    return env


@contextlib.contextmanager
def running_lab(root: Path, env: dict):
    """``root``를 연 JupyterLab 서버(127.0.0.1, 토큰 없음)의 주소. 나올 때 서버를 끕니다."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={root}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.extension_manager=readonly"] + (["--allow-root"] if os.geteuid() == 0 else []),
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.5)
    else:
        server.terminate()
        pytest.fail(f"JupyterLab 서버가 뜨지 않았습니다(종료 코드 {server.poll()})")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="module")
def jupyterlab(executed_lesson, tmp_path_factory):
    """실행해 저장한 노트북 두 벌(신뢰함/신뢰 안 함)을 연 JupyterLab 서버 주소."""
    root = tmp_path_factory.mktemp("lab")
    env = lab_environment(tmp_path_factory.mktemp("jupyter-home"))
    shutil.copy(executed_lesson, root / "trusted.ipynb")
    # 서명은 내용으로 찾으므로, 신뢰하지 않을 사본은 내용을 조금 달리해야 같은 서명으로 신뢰되지 않습니다.
    untrusted = json.loads(executed_lesson.read_text(encoding="utf-8"))
    untrusted["metadata"]["bertlab_test_copy"] = "untrusted"
    (root / "untrusted.ipynb").write_text(json.dumps(untrusted, ensure_ascii=False), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "jupyter", "trust", str(root / "trusted.ipynb")], env=env, check=True,
                   capture_output=True, timeout=60)
    with running_lab(root, env) as url:
        yield url


@pytest.mark.slow
def test_jupyterlab_draws_views_of_a_saved_trusted_notebook_and_explains_untrusted_ones(browser, jupyterlab):
    page = _offline_page(browser, allow_local=True)
    page.goto(f"{jupyterlab}/lab/tree/trusted.ipynb")
    rendered = ".bertlab-view[data-rendered='1']"
    page.wait_for_function(f"document.querySelectorAll(\"{rendered}\").length >= {sum(VIEWS.values())}",
                           timeout=90_000)
    explorer = page.locator(".bertlab-head-explorer").first
    before = _cell_opacities(explorer)
    slider = explorer.locator("input.bx-layer")
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    slider.click(position={"x": box["width"] - 2, "y": box["height"] / 2})  # 슬라이더 오른쪽 끝 = 마지막 층
    assert explorer.get_attribute("data-layer") == slider.get_attribute("max")
    assert _cell_opacities(explorer) != before
    page.screenshot(path=str(ARTIFACTS / "lesson06_jupyterlab.png"))
    page.close()  # 새 페이지에서 엽니다(같은 페이지에서 이동하면 '저장 안 한 변경' 확인 창이 이동을 막음)

    page = _offline_page(browser, allow_local=True)
    page.goto(f"{jupyterlab}/lab/tree/untrusted.ipynb?reset")  # ?reset: 앞의 탭을 복원하지 않음
    notes = page.locator(".jp-OutputArea-output").filter(has_text="노트북 안의 자바스크립트가 그립니다")
    try:
        notes.first.wait_for(timeout=90_000)
    finally:
        page.screenshot(path=str(ARTIFACTS / "lesson06_jupyterlab_untrusted.png"))
    assert notes.count() == sum(VIEWS.values())  # 그림마다 한국어 신뢰 안내
    assert page.locator(rendered).count() == 0
    assert not [u for u in page.blocked if "d3" in u or "jquery" in u], page.blocked
    page.close()
