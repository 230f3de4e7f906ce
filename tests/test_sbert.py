"""레슨 15의 문장 임베딩과 SBERT: 풀링 인코더, 코사인 표, 이방성, 학생 입력 다듬기, SBERT 손실을 torch로 쓴 것이
``sentence-transformers``와 같은지, ``finetune sbert`` -> 내보내기 -> ``evaluate sbert --json``, 유사도 행렬 위젯의
잘못된 입력. 속도를 위해 훈련은 아주 작은 무작위 BERT(``tiny_base``)로 몇 단계만."""

from __future__ import annotations

import json

import pytest
import torch

from bertlab.cli import main
from bertlab.errors import BertlabError
from bertlab.sentences import (PooledEncoder, anisotropy, check_sentences, cosine_matrix, cosine_mse, encode_sentences,
                               similarity_table, softmax_features, sts_spearman)
from test_finetune_cli import tiny_base  # noqa: F401  (ko-mini-bert 어휘의 아주 작은 무작위 BERT 폴더)
from test_delta import big_vocab_base  # noqa: F401  (어휘만 큰 아주 작은 BERT 폴더: 아래층 얼리기·델타)

SENTENCES = ["남자가 기타를 치고 있다.", "한 남자가 악기를 연주하고 있다.", "주식 시장이 크게 떨어졌다."]


class Lookup:
    """정해 둔 벡터를 돌려주는 가짜 인코더(``encode``만 있으면 인코더)."""

    def __init__(self, table: dict):
        self.table = table

    def encode(self, texts, batch_size=64):
        return torch.tensor([self.table[t] for t in texts], dtype=torch.float32)


@pytest.fixture(scope="module")
def pooled(tiny_base):
    return PooledEncoder(str(tiny_base), "mean")


def test_pooled_encoder_matches_pooling_each_sentence_alone_and_shares_one_model(pooled):
    from bertlab.embeddings import pool

    together = pooled.encode_poolings(SENTENCES)                           # 패딩이 든 배치 하나
    for i, text in enumerate(SENTENCES):
        encoded = pooled.tokenizer([text], return_tensors="pt")
        with torch.no_grad():
            hidden = pooled.model(**encoded).last_hidden_state
        for method in ("cls", "mean", "max"):
            alone = pool(hidden, encoded["attention_mask"], method)[0]
            assert torch.allclose(together[method][i], alone, atol=1e-5), (method, text)
    cls = pooled.with_pooling("cls")
    assert cls.model is pooled.model and torch.allclose(cls.encode(SENTENCES), together["cls"])
    with pytest.raises(BertlabError, match="풀링"):
        PooledEncoder("어디에도없는폴더", "sum")


def test_pooled_encoders_remember_all_three_poolings_so_the_model_runs_once_per_sentence(tiny_base, monkeypatch):
    """레슨 15는 같은 문장들을 세 풀링으로 여러 번 잽니다: 한 번 돌린 문장은 다시 돌리지 않습니다(노트북 시간)."""
    from bertlab.sentences import vectors

    encoder = PooledEncoder(str(tiny_base), "cls")
    runs = []
    original = encoder.encode_poolings
    monkeypatch.setattr(encoder, "encode_poolings", lambda texts, *a, **k: runs.append(list(texts)) or original(texts, *a, **k))
    mean = encoder.with_pooling("mean")
    monkeypatch.setattr(mean, "encode_poolings", encoder.encode_poolings)
    first = encoder.encode(SENTENCES)
    again = mean.encode(SENTENCES[:2] + SENTENCES)
    assert runs == [SENTENCES]                                           # 두 번째는 모델을 돌리지 않음
    reference = original(SENTENCES)
    assert torch.allclose(first, reference["cls"], atol=1e-5) and torch.allclose(again[2:], reference["mean"], atol=1e-5)
    encoder.prefix = "query: "                                           # 접두어가 바뀌면 다른 문장
    encoder.encode(SENTENCES[:1])
    assert runs[-1] == SENTENCES[:1]
    monkeypatch.setattr(vectors, "CACHE_SENTENCES", 2)                   # 큰 묶음(챗봇 색인)은 기억하지 않음
    big = PooledEncoder(str(tiny_base), "mean")
    big.encode(SENTENCES)
    assert big._remembered == {}


