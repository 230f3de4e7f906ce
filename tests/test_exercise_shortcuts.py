"""레슨 01-17의 "직접 구현해 보세요" 문제마다, 이 테스트에서 새로 쓴 지름길 세 개 이상(강의 함수를 가져다 쓰기,
라이브러리의 길, "행마다 도는 반복 없이"를 요구한 문제에서는 반복문)이 모두 오답입니다. 지름길은 은행의
``delegating``과 겹치지 않게 새로 썼고, 각각 추적하지 않으면(``allows=None``) 정답이라는 것도 확인합니다(그래야
진짜 지름길을 막은 것입니다).

종류: ``course``(강의 패키지의 함수), ``library``(torch·numpy·scipy·pandas·scikit-learn·transformers 등의 길),
``loop``(행마다 도는 반복). 강의에 그 문제를 푸는 함수가 없는 문제는 ``NO_COURSE_HELPER``에 이유를 적고
라이브러리의 길을 세 개 씁니다.
"""

import copy
import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bertlab.exercises.bank import load_problems  # noqa: E402

REFUSAL = "직접 구현해 보세요"
SOLUTION_01 = load_problems("01")[1].solution
LESSON_04_SUM = ('ids, types = batch["input_ids"], batch["token_type_ids"]\n'
                 "positions = torch.arange(ids.shape[1])\n")

