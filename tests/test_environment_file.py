"""conda의 environment.yml이 pyproject.toml과 같은 패키지·버전을 고정하는지 확인합니다."""

import re
import tomllib

import yaml

from conftest import REPO_ROOT


def _pyproject_pins() -> dict[str, str]:
    data = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    reqs = list(project["dependencies"]) + [r for extra in project["optional-dependencies"].values() for r in extra]
    return dict(_split(r) for r in reqs)


def _split(requirement: str) -> tuple[str, str]:
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s;]+)\s*", requirement)
    assert match, f"버전이 정확히 고정되지 않았습니다: {requirement!r}"
    return match.group(1).lower(), match.group(2)


def test_environment_yml_pins_the_same_packages_as_pyproject():
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    conda_pins = dict(_split(r) for r in pip_section)
    assert conda_pins == _pyproject_pins()


def test_torch_is_pinned_to_the_course_version():
    assert _pyproject_pins()["torch"] == "2.13.0"


def test_distribution_name_is_not_the_unrelated_pypi_bertlab():
    data = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["project"]["name"] != "bertlab"
    assert (REPO_ROOT / "bertlab" / "__init__.py").exists()  # import 이름은 그대로 bertlab
