"""레슨 12(토큰 태깅, 과제 ``ner``): KLUE-NER 형식 읽기, 내장 부분집합, 글자 <-> 조각 정렬, 개체 단위 채점,
``finetune ner`` -> 내보내기 -> ``evaluate ner --json``, 태그 뷰어의 계산과 잘못된 입력.

훈련은 ko-mini-bert의 어휘를 쓰는 아주 작은 무작위 BERT로 몇 단계만 합니다(빠르게)."""

from __future__ import annotations

import json

import pytest

from bertlab.cli import main
from bertlab.datasets import load_dataset, read_klue_ner_tsv, select_klue_ner, spans_of, tagged_sentence
from bertlab.datasets.klue_ner import KLUE_NER_FILE, hub_row, write_klue_ner_tsv
from bertlab.errors import BertlabError
from bertlab.finetuning import (IGNORE, NER, align_tags, entity_scores, first_pieces, load_finetuned, piece_spans,
                                tags_from_pieces, type_confusion)
from test_finetune_cli import tiny_base  # noqa: F401  (ko-mini-bert 어휘의 아주 작은 무작위 BERT 폴더)

KIM = "김철수는 서울에 갔다"
KIM_TAGS = ("B-PS", "I-PS", "I-PS", "O", "O", "B-LC", "I-LC", "O", "O", "O", "O")


@pytest.fixture(scope="module")
def tokenizer():
    from transformers import AutoTokenizer

    from bertlab.models import offline_dir

    return AutoTokenizer.from_pretrained(str(offline_dir("ko-mini-bert")))


def write(tmp_path, text: str):
    path = tmp_path / "my_ner.tsv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reader_reads_the_published_format_and_round_trips(tmp_path):
    path = tmp_path / "out.tsv"
    write_klue_ner_tsv(path, [("a-1", KIM, KIM_TAGS), ("a-2", "오늘 3명", ("B-DT", "I-DT", "O", "B-QT", "I-QT"))])
    text = path.read_text(encoding="utf-8")
    assert "## a-1\t<김철수:PS>는 <서울:LC>에 갔다\n" in text and "\n \tO\n" in text
    assert read_klue_ner_tsv(path) == [(KIM, KIM_TAGS), ("오늘 3명", ("B-DT", "I-DT", "O", "B-QT", "I-QT"))]


@pytest.mark.parametrize("body, words", [
    ("## x\t가\n가\tB-XX\n", ["2번째 줄", "모르는 태그"]),
    ("## x\t가\n가 B-PS\n", ["2번째 줄", "글자<TAB>태그"]),
    ("## x\t가\n가나\tO\n", ["2번째 줄", "글자<TAB>태그"]),
    ("## 주석만\n\n", ["읽을 문장이 하나도 없습니다"]),
])
def test_reader_names_the_bad_line_in_korean(tmp_path, body, words):
    with pytest.raises(BertlabError) as error:
        read_klue_ner_tsv(write(tmp_path, body))
    assert all(w in str(error.value) for w in words), str(error.value)


def test_spans_rebuild_klue_tagged_headers(shared_data):
    """원본의 '## id<TAB><김철수:PS>는 …' 머리줄을 글자 태그만으로 다시 만들 수 있어야 spans_of가 맞습니다."""
    path = shared_data / KLUE_NER_FILE
    headers = [line.rstrip("\n").split("\t", 1)[1] for line in path.open(encoding="utf-8")
               if line.startswith("## klue-ner")]
    examples = read_klue_ner_tsv(path)
    assert len(examples) == len(headers) == 4000
    mismatched = [h for (text, tags), h in zip(examples, headers) if tagged_sentence(text, tags) != h]
    assert len(mismatched) <= 4, mismatched[:3]


def test_builtin_subset_is_what_the_script_selects_and_splits_are_disjoint(shared_data):
    chosen = select_klue_ner(shared_data / KLUE_NER_FILE)
    data = load_dataset("klue-ner", source="builtin")
    for split in ("train", "validation", "test"):
        assert [(text, tags) for _, text, tags in chosen[split]] == data.split(split), split
    texts = {split: {text for text, _ in data.split(split)} for split in ("train", "validation", "test")}
    assert not texts["test"] & texts["train"] and not texts["validation"] & texts["train"]
    assert not texts["test"] & texts["validation"]
    assert (len(data.train), len(data.validation), len(data.test)) == (3000, 200, 800)


def test_hub_rows_become_examples():
    row = {"tokens": ["김", "씨", "\xa0", "서", "울"], "ner_tags": [6, 7, 12, 2, 3]}
    assert hub_row(row) == ("김씨 서울", ("B-PS", "I-PS", "O", "B-LC", "I-LC"))
    assert hub_row({"tokens": ["가"], "ner_tags": []}) is None


