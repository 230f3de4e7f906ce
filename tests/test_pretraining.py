"""bertlab.pretraining: 레슨 07(MLM 마스킹)과 레슨 08(NSP·미니 사전 훈련)의 약속, 그리고 ko-mini-bert."""

from __future__ import annotations

import random

import pytest
import torch

from bertlab.pretraining import IGNORE_INDEX, mask_tokens, masking_counts, special_tokens_mask
from bertlab.pretraining import IS_NEXT, NOT_NEXT, collate_pairs, encode_pair, make_nsp_pairs
from conftest import REPO_ROOT

CHECKPOINT = REPO_ROOT / "bertlab" / "checkpoints" / "ko-mini-bert"
PAD, UNK, CLS, SEP, MASK = 0, 1, 2, 3, 4


def _random_batch(rows=200, width=256, vocab=16000, seed=0):
    """[CLS] 본문 [SEP] [PAD]... 모양의 무작위 배치와 특수 토큰 표시."""
    gen = torch.Generator().manual_seed(seed)
    ids = torch.randint(5, vocab, (rows, width), generator=gen)  # (B, T)
    lengths = torch.randint(width // 4, width, (rows,), generator=gen)
    for i, n in enumerate(lengths.tolist()):
        ids[i, 0], ids[i, n - 1], ids[i, n:] = CLS, SEP, PAD
    return ids, special_tokens_mask(ids, [CLS, SEP, PAD])


@pytest.fixture(scope="module")
def toy_tokenizer():
    from bertlab.datasets import builtin_sentences
    from bertlab.tokenization import train_wordpiece

    return train_wordpiece(builtin_sentences(), vocab_size=2000)


def test_masking_ratio_is_15_percent_with_80_10_10_split():
    ids, special = _random_batch()
    masked, labels = mask_tokens(ids, special, 16000, MASK, generator=torch.Generator().manual_seed(1))
    counts = masking_counts(ids, masked, labels, special, MASK)
    assert counts["tokens"] > 20000
    assert counts["chosen_ratio"] == pytest.approx(0.15, abs=0.006)
    assert counts["mask_ratio"] == pytest.approx(0.12, abs=0.005)
    assert counts["random_ratio"] == pytest.approx(0.015, abs=0.0025)
    assert counts["kept_ratio"] == pytest.approx(0.015, abs=0.0025)


def test_masking_never_touches_special_tokens_or_padding_and_labels_only_chosen():
    ids, special = _random_batch(seed=3)
    masked, labels = mask_tokens(ids, special, 16000, MASK, generator=torch.Generator().manual_seed(2))
    assert torch.equal(masked[special], ids[special])
    assert (labels[special] == IGNORE_INDEX).all()
    chosen = labels != IGNORE_INDEX
    assert torch.equal(labels[chosen], ids[chosen])
    assert torch.equal(masked[~chosen], ids[~chosen])  # 고르지 않은 자리는 그대로


def test_masking_is_reproducible_with_the_same_seed():
    ids, special = _random_batch(rows=8, width=32)
    first = mask_tokens(ids, special, 100, MASK, generator=torch.Generator().manual_seed(7))
    second = mask_tokens(ids, special, 100, MASK, generator=torch.Generator().manual_seed(7))
    assert all(torch.equal(a, b) for a, b in zip(first, second))


def test_nsp_pairs_are_half_is_next_and_is_next_really_follows():
    documents = [[f"d{d}s{s}" for s in range(5)] for d in range(40)]
    pairs = make_nsp_pairs(documents, 4000, rng=0)
    share = sum(p.is_next for p in pairs) / len(pairs)
    assert share == pytest.approx(0.5, abs=0.03)
    for p in pairs:
        (da, sa), (db, sb) = (tuple(map(int, x[1:].split("s"))) for x in (p.a, p.b))
        assert (da == db and sb == sa + 1) if p.is_next else da != db
        assert p.label == (IS_NEXT if p.is_next else NOT_NEXT)


def test_pair_encoding_puts_sep_between_segments_with_segment_ids():
    input_ids, types = encode_pair([10, 11], [20, 21, 22], CLS, SEP)
    assert input_ids == [CLS, 10, 11, SEP, 20, 21, 22, SEP]
    assert types == [0, 0, 0, 0, 1, 1, 1, 1]
    pairs = make_nsp_pairs([[[5, 6], [7]], [[8, 9, 10], [11]]], 6, rng=1)
    batch = collate_pairs(pairs, CLS, SEP, PAD, max_length=16)
    assert batch["input_ids"].shape == batch["token_type_ids"].shape == batch["attention_mask"].shape
    assert ((batch["input_ids"] == PAD) == (batch["attention_mask"] == 0)).all()
    assert batch["next_sentence_label"].tolist() == [p.label for p in pairs]


def test_wordpiece_vocab_keeps_hangul_syllables(toy_tokenizer):
    from bertlab.tokenization.vocab import SPECIAL_TOKENS, hangul_survives

    assert toy_tokenizer.convert_ids_to_tokens(list(range(5))) == SPECIAL_TOKENS
    assert hangul_survives(toy_tokenizer, "안녕하세요 오늘 기분이 어떤가요")
    assert all("\u1100" > ch or ch > "\u11ff" for ch in "".join(toy_tokenizer.get_vocab()))  # 자모 조각 없음


def test_summed_loss_equals_bert_for_pretraining_loss(toy_tokenizer):
    from bertlab.pretraining import new_bert_for_pretraining, pretraining_loss

    model = new_bert_for_pretraining(len(toy_tokenizer), 64, 2, 2, 128, 64, dropout=0.0).eval()
    ids, special = _random_batch(rows=4, width=24, vocab=len(toy_tokenizer))
    masked, labels = mask_tokens(ids, special, len(toy_tokenizer), MASK, generator=torch.Generator().manual_seed(0))
    batch = {"input_ids": masked, "attention_mask": (ids != PAD).long(), "token_type_ids": torch.zeros_like(ids),
             "labels": labels, "next_sentence_label": torch.tensor([0, 1, 1, 0])}
    with torch.no_grad():
        ours = pretraining_loss(model, batch)
        reference = model(**batch).loss
    assert float(ours.loss) == pytest.approx(float(reference), rel=1e-5)


def _toy_stream(tokenizer, seed=0):
    from bertlab.datasets import builtin_documents
    from bertlab.pretraining import PretrainingStream, TokenizedCorpus

    corpus = TokenizedCorpus.from_documents(builtin_documents()[:300], tokenizer)
    return PretrainingStream(corpus, tokenizer, batch_size=16, max_length=48, seed=seed)


def test_pretraining_stream_batches_depend_only_on_seed_and_step(toy_tokenizer):
    stream = _toy_stream(toy_tokenizer)
    a, b, c = stream.batch(5), stream.batch(5), stream.batch(6)
    assert all(torch.equal(a[k], b[k]) for k in a)
    assert not torch.equal(a["input_ids"], c["input_ids"]) or a["input_ids"].shape != c["input_ids"].shape


def test_prefetched_batches_equal_direct_ones_also_after_a_jump_and_stop_at_the_last_step(toy_tokenizer):
    from bertlab.pretraining import PrefetchedBatches, prefetched

    stream = _toy_stream(toy_tokenizer, seed=7)
    ahead = PrefetchedBatches(stream.batch, last_step=12, workers=2)
    for step in [0, 1, 2, 9, 10, 11]:  # 2 -> 9: 이어 훈련처럼 건너뛰면 그 단계부터 다시 만듦
        got, want = ahead(step), stream.batch(step)
        assert got.keys() == want.keys() and all(torch.equal(got[k], want[k]) for k in want), step
    with pytest.raises(StopIteration):
        ahead(12)
    assert prefetched(stream.batch, 12, workers=0) == stream.batch
    with pytest.raises(ValueError):
        PrefetchedBatches(stream.batch, last_step=12, workers=0)


def test_tiny_pretraining_from_scratch_makes_mlm_loss_fall(toy_tokenizer):
    from bertlab.pretraining import new_bert_for_pretraining
    from bertlab.pretraining import TrainingConfig, train

    torch.set_num_threads(1)
    model = new_bert_for_pretraining(len(toy_tokenizer), 64, 2, 2, 128, 48, dropout=0.0)
    records = []
    config = TrainingConfig(max_steps=80, learning_rate=2e-3, warmup_steps=8, log_every=10, progress=False,
                            max_seconds=50)
    result = train(model, _toy_stream(toy_tokenizer).batch, config, callback=records.append)
    assert result.step == 80 and len(records) == 8
    assert records[-1]["mlm_loss"] < records[0]["mlm_loss"] - 1.0


def test_checkpoint_resume_reproduces_the_uninterrupted_run(toy_tokenizer, tmp_path):
    from bertlab.pretraining import new_bert_for_pretraining
    from bertlab.pretraining import TrainingConfig, train

    torch.set_num_threads(1)
    stream = _toy_stream(toy_tokenizer, seed=3)

    def run(checkpoint_dir, stop_after):
        model = new_bert_for_pretraining(len(toy_tokenizer), 32, 1, 2, 64, 48, dropout=0.1, seed=5)
        config = TrainingConfig(max_steps=6, warmup_steps=2, learning_rate=1e-3, log_every=1, progress=False,
                                checkpoint_dir=checkpoint_dir, stop_after_steps=stop_after)
        return model, train(model, stream.batch, config)

    straight, _ = run(None, None)
    run(str(tmp_path), 3)  # 3단계 뒤 멈춤 -> checkpoint.pt
    resumed, result = run(str(tmp_path), None)  # 같은 설정으로 다시 부르면 4단계부터
    assert result.step == 6
    for (name, a), b in zip(straight.state_dict().items(), resumed.state_dict().values()):
        assert torch.allclose(a, b, atol=1e-6), name


def test_export_round_trips_both_heads_in_fp16_without_loading_flags(toy_tokenizer, tmp_path):
    import json

    from bertlab.pretraining import export_pretrained, load_exported
    from bertlab.pretraining import new_bert_for_pretraining
    from bertlab.tokenization import load_tokenizer

    toy_tokenizer.save_pretrained(tmp_path / "tok")
    tokenizer = load_tokenizer(tmp_path / "tok")  # 로컬 폴더에서 읽은 토크나이저(ko-mini-bert 훈련과 같은 경로)
    model = new_bert_for_pretraining(len(tokenizer), 32, 1, 2, 64, 48, dropout=0.0, seed=1).eval()
    out = export_pretrained(model, tokenizer, tmp_path / "export")
    saved = json.loads((out / "tokenizer_config.json").read_text(encoding="utf-8"))
    assert "local_files_only" not in saved and "is_local" not in saved
    mlm, reread = load_exported(out, head="mlm")
    both, _ = load_exported(out, head="pretraining")
    enc = reread("법률로 정한다 [MASK]", return_tensors="pt")
    with torch.no_grad():
        original = model(**enc).prediction_logits  # (1, T, V)
        assert torch.allclose(mlm(**enc).logits, original, atol=2e-2)
        assert torch.allclose(both(**enc).prediction_logits, original, atol=2e-2)
    assert reread.tokenize("법률로 정한다") == tokenizer.tokenize("법률로 정한다")


def test_heldout_movies_are_a_deterministic_five_percent_slice():
    from bertlab.datasets import is_heldout_movie

    ids = [str(i) for i in range(20000)]
    share = sum(map(is_heldout_movie, ids)) / len(ids)
    assert share == pytest.approx(0.05, abs=0.01)
    assert [is_heldout_movie(i) for i in ids[:50]] == [is_heldout_movie(i) for i in ids[:50]]


def test_standard_error_of_an_accuracy_shrinks_with_the_square_root_of_the_count():
    from bertlab.pretraining import standard_error

    assert standard_error(0.5, 100) == pytest.approx(0.05)
    assert standard_error(0.4, 5035) == pytest.approx(0.0069, abs=1e-4)  # 2,000개 표본의 고른 자리 수
    assert standard_error(0.4, 4 * 5035) == pytest.approx(standard_error(0.4, 5035) / 2)
    assert standard_error(0.0, 0) == 0.0


needs_checkpoint = pytest.mark.skipif(not (CHECKPOINT / "config.json").exists(),
                                      reason="ko-mini-bert 체크포인트가 아직 없습니다")


def _shipped_masked_lm():
    from transformers import AutoModelForMaskedLM, AutoTokenizer
    from transformers.utils import logging

    logging.set_verbosity_error()  # MLM으로 읽을 때 NSP 헤드·풀러를 안 쓴다는 안내는 예상된 것
    tokenizer = AutoTokenizer.from_pretrained(str(CHECKPOINT))
    return AutoModelForMaskedLM.from_pretrained(str(CHECKPOINT), dtype=torch.float32).eval(), tokenizer


@needs_checkpoint
def test_shipped_ko_mini_bert_is_a_standard_small_masked_lm_with_a_hangul_vocab():
    from transformers import BertForPreTraining

    assert (CHECKPOINT / "model.safetensors").stat().st_size / 2**20 <= 30
    model, tokenizer = _shipped_masked_lm()
    assert model.config.model_type == "bert" and model.config.vocab_size == len(tokenizer) == 16000
    assert "".join(tokenizer.tokenize("영화 재밌다")).replace("#", "") == "영화재밌다"
    both = BertForPreTraining.from_pretrained(str(CHECKPOINT), dtype=torch.float32)
    enc = tokenizer("영화가 [MASK] 재밌다", "배우 연기도 좋았다", return_tensors="pt")
    with torch.no_grad():
        out = both(**enc)
    assert out.prediction_logits.shape[-1] == 16000 and out.seq_relationship_logits.shape == (1, 2)


@needs_checkpoint
def test_shipped_ko_mini_bert_fills_an_obvious_blank():
    from bertlab.pretraining import top_mask_candidates

    model, tokenizer = _shipped_masked_lm()
    top = [token for token, _ in top_mask_candidates(model, tokenizer, ["이 영화 정말 [MASK]."])[0]]
    assert set(top) & {"재밌다", "재밌어요", "재미있다", "최고", "최고다", "좋다", "재밌음", "재미있어요", "감동",
                       "별로", "재미없다", "명작", "최악", "재밌네요", "재미없음", "좋아요", "재밌었다", "좋았다"}


@needs_checkpoint
def test_ko_mini_bert_facts_agree_with_the_card_tables():
    """facts.json(레슨·README가 읽는 값)의 시간과 top-1이 모델 카드의 표(구간별 기록)와 맞아야 합니다."""
    import re

    from bertlab.pretraining import ko_mini_bert_facts

    facts = ko_mini_bert_facts()
    card = (CHECKPOINT / "README.md").read_text(encoding="utf-8")
    seconds = int(re.search(r"사전 훈련 ([\d,]+)초", card).group(1).replace(",", ""))
    top1 = float(re.search(r"\| MLM top-1 \(리뷰 하나씩[^|]*\| \*\*(0\.\d+)\*\*", card).group(1))
    assert round((seconds - facts.gpu_minutes * 60) / 3600) == facts.cpu_hours
    assert f"{top1:.3f}" == f"{facts.objective_top1:.3f}"


def test_ko_mini_bert_card_totals_add_up_over_the_stages():
    """카드의 구간별 단계·초를 더한 값이 '한계'와 '시간' 줄의 합계, 곡선 표의 마지막 행과 맞아야 합니다(구간마다 손으로 고침)."""
    import re

    card = (CHECKPOINT / "README.md").read_text(encoding="utf-8")
    time_line = re.search(r"- 시간: .*?\n(?=- |\n)", card, re.S).group(0)
    stage_steps = [int(n.replace(",", "")) for n in re.findall(r"(?:\d+-)?\d+구간 ([\d,]+)단계", time_line)]
    stage_seconds = [int(n.replace(",", "")) for n in re.findall(r"\d+구간 ([\d,]+)초", time_line)]
    total_seconds = int(re.search(r"사전 훈련 ([\d,]+)초", time_line).group(1).replace(",", ""))
    total_steps = int(re.search(r"번에 나눠, ([\d,]+)단계", card).group(1).replace(",", ""))
    curve = card.split("## 훈련 곡선", 1)[1].split("\n## ", 1)[0]
    last_row_step = int(re.findall(r"^\| ([\d,]+) \|", curve, re.M)[-1].replace(",", ""))
    assert len(stage_steps) >= 5 and len(stage_seconds) >= 7
    assert sum(stage_steps) == total_steps
    assert abs(sum(stage_seconds) - total_seconds) <= 10  # 구간 초는 반올림한 값
    assert 0 <= total_steps - last_row_step < 20  # 곡선은 20단계 평균 기록이라 마지막 몇 단계는 행이 없음
