"""SBERT의 다른 훈련 목표(레슨 15-16): NLI 분류 목표 과제 ``sbert-nli``(``SoftmaxLoss``; 머리는 손실 모듈 안에서
훈련하고 내보내지 않음)와 챗봇 인코더 과제 ``chatbot-encoder``(``MultipleNegativesRankingLoss``; 같은 답 질문 쌍).
훈련은 아주 작은 무작위 BERT(``tiny_base``)로 몇 단계만."""

from __future__ import annotations

import json

import pytest
import torch

from bertlab.cli import main
from bertlab.errors import BertlabError
from bertlab.finetuning import finetune, get_task, load_finetuned
from bertlab.sentences import in_batch_negatives_loss
from test_finetune_cli import tiny_base  # noqa: F401  (ko-mini-bert 어휘의 아주 작은 무작위 BERT 폴더)
from test_sbert import SENTENCES, Lookup


def test_torch_in_batch_negatives_loss_equals_multiple_negatives_ranking_loss(tiny_base):
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss

    from bertlab.sentences import new_sbert

    torch.manual_seed(0)
    model = new_sbert(str(tiny_base))
    features = [model.preprocess(SENTENCES), model.preprocess(SENTENCES[::-1])]
    a, b = (model(f)["sentence_embedding"] for f in features)             # (3, 16) 둘
    library = MultipleNegativesRankingLoss(model)(features, torch.zeros(3))
    assert in_batch_negatives_loss(a, b).item() == pytest.approx(library.item(), abs=1e-5)
    same = in_batch_negatives_loss(a, a + 1e-3 * torch.randn_like(a), scale=50.0)
    assert same.item() < in_batch_negatives_loss(a, b.roll(1, dims=0), scale=50.0).item()


def test_sbert_nli_trains_on_nli_pairs_and_is_scored_on_korsts():
    task = get_task("sbert-nli")
    data = task.load_data(source="builtin", max_train=50)
    sts = get_task("sbert").load_data(source="builtin")
    assert len(data.train) == 50 and {label for _, label in data.train} <= {0, 1, 2}
    assert data.test == sts.test and data.validation == sts.validation
    assert all(isinstance(score, float) for _, score in data.test[:20])


def test_nli_head_lives_in_the_loss_module_trains_with_the_encoder_and_is_not_exported(tiny_base, tmp_path):
    task = get_task("sbert-nli")
    tuned = finetune(task, base=str(tiny_base), source="builtin", max_steps=3, max_train=96, eval_size=20,
                     eval_every=3, learning_rate=1e-2, threads=1, progress=False)
    module = task.training_module(tuned.model)
    assert module.model is tuned.model and module.classifier.in_features == 3 * 16
    assert {name.split(".")[0] for name, _ in module.named_parameters()} == {"model", "classifier"}
    assert "eval_spearman" in tuned.result.best
    out = tmp_path / "nli-sbert"
    from bertlab.finetuning.export import save_finetuned

    save_finetuned(tuned, out, {"평가 세트(test)": tuned.evaluate(tuned.data.test[:30])}, "test")
    from safetensors.torch import load_file

    saved = load_file(out / task.delta_file)
    assert saved and not any("classifier" in key for key in saved)
    loaded = load_finetuned(out, "sbert-nli")
    before = tuned.model.encode(SENTENCES, convert_to_tensor=True)
    assert torch.allclose(loaded.model.encode(SENTENCES, convert_to_tensor=True), before, atol=5e-3)


def test_nli_head_is_updated_by_the_optimizer_and_is_saved_in_the_resume_checkpoint(tiny_base, tmp_path):
    """분류 머리가 옵티마이저에 들어가 바뀌고, 이어 훈련용 체크포인트에 인코더와 함께 저장됩니다."""
    from bertlab.finetuning import BatchStream, FitConfig, fit
    from bertlab.finetuning.recipe import base_model_location
    from transformers import AutoTokenizer, set_seed

    task = get_task("sbert-nli")
    data = task.load_data(source="builtin", max_train=64)
    tokenizer = AutoTokenizer.from_pretrained(str(tiny_base))
    batches = BatchStream(task.encode(tokenizer, data.train, 32), task.collate(tokenizer), 16)

    def run(steps: int, folder=None):
        set_seed(0)
        module = task.training_module(task.new_model(base_model_location(str(tiny_base))))
        start = module.classifier.weight.detach().clone()
        fit(module, batches, task.loss, FitConfig(learning_rate=1e-2, max_steps=steps, threads=1, progress=False,
                                                  checkpoint_dir=str(folder) if folder else None))
        return start, module

    start, trained = run(2, tmp_path)
    assert not torch.allclose(start, trained.classifier.weight)
    saved = torch.load(tmp_path / "checkpoint.pt", map_location="cpu", weights_only=False)
    assert torch.equal(saved["model"]["classifier.weight"], trained.classifier.weight.detach())
    assert any(key.startswith("model.") for key in saved["model"])     # 인코더도 같은 체크포인트에
    _, resumed = run(3, tmp_path)                                        # 2단계에서 이어 1단계 더
    assert not torch.allclose(resumed.classifier.weight, trained.classifier.weight)


