# Maturity Bot: one image for Socket Mode (default) and HTTP mode (`--http --port 3000`).
#
#   docker build -t maturity-bot .
#   docker run --env-file .env -v maturity-data:/data maturity-bot                 # Socket Mode
#   docker run --env-file .env -p 3000:3000 maturity-bot --http --port 3000       # HTTP mode
#   docker run --rm --env-file .env --entrypoint maturity-bot maturity-bot framework list
#
# Arguments after the image name go to `maturity-bot serve`; the entrypoint first runs
# `maturity-bot db upgrade` so a new release migrates the database before it serves.
# docker-compose.yml shows the production shape (PostgreSQL, HTTP mode).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# A CJK font, so charts can show Chinese item names (DEFAULT_LOCALE=zh) instead of boxes; without
# one they fall back to English names. WenQuanYi Micro Hei is ~5 MB; fonts-noto-cjk (~90 MB) is
# nicer and is preferred when installed.
# Pango (with HarfBuzz's font subsetter) and DejaVu fonts for WeasyPrint's PDF reports; without
# them the bot sends the HTML report alone. No browser.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-wqy-microhei \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

# A fixed, unprivileged user; /data holds the SQLite database when no DATABASE_URL is given.
RUN groupadd --system --gid 10001 maturity \
 && useradd --system --uid 10001 --gid maturity --home-dir /app --shell /usr/sbin/nologin maturity \
 && mkdir -p /app /data \
 && chown maturity:maturity /app /data

WORKDIR /src
# Only what the package needs (README.md is the package's readme in pyproject.toml).
COPY pyproject.toml README.md requirements.lock ./
COPY bot ./bot
COPY questionnaire ./questionnaire
COPY scoring ./scoring
COPY storage ./storage
# The tested versions (requirements.lock), not whatever is newest on the day of the build.
RUN pip install --no-cache-dir -c requirements.lock . \
 && rm -rf /src

WORKDIR /app
ENV DATABASE_URL=sqlite:////data/maturity-bot.sqlite3 \
    MPLCONFIGDIR=/tmp/matplotlib
VOLUME ["/data"]
USER maturity:maturity
EXPOSE 3000

# `serve` handles SIGTERM (what `docker stop` sends) and SIGINT: it stops taking requests, lets
# those in flight finish, shuts the scheduler down and exits 0.
# `exec` makes `serve` PID 1 so it receives the stop signal. No HEALTHCHECK here: Socket Mode
# has no port to probe; docker-compose.yml checks GET /healthz for HTTP mode.
ENTRYPOINT ["/bin/sh", "-c", "maturity-bot db upgrade && exec maturity-bot serve \"$@\"", "maturity-bot"]
CMD []
