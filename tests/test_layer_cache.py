"""아래층 캐시(``bertlab.finetuning.layer_cache``, 이슈 40): 얼린 아래층의 출력을 한 번만 계산해 두고 위 층 + 머리만
훈련해도 모든 층을 도는 훈련과 같은 손실·로짓·가중치가 나오고, 디스크 캐시는 가중치와 입력이 같을 때만 다시 씁니다.
어휘만 큰 아주 작은 무작위 BERT(층 6개: 아래 2개 얼림, 위 4개 훈련)로 빠르게 확인합니다."""

from __future__ import annotations

import pytest
import torch

from bertlab.datasets import load_dataset
from bertlab.finetuning import NER, QA, SENTIMENT, STS, finetune, load_finetuned, save_finetuned
from bertlab.finetuning.delta import TOP_LAYERS
from bertlab.finetuning.layer_cache import (STATES_KEY, TopLayers, attach_states, cached_collate,
                                            frozen_lower_layers, lower_states)
from bertlab.finetuning.recipe import _limit_to_top_layers, _maybe_freeze
from test_delta import big_vocab_base  # noqa: F401  (어휘가 큰 아주 작은 BERT 폴더, 층 6개)
from test_finetune_cli import tiny_base  # noqa: F401

LOWER = 2   # 층 6개 중 아래 2개를 얼림(위 TOP_LAYERS = 4개 훈련)


def _frozen_model(task, base):
    model = task.new_model(str(base))
    _maybe_freeze(model, None)
    _limit_to_top_layers(task, model, None)
    return model.eval()


def _examples(task):
    data = {"sentiment": ("nsmc", 24), "sts": ("sts", 24), "ner": ("klue-ner", 12), "qa": ("korquad", 12)}[task.name]
    return load_dataset(data[0], source="builtin", max_train=data[1]).train


@pytest.mark.parametrize("task", [SENTIMENT, STS, NER, QA], ids=lambda t: t.name)
def test_cached_top_layers_give_the_same_loss_as_running_every_layer(task, big_vocab_base):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(big_vocab_base))
    model = _frozen_model(task, big_vocab_base)
    assert frozen_lower_layers(model) == LOWER
    features = task.encode(tokenizer, _examples(task), 64)[:8]
    states, lengths = lower_states(model, features, LOWER, progress=False)
    assert states.dtype == torch.float16 and states.shape == (sum(lengths), model.config.hidden_size)
    cached = cached_collate(task.collate(tokenizer))(attach_states(features, states, lengths))
    assert "input_ids" not in cached and cached[STATES_KEY].shape[:2] == cached["attention_mask"].shape
    with torch.no_grad():
        full = model(**task.collate(tokenizer)(features))
        top = TopLayers(model, LOWER)(**cached)
    # 캐시는 float16(유효 숫자 약 3자리): 손실의 상대 차이 1e-3까지는 반올림, 캐시가 틀리면 훨씬 크게 벌어짐
    assert torch.allclose(full.loss, top.loss, rtol=1e-3, atol=1e-3), (full.loss, top.loss)
    assert len(model.base_model.encoder.layer) == TOP_LAYERS + LOWER   # 순전파 뒤 층 목록은 제자리


def test_only_a_frozen_prefix_from_the_embeddings_can_be_cached(big_vocab_base, tiny_base):
    model = _frozen_model(SENTIMENT, big_vocab_base)
    assert frozen_lower_layers(model) == LOWER
    model.get_input_embeddings().weight.requires_grad_(True)          # 임베딩을 훈련하면 캐시할 수 없음
    assert frozen_lower_layers(model) == 0
    small = _frozen_model(SENTIMENT, tiny_base)                        # 작은 어휘(ko-mini-bert형): 모든 층 훈련
    assert frozen_lower_layers(small) == 0 and all(p.requires_grad for p in small.parameters())


def test_classification_on_a_big_encoder_trains_the_pooler_with_the_top_layers(big_vocab_base):
    model = _frozen_model(SENTIMENT, big_vocab_base)
    trained = {n.split(".")[1] if n.startswith("bert.") else n.split(".")[0]
               for n, p in model.named_parameters() if p.requires_grad}
    assert trained == {"encoder", "pooler", "classifier"}
    layers = {int(n.split("layer.")[1].split(".")[0]) for n, p in model.named_parameters()
              if p.requires_grad and "layer." in n}
    assert layers == set(range(LOWER, LOWER + TOP_LAYERS))