SHORTCUTS = {
    # ---- 레슨 01 ----------------------------------------------------------------------------------
    ("01", "cosine_similarity"): {
        "course": "from bertlab.embeddings import cosine\ncosine_similarity = cosine",
        "library": "from sklearn.metrics.pairwise import cosine_similarity as pairwise\n\n"
                   "def cosine_similarity(u, v):\n"
                   "    return float(pairwise(u.reshape(1, -1).numpy(), v.reshape(1, -1).numpy())[0, 0])",
        "library2": "import torch.nn.functional as F\n\n"
                    "def cosine_similarity(u, v):\n    return (F.normalize(u, dim=0) @ F.normalize(v, dim=0)).item()",
    },
    ("01", "bank_similarities"): {
        "course": "from bertlab.embeddings import cosine, word_in_context\nfrom bertlab.models import load\n\n"
                  "lm = load('en-encoder')\nmoney, river = (word_in_context(lm, s, 'bank') for s in "
                  "(sentence_money, sentence_river))\n"
                  "static_similarity = cosine(money.static, river.static)\n"
                  "contextual_similarity = cosine(money.contextual, river.contextual)",
        "library": SOLUTION_01.replace("torch.cosine_similarity(static_money, static_river, dim=0).item()",
                                       "float(pairwise(static_money[None].detach().numpy(), "
                                       "static_river[None].detach().numpy())[0, 0])")
                              .replace("ids_money = ", "from sklearn.metrics.pairwise import cosine_similarity "
                                                       "as pairwise\nids_money = ", 1),
        "library2": SOLUTION_01.replace("table[ids_money[\"input_ids\"][0, pos_money]]",
                                        "torch.nn.functional.embedding(ids_money[\"input_ids\"][0, pos_money], table)"),
    },
    # ---- 레슨 02 ----------------------------------------------------------------------------------
    ("02", "embedding_params"): {
        "course": "from bertlab.architecture import count_parameters\n"
                  "embedding_params = count_parameters().embeddings + 2 * H   # 표 셋은 강의 함수에 맡기고 LayerNorm만 더함",
        "library": "import torch\nfrom transformers import BertConfig, BertModel\nwith torch.device('meta'):\n"
                   "    bert = BertModel(BertConfig())\n"
                   "embedding_params = sum(p.numel() for p in bert.embeddings.parameters())",
        "course2": "import bertlab.architecture as arch\nembedding_params = sum(\n"
                   "    p.numel() for n, p in arch.shape_only_model().named_parameters() if n.startswith('embeddings'))",
    },
    ("02", "layer_params"): {
        "course": "from bertlab.architecture import count_parameters as count\nlayer_params = count().per_layer",
        "library": "import torch\nimport transformers\nwith torch.device('meta'):\n"
                   "    bert = transformers.BertModel(transformers.BertConfig())\n"
                   "layer_params = sum(p.numel() for p in bert.encoder.layer[0].parameters())",
        "library2": "import torch\nfrom transformers import BertConfig\n"
                    "from transformers.models.bert.modeling_bert import BertLayer\n"
                    "with torch.device('meta'):\n    layer = BertLayer(BertConfig())\n"
                    "layer_params = sum(p.numel() for p in layer.parameters())",
    },
    ("02", "bert_base_total"): {
        "course": "from bertlab.architecture import count_parameters\nbert_base_total = count_parameters().total",
        "library": "from transformers import AutoConfig, AutoModel\nimport torch\n"
                   "with torch.device('meta'):\n    bert = AutoModel.from_config(AutoConfig.for_model('bert'))\n"
                   "bert_base_total = sum(p.numel() for p in bert.parameters())",
        "course2": "from bertlab.architecture import shape_only_model\n"
                   "bert_base_total = shape_only_model().num_parameters()",
    },
    ("02", "count_bert_parameters"): {
        "course": "from bertlab.architecture.size import count_parameters as count\n"
                  "count_bert_parameters = lambda L, H, V, P: count(layers=L, hidden=H, heads=1, vocab=V,\n"
                  "                                                  max_positions=P).total",
        "library": "import torch\nfrom transformers import BertConfig\n"
                   "from transformers.models.bert.modeling_bert import BertEmbeddings, BertLayer, BertPooler\n\n"
                   "def count_bert_parameters(L, H, V, P):\n"
                   "    config = BertConfig(vocab_size=V, hidden_size=H, num_attention_heads=1, intermediate_size=4 * H,\n"
                   "                        max_position_embeddings=P)\n"
                   "    count = lambda m: sum(p.numel() for p in m.parameters())\n"
                   "    with torch.device('meta'):\n"
                   "        return count(BertEmbeddings(config)) + L * count(BertLayer(config)) + count(BertPooler(config))",
        "course2": "from bertlab.architecture import BertSize, count_parameters\n\n"
                   "def count_bert_parameters(L, H, V, P):\n"
                   "    return count_parameters(BertSize(layers=L, hidden=H, heads=1, vocab=V, max_positions=P)).total",
    },
    # ---- 레슨 03 ----------------------------------------------------------------------------------
    ("03", "wordpiece_tokenize"): {
        "course": "from bertlab.tokenization import wordpiece_word as wordpiece_tokenize",
        "library": "from tokenizers.models import WordPiece\n"
                   "model = WordPiece(dict(vocab), unk_token='[UNK]', max_input_chars_per_word=100)\n\n"
                   "def wordpiece_tokenize(word, vocab):\n    return [token.value for token in model.tokenize(word)]",
        "course2": "import bertlab.tokenization as tok\n\n"
                   "def wordpiece_tokenize(word, vocab):\n    return tok.library_wordpiece(word, tokenizer)",
    },
    ("03", "merge_wordpieces"): {
        "course": "from bertlab.tokenization import merge_pieces as merge_wordpieces",
        "library": "from tokenizers.decoders import WordPiece\n\n"
                   "def merge_wordpieces(pieces):\n    return WordPiece(cleanup=False).decode(list(pieces)).split()",
        "library2": "import re\n\ndef merge_wordpieces(pieces):\n"
                    "    return tokenizer.convert_tokens_to_string(list(pieces)).split()",
    },
    # ---- 레슨 04 ----------------------------------------------------------------------------------
    ("04", "paris_by_hand"): {
        "course": "import bertlab.embeddings as emb\nhand = emb.encode_by_hand(['i', 'love', 'paris'], None, vocab, 7)\n"
                  "paris_ids, paris_mask = list(hand.input_ids), list(hand.attention_mask)",
        "library": "ids = tokenizer.encode('I love Paris')\n"
                   "paris_ids = ids + [tokenizer.pad_token_id] * (7 - len(ids))\n"
                   "paris_mask = [1] * len(ids) + [0] * (7 - len(ids))",
        "library2": "ids = tokenizer.convert_tokens_to_ids(['[CLS]', 'i', 'love', 'paris', '[SEP]', '[PAD]', '[PAD]'])\n"
                    "paris_ids = list(ids)\nparis_mask = [int(i != tokenizer.pad_token_id) for i in ids]",
    },
    ("04", "build_pair_inputs"): {
        "course": "from bertlab.embeddings import encode_by_hand as hand\n\n"
                  "def build_pair_inputs(tokens_a, tokens_b, vocab, max_length):\n"
                  "    e = hand(tokens_a, tokens_b, vocab, max_length)\n"
                  "    return {'input_ids': list(e.input_ids), 'token_type_ids': list(e.token_type_ids),\n"
                  "            'attention_mask': list(e.attention_mask)}",
        "library": "import numpy as np\n\ndef build_pair_inputs(tokens_a, tokens_b, vocab, max_length):\n"
                   "    b = [] if tokens_b is None else list(tokens_b) + ['[SEP]']\n"
                   "    tokens = np.concatenate([['[CLS]'], tokens_a, ['[SEP]'], b, ['[PAD]'] * max_length])[:max_length]\n"
                   "    types = np.zeros(max_length, dtype=int)\n    types[len(tokens_a) + 2:len(tokens_a) + 2 + len(b)] = 1\n"
                   "    return {'input_ids': [vocab[t] for t in tokens], 'token_type_ids': types.tolist(),\n"
                   "            'attention_mask': [int(t != '[PAD]') for t in tokens]}",
        "library2": "def build_pair_inputs(tokens_a, tokens_b, vocab, max_length):\n"
                    "    tokens = ['[CLS]'] + tokens_a + ['[SEP]'] + ([] if tokens_b is None else tokens_b + ['[SEP]'])\n"
                    "    types = [0] * (len(tokens_a) + 2) + [1] * (len(tokens) - len(tokens_a) - 2)\n"
                    "    padded = tokenizer.pad({'input_ids': [vocab[t] for t in tokens], 'token_type_ids': types},\n"
                    "                           padding='max_length', max_length=max_length)\n"
                    "    return {k: list(padded[k]) for k in ('input_ids', 'token_type_ids', 'attention_mask')}",
    },
    ("04", "embedding_sum"): {
        "course": "import bertlab.embeddings as emb\nsummed = emb.sum_embeddings(emb.embedding_tables(model),\n"
                  "                            batch['input_ids'], batch['token_type_ids'])",
        "library": LESSON_04_SUM + "import torch.nn.functional as F\n"
                   "summed = F.embedding(ids, word_table) + F.embedding(positions, position_table) + "
                   "F.embedding(types, segment_table)",
        "library2": LESSON_04_SUM + "e = model.embeddings\nwith torch.no_grad():\n"
                    "    summed = e.word_embeddings(ids) + e.position_embeddings(positions) + "
                    "e.token_type_embeddings(types)",
    },
    ("04", "embedding_layer_output"): {
        "course": "from bertlab.embeddings import embedding_layer_output\n"
                  "rebuilt = embedding_layer_output(model, batch['input_ids'], batch['token_type_ids']).detach()",
        "library": "out = model(input_ids=batch['input_ids'], token_type_ids=batch['token_type_ids'],\n"
                   "            attention_mask=batch['attention_mask'], output_hidden_states=True)\n"
                   "rebuilt = out.hidden_states[0].detach()",
        "library2": LESSON_04_SUM + "import torch.nn.functional as F\n"
                    "summed = F.embedding(ids, word_table) + F.embedding(positions, position_table) + "
                    "F.embedding(types, segment_table)\nrebuilt = layer_norm(summed).detach()",
    },
    # ---- 레슨 05 ----------------------------------------------------------------------------------
    ("05", "split_heads"): {
        "course": "from bertlab.attention import split_heads",
        "library": "def split_heads(x, num_heads):   # 보폭(stride)을 직접 주는 저수준 길\n    B, T, H = x.shape\n"
                   "    return x.contiguous().as_strided((B, num_heads, T, H // num_heads), (T * H, H // num_heads, H, 1))",
        "library2": "def split_heads(x, num_heads):\n    B, T, H = x.shape\n"
                    "    return torch.from_numpy(x.numpy().reshape(B, T, num_heads, H // num_heads)"
                    ".transpose(0, 2, 1, 3).copy())",
    },
    ("05", "attention_weights"): {
        "course": "from bertlab.attention import additive_padding_mask\n\n"
                  "def attention_weights(query, key, attention_mask):\n"
                  "    scores = query @ key.transpose(-2, -1) / query.shape[-1] ** 0.5\n"
                  "    return torch.softmax(scores + additive_padding_mask(attention_mask, scores.dtype), dim=-1)",
        "library": "import torch.nn.functional as F\n\n"
                   "def attention_weights(query, key, attention_mask):\n"
                   "    T = key.shape[-2]\n    eye = torch.eye(T).expand(*key.shape[:-2], T, T)   # 값 = 단위 행렬\n"
                   "    keep = attention_mask.bool()[:, None, None, :]\n"
                   "    return F.scaled_dot_product_attention(query, key, eye, attn_mask=keep)",
        "library2": "def attention_weights(query, key, attention_mask):\n"
                    "    scores = query @ key.transpose(-2, -1) / query.shape[-1] ** 0.5\n"
                    "    pad = attention_mask[:, None, None, :] == 0\n"
                    "    return torch.special.softmax(scores.masked_fill(pad, torch.finfo(scores.dtype).min), -1)",
    },
    ("05", "self_attention"): {
        "course": "import bertlab.attention as attention\nself_attention = attention.multi_head_self_attention\n"
                  "my_sentence = '나는 어제 친구와 영화를 봤다.'",
        "library": "import torch.nn.functional as F\nmy_sentence = '나는 어제 친구와 영화를 봤다.'\n\n"
                   "def self_attention(hidden, weights, attention_mask):\n"
                   "    B, T, H = hidden.shape\n    A = weights.num_heads\n"
                   "    heads = lambda x: x.view(B, T, A, H // A).transpose(1, 2)\n"
                   "    q = heads(F.linear(hidden, weights.query_weight, weights.query_bias))\n"
                   "    k = heads(F.linear(hidden, weights.key_weight, weights.key_bias))\n"
                   "    v = heads(F.linear(hidden, weights.value_weight, weights.value_bias))\n"
                   "    keep = attention_mask.bool()[:, None, None, :]\n"
                   "    context = F.scaled_dot_product_attention(q, k, v, attn_mask=keep)\n"
                   "    probs = F.scaled_dot_product_attention(q, k, torch.eye(T).expand(B, A, T, T), attn_mask=keep)\n"
                   "    return context.transpose(1, 2).reshape(B, T, H), probs",
        "library2": load_problems("05")[2].solution.replace("torch.softmax(scores, dim=-1)",
                                                            "torch.special.softmax(scores, -1)")
                    + f"\nmy_sentence = '나는 어제 친구와 영화를 봤다.'",
    },
    ("05", "attention_output"): {
        "course": "from bertlab.attention.self_attention import project\n\n"
                  "def attention_output(context, hidden, weights):\n"
                  "    mixed = project(context, weights.output_weight, weights.output_bias)\n"
                  "    return torch.nn.functional.layer_norm(mixed + hidden, (hidden.shape[-1],),\n"
                  "                                          weights.norm_weight, weights.norm_bias, weights.norm_eps)",
        "library": "import torch.nn.functional as F\n\n"
                   "def attention_output(context, hidden, weights):\n"
                   "    mixed = F.linear(context, weights.output_weight, weights.output_bias)\n"
                   "    return F.layer_norm(mixed + hidden, (hidden.shape[-1],), weights.norm_weight, weights.norm_bias,\n"
                   "                        weights.norm_eps)",
        "library2": "def attention_output(context, hidden, weights):\n"
                    "    H = hidden.shape[-1]\n"
                    "    mixed = torch.addmm(weights.output_bias, context.reshape(-1, H), weights.output_weight.T)\n"
                    "    return torch.nn.functional.layer_norm(mixed.reshape(hidden.shape) + hidden, (H,),\n"
                    "                                          weights.norm_weight, weights.norm_bias, weights.norm_eps)",
    },
    # ---- 레슨 06 ----------------------------------------------------------------------------------
    ("06", "most_attended_head"): {
        "course": "from bertlab.attention import AttentionMaps, head_statistics\n\n"
                  "def most_attended_head(probs, positions):\n    T = probs.shape[-1]\n"
                  "    maps = AttentionMaps(tokens=['x'] * T, probs=probs, cls_positions=[], sep_positions=list(positions),\n"
                  "                         segment_ids=[0] * T)\n"
                  "    share = head_statistics(maps).sep\n"
                  "    return divmod(int(share.argmax()), share.shape[1])",
        "library": "import numpy as np\n\ndef most_attended_head(probs, positions):\n"
                   "    share = probs[..., positions].sum(-1).mean(-1).numpy()\n"
                   "    layer, head = np.unravel_index(share.argmax(), share.shape)\n    return int(layer), int(head)",
        "library2": "def most_attended_head(probs, positions):\n"
                    "    share = probs[..., positions].sum(-1).mean(-1)\n"
                    "    layer, head = torch.unravel_index(share.argmax(), share.shape)\n    return int(layer), int(head)",
    },
    ("06", "attention_entropy"): {
        "course": "from bertlab.attention import AttentionMaps, head_statistics\n\n"
                  "def attention_entropy(probs):\n    T = probs.shape[-1]\n"
                  "    return head_statistics(AttentionMaps(['x'] * T, probs, [], [], [0] * T)).entropy",
        "library": "import scipy.stats\n\ndef attention_entropy(probs):\n"
                   "    return torch.tensor(scipy.stats.entropy(probs.numpy(), axis=-1)).float().mean(-1)",
        "library2": "def attention_entropy(probs):\n    return torch.special.entr(probs).sum(-1).mean(-1)",
    },
    ("06", "previous_token_share"): {
        "course": "import bertlab.attention.head_patterns as hp\nprevious_token_share = lambda p: hp._offset_share(p, -1)",
        "library": "import numpy as np\n\ndef previous_token_share(probs):\n"
                   "    d = np.diagonal(probs.numpy(), offset=-1, axis1=-2, axis2=-1)\n"
                   "    return torch.from_numpy(d.mean(-1).copy())",
        "library2": "import pandas as pd\n\ndef previous_token_share(probs):\n    L, A, T, _ = probs.shape\n"
                    "    rows = pd.DataFrame(probs.reshape(-1, T * T).tolist())\n"
                    "    picks = [i * T + i - 1 for i in range(1, T)]\n"
                    "    return torch.tensor(rows[picks].mean(axis=1).to_numpy(), dtype=probs.dtype).reshape(L, A)",
    },
    ("06", "pattern_of"): {
        "course": "from bertlab.attention import AttentionMaps, classify_head, head_statistics\n\n"
                  "def pattern_of(matrix):\n    T = matrix.shape[-1]\n"
                  "    stats = head_statistics(AttentionMaps(['x'] * T, matrix[None, None], [], [], [0] * T))\n"
                  "    return classify_head(stats, 0, 0)",
        "library": "import numpy as np\nimport scipy.stats\n\ndef pattern_of(matrix):\n    m = matrix.numpy()\n"
                   "    if max(np.diagonal(m, k).mean() for k in (-1, 0, 1)) >= 0.5:\n        return 'diagonal'\n"
                   "    if m.mean(axis=0).max() >= 0.5:\n        return 'vertical'\n"
                   "    if scipy.stats.entropy(m, axis=-1).mean() / np.log(m.shape[-1]) >= 0.75:\n        return 'broad'\n"
                   "    return 'heterogeneous'",
        "library2": "import math\n\ndef pattern_of(matrix):\n"
                    "    if max(torch.diagonal(matrix, k).mean().item() for k in (-1, 0, 1)) >= 0.5:\n"
                    "        return 'diagonal'\n"
                    "    if matrix.mean(dim=0).max().item() >= 0.5:\n        return 'vertical'\n"
                    "    entropy = torch.distributions.Categorical(probs=matrix).entropy().mean().item()\n"
                    "    return 'broad' if entropy / math.log(matrix.shape[-1]) >= 0.75 else 'heterogeneous'",
    },
    # ---- 레슨 07 ----------------------------------------------------------------------------------
    ("07", "mask_tokens"): {
        "course": "from bertlab.pretraining import mask_tokens as my_mask_tokens",
        "library": load_problems("07")[0].solution.replace(
            "torch.rand(input_ids.shape) < 0.15", "torch.distributions.Bernoulli(0.15).sample(input_ids.shape).bool()"),
        "library2": "import numpy as np\n" + load_problems("07")[0].solution.replace(
            "    u = torch.rand(input_ids.shape)", "    u = torch.from_numpy(np.random.default_rng(0).random("
                                                  "tuple(input_ids.shape))).float()"),
    },
    ("07", "expected_shares"): {
        "course": "import bertlab.pretraining as pre\n\ndef expected_shares(p, mask_ratio, random_ratio):\n"
                  "    d = pre.expected_shares(p, mask_ratio, random_ratio)\n"
                  "    return tuple(d[k] for k in ('mask', 'random', 'kept', 'untouched'))",
        "library": "import numpy as np\n\ndef expected_shares(p, mask_ratio, random_ratio):\n"
                   "    parts = np.array([mask_ratio, random_ratio, 1 - mask_ratio - random_ratio]) * p\n"
                   "    return tuple(parts.tolist()) + (1 - p,)",
        "library2": "from fractions import Fraction\n\ndef expected_shares(p, mask_ratio, random_ratio):\n"
                    "    p, m, r = (Fraction(str(x)) for x in (p, mask_ratio, random_ratio))\n"
                    "    return tuple(float(x) for x in (p * m, p * r, p * (1 - m - r), 1 - p))",
    },
    ("07", "top_k_at_masks"): {
        "course": "import types\nfrom bertlab.pretraining.blanks import top_k_at\n\n"
                  "def top_k_at_masks(logits, input_ids, mask_token_id, k):\n"
                  "    same = types.SimpleNamespace(convert_ids_to_tokens=lambda ids: ids)\n    ids, probs = [], []\n"
                  "    for b in range(logits.shape[0]):\n"
                  "        positions = (input_ids[b] == mask_token_id).nonzero().flatten()\n"
                  "        for guess in top_k_at(logits[b], positions, same, k):\n"
                  "            ids.append([i for i, _ in guess.candidates])\n"
                  "            probs.append([p for _, p in guess.candidates])\n"
                  "    return torch.tensor(ids), torch.tensor(probs)",
        "library": "def top_k_at_masks(logits, input_ids, mask_token_id, k):\n"
                   "    top = torch.special.softmax(logits[input_ids == mask_token_id], -1).topk(k, dim=-1)\n"
                   "    return top.indices, top.values",
        "library2": "def top_k_at_masks(logits, input_ids, mask_token_id, k):\n"
                    "    top = torch.nn.Softmax(dim=-1)(logits[input_ids == mask_token_id]).topk(k, dim=-1)\n"
                    "    return top.indices, top.values",
    },
    ("07", "masked_lm_loss"): {
        "course": "import types\nfrom bertlab.pretraining import pretraining_loss\n\n"
                  "def masked_lm_loss(logits, labels):\n    B = logits.shape[0]\n    ns = types.SimpleNamespace\n"
                  "    model = ns(bert=lambda **kw: ns(last_hidden_state=logits, pooler_output=torch.zeros(B, 2)),\n"
                  "               cls=ns(predictions=lambda h: h, seq_relationship=lambda p: p))\n"
                  "    batch = {'input_ids': None, 'attention_mask': None, 'token_type_ids': None, 'labels': labels,\n"
                  "             'next_sentence_label': torch.zeros(B, dtype=torch.long)}\n"
                  "    return pretraining_loss(model, batch).mlm_loss",
        "library": "import torch.nn.functional as F\n\ndef masked_lm_loss(logits, labels):\n"
                   "    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1), ignore_index=-100)",
        "library2": "def masked_lm_loss(logits, labels):\n    chosen = labels != -100\n"
                    "    return -torch.distributions.Categorical(logits=logits[chosen]).log_prob(labels[chosen]).mean()",
    },
    # ---- 레슨 08 ----------------------------------------------------------------------------------
    ("08", "make_pairs"): {
        "course": "import bertlab.pretraining.nsp as nsp\n\ndef make_pairs(documents, num_pairs, rng):\n"
                  "    return [(p.a, p.b, bool(p.is_next)) for p in nsp.make_nsp_pairs(documents, num_pairs, rng)]",
        "library": "import numpy as np\n\ndef make_pairs(documents, num_pairs, rng):\n"
                   "    g = np.random.default_rng(rng.randrange(2 ** 31))\n"
                   "    usable = [d for d, doc in enumerate(documents) if len(doc) >= 2]\n    pairs = []\n"
                   "    for _ in range(num_pairs):\n        d = usable[g.integers(len(usable))]\n"
                   "        i = int(g.integers(len(documents[d]) - 1))\n"
                   "        if g.random() < 0.5:\n            pairs.append((documents[d][i], documents[d][i + 1], True))\n"
                   "        else:\n            other = [k for k in range(len(documents)) if k != d][g.integers(len(documents) - 1)]\n"
                   "            pairs.append((documents[d][i], documents[other][g.integers(len(documents[other]))], False))\n"
                   "    return pairs",
        "course2": "from bertlab.pretraining import make_nsp_pairs as pairs\n"
                   "make_pairs = lambda d, n, rng: [(p.a, p.b, p.is_next) for p in pairs(d, n, rng)]",
    },
    ("08", "encode_pair"): {
        "course": "import bertlab.pretraining as pre\nencode_pair = pre.encode_pair",
        "library": "import numpy as np\n\ndef encode_pair(a_ids, b_ids, cls_id, sep_id):\n"
                   "    ids = np.concatenate([[cls_id], a_ids, [sep_id], b_ids, [sep_id]]).astype(int)\n"
                   "    types = np.repeat([0, 1], [len(a_ids) + 2, len(b_ids) + 1])\n"
                   "    return ids.tolist(), types.tolist()",
        "library2": "import torch\n\ndef encode_pair(a_ids, b_ids, cls_id, sep_id):\n"
                    "    ids = torch.cat([torch.tensor([cls_id]), torch.tensor(a_ids), torch.tensor([sep_id]),\n"
                    "                     torch.tensor(b_ids), torch.tensor([sep_id])])\n"
                    "    return ids.tolist(), [0] * (len(a_ids) + 2) + [1] * (len(b_ids) + 1)",
    },
    ("08", "nsp_head"): {
        "library": "from transformers import BertConfig\nfrom transformers.models.bert.modeling_bert import BertPooler\n\n"
                   "def nsp_logits_from_cls(sequence_output, pooler_dense, nsp_classifier):\n"
                   "    pooler = BertPooler(BertConfig(hidden_size=sequence_output.shape[-1]))\n"
                   "    pooler.load_state_dict({'dense.' + k: v for k, v in pooler_dense.state_dict().items()})\n"
                   "    return nsp_classifier(pooler(sequence_output))",
        "library2": "import torch.nn.functional as F\n\n"
                    "def nsp_logits_from_cls(sequence_output, pooler_dense, nsp_classifier):\n"
                    "    pooled = torch.tanh(F.linear(sequence_output[:, 0], pooler_dense.weight, pooler_dense.bias))\n"
                    "    return F.linear(pooled, nsp_classifier.weight, nsp_classifier.bias)",
        "library3": "def nsp_logits_from_cls(sequence_output, pooler_dense, nsp_classifier):\n"
                    "    head = torch.nn.Sequential(pooler_dense, torch.nn.Tanh(), nsp_classifier)\n"
                    "    return head(sequence_output[:, 0])",
    },
    ("08", "total_loss"): {
        "course": "import types\nfrom bertlab.pretraining import pretraining_loss\n\n"
                  "def pretraining_total_loss(prediction_logits, seq_relationship_logits, labels, next_sentence_label):\n"
                  "    ns = types.SimpleNamespace\n"
                  "    model = ns(bert=lambda **kw: ns(last_hidden_state=prediction_logits,\n"
                  "                                    pooler_output=seq_relationship_logits),\n"
                  "               cls=ns(predictions=lambda h: h, seq_relationship=lambda p: p))\n"
                  "    batch = {'input_ids': None, 'attention_mask': None, 'token_type_ids': None, 'labels': labels,\n"
                  "             'next_sentence_label': next_sentence_label}\n"
                  "    return pretraining_loss(model, batch).loss",
        "library": "def pretraining_total_loss(prediction_logits, seq_relationship_logits, labels, next_sentence_label):\n"
                   "    loss = torch.nn.CrossEntropyLoss()\n"
                   "    V = prediction_logits.shape[-1]\n"
                   "    return loss(prediction_logits.view(-1, V), labels.view(-1)) + "
                   "loss(seq_relationship_logits, next_sentence_label)",
        "library2": "def pretraining_total_loss(prediction_logits, seq_relationship_logits, labels, next_sentence_label):\n"
                    "    chosen = labels != -100\n"
                    "    mlm = F.nll_loss(F.log_softmax(prediction_logits[chosen], -1), labels[chosen])\n"
                    "    return mlm + F.nll_loss(F.log_softmax(seq_relationship_logits, -1), next_sentence_label)",
    },
    # ---- 레슨 09 ----------------------------------------------------------------------------------
    ("09", "word_vector"): {
        "course": "import bertlab.embeddings.word_extraction as we\n\ndef word_vector(hidden, offsets, start, end):\n"
                  "    text = ' ' * max(e for _, e in offsets)\n"
                  "    return hidden[getattr(we, 'pieces_for_span')(text.replace(' ', 'x'), offsets, start, end)].mean(0)",
        "library": "import numpy as np\n\ndef word_vector(hidden, offsets, start, end):\n"
                   "    o = np.array(offsets)\n    rows = np.flatnonzero((o[:, 0] < o[:, 1]) & (o[:, 0] < end) & (o[:, 1] > start))\n"
                   "    return hidden[rows.tolist()].mean(dim=0)",
        "library2": "import statistics\n\ndef word_vector(hidden, offsets, start, end):\n"
                    "    rows = [i for i, (s, e) in enumerate(offsets) if s < e and s < end and e > start]\n"
                    "    return torch.tensor([statistics.fmean(col) for col in hidden[rows].T.tolist()])",
    },
    ("09", "sense_gap"): {
        "course": "from bertlab.embeddings.polysemy import cosine_matrix\n\ndef sense_gap(vectors, senses):\n"
                  "    sims = cosine_matrix(vectors.numpy())\n    within, across = [], []\n"
                  "    for i in range(len(senses)):\n        for j in range(len(senses)):\n"
                  "            if i != j:\n                (within if senses[i] == senses[j] else across).append(sims[i, j])\n"
                  "    return float(sum(within) / len(within) - sum(across) / len(across))",
        "library": "from sklearn.metrics.pairwise import cosine_similarity\n\ndef sense_gap(vectors, senses):\n"
                   "    sims = cosine_similarity(vectors.numpy())\n    within, across = [], []\n"
                   "    for i in range(len(senses)):\n        for j in range(len(senses)):\n"
                   "            if i != j:\n                (within if senses[i] == senses[j] else across).append(sims[i, j])\n"
                   "    return float(sum(within) / len(within) - sum(across) / len(across))",
        "library2": "import torch.nn.functional as F\n\ndef sense_gap(vectors, senses):\n"
                    "    sims = F.cosine_similarity(vectors[:, None], vectors[None], dim=-1)\n    within, across = [], []\n"
                    "    for i in range(len(senses)):\n        for j in range(len(senses)):\n"
                    "            if i != j:\n                (within if senses[i] == senses[j] else across).append(sims[i, j])\n"
                    "    return (sum(within) / len(within) - sum(across) / len(across)).item()",
    },
    ("09", "nearest_sense"): {
        "course": "from bertlab.sentences import cosine_matrix\n\ndef nearest_sense(query, references, senses):\n"
                  "    unit = references / references.norm(dim=1, keepdim=True)\n"
                  "    return senses[int(cosine_matrix(unit, (query / query.norm())[None]).argmax())]",
        "library": "from sklearn.neighbors import NearestNeighbors\n\ndef nearest_sense(query, references, senses):\n"
                   "    found = NearestNeighbors(n_neighbors=1, metric='cosine').fit(references.numpy())\n"
                   "    return senses[int(found.kneighbors(query.numpy()[None])[1][0, 0])]",
        "library2": "def nearest_sense(query, references, senses):\n"
                    "    return senses[int(torch.cosine_similarity(references, query[None], dim=1).argmax())]",
    },
    ("09", "best_threshold"): {
        "course": "import bertlab.embeddings.wic as wic\nbest_threshold = lambda s, l: float(wic.tune_threshold(s, l)[0])",
        "library": "from sklearn.metrics import roc_curve\n\ndef best_threshold(scores, labels):\n"
                   "    candidates = np.concatenate([[scores.min() - 1], roc_curve(labels, scores, "
                   "drop_intermediate=False)[2][1:]])\n"
                   "    return float(max(candidates, key=lambda c: ((scores > c) == labels).mean()))",
        "library2": "import pandas as pd\n\ndef best_threshold(scores, labels):\n"
                    "    table = pd.DataFrame({'c': np.append(scores, scores.min() - 1)})\n"
                    "    table['acc'] = [((scores > c) == labels).mean() for c in table['c']]\n"
                    "    return float(table.sort_values(['acc', 'c'], ascending=[False, True])['c'].iloc[0])",
    },
    # ---- 레슨 10 ----------------------------------------------------------------------------------
    ("10", "masked_mean_pool"): {
        "course": "import bertlab.embeddings as emb\nmasked_mean_pool = lambda h, m: emb.pool(h, m, method='mean')",
        "library": "def masked_mean_pool(hidden, attention_mask):\n"
                   "    return torch.nanmean(hidden.masked_fill(attention_mask.unsqueeze(-1) == 0, float('nan')), dim=1)",
        "library2": "from sentence_transformers.models import Pooling\n\ndef masked_mean_pool(hidden, attention_mask):\n"
                    "    pooling = Pooling(hidden.shape[-1], pooling_mode='mean')\n"
                    "    return pooling({'token_embeddings': hidden, 'attention_mask': attention_mask})"
                    "['sentence_embedding']",
    },
    ("10", "masked_max_pool"): {
        "course": "from bertlab.embeddings import max_pool as masked_max_pool",
        "library": "import torch.nn.functional as F\n\ndef masked_max_pool(hidden, attention_mask):\n"
                   "    masked = hidden.masked_fill(attention_mask.unsqueeze(-1) == 0, float('-inf'))\n"
                   "    return F.max_pool1d(masked.transpose(1, 2), masked.shape[1]).squeeze(-1)",
        "library2": "import numpy as np\n\ndef masked_max_pool(hidden, attention_mask):\n"
                    "    h = np.where(attention_mask.numpy()[..., None] == 1, hidden.numpy(), -np.inf)\n"
                    "    return torch.from_numpy(h.max(axis=1)).float()",
    },
    ("10", "pick_best_layer"): {
        "course": "from bertlab.embeddings import choose_layer as pick_best_layer",
        "library": "import pandas as pd\n\ndef pick_best_layer(cv_scores):\n"
                   "    return int(pd.DataFrame(cv_scores).mean(axis=1).idxmax())",
        "library2": "import torch\n\ndef pick_best_layer(cv_scores):\n"
                    "    return int(torch.tensor(cv_scores).mean(dim=1).argmax())",
    },
    ("10", "frozen_classifier"): {
        "course": "import bertlab.embeddings.features as features\n"
                  "train_frozen_classifier = lambda x, y: features.frozen_classifier(x, y, x[:4], y[:4], c=0.5).model",
        "course2": "from bertlab.embeddings import frozen_classifier\n\ndef train_frozen_classifier(train_x, train_y):\n"
                   "    return getattr(frozen_classifier(train_x, train_y, train_x, train_y), 'model')",
        "library": "import torch\n\ndef train_frozen_classifier(train_x, train_y):\n"   # 최소제곱 선형 분류기
                   "    x = torch.tensor(train_x, dtype=torch.float64)\n"
                   "    ones = torch.ones(len(x), 1, dtype=x.dtype)\n"
                   "    targets = torch.nn.functional.one_hot(torch.tensor(train_y), 2).double()\n"
                   "    weight = torch.linalg.lstsq(torch.cat([x, ones], 1), targets).solution\n\n"
                   "    class Model:\n        def predict(self, data):\n"
                   "            z = torch.tensor(data, dtype=torch.float64)\n"
                   "            return (torch.cat([z, torch.ones(len(z), 1, dtype=z.dtype)], 1) @ weight).argmax(-1).numpy()\n"
                   "    return Model()",
    },
    # ---- 레슨 11 ----------------------------------------------------------------------------------
    ("11", "classify_cls"): {
        "library": "def classify_cls(hidden, weight, bias):\n"
                   "    layer = torch.nn.Linear(weight.shape[1], weight.shape[0])\n"
                   "    with torch.no_grad():\n        layer.weight.copy_(weight)\n        layer.bias.copy_(bias)\n"
                   "        return layer(hidden[:, 0]).softmax(-1)",
        "library2": "def classify_cls(hidden, weight, bias):\n"
                    "    return torch.addmm(bias, hidden[:, 0], weight.T).softmax(dim=-1)",
        "library3": "def classify_cls(hidden, weight, bias):\n"
                    "    return torch.special.softmax(hidden[:, 0] @ weight.T + bias, -1)",
    },
    ("11", "accuracy_from_logits"): {
        "course": "from bertlab.finetuning import confusion\n\ndef accuracy_from_logits(logits, labels):\n"
                  "    table = confusion(logits, labels)\n    return float(table.trace() / table.sum())",
        "library": "import numpy as np\n\ndef accuracy_from_logits(logits, labels):\n"
                   "    return float(np.mean(logits.argmax(dim=-1).numpy() == labels.numpy()))",
        "library2": "from sklearn.metrics import balanced_accuracy_score, accuracy_score\n\n"
                    "def accuracy_from_logits(logits, labels):\n"
                    "    return float(accuracy_score(labels.tolist(), logits.argmax(dim=-1).tolist()))",
    },
    ("11", "my_cross_entropy"): {
        "course": "import types\nfrom bertlab.pretraining import pretraining_loss\n\n"
                  "def my_cross_entropy(logits, labels):\n    ns = types.SimpleNamespace\n"
                  "    model = ns(bert=lambda **kw: ns(last_hidden_state=logits[:, None], pooler_output=logits),\n"
                  "               cls=ns(predictions=lambda h: h, seq_relationship=lambda p: p))\n"
                  "    batch = {'input_ids': None, 'attention_mask': None, 'token_type_ids': None,\n"
                  "             'labels': torch.full((len(labels), 1), -100), 'next_sentence_label': labels}\n"
                  "    return pretraining_loss(model, batch).nsp_loss",
        "library": "import torch.nn.functional as F\n\ndef my_cross_entropy(logits, labels):\n"
                   "    return F.nll_loss(F.log_softmax(logits, dim=-1), labels)",
        "library2": "def my_cross_entropy(logits, labels):\n    return torch.nn.CrossEntropyLoss()(logits, labels)",
    },
    ("11", "train_step"): {
        "course": "import types\nfrom bertlab.pretraining import pretraining_loss\n\n"
                  "def train_step(model, optimizer, inputs, labels):\n    optimizer.zero_grad()\n    logits = model(inputs)\n"
                  "    ns = types.SimpleNamespace\n"
                  "    fake = ns(bert=lambda **kw: ns(last_hidden_state=logits[:, None], pooler_output=logits),\n"
                  "              cls=ns(predictions=lambda h: h, seq_relationship=lambda p: p))\n"
                  "    batch = {'input_ids': None, 'attention_mask': None, 'token_type_ids': None,\n"
                  "             'labels': torch.full((len(labels), 1), -100), 'next_sentence_label': labels}\n"
                  "    loss = pretraining_loss(fake, batch).loss\n    loss.backward()\n    optimizer.step()\n"
                  "    return loss.item()",
        "library": "def train_step(model, optimizer, inputs, labels):\n    optimizer.zero_grad()\n"
                   "    loss = torch.nn.CrossEntropyLoss()(model(inputs), labels)\n    loss.backward()\n"
                   "    optimizer.step()\n    return loss.item()",
        "library2": "import torch.nn.functional as F\n\ndef train_step(model, optimizer, inputs, labels):\n"
                    "    optimizer.zero_grad()\n    loss = F.nll_loss(torch.log_softmax(model(inputs), -1), labels)\n"
                    "    loss.backward()\n    optimizer.step()\n    return loss.item()",
    },
    # ---- 레슨 12 ----------------------------------------------------------------------------------
    ("12", "align_labels"): {
        "course": "import bertlab.finetuning.tagging as tagging\n\ndef align_labels(text, char_tags, offsets, label2id):\n"
                  "    tags = getattr(tagging, 'align_tags')(text, char_tags, offsets)\n"
                  "    return [-100 if t is None else label2id[t] for t in tags]",
        "library": "import numpy as np\n\ndef align_labels(text, char_tags, offsets, label2id):\n"
                   "    tags = np.array(list(char_tags) + ['O'])\n    labels, previous = [], None\n"
                   "    for start, end in offsets:\n        if start == end:\n            labels.append(-100)\n"
                   "            continue\n        tag = str(tags[start])\n"
                   "        if tag.startswith('I-') and previous != tag[2:]:\n            tag = 'B-' + tag[2:]\n"
                   "        labels.append(label2id[tag])\n        previous = None if tag == 'O' else tag[2:]\n"
                   "    return labels",
        "library2": "import pandas as pd\n\ndef align_labels(text, char_tags, offsets, label2id):\n"
                    "    first = pd.Series(list(char_tags))\n    labels, previous = [], None\n"
                    "    for start, end in offsets:\n        if start == end:\n            labels.append(-100)\n"
                    "            continue\n        tag = first.iloc[start]\n"
                    "        if tag.startswith('I-') and previous != tag[2:]:\n            tag = 'B-' + tag[2:]\n"
                    "        labels.append(label2id[tag])\n        previous = None if tag == 'O' else tag[2:]\n"
                    "    return labels",
    },
    ("12", "decode_entities"): {
        "course": "import bertlab.finetuning as ft\n\ndef decode_entities(text, offsets, piece_tags):\n"
                  "    return [tuple(span[:3]) for span in ft.piece_spans(text, offsets, piece_tags)]",
        "library": "from seqeval.metrics.sequence_labeling import get_entities\n\n"
                   "def decode_entities(text, offsets, piece_tags):\n"
                   "    kept = [(o, t) for o, t in zip(offsets, piece_tags) if o[0] != o[1]]\n"
                   "    found = get_entities([t for _, t in kept])\n"
                   "    return [(kept[s][0][0], kept[e][0][1], kind) for kind, s, e in found]",
        "library2": "import numpy as np\n\ndef decode_entities(text, offsets, piece_tags):\n"
                    "    real = np.array([s != e for s, e in offsets])\n    spans, current = [], None\n"
                    "    for keep, (start, end), tag in zip(real, offsets, piece_tags):\n        if not keep:\n"
                    "            continue\n        kind = None if tag == 'O' else tag[2:]\n"
                    "        if kind and tag.startswith('I-') and current and current[2] == kind:\n"
                    "            current[1] = end\n            continue\n"
                    "        if current:\n            spans.append(tuple(current))\n"
                    "        current = [start, end, kind] if kind else None\n"
                    "    return spans + ([tuple(current)] if current else [])",
    },
    ("12", "entity_f1"): {
        "course": "from bertlab.finetuning import entity_scores\n\ndef entity_f1(gold, predicted):\n"
                  "    s = entity_scores(gold, predicted)\n    return (s['precision'], s['recall'], s['f1'])",
        "library": "from seqeval.metrics import classification_report\n\ndef entity_f1(gold, predicted):\n"
                   "    micro = classification_report(gold, predicted, output_dict=True, zero_division=0)"
                   ".get('micro avg', {})\n"
                   "    return (float(micro.get('precision', 0.0)), float(micro.get('recall', 0.0)),\n"
                   "            float(micro.get('f1-score', 0.0)))",
        "library2": "from seqeval.metrics.sequence_labeling import get_entities\n\ndef entity_f1(gold, predicted):\n"
                    "    g = {(i,) + e for i, tags in enumerate(gold) for e in get_entities(list(tags))}\n"
                    "    p = {(i,) + e for i, tags in enumerate(predicted) for e in get_entities(list(tags))}\n"
                    "    right = len(g & p)\n    precision = right / len(p) if p else 0.0\n"
                    "    recall = right / len(g) if g else 0.0\n"
                    "    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0\n"
                    "    return (precision, recall, f1)",
    },
    # ---- 레슨 13 ----------------------------------------------------------------------------------
    ("13", "pair_inputs"): {
        "course": "from bertlab.finetuning import encode_pairs\n\ndef pair_inputs(a, b, max_length):\n"
                  "    e = encode_pairs(tokenizer, [(a, b)], max_length)\n"
                  "    return list(e['input_ids'][0]), list(e['token_type_ids'][0])",
        "library": "def pair_inputs(a, b, max_length):\n"
                   "    e = tokenizer(text=a, text_pair=b, truncation=True, max_length=max_length)\n"
                   "    return list(e['input_ids']), list(e['token_type_ids'])",
        "library2": "def pair_inputs(a, b, max_length):\n"
                    "    e = tokenizer.backend_tokenizer\n    e.enable_truncation(max_length, strategy='longest_first')\n"
                    "    try:\n        out = e.encode(a, b)\n    finally:\n        e.no_truncation()\n"
                    "    return out.ids, out.type_ids",
    },
    ("13", "regression_loss"): {
        "course": "from bertlab.sentences import cosine_mse\nimport torch\n\ndef regression_loss(predictions, scores):\n"
                  "    p = predictions.reshape(-1)\n    ones = torch.ones(len(p), 1)\n"
                  "    # 코사인이 1이 되는 벡터 둘로 (1 - (정답 - 예측))을 맞추면 같은 값이 나옵니다\n"
                  "    return cosine_mse(ones, ones, 1 - (scores - p))",
        "library": "import torch\n\ndef regression_loss(predictions, scores):\n"
                   "    return torch.nn.MSELoss()(predictions.reshape(-1), scores)",
        "library2": "import numpy as np\nimport torch\n\ndef regression_loss(predictions, scores):\n"
                    "    return torch.tensor(np.mean((predictions.reshape(-1).numpy() - scores.numpy()) ** 2))",
    },
    ("13", "spearman_from_ranks"): {
        "course": "from bertlab.finetuning import spearman as my_spearman",
        "library": "import pandas as pd\n\ndef my_spearman(x, y):\n"
                   "    return float(pd.Series(x).corr(pd.Series(y), method='spearman'))",
        "library2": "import statistics\nfrom scipy.stats import rankdata\n\ndef my_spearman(x, y):\n"
                    "    return statistics.correlation(list(rankdata(x)), list(rankdata(y)))",
    },
    # ---- 레슨 14 ----------------------------------------------------------------------------------
    ("14", "start_end_probs"): {
        "course": "from bertlab.finetuning import start_end_probabilities\n\ndef start_end_probs(S, E, R):\n"
                  "    pairs = [start_end_probabilities(S, E, window) for window in R]\n"
                  "    return torch.stack([p for p, _ in pairs]), torch.stack([q for _, q in pairs])",
        "library": "import torch.nn.functional as F\n\ndef start_end_probs(S, E, R):\n"
                   "    return F.softmax(R @ S, dim=-1), F.softmax(R @ E, dim=-1)",
        "library2": "def start_end_probs(S, E, R):\n    return torch._softmax(R @ S, -1, False), torch._softmax(R @ E, -1, False)",
        "library3": "def start_end_probs(S, E, R):\n    return (R @ S).log_softmax(-1).exp(), (R @ E).log_softmax(-1).exp()",
    },
    ("14", "best_span"): {
        "course": "from bertlab.finetuning.spans import best_spans as spans\n\n"
                  "def best_span(start_logits, end_logits, allowed, max_length):\n"
                  "    top = spans(start_logits, end_logits, allowed, max_length, n_best=len(start_logits))[0]\n"
                  "    return (top.start, top.end)",
        "library": "import numpy as np\n\ndef best_span(start_logits, end_logits, allowed, max_length):\n"
                   "    s, e, ok = np.array(start_logits), np.array(end_logits), np.array(allowed)\n"
                   "    n = len(s)\n    i, j = np.indices((n, n))\n"
                   "    valid = (j >= i) & (j - i < max_length) & ok[:, None] & ok[None, :]\n"
                   "    score = np.where(valid, s[:, None] + e[None, :], -np.inf)\n"
                   "    start, end = np.unravel_index(np.argmax(score), score.shape)\n    return (int(start), int(end))",
        "library2": "import torch\n\ndef best_span(start_logits, end_logits, allowed, max_length):\n"
                    "    s, e = torch.tensor(start_logits, dtype=torch.float), torch.tensor(end_logits, dtype=torch.float)\n"
                    "    ok = torch.tensor(allowed)\n"
                    "    n = len(s)\n    score = s[:, None] + e[None, :]\n"
                    "    valid = torch.ones(n, n).triu().bool() & ~torch.ones(n, n).triu(max_length).bool()\n"
                    "    score = score.masked_fill(~(valid & ok[:, None] & ok[None, :]), float('-inf'))\n"
                    "    return divmod(int(score.argmax()), n)",
    },
    ("14", "char_f1"): {
        "course": "from bertlab.finetuning.spans import _char_f1 as char_f1",
        "library": "import numpy as np\n\ndef char_f1(prediction, answer):\n"
                   "    p, g = list(prediction.replace(' ', '')), list(answer.replace(' ', ''))\n"
                   "    letters = np.unique(p + g)\n"
                   "    same = int(np.minimum([p.count(c) for c in letters], [g.count(c) for c in letters]).sum())\n"
                   "    if same == 0:\n        return 0.0\n"
                   "    precision, recall = same / len(p), same / len(g)\n"
                   "    return 2 * precision * recall / (precision + recall)",
        "library2": "import pandas as pd\n\ndef char_f1(prediction, answer):\n"
                    "    p = pd.Series(list(prediction.replace(' ', ''))).value_counts()\n"
                    "    g = pd.Series(list(answer.replace(' ', ''))).value_counts()\n"
                    "    same = int(pd.concat([p, g], axis=1).fillna(0).min(axis=1).sum())\n"
                    "    if same == 0:\n        return 0.0\n"
                    "    precision, recall = same / p.sum(), same / g.sum()\n"
                    "    return float(2 * precision * recall / (precision + recall))",
    },
    ("14", "answer_text"): {
        "course": "import bertlab.finetuning.qa as qa\nanswer_text = qa.span_text",
        "library": "import numpy as np\n\ndef answer_text(passage, offsets, start, end):\n"
                   "    return ''.join(np.array(list(passage))[offsets[start][0]:offsets[end][1]])",
        "library2": "import pandas as pd\n\ndef answer_text(passage, offsets, start, end):\n"
                    "    return pd.Series([passage]).str.slice(offsets[start][0], offsets[end][1]).iloc[0]",
    },
    # ---- 레슨 15 ----------------------------------------------------------------------------------
    ("15", "sentence_vector"): {
        "course": "import bertlab.embeddings as emb\nsentence_vector = lambda h, m: emb.pool(h, m, 'mean')",
        "library": "from sentence_transformers.models import Pooling\n\ndef sentence_vector(hidden, attention_mask):\n"
                   "    pooling = Pooling(hidden.shape[-1], pooling_mode='mean')\n"
                   "    return pooling({'token_embeddings': hidden, 'attention_mask': attention_mask})"
                   "['sentence_embedding']",
        "library2": "def sentence_vector(hidden, attention_mask):\n"
                    "    return torch.nanmean(hidden.masked_fill(attention_mask.unsqueeze(-1) == 0, float('nan')), dim=1)",
    },
    ("15", "pair_features"): {
        "course": "from bertlab.sentences import softmax_features as pair_features",
        "library": "import numpy as np\n\ndef pair_features(u, v):\n"
                   "    return torch.from_numpy(np.hstack([u.numpy(), v.numpy(), np.abs(u.numpy() - v.numpy())]))",
        "library2": "import pandas as pd\n\ndef pair_features(u, v):\n"
                    "    table = pd.concat([pd.DataFrame(u.tolist()), pd.DataFrame(v.tolist()),\n"
                    "                       (pd.DataFrame(u.tolist()) - pd.DataFrame(v.tolist())).abs()], axis=1)\n"
                    "    return torch.tensor(table.to_numpy(), dtype=u.dtype)",
    },
    ("15", "cosine_mse_loss"): {
        "course": "from bertlab.sentences import cosine_mse\ncosine_mse_loss = lambda u, v, scores: cosine_mse(u, v, scores / 5)",
        "library": "def cosine_mse_loss(u, v, scores):\n"
                   "    return torch.nn.MSELoss()(torch.nn.CosineSimilarity(dim=-1)(u, v), scores / 5)",
        "library2": "import torch.nn.functional as F\n\ndef cosine_mse_loss(u, v, scores):\n"
                    "    cos = (F.normalize(u, dim=-1) * F.normalize(v, dim=-1)).sum(-1)\n"
                    "    return ((cos - scores / 5) ** 2).mean()",
    },
    # ---- 레슨 16 ----------------------------------------------------------------------------------
    ("16", "top_k"): {
        "course": "from bertlab.sentences import cosine_matrix\n\ndef top_k(query, questions, k):\n"
                  "    unit = questions / questions.norm(dim=-1, keepdim=True)\n"
                  "    best = torch.topk(cosine_matrix(unit, (query / query.norm())[None])[:, 0], k)\n"
                  "    return best.values, best.indices",
        "library": "from sentence_transformers.util import semantic_search\n\ndef top_k(query, questions, k):\n"
                   "    hits = semantic_search(query[None], questions, top_k=k)[0]\n"
                   "    return torch.tensor([h['score'] for h in hits]), torch.tensor([h['corpus_id'] for h in hits])",
        "library2": "def top_k(query, questions, k):\n"
                    "    best = torch.topk(torch.cosine_similarity(questions, query[None], dim=-1), k)\n"
                    "    return best.values, best.indices",
        "loop": "def top_k(query, questions, k):\n    q = query / query.norm()\n"
                "    scores = torch.stack([row @ q / row.norm() for row in questions])   # 행마다 한 번씩\n"
                "    best = torch.topk(scores, k)\n    return best.values, best.indices",
        "loop2": "def top_k(query, questions, k):\n    q = query / query.norm()\n    scores = []\n"
                 "    for i in range(len(questions)):\n        v = questions[i]\n        scores.append((v @ q) / v.norm())\n"
                 "    best = torch.topk(torch.stack(scores), k)\n    return best.values, best.indices",
    },
    ("16", "answer_or_dont_know"): {
        "course": "from bertlab.chatbot import reply, DONT_KNOW\nimport types\n\n"
                  "def answer_or_dont_know(scores, answers, threshold):\n"
                  "    index = types.SimpleNamespace(pairs=types.SimpleNamespace(answers=answers, questions=answers),\n"
                  "                                  scores=lambda queries: scores[None, :])\n"
                  "    found = reply(index, '질문', k=1, threshold=threshold)\n"
                  "    return found.answer if found.known else '잘 모르겠어요.'",
        "library": "import numpy as np\n\ndef answer_or_dont_know(scores, answers, threshold):\n"
                   "    best = int(np.argmax(scores.numpy()))\n"
                   "    return answers[best] if scores[best] >= threshold else '잘 모르겠어요.'",
        "library2": "import pandas as pd\n\ndef answer_or_dont_know(scores, answers, threshold):\n"
                    "    table = pd.Series(scores.tolist(), index=answers)\n"
                    "    return table.idxmax() if table.max() >= threshold else '잘 모르겠어요.'",
    },
    # ---- 레슨 17 ----------------------------------------------------------------------------------
    ("17", "count_pieces"): {
        "course": "import bertlab.tokenization.display as display\n\ndef count_pieces(text, tokenizer):\n"
                  "    found = display.compare_tokenizers(text, {'x': tokenizer}, add_special_tokens=False)[0]\n"
                  "    stats = display.piece_stats(found.result)\n    return (stats.pieces, stats.unknown)",
        "library": "def count_pieces(text, tokenizer):\n    ids = tokenizer.encode(text, add_special_tokens=False)\n"
                   "    return (len(ids), ids.count(tokenizer.unk_token_id))",
        "library2": "def count_pieces(text, tokenizer):\n"
                    "    ids = tokenizer.backend_tokenizer.encode(text, add_special_tokens=False).ids\n"
                    "    return (len(ids), ids.count(tokenizer.unk_token_id))",
    },
    ("17", "kobert_ids"): {
        "course": "from bertlab.models import load_tokenizer as load, offline_dir\n_loaded = {}\n\n"
                  "def kobert_ids(pieces, vocab):\n"
                  "    if 'kobert' not in _loaded:\n"
                  "        _loaded['kobert'] = load('kobert-tokenizer', source=str(offline_dir('kobert-files')))\n"
                  "    return _loaded['kobert'].convert_tokens_to_ids(list(pieces))",
        "library": "def kobert_ids(pieces, vocab):\n    return tokenizers['KoBERT'].convert_tokens_to_ids(list(pieces))",
        "library2": "import numpy as np\n\ndef kobert_ids(pieces, vocab):\n"
                    "    return [int(i) for i in np.vectorize(lambda p: vocab.get(p, vocab['[UNK]']), otypes=[int])"
                    "(np.array(list(pieces), dtype=object))] if pieces else []",
    },
}

