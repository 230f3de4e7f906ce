"""파인 튜닝 훈련 루프(``bertlab.finetuning.fit``): 손실이 줄고, 단계·시간 예산에서 멈추고, 최고 모델을 되돌리고,
NaN이면 한국어로 멈추고, Ctrl-C에도 최고 모델을 남기고, 중단한 곳에서 똑같이 이어 간다. 아주 작은 BERT로 몇 초."""

from __future__ import annotations

import time

import pytest
import torch

from bertlab.finetuning import BatchStream, FitConfig, TrainingDiverged, fit, learning_rate_scale

VOCAB = 20


def tiny_classifier(seed: int = 0):
    """은닉 16, 1층짜리 BertForSequenceClassification(드롭아웃 0이라 결정적)."""
    from transformers import BertConfig, BertForSequenceClassification

    torch.manual_seed(seed)
    config = BertConfig(vocab_size=VOCAB, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=16, num_labels=2,
                        hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    return BertForSequenceClassification(config)


def toy_stream(n: int = 64, batch_size: int = 8, seed: int = 0) -> BatchStream:
    """토큰 5가 있으면 1, 없으면 0인 장난감 문장들(길이 4-8)."""
    generator = torch.Generator().manual_seed(seed)
    features = []
    for i in range(n):
        length = 4 + i % 5
        ids = torch.randint(6, VOCAB, (length,), generator=generator)
        if i % 2:
            ids[int(torch.randint(1, length, (1,), generator=generator))] = 5
        features.append({"input_ids": [2] + ids.tolist(), "labels": i % 2})

    def collate(chunk):
        width = max(len(f["input_ids"]) for f in chunk)
        ids = torch.tensor([f["input_ids"] + [0] * (width - len(f["input_ids"])) for f in chunk])
        return {"input_ids": ids, "attention_mask": (ids != 0).long(), "labels": torch.tensor([f["labels"] for f in chunk])}

    return BatchStream(features, collate, batch_size=batch_size, seed=seed)


def classification_loss(model, batch):
    output = model(**batch)
    return {"loss": output.loss, "accuracy": (output.logits.argmax(-1) == batch["labels"]).float().mean()}


def quick(**overrides) -> FitConfig:
    options = {"learning_rate": 1e-2, "max_steps": 40, "warmup_fraction": 0.1, "log_every": 5, "threads": 1,
               "progress": False}
    return FitConfig(**(options | overrides))


def snapshot(model) -> dict:
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def same_state(a: dict, b: dict) -> bool:
    return all(torch.equal(a[k], b[k]) for k in a)


def test_loss_falls_on_a_tiny_model_and_records_reach_the_callback():
    records = []
    result = fit(tiny_classifier(), toy_stream(), classification_loss, quick(max_steps=60), callback=records.append)
    assert records == result.history and [r["step"] for r in records] == list(range(5, 61, 5))
    first, last = records[0]["loss"], sum(r["loss"] for r in records[-3:]) / 3
    assert last < 0.6 * first, (first, last)
    assert {"step", "seconds", "loss", "accuracy", "lr", "epoch"} <= set(records[-1])
    assert records[-1]["epoch"] == pytest.approx(60 / 8)


def test_step_budget_stops_at_exactly_max_steps():
    result = fit(tiny_classifier(), toy_stream(), classification_loss, quick(max_steps=7))
    assert (result.step, result.stopped_by) == (7, "max_steps")
    assert result.history[-1]["step"] == 7  # 끝에 남은 단계들도 기록됨


def test_time_budget_stops_training_and_does_not_count_evaluation():
    stream = toy_stream()

    def slow_batches(step):
        time.sleep(0.05)
        return stream(step)

    def slow_evaluate(model):
        time.sleep(0.3)
        return {"accuracy": 0.5}

    result = fit(tiny_classifier(), slow_batches, classification_loss,
                 quick(max_steps=10_000, max_seconds=0.4, eval_every=2), evaluate=slow_evaluate)
    assert result.stopped_by == "max_seconds" and result.seconds >= 0.4
    assert result.step < 10_000 and result.eval_seconds >= 0.3 * (result.step // 2)


def test_learning_rate_warms_up_then_decays_to_zero():
    assert learning_rate_scale(0.0, 0.1) == pytest.approx(0.02)
    assert learning_rate_scale(0.05, 0.1) == pytest.approx(0.5)
    assert learning_rate_scale(0.1, 0.1) == pytest.approx(1.0)
    assert learning_rate_scale(0.55, 0.1) == pytest.approx(0.5)
    assert learning_rate_scale(1.0, 0.1) == 0.0


def scripted_evaluation(scores):
    """평가할 때마다 정해진 점수를 돌려주고 그때의 모델 상태를 적어 두는 평가 함수."""
    seen = []

    def evaluate(model):
        seen.append(snapshot(model))
        return {"accuracy": scores[len(seen) - 1]}

    return evaluate, seen


def test_best_model_is_restored_at_the_end():
    model = tiny_classifier()
    evaluate, seen = scripted_evaluation([0.5, 0.9, 0.6, 0.7])
    result = fit(model, toy_stream(), classification_loss, quick(max_steps=20, eval_every=5), evaluate=evaluate)
    assert len(seen) == 4 and result.best["step"] == 10 and result.best["eval_accuracy"] == 0.9
    assert same_state(snapshot(model), seen[1])
    assert not same_state(snapshot(model), seen[-1])
    assert [r.get("eval_accuracy") for r in result.history if r["step"] % 5 == 0] == [0.5, 0.9, 0.6, 0.7]


def test_lower_is_better_metrics_keep_the_lowest():
    model = tiny_classifier()
    evaluate, seen = scripted_evaluation([0.9, 0.3, 0.5])
    evaluate_loss = lambda m: {"loss": evaluate(m)["accuracy"]}  # noqa: E731
    result = fit(model, toy_stream(), classification_loss,
                 quick(max_steps=15, eval_every=5, metric="loss", greater_is_better=False), evaluate=evaluate_loss)
    assert result.best["step"] == 10 and same_state(snapshot(model), seen[1])


def test_nan_loss_stops_with_a_korean_learning_rate_explanation_and_keeps_the_best():
    model = tiny_classifier()
    evaluate, seen = scripted_evaluation([0.8, 0.9])

    def loss_that_explodes(model, batch):
        output = classification_loss(model, batch)
        if len(seen) == 2:  # 두 번째 평가(10단계) 뒤부터 손실이 NaN
            output["loss"] = output["loss"] * float("nan")
        return output

    with pytest.raises(TrainingDiverged) as caught:
        fit(model, toy_stream(), loss_that_explodes, quick(max_steps=40, eval_every=5), evaluate=evaluate)
    message = str(caught.value)
    assert "11단계" in message and "NaN" in message and "학습률" in message and "10단계의 최고 모델" in message
    assert caught.value.result.step == 10 and caught.value.result.stopped_by == "diverged"
    assert same_state(snapshot(model), seen[1])


def test_keyboard_interrupt_keeps_the_best_model_and_says_so_in_korean(capsys):
    model = tiny_classifier()
    evaluate, seen = scripted_evaluation([0.6, 0.9, 0.7])

    def interrupt_at_step_15(record):
        if record["step"] == 15:
            raise KeyboardInterrupt

    result = fit(model, toy_stream(), classification_loss, quick(max_steps=40, eval_every=5),
                 evaluate=evaluate, callback=interrupt_at_step_15)
    assert result.stopped_by == "interrupted" and result.step == 15 and result.best["step"] == 10
    assert same_state(snapshot(model), seen[1])
    out = capsys.readouterr().out
    assert "중단했습니다" in out and "10단계의 모델" in out and "그대로 평가하거나 써도 됩니다" in out
    assert not model.training


def test_interrupted_run_resumes_from_its_checkpoint_exactly(tmp_path, capsys):
    uninterrupted = tiny_classifier()
    fit(uninterrupted, toy_stream(), classification_loss, quick(max_steps=12))

    def interrupt_at_step_6(record):
        if record["step"] == 6:
            raise KeyboardInterrupt

    resumed = tiny_classifier()
    config = quick(max_steps=12, log_every=3, checkpoint_dir=str(tmp_path))
    first = fit(resumed, toy_stream(), classification_loss, config, callback=interrupt_at_step_6)
    assert first.stopped_by == "interrupted" and (tmp_path / "checkpoint.pt").exists()
    second = fit(tiny_classifier(), toy_stream(), classification_loss, config)
    assert "6단계" in capsys.readouterr().out
    assert second.step == 12 and [r["step"] for r in second.history] == [3, 6, 9, 12]
    restored = tiny_classifier()
    restored.load_state_dict(torch.load(tmp_path / "checkpoint.pt", weights_only=False)["model"])
    assert all(torch.allclose(a, b, atol=1e-6) for a, b in
               zip(snapshot(restored).values(), snapshot(uninterrupted).values()))


def test_batch_stream_is_seeded_covers_each_example_once_per_epoch_and_groups_lengths():
    stream = toy_stream(n=64, batch_size=8)
    again = toy_stream(n=64, batch_size=8)
    assert len(stream) == 8
    assert all(torch.equal(stream(s)["input_ids"], again(s)["input_ids"]) for s in (0, 5, 9))
    epoch = stream.epoch_order(0)
    assert sorted(i for batch in epoch for i in batch) == list(range(64))
    assert stream.epoch_order(1) != epoch
    lengths = [len(stream.features[i]["input_ids"]) for batch in epoch for i in batch]
    assert max(lengths[:8]) - min(lengths[:8]) <= 1  # 한 배치 안은 비슷한 길이


def test_a_budget_is_required_and_the_thread_count_is_restored():
    before = torch.get_num_threads()
    with pytest.raises(Exception, match="max_steps"):
        fit(tiny_classifier(), toy_stream(), classification_loss, quick(max_steps=None))
    fit(tiny_classifier(), toy_stream(), classification_loss, quick(max_steps=2, threads=1))
    assert torch.get_num_threads() == before


def test_lesson_08_live_curve_plugs_in_as_the_callback():
    from bertlab.widgets import LiveLossCurve

    curve = LiveLossCurve(total_steps=10, series=(("loss", "훈련 손실", "#2563eb"),
                                                  ("eval_accuracy", "검증 정확도", "#16a34a")), title="파인 튜닝")
    evaluate, _ = scripted_evaluation([0.7, 0.8])
    fit(tiny_classifier(), toy_stream(), classification_loss, quick(max_steps=10, eval_every=5),
        evaluate=evaluate, callback=curve)
    curve.finish(show_figure=False)
    assert [r["step"] for r in curve.history] == [5, 10] and curve.history[-1]["eval_accuracy"] == 0.8


def test_live_curve_figure_skips_a_final_record_with_only_evaluation():
    """시간 예산이 기록 경계에서 끝나면 마지막 기록에는 평가만 있고 손실이 없다: 그림이 그래도 그려져야 한다."""
    import matplotlib

    matplotlib.use("Agg")
    from bertlab.widgets import LiveLossCurve

    curve = LiveLossCurve(seconds=10, series=(("loss", "훈련 손실", "#2563eb"),), title="파인 튜닝")
    curve({"step": 5, "seconds": 4.0, "loss": 1.2})
    curve({"step": 10, "seconds": 8.0, "loss": 0.9})
    curve({"step": 10, "seconds": 10.0, "eval_accuracy": 0.8})
    curve.finish()
    (line,) = curve.figure.axes[0].get_lines()
    assert list(line.get_xdata()) == [5, 10] and list(line.get_ydata()) == [1.2, 0.9]


def test_live_curve_shows_one_curve_titled_for_fine_tuning():
    """레슨 14에서 곡선이 두 번(실시간 SVG + 끝의 그림) 보이고 제목이 '미니 사전 훈련'이던 것(이슈 41)."""
    import matplotlib

    matplotlib.use("Agg")
    from bertlab.widgets import LiveLossCurve

    curve = LiveLossCurve(seconds=10, series=(("loss", "훈련 손실", "#2563eb"),))
    assert curve.title == "파인 튜닝" and curve.bar.desc.startswith("파인 튜닝")
    assert LiveLossCurve(seconds=10).title == "미니 사전 훈련"          # 레슨 08의 기본 곡선(MLM·NSP)
    curve({"step": 5, "seconds": 4.0, "loss": 1.2})
    assert curve._widget.layout.display != "none"
    curve.finish()
    assert curve._widget.layout.display == "none"                       # 끝나면 그림 한 장만 남음
    assert curve.figure.axes[0].get_title() == "파인 튜닝"
    titled = LiveLossCurve(seconds=10, series=(("loss", "훈련 손실", "#2563eb"),), title="질의응답 파인 튜닝")
    titled({"step": 5, "seconds": 4.0, "loss": 1.2})
    titled.finish()
    assert titled.figure.axes[0].get_title() == "질의응답 파인 튜닝"