def test_chatbot_encoder_pairs_keep_held_out_answers_and_dev_queries_out_of_training():
    from bertlab.chatbot.data import DEV_FILE, load_chatbot_pairs, read_paraphrases

    task = get_task("chatbot-encoder")
    data = task.load_data(source="builtin")
    sources = {source for _, source in data.train}
    assert sources == {"chatbot", "korsts", "nli"}
    trained = {text for (a, b), _ in data.train for text in (a, b)}
    held_out = data.validation + data.test
    assert len(data.validation) > 200 and len(data.test) > 200
    assert not trained & {text for example in held_out for text in example}     # 뺀 질문도, 그 답도 훈련에 없음
    assert not {answer for _, answer in data.validation} & {answer for _, answer in data.test}
    assert not trained & {query for query, _ in read_paraphrases(DEV_FILE)}
    pairs = load_chatbot_pairs()
    answers_of: dict[str, set] = {}                 # 같은 질문이 다른 답으로 두 번 나오기도 함
    for question, answer in zip(pairs.questions, pairs.answers):
        answers_of.setdefault(question, set()).add(answer)
    chatbot_pairs = [(a, b) for (a, b), source in data.train if source == "chatbot"]
    assert len(chatbot_pairs) > 3000 and all(answers_of[a] & answers_of[b] for a, b in chatbot_pairs)


def test_chatbot_encoder_scores_leave_one_out_retrieval_by_shared_answers():
    task = get_task("chatbot-encoder")
    encoder = Lookup({"가": [1.0, 0.0], "가2": [0.9, 0.1], "나": [0.0, 1.0], "나2": [0.8, 0.3], "다": [-1.0, 0.0]})
    examples = [("가", "A"), ("가2", "A"), ("나", "B"), ("나2", "B"), ("다", "B")]
    metrics = task.evaluate(encoder, None, examples, 32)
    # 가 -> 가2(A 맞음), 가2 -> 가(맞음), 나 -> 나2(B 맞음), 나2 -> 가2(A 틀림), 다 -> 나(B 맞음): 4/5
    assert metrics["top1"] == pytest.approx(0.8) and metrics["top5"] == 1.0 and metrics["examples"] == 5
    with pytest.raises(BertlabError, match="둘 이상"):
        task.evaluate(encoder, None, examples[:1], 32)


def test_chatbot_encoder_trains_with_in_batch_negatives_and_reads_pair_files(tiny_base, tmp_path, capsys):
    pair_file = tmp_path / "pairs.tsv"
    pair_file.write_text("밥 먹었어?\t식사는 했어?\n\n배고파 😋\t뭐 좀 먹고 싶다\n漢字 공부\t한자 공부하기\n", encoding="utf-8")
    out = tmp_path / "encoder"
    assert main(["finetune", "chatbot-encoder", "--base", str(tiny_base), "--train-file", str(pair_file),
                 "--max-steps", "2", "--batch-size", "3", "--threads", "1", "--lr", "1e-3", "--source", "builtin",
                 "--export", str(out)]) == 0
    summary = json.loads([line for line in capsys.readouterr().out.splitlines() if line.startswith("{")][0])
    assert summary["step"] == 2 and 0.0 <= summary["평가 세트(test)"]["top1"] <= 1.0
    assert json.loads((out / "finetune.json").read_text(encoding="utf-8"))["task"] == "chatbot-encoder"
    bad = tmp_path / "bad.tsv"
    bad.write_text("탭이 없는 줄\n", encoding="utf-8")
    with pytest.raises(BertlabError, match="1번째 줄"):
        get_task("chatbot-encoder").read_train_file(bad)


def test_course_chatbot_encoder_is_a_small_delta_with_a_korean_card_and_calibrated_cosines():
    from bertlab.chatbot import load_encoder
    from bertlab.sentences import encode_sentences

    task = get_task("chatbot-encoder")
    folder = task.course_checkpoint()
    assert {path.name for path in folder.iterdir()} == {"README.md", "finetune.json", task.delta_file}
    assert (folder / task.delta_file).stat().st_size <= 20 * 2**20
    info = json.loads((folder / "finetune.json").read_text(encoding="utf-8"))
    assert info["task"] == "chatbot-encoder" and info["base"] == "multilingual-e5-small"
    card = (folder / "README.md").read_text(encoding="utf-8")
    for words in ("시드", "하드웨어", "바꿔 말하기", "top-1", "MultipleNegativesRankingLoss", "MIT"):
        assert words in card, words
    encoder = load_encoder("chatbot")
    vectors = encode_sentences(encoder, ["오늘 너무 피곤하다", "오늘 진짜 피곤해", "ㅁㄴㅇㄹ 퀵퀵 zzz"])   # (3, 384)
    cosines = vectors @ vectors.T
    assert cosines[0, 1] > 0.8 and cosines[0, 2] < cosines[0, 1] - 0.2
