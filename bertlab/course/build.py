"""레슨 빌드: ``lessons/NN_slug.md``(jupytext MyST 마크다운) -> ``notebooks/NN_slug.ipynb``.

레슨 원본은 사람이 읽고 diff하기 좋은 텍스트이고, 노트북은 여기서 만들어지는 결과물입니다(출력 없음).
``python -m bertlab build``가 모든 노트북을 만들고, ``--check``는 노트북이 없거나, 원본보다 낡았거나,
출력이 남아 있으면 0이 아닌 코드로 끝납니다(테스트가 실행합니다). 셀 ID는 순서대로 정해 재빌드해도
같은 파일이 나오게 합니다. 채점과 검사는 셀 ID에 의존하지 않습니다.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
LESSON_NAME = re.compile(r"^(\d{2})_[a-z0-9_]+\.md$")
KERNELSPEC = {"name": "bertlab", "display_name": "Python (bertlab 강의)", "language": "python"}


@dataclass(frozen=True)
class LessonPair:
    source: Path
    notebook: Path

    @property
    def lesson(self) -> str:
        return self.source.name[:2]


def lesson_pairs(root: Path = REPO_ROOT) -> list[LessonPair]:
    """레슨 원본과 만들어질 노트북 경로의 목록(번호 순)."""
    pairs = []
    for source in sorted((root / "lessons").glob("*.md")):
        if LESSON_NAME.match(source.name):
            pairs.append(LessonPair(source, root / "notebooks" / (source.stem + ".ipynb")))
    return pairs


# 강의 커널(``bertlab.course.kernel_hooks``가 파이썬 패치 버전을 뺌)이 JupyterLab에 알려 주는 language_info와 같은 값.
# 노트북에 같은 값이 있으면 JupyterLab이 커널에 연결하며 메타데이터를 고치지 않아, 노트북이 열자마자 수정됨(●)이 되지 않습니다.
LANGUAGE_INFO = {"codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
                 "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
                 "pygments_lexer": "ipython3"}


def render_notebook(source: Path) -> dict:
    """레슨 원본 하나를 노트북 JSON(dict)으로 바꿉니다. 출력 없음, 결정적인 셀 ID."""
    import jupytext

    notebook = jupytext.read(source, fmt="md:myst")
    notebook.metadata.pop("jupytext", None)
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    notebook.metadata["language_info"] = dict(LANGUAGE_INFO)   # 강의 커널이 알려 주는 것과 같게(열자마자 '수정됨' 방지)
    notebook.metadata["bertlab"] = {"lesson": source.name[:2], "source": f"lessons/{source.name}"}
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"{source.name[:2]}-{index:03d}"
        if cell.cell_type == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    return json.loads(json.dumps(notebook))


def serialize(notebook: dict) -> str:
    return json.dumps(notebook, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _has_outputs(path: Path) -> bool:
    data = json.loads(path.read_text(encoding="utf-8"))
    return any(c.get("outputs") or c.get("execution_count") for c in data.get("cells", []))


def check(root: Path = REPO_ROOT) -> list[str]:
    """문제 목록(한국어). 빈 목록이면 모든 노트북이 원본과 일치합니다."""
    problems = []
    pairs = lesson_pairs(root)
    expected = {p.notebook.name for p in pairs}
    for pair in pairs:
        if not pair.notebook.exists():
            problems.append(f"{pair.notebook.name}: 노트북이 없습니다. `python -m bertlab build`를 실행하세요.")
            continue
        try:
            stale = pair.notebook.read_text(encoding="utf-8") != serialize(render_notebook(pair.source))
            outputs = _has_outputs(pair.notebook)
        except (ValueError, OSError) as exc:
            problems.append(f"{pair.notebook.name}: 노트북을 읽을 수 없습니다({exc}).")
            continue
        if outputs:
            problems.append(f"{pair.notebook.name}: 실행 출력이 남아 있습니다. 다시 빌드하세요.")
        elif stale:
            problems.append(f"{pair.notebook.name}: {pair.source.name}보다 낡았습니다. 다시 빌드하세요.")
    for orphan in sorted((root / "notebooks").glob("*.ipynb")):
        if orphan.name not in expected:
            problems.append(f"{orphan.name}: 대응하는 레슨 원본이 없습니다.")
    return problems


def build(root: Path = REPO_ROOT) -> list[Path]:
    """모든 레슨을 노트북으로 만듭니다. 바뀐 노트북 경로를 돌려줍니다."""
    changed = []
    (root / "notebooks").mkdir(exist_ok=True)
    for pair in lesson_pairs(root):
        text = serialize(render_notebook(pair.source))
        if not pair.notebook.exists() or pair.notebook.read_text(encoding="utf-8") != text:
            pair.notebook.write_text(text, encoding="utf-8")
            changed.append(pair.notebook)
    return changed


def main(args) -> int:
    root = Path(getattr(args, "root", None) or REPO_ROOT)
    if getattr(args, "check", False):
        problems = check(root)
        for line in problems:
            print(line)
        if not problems:
            print(f"노트북 {len(lesson_pairs(root))}개가 모두 레슨 원본과 일치합니다.")
        return 1 if problems else 0
    changed = build(root)
    print(f"노트북 {len(lesson_pairs(root))}개 중 {len(changed)}개를 새로 만들었습니다.")
    for path in changed:
        print(f"  {path.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(type("Args", (), {"check": "--check" in sys.argv})()))
