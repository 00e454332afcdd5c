# The README's commands (`make lab`, `make test`, `make app`, `make book`) run course.py, which
# needs no make: `python course.py lab` on any OS. Everything else here is for developers.
PYTHON ?= python3
# course.py's .venv (fixed there)
VENV   := .venv
PY     := $(VENV)/bin/python
# Servers listen on 127.0.0.1 (course.py's HOST), with a token.
LAB_HOST := 127.0.0.1
PORT   ?= 8888

.PHONY: lab test test-fast bench notebooks app clean help
help:
	@echo "make lab        start JupyterLab on $(LAB_HOST) in notebooks/ (creates .venv on first use)"
	@echo "make test       install the dev requirements into .venv and run the whole test suite"
	@echo "make test-fast  the fast tier, for the edit loop: no notebooks, browsers, builds, figures (pytest -m 'not slow')"
	@echo "make bench      run the benchmarks and print their figures"
	@echo "make notebooks  re-execute every notebook top to bottom in a fresh kernel"
	@echo "make app        serve the playground as a Voila app on $(LAB_HOST) (LANG=zh: in Chinese)"
	@echo "make book       the course as a static website in build/book/ (offline; see book/conf.py)"
	@echo "make classroom-link HUB=https://...  an nbgitpuller link: the hub pulls the course, opens 00"

# course.py does the README's jobs (and keeps the stamps: what is installed, redone when a
# requirements file changes); make is a thin wrapper over it. PYTEST_ARGS go to pytest.
COURSE := $(PYTHON) course.py
$(VENV)/.run: requirements.txt pyproject.toml
	$(COURSE) install run

$(VENV)/.dev: $(VENV)/.run requirements-dev.txt
	$(COURSE) install dev

lab:
	$(COURSE) lab --port=$(PORT)

test:
	$(COURSE) test $(PYTEST_ARGS)

# The fast tier, for the edit loop: the maths, training, diagnosis, doctor, runlink and layout
# tests; tests/conftest.py marks the rest (notebooks, browsers, builds, figures) slow.
test-fast:
	$(COURSE) test -m "not slow"

bench: $(VENV)/.dev
	$(PY) benchmarks/train_speed.py
	$(PY) benchmarks/phase_diagram.py
	$(PY) benchmarks/fix_ladder.py
	$(PY) benchmarks/widget_latency.py
	$(PY) benchmarks/explorer_cap.py
	$(PY) benchmarks/class_cost.py
	$(PY) benchmarks/app_soak.py
	$(PY) benchmarks/kernel_creep.py
	$(PY) benchmarks/move_wait.py
	$(PY) benchmarks/doctor_accuracy.py
	$(PY) benchmarks/lr_truth.py

# The playground as an app: Voila runs notebook 07 and shows only its outputs (code hidden;
# the page cannot send code to the kernel). Open the URL it prints (it carries the token).
APP_PORT ?= 8866
# course.py app reads app/voila.py: the server's settings (v1 websockets only, shutdown on
# leave, idle kernels culled, no request to another host).
# LANG=zh serves it in Chinese (as far as nnlib's messages are translated). LANG is also the
# shell's locale, so only the value zh is read as the app's language.
app:
	$(COURSE) app --port=$(APP_PORT) $(if $(filter zh zh_CN zh_CN.UTF-8,$(LANG)),--lang=zh)

# NB=05 rebuilds only the notebooks whose name starts with 05 (default: all of them).
notebooks: $(VENV)/.dev
	$(PY) tools/build_notebooks.py $(NB)

# The course as a website: book/ -> build/book/index.html. Offline: the committed notebooks
# are rendered as they are (never executed), and nothing is downloaded while it builds.
.PHONY: book classroom-link
$(VENV)/.dev: requirements-book.txt  # requirements-dev.txt includes it

book:
	$(COURSE) book

# The link a teacher gives a class: a JupyterHub (HUB=https://...) pulls the repository with
# nbgitpuller and opens notebook 00. Python 3 alone; the address comes from pyproject.toml.
classroom-link:
	@$(PYTHON) tools/course_links.py classroom "$(HUB)"

clean:
	rm -rf $(VENV) .pytest_cache
