"""레슨 13의 문장 쌍 과제: 형식 읽기(KLUE-NLI JSON, KorNLI TSV, KorSTS TSV, KLUE-STS JSON), 내장 부분집합(전제 단위,
평가 쌍은 훈련에 없음, 스크립트로 다시 만들면 같은 파일), 온라인 변환, 스피어먼, 가설만 본 기준선, ``finetune nli|sts``
-> 내보내기 -> ``evaluate --json``, 쌍 시험기(잘못된 입력은 한국어). 속도를 위해 인코더는 아주 작은 무작위 BERT."""

from __future__ import annotations

import json
import random

import pytest

from bertlab.cli import main
from bertlab.datasets import load_dataset, read_nli, read_sts
from bertlab.errors import BertlabError
from bertlab.finetuning import check_pair, get_task, load_finetuned, pearson, ranks, score_pair, spearman
from test_finetune_cli import tiny_base  # noqa: F401  (ko-mini-bert 어휘의 아주 작은 무작위 BERT 폴더, 같은 고정물)


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- 형식 ---------------------------------------------------------------------------------------------------

def test_nli_reads_klue_json_and_kornli_tsv_into_pairs_and_class_ids(tmp_path):
    klue = write(tmp_path, "my.json", json.dumps([
        {"guid": "1", "premise": "비가 온다.", "hypothesis": "날씨가 맑다.", "gold_label": "contradiction"},
        {"guid": "2", "premise": " 고양이가 잔다 😺 ", "hypothesis": "猫가 쉰다", "gold_label": "entailment"}],
        ensure_ascii=False))
    assert read_nli(klue) == [(("비가 온다.", "날씨가 맑다."), 2), (("고양이가 잔다 😺", "猫가 쉰다"), 0)]
    kornli = write(tmp_path, "my.tsv", "sentence1\tsentence2\tgold_label\n비가 온다.\t우산이 필요하다.\tneutral\n")
    assert read_nli(kornli) == [(("비가 온다.", "우산이 필요하다."), 1)]


def test_sts_reads_korsts_tsv_and_klue_sts_json(tmp_path):
    korsts = write(tmp_path, "sts.tsv", "genre\tfilename\tyear\tid\tscore\tsentence1\tsentence2\n"
                                        "main-news\tx\t2012\t1\t4.2\t남자가 뛴다.\t한 남자가 달린다.\n")
    assert read_sts(korsts) == [(("남자가 뛴다.", "한 남자가 달린다."), 4.2)]
    klue = write(tmp_path, "sts.json", json.dumps([{"sentence1": "가", "sentence2": "나",
                                                    "labels": {"label": 3.1, "real-label": 3.14, "binary-label": 1}}]))
    assert read_sts(klue) == [(("가", "나"), 3.1)]


@pytest.mark.parametrize("name, content, reader, words", [
    ("a.tsv", "sentence1\tsentence2\tgold_label\n가\t나\tmaybe\n", read_nli, "a.tsv 2번째 줄"),
    ("a.tsv", "sentence1\tsentence2\tgold_label\n가\t나\n", read_nli, "칸이 3개"),
    ("a.json", '[{"premise": "가", "hypothesis": "나", "gold_label": "yes"}]', read_nli, "1번째 항목"),
    ("a.json", '[{"premise": "가"', read_nli, "JSON으로 읽을 수 없습니다"),
    ("b.tsv", "genre\tfilename\tyear\tid\tscore\tsentence1\tsentence2\nx\tx\tx\t1\t7.5\t가\t나\n", read_sts, "0-5"),
    ("b.tsv", "x\tx\tx\t1\t높음\t가\t나\n", read_sts, "숫자가 아닙니다"),
    ("b.json", '[{"sentence1": "가", "sentence2": "나", "labels": {}}]', read_sts, "1번째 항목"),
])
def test_malformed_pair_files_get_a_korean_error_naming_the_line_or_item(tmp_path, name, content, reader, words):
    with pytest.raises(BertlabError, match=words):
        reader(write(tmp_path, name, content))


# --- 내장 부분집합 -------------------------------------------------------------------------------------------

def test_builtin_nli_is_premise_disjoint_balanced_and_names_its_licence():
    data = load_dataset("nli", source="builtin")
    premises = {split: {pair[0] for pair, _ in data.split(split)} for split in ("train", "validation", "test")}
    assert not premises["test"] & premises["train"] and not premises["validation"] & premises["train"]
    assert not premises["test"] & premises["validation"]
    assert len(data.test) > 1000 and len(data.train) > 3000
    counts = [sum(1 for _, label in data.test if label == k) for k in range(3)]
    assert min(counts) / max(counts) > 0.9
    assert "CC BY-SA 4.0" in data.licence and data.label_names == {0: "함의", 1: "중립", 2: "모순"}