def test_cosine_table_is_unit_length_inner_product_and_sts_spearman_ranks_cosines():
    encoder = Lookup({"a": [1.0, 0.0], "b": [2.0, 0.1], "c": [0.0, 3.0], "d": [-1.0, 0.2]})
    vectors = encode_sentences(encoder, ["a", "b", "c", "d"])
    assert torch.allclose(vectors.norm(dim=-1), torch.ones(4))
    table = cosine_matrix(vectors)
    assert table.shape == (4, 4) and torch.allclose(table.diagonal(), torch.ones(4))
    assert table[0, 1] > table[0, 2] > table[0, 3]
    ordered = [(("a", "b"), 5.0), (("a", "c"), 2.0), (("a", "d"), 0.0)]
    assert sts_spearman(encoder, ordered)["spearman"] == pytest.approx(1.0)
    reversed_scores = [(pair, 5.0 - score) for pair, score in ordered]
    assert sts_spearman(encoder, reversed_scores)["spearman"] == pytest.approx(-1.0)


def test_anisotropy_is_near_zero_for_spread_vectors_and_high_for_a_narrow_cone():
    generator = torch.Generator().manual_seed(0)
    spread = torch.nn.functional.normalize(torch.randn(500, 64, generator=generator), dim=-1)
    cone = torch.nn.functional.normalize(torch.randn(500, 64, generator=generator) + 4.0, dim=-1)
    assert abs(anisotropy(spread)) < 0.05
    assert anisotropy(cone) > 0.8
    with pytest.raises(BertlabError):
        anisotropy(spread[:1])


@pytest.mark.parametrize("texts, words", [([], "비어"), (["", "  "], "비어"), ("", "비어"), (5, "리스트"),
                                          (["비가 온다", 3], "문자열")])
def test_bad_sentence_lists_get_a_korean_error(texts, words):
    with pytest.raises(BertlabError, match=words):
        check_sentences(texts)


def test_long_emoji_hanja_and_blank_lines_are_kept_or_trimmed_with_a_korean_notice():
    kept, notices = check_sentences(["가" * 5_000, "고양이 😺", "", "漢字와 한글 mixed"])
    assert len(kept) == 3 and len(kept[0]) == 1_000 and kept[1] == "고양이 😺"
    assert any("앞 1,000자" in n for n in notices) and any("빈 문장" in n for n in notices)
    kept, notices = check_sentences([f"문장 {i}" for i in range(250)])
    assert len(kept) == 200 and any("200개" in n for n in notices)


def test_torch_lines_of_both_sbert_objectives_equal_the_sentence_transformers_losses(tiny_base):
    from sentence_transformers.sentence_transformer.losses import CosineSimilarityLoss, SoftmaxLoss

    from bertlab.sentences import new_sbert

    torch.manual_seed(0)
    model = new_sbert(str(tiny_base))
    features = [model.preprocess(SENTENCES[:2]), model.preprocess(SENTENCES[1:])]
    u, v = (model(f)["sentence_embedding"] for f in features)             # (2, 16) 둘
    labels = torch.tensor([0.9, 0.1])
    assert cosine_mse(u, v, labels).item() == pytest.approx(CosineSimilarityLoss(model)(features, labels).item(),
                                                             abs=1e-6)
    softmax = SoftmaxLoss(model, sentence_embedding_dimension=16, num_labels=3)
    classes = torch.tensor([0, 2])
    mine = torch.nn.functional.cross_entropy(softmax.classifier(softmax_features(u, v)), classes)
    assert mine.item() == pytest.approx(softmax(features, classes).item(), abs=1e-6)
    assert softmax_features(u, v).shape == (2, 48)


@pytest.fixture(scope="module")
def exported(tiny_base, tmp_path_factory):
    out = tmp_path_factory.mktemp("exported-sbert")
    assert main(["finetune", "sbert", "--base", str(tiny_base), "--max-steps", "4", "--eval-every", "2",
                 "--eval-size", "30", "--max-train", "100", "--lr", "1e-3", "--threads", "1",
                 "--source", "builtin", "--export", str(out)]) == 0
    return out


