"""레슨 16 검색 챗봇: 데이터, 바꿔 말하기 평가 세트, 색인 캐시, 행렬 곱 검색, 문턱값, 명령줄, 위젯의 잘못된 입력."""

from __future__ import annotations

import hashlib
import json

import pytest
import torch

from bertlab.chatbot import (DEV_FILE, DONT_KNOW, build_index, check_query, load_chatbot_pairs, read_paraphrases,
                             reply, retrieval_accuracy)
from bertlab.chatbot.data import DATA_FILE, ChatbotPairs
from bertlab.errors import BertlabError, InputError


class CharEncoder:
    """테스트용 가벼운 인코더: 글자 해시 주머니(bag of characters) 64차원. 같은 글자를 쓰면 코사인이 높습니다."""

    title = "글자 주머니"

    def __init__(self, identity: str = "chars-v1"):
        self.identity = identity
        self.calls = 0

    def encode(self, texts, batch_size: int = 64):
        self.calls += 1
        out = torch.zeros(len(texts), 64)
        for i, text in enumerate(texts):
            for ch in text.replace(" ", ""):
                out[i, int(hashlib.md5(ch.encode()).hexdigest(), 16) % 64] += 1.0
            out[i, 63] += 0.01
        return out


SMALL = ChatbotPairs(["오늘 너무 피곤해", "배고파 죽겠다", "헤어진 여자친구가 생각나", "주말에 영화 볼까"],
                     ["푹 쉬세요.", "맛있는 거 드세요.", "시간이 약이에요.", "좋은 생각이에요."], [0, 0, 1, 0])


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BERTLAB_CACHE_DIR", str(tmp_path))
    return tmp_path / "chatbot"


# --- 데이터 ---

def test_chatbot_data_is_the_whole_original():
    pairs = load_chatbot_pairs()
    assert len(pairs) == 11_823
    assert set(pairs.labels) == {0, 1, 2}
    assert len(set(pairs.answers)) == 7_779
    assert (DATA_FILE.parent / "LICENSE").read_text(encoding="utf-8").strip().startswith("The MIT License")


def test_chatbot_data_matches_shared_copy(shared_data):
    original = shared_data / "chatbot" / "ChatbotData.csv"
    if not original.is_file():
        pytest.skip("공유 데이터에 chatbot/ChatbotData.csv가 없어 건너뜁니다.")
    assert DATA_FILE.read_bytes() == original.read_bytes()


def _edit_distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def test_paraphrase_dev_set_is_real_paraphrases():
    pairs = load_chatbot_pairs()
    dev = read_paraphrases(DEV_FILE, len(pairs))
    assert len(dev) >= 100
    assert len({row for _, row in dev}) == len(dev)
    questions = set(pairs.questions)
    for query, row in dev:
        assert query not in questions, f"원래 질문을 그대로 옮김: {query}"
        assert _edit_distance(query.replace(" ", ""), pairs.questions[row].replace(" ", "")) >= 2, query
    labels = [pairs.labels[row] for _, row in dev]
    assert min(labels.count(k) for k in (0, 1, 2)) >= 30
    rows = sorted(row for _, row in dev)
    assert rows[0] < 500 and rows[-1] > 11_000


