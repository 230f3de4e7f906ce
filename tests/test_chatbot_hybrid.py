"""레슨 16 강의 챗봇의 두 번째 검색기(BM25)와 합친 색인: 낱말 나누기, 점수 0-1, 답마다 후보 하나, ``reply``와
``evaluate chatbot --model course``(같은 JSON 열쇠), 새로 쓴 바꿔 말하기 평가 세트의 모양."""

from __future__ import annotations

import json

import pytest
import torch

from bertlab.chatbot import (HybridIndex, LexicalIndex, build_index, lexical_tokens, load_chatbot_pairs,
                             read_paraphrases, reply, retrieval_accuracy)
from bertlab.chatbot.data import DATA_DIR, DEV_FILE, ChatbotPairs
from test_chatbot import CharEncoder, _edit_distance, cache  # noqa: F401

TEST_FILE = DATA_DIR / "paraphrases_test.tsv"
PAIRS = ChatbotPairs(["미세먼지가 너무 심해", "배고파 죽겠다", "헤어진 여자친구가 생각나", "주말에 영화 볼까",
                      "오늘 공기가 안 좋네"],
                     ["마스크 꼭 챙기세요.", "맛있는 거 드세요.", "시간이 약이에요.", "좋은 생각이에요.", "마스크 꼭 챙기세요."],
                     [0, 0, 1, 0, 0])


def test_lexical_tokens_are_content_morphemes_and_letter_bigrams():
    tokens = lexical_tokens("여친이랑 영화 봤어")
    assert any(t.startswith("영화/NN") for t in tokens) and any(t.startswith("여친/NN") for t in tokens)
    assert "여친" in tokens and "영화" in tokens                       # 띄어쓰기를 뺀 바이그램
    assert not any(t.startswith("이랑/") for t in tokens)              # 조사는 뺌
    assert lexical_tokens("") == [] and lexical_tokens("ㅋ") == ["ㅋ"]


def test_bm25_scores_are_between_zero_and_one_and_favour_shared_rare_words():
    index = LexicalIndex(PAIRS.questions)
    scores = index.scores(["미세먼지 때문에 목 아파", "!!!"])            # (2, 5)
    assert scores.shape == (2, 5)
    assert float(scores[0].max()) == pytest.approx(1.0) and int(scores[0].argmax()) == 0
    assert torch.equal(scores[1], torch.zeros(5))                        # 겹치는 낱말이 없으면 0


def test_hybrid_search_keeps_one_candidate_per_answer(cache):
    dense = build_index(CharEncoder(), PAIRS, quiet=True)
    hybrid = HybridIndex(dense, LexicalIndex(PAIRS.questions))
    scores, rows = hybrid.search(["오늘 미세먼지 공기 최악"], k=4)
    answers = [PAIRS.answers[r] for r in rows[0].tolist()]
    assert len(answers) == len(set(answers)) == 4                         # 같은 답(마스크)은 한 번만
    assert torch.all(scores[0][:-1] >= scores[0][1:])
    fused = dense.scores(["오늘 미세먼지 공기 최악"]) + 0.2 * hybrid.lexical.scores(["오늘 미세먼지 공기 최악"])
    assert float(scores[0, 0]) == pytest.approx(float(fused.max()))


def test_weight_zero_is_the_dense_ranking(cache):
    dense = build_index(CharEncoder(), PAIRS, quiet=True)
    hybrid = HybridIndex(dense, LexicalIndex(PAIRS.questions), weight=0.0)
    assert torch.equal(hybrid.scores(["배 고파"]), dense.scores(["배 고파"]))


def test_reply_and_accuracy_accept_the_hybrid_index(cache):
    hybrid = HybridIndex(build_index(CharEncoder(), PAIRS, quiet=True), LexicalIndex(PAIRS.questions))
    answer = reply(hybrid, "주말엔 영화나 볼까", k=3)
    assert answer.answer == "좋은 생각이에요." and len({a for a, _, _ in answer.candidates}) == 3
    scores = retrieval_accuracy(hybrid, [("주말에 영화 보러 갈까", 3), ("배고파 미치겠다", 1)])
    assert scores["top1"] == 1.0 and scores["examples"] == 2


def test_evaluate_course_chatbot_uses_the_hybrid_with_the_same_json_keys(cache, monkeypatch, capsys, tmp_path):
    from bertlab import cli
    from bertlab.chatbot import encoders

    monkeypatch.setattr(encoders, "load_encoder", lambda name: CharEncoder())
    monkeypatch.setattr("bertlab.chatbot.data.load_chatbot_pairs", lambda path=None: PAIRS)
    seen = []
    original = HybridIndex.search
    monkeypatch.setattr(HybridIndex, "search", lambda self, q, k=5: seen.append(k) or original(self, q, k))
    eval_file = tmp_path / "dev.tsv"
    eval_file.write_text("row\tquery\n0\t미세먼지 심하다\n1\t배 고프다\n", encoding="utf-8")
    assert cli.main(["evaluate", "chatbot", "--model", "course", "--eval-file", str(eval_file), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert seen and set(report) >= {"task", "model", "base", "eval_file", "examples", "metrics", "index", "seconds"}
    assert set(report["metrics"]) == {"top1", "top5", "examples"}


def test_the_test_paraphrase_set_is_new_real_and_apart_from_the_dev_set():
    pairs = load_chatbot_pairs()
    test = read_paraphrases(TEST_FILE, len(pairs))
    dev_rows = {row for _, row in read_paraphrases(DEV_FILE, len(pairs))}
    assert len(test) >= 100 and len({row for _, row in test}) == len(test)
    assert not dev_rows & {row for _, row in test}
    questions = set(pairs.questions)
    for query, row in test:
        assert query not in questions, f"원래 질문을 그대로 옮김: {query}"
        assert _edit_distance(query.replace(" ", ""), pairs.questions[row].replace(" ", "")) >= 3, query
    labels = [pairs.labels[row] for _, row in test]
    assert min(labels.count(k) for k in (0, 1, 2)) >= 35
