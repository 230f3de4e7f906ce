"""``python -m bertlab pretrain``(ko-mini-bert 훈련 명령)을 장난감 크기로 끝까지: 어휘 학습 → 훈련 →
체크포인트 → 이어 훈련 → 내보내기. 이어 훈련 뒤 log.jsonl에 같은 단계가 두 번 남지 않는지도 봅니다."""

from __future__ import annotations

import argparse
import csv
import gzip
import json

import pytest

from bertlab.errors import BertlabError
from bertlab.pretraining import cli

MOVIES = [f"m{i}" for i in range(40)]
WORDS = ["영화", "배우", "연기", "정말", "재밌다", "지루하다", "감동", "최고", "별로", "음악", "장면", "결말",
         "한국어", "리뷰가", "재미있었다"]  # 마지막 셋: 훈련 명령이 확인하는 한글 보존 문장의 음절


def _fake_nsmc(path, reviews=400):
    """NSMC 원본과 같은 열(review_id, movie_id, rating, date, review)의 작은 .tsv.gz."""
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\")
        writer.writerow(["review_id", "movie_id", "rating", "date", "review"])
        for i in range(reviews):
            text = " ".join(WORDS[(i * k) % len(WORDS)] for k in (1, 3, 5, 7))
            writer.writerow([i, MOVIES[i % len(MOVIES)], 1 + i % 10, "2020-01-01", f"{text}."])
    return path


def _args(tmp_path, corpus_file, **overrides):
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    args = parser.parse_args([
        "--corpus", str(corpus_file), "--run-dir", str(tmp_path / "run"), "--no-package-corpora",
        "--vocab-size", "300", "--layers", "1", "--hidden", "32", "--heads", "2", "--intermediate", "64",
        "--max-length", "32", "--batch-size", "4", "--warmup", "2", "--max-steps", "40",
        "--checkpoint-every", "1000", "--dropout", "0", "--threads", "1"])
    for name, value in overrides.items():
        setattr(args, name, value)
    return args


def _logged(run_dir):
    return [json.loads(line) for line in (run_dir / "log.jsonl").read_text(encoding="utf-8").splitlines()]