def test_read_paraphrases_reports_bad_lines(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("row\tquery\n3\t안녕\n열\t틀린 줄\n", encoding="utf-8")
    with pytest.raises(BertlabError, match="3번째 줄"):
        read_paraphrases(bad)
    far = tmp_path / "far.tsv"
    far.write_text("99999\t안녕\n", encoding="utf-8")
    with pytest.raises(BertlabError, match="밖입니다"):
        read_paraphrases(far, rows=10)
    with pytest.raises(BertlabError, match="없습니다"):
        read_paraphrases(tmp_path / "none.tsv")


def test_chatbot_dataset_in_loader():
    from bertlab.datasets import load_dataset

    data = load_dataset("chatbot", source="builtin")
    assert len(data.train) == 11_823 and data.train[0] == ("12시 땡!", "하루가 또 가네요.")
    assert len(data.test) >= 100


# --- 색인과 캐시 ---

def test_index_is_cached_and_reloaded(cache):
    encoder = CharEncoder()
    first = build_index(encoder, SMALL, quiet=True)
    assert first.source == "built" and first.vectors.shape == (4, 64)
    assert torch.allclose(first.vectors.norm(dim=-1), torch.ones(4), atol=1e-2)
    second = build_index(encoder, SMALL, quiet=True)
    assert second.source == "cache" and encoder.calls == 1
    assert torch.equal(first.vectors, second.vectors)


def test_cache_rebuilt_when_model_data_or_file_changes(cache):
    build_index(CharEncoder(), SMALL, quiet=True)
    assert build_index(CharEncoder("chars-v2"), SMALL, quiet=True).source == "built"      # 다른 모델
    other = ChatbotPairs(SMALL.questions[:3], SMALL.answers[:3], SMALL.labels[:3])
    assert build_index(CharEncoder(), other, quiet=True).source == "built"                # 다른 데이터
    for path in cache.glob("*.pt"):
        path.write_bytes(b"not a tensor file")                                            # 깨진 캐시
    rebuilt = build_index(CharEncoder(), SMALL, quiet=True)
    assert rebuilt.source == "built"
    assert build_index(CharEncoder(), SMALL, quiet=True).source == "cache"


def test_search_matches_a_plain_loop(cache):
    index = build_index(CharEncoder(), SMALL, quiet=True)
    scores, rows = index.search(["피곤해 오늘", "영화 볼까"], k=2)
    assert scores.shape == (2, 2) and rows.tolist()[0][0] == 0 and rows.tolist()[1][0] == 3
    query = torch.nn.functional.normalize(CharEncoder().encode(["피곤해 오늘"]), dim=-1)[0]
    loop = [float(query @ v) for v in index.vectors]
    assert scores[0, 0].item() == pytest.approx(max(loop), abs=1e-4)
    assert (scores[:, :-1] >= scores[:, 1:]).all()


# --- 대답과 문턱값 ---

def test_reply_and_threshold(cache):
    index = build_index(CharEncoder(), SMALL, quiet=True)
    known = reply(index, "오늘 너무 피곤해요", k=3, threshold=0.5)
    assert known.known and known.answer == "푹 쉬세요." and known.matched == "오늘 너무 피곤해"
    assert len(known.candidates) == 3
    unknown = reply(index, "오늘 너무 피곤해요", threshold=known.score + 0.01)
    assert not unknown.known and unknown.answer == DONT_KNOW
    with pytest.raises(InputError):
        reply(index, "안녕", threshold=2)


def test_retrieval_accuracy_counts_answers(cache):
    pairs = ChatbotPairs(["피곤해", "졸려", "배고파"], ["푹 쉬세요.", "푹 쉬세요.", "밥 드세요."], [0, 0, 0])
    index = build_index(CharEncoder(), pairs, quiet=True)
    # "졸려요"는 1행(졸려)을 찾지만 정답 행이 0이어도 답이 같으므로 맞힘
    result = retrieval_accuracy(index, [("졸려요", 0), ("배고파요", 2), ("배고파요", 0)], ks=(1, 2))
    assert result["top1"] == pytest.approx(2 / 3) and result["examples"] == 3
    assert result["top2"] >= result["top1"]


@pytest.mark.parametrize("bad", ["", "   ", None, 3, ["안녕"]])
def test_check_query_rejects_in_korean(bad):
    with pytest.raises(InputError) as error:
        check_query(bad)
    assert any("가" <= ch <= "힣" for ch in str(error.value))


def test_check_query_trims_and_warns():
    text, notices = check_query("가" * 5_000)
    assert len(text) == 200 and "5,000자" in notices[0]
    assert check_query("🍕🍕 zzz")[1]                 # 한글 없음 안내
    assert check_query("漢字와 한글 mixed")[1] == []


# --- 위젯과 명령줄 ---

@pytest.mark.parametrize("bad", ["", "가" * 5_000, "😀😀", "漢字 質問", "한글 English 漢字 😀", None, 42, ["리스트"]])
def test_chat_turn_html_never_raises(cache, bad):
    from bertlab.widgets import chat_turn_html

    index = build_index(CharEncoder(), SMALL, quiet=True)
    shown = chat_turn_html({"글자": index, "없음": "이 인코더는 불러오지 못했습니다."}, "글자", bad, 0.5)
    assert "<div" in shown and any("가" <= ch <= "힣" for ch in shown)
    assert "이 인코더는" in chat_turn_html({"없음": "이 인코더는 불러오지 못했습니다."}, "없음", "안녕")


def test_chat_box_builds(cache):
    from bertlab.widgets import chat_box

    index = build_index(CharEncoder(), SMALL, quiet=True)
    box = chat_box({"글자": index})
    controls, history, row = box.children[:3]
    text, send = row.children[:2]
    text.value = "오늘 너무 피곤해"                   # 엔터와 같음(continuous_update=False)
    assert "푹 쉬세요." in history.value and text.value == ""
    send.click()                                      # 빈 칸으로 보내기 -> 한국어 안내
    assert "비어 있습니다" in history.value


def test_evaluate_chatbot_cli_json(cache, monkeypatch, capsys, tmp_path):
    from bertlab import cli
    from bertlab.chatbot import encoders

    monkeypatch.setattr(encoders, "load_encoder", lambda name: CharEncoder())
    monkeypatch.setattr("bertlab.chatbot.data.load_chatbot_pairs", lambda path=None: SMALL)
    eval_file = tmp_path / "dev.tsv"
    eval_file.write_text("row\tquery\n0\t오늘 진짜 피곤하다\n3\t주말엔 영화나 볼까\n1\t배 고파\n", encoding="utf-8")
    code = cli.main(["evaluate", "chatbot", "--model", "chars", "--eval-file", str(eval_file), "--json",
                     "--threads", "1"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["task"] == "chatbot" and report["examples"] == 3
    assert 0 <= report["metrics"]["top1"] <= report["metrics"]["top5"] <= 1


def test_finetune_chatbot_is_a_korean_error(capsys):
    from bertlab import cli

    assert cli.main(["finetune", "chatbot"]) == 1
    assert "finetune chatbot-encoder" in capsys.readouterr().err


def test_unknown_encoder_is_a_korean_error():
    from bertlab.chatbot import load_encoder

    with pytest.raises(BertlabError, match="챗봇 인코더는 없습니다"):
        load_encoder("no-such-encoder")
    with pytest.raises(BertlabError):
        load_encoder(None)


def test_packaged_index_seeds_the_cache(cache, tmp_path, monkeypatch):
    import shutil

    from bertlab.chatbot import index as index_module

    encoder = CharEncoder("packaged")
    built = build_index(encoder, SMALL, quiet=True)
    packaged = tmp_path / "packaged"
    packaged.mkdir()
    for path in cache.glob("*.pt"):
        shutil.move(str(path), packaged / path.name)
    monkeypatch.setattr(index_module, "PACKAGED", packaged)
    seeded = build_index(CharEncoder("packaged"), SMALL, quiet=True)
    assert seeded.source == "package" and torch.equal(seeded.vectors, built.vectors)
    assert build_index(CharEncoder("packaged"), SMALL, quiet=True).source == "cache"
    assert build_index(CharEncoder("other"), SMALL, quiet=True).source == "built"    # 열쇠가 다르면 쓰지 않음
    for path in cache.glob("*.pt"):
        path.unlink()
    assert build_index(CharEncoder("packaged"), SMALL, quiet=True, packaged=False).source == "built"


def test_candidates_never_repeat_a_question_answer_pair(cache):
    """ChatbotData에는 같은 질문-답 쌍이 여러 행에 들어 있기도 합니다: 후보 목록은 같은 쌍을 한 번만 보여 줍니다."""
    doubled = ChatbotPairs(["오늘 너무 피곤해", "오늘 너무 피곤해", "오늘 너무 피곤해", "배고파 죽겠다", "주말에 영화 볼까"],
                           ["푹 쉬세요.", "푹 쉬세요.", "푹 쉬세요.", "맛있는 거 드세요.", "좋은 생각이에요."],
                           [0, 0, 0, 0, 0])
    index = build_index(CharEncoder(), doubled, quiet=True)
    found = reply(index, "오늘 너무 피곤해요", k=3)
    pairs = [(answer, question) for answer, question, _ in found.candidates]
    assert len(pairs) == 3 and len(set(pairs)) == 3 and pairs[0] == ("푹 쉬세요.", "오늘 너무 피곤해")
    scores = [score for _, _, score in found.candidates]
    assert scores == sorted(scores, reverse=True)
    assert len(reply(index, "오늘 너무 피곤해요", k=10).candidates) == 3     # 서로 다른 쌍이 셋뿐


def test_chat_history_keeps_the_newest_reply_in_view(cache):
    """위젯 HTML에서는 스크립트가 돌지 않으므로, 칸을 column-reverse로 두어 스크롤의 시작점을 아래 끝(새 답)으로."""
    from bertlab.widgets import chat_box
    from bertlab.widgets.chat_box import HISTORY_HEIGHT, history_html

    shown = history_html(["<p>첫 말</p>", "<p>새 답</p>"])
    assert "flex-direction:column-reverse" in shown and f"max-height:{HISTORY_HEIGHT}px" in shown
    assert shown.index("첫 말") < shown.index("새 답")                    # 읽는 순서는 그대로(위에서 아래로)
    box = chat_box({"글자": build_index(CharEncoder(), SMALL, quiet=True)})
    history, row = box.children[1], box.children[2]
    row.children[0].value = "배고파"
    assert "column-reverse" in history.value and "맛있는 거 드세요." in history.value