NO_COURSE_HELPER = {  # (레슨, 문제) -> 강의 패키지에 그 문제를 대신 푸는 함수가 없는 이유
    ("08", "nsp_head"): "강의는 NSP 로짓을 모델 안에서만 계산합니다(받은 두 층을 잇는 함수가 없음).",
    ("11", "classify_cls"): "강의의 분류 헤드는 transformers 모델 안에 있어, 받은 가중치로 부르는 함수가 없습니다.",
}


def _code_problems():
    for lesson in [f"{n:02d}" for n in range(1, 18)]:
        for problem in load_problems(lesson):
            if problem.kind not in ("quiz", "open"):
                yield problem


CASES = [pytest.param(problem, kind, code, id=f"{problem.lesson}-{problem.name}-{kind}")
         for problem in _code_problems() for kind, code in SHORTCUTS.get((problem.lesson, problem.name), {}).items()]


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BERTLAB_DATA_DIR", str(tmp_path))


@pytest.mark.parametrize("problem", list(_code_problems()), ids=lambda p: f"{p.lesson}-{p.name}")
def test_every_problem_has_three_fresh_shortcuts_of_the_required_kinds(problem):
    shortcuts = SHORTCUTS.get((problem.lesson, problem.name), {})
    kinds = {kind.rstrip("0123456789") for kind in shortcuts}
    assert len(shortcuts) >= 3, f"지름길이 {len(shortcuts)}개뿐입니다"
    assert "library" in kinds
    assert "course" in kinds or (problem.lesson, problem.name) in NO_COURSE_HELPER
    assert "loop" in kinds or getattr(problem, "rows", None) is None, "반복 없이를 요구한 문제에는 반복문 지름길이 필요합니다"
    assert not set(shortcuts.values()) & set(problem.delegating), "은행의 delegating과 다른 지름길을 새로 쓰세요"


@pytest.mark.parametrize("problem, kind, code", CASES)
def test_shortcut_is_refused_but_would_pass_without_tracing(problem, kind, code):
    outcome = problem.evaluate(problem.run_answer(code, "지름길"))
    loop = kind.startswith("loop")
    says = "행마다 도는 반복" if loop else f"불렀습니다. 이 문제는 그것 없이 {REFUSAL}"
    assert outcome.status == "incorrect" and says in outcome.message, f"{outcome.status}: {outcome.message}"
    untraced = copy.copy(problem)
    untraced.allows, untraced._cache = None, dict(problem._cache)
    if loop:  # 반복문도 값은 맞습니다: 추적 없이는 잴 수 없는 규칙이라 결과만 확인합니다
        untraced.rows = None
    plain = untraced.evaluate(problem.run_answer(code, "지름길"))
    assert plain.status == "correct", f"추적하지 않아도 정답이 아니면 지름길이 아닙니다: {plain.message} {plain.details}"
