"""레슨 14의 질의응답: SQuAD 형식 읽기(틀린 정답 위치는 한국어 오류), KorQuAD의 예약 문서(120-139)를 읽을 수 없는
읽기, 강의가 쓴 내장 예문(정답은 지문의 글자 그대로, 소개 글의 두 예는 평가 세트), 온라인 변환(예약 문서 앞에서 멈춤),
S·E와 ``qa_outputs``, 유효 구간, KorQuAD EM·글자 F1, 창 나누기와 정답 토큰, ``finetune qa`` -> 내보내기 ->
``evaluate --json``, 질의응답 뷰어(잘못된 입력은 한국어). 속도를 위해 인코더는 아주 작은 무작위 BERT."""

from __future__ import annotations

import json
import random

import pytest
import torch

from bertlab.cli import main
from bertlab.datasets import RESERVED_FROM, load_dataset, read_korquad, read_squad_json, write_squad_json
from bertlab.errors import BertlabError
from bertlab.finetuning import QA, best_spans, exact_match, f1_score, load_finetuned, start_end_probabilities
from test_finetune_cli import tiny_base  # noqa: F401  (ko-mini-bert 어휘의 아주 작은 무작위 BERT 폴더)


def article(title: str, context: str, qas: list[tuple[str, str, int]]) -> dict:
    return {"title": title, "paragraphs": [{"context": context, "qas": [
        {"id": f"{title}-{i}", "question": q, "answers": [{"text": a, "answer_start": s}]}
        for i, (q, a, s) in enumerate(qas)]}]}


@pytest.fixture
def no_shared_data(monkeypatch, tmp_path):
    """공유 데이터가 없는 환경(CI, 학생 노트북)처럼: 내장 예문을 씀."""
    monkeypatch.setenv("BERTLAB_SHARED_DATA", str(tmp_path / "없음"))


# --- 형식과 예약 문서 -------------------------------------------------------------------------------------------

def test_squad_json_round_trips_and_a_misplaced_answer_is_a_korean_error(tmp_path):
    path = write_squad_json(tmp_path / "mine.json", [article("비", "비는 중력 때문에 떨어진다 😀", [("왜?", "중력", 3)])])
    assert read_squad_json(path) == [(("왜?", "비는 중력 때문에 떨어진다 😀"), (("중력", 3),))]
    wrong = write_squad_json(tmp_path / "wrong.json", [article("비", "비는 중력 때문", [("왜?", "중력", 0)])])
    with pytest.raises(BertlabError, match="0번째 글자"):
        read_squad_json(wrong)
    (tmp_path / "bad.json").write_text('{"data": [', encoding="utf-8")
    with pytest.raises(BertlabError, match="JSON 파일을 읽지 못했습니다"):
        read_squad_json(tmp_path / "bad.json")


class _Guarded(dict):
    """손대면 테스트를 실패시키는 문서(예약 문서 자리)."""

    def __getitem__(self, key):
        raise AssertionError("예약 문서를 읽었습니다")

    get = __getitem__


def test_reserved_korquad_articles_cannot_be_read(tmp_path, monkeypatch):
    articles = [article(f"문서{i}", f"지문 {i}번입니다.", [("몇 번?", f"{i}번", 3)]) for i in range(RESERVED_FROM)]
    articles += [_Guarded() for _ in range(20)]                      # 120-139: 건드리면 실패
    data = {"version": "KorQuAD_v1.0_dev", "data": articles}
    import bertlab.datasets.squad as squad

    monkeypatch.setattr(squad.json, "loads", lambda text: data)
    path = tmp_path / "KorQuAD_v1.0_dev.json"
    path.write_text("{}", encoding="utf-8")
    assert len(read_korquad(path, range(0, RESERVED_FROM))) == RESERVED_FROM
    assert len(read_squad_json(path)) == RESERVED_FROM               # 통째로 읽어도 앞 120개만
    assert set(squad.korquad_splits(path)) == {"train", "validation", "test"}
    for bad in (range(110, 125), range(139, 140), range(-1, 3)):
        with pytest.raises(BertlabError, match="예약"):
            read_korquad(path, bad)


def test_real_korquad_splits_are_article_disjoint_and_stop_before_the_reserved_articles(shared_data):
    from bertlab.datasets import KORQUAD_FILE, korquad_splits

    splits = korquad_splits(shared_data / KORQUAD_FILE)
    contexts = {name: {pair[1] for pair, _ in rows} for name, rows in splits.items()}
    assert not contexts["train"] & contexts["test"] and not contexts["validation"] & contexts["test"]
    whole = read_squad_json(shared_data / KORQUAD_FILE)
    assert len(whole) == sum(map(len, splits.values())) < 5774      # 예약 문서 120-139의 질문은 없음
    for (question, context), answers in splits["test"][:50]:
        assert all(context[s:s + len(text)] == text for text, s in answers)


