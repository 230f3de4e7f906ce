"""진도 파일: 원자적으로 쓰고, 깨진 파일은 지우지 않고 옮겨 둔 뒤 새로 시작하며, 레슨별 표를 보여 줍니다."""

import json

import pytest

from bertlab.exercises import Value, lesson_exercises, register_bank, unregister_bank
from bertlab.exercises.progress import ProgressStore, progress_main, record_check, record_visit


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BERTLAB_DATA_DIR", str(tmp_path))
    register_bank("t2", [Value(name="answer", title="값", reads="answer", expected=1,
                               solution="answer = 1", wrong=["answer = 2"], hints=["1"])])
    yield tmp_path
    unregister_bank("t2")


def _load(data_dir):
    return json.loads((data_dir / "progress.json").read_text(encoding="utf-8"))


def test_checks_hints_and_solutions_are_recorded_per_problem(data_dir, capsys):
    (q1,) = lesson_exercises("t2")
    answer = 2
    q1.check()
    answer = 1  # noqa: F841
    q1.check()
    q1.hint()
    q1.solution()
    entry = _load(data_dir)["lessons"]["t2"]["problems"]["answer"]
    assert entry["attempts"] == 2 and entry["last_status"] == "correct" and entry["solved"]
    assert entry["hints"] == 1 and entry["solution_viewed"]


def test_the_last_checks_feedback_message_is_kept_for_the_class_page(data_dir, capsys):
    (q1,) = lesson_exercises("t2")
    answer = 2  # noqa: F841
    q1.check()
    wrong = _load(data_dir)["lessons"]["t2"]["problems"]["answer"]
    assert wrong["last_status"] == "incorrect" and wrong["last_message"]
    answer = 1  # noqa: F841
    q1.check()
    right = _load(data_dir)["lessons"]["t2"]["problems"]["answer"]
    assert right["last_status"] == "correct" and right["last_message"] != wrong["last_message"]
    record_check("t2", "answer", "incorrect", 0, 1, "긴 메시지 " * 200)
    assert len(_load(data_dir)["lessons"]["t2"]["problems"]["answer"]["last_message"]) == 300


def test_write_is_atomic_and_a_failed_write_keeps_the_old_file(data_dir, monkeypatch):
    record_visit("00")
    before = (data_dir / "progress.json").read_text(encoding="utf-8")

    def broken_dump(*args, **kwargs):
        raise OSError("디스크가 가득 찼습니다")

    monkeypatch.setattr(json, "dump", broken_dump)
    with pytest.raises(OSError):
        record_check("00", "first_list", "correct", 1, 1)
    assert (data_dir / "progress.json").read_text(encoding="utf-8") == before
    assert [p.name for p in data_dir.iterdir()] == ["progress.json"]  # 임시 파일이 남지 않음


def test_corrupted_file_is_kept_aside_and_replaced_with_notice(data_dir, capsys):
    (data_dir / "progress.json").write_text('{"lessons": {"00": ', encoding="utf-8")
    record_visit("03")
    notice = capsys.readouterr().err
    assert "깨져" in notice and "지우지 않고" in notice
    broken = [p for p in data_dir.iterdir() if p.name.startswith("progress.json.broken-")]
    assert len(broken) == 1 and broken[0].read_text(encoding="utf-8") == '{"lessons": {"00": '
    assert "03" in _load(data_dir)["lessons"]


def test_wrong_structure_counts_as_corrupted(data_dir, capsys):
    (data_dir / "progress.json").write_text("[1, 2, 3]", encoding="utf-8")
    assert ProgressStore().load()["lessons"] == {}
    assert any(p.name.startswith("progress.json.broken-") for p in data_dir.iterdir())


def test_progress_command_prints_a_per_lesson_table(data_dir, capsys):
    record_check("t2", "answer", "correct", 1, 1)
    assert progress_main(None) == 0
    out = capsys.readouterr().out
    assert "레슨" in out and "푼 문제" in out
    row = next(line for line in out.splitlines() if line.startswith("t2"))
    assert "1/1" in row
    assert any(line.startswith("00") and "0/3" in line for line in out.splitlines())
