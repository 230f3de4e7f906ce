"""강의 모델(이슈 40): NER·NLI·STS(레슨 12-13)의 파인 튜닝 모델은 multilingual-e5-small 위의 델타(훈련한 가중치만,
20 MB 이하)이고, 감성 분류(레슨 11)와 질의응답(레슨 14)은 e5를 해 보고 검증 세트에서 더 나았던 ko-mini-bert를 그대로
둡니다(카드의 '해 본 것'). 모두
한국어 모델 카드(데이터, 명령, 시드, 하드웨어, 시간, 검증·평가 점수, 해 본 것)가 있으며, ``evaluate --model course``가
과제의 공개 형식 파일로 같은 JSON 열쇠를 내고, 내장 평가 세트의 일부에서 우연보다 훨씬 잘 맞힙니다.

점수 자체(목표와 비교)는 ``python -m bertlab bench --only course_models``가 출력합니다."""

from __future__ import annotations

import json

import pytest

from bertlab.cli import main
from bertlab.finetuning import QA, SEED_EXAMPLES, get_task, load_finetuned

TASKS = ("sentiment", "ner", "nli", "sts", "qa")
E5_TASKS = ("ner", "nli", "sts")   # 감성 분류·질의응답은 검증 세트로 ko-mini-bert를 골랐습니다(카드의 '해 본 것')
MAX_BYTES = 20 * 1024 * 1024
# 내장 평가 세트 앞부분에서의 바닥(우연 수준보다 뚜렷이 높음; 실제 점수는 벤치마크와 카드에)
FLOORS = {"sentiment": ("accuracy", 0.80), "ner": ("f1", 0.45), "nli": ("accuracy", 0.45),
          "sts": ("spearman", 0.60), "qa": ("f1", 0.30)}
SAMPLE = {"sentiment": 200, "ner": 80, "nli": 150, "sts": 200, "qa": 40}


def _folder(task_name):
    folder = get_task(task_name).course_checkpoint()
    if not folder.is_dir():
        pytest.skip(f"강의 모델 폴더가 없습니다: {folder}")
    return folder


@pytest.mark.parametrize("task_name", TASKS)
def test_course_checkpoint_is_a_small_e5_delta_with_a_korean_card(task_name):
    folder = _folder(task_name)
    task = get_task(task_name)
    files = {path.name for path in folder.iterdir()}
    assert sum(path.stat().st_size for path in folder.iterdir()) <= MAX_BYTES
    info = json.loads((folder / "finetune.json").read_text(encoding="utf-8"))
    assert info["task"] == task_name
    if task_name in E5_TASKS:
        assert {task.delta_file, "finetune.json", "README.md"} <= files and "model.safetensors" not in files
        assert info["base"] == "multilingual-e5-small"
    else:   # e5를 해 본 기록(명령과 검증 점수)이 카드에 남아 있어야 합니다
        tried = (folder / "README.md").read_text(encoding="utf-8").split("## 해 본 것", 1)[-1]
        assert "--base multilingual-e5-small" in tried and "검증" in tried
    assert info["best_validation"] and info["scores"] and info["seed"] is not None
    card = (folder / "README.md").read_text(encoding="utf-8")
    for words in (f"python -m bertlab finetune {task_name}", "시드", "하드웨어", "훈련한 부분", "검증 세트",
                  "평가 세트(test)", "해 본 것"):
        assert words in card, words


def _public_file(task_name, examples, path):
    """내장 평가 예제 몇 개 -> 그 과제가 공개된 형식의 파일(``evaluate --eval-file``이 읽는 모양). 데이터 패키지의 쓰기 함수를 씀."""
    from bertlab.datasets.klue_ner import write_klue_ner_tsv
    from bertlab.datasets.pair_formats import NLI_LABELS, write_klue_nli_json, write_korsts_tsv
    from bertlab.datasets.squad import write_squad_json

    if task_name == "sentiment":   # NSMC: 쓰기 함수가 원본에서 고르는 것뿐이라 한 줄로
        path.write_text("id\tdocument\tlabel\n" + "".join(f"{i}\t{t}\t{y}\n" for i, (t, y) in enumerate(examples)),
                        encoding="utf-8")
    elif task_name == "nli":
        write_klue_nli_json(path, [{"guid": str(i), "source": "test", "premise": a, "hypothesis": b,
                                    "gold_label": NLI_LABELS[y]} for i, ((a, b), y) in enumerate(examples)])
    elif task_name == "sts":
        write_korsts_tsv(path, [["g", "f", "2020", str(i), str(y), a, b] for i, ((a, b), y) in enumerate(examples)])
    elif task_name == "ner":
        write_klue_ner_tsv(path, [(f"test-{i}", text, tuple(tags)) for i, (text, tags) in enumerate(examples)])
    else:
        write_squad_json(path, [{"title": "t", "paragraphs": [{"context": passage, "qas": [
            {"id": str(i), "question": question, "answers": [{"text": t, "answer_start": s} for t, s in golds]}]}]}
            for i, ((question, passage), golds) in enumerate(examples)])
    return path


@pytest.mark.parametrize("task_name", TASKS)
def test_evaluate_course_model_on_a_public_format_file(task_name, tmp_path, capsys):
    _folder(task_name)
    task = get_task(task_name)
    examples = task.load_data(source="builtin").test[:SAMPLE[task_name]]
    path = _public_file(task_name, examples, tmp_path / f"eval.{'json' if task_name in ('nli', 'qa') else 'tsv'}")
    assert len(task.read_file(path)) == len(examples)
    assert main(["evaluate", task_name, "--model", "course", "--eval-file", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"task", "model", "base", "eval_file", "examples", "metrics", "seconds"}
    assert report["examples"] == len(examples)
    assert task_name not in E5_TASKS or report["base"] == "multilingual-e5-small"
    metric, floor = FLOORS[task_name]
    assert report["metrics"][metric] >= floor, report["metrics"]


def test_course_qa_model_answers_the_seeds_or_says_it_is_unsure():
    """소개 글의 두 예: 기대한 답(`중력`, `질병`)이거나, 아니면 확신이 낮다는 안내가 붙어야 합니다(틀린 답을 자신 있게 내지 않음)."""
    _folder("qa")
    tuned = load_finetuned(QA.course_checkpoint(), "qa")
    expected = {"중력(기상학)": "중력", "면역 체계": "질병"}
    for name, (question, passage) in SEED_EXAMPLES.items():
        found = QA.answer(tuned.model, tuned.tokenizer, question, passage)
        assert found.text.strip() == expected[name] or found.notes, (name, found.text, found.confidence)
