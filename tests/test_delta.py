"""델타 체크포인트(``bertlab.finetuning.delta``): 큰 어휘의 인코더는 위 층 + 머리만 훈련하고 그 가중치만 float16으로
저장하며, 불러오면(기반 인코더 + 델타) 같은 로짓이 나옵니다. 질의응답(레슨 14)과 SBERT(레슨 15)가 함께 씁니다.
빠른 테스트는 어휘만 큰 아주 작은 무작위 BERT로, 마지막 테스트는 실제 multilingual-e5-small로 몇 단계 훈련합니다."""

from __future__ import annotations

import json

import pytest
import torch

from bertlab.errors import BertlabError
from bertlab.finetuning import QA, SEED_EXAMPLES, FineTuned, load_finetuned, save_finetuned
from bertlab.finetuning.delta import DELTA_FILE, TOP_LAYERS, freeze_lower_layers, load_delta, save_delta
from test_finetune_cli import tiny_base  # noqa: F401  (ko-mini-bert 어휘의 아주 작은 무작위 BERT 폴더)

MAX_BYTES = 20_000_000                     # 저장소에 넣는 체크포인트 한도


@pytest.fixture
def big_vocab_base(tmp_path):
    """어휘가 ``BIG_VOCABULARY``보다 큰 아주 작은 BERT 폴더(토크나이저는 ko-mini-bert의 것, 층 6개)."""
    from transformers import AutoTokenizer, BertConfig, BertModel

    from bertlab.models import offline_dir

    base = tmp_path / "big-vocab"
    torch.manual_seed(0)
    config = BertConfig(vocab_size=100_500, hidden_size=8, num_hidden_layers=TOP_LAYERS + 2, num_attention_heads=2,
                        intermediate_size=16, max_position_embeddings=128)
    BertModel(config).save_pretrained(base)
    AutoTokenizer.from_pretrained(str(offline_dir("ko-mini-bert"))).save_pretrained(base)
    return base


def _trained_qa_model(base):
    """기반 폴더 -> QA 모델(아래층은 얼림), 훈련한 것처럼 풀린 가중치만 조금 바꿈."""
    model = QA.new_model(str(base))
    with torch.no_grad():
        for p in model.parameters():
            if p.requires_grad:
                p.add_(0.05)
    return model.eval()


def _rounded(model):
    """훈련한 가중치만 float16으로 반올림한 모델(델타에 저장되는 값; 얼린 가중치는 기반 그대로)."""
    with torch.no_grad():
        for p in model.parameters():
            if p.requires_grad:
                p.copy_(p.half().float())
    return model


def _logits(model, tokenizer):
    question, passage = SEED_EXAMPLES["중력(기상학)"]
    with torch.no_grad():
        output = model.eval()(**tokenizer(question, passage, truncation=True, max_length=96, return_tensors="pt"))
    return torch.stack([output.start_logits, output.end_logits])


def test_big_vocabulary_qa_trains_only_the_top_layers_and_the_head(big_vocab_base):
    model = QA.new_model(str(big_vocab_base))
    names = {n for n, p in model.named_parameters() if p.requires_grad}
    layers = {int(n.split("layer.")[1].split(".")[0]) for n in names if "encoder.layer." in n}
    assert layers == set(range(2, TOP_LAYERS + 2))
    assert {n for n in names if "encoder.layer." not in n} == {"qa_outputs.weight", "qa_outputs.bias"}
    assert not model.get_input_embeddings().weight.requires_grad


def test_small_vocabulary_encoder_is_left_fully_trainable(tiny_base):
    model = QA.new_model(str(tiny_base))
    assert all(p.requires_grad for p in model.parameters())
    assert freeze_lower_layers(model, model.base_model) == sum(p.numel() for p in model.parameters())


