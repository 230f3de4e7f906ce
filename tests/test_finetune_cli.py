"""``python -m bertlab finetune TASK``와 ``evaluate TASK``: 작은 조각으로 몇 단계 훈련 -> 모델 카드와 함께 내보내기
-> ``evaluate --json``으로 채점; 틀린 파일은 줄 번호를 말하는 한국어 오류와 0이 아닌 종료 코드(traceback 없음).
속도를 위해 인코더는 ko-mini-bert의 어휘를 쓰는 아주 작은 무작위 BERT입니다."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bertlab.cli import main
from bertlab.finetuning import get_task, load_finetuned
from conftest import REPO_ROOT


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory):
    """ko-mini-bert 토크나이저 + 은닉 16, 1층짜리 무작위 BertModel 폴더."""
    import torch
    from transformers import AutoTokenizer, BertConfig, BertModel

    from bertlab.models import offline_dir

    folder = tmp_path_factory.mktemp("tiny-base")
    tokenizer = AutoTokenizer.from_pretrained(str(offline_dir("ko-mini-bert")))
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(tokenizer), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=128)
    BertModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def exported(tiny_base, tmp_path_factory):
    out = tmp_path_factory.mktemp("exported")
    code = main(["finetune", "sentiment", "--base", str(tiny_base), "--max-steps", "6", "--eval-every", "3",
                 "--eval-size", "40", "--max-train", "200", "--lr", "1e-3", "--threads", "1", "--source", "builtin",
                 "--export", str(out)])
    assert code == 0
    return out


def eval_file(tmp_path, rows: list[str]):
    path = tmp_path / "my_reviews.tsv"
    path.write_text("id\tdocument\tlabel\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_finetune_exports_a_model_with_a_korean_card(exported):
    card = (exported / "README.md").read_text(encoding="utf-8")
    info = json.loads((exported / "finetune.json").read_text(encoding="utf-8"))
    for words in ("감성 분류", "python -m bertlab finetune sentiment", "시드", "하드웨어", "6단계", "평가 세트(test)"):
        assert words in card, words
    assert info["task"] == "sentiment" and info["seed"] == 0 and info["training"]["steps"] == 6
    assert info["data"]["train"] == 200 and info["data"]["test"] == 4000
    assert 0.0 <= info["scores"]["평가 세트(test)"]["accuracy"] <= 1.0
    assert info["best_validation"]["step"] in (3, 6)
    loaded = load_finetuned(exported, "sentiment")
    assert loaded.task is get_task("sentiment") and next(loaded.model.parameters()).dtype.is_floating_point
    assert str(next(loaded.model.parameters()).dtype) == "torch.float32"   # float16으로 저장해도 float32로 읽음


def test_evaluate_json_scores_an_instructors_nsmc_file(exported, tmp_path, capsys):
    path = eval_file(tmp_path, ["1\t정말 재밌어요 또 보고 싶다\t1", "2\t돈 아깝다 최악\t0", "3\t그냥 그랬음\t0"])
    capsys.readouterr()
    assert main(["evaluate", "sentiment", "--model", str(exported), "--eval-file", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["examples"] == 3 and report["metrics"]["examples"] == 3
    assert report["metrics"]["accuracy"] * 3 == pytest.approx(round(report["metrics"]["accuracy"] * 3))


def test_evaluate_fresh_trains_then_scores_and_keeps_stdout_pure_json(tiny_base, tmp_path, capsys):
    path = eval_file(tmp_path, ["1\t좋아요\t1", "2\t싫어요\t0"])
    capsys.readouterr()
    code = main(["evaluate", "sentiment", "--model", "fresh", "--base", str(tiny_base), "--max-steps", "2",
                 "--threads", "1", "--eval-file", str(path), "--json"])
    report = json.loads(capsys.readouterr().out)  # 훈련 진행 상황은 표준 오류로 가서 표준 출력은 JSON 하나
    assert code == 0 and report["model"] == "fresh" and report["examples"] == 2


def test_finetune_resumes_from_its_run_folder(tiny_base, tmp_path, capsys):
    common = ["finetune", "sentiment", "--base", str(tiny_base), "--max-train", "100", "--eval-size", "20",
              "--threads", "1", "--source", "builtin", "--run-dir", str(tmp_path / "run")]
    assert main(common + ["--max-steps", "3"]) == 0
    assert main(common + ["--max-steps", "5"]) == 0
    out = capsys.readouterr().out
    assert "이어 훈련" in out and '"step": 5' in out


def test_malformed_eval_file_is_a_korean_error_naming_the_line_without_traceback(exported, tmp_path):
    path = eval_file(tmp_path, ["1\t좋아요\t1", "2\t별로예요", "3\t그럭저럭\t0"])
    run = subprocess.run([sys.executable, "-m", "bertlab", "evaluate", "sentiment", "--model", str(exported),
                          "--eval-file", str(path), "--json"], capture_output=True, text=True, cwd=REPO_ROOT,
                         env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}, timeout=120)
    assert run.returncode != 0
    assert "my_reviews.tsv 3번째 줄" in run.stderr and "칸이 3개" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout and run.stdout == ""


def test_unknown_task_missing_course_model_and_wrong_folder_are_korean_errors(tmp_path, capsys):
    assert main(["evaluate", "nonexistent", "--model", "fresh"]) == 1
    assert "과제는 없습니다" in capsys.readouterr().err
    assert main(["evaluate", "sentiment", "--model", str(tmp_path)]) == 1
    assert "finetune.json" in capsys.readouterr().err
    if not get_task("sentiment").course_checkpoint().exists():
        assert main(["evaluate", "sentiment", "--model", "course"]) == 1
        assert "강의 모델이 아직" in capsys.readouterr().err
