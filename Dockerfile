# Production image: gunicorn serves the app, the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBUG=0
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libffi8 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# collectstatic needs settings that are complete; these placeholders are build-time only.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput

RUN useradd --create-home --uid 1000 karsplan && mkdir -p /data/media && chown karsplan /data/media
USER karsplan
EXPOSE 8000
CMD ["gunicorn", "karsplan.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
