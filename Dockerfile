# The HWY PT site as one image; run the same image as web, worker and cron jobs.
# Build: docker build -t hwypt .
# Web:    docker run --env-file .env -v hwypt-media:/app/var/media -p 127.0.0.1:8000:8000 hwypt
# Worker: docker run --env-file .env hwypt python manage.py db_worker --queue-name '*'
FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_MEDIA_ROOT=/app/var/media \
    DJANGO_SERVE_MEDIA=1

# Proxy trust, explicit: gunicorn binds 0.0.0.0 inside the container, so the TLS proxy
# reaches it from Docker's bridge network, never from loopback. Its X-Forwarded-For is
# believed only from these private networks (Docker's default bridge and user networks);
# with loopback here every visitor would share one rate-limit and lockout bucket.
# Publish the port on 127.0.0.1 only (below) so nothing outside reaches gunicorn directly;
# set DJANGO_TRUSTED_PROXIES to your proxy's own address where you can. See docs/deploy.md.
ENV DJANGO_TRUSTED_PROXIES=172.16.0.0/12,192.168.0.0/16

# pg_dump / pg_restore for `manage.py backup` and `restore`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 hwypt
WORKDIR /app
# Uploaded pictures: gunicorn answers /media/ itself (DJANGO_SERVE_MEDIA, image files
# only), so they show with no other web server. Keep them on a volume (above).
RUN mkdir -p /app/var/media && chown -R hwypt:hwypt /app/var

# The lock written by `make lock` from requirements.in: every package, checked by hash.
COPY requirements.txt .
RUN pip install --require-hashes -r requirements.txt

COPY --chown=hwypt:hwypt . .
# collectstatic needs settings but no secrets or database: give it throwaway values.
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=collectstatic-only DJANGO_ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput --verbosity 0

USER hwypt
EXPOSE 8000
CMD ["gunicorn", "hwypt.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--forwarded-allow-ips", "*"]
