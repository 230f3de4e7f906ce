"""교실 서버(JupyterHub)의 빠른 테스트: 나눠 주기, 모으기, 반 진도 표, 허브 설정, 가중치 나눠 쓰기.

진짜 허브를 띄우는 통합 테스트는 ``tests/test_classroom_hub.py``(``make test-hub``)에 있습니다.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from bertlab.course.classroom.collect import MANIFEST, collect_lesson
from bertlab.course.classroom.distribute import HANDOUT_FOLDER, PROGRESS_FILE, course_notebooks, handout, restrict_home
from bertlab.course.classroom.roster import class_progress, find_students, format_class_table
from bertlab.errors import BertlabError
from conftest import REPO_ROOT

CONFIG = REPO_ROOT / "bertlab" / "course" / "classroom" / "jupyterhub_config.py"


def _notebook(text: str) -> str:
    return json.dumps({"cells": [{"cell_type": "code", "source": text, "metadata": {}, "outputs": [],
                                  "execution_count": None}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5},
                      ensure_ascii=False)


@pytest.fixture
def course(tmp_path):
    """나눠 줄 노트북 둘이 든 작은 강의 폴더."""
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "00_getting_started.ipynb").write_text(_notebook("print('원본 00')"), encoding="utf-8")
    (folder / "05_self_attention.ipynb").write_text(_notebook("print('원본 05')"), encoding="utf-8")
    (folder / "notes.ipynb").write_text(_notebook("레슨이 아님"), encoding="utf-8")
    return folder


def test_course_notebooks_are_the_built_lessons():
    names = [p.name for p in course_notebooks()]
    assert "00_getting_started.ipynb" in names and names == sorted(names)
    assert all(name[:2].isdigit() for name in names)


def test_handout_copies_lessons_and_never_overwrites_a_students_copy(course, tmp_path):
    target = tmp_path / "home" / HANDOUT_FOLDER
    first = handout(target, course)
    assert first.copied == ["00_getting_started.ipynb", "05_self_attention.ipynb"] and first.kept == []
    edited = target / "00_getting_started.ipynb"
    edited.write_text(_notebook("print('학생이 고침')"), encoding="utf-8")
    (target / "05_self_attention.ipynb").unlink()                    # 학생이 지운 노트북은 다시 받음
    (course / "07_masked_lm.ipynb").write_text(_notebook("새 레슨"), encoding="utf-8")
    second = handout(target, course)
    assert second.kept == ["00_getting_started.ipynb"]
    assert second.copied == ["05_self_attention.ipynb", "07_masked_lm.ipynb"]
    assert "학생이 고침" in edited.read_text(encoding="utf-8")
    assert "1개는 그대로" in second.summary()


def test_handout_without_notebooks_explains_in_korean(tmp_path):
    with pytest.raises(BertlabError, match="나눠 줄 레슨 노트북이 없습니다"):
        handout(tmp_path / "to", tmp_path)


def test_restrict_home_makes_the_home_private(tmp_path):
    home = tmp_path / "student"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    assert restrict_home(home) is True
    assert home.stat().st_mode & 0o777 == 0o700
    assert restrict_home(home) is False                            # 이미 0700이면 그대로
    assert restrict_home(tmp_path / "없는 홈") is False


def _student_home(homes: Path, name: str, source: str | None, progress: str | None = None) -> Path:
    home = homes / name
    (home / HANDOUT_FOLDER).mkdir(parents=True)
    if source is not None:
        (home / HANDOUT_FOLDER / "00_getting_started.ipynb").write_text(_notebook(source), encoding="utf-8")
    if progress is not None:
        (home / PROGRESS_FILE).parent.mkdir(parents=True)
        (home / PROGRESS_FILE).write_text(progress, encoding="utf-8")
    return home


def test_collect_copies_each_students_notebook_by_name_and_leaves_originals_alone(tmp_path):
    homes = tmp_path / "homes"
    kim = _student_home(homes, "kim", "words = ['나는']")
    _student_home(homes, "lee", "words = ____")
    _student_home(homes, "park", None)                              # 노트북을 지운 학생
    (homes / "guest").mkdir()                                       # 레슨 폴더가 없는 홈은 학생이 아님
    original = kim / HANDOUT_FOLDER / "00_getting_started.ipynb"
    before = original.stat()
    students = find_students(homes)
    assert [s.name for s in students] == ["kim", "lee", "park"]
    result = collect_lesson(students, "0", tmp_path / "submissions")
    assert [p.name for p in result.copied] == ["kim.ipynb", "lee.ipynb"]
    assert result.folder == tmp_path / "submissions" / "00"
    assert (result.folder / "kim.ipynb").read_bytes() == original.read_bytes()
    after = original.stat()
    assert (after.st_mtime_ns, after.st_size, after.st_mode) == (before.st_mtime_ns, before.st_size, before.st_mode)
    assert result.folder.stat().st_mode & 0o077 == 0 and (tmp_path / "submissions").stat().st_mode & 0o077 == 0
    manifest = (result.folder / MANIFEST).read_text(encoding="utf-8-sig")
    assert "park,missing" in manifest and "kim,copied" in manifest
    original.write_text(_notebook("다시 고침"), encoding="utf-8")     # 다시 모으면 새 사본으로 바뀜
    collect_lesson(students, "00", tmp_path / "submissions")
    assert "다시 고침" in (result.folder / "kim.ipynb").read_text(encoding="utf-8")


@pytest.mark.parametrize("lesson", ["", "abc", None, "5a"])
def test_collect_rejects_a_bad_lesson_number(tmp_path, lesson):
    with pytest.raises(BertlabError, match="레슨 번호"):
        collect_lesson([], lesson, tmp_path / "out")


def test_class_progress_counts_solved_problems_per_student_and_only_reads(tmp_path):
    homes = tmp_path / "homes"
    solved = {"version": 1, "lessons": {"00": {"visited": "2026-12-01T10:00:00", "problems": {
        "first_list": {"attempts": 2, "hints": 1, "solved": "2026-12-01T10:05:00", "last_checked": "2026-12-01T10:05:00"},
        "count_tokens": {"attempts": 1, "hints": 0, "last_checked": "2026-12-01T10:06:00"}}}}}
    _student_home(homes, "kim", "x", json.dumps(solved))
    _student_home(homes, "lee", "x")                                 # 아직 진도 파일 없음
    broken = _student_home(homes, "park", "x", "{깨진 json")
    header, rows = class_progress(find_students(homes), ["00", "05"])
    assert header[:3] == ["학생", "레슨 00", "레슨 05"]
    table = {row[0]: row for row in rows}
    assert table["kim"][1] == "1/3" and table["kim"][3] == "3" and table["kim"][4] == "2026-12-01 10:06:00"
    assert table["lee"][1] == "0/3" and table["lee"][3] == "0"
    assert table["park"][-1] == "진도 파일을 읽을 수 없음"
    assert (broken / PROGRESS_FILE).read_text(encoding="utf-8") == "{깨진 json"   # 학생 파일을 옮기거나 고치지 않음
    assert list((broken / PROGRESS_FILE).parent.iterdir()) == [broken / PROGRESS_FILE]
    text = format_class_table(header, rows)
    assert text.splitlines()[0].startswith("학생") and "kim" in text


def test_classroom_commands_run_through_the_bertlab_cli(tmp_path, capsys):
    from bertlab.cli import main

    homes = tmp_path / "homes"
    _student_home(homes, "kim", "words = 1")
    assert main(["classroom", "collect", "--lesson", "00", "--homes", str(homes), "--out", str(tmp_path / "sub")]) == 0
    out = capsys.readouterr().out
    assert "1명의 노트북을 모았습니다" in out and "python -m bertlab grade" in out
    assert main(["classroom", "progress", "--homes", str(homes), "--lesson", "00", "--csv", str(tmp_path / "p.csv")]) == 0
    assert "kim" in (tmp_path / "p.csv").read_text(encoding="utf-8-sig")
    assert main(["classroom", "progress", "--homes", str(tmp_path / "없음")]) == 1
    assert main(["classroom", "handout", "--to", str(tmp_path / "mine")]) == 0
    assert (tmp_path / "mine" / "00_getting_started.ipynb").is_file()


def _load_config(monkeypatch, tmp_path, **env):
    from traitlets.config import Config

    for key, value in {"BERTLAB_SHARED": str(tmp_path / "shared"), **env}.items():
        monkeypatch.setenv(key, value)
    config = Config()
    exec(compile(CONFIG.read_text(encoding="utf-8"), str(CONFIG), "exec"), {"get_config": lambda: config})
    return config


def test_hub_config_runs_the_course_environment_and_hands_out_lessons(monkeypatch, tmp_path):
    c = _load_config(monkeypatch, tmp_path)
    assert c.Spawner.cmd == [sys.executable, "-m", "bertlab.course.classroom.launch"]
    lesson = c.Spawner.default_url.split("/lab/tree/")[1]
    assert lesson.startswith(HANDOUT_FOLDER + "/") and (REPO_ROOT / "notebooks" / Path(lesson).name).is_file()
    assert c.Spawner.environment["BERTLAB_CACHE_DIR"] == str(tmp_path / "shared" / "cache")
    assert c.Spawner.mem_limit == "3G" and c.Spawner.cpu_limit == 1.0
    assert c.JupyterHub.services[0]["command"][-1] == "--timeout=3600"
    assert (tmp_path / "shared" / "hub").stat().st_mode & 0o077 == 0    # 허브의 비밀 키 폴더
    assert c.Authenticator.allow_all is True and "instructor" in c.Authenticator.admin_users


def test_hub_config_follows_the_instructors_settings(monkeypatch, tmp_path):
    roster = tmp_path / "students.txt"
    roster.write_text("kim\nlee\n", encoding="utf-8")
    c = _load_config(monkeypatch, tmp_path, BERTLAB_STUDENTS=str(roster), BERTLAB_MEM_LIMIT="2G",
                     BERTLAB_IDLE_TIMEOUT="0", BERTLAB_HUB_AUTH="dummy", BERTLAB_SPAWNER="local",
                     BERTLAB_COURSE_PYTHON="/opt/bertlab/.venv/bin/python")
    assert c.Authenticator.allowed_users == {"kim", "lee", "instructor"}
    assert c.JupyterHub.authenticator_class == "dummy" and c.JupyterHub.spawner_class == "localprocess"
    assert c.Spawner.mem_limit == "2G" and [s["name"] for s in c.JupyterHub.services] == ["bertlab-class"]
    assert c.Spawner.cmd[0] == "/opt/bertlab/.venv/bin/python"


def test_e5_cache_follows_the_classroom_shared_folder(monkeypatch, tmp_path):
    import bertlab.models.e5_convert as e5

    monkeypatch.setenv(e5.CACHE_ENV, str(tmp_path / "shared-cache"))
    monkeypatch.setattr(e5, "_is_valid", lambda target, expected: True)   # 변환은 test_e5_conversion.py가 시험
    assert e5.ensure_e5_checkpoint() == tmp_path / "shared-cache" / "models" / e5.CHECKPOINT_NAME


def test_float32_weights_stay_memory_mapped_so_kernels_share_them(en_encoder):
    """transformers가 float32 safetensors를 복사하지 않고 파일 매핑을 가리키게 둡니다(교실 메모리의 전제)."""
    from bertlab.models.shared_weights import weight_memory

    memory = weight_memory(en_encoder.model)
    assert memory.mapped_fraction == 1.0, memory


def test_weights_converted_from_float16_are_private_to_the_kernel():
    """ko-mini-bert는 float16으로 저장되어 float32로 바꾸므로 나눌 수 없습니다(커널마다 약 30 MB)."""
    from bertlab.models import load, offline_dir
    from bertlab.models.shared_weights import weight_memory

    memory = weight_memory(load("ko-mlm", head="mlm", source=str(offline_dir("ko-mini-bert"))).model)
    assert memory.mapped_bytes == 0 and 20 < memory.private_mb < 40, memory