# --- 내장 예문과 불러오기 -----------------------------------------------------------------------------------------

def test_builtin_set_is_hand_written_with_exact_answers_and_the_seed_examples_in_its_test_split(no_shared_data):
    data = load_dataset("korquad", source="builtin")
    assert "직접 쓴" in data.description and data.licence.startswith("MIT")
    passages = {name: {pair[1] for pair, _ in data.split(name)} for name in ("train", "validation", "test")}
    assert sum(map(len, passages.values())) >= 30 and not passages["train"] & passages["test"]
    for (question, context), answers in data.train + data.validation + data.test:
        assert question.strip() and all(context[s:s + len(t)] == t for t, s in answers)
    seeds = {question: answers[0][0] for (question, _), answers in data.test}
    assert seeds["강수가 떨어지도록 영향을 주는 것은?"] == "중력" and any("면역 체계" in q for q in seeds)


def test_offline_loading_says_in_korean_which_data_it_used(no_shared_data, monkeypatch):
    from bertlab.models import network

    # 패키지(bertlab.models)가 아니라 모듈을 바꿉니다: 패키지에 바꾸면 되돌릴 때 원래 함수가 패키지 속성으로 굳어,
    # 뒤의 테스트(test_datasets)가 network 모듈을 바꿔도 효과가 없습니다.
    monkeypatch.setattr(network, "network_status", lambda: type("S", (), {"online": False})())
    data = load_dataset("korquad")
    assert data.source == "builtin" and "인터넷에 연결되어 있지 않아" in data.notice and "직접 쓴" in data.notice


def test_online_korquad_is_read_through_datasets_and_stops_before_article_120(monkeypatch):
    import datasets

    from bertlab.datasets import loader

    def row(title, i):
        return {"title": title, "question": f"{i}?", "context": f"지문 {i}", "answers": {"text": [f"{i}"], "answer_start": [3]}}

    validation = [row(f"문서{a}", a) for a in range(125) for _ in range(2)]
    hub = {"train": [row("훈련", i) for i in range(30)], "validation": validation}
    monkeypatch.setattr(datasets, "load_dataset", lambda hub_id, config=None, revision=None: hub)
    data = loader._load_real("korquad", loader.DATASETS["korquad"], seed=0)
    assert len(data.test) == 2 * RESERVED_FROM and data.test[-1][0][1] == f"지문 {RESERVED_FROM - 1}"
    assert len(data.train) + len(data.validation) == 30 and data.source == "online" and "KorQuAD" in data.description


# --- S, E, 구간, 채점 ------------------------------------------------------------------------------------------

def test_qa_outputs_is_the_start_and_end_vectors_stacked(tiny_base):
    model = QA.new_model(str(tiny_base)).eval()
    S, E = model.qa_outputs.weight                                    # (2, H): 0행 S, 1행 E
    ids = torch.tensor([[2, 300, 400, 3, 500, 600, 700, 3]])
    with torch.no_grad():
        R = model.bert(ids).last_hidden_state[0]                      # (T, H)
        output = model(ids)
    bias = model.qa_outputs.bias
    assert torch.allclose(output.start_logits[0], R @ S + bias[0], atol=1e-5)
    p_start, p_end = start_end_probabilities(S, E, R)
    assert torch.allclose(p_start, output.start_logits[0].softmax(-1), atol=1e-5)   # 상수 편향은 소프트맥스에서 사라짐
    assert torch.allclose(p_end.sum(), torch.tensor(1.0))


def test_best_spans_match_brute_force_and_respect_order_length_and_the_passage():
    rng = random.Random(0)
    for _ in range(200):
        size = rng.randint(3, 12)
        starts, ends = [rng.uniform(-3, 3) for _ in range(size)], [rng.uniform(-3, 3) for _ in range(size)]
        allowed = [rng.random() < 0.7 for _ in range(size)]
        longest = rng.randint(1, 4)
        brute = max(((starts[i] + ends[j], i, j) for i in range(size) for j in range(i, min(size, i + longest))
                     if allowed[i] and allowed[j]), default=None)
        found = best_spans(starts, ends, allowed, longest, n_best=size)
        assert (found[0].start, found[0].end) == (brute[1], brute[2]) if brute else found == []