def test_pretrain_command_trains_resumes_without_repeated_log_steps_and_exports(tmp_path):
    corpus = _fake_nsmc(tmp_path / "reviews.tsv.gz")
    run_dir = tmp_path / "run"
    assert cli.main(_args(tmp_path, corpus)) == 0
    assert [r["step"] for r in _logged(run_dir)] == [20, 40]
    assert json.loads((run_dir / "run.json").read_text())["step"] == 40

    # 멈추기 전에 체크포인트(40단계) 뒤 기록까지 적어 두고 끊긴 상황: 마지막 줄은 반쯤 쓰였습니다.
    with open(run_dir / "log.jsonl", "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"step": 60, "stale": True}) + "\n" + '{"step": 8')
    assert cli.main(_args(tmp_path, corpus, max_steps=80, export=str(tmp_path / "export"))) == 0
    records = _logged(run_dir)
    assert [r["step"] for r in records] == [20, 40, 60, 80]
    assert not any(r.get("stale") for r in records)
    assert json.loads((run_dir / "run.json").read_text())["step"] == 80

    from bertlab.pretraining import load_exported

    model, tokenizer = load_exported(tmp_path / "export", head="mlm")
    assert model.config.vocab_size == len(tokenizer) <= 300
    assert "".join(tokenizer.tokenize("영화 정말 재밌다")).replace("#", "") == "영화정말재밌다"


def test_pretrain_without_corpus_says_in_korean_where_to_put_it(tmp_path, monkeypatch):
    monkeypatch.setenv("BERTLAB_SHARED_DATA", str(tmp_path / "nowhere"))
    args = _args(tmp_path, "", corpus=None)
    assert cli.corpus_path(args) == tmp_path / "run" / "nsmc_raw_reviews.tsv.gz"
    with pytest.raises(BertlabError, match="NSMC 리뷰 파일이 없습니다"):
        cli.main(args)


def test_pretrain_init_from_starts_at_the_exported_weights_and_vocabulary(tmp_path):
    """``--init-from``: 저장소에 넣은 모델에서 새 옵티마이저로 이어 훈련(훈련 폴더가 사라져도 이어 갈 수 있게)."""
    from safetensors.torch import load_file

    from bertlab.tokenization import load_tokenizer

    corpus = _fake_nsmc(tmp_path / "reviews.tsv.gz")
    first = tmp_path / "first"
    assert cli.main(_args(tmp_path, corpus, export=str(first))) == 0

    # 0단계만 훈련하고 내보내면 시작 가중치가 그대로 나와야 합니다(fp16 -> fp32 -> fp16은 손실 없음).
    untouched = tmp_path / "untouched"
    assert cli.main(_args(tmp_path, corpus, run_dir=str(tmp_path / "run2"), init_from=str(first),
                          max_steps=0, layers=2, hidden=64, export=str(untouched))) == 0
    before, after = load_file(first / "model.safetensors"), load_file(untouched / "model.safetensors")
    assert before.keys() == after.keys()
    assert all((before[k] == after[k]).all() for k in before)
    assert load_tokenizer(untouched).get_vocab() == load_tokenizer(first).get_vocab()

    # 이어서 훈련하면 같은 구조에서 가중치가 바뀝니다.
    trained = tmp_path / "trained"
    assert cli.main(_args(tmp_path, corpus, run_dir=str(tmp_path / "run3"), init_from=str(first),
                          max_steps=20, export=str(trained))) == 0
    weight = "bert.encoder.layer.0.output.dense.weight"
    changed = load_file(trained / "model.safetensors")[weight]
    assert changed.shape == before[weight].shape
    assert not (changed == before[weight]).all()
    assert [r["step"] for r in _logged(tmp_path / "run3")] == [20]


def test_pretrain_init_from_a_folder_without_a_model_says_so_in_korean(tmp_path):
    args = _args(tmp_path, _fake_nsmc(tmp_path / "reviews.tsv.gz"), init_from=str(tmp_path / "없는폴더"))
    with pytest.raises(BertlabError, match="내보낸 모델"):
        cli.main(args)
    assert not (tmp_path / "run").exists()  # 훈련 폴더를 만들기 전에 멈춤


def test_pretrain_init_from_a_vocabulary_that_breaks_hangul_says_so_in_korean(tmp_path):
    """시작 모델의 토크나이저가 악센트 제거(NFD)로 한글을 자모로 쪼개면 훈련 전에 한국어로 멈춥니다."""
    corpus = _fake_nsmc(tmp_path / "reviews.tsv.gz")
    first = tmp_path / "first"
    assert cli.main(_args(tmp_path, corpus, max_steps=0, export=str(first))) == 0
    for name, edit in (("tokenizer.json", lambda d: d["normalizer"].update(strip_accents=True)),
                       ("tokenizer_config.json", lambda d: d.update(strip_accents=True))):
        settings = json.loads((first / name).read_text(encoding="utf-8"))
        edit(settings)
        (first / name).write_text(json.dumps(settings, ensure_ascii=False), encoding="utf-8")
    args = _args(tmp_path, corpus, run_dir=str(tmp_path / "run2"), init_from=str(first))
    with pytest.raises(BertlabError, match=r"--init-from 폴더.*한글 음절이 그대로 남지 않습니다"):
        cli.main(args)
    assert not (tmp_path / "run2" / "checkpoint.pt").exists()


def test_pretrain_bf16_on_a_cpu_without_bf16_hardware_trains_in_float32_and_says_so(tmp_path, monkeypatch, capsys):
    """AVX2뿐인 CPU에서 --bf16은 흉내 연산이라 수십 배 느립니다: 한국어로 알리고 float32로 훈련합니다."""
    from bertlab.pretraining import training

    monkeypatch.setattr(training, "cpu_has_native_bf16", lambda: False)
    corpus = _fake_nsmc(tmp_path / "reviews.tsv.gz")
    assert cli.main(_args(tmp_path, corpus, bf16=True, max_steps=20)) == 0
    assert "bfloat16 하드웨어 연산" in capsys.readouterr().out
    assert json.loads((tmp_path / "run" / "run.json").read_text())["training"]["bf16"] is False


def test_bf16_stays_on_where_the_hardware_has_it_or_on_a_gpu(monkeypatch):
    from bertlab.pretraining import training

    monkeypatch.setattr(training, "cpu_has_native_bf16", lambda: True)
    assert training.bf16_fallback_message(True, "cpu") is None
    monkeypatch.setattr(training, "cpu_has_native_bf16", lambda: False)
    assert training.bf16_fallback_message(True, "cuda") is None
    assert training.bf16_fallback_message(False, "cpu") is None
    assert "float32" in training.bf16_fallback_message(True, "cpu")
