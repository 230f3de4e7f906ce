"""레슨 빌드: lessons/*.md -> notebooks/*.ipynb, 그리고 --check."""

import json
import shutil
import subprocess
import sys

from bertlab.course.build import build, check, lesson_pairs

from conftest import REPO_ROOT


def _copy_repo_lessons(tmp_path):
    shutil.copytree(REPO_ROOT / "lessons", tmp_path / "lessons")
    (tmp_path / "notebooks").mkdir()
    return tmp_path


def test_committed_notebooks_match_their_lesson_sources():
    done = subprocess.run([sys.executable, "-m", "bertlab", "build", "--check"], cwd=REPO_ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_lesson_has_a_notebook_and_starts_with_bertlab_start():
    pairs = lesson_pairs()
    assert pairs and pairs[0].lesson == "00"
    for pair in pairs:
        nb = json.loads(pair.notebook.read_text(encoding="utf-8"))
        first_code = next(c for c in nb["cells"] if c["cell_type"] == "code")
        assert f'bertlab.start("{pair.lesson}")' in "".join(first_code["source"])
        assert nb["metadata"]["bertlab"]["lesson"] == pair.lesson


def test_check_reports_missing_stale_and_executed_notebooks(tmp_path):
    root = _copy_repo_lessons(tmp_path)
    assert any("없습니다" in p for p in check(root))           # 빌드 전: 노트북 없음
    build(root)
    assert check(root) == []                                   # 빌드 후: 일치
    assert build(root) == []                                   # 다시 빌드해도 같은 파일
    source = root / "lessons" / "00_getting_started.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n추가 문단.\n", encoding="utf-8")
    assert any("낡았습니다" in p for p in check(root))
    build(root)
    nb_path = root / "notebooks" / "00_getting_started.ipynb"
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "hi"}]
    code["execution_count"] = 1
    nb_path.write_text(json.dumps(nb), encoding="utf-8")
    assert any("출력" in p for p in check(root))


def test_check_exit_code_is_nonzero_when_stale(tmp_path):
    root = _copy_repo_lessons(tmp_path)
    done = subprocess.run([sys.executable, "-c", f"import sys; from bertlab.course import main; "
                           f"sys.exit(main(type('A', (), {{'check': True, 'root': {str(root)!r}}})()))"],
                          capture_output=True, text=True)
    assert done.returncode == 1
