# syntax=docker/dockerfile:1
# faircase in production (ADR 27): `docker compose up` runs it with PostgreSQL and a task worker (compose.yaml).

# ---- 1. The NHS.UK frontend's compiled CSS, JavaScript and images, as `make assets` copies them ----
FROM node:20-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
RUN set -eu; dist=node_modules/nhsuk-frontend/dist/nhsuk; mkdir -p out/nhsuk out/assets-root; \
    for f in nhsuk-frontend.min.css nhsuk-frontend.min.css.map nhsuk-frontend.min.js nhsuk-frontend.min.js.map; do \
        cp "$dist/$f" out/nhsuk/; \
    done; \
    cp -r "$dist/assets" out/assets-root/assets

# ---- 2. faircase on Python 3.12, its locked dependencies, and its static files collected once ----
FROM python:3.12-slim AS app
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=faircase.config.settings.production \
    FAIRCASE_DOCUMENTS_DIR=/data/documents
# WeasyPrint's libraries (Pango) and Arial-metric fonts for the PDF records; uv at the version that wrote uv.lock.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir "uv==0.13.9"
WORKDIR /app
# Dependencies first, so a change to faircase's code does not reinstall them.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --extra s3 --no-install-project
COPY faircase ./faircase
COPY --from=assets /build/out/nhsuk ./faircase/core/static/nhsuk
COPY --from=assets /build/out/assets-root ./var/assets-root
RUN uv sync --frozen --no-dev --extra s3
# Static files are hashed and compressed here, once, with the settings that serve them. The values below exist
# only for this step (production refuses to start without them); the running container gets its own from .env.
RUN FAIRCASE_SECRET_KEY=build-only-not-a-secret-0123456789-0123456789-0123456789 \
    FAIRCASE_ALLOWED_HOSTS=build.invalid FAIRCASE_SITE_URL=https://build.invalid \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 FAIRCASE_EMAIL_HOST=build.invalid \
    FAIRCASE_EMAIL_FROM=build@build.invalid \
    FAIRCASE_AUDIT_SIGNING_KEY=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= \
    faircase collectstatic --noinput -v0 \
    && rm -f /tmp/build.sqlite3*

# Never root: the process can write only its documents folder.
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin faircase \
    && mkdir -p /data/documents \
    && chown faircase /data/documents \
    && chmod 700 /data/documents
USER faircase
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=6s --start-period=60s --retries=3 CMD ["python", "-m", "faircase.ops.probe"]
CMD ["faircase", "serve", "--bind", "0.0.0.0", "--port", "8000"]