def test_save_then_load_gives_identical_logits_and_stores_only_the_trained_weights(big_vocab_base, tmp_path):
    from safetensors.torch import load_file
    from transformers import AutoTokenizer

    model = _trained_qa_model(big_vocab_base)
    trained = {n for n, p in model.named_parameters() if p.requires_grad}
    path = save_delta(model, tmp_path / "out")
    saved = load_file(str(path))
    assert set(saved) == trained and all(v.dtype == torch.float16 for v in saved.values())
    torch.manual_seed(1)                                  # 다른 시드: 새 qa_outputs는 다르게 초기화됨
    fresh = QA.new_model(str(big_vocab_base))
    tokenizer = AutoTokenizer.from_pretrained(str(big_vocab_base))
    assert not torch.allclose(_logits(fresh, tokenizer), _logits(model, tokenizer))
    loaded = load_delta(fresh, tmp_path / "out")
    assert torch.equal(_logits(loaded, tokenizer), _logits(_rounded(model), tokenizer))


def test_a_delta_from_another_model_is_a_korean_error(big_vocab_base, tmp_path):
    from safetensors.torch import save_file

    (tmp_path / "out").mkdir()
    save_file({"classifier.weight": torch.zeros(2, 8, dtype=torch.float16)}, str(tmp_path / "out" / DELTA_FILE))
    with pytest.raises(BertlabError, match="맞지 않습니다"):
        load_delta(QA.new_model(str(big_vocab_base)), tmp_path / "out")
    with pytest.raises(BertlabError, match="없습니다"):
        load_delta(QA.new_model(str(big_vocab_base)), tmp_path / "없는 폴더")


def test_qa_export_is_base_plus_delta_and_loads_back_with_the_same_answers(big_vocab_base, tmp_path):
    from transformers import AutoTokenizer

    model = _trained_qa_model(big_vocab_base)
    tokenizer = AutoTokenizer.from_pretrained(str(big_vocab_base))
    tuned = FineTuned(QA, model, tokenizer, None, str(big_vocab_base), None, {"max_length": 64, "seed": 0})
    out = save_finetuned(tuned, tmp_path / "export")
    assert (out / DELTA_FILE).is_file() and not (out / "model.safetensors").exists()
    assert json.loads((out / "finetune.json").read_text(encoding="utf-8"))["base"] == str(big_vocab_base)
    back = load_finetuned(out, "qa")
    assert torch.equal(_logits(back.model, back.tokenizer), _logits(_rounded(model), tokenizer))
    question, passage = SEED_EXAMPLES["면역 체계"]
    assert QA.answer(back.model, back.tokenizer, question, passage).text == \
        QA.answer(model, tokenizer, question, passage).text


def test_e5_delta_size_fits_the_repository_for_up_to_five_layers():
    """실제 e5 설정으로(가중치 없이 meta 장치에서) 센 fp16 크기: 위 4-5층 + qa_outputs <= 20 MB."""
    from transformers import AutoConfig, AutoModelForQuestionAnswering

    from bertlab.models import ensure_e5_checkpoint

    config = AutoConfig.from_pretrained(str(ensure_e5_checkpoint()))
    for top in (4, 5):
        with torch.device("meta"):
            model = AutoModelForQuestionAnswering.from_config(config)
        trained = freeze_lower_layers(model, model.base_model, top)
        assert 2 * trained <= MAX_BYTES
    assert 2 * freeze_lower_layers(model, model.base_model, 6) > MAX_BYTES   # 6층이면 넘음(한도가 뜻이 있음)


def test_qa_with_the_e5_base_trains_a_few_steps_and_exports_a_small_delta(tmp_path):
    from bertlab.datasets import load_dataset
    from bertlab.finetuning import finetune

    data = load_dataset("korquad", source="builtin", max_train=4)
    data.validation = data.validation[:2]
    tuned = finetune("qa", base="multilingual-e5-small", data=data, max_steps=2, batch_size=2, max_length=64,
                     threads=1, eval_size=2, progress=False)
    assert all(torch.isfinite(torch.tensor(r["loss"])) for r in tuned.result.history if "loss" in r)
    out = save_finetuned(tuned, tmp_path / "e5-qa")
    size = (out / DELTA_FILE).stat().st_size
    assert size <= MAX_BYTES and not (out / "model.safetensors").exists()
    back = load_finetuned(out, "qa")
    assert back.tokenizer.is_fast and len(back.tokenizer) > 200_000       # e5의 SentencePiece 토크나이저
    question, passage = SEED_EXAMPLES["중력(기상학)"]
    before = QA.answer(tuned.model, tuned.tokenizer, question, passage)
    after = QA.answer(back.model, back.tokenizer, question, passage)
    assert after.text == before.text and after.text in passage
