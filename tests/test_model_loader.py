"""모델 로더: 역할 -> 체크포인트, 오프라인 기본 모델, 어텐션, 한국어 오류 메시지."""

from __future__ import annotations

import shutil

import pytest
import torch

from bertlab.errors import BertlabError, ModelUnavailableError
from bertlab.models import ROLES, load, resolve
from bertlab.models import offline_dir


def test_offline_english_encoder_returns_attentions_for_every_layer(en_encoder):
    batch = en_encoder.tokenizer(["I love Paris", "bank of the river"], padding=True, return_tensors="pt")
    with torch.no_grad():
        out = en_encoder.model(**batch, output_attentions=True)
    config = en_encoder.model.config
    seq = batch["input_ids"].shape[1]
    assert isinstance(out.attentions, tuple)
    assert len(out.attentions) == config.num_hidden_layers
    for layer in out.attentions:
        assert layer.shape == (2, config.num_attention_heads, seq, seq)  # (B, H, T, T)
        torch.testing.assert_close(layer.sum(-1), torch.ones(2, config.num_attention_heads, seq))


def test_offline_resolution_says_why_in_korean():
    res = resolve("en-encoder")
    assert res.mode == "offline"
    assert "HF_HUB_OFFLINE" in res.reason and "오프라인" in res.reason


def test_load_is_cached_per_process(en_encoder):
    assert load("en-encoder") is en_encoder


def test_status_badge_names_model_and_mode(en_encoder):
    html = en_encoder._repr_html_()
    assert "all-MiniLM-L6-v2" in html and "오프라인" in html
    assert "6층" in repr(en_encoder)


def test_unknown_role_lists_the_known_roles():
    with pytest.raises(BertlabError) as err:
        load("korean-bert")
    assert all(key in str(err.value) for key in ROLES)


def test_unknown_head_is_a_korean_error():
    with pytest.raises(BertlabError, match="head"):
        load("en-encoder", head="qa")


def test_model_without_mlm_head_refuses_fill_mask_clearly():
    with pytest.raises(ModelUnavailableError, match="MLM"):
        load("en-encoder", head="mlm")


def test_role_without_offline_model_explains_what_to_do():
    with pytest.raises(ModelUnavailableError) as err:
        load("en-mlm", head="mlm")
    assert "bert-base-uncased" in str(err.value)


def test_override_with_local_directory_uses_the_same_loading_code(tmp_path):
    local = tmp_path / "my-bert"
    shutil.copytree(offline_dir("all-MiniLM-L6-v2"), local)
    loaded = load("en-encoder", source=str(local))
    assert loaded.info.mode == "override"
    assert loaded.info.location == str(local)
    assert loaded.model.config._attn_implementation == "eager"


def test_override_by_environment_variable(tmp_path, monkeypatch):
    local = tmp_path / "env-bert"
    shutil.copytree(offline_dir("all-MiniLM-L6-v2"), local)
    monkeypatch.setenv("BERTLAB_MODEL_EN_ENCODER", str(local))
    assert resolve("en-encoder").location == str(local)


def test_unknown_hub_id_offline_fails_with_korean_message_not_a_traceback():
    with pytest.raises(ModelUnavailableError, match="불러오지 못했습니다"):
        load("en-encoder", source="no-such-user/no-such-model")


def test_corrupted_weights_are_reported_in_korean(tmp_path):
    local = tmp_path / "broken"
    shutil.copytree(offline_dir("all-MiniLM-L6-v2"), local)
    (local / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(ModelUnavailableError):
        load("en-encoder", source=str(local), head="mlm")
    with pytest.raises(ModelUnavailableError):
        load("en-encoder", source=str(local))


def test_empty_source_is_rejected_in_korean():
    with pytest.raises(BertlabError, match="source"):
        load("en-encoder", source="   ")


def test_failed_download_while_online_falls_back_to_offline_default(monkeypatch):
    import bertlab.models.loader as loader
    from bertlab.models import NetworkStatus

    # 허브에 연결된다고 판단했지만 실제 내려받기는 실패하는 상황(HF_HUB_OFFLINE=1이 내려받기를 막음).
    monkeypatch.setattr(loader, "network_status", lambda: NetworkStatus(True, "연결됨(테스트)", 0.0))
    loader.clear_cache()
    loaded = load("en-encoder")
    assert loaded.info.mode == "offline"
    assert "내려받지 못했습니다" in loaded.info.reason
    loader.clear_cache()


def test_load_tokenizer_alone_matches_the_model_tokenizer():
    from bertlab.models import clear_cache, load_tokenizer

    loaded = load("en-encoder")
    assert load_tokenizer("en-encoder") is loaded.tokenizer  # 이미 불러온 모델이 있으면 재사용
    clear_cache()
    alone = load_tokenizer("en-encoder")
    assert alone("I love Paris")["input_ids"] == [101, 1045, 2293, 3000, 102]
    assert "토크나이저" in resolve("en-encoder")._repr_html_()
    clear_cache()


def test_lesson_start_silences_the_english_load_report_even_for_direct_transformers_calls():
    """레슨 00이 보여 주는 ``AutoModel.from_pretrained``처럼 레슨이 transformers를 직접 불러도, ``bertlab.start()``를
    부른 커널에서는 영어 LOAD REPORT 표와 'Loading weights' 진행 막대가 나오지 않습니다(이슈 41). 새 프로세스에서."""
    import os
    import subprocess
    import sys

    code = ("import bertlab; bertlab.start('00', quiet=True)\n"
            "from transformers import AutoModel\n"
            f"AutoModel.from_pretrained({str(offline_dir('ko-mini-bert'))!r})\n")
    env = {k: v for k, v in os.environ.items() if k not in ("TRANSFORMERS_VERBOSITY", "HF_HUB_DISABLE_PROGRESS_BARS")}
    quiet = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=1800)
    assert quiet.returncode == 0, quiet.stderr[-500:]
    assert "LOAD REPORT" not in quiet.stderr and "Loading weights" not in quiet.stderr, quiet.stderr[-500:]
    loud = subprocess.run([sys.executable, "-c", code.replace("bertlab.start('00', quiet=True)", "pass")],
                          capture_output=True, text=True, env=env, timeout=1800)
    assert "LOAD REPORT" in loud.stderr                                 # 검사가 실제로 무언가를 잡는지