def test_sbert_finetune_exports_and_evaluate_json_scores_a_korsts_file(exported, tmp_path, capsys):
    info = json.loads((exported / "finetune.json").read_text(encoding="utf-8"))
    assert info["task"] == "sbert" and info["training"]["steps"] == 4
    path = tmp_path / "mine.tsv"
    path.write_text("genre\tfilename\tyear\tid\tscore\tsentence1\tsentence2\n"
                    "x\tx\tx\t1\t4.8\t남자가 뛴다.\t한 남자가 달린다.\n"
                    "x\tx\tx\t2\t0.2\t남자가 뛴다.\t주식이 떨어졌다.\n"
                    "x\tx\tx\t3\t2.5\t고양이가 잔다 😺\t猫가 쉰다\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["evaluate", "sbert", "--model", str(exported), "--eval-file", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["examples"] == 3 and -1.0 <= report["metrics"]["spearman"] <= 1.0


def test_sbert_batches_encode_the_two_sentences_separately(tiny_base):
    from transformers import AutoTokenizer

    from bertlab.sentences import SBERT

    tokenizer = AutoTokenizer.from_pretrained(str(tiny_base))
    features = SBERT.encode(tokenizer, [((SENTENCES[0], SENTENCES[2]), 1.5)], max_length=32)
    assert features[0]["input_ids"] == tokenizer(SENTENCES[0])["input_ids"]
    assert features[0]["b_input_ids"] == tokenizer(SENTENCES[2])["input_ids"]
    batch = SBERT.collate(tokenizer)(features)
    assert batch["a"]["input_ids"].shape[0] == 1 and batch["labels"].tolist() == [1.5]


@pytest.mark.parametrize("text, words", [("", "비어"), ("\n\n", "비어"), (42, "글자")])
def test_similarity_widget_answers_bad_input_in_korean(pooled, text, words):
    from bertlab.widgets import similarity_html

    shown = similarity_html({"평균": pooled, "없음": "모델을 불러오지 못했습니다."}, "평균", text)
    assert "※" in shown and words in shown
    assert "모델을 불러오지 못했습니다" in similarity_html({"없음": "모델을 불러오지 못했습니다."}, "없음", "가")


def test_similarity_widget_draws_a_table_for_long_emoji_and_hanja_lines(pooled):
    from bertlab.widgets import similarity_html, similarity_matrix

    kept, table, _ = similarity_table(pooled, ["고양이 😺", "漢字 섞인 문장", "가" * 5_000])
    assert table.shape == (3, 3)
    shown = similarity_html({"평균": pooled}, "평균", "고양이 😺\n漢字 섞인 문장\n" + "가" * 5_000)
    assert shown.count("<tr>") == 4 and "1,000자" in shown
    assert similarity_matrix({"평균": pooled}) is not None


def test_big_vocabulary_encoder_trains_only_its_top_layers_and_the_export_is_that_delta(big_vocab_base, tmp_path):
    from transformers import AutoTokenizer

    from bertlab.sentences import SBERT
    from bertlab.sentences.sbert import DELTA_FILE, TOP_LAYERS, freeze_lower_layers, new_sbert

    base = big_vocab_base                                  # 어휘만 큰 6층 BERT(tests/test_delta.py)
    model = new_sbert(str(base))
    trained = freeze_lower_layers(model)
    names = {n for n, p in model.named_parameters() if p.requires_grad}
    assert all("encoder.layer." in n for n in names)
    assert {int(n.split("layer.")[1].split(".")[0]) for n in names} == set(range(2, TOP_LAYERS + 2))
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.requires_grad:
                p.add_(0.05)                                               # "훈련"한 것처럼 바꿈
    out = tmp_path / "export"
    out.mkdir()
    model.save_pretrained(out)
    (out / "finetune.json").write_text(json.dumps({"base": str(base)}), encoding="utf-8")
    from safetensors.torch import load_file

    saved = load_file(str(out / DELTA_FILE))
    assert set(saved) == names and sum(v.numel() for v in saved.values()) == trained
    loaded = SBERT.load_model(str(out))
    assert SBERT.load_tokenizer(str(out)).vocab_size == AutoTokenizer.from_pretrained(str(base)).vocab_size
    before = encode_sentences(model.half().float(), SENTENCES)
    assert torch.allclose(encode_sentences(loaded, SENTENCES), before, atol=1e-3)
