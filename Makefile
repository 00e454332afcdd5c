# The README's two commands: `make lab` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
# Our own name: tcsh exports HOST as the machine's name, which would open the server beyond loopback.
LAB_HOST ?= 127.0.0.1
PORT   ?= 8888

.PHONY: lab test bench notebooks app clean help
help:
	@echo "make lab        start JupyterLab on $(LAB_HOST) in notebooks/ (creates .venv on first use)"
	@echo "make test       install the dev requirements into .venv and run the whole test suite"
	@echo "make bench      run the benchmarks and print their figures"
	@echo "make notebooks  re-execute every notebook top to bottom in a fresh kernel"
	@echo "make app        serve the playground as a Voila app on $(LAB_HOST)"
	@echo "make book       the course as a static website in build/book/ (offline; see book/conf.py)"
	@echo "make classroom-link HUB=https://...  an nbgitpuller link: the hub pulls the course, opens 00"

# Stamps record what is installed; they are rebuilt when a requirements file changes.
$(VENV)/.run: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -U pip
	$(PIP) install -r requirements.txt -e .
	touch $@

$(VENV)/.dev: $(VENV)/.run requirements-dev.txt
	$(PIP) install -r requirements-dev.txt -e .
	touch $@

lab: $(VENV)/.run
	$(VENV)/bin/jupyter lab --ip=$(LAB_HOST) --port=$(PORT) --notebook-dir=notebooks \
		--ServerApp.allow_root=True --no-browser

test: $(VENV)/.dev
	$(PY) -m pytest

bench: $(VENV)/.dev
	$(PY) benchmarks/train_speed.py
	$(PY) benchmarks/phase_diagram.py
	$(PY) benchmarks/fix_ladder.py
	$(PY) benchmarks/widget_latency.py
	$(PY) benchmarks/explorer_cap.py
	$(PY) benchmarks/class_cost.py
	$(PY) benchmarks/app_soak.py
	$(PY) benchmarks/doctor_accuracy.py

# The playground as an app: Voila runs notebook 07 and shows only its outputs (code hidden;
# the page cannot send code to the kernel). Open the URL it prints (it carries the token).
APP_PORT ?= 8866
# app/voila.py: the server's settings (v1 websockets only, shutdown on leave, idle kernels culled).
VOILA_FLAGS := --Voila.config_file_paths="$(CURDIR)/app"
app: $(VENV)/.run
	$(VENV)/bin/voila notebooks/07_playground.ipynb --no-browser --Voila.ip=$(LAB_HOST) \
		--port=$(APP_PORT) --token $(VOILA_FLAGS)

# NB=05 rebuilds only the notebooks whose name starts with 05 (default: all of them).
notebooks: $(VENV)/.dev
	$(PY) tools/build_notebooks.py $(NB)

# The course as a website: book/ -> build/book/index.html. Offline: the committed notebooks
# are rendered as they are (never executed), and nothing is downloaded while it builds.
.PHONY: book classroom-link
BOOK_OUT ?= build/book
$(VENV)/.book: $(VENV)/.run requirements-book.txt
	$(PIP) install -r requirements-book.txt
	touch $@
$(VENV)/.dev: requirements-book.txt  # requirements-dev.txt includes it

book: $(VENV)/.book
	$(PY) -m sphinx -b html -q -W --keep-going -d build/.doctrees book $(BOOK_OUT)
	@echo "the book: $(BOOK_OUT)/index.html"

# The link a teacher gives a class: a JupyterHub (HUB=https://...) pulls the repository with
# nbgitpuller and opens notebook 00. Python 3 alone; the address comes from pyproject.toml.
classroom-link:
	@$(PYTHON) tools/course_links.py classroom "$(HUB)"

clean:
	rm -rf $(VENV) .pytest_cache