def test_builtin_sts_tests_on_all_of_korsts_dev_and_never_trains_on_those_pairs():
    data = load_dataset("sts", source="builtin")
    assert len(data.test) == 1500 and len(data.validation) == 500
    assert not {pair for pair, _ in data.test} & {pair for pair, _ in data.train}
    assert all(0.0 <= score <= 5.0 for _, score in data.train + data.test)


@pytest.mark.parametrize("name", ["nli", "sts"])
def test_subset_script_reproduces_the_shipped_files(shared_data, tmp_path, name):
    from bertlab.datasets.loader import DATA_DIR
    from bertlab.datasets.make_subsets import main as make

    assert make([name, "--out", str(tmp_path)]) == 0
    for shipped in sorted((DATA_DIR / name).iterdir()):
        assert (tmp_path / shipped.name).read_bytes() == shipped.read_bytes(), shipped.name


def test_online_rows_from_the_hub_become_the_same_examples(monkeypatch):
    import datasets

    from bertlab.datasets import loader

    hub = {"nli": {"train": [{"premise": "가", "hypothesis": "나", "label": 2}] * 30 +
                   [{"premise": "다", "hypothesis": "라", "label": -1}],
                   "validation": [{"premise": "마", "hypothesis": "바", "label": 0}]},
           "sts": {"train": [{"sentence1": "가", "sentence2": "나", "labels": {"label": 4.5}}] * 30,
                   "validation": [{"sentence1": "다", "sentence2": "라", "labels": {"label": 0.5}}]}}
    monkeypatch.setattr(datasets, "load_dataset", lambda hub_id, config, revision=None: hub[config])
    nli = loader._load_real("nli", loader.DATASETS["nli"], seed=0)
    assert nli.test == [(("마", "바"), 0)] and len(nli.train) + len(nli.validation) == 30  # 레이블 없는 행은 뺌
    assert nli.source == "online" and nli.train[0] == (("가", "나"), 2)
    sts = loader._load_real("sts", loader.DATASETS["sts"], seed=0)
    assert sts.test == [(("다", "라"), 0.5)] and "KLUE" in sts.description


# --- 상관, 기준선 ---------------------------------------------------------------------------------------------

def test_ranks_and_spearman_match_scipy_with_ties():
    from scipy.stats import pearsonr, rankdata, spearmanr

    rng = random.Random(0)
    for _ in range(20):
        x = [rng.choice([0, 1, 2.5, 3, 5]) for _ in range(15)]
        y = [v + rng.uniform(-2, 2) for v in x]
        assert ranks(x).tolist() == pytest.approx(list(rankdata(x)))
        assert spearman(x, y) == pytest.approx(spearmanr(x, y).statistic, abs=1e-9)
        assert pearson(x, y) == pytest.approx(pearsonr(x, y).statistic, abs=1e-9)


def test_hypothesis_only_beats_chance_while_premise_only_does_not():
    from bertlab.finetuning import side_only_baseline

    data = load_dataset("nli", source="builtin")
    hypothesis = side_only_baseline(data.train, data.test, side="hypothesis")
    premise = side_only_baseline(data.train, data.test, side="premise")
    assert hypothesis.accuracy > hypothesis.chance + 0.05      # 주석 흔적: 실제 데이터에서 잰 값(약 0.44)
    assert abs(premise.accuracy - premise.chance) < 0.04        # 한 전제에 세 정답이 다 있으므로 우연 수준
    assert any(word in " ".join(hypothesis.top_words[2]) for word in ("않", "없", "전혀", "아무"))


# --- 과제, 명령줄, 쌍 시험기 ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def exported(tiny_base, tmp_path_factory):
    folders = {}
    for task in ("nli", "sts"):
        out = tmp_path_factory.mktemp(f"exported-{task}")
        assert main(["finetune", task, "--base", str(tiny_base), "--max-steps", "4", "--eval-every", "2",
                     "--eval-size", "30", "--max-train", "100", "--lr", "1e-3", "--threads", "1",
                     "--source", "builtin", "--export", str(out)]) == 0
        folders[task] = out
    return folders


def test_pair_encoding_marks_segments_and_cuts_the_longer_sentence_first(tiny_base):
    from transformers import AutoTokenizer

    from bertlab.finetuning import encode_pairs

    tokenizer = AutoTokenizer.from_pretrained(str(tiny_base))
    long_a = "서울 지하철 2호선이 오늘 아침 한 시간 동안 멈췄다"
    encoded = encode_pairs(tokenizer, [(long_a, "비가 온다")], max_length=14)
    ids, segments = encoded["input_ids"][0], encoded["token_type_ids"][0]
    assert len(ids) == 14 and ids.count(tokenizer.sep_token_id) == 2 and ids[0] == tokenizer.cls_token_id
    first_sep = ids.index(tokenizer.sep_token_id)
    assert set(segments[:first_sep + 1]) == {0} and set(segments[first_sep + 1:]) == {1}
    assert tokenizer.decode(ids[first_sep + 1:-1]) == tokenizer.decode(tokenizer("비가 온다")["input_ids"][1:-1])