def test_alignment_takes_the_first_character_and_ignores_specials():
    offsets = [(0, 0), (0, 1), (1, 2), (2, 4), (5, 7), (7, 8), (9, 11), (0, 0)]  # [CLS] 김 ##철 ##수는 서울 ##에 갔다 [SEP]
    assert align_tags(KIM, KIM_TAGS, offsets) == [None, "B-PS", "I-PS", "I-PS", "B-LC", "O", "O", None]


def test_alignment_handles_spaces_in_pieces_byte_pieces_and_entities_starting_mid_piece():
    text, tags = "나 서울", ("O", "O", "B-LC", "I-LC")
    assert align_tags(text, tags, [(0, 1), (1, 3), (3, 4)]) == ["O", "B-LC", "I-LC"]   # '▁서'는 공백을 품음
    assert first_pieces([(0, 0), (0, 1), (0, 1), (1, 2), (0, 0)]) == [False, True, False, True, False]
    assert align_tags("가나", ("B-PS", "I-PS"), [(0, 1), (0, 1), (1, 2)]) == ["B-PS", None, "I-PS"]
    # 개체가 앞 조각 중간에서 시작하면 다음 조각의 I-를 B-로 고침
    assert align_tags("대구시", ("O", "B-LC", "I-LC"), [(0, 2), (2, 3)]) == ["O", "B-LC"]


def test_decoding_pieces_gives_character_spans_including_inner_spaces():
    text = "한국 교통대 학생"
    offsets = [(0, 0), (0, 2), (3, 5), (5, 6), (7, 9), (0, 0)]
    pieces = ["O", "B-OG", "I-OG", "I-OG", "O", "O"]
    assert tags_from_pieces(text, offsets, pieces) == ["B-OG", "I-OG", "I-OG", "I-OG", "I-OG", "I-OG"] + ["O"] * 3
    assert piece_spans(text, offsets, pieces, [0.1, 0.9, 0.8, 0.7, 0.6, 0.5])[0][:3] == (0, 6, "OG")
    # I-로 시작한 개체도 개체로 읽고, 종류가 바뀌면 새 개체
    assert tags_from_pieces("가나", [(0, 1), (1, 2)], ["I-PS", "I-LC"]) == ["B-PS", "B-LC"]


def test_gold_round_trip_through_real_pieces_loses_only_glued_particles(tokenizer):
    encoded = tokenizer(KIM, return_offsets_mapping=True)
    pieces = align_tags(KIM, KIM_TAGS, encoded["offset_mapping"])
    assert pieces[0] is None and pieces[-1] is None
    back = tags_from_pieces(KIM, encoded["offset_mapping"], pieces)
    assert back[5:7] == ["B-LC", "I-LC"]
    tokens = tokenizer.convert_ids_to_tokens(encoded["input_ids"])
    if "##수는" in tokens:   # '는'이 이름과 한 조각이면 조각으로는 이름의 끝을 표시할 수 없음
        assert back[:4] == ["B-PS", "I-PS", "I-PS", "I-PS"]


def test_entity_scores_by_hand():
    gold = [["B-PS", "I-PS", "O", "B-LC", "O"], ["B-DT", "O"]]
    predicted = [["B-PS", "I-PS", "O", "B-OG", "O"], ["B-DT", "I-DT"]]
    scores = entity_scores(gold, predicted)
    assert scores["precision"] == pytest.approx(1 / 3) and scores["recall"] == pytest.approx(1 / 3)
    assert scores["f1_PS"] == 1.0 and scores["f1_LC"] == 0.0
    confusion = type_confusion(gold, predicted)
    assert confusion["LC", "OG"] == 1 and confusion["PS", "PS"] == 1 and confusion["DT", "DT"] == 1


def test_token_accuracy_flatters_a_tagger_that_says_o_everywhere():
    data = load_dataset("klue-ner", source="builtin")
    gold = [list(tags) for _, tags in data.test]
    all_o = [["O"] * len(tags) for tags in gold]
    chars = sum(len(g) for g in gold)
    accuracy = sum(t == "O" for g in gold for t in g) / chars
    assert accuracy > 0.8 and entity_scores(gold, all_o)["f1"] == 0.0


@pytest.fixture(scope="module")
def exported(tiny_base, tmp_path_factory):
    out = tmp_path_factory.mktemp("exported-ner")
    code = main(["finetune", "ner", "--base", str(tiny_base), "--max-steps", "4", "--eval-every", "2",
                 "--eval-size", "20", "--max-train", "64", "--lr", "1e-3", "--threads", "1", "--source", "builtin",
                 "--export", str(out)])
    assert code == 0
    return out


