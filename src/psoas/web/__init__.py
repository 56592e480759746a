"""The local web app: `psoas serve`. Thin pages and a JSON API over the same parts the CLI uses."""

from psoas.web.app import WebConfig, create_app

__all__ = ["WebConfig", "create_app"]