def test_finetune_exports_and_evaluate_json_scores_each_published_format(exported, tmp_path, capsys):
    nli_file = write(tmp_path, "mine.tsv", "sentence1\tsentence2\tgold_label\n비가 온다.\t날씨가 맑다.\tcontradiction\n"
                                           "비가 온다.\t비가 내린다.\tentailment\n")
    sts_file = write(tmp_path, "mine.json", json.dumps([{"sentence1": "가", "sentence2": "나", "labels": {"label": 1.0}},
                                                        {"sentence1": "다", "sentence2": "다", "labels": {"label": 5.0}},
                                                        {"sentence1": "라", "sentence2": "마", "labels": {"label": 2.0}}]))
    for task, path, metric in (("nli", nli_file, "accuracy"), ("sts", sts_file, "spearman")):
        info = json.loads((exported[task] / "finetune.json").read_text(encoding="utf-8"))
        assert info["task"] == task and info["training"]["steps"] == 4
        assert f"python -m bertlab finetune {task}" in (exported[task] / "README.md").read_text(encoding="utf-8")
        capsys.readouterr()
        assert main(["evaluate", task, "--model", str(exported[task]), "--eval-file", str(path), "--json"]) == 0
        report = json.loads(capsys.readouterr().out)
        assert report["examples"] == len(read_nli(path) if task == "nli" else read_sts(path))
        assert metric in report["metrics"]
    assert load_finetuned(exported["sts"], "sts").model.config.num_labels == 1


def test_pair_scores_give_probabilities_and_a_score_and_korean_messages_for_bad_input(exported):
    from bertlab.widgets import pair_html

    models = {"NLI": load_finetuned(exported["nli"]), "STS": load_finetuned(exported["sts"]), "없음": "모델이 없습니다."}
    answers, notices = score_pair(models, "고양이가 잔다 😺", "猫가 잠을 잔다")
    assert sum(answers[0].probabilities.values()) == pytest.approx(1.0, abs=1e-5)
    assert list(answers[0].probabilities) == ["함의", "중립", "모순"] and isinstance(answers[1].score, float)
    assert answers[2].error == "모델이 없습니다." and notices == []
    assert score_pair(models, "가" * 5000, "나")[1] and "5,000자" in score_pair(models, "가" * 5000, "나")[1][0]
    for a, b, words in (("", "비", "비어 있습니다"), (None, "비", "문자열이어야"), ("비", ["목록"], "문자열이어야")):
        with pytest.raises(BertlabError, match=words):
            check_pair(a, b)
        assert words in pair_html(models, a, b) and "Traceback" not in pair_html(models, a, b)


def test_nli_and_sts_share_the_encoder_input_and_differ_in_head_and_loss():
    nli, sts = get_task("nli"), get_task("sts")
    assert type(nli).encode is type(sts).encode
    assert (nli.metric, sts.metric) == ("accuracy", "spearman") and len(nli.labels) == 3 and len(sts.labels) == 1


def test_datasets_name_the_test_split_they_really_loaded():
    """레슨 13·15의 그림·표 이름표: 내장은 KorSTS dev, 온라인이면 KLUE-STS dev(이슈 41)."""
    from bertlab.datasets.loader import DATASETS

    builtin = load_dataset("sts", source="builtin")
    assert builtin.test_label == "KorSTS dev" and DATASETS["sts"].real.test_name == "KLUE-STS dev"
    assert DATASETS["nli"].real.test_name == "KLUE-NLI dev" and "KLUE-NLI dev" in load_dataset("nli", source="builtin").test_label
    assert load_dataset("nsmc", source="builtin").test_label == "평가 세트"


def test_both_orders_appends_every_pair_swapped_with_its_label():
    from bertlab.errors import BertlabError
    from bertlab.finetuning import both_orders

    examples = [(("가", "나"), 3.5), (("다", "라"), 0.0)]
    assert both_orders(examples) == examples + [(("나", "가"), 3.5), (("라", "다"), 0.0)]
    with pytest.raises(BertlabError, match="문장 쌍"):
        both_orders([("문장 하나", 1)])


@pytest.mark.parametrize("task", ["sentiment", "nli"])
def test_both_orders_flag_is_a_korean_error_for_tasks_whose_answer_depends_on_order(task, capsys):
    from bertlab.cli import main

    # NLI: "고양이가 잔다" 함의 "동물이 잔다"이지만 거꾸로는 아님, 그래서 뒤집은 쌍에 같은 정답을 줄 수 없음
    assert main(["finetune", task, "--source", "builtin", "--both-orders", "--max-steps", "1"]) == 1
    err = capsys.readouterr().err
    assert "문장 쌍" in err and task in err