def test_encode_puts_ignore_where_the_loss_must_not_look(tiny_base):
    from transformers import AutoTokenizer

    features = NER.encode(AutoTokenizer.from_pretrained(str(tiny_base)), [(KIM, KIM_TAGS)], 128)
    labels = features[0]["labels"]
    assert labels[0] == IGNORE and labels[-1] == IGNORE and len(labels) == len(features[0]["input_ids"])
    assert labels[1] == NER.tags.index("B-PS")


def test_finetune_ner_exports_a_card_and_evaluate_json_scores_a_klue_file(exported, tmp_path, capsys):
    card = (exported / "README.md").read_text(encoding="utf-8")
    assert "개체명 인식" in card and "python -m bertlab finetune ner" in card
    loaded = load_finetuned(exported, "ner")
    assert loaded.model.config.id2label[0] == "O" and len(loaded.model.config.id2label) == 13
    path = tmp_path / "mine.tsv"
    write_klue_ner_tsv(path, [("m-1", KIM, KIM_TAGS)])
    capsys.readouterr()
    assert main(["evaluate", "ner", "--model", str(exported), "--eval-file", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    metrics = report["metrics"]
    assert report["examples"] == 1 and 0.0 <= metrics["f1"] <= 1.0 and 0.0 <= metrics["token_accuracy"] <= 1.0
    assert {"precision", "recall", "char_accuracy"} <= set(metrics)


def test_evaluate_ner_with_a_broken_file_says_which_line(exported, tmp_path, capsys):
    path = write(tmp_path, "## x\t가\n가\tB-PER\n")
    code = main(["evaluate", "ner", "--model", str(exported), "--eval-file", str(path)])
    captured = capsys.readouterr()
    assert code != 0 and "2번째 줄" in captured.err + captured.out and "Traceback" not in captured.err


@pytest.mark.parametrize("bad", ["", "   ", "가" * 5000, 42, None])
def test_tag_viewer_answers_bad_input_in_korean(exported, bad):
    from bertlab.widgets import tag_html

    shown = tag_html(bad, {"작은 모델": load_finetuned(exported, "ner")})
    assert "color:#b91c1c" in shown and any(w in shown for w in ("문장", "문자열"))


@pytest.mark.parametrize("text", ["김철수는 서울에 갔다 😀", "大韓民國 서울 🇰🇷 Seoul", "ㅋㅋㅋ"])
def test_tag_viewer_draws_entities_with_probabilities(exported, text):
    from bertlab.widgets import tag_html

    tuned = load_finetuned(exported, "ner")
    entities = NER.tag(tuned.model, tuned.tokenizer, text)
    for entity in entities:
        assert text[entity["start"]:entity["end"]] == entity["text"] and 0.0 < entity["probability"] <= 1.0
        assert entity["type"] in ("PS", "LC", "OG", "DT", "TI", "QT")
    assert "작은 모델" in tag_html(text, {"작은 모델": tuned})


def test_online_klue_ner_is_read_through_datasets_and_offline_falls_back_in_korean(monkeypatch):
    """허브 대신 허브와 같은 열(sentence, tokens, ner_tags: ClassLabel)의 ``datasets`` 객체를 돌려주게 합니다."""
    import datasets as hf_datasets

    from bertlab.datasets.klue_ner import HUB_TAGS

    features = hf_datasets.Features({"sentence": hf_datasets.Value("string"),
                                     "tokens": hf_datasets.Sequence(hf_datasets.Value("string")),
                                     "ner_tags": hf_datasets.Sequence(hf_datasets.ClassLabel(names=list(HUB_TAGS)))})

    def rows(n):
        return {"sentence": ["<김씨:PS> 서울"] * n, "tokens": [["김", "씨", "\xa0", "서", "울"]] * n,
                "ner_tags": [[6, 7, 12, 12, 12]] * n}

    calls = []

    def fake_load(hub_id, config=None, revision=None, **kwargs):
        calls.append((hub_id, config))
        return hf_datasets.DatasetDict({"train": hf_datasets.Dataset.from_dict(rows(30), features=features),
                                        "validation": hf_datasets.Dataset.from_dict(rows(4), features=features)})

    monkeypatch.setattr(hf_datasets, "load_dataset", fake_load)
    data = load_dataset("klue-ner", source="online")
    assert calls == [("klue/klue", "ner")] and data.source == "online" and data.licence == "CC BY-SA 4.0"
    assert data.test[0] == ("김씨 서울", ("B-PS", "I-PS", "O", "O", "O")) and len(data.test) == 4
    assert len(data.train) + len(data.validation) == 30 and len(data.validation) == 3
    offline = load_dataset("klue-ner")              # conftest가 HF_HUB_OFFLINE=1을 둡니다
    assert offline.source == "builtin" and "인터넷" in offline.notice and "KLUE-NER" in offline.notice