def test_exact_match_and_character_f1_follow_korquad():
    assert exact_match("중력의", "중력") == 0.0 and f1_score("중력의", "중력") == pytest.approx(0.8)
    assert exact_match("《중력》", "중력") == 1.0 and exact_match("Gravity.", ["중력", "gravity"]) == 1.0
    assert f1_score("2월 15일", "1989년 2월 15일") == pytest.approx(2 * 1.0 * (5 / 10) / (1.0 + 5 / 10))
    assert f1_score("백혈구", "소나기") == 0.0 and f1_score("", "중력") == 0.0


# --- 창과 정답 토큰 ---------------------------------------------------------------------------------------------

def test_long_passages_become_overlapping_windows_and_answerless_windows_point_at_cls(tiny_base):
    from transformers import AutoTokenizer

    from bertlab.finetuning import passage_mask, question_windows

    tokenizer = AutoTokenizer.from_pretrained(str(tiny_base))
    passage = " ".join(f"{i}번째 문장은 평범한 내용이다." for i in range(30)) + " 비가 떨어지는 까닭은 중력 때문이다."
    answer_start = passage.index("중력")
    windows = question_windows(tokenizer, [("정답은?", passage)], max_length=48)
    assert len(windows["input_ids"]) > 3 and all(len(ids) <= 48 for ids in windows["input_ids"])
    long_question = question_windows(tokenizer, [("아주 긴 질문 " * 30, passage)], max_length=48)   # 질문은 절반까지만
    assert all(len(ids) <= 48 and passage_mask(long_question, w).count(True) > 0
               for w, ids in enumerate(long_question["input_ids"]))
    QA.negative_share, saved = 1.0, QA.negative_share
    try:
        features = QA.encode(tokenizer, [(("정답은?", passage), (("중력", answer_start),))], max_length=48)
    finally:
        QA.negative_share = saved
    assert len(features) == len(windows["input_ids"])
    hits = [w for w, f in enumerate(features) if f["start_positions"] > 0]
    assert hits and all(features[w]["start_positions"] == features[w]["end_positions"] == 0
                        for w in range(len(features)) if w not in hits)
    w = hits[-1]
    offsets = windows["offset_mapping"][w]
    s, e = features[w]["start_positions"], features[w]["end_positions"]
    assert passage[offsets[s][0]:offsets[e][1]] == "중력" and passage_mask(windows, w)[s]


# --- 명령줄, 위젯 -------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def exported(tiny_base, tmp_path_factory):
    out = tmp_path_factory.mktemp("qa-exported")
    patch = pytest.MonkeyPatch()
    patch.setenv("BERTLAB_SHARED_DATA", str(out / "없음"))
    try:
        assert main(["finetune", "qa", "--base", str(tiny_base), "--max-steps", "4", "--eval-every", "2",
                     "--lr", "1e-3", "--threads", "1", "--source", "builtin", "--export", str(out)]) == 0
    finally:
        patch.undo()
    return out


