FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 NEWSDESK_VAR_DIR=/app/var
WORKDIR /app
RUN useradd --create-home newsdesk

COPY pyproject.toml constraints.txt README.md ./
COPY newsdesk newsdesk
COPY articles articles
COPY entities entities
RUN pip install --no-cache-dir -c constraints.txt .
COPY . .
# collectstatic needs settings; a throwaway key and database URL are enough to import them.
RUN SECRET_KEY=build DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/var && chown -R newsdesk /app/var
USER newsdesk
EXPOSE 8000
CMD ["gunicorn", "newsdesk.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