def _no_dropout_base(base, tmp_path):
    """같은 기반에서 드롭아웃만 0으로(캐시 여부와 무관하게 같은 계산이 되도록)."""
    from transformers import AutoTokenizer, BertConfig, BertModel

    config = BertConfig.from_pretrained(str(base), hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    out = tmp_path / "no-dropout"
    BertModel.from_pretrained(str(base), config=config).save_pretrained(out)
    AutoTokenizer.from_pretrained(str(base)).save_pretrained(out)
    return out


def test_finetune_with_the_cache_learns_the_same_weights_as_without(big_vocab_base, tmp_path):
    base = _no_dropout_base(big_vocab_base, tmp_path)
    data = load_dataset("nsmc", source="builtin", max_train=64)
    runs = {}
    for cache in (False, True):
        tuned = finetune("sentiment", base=str(base), data=data, max_steps=4, batch_size=16, eval_size=0,
                         layer_cache=cache, progress=False, learning_rate=1e-3)
        assert tuned.settings["cached_lower_layers"] == (LOWER if cache else 0)
        assert tuned.settings["top_layers"] == TOP_LAYERS
        runs[cache] = {n: p.detach().clone() for n, p in tuned.model.named_parameters() if p.requires_grad}
    assert runs[True].keys() == runs[False].keys()
    start = finetune("sentiment", base=str(base), data=data, max_steps=0, eval_size=0, progress=False, seconds=None)
    for name, weight in runs[True].items():
        assert torch.allclose(weight, runs[False][name], atol=2e-3), name    # 캐시는 float16: 반올림만큼의 차이
    moved = [n for n, w in runs[True].items() if not torch.equal(w, dict(start.model.named_parameters())[n])]
    assert moved, "훈련이 가중치를 바꾸지 않았습니다"


def test_disk_cache_is_reused_only_for_the_same_weights_and_inputs(big_vocab_base, tmp_path, monkeypatch):
    from transformers import AutoTokenizer

    import bertlab.finetuning.layer_cache as layer_cache

    tokenizer = AutoTokenizer.from_pretrained(str(big_vocab_base))
    model = _frozen_model(SENTIMENT, big_vocab_base)
    features = SENTIMENT.encode(tokenizer, _examples(SENTIMENT), 64)
    first, lengths = lower_states(model, features, LOWER, tmp_path, progress=False)
    assert len(list(tmp_path.glob("lower-*.pt"))) == 1

    def must_not_compute(*args, **kwargs):
        raise AssertionError("캐시 파일이 있는데 다시 계산했습니다")

    with monkeypatch.context() as patch:
        patch.setattr(layer_cache, "compute_lower_states", must_not_compute)
        again, _ = lower_states(model, features, LOWER, tmp_path, progress=False)
    assert torch.equal(first, again)
    lower_states(model, features[:-1], LOWER, tmp_path, progress=False)          # 입력이 다르면 새 파일
    with torch.no_grad():
        model.base_model.encoder.layer[0].output.LayerNorm.bias.add_(1.0)        # 아래층 가중치가 다르면 새 파일
    changed, _ = lower_states(model, features, LOWER, tmp_path, progress=False)
    assert len(list(tmp_path.glob("lower-*.pt"))) == 3 and not torch.equal(first, changed)


def test_exported_big_encoder_classifier_is_a_delta_that_reloads_to_the_same_scores(big_vocab_base, tmp_path):
    from safetensors.torch import load_file

    data = load_dataset("nsmc", source="builtin", max_train=32, max_test=16)
    tuned = finetune("sentiment", base=str(big_vocab_base), data=data, max_steps=2, batch_size=16, eval_size=0,
                     progress=False)
    out = save_finetuned(tuned, tmp_path / "export", {"평가 세트": tuned.evaluate()}, "test")
    names = set(load_file(str(out / SENTIMENT.delta_file)))
    assert not (out / "model.safetensors").exists()
    assert "bert.pooler.dense.weight" in names and "classifier.weight" in names
    assert not any("embeddings" in n or "layer.0." in n or "layer.1." in n for n in names)
    loaded = load_finetuned(out, "sentiment")
    assert loaded.evaluate(data.test)["accuracy"] == pytest.approx(tuned.evaluate()["accuracy"])


def test_checkpoint_keeps_only_trained_weights_and_resumes(big_vocab_base, tmp_path):
    data = load_dataset("nsmc", source="builtin", max_train=32)
    run = tmp_path / "run"
    finetune("sentiment", base=str(big_vocab_base), data=data, max_steps=2, batch_size=16, eval_size=0,
             progress=False, checkpoint_dir=run)
    saved = torch.load(run / "checkpoint.pt", map_location="cpu", weights_only=False)
    assert not any("word_embeddings" in name or "layer.0." in name for name in saved["model"])
    resumed = finetune("sentiment", base=str(big_vocab_base), data=data, max_steps=3, batch_size=16, eval_size=0,
                       progress=False, checkpoint_dir=run)
    assert resumed.result.step == 3
