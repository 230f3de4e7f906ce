# bertlab 강의: `make lab`(강의 열기), `make test`(전체 테스트).
# 두 번째 실행부터는 이미 설치된 것을 건너뜁니다(pyproject.toml이 바뀌면 다시 설치).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.bertlab-installed
# 예: make lab TORCH_INDEX=https://download.pytorch.org/whl/cpu  (CUDA 없이 CPU 빌드만 받기)
TORCH_INDEX ?=
TORCH_FLAGS := $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX),)
START := notebooks/00_getting_started.ipynb
# 교실 서버·컨테이너처럼 root로 실행할 때 JupyterLab이 거부하지 않도록
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: setup lab test notebooks bench clean-venv classroom-setup test-hub

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install $(TORCH_FLAGS) torch==2.13.0
	$(PY) -m pip install -e ".[test]"
	$(PY) -m bertlab setup
	touch $(STAMP)

setup: $(STAMP)

lab: setup
	$(VENV)/bin/jupyter lab $(START) $(ROOT_FLAG)

test: setup
	$(PY) -m pytest

# 교실 서버(JupyterHub): 허브와 configurable-http-proxy(npm, 저장소의 .classroom/에) 설치
CHP_VERSION := 5.3.0
classroom-setup: setup
	$(PY) -m pip install -e ".[test,classroom]"
	npm install --prefix .classroom --no-audit --no-fund configurable-http-proxy@$(CHP_VERSION)

# 진짜 허브로 학생 셋의 수업을 돌려 보는 통합 테스트(root에서 몇 분, make test에는 들어 있지 않음)
test-hub: classroom-setup
	$(PY) -m pytest -m hub -s tests/test_classroom_hub.py tests/test_class_page_hub.py

notebooks: setup
	$(PY) -m bertlab build

bench: setup
	$(PY) -m bertlab bench

clean-venv:
	rm -rf $(VENV)