def test_finetune_qa_exports_a_card_and_evaluate_json_reports_em_and_f1(exported, tmp_path, capsys):
    info = json.loads((exported / "finetune.json").read_text(encoding="utf-8"))
    assert info["task"] == "qa" and info["training"]["steps"] == 4
    assert "python -m bertlab finetune qa" in (exported / "README.md").read_text(encoding="utf-8")
    mine = write_squad_json(tmp_path / "mine.json", [article("비", "비는 중력 때문에 떨어진다.", [("왜?", "중력", 3)]),
                                                     article("눈", "눈은 겨울에 온다.", [("언제?", "겨울", 3)])])
    capsys.readouterr()
    assert main(["evaluate", "qa", "--model", str(exported), "--eval-file", str(mine), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["examples"] == 2 and 0.0 <= report["metrics"]["exact_match"] <= report["metrics"]["f1"] <= 1.0


@pytest.mark.parametrize("question, passage, words", [
    ("", "비는 중력 때문에 떨어진다.", "질문이 비어"), ("왜?", "   ", "지문이 비어"), (None, "비", "문자열이어야"),
    ("왜?", ["목록"], "문자열이어야"), ("왜?", "가" * 5001, "5,001자"), ("왜" * 300, "비", "질문이 너무 깁니다")],
    ids=["empty-question", "blank-passage", "none", "list", "too-long-passage", "too-long-question"])
def test_qa_viewer_answers_bad_input_in_korean(exported, question, passage, words):
    from bertlab.widgets import qa_html

    shown = qa_html(question, passage, {"작은 모델": load_finetuned(exported, "qa")})
    assert words in shown and "Traceback" not in shown


@pytest.mark.parametrize("question, passage", [
    ("강수가 떨어지도록 영향을 주는 것은?", "기상학에서 강수는 중력의 영향으로 떨어지는 것이다."),
    ("😀 누가 漢字를 만들었나?", "漢字는 고대 중국에서 만들어진 문자이다 😀 mixed 스크립트 text."),
    ("무엇이 떨어지나?", "비가 떨어진다. " * 555)], ids=["seed", "emoji-hanja-mixed", "long-passage"])
def test_qa_viewer_draws_bars_and_the_answer_is_a_piece_of_the_passage(exported, question, passage):
    from bertlab.widgets import qa_html

    tuned = load_finetuned(exported, "qa")
    answer = QA.answer(tuned.model, tuned.tokenizer, question, passage)
    assert answer.text == passage[answer.start:answer.end] and answer.text
    assert len(answer.tokens) == len(answer.start_probabilities) == len(answer.end_probabilities)
    assert float(answer.start_probabilities.sum()) <= 1.0 + 1e-5
    assert "시작 확률" in qa_html(question, passage, {"작은 모델": tuned})


def test_answer_carries_its_confidence_the_no_answer_probability_and_distinct_n_best_candidates(exported):
    """확신도 = 고른 구간의 P_start(i)·P_end(j)(창의 모든 토큰 위 소프트맥스). 후보는 점수순, 같은 글자 구간은 한 번."""
    tuned = load_finetuned(exported, "qa")
    question, passage = "무엇이 떨어지나?", "비가 떨어진다. " * 80           # 창 여럿(겹치는 구간이 여러 창에 나옴)
    answer = QA.answer(tuned.model, tuned.tokenizer, question, passage)
    first = answer.candidates[0]
    assert (first.text, first.start, first.end) == (answer.text, answer.start, answer.end)
    assert answer.confidence == pytest.approx(first.probability) and 0 < answer.confidence <= 1
    assert 0 < answer.no_answer <= 1
    spans = [(c.start, c.end) for c in answer.candidates]
    assert len(spans) == len(set(spans)) and [c.score for c in answer.candidates] == sorted(
        (c.score for c in answer.candidates), reverse=True)
    assert answer.windows > 1


def test_low_confidence_and_non_korean_questions_get_a_korean_note():
    from bertlab.finetuning import LOW_CONFIDENCE, confidence_notes
    from bertlab.finetuning.qa_answer import Answer

    def made(confidence, no_answer):
        return Answer("중력", 0, 2, 1.0, [], [], torch.zeros(0), torch.zeros(0), confidence=confidence, no_answer=no_answer)

    sure = made(0.9, 0.01)
    assert sure.confident and confidence_notes("무엇이 떨어지나?", "비는 중력 때문에 떨어진다.", sure) == []
    shaky = made(LOW_CONFIDENCE / 2, 0.01)
    assert not shaky.confident and "확신이 낮습니다" in confidence_notes("왜?", "비가 온다.", shaky)[0]
    no_answer = made(0.3, 0.6)
    assert "[CLS]" in confidence_notes("서울의 인구는?", "비가 온다.", no_answer)[0]
    for odd in ("😀😀😀", "漢字?", "Who invented rain?"):
        assert "질문에 한글이 없습니다" in confidence_notes(odd, "비가 온다.", sure)[0]
    assert "지문에 한글이 없습니다" in confidence_notes("누가?", "😀😀 😀", sure)[0]


def test_qa_viewer_shows_confidence_notes_and_candidates(exported):
    from bertlab.widgets import qa_html

    shown = qa_html("😀😀", "비는 중력 때문에 떨어진다.", {"작은 모델": load_finetuned(exported, "qa")})
    assert "확신도" in shown and "n-best 후보" in shown and "질문에 한글이 없습니다" in shown


def test_untrained_model_is_the_seeded_starting_point_of_finetune(tiny_base):
    from bertlab.finetuning import untrained_model

    first, second = untrained_model(QA, base=str(tiny_base)), untrained_model(QA, base=str(tiny_base))
    assert torch.equal(first.model.qa_outputs.weight, second.model.qa_outputs.weight)      # 같은 시드 = 같은 헤드
    other = untrained_model(QA, base=str(tiny_base), seed=1)
    assert not torch.equal(first.model.qa_outputs.weight, other.model.qa_outputs.weight)
    assert not first.model.training and first.result is None and first.settings["untrained"]
