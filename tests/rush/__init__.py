"""Load tests against a real gunicorn: many students at once, crashes mid-request."""
