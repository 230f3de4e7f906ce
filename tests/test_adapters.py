"""저랭크 어댑터(``bertlab.finetuning.adapters``, 이슈 40): 모든 층에 LoRA를 붙여 어댑터와 머리만 훈련하고, 그것만
저장했다가 불러오면(어댑터를 가중치에 합친 보통 모델) 같은 점수가 나옵니다. 어휘만 큰 아주 작은 BERT로 확인합니다."""

from __future__ import annotations

import pytest
import torch

from bertlab.datasets import load_dataset
from bertlab.finetuning import NER, STS, finetune, load_finetuned, save_finetuned
from test_delta import big_vocab_base  # noqa: F401


def test_adapters_train_every_layer_and_the_head_but_no_base_weight(big_vocab_base):
    data = load_dataset("sts", source="builtin", max_train=32)
    tuned = finetune("sts", base=str(big_vocab_base), data=data, max_steps=1, batch_size=16, eval_size=0,
                     adapter_rank=4, progress=False)
    trained = [n for n, p in tuned.model.named_parameters() if p.requires_grad]
    layers = {int(n.split("layer.")[1].split(".")[0]) for n in trained if "lora_" in n}
    assert layers == set(range(tuned.model.config.num_hidden_layers))            # 모든 층에 어댑터
    assert {n.removeprefix("base_model.model.") for n in trained if "lora_" not in n} == {
        "bert.pooler.dense.weight", "bert.pooler.dense.bias", "classifier.weight", "classifier.bias"}
    assert not any("word_embeddings" in n for n in trained)
    assert tuned.settings["cached_lower_layers"] == 0 and tuned.settings["adapter"]["rank"] == 4


@pytest.mark.parametrize("task", [STS, NER], ids=lambda t: t.name)
def test_saved_adapters_reload_as_a_plain_model_with_the_same_scores(task, big_vocab_base, tmp_path):
    from safetensors.torch import load_file

    name = {"sts": "sts", "ner": "klue-ner"}[task.name]
    data = load_dataset(name, source="builtin", max_train=32, max_test=12)
    tuned = finetune(task.name, base=str(big_vocab_base), data=data, max_steps=3, batch_size=8, eval_size=0,
                     adapter_rank=4, progress=False, learning_rate=1e-2)
    score = tuned.evaluate()
    out = save_finetuned(tuned, tmp_path / "export", {"평가 세트": score}, "test")
    stored = load_file(str(out / task.delta_file))
    assert any("lora_A" in n for n in stored) and not any("word_embeddings" in n for n in stored)
    loaded = load_finetuned(out, task.name)
    assert not any("lora_" in n for n, _ in loaded.model.named_parameters())   # 어댑터는 가중치에 합쳐짐
    again = loaded.evaluate(data.test)
    for key in (task.metric, "examples"):
        assert again[key] == pytest.approx(score[key], abs=1e-3)
