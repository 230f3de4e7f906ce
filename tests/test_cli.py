"""명령줄 도구: doctor, models, 가벼운 import."""

import json
import subprocess
import sys

from conftest import REPO_ROOT


def _run(*args):
    return subprocess.run([sys.executable, "-m", "bertlab", *args], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=300)


def test_import_bertlab_does_not_load_heavy_libraries():
    code = "import sys, bertlab; print(sorted(m for m in ('torch','transformers','matplotlib') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "[]"


def test_models_json_lists_every_role_with_its_offline_model():
    done = _run("models", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    rows = {row["role"]: row for row in report["roles"]}
    assert rows["en-encoder"]["model"] == "all-MiniLM-L6-v2" and rows["en-encoder"]["mode"] == "offline"
    assert rows["en-mlm"]["ok"] is False and "bert-base-uncased" in rows["en-mlm"]["reason"]
    assert "HF_HUB_OFFLINE" in report["network"]


def test_doctor_reports_in_korean_and_exits_zero_when_usable_offline():
    done = _run("doctor")
    print(done.stdout)
    assert "환경 점검" in done.stdout and "한글 글꼴" in done.stdout
    assert done.returncode == 0, done.stdout


def test_unknown_command_fails_cleanly():
    done = _run("no-such-command")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
