# mgr-goal Slack bot.
# requirements.lock is produced with `uv pip compile --generate-hashes`.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first so this layer is cached while only the code changes.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

# README.md is the package readme; LICENSE ships in the image and the package metadata.
COPY pyproject.toml README.md LICENSE alembic.ini ./
COPY bot/ ./bot/
COPY migrations/ ./migrations/
# Editable, so the package finds alembic.ini and migrations/ beside it in /app.
RUN pip install --no-deps -e .

RUN useradd --create-home --uid 10001 mgrbot \
    && mkdir -p /data \
    && chown mgrbot:mgrbot /data

ENV DATABASE_URL=sqlite:////data/mgrbot.db
VOLUME /data

USER mgrbot

EXPOSE 3000
# /healthz answers 200 while the database is reachable. The port is CMD's --port; the slim image
# has no curl, so Python asks. Socket Mode (`mgrbot run`) serves no HTTP: run it with
# `docker run --no-healthcheck`.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=4)"]
CMD ["mgrbot", "serve", "--host", "0.0.0.0", "--port", "3000"]
